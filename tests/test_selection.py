import networkx as nx
import pytest

from universe.errors import EntityNotFound, UniverseError
from universe.exchange.generate import tiny_universe
from universe.queries.graph import build_graph
from universe.queries.selection import default_kinds, select


@pytest.fixture(scope="module")
def G():
    return build_graph(tiny_universe().as_of())


def test_select_without_filters_keeps_everything(G):
    selection = select(G)
    assert set(selection.G) == set(G)
    assert selection.G.number_of_edges() == G.number_of_edges()
    assert selection.matched == len(G) and selection.dropped == 0


@pytest.mark.parametrize(
    "filters, nodes",
    [
        ({"kinds": {"location"}}, {"school", "town"}),
        ({"kinds": {"character", "person"}}, {"alice", "bob", "carol", "ghost", "dan"}),
        ({"statuses": {"infected", "unknown"}}, {"carol", "ghost"}),
        ({"statuses": {""}}, {"notes", "dan", "school", "town"}),
    ],
)
def test_node_filters(G, filters, nodes):
    assert set(select(G, **filters).G) == nodes


@pytest.mark.parametrize(
    "filters, edges",
    [
        ({"relations": {"friend"}}, {"alice/friend/bob", "carol/friend/alice/S2"}),
        ({"relations": {"part-of", "rival"}}, {"school/part-of/town", "ghost/rival/carol/S1E3"}),
        ({"evidence": {"teased"}}, set()),  # the teased friendship's ends are canon entities
        ({"evidence": {"canon", "teased"}, "relations": {"friend"}}, {"alice/friend/bob", "carol/friend/alice/S2"}),
    ],
)
def test_edge_filters(G, filters, edges):
    assert {key for *_, key in select(G, **filters).G.edges(keys=True)} == edges


def test_focus_keeps_what_lies_within_depth(G):
    assert set(select(G, focus="ghost", depth=1).G) == {"ghost", "carol"}
    assert set(select(G, focus="ghost", depth=2).G) == {"ghost", "carol", "bob", "alice"}
    assert set(select(G, focus="ghost", depth=3).G) == {"ghost", "carol", "bob", "alice", "dan", "school"}


def test_focus_survives_its_own_filters(G):
    selection = select(G, focus="school", kinds={"character"}, depth=1)
    assert set(selection.G) == {"school", "alice"}


def test_focus_ignores_edge_direction(G):
    assert "dan" in select(G, focus="alice", depth=1).G  # dan plays alice: an edge into alice


def test_isolated_nodes_can_be_left_out(G):
    assert "notes" in select(G).G
    assert "notes" not in select(G, isolated=False).G
    assert set(select(G, relations={"part-of"}, isolated=False).G) == {"school", "town"}


def test_cap_keeps_the_best_connected(G):
    selection = select(G, limit=2)
    assert set(selection.G) == {"alice", "bob"}  # 5 and 3 relations
    assert selection.matched == len(G) and selection.dropped == len(G) - 2


def test_cap_keeps_the_nearest_to_the_focus_first(G):
    selection = select(G, focus="ghost", depth=3, limit=3)
    assert set(selection.G) == {"ghost", "carol", "alice"}  # carol at 1; of bob and alice at 2, alice has more relations
    assert selection.dropped == 3


def test_select_returns_a_copy(G):
    selection = select(G, kinds={"character"})
    selection.G.add_node("intruder")
    assert "intruder" not in G


def test_cap_on_a_big_graph_keeps_hubs():
    G = nx.MultiDiGraph(nx.star_graph(500))
    nx.set_node_attributes(G, "character", "kind")
    selection = select(G, limit=50)
    assert 0 in selection.G and len(selection.G) == 50 and selection.dropped == 451


def test_unknown_focus_raises(G):
    with pytest.raises(EntityNotFound, match="'nobody'"):
        select(G, focus="nobody")


@pytest.mark.parametrize("depth", [0, 4, -1])
def test_depth_outside_one_to_three_raises(G, depth):
    with pytest.raises(UniverseError, match=f"not {depth}"):
        select(G, focus="alice", depth=depth)


def _kinds_graph(*nodes):
    G = nx.MultiDiGraph()
    G.add_nodes_from((node, {"kind": kind, "status": status}) for node, kind, status in nodes)
    return G


@pytest.mark.parametrize(
    "nodes, principal, expected",
    [
        ([("a", "character", "alive"), ("g", "group", ""), ("e", "episode", ""), ("s", "source", "")], (), {"character", "group"}),
        ([("a", "hero", "alive"), ("v", "villain", "dead"), ("t", "theme", "")], (), {"hero", "villain"}),
        ([("a", "character", ""), ("g", "group", ""), ("p", "place", "")], ("character",), {"character", "group"}),
        ([("a", "ship", ""), ("p", "port", "")], ("crew",), {"ship", "port"}),  # nothing to go by: every kind
    ],
)
def test_the_default_kinds_are_the_cast_and_their_groups(nodes, principal, expected):
    assert default_kinds(_kinds_graph(*nodes), principal) == expected
