import math

import networkx as nx
import pytest

from universe.queries.layout import EDGE_LENGTH, SPACING, positions


def test_positions_are_deterministic():
    G = nx.barabasi_albert_graph(200, 1, seed=3)
    assert positions(G) == positions(G)
    assert positions(G, seed=2) != positions(G)


def test_every_node_gets_a_position_centred_on_zero():
    G = nx.karate_club_graph()
    xy = positions(G)
    assert set(xy) == set(G)
    assert abs(sum(x for x, _ in xy.values()) / len(xy)) < 1
    assert abs(sum(y for _, y in xy.values()) / len(xy)) < 1


def test_connected_nodes_sit_about_one_edge_length_apart():
    G = nx.path_graph(30)
    xy = positions(G)
    lengths = sorted(math.dist(xy[u], xy[v]) for u, v in G.edges())
    assert EDGE_LENGTH * 0.7 < lengths[len(lengths) // 2] < EDGE_LENGTH * 1.5


def test_crowded_nodes_are_pushed_apart():
    G = nx.complete_graph(40)  # a force layout packs a clique into a ball
    xy = positions(G)
    closest = min(math.dist(xy[a], xy[b]) for a in G for b in G if a < b)
    assert closest > SPACING * 0.8


@pytest.mark.parametrize(
    "G",
    [nx.MultiDiGraph([("a", "b"), ("a", "b"), ("b", "a"), ("a", "a")]), nx.DiGraph([("a", "b")])],
    ids=["multi-with-loop", "directed"],
)
def test_direction_multiplicity_and_loops_do_not_matter(G):
    xy = positions(G)
    assert set(xy) == {"a", "b"}
    assert math.dist(xy["a"], xy["b"]) == pytest.approx(EDGE_LENGTH, rel=0.01)


def test_a_graph_without_edges_is_a_grid():
    G = nx.empty_graph(9)
    xy = positions(G)
    assert len({x for x, _ in xy.values()}) == 3 and len({y for _, y in xy.values()}) == 3


def test_an_empty_graph_has_no_positions():
    assert positions(nx.Graph()) == {}


def test_mixed_node_types_sort_without_error():
    G = nx.Graph([(1, "one"), ("one", (2, "x"))])
    assert len(positions(G)) == 3
