import os
import random

import networkx as nx
import pytest

from universe.errors import UniverseError
from universe.exchange.generate import tiny_documents, tiny_universe, write_documents
from universe.queries import metrics
from universe.queries.graph import build_graph, simple_graph
from universe.queries.metrics import centrality, communities, network
from universe.story.evidence import Evidence


def _disconnected():
    G = nx.disjoint_union(nx.karate_club_graph(), nx.path_graph(4))
    G.add_node(99)  # and a node alone
    return G


def _weighted():
    G = nx.les_miserables_graph()  # weights: co-appearances
    return nx.relabel_nodes(G, {name: name.lower() for name in G})


GRAPHS = {
    "karate": nx.karate_club_graph,
    "miserables-weighted": _weighted,
    "disconnected": _disconnected,
    "star": lambda: nx.star_graph(6),
    "tiny-universe": lambda: build_graph(tiny_universe().as_of()),
}


def _plain(G) -> nx.Graph:
    """What networkx itself would measure: the undirected simple graph, in id order."""
    H = simple_graph(nx.MultiDiGraph(G)) if not G.is_multigraph() else simple_graph(G)
    ordered = nx.Graph()
    ordered.add_nodes_from(sorted(H, key=str))
    ordered.add_edges_from(H.edges(data=True))
    return ordered


def _ranking(scores: dict, digits: int = 6) -> list:
    return sorted(scores, key=lambda node: (-round(scores[node], digits), str(node)))


@pytest.mark.parametrize("name", GRAPHS)
def test_degree_is_networkx_degree_centrality(name):
    G = GRAPHS[name]()
    assert centrality(G, "degree") == pytest.approx(nx.degree_centrality(_plain(G)))


@pytest.mark.parametrize("name", GRAPHS)
def test_pagerank_matches_networkx(name):
    G = GRAPHS[name]()
    ours, theirs = centrality(G, "pagerank"), nx.pagerank(_plain(G), weight="weight", tol=1e-10, max_iter=10_000)
    assert ours == pytest.approx(theirs, abs=1e-6)
    assert _ranking(ours, 5) == _ranking(theirs, 5)


@pytest.mark.parametrize("name", GRAPHS)
def test_exact_betweenness_matches_networkx(name):
    G = GRAPHS[name]()
    ours, theirs = centrality(G, "betweenness"), nx.betweenness_centrality(_plain(G))
    assert ours == pytest.approx(theirs, abs=1e-9)
    assert _ranking(ours) == _ranking(theirs)


def test_sampled_betweenness_is_networkx_with_the_same_sample(monkeypatch):
    monkeypatch.setattr(metrics, "EXACT_BETWEENNESS", 10)
    monkeypatch.setattr(metrics, "BETWEENNESS_SAMPLE", 12)
    G = _plain(_weighted())  # 77 nodes: estimated from 12 sources
    theirs = nx.betweenness_centrality(G, k=12, seed=1)  # draws the same 12 from the same order
    assert centrality(G, "betweenness") == pytest.approx(theirs, abs=1e-9)
    assert centrality(G, "betweenness", seed=2) != pytest.approx(theirs, abs=1e-9)


@pytest.mark.parametrize("name", GRAPHS)
def test_eigenvector_matches_networkx(name):
    G = GRAPHS[name]()
    ours = centrality(G, "eigenvector")
    theirs = nx.eigenvector_centrality(_plain(G), weight="weight", max_iter=10_000, tol=1e-12)
    assert ours == pytest.approx(theirs, abs=1e-4)


@pytest.mark.parametrize("measure", ["degree", "pagerank", "betweenness", "eigenvector"])
def test_scores_are_keyed_by_node_between_zero_and_one(measure):
    G = build_graph(tiny_universe().as_of())
    scores = centrality(G, measure)
    assert set(scores) == set(G)
    assert all(0 <= value <= 1 + 1e-9 for value in scores.values())


@pytest.mark.parametrize("G, expected", [(nx.Graph(), {}), (nx.empty_graph(["a"]), {"a": 1.0})], ids=["empty", "one"])
def test_degree_of_trivial_graphs(G, expected):
    assert centrality(G, "degree") == expected


def test_unknown_measure_names_the_known_ones():
    with pytest.raises(UniverseError, match="unknown centrality measure 'fame' \\(known: degree, "):
        centrality(nx.path_graph(3), "fame")


def test_network_ignores_direction_and_loops_and_sums_weights():
    G = nx.MultiDiGraph()
    G.add_edge("b", "a", weight=2)
    G.add_edge("a", "b")  # no weight: counts 1
    G.add_edge("a", "a")
    G.add_node("c")
    net = network(G)
    assert net.nodes == ("a", "b", "c")
    assert net.graph.get_edgelist() == [(0, 1)] and net.graph.es["weight"] == [3]


def test_a_network_serves_every_measure():
    G = _weighted()
    net = network(G)
    for measure in ("degree", "pagerank", "betweenness", "eigenvector"):
        assert centrality(net, measure) == centrality(G, measure)
    assert communities(net) == communities(G)


def test_communities_split_two_cliques_joined_by_a_bridge():
    G = nx.barbell_graph(5, 0)  # two 5-cliques and one edge between them
    found = communities(G)
    assert [set(c.members) for c in found] == [{0, 1, 2, 3, 4}, {5, 6, 7, 8, 9}]
    assert [c.hub for c in found] == [4, 5]  # the bridge ends: one more neighbour each


def test_communities_leave_out_lone_nodes():
    found = communities(_disconnected())
    assert all(99 not in c.members and len(c.members) > 1 for c in found)
    assert set().union(*(c.members for c in found)) == set(range(38))


def test_communities_are_as_good_as_networkx_louvain():
    G = _weighted()
    ours = [c.members for c in communities(G)]
    louvain = nx.community.louvain_communities(G, weight="weight", seed=1)
    assert nx.community.modularity(G, ours) >= nx.community.modularity(G, louvain) - 0.01


def test_communities_are_deterministic_whatever_the_insertion_order():
    G = _weighted()
    edges = list(G.edges(data=True))
    random.Random(7).shuffle(edges)
    shuffled = nx.Graph()
    shuffled.add_edges_from(edges)
    first = communities(G)
    assert communities(G) == first
    assert communities(shuffled) == first
    assert [len(c.members) for c in first] == sorted((len(c.members) for c in first), reverse=True)


def test_centrality_is_deterministic_whatever_the_insertion_order(monkeypatch):
    monkeypatch.setattr(metrics, "EXACT_BETWEENNESS", 10)
    G = _weighted()
    reversed_graph = nx.Graph()
    reversed_graph.add_nodes_from(reversed(list(G)))
    reversed_graph.add_edges_from(reversed(list(G.edges(data=True))))
    assert centrality(reversed_graph, "betweenness") == centrality(G, "betweenness")


# -- the explorer's caches: one result per universe version, horizon and evidence ----------


@pytest.fixture
def cached(tmp_path, monkeypatch):
    """The view caches (universe.views.graphs) over a tiny universe in a temporary folder."""
    from universe.views import graphs, state

    monkeypatch.setenv("UNIVERSE_DATA", str(tmp_path))
    universe, facts = tiny_documents()
    folder = write_documents(tmp_path / "tiny", universe, facts)

    def key(horizon: str | None = None, evidence: str = "fan-theory") -> tuple:
        """The ViewState key of the folder as it is now."""
        loaded = state.load(folder).universe
        point = loaded.timeline.parse_horizon(horizon) if horizon else None
        return state.ViewState(loaded, None, point, Evidence.parse(evidence), "tiny", str(folder)).key

    return graphs, key, folder, facts


def test_the_same_key_reuses_the_result(cached):
    graphs, key, *_ = cached
    assert graphs.centrality(key(), "pagerank") is graphs.centrality(key(), "pagerank")
    assert graphs.communities(key()) is graphs.communities(key())


def test_horizon_and_evidence_are_part_of_the_key(cached):
    graphs, key, *_ = cached
    everything = graphs.centrality(key(), "degree")
    early = graphs.centrality(key("S1E1"), "degree")
    assert "ghost" in everything and "ghost" not in early  # revealed at S1E3
    assert graphs.graph(key(evidence="canon")) is not graphs.graph(key())


def test_editing_a_file_invalidates_and_saving_it_unchanged_does_not(cached):
    graphs, key, folder, facts = cached
    before = key()
    scores = graphs.centrality(before, "degree")
    path = folder / "facts.yaml"
    path.write_bytes(path.read_bytes())
    os.utime(path, ns=(1, 1))  # saved unchanged: reloaded, with the same version
    assert key() == before and graphs.centrality(key(), "degree") is scores
    facts["facts.yaml"]["statements"].append({"subject": "dan", "relation": "friend", "object": "bob"})
    write_documents(folder, tiny_documents()[0], facts)
    assert key() != before
    assert graphs.centrality(key(), "degree")["dan"] > scores["dan"]
