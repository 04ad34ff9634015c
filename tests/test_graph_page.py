"""The Graph page under AppTest: what its URL asks for is what the network component receives.
(Drawing, clicking and script safety in a real browser: tests/e2e.)"""

import json

import pytest
from apptest import BUNDLED, Explorer

from universe.drawing.render import COLOUR_BY
from universe.queries.metrics import CENTRALITY_MEASURES


@pytest.fixture(autouse=True)
def tiny(data_root, tiny_root):
    data_root(tiny_root)


def network(at) -> dict:
    """The data the page sends to its network component."""
    for element in Explorer.elements(at, sidebar=False):
        proto = getattr(element, "proto", None)
        if type(element).__name__ == "UnknownElement" and getattr(proto, "component_name", "") == "universe_network":
            return json.loads(proto.json)
    raise AssertionError("the page drew no network")


def shown(at) -> set[str]:
    return {node["id"] for node in network(at)["nodes"]}


def clean(at):
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


def test_the_whole_graph_leaves_out_unrelated_entities(explorer):
    at = clean(explorer.open("graph", as_of="S1E3", kinds="all"))
    assert shown(at) == {"alice", "bob", "carol", "ghost", "dan", "school", "town"}  # not the source "notes"
    assert network(at)["options"]["physics"] == {"enabled": False}


def test_the_graph_opens_on_the_cast(explorer):
    """Without a kinds parameter: the kinds whose entities have a status (and groups), not the
    people, places and sources around them; the filter shows that choice."""
    at = clean(explorer.open("graph", as_of="S1E3"))
    assert shown(at) == {"alice", "bob", "carol", "ghost"}
    assert at.multiselect(key="graph.kinds").value == ["character"]
    assert "kinds" not in at.query_params


@pytest.mark.parametrize(
    "params, nodes",
    [
        ({"focus": "ghost"}, {"ghost", "carol"}),
        ({"focus": "ghost", "depth": "2"}, {"ghost", "carol", "bob"}),
        ({"kinds": "location"}, {"school", "town"}),
        ({"relations": "friend,killed"}, {"alice", "bob"}),
        ({"statuses": "infected,unknown"}, {"carol", "ghost"}),
        ({"isolated": "1", "kinds": "all"}, {"alice", "bob", "carol", "ghost", "dan", "school", "town", "notes"}),
        ({"holding": "1", "kinds": "character,location"}, {"alice", "bob", "carol", "ghost", "school", "town"}),
    ],
)
def test_the_url_chooses_what_is_drawn(explorer, params, nodes):
    at = clean(explorer.open("graph", as_of="S1E3", **params))
    assert shown(at) == nodes


def test_the_horizon_hides_later_entities(explorer):
    assert "ghost" not in shown(clean(explorer.open("graph", as_of="S1E2")))


def test_the_focus_is_marked_and_named(explorer):
    at = clean(explorer.open("graph", as_of="S1E3", focus="carol"))
    focus = next(node for node in network(at)["nodes"] if node["id"] == "carol")
    assert focus["borderWidth"] == 5 and focus["shadow"]["enabled"]
    assert any("within 1 relation of **Carol**" in caption.value for caption in at.caption)


@pytest.mark.parametrize("colour", list(COLOUR_BY))
@pytest.mark.parametrize("size", list(CENTRALITY_MEASURES))
def test_every_colouring_and_size_runs(explorer, colour, size):
    at = clean(explorer.open("graph", as_of="everything", colour=colour, size=size))
    assert at.selectbox(key="graph.colour").value == colour and at.selectbox(key="graph.size").value == size
    assert network(at)["nodes"]


def test_an_unknown_focus_warns_and_offers_names(explorer):
    at = clean(explorer.open("graph", as_of="S1E3", focus="alicia"))
    assert any("No entity" in warning.value and "alicia" in warning.value for warning in at.warning)
    assert any("Alice" in link.proto.label for link in Explorer.elements(at) if type(link).__name__ == "PageLink")
    assert "focus" not in at.query_params
    assert len(shown(at)) > 2


def test_a_focus_beyond_the_horizon_reads_as_unknown(explorer):
    at = clean(explorer.open("graph", as_of="S1E2", focus="ghost"))
    assert any("No entity" in warning.value for warning in at.warning)


@pytest.mark.parametrize("param, value", [("colour", "shoe-size"), ("size", "weight"), ("depth", "9"), ("kinds", "dragon")])
def test_bad_values_in_the_url_warn_and_fall_back(explorer, param, value):
    at = clean(explorer.open("graph", as_of="S1E3", **{param: value}))
    assert at.warning
    assert network(at)["nodes"]


def test_choices_go_into_the_url(explorer):
    at = clean(explorer.open("graph", as_of="S1E3"))
    at.selectbox(key="graph.focus").set_value("bob").run()
    at.selectbox(key="graph.colour").set_value("community").run()
    at.multiselect(key="graph.kinds").set_value(["character", "location"]).run()
    clean(at)
    assert at.query_params["focus"] == "bob" and at.query_params["colour"] == "community"
    assert at.query_params["kinds"] == "character,location"
    assert shown(at) == {"bob", "alice", "carol"}
    at.multiselect(key="graph.kinds").set_value([]).run()
    assert clean(at).query_params["kinds"] == "all"  # an empty filter is every kind, and says so


def test_the_bundled_universe_draws_at_several_horizons(explorer, data_root):
    data_root(BUNDLED)
    for horizon in ("S1E1", "S1E6", "everything"):
        at = clean(explorer.open("graph", as_of=horizon))
        assert len(shown(at)) > 5


def test_focus_depth_and_colour_survive_another_page(explorer):
    """Streamlit forgets a page's widgets once another page runs: the page keeps its choices."""
    at = clean(explorer.open("graph", as_of="S1E3", focus="carol", depth="2", colour="community", kinds="all", holding="1"))
    at.switch_page("app_pages/wiki.py").run()
    at.query_params.clear()
    at.switch_page("app_pages/graph.py").run()
    clean(at)
    assert at.selectbox(key="graph.focus").value == "carol" and at.select_slider(key="graph.depth").value == "2"
    assert at.selectbox(key="graph.colour").value == "community" and at.multiselect(key="graph.kinds").value == []
    assert at.query_params["focus"] == "carol" and at.query_params["colour"] == "community" and at.query_params["kinds"] == "all"
    assert at.checkbox(key="graph.holding").value is True and at.query_params["holding"] == "1"
    assert shown(at) == shown(explorer.open("graph", as_of="S1E3", focus="carol", depth="2", colour="community", kinds="all", holding="1"))


def test_a_link_wins_over_the_kept_choices(explorer):
    at = clean(explorer.open("graph", as_of="S1E3", focus="carol", colour="community"))
    at.switch_page("app_pages/wiki.py").run()
    at.query_params.clear()
    at.query_params["colour"] = "kind"
    at.switch_page("app_pages/graph.py").run()
    assert clean(at).selectbox(key="graph.colour").value == "kind" and at.selectbox(key="graph.focus").value == "carol"


def test_playback_sends_frames_up_to_the_horizon(explorer):
    at = clean(explorer.open("graph", as_of="S1E3", play="S1E2"))
    playback = network(at)["playback"]
    assert [frame["point"] for frame in playback["frames"]] == ["S1E1", "S1E2", "S1E3"] and playback["start"] == 1
    assert at.toggle(key="graph.play").value is True
    beyond = clean(explorer.open("graph", as_of="S1E2", play="S1E3"))
    assert any("up to your horizon" in warning.value for warning in beyond.warning)
    assert [frame["point"] for frame in network(beyond)["playback"]["frames"]] == ["S1E1", "S1E2"]
