"""The global controls: universe, horizon and evidence in the sidebar and the URL; bad links and
bad universe folders give messages, never a traceback."""

import re

import pytest
from apptest import BUNDLED, plain
from universes import HOSTILE


def sidebar(at) -> dict:
    return {box.label: box.value for box in at.sidebar.selectbox}


def test_defaults_are_the_bundled_universe_the_first_episode_and_every_evidence_level(explorer, data_root):
    data_root(BUNDLED)
    at = explorer.open()
    assert sidebar(at)["Universe"] == "all-of-us-are-dead"
    assert sidebar(at)["I have watched up to..."] == "S1E1"
    assert sidebar(at)["Evidence"] == "fan-theory"
    assert dict(at.query_params) == {"as_of": "S1E1"}  # in the link from the start


def test_a_first_visit_to_the_landing_page_spoils_nothing_and_asks_how_far(explorer, data_root):
    data_root(BUNDLED)
    at = explorer.open()
    assert not at.exception
    shown = plain("\n".join(e.value for e in explorer.elements(at, sidebar=False)
                              if type(e).__name__ in {"Markdown", "Caption", "Metric", "Info"}))
    assert "no spoiler limit" not in shown and "after **Season 1 · Episode 1**" in "\n".join(c.value for c in at.caption)
    badges = re.findall(r"-badge\[([^\]]*)\]", shown)
    assert "Alive" in badges
    for later in ("Dead", "Presumed dead", "Hybrid (halfbie)"):  # the main characters' cards at the end of the story
        assert later not in badges, later
    assert any("How far have you watched?" in m.value for m in at.markdown)
    assert at.selectbox(key="state.welcome").value == "S1E1"


def test_answering_the_first_visit_question_sets_the_horizon_and_stops_asking(explorer, data_root):
    data_root(BUNDLED)
    at = explorer.open()
    at.selectbox(key="state.welcome").set_value("S1E6")
    at.button(key="state.welcome.go").click().run()
    assert sidebar(at)["I have watched up to..."] == "S1E6"
    assert at.query_params["as_of"] == "S1E6"
    assert not any("How far have you watched?" in m.value for m in at.markdown)
    at.query_params.clear()  # a page link without parameters keeps the session's choice
    at.switch_page("app_pages/survivors.py").run()
    assert sidebar(at)["I have watched up to..."] == "S1E6"
    assert at.query_params["as_of"] == "S1E6"


def test_the_question_stays_until_it_is_answered(explorer, data_root):
    data_root(BUNDLED)
    at = explorer.open()
    at.sidebar.selectbox(key="state.evidence").set_value("canon").run()  # the URL now carries as_of=S1E1
    at.switch_page("app_pages/survivors.py").run()
    assert any("How far have you watched?" in m.value for m in at.markdown)
    assert sidebar(at)["I have watched up to..."] == "S1E1"
    at.sidebar.selectbox(key="state.as_of").set_value("S1E2").run()  # answered in the sidebar
    assert not any("How far have you watched?" in m.value for m in at.markdown)


def test_a_link_with_a_horizon_is_not_asked_again(explorer, data_root):
    data_root(BUNDLED)
    at = explorer.open(as_of="S1E3")
    assert not any("How far have you watched?" in m.value for m in at.markdown)


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"as_of": "S1E3"}, ("S1E3", "fan-theory")),
        ({"as_of": "s01e03"}, ("S1E3", "fan-theory")),  # any spelling of a point
        ({"as_of": "Season 1 Episode 3"}, ("S1E3", "fan-theory")),
        ({"as_of": "S1", "evidence": "canon"}, ("S1", "canon")),
        ({"as_of": "everything"}, ("everything", "fan-theory")),
        ({"evidence": "Fan theory"}, ("S1E1", "fan-theory")),
    ],
)
def test_the_url_sets_the_horizon_and_the_evidence(explorer, data_root, params, expected):
    data_root(BUNDLED)
    at = explorer.open(**params)
    assert not at.warning
    values = sidebar(at)
    assert (values["I have watched up to..."], values["Evidence"]) == expected
    assert at.query_params["as_of"] == expected[0]


@pytest.mark.parametrize(
    "params, message",
    [
        ({"universe": "../../etc"}, "Refused the universe '../../etc'"),
        ({"universe": "/etc/passwd"}, "Refused the universe"),
        ({"universe": "no-such-universe"}, "There is no universe 'no-such-universe'"),
        ({"as_of": "S9E99"}, "Unknown story point 'S9E99'"),
        ({"as_of": "../../etc"}, "Unknown story point"),
        ({"evidence": "gossip"}, "Unknown evidence level 'gossip'"),
    ],
)
def test_a_bad_link_warns_and_falls_back_to_the_defaults(explorer, data_root, params, message):
    data_root(BUNDLED)
    at = explorer.open(**params)
    assert not at.exception
    assert any(message in plain(w.value) for w in at.warning), [w.value for w in at.warning]
    assert sidebar(at)["Universe"] == "all-of-us-are-dead"
    assert at.title[0].value == "All of Us Are Dead"


@pytest.mark.parametrize("as_of", ["S9E9", "../../etc", "S1E99", "Season 3"])
def test_an_unreadable_horizon_falls_back_to_the_earliest_point_never_to_everything(explorer, data_root, as_of):
    data_root(BUNDLED)
    at = explorer.open(as_of=as_of)
    assert not at.exception
    assert any("showing Season 1 · Episode 1 instead" in plain(w.value) for w in at.warning), [w.value for w in at.warning]
    assert sidebar(at)["I have watched up to..."] == "S1E1"
    assert at.query_params["as_of"] == "S1E1"


def test_changing_the_horizon_updates_the_url(explorer, data_root):
    data_root(BUNDLED)
    at = explorer.open()
    at.sidebar.selectbox(key="state.as_of").set_value("S1E4").run()
    assert at.query_params["as_of"] == "S1E4"
    at.sidebar.selectbox(key="state.evidence").set_value("canon").run()
    assert at.query_params["evidence"] == "canon"
    at.sidebar.selectbox(key="state.as_of").set_value("everything").run()
    assert at.query_params["as_of"] == "everything"  # every horizon is in the link, the widest too


def test_the_horizon_survives_a_page_change_that_drops_the_url(explorer, data_root):
    data_root(BUNDLED)
    at = explorer.open(as_of="S1E3")
    at.query_params.clear()  # the sidebar's page links do not carry query parameters
    at.switch_page("app_pages/survivors.py").run()
    assert sidebar(at)["I have watched up to..."] == "S1E3"
    assert at.query_params["as_of"] == "S1E3"


def test_the_choices_survive_a_visit_to_the_import_page(explorer, data_root):
    """The Import page draws no sidebar controls, and Streamlit drops a widget's state on a page
    that does not draw it: the horizon came back as the default."""
    data_root(BUNDLED)
    at = explorer.open(as_of="S1E6", evidence="canon")
    at.query_params.clear()
    at.switch_page("app_pages/import.py").run()
    at.query_params.clear()  # the sidebar's page links carry no parameters
    at.switch_page("app_pages/survivors.py").run()
    assert (sidebar(at)["I have watched up to..."], sidebar(at)["Evidence"]) == ("S1E6", "canon")
    assert at.query_params["as_of"] == "S1E6"


def test_an_invalid_universe_lists_its_errors_with_file_and_line(explorer, data_root, invalid_root):
    data_root(invalid_root)
    at = explorer.open()
    assert not at.exception
    assert "cannot be shown" in at.error[0].value
    listing = at.code[0].value
    assert "facts.yaml:" in listing and "nobody-at-all" in listing
    assert any(line.split(":")[1].isdigit() for line in listing.splitlines())
    assert sidebar(at)["Universe"] == "broken"  # the control stays, to switch to another


def test_an_empty_data_folder_says_so(explorer, data_root, tmp_path):
    data_root(tmp_path)
    at = explorer.open()
    assert not at.exception
    assert "No universe found" in at.error[0].value


def test_switching_universe_resets_the_horizon(explorer, data_root, hostile_root):
    data_root(hostile_root)
    at = explorer.open(as_of="S1E2")  # the first universe by name, hostile, is the default here
    assert sidebar(at)["I have watched up to..."] == "S1E2"
    at.sidebar.selectbox(key="state.universe").set_value("tiny").run()
    assert not at.exception
    assert sidebar(at)["Universe"] == "tiny"
    assert sidebar(at)["I have watched up to..."] == "S1E1"  # the new universe's first point
    assert dict(at.query_params) == {"universe": "tiny", "as_of": "S1E1"}


def test_page_links_keep_the_global_parameters(explorer, data_root):
    data_root(BUNDLED)
    at = explorer.open("wiki", as_of="S1E3", evidence="canon", entity="lee-cheong-san")
    links = [e.proto for e in explorer.elements(at) if type(e).__name__ == "PageLink"]
    targets = [link.query_string for link in links if "entity=" in link.query_string]
    assert targets and all("as_of=S1E3" in q and "evidence=canon" in q for q in targets)


def test_hostile_link_values_are_shown_as_text(explorer, data_root):
    data_root(BUNDLED)
    at = explorer.open(universe=HOSTILE["link"], as_of=HOSTILE["img"], evidence=HOSTILE["script"])
    assert len(at.warning) == 3
    for warning in at.warning:
        assert not re.search(r"(?<!\\)(\]\(javascript|<img|<script|</script)", warning.value), warning.value
    assert HOSTILE["img"] in plain(at.warning[1].value)
