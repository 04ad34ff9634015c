import pytest

from universe.errors import StoryPointNotFound
from universe.story.timeline import Span, Timeline, normalise_point_label


@pytest.fixture
def timeline():
    return Timeline.build(
        ["season", "episode"],
        [
            {"id": "S1", "title": "Season 1", "points": [{"id": f"S1E{n}", "title": f"Episode {n}"} for n in range(1, 13)]},
            {"id": "S2", "title": "Season 2", "aliases": ["the sequel"]},
        ],
    )


@pytest.mark.parametrize(
    "text, expected",
    [
        ("S1E6", "S1E6"),
        ("s1e6", "S1E6"),
        ("S01E06", "S1E6"),
        ("S1", "S1"),
        ("S2", "S2"),
        ("Season 2", "S2"),
        ("season 1 episode 6", "S1E6"),
        ("Season 1, Episode 12", "S1E12"),
        ("the sequel", "S2"),
    ],
)
def test_parse_reads_ids_titles_paths_and_aliases(timeline, text, expected):
    assert timeline.parse(text).id == expected


@pytest.mark.parametrize("text", ["S1E13", "S3", ""])
def test_parse_refuses_unknown_or_ambiguous_labels(timeline, text):
    with pytest.raises(StoryPointNotFound, match="unknown story point"):
        timeline.parse(text)


def test_a_title_shared_by_two_points_is_not_a_label():
    timeline = Timeline.build(["season", "episode"], [
        {"id": f"S{s}", "title": f"Season {s}", "points": [{"id": f"S{s}E1", "title": "Episode 1"}]} for s in (1, 2)
    ])
    assert timeline.find("Episode 1") is None
    assert timeline.parse("Season 2 Episode 1").id == "S2E1"


@pytest.mark.parametrize("text", [None, "", "everything", "ALL", "end"])
def test_parse_horizon_reads_no_horizon(timeline, text):
    assert timeline.parse_horizon(text) is None


def test_a_season_spans_its_episodes(timeline):
    s1, e1, e12, s2 = (timeline.parse(x) for x in ("S1", "S1E1", "S1E12", "S2"))
    assert (s1.start, s1.end) == (e1.start, e12.end)
    assert e1.is_within(s1) and not s2.is_within(s1)
    assert s2.start == s2.end == e12.end + 1
    assert [p.id for p in timeline.leaves][-2:] == ["S1E12", "S2"]
    assert timeline.opening(s1) == e1


def test_a_season_is_seen_only_once_all_of_it_is_seen(timeline):
    s1 = timeline.parse("S1")
    assert not s1.is_seen_by(timeline.parse("S1E11"))
    assert s1.is_seen_by(timeline.parse("S1E12"))
    assert s1.is_seen_by(None)


def test_story_order_puts_a_season_before_its_episodes(timeline):
    points = timeline.sorted([timeline.parse("S1E2"), timeline.parse("S2"), timeline.parse("S1"), timeline.parse("S1E1")])
    assert [p.id for p in points] == ["S1", "S1E1", "S1E2", "S2"]


@pytest.mark.parametrize(
    "start, until, point, holds",
    [
        ("S1E5", "S1E11", "S1E4", False),
        ("S1E5", "S1E11", "S1E5", True),
        ("S1E5", "S1E11", "S1E11", True),
        ("S1E5", "S1E11", "S1E12", False),
        ("S1E5", None, "S2", True),
        (None, "S1E3", "S1E2", True),
        (None, None, "S1E1", True),
        ("S2", None, "S1E12", False),
    ],
)
def test_span_holds_at(timeline, start, until, point, holds):
    span = Span(timeline.find(start) if start else None, timeline.find(until) if until else None)
    assert span.holds_at(timeline.parse(point)) is holds


def test_span_overlaps_a_season_it_only_touches(timeline):
    span = Span(timeline.parse("S1E5"), timeline.parse("S1E6"))
    assert span.overlaps(timeline.parse("S1"))
    assert not span.holds_at(timeline.parse("S1"))  # it no longer holds at the season's end
    assert str(span) == "S1E5–S1E6"


def test_label_names_the_path(timeline):
    assert timeline.label(timeline.parse("S1E6")) == "Season 1 · Episode 6"
    assert timeline.label(None) == "everything"


def test_normalise_point_label_folds_case_space_and_padding():
    assert normalise_point_label(" S01 E06 ") == normalise_point_label("s1e6")
    assert normalise_point_label("1.01.1") == "1.1.1"
