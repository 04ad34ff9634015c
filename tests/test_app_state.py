"""The global controls: universe, horizon and evidence in the sidebar and the URL; bad links and
bad universe folders give messages, never a traceback."""

import re

import pytest
from apptest import BUNDLED, plain
from universes import HOSTILE


def sidebar(at) -> dict:
    return {box.label: box.value for box in at.sidebar.selectbox}


def test_defaults_are_the_bundled_universe_everything_and_every_evidence_level(explorer, data_root):
    data_root(BUNDLED)
    at = explorer.open()
    assert sidebar(at) == {"Universe": "all-of-us-are-dead", "I have watched up to...": "everything", "Evidence": "fan-theory", "Arc": ""}
    assert dict(at.query_params) == {}


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"as_of": "S1E3"}, ("S1E3", "fan-theory")),
        ({"as_of": "s01e03"}, ("S1E3", "fan-theory")),  # any spelling of a point
        ({"as_of": "Season 1 Episode 3"}, ("S1E3", "fan-theory")),
        ({"as_of": "S1", "evidence": "canon"}, ("S1", "canon")),
        ({"evidence": "Fan theory"}, ("everything", "fan-theory")),
    ],
)
def test_the_url_sets_the_horizon_and_the_evidence(explorer, data_root, params, expected):
    data_root(BUNDLED)
    at = explorer.open(**params)
    assert not at.warning
    values = sidebar(at)
    assert (values["I have watched up to..."], values["Evidence"]) == expected
    assert at.query_params.get("as_of", "everything") == expected[0]


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


def test_changing_the_horizon_updates_the_url(explorer, data_root):
    data_root(BUNDLED)
    at = explorer.open()
    at.sidebar.selectbox(key="state.as_of").set_value("S1E4").run()
    assert at.query_params["as_of"] == "S1E4"
    at.sidebar.selectbox(key="state.evidence").set_value("canon").run()
    assert at.query_params["evidence"] == "canon"
    at.sidebar.selectbox(key="state.as_of").set_value("everything").run()
    assert "as_of" not in at.query_params  # the default keeps the link clean


def test_the_horizon_survives_a_page_change_that_drops_the_url(explorer, data_root):
    data_root(BUNDLED)
    at = explorer.open(as_of="S1E3")
    at.query_params.clear()  # the sidebar's page links do not carry query parameters
    at.switch_page("app_pages/survivors.py").run()
    assert sidebar(at)["I have watched up to..."] == "S1E3"
    assert at.query_params["as_of"] == "S1E3"


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
    assert sidebar(at)["I have watched up to..."] == "everything"
    assert dict(at.query_params) == {"universe": "tiny"}


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
