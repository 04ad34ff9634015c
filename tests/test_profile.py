"""Entity pages as data: infobox, relations by type, backlinks, status tracks."""

import pytest

from universe.errors import EntityNotFound
from universe.exchange.generate import tiny_universe
from universe.queries.profile import links_of, profile, span_text, status_track


@pytest.fixture(scope="module")
def tiny():
    return tiny_universe()


def test_a_role_shows_who_plays_it_and_the_performer_their_roles(tiny):
    snapshot = tiny.as_of("S1E1")
    assert [(l.label, l.other.id) for l in profile(snapshot, "alice").played_by] == [("played by", "dan")]
    assert [(l.label, l.other.id) for l in profile(snapshot, "dan").roles] == [("plays", "alice")]


def test_relations_read_from_each_side(tiny):
    snapshot = tiny.as_of()
    assert ("child of", "carol") in [(l.label, l.other.id) for l in links_of(snapshot, "bob")]
    assert ("parent of", "bob") in [(l.label, l.other.id) for l in links_of(snapshot, "carol")]
    assert ("friend of", "bob") in [(l.label, l.other.id) for l in links_of(snapshot, "alice")]


def test_the_infobox_groups_outgoing_links_by_the_other_kind(tiny):
    page = profile(tiny.as_of(), "alice")
    assert [(label, [l.other.id for l in links]) for label, links in page.infobox] == [("Locations", ["school"])]


def test_backlinks_are_the_entities_pointing_here(tiny):
    assert [e.id for e in profile(tiny.as_of(), "bob").backlinks] == ["alice", "carol"]


def test_an_end_after_the_horizon_is_not_shown(tiny):
    statement = next(s for s in tiny.statements if s.relation == "located-at")
    assert span_text(statement.span, tiny.timeline.parse("S1E1")) == "from S1E1"
    assert span_text(statement.span, tiny.timeline.parse("S1E2")) == "S1E1–S1E2"


@pytest.mark.parametrize("horizon, entity", [("S1E1", "ghost"), ("S1E3", "nobody")])
def test_a_hidden_or_unknown_entity_has_no_profile(tiny, horizon, entity):
    with pytest.raises(EntityNotFound):
        profile(tiny.as_of(horizon), entity)


def test_the_status_track_stops_at_the_horizon(tiny):
    assert [(p.id, s) for p, s in status_track(tiny.as_of("S1E2"), "carol")] == [("S1E1", "alive"), ("S1E2", "alive")]
    assert [s for _, s in status_track(tiny.as_of(), "carol")] == ["alive", "alive", "infected", "infected"]


def test_spoiler_aliases_appear_only_after_their_reveal(tiny):
    assert "The Ghost" not in profile(tiny.as_of("S1E2"), "alice").entity.names
    assert "The Ghost" in profile(tiny.as_of("S1E3"), "alice").entity.names
