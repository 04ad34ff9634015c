"""Whole-graph metrics of a snapshot's graph (centrality, communities), computed with igraph.

networkx stays the model (`universe.queries.graph`). For a measure over the whole graph, an undirected
simple copy of it goes to igraph once (a `Network`), where PageRank, betweenness and communities
run tens to hundreds of times faster than in networkx at 20,000 entities (docs/scale.md). Scores
are keyed by node id and match networkx's own functions on the same graph. Results are
deterministic: vertices are ordered by id and every random choice is seeded.
"""

from __future__ import annotations

import random
import threading
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Hashable, Iterator

import igraph
import networkx as nx

from universe.errors import UniverseError

__all__ = [
    "CENTRALITY_MEASURES",
    "Network",
    "network",
    "centrality",
    "Community",
    "communities",
    "seeded",
    "EXACT_BETWEENNESS",
    "BETWEENNESS_SAMPLE",
]

CENTRALITY_MEASURES = {
    "degree": "Degree (number of relations)",
    "betweenness": "Betweenness (bridges between groups)",
    "pagerank": "PageRank (linked by the well-linked)",
    "eigenvector": "Eigenvector (close to the important)",
}


#: Up to this many nodes, betweenness is exact; above, it is estimated from a seeded sample of
#: `BETWEENNESS_SAMPLE` source nodes (as ``nx.betweenness_centrality(G, k=...)`` does).
EXACT_BETWEENNESS = 2_000
BETWEENNESS_SAMPLE = 300

# igraph draws from one process-wide random generator: swap in a seeded one under a lock, so the
# same graph always gets the same answer (and a cache of it stays truthful) in every thread.
_RANDOM_LOCK = threading.Lock()


@contextmanager
def seeded(seed: int) -> Iterator[None]:
    """Run igraph's randomised algorithms (layouts, communities) with a generator seeded with
    `seed`, holding a lock so that no other thread swaps it meanwhile."""
    with _RANDOM_LOCK:
        igraph.set_random_number_generator(random.Random(seed))
        try:
            yield
        finally:
            igraph.set_random_number_generator(random)


@dataclass(frozen=True, eq=False)
class Network:
    """An undirected simple graph in igraph (edge attribute ``weight``) and the node id of each
    vertex, in id order. Shared by caches: never modify `graph`."""

    nodes: tuple[Hashable, ...]
    graph: igraph.Graph

    def scores(self, values) -> dict[Hashable, float]:
        """A per-vertex sequence as a dict keyed by node id."""
        return {node: float(value) for node, value in zip(self.nodes, values)}


def network(G: nx.Graph) -> Network:
    """`G` as an undirected simple igraph graph: direction ignored, self-loops dropped, the
    ``weight`` of the edges between two nodes summed (1 for an edge without one), as
    `universe.queries.graph.simple_graph` does.

    >>> net = network(nx.MultiDiGraph([("b", "a"), ("a", "b"), ("a", "a")]))
    >>> net.nodes, net.graph.ecount(), net.graph.es["weight"]
    (('a', 'b'), 1, [2])
    """
    nodes = tuple(sorted(G.nodes, key=str))
    index = {node: n for n, node in enumerate(nodes)}
    weights: dict[tuple[int, int], float] = {}
    for u, v, weight in G.edges(data="weight", default=1):
        a, b = index[u], index[v]
        if a == b:
            continue
        pair = (a, b) if a < b else (b, a)
        weights[pair] = weights.get(pair, 0) + weight
    pairs = sorted(weights)
    graph = igraph.Graph(n=len(nodes), edges=pairs, edge_attrs={"weight": [weights[pair] for pair in pairs]})
    return Network(nodes, graph)


def centrality(G: "nx.Graph | Network", measure: str = "degree", *, seed: int = 1) -> dict[Hashable, float]:
    """A centrality score per node, from 0 to 1, over the whole of `G` (a networkx graph or a
    `Network` made from one).

    The values are networkx's for the same undirected simple graph: ``degree`` is
    ``nx.degree_centrality``; ``pagerank`` is ``nx.pagerank`` (weighted); ``betweenness`` is
    ``nx.betweenness_centrality`` (unweighted, normalised; above `EXACT_BETWEENNESS` nodes
    estimated from `BETWEENNESS_SAMPLE` sources drawn with `seed`); ``eigenvector`` is
    ``nx.eigenvector_centrality`` (weighted, unit length; near 0 outside the component that
    dominates). Raises UniverseError for an unknown measure.

    >>> scores = centrality(nx.star_graph(3), "betweenness")
    >>> scores[0], scores[1]
    (1.0, 0.0)
    """
    if measure not in CENTRALITY_MEASURES:
        raise UniverseError(f"unknown centrality measure {measure!r} (known: {', '.join(CENTRALITY_MEASURES)})")
    net = G if isinstance(G, Network) else network(G)
    graph, n = net.graph, len(net.nodes)
    if n == 0:
        return {}
    if measure == "degree":
        if n == 1:
            return {net.nodes[0]: 1.0}
        return net.scores(degree / (n - 1) for degree in graph.degree())
    if measure == "pagerank":
        return net.scores(graph.pagerank(weights="weight", damping=0.85))
    if measure == "betweenness":
        return net.scores(_betweenness(graph, seed))
    return net.scores(_eigenvector(graph, seed))


def _betweenness(graph: igraph.Graph, seed: int) -> list[float]:
    n = graph.vcount()
    if n <= 2:
        return [0.0] * n
    if n <= EXACT_BETWEENNESS or n <= BETWEENNESS_SAMPLE:  # igraph counts each pair once, networkx each ordered pair
        return [2 * value / ((n - 1) * (n - 2)) for value in graph.betweenness(directed=False)]
    sources = sorted(random.Random(seed).sample(range(n), BETWEENNESS_SAMPLE))
    raw = graph.betweenness(directed=False, sources=sources)
    k, sampled = len(sources), set(sources)
    # networkx's scaling of a sampled estimate: a source cannot lie on its own paths
    return [
        2 * value / ((k - 1 if vertex in sampled else k) * (n - 2))
        for vertex, value in enumerate(raw)
    ]


def _eigenvector(graph: igraph.Graph, seed: int) -> list[float]:
    if graph.ecount() == 0:
        return [1 / graph.vcount() ** 0.5] * graph.vcount()
    # ARPACK starts from a random vector (hence seeded); the warning "not meaningful for
    # disconnected graphs" is about what we want: the dominant part, the rest near 0
    with seeded(seed), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        values = graph.eigenvector_centrality(weights="weight")
    norm = sum(value * value for value in values) ** 0.5 or 1.0
    return [max(0.0, value / norm) for value in values]


@dataclass(frozen=True)
class Community:
    """Nodes more linked among themselves than with the rest, and the best-connected of them."""

    members: frozenset
    hub: Hashable


def communities(G: "nx.Graph | Network", *, seed: int = 1) -> tuple[Community, ...]:
    """The communities of `G` (Leiden, optimising weighted modularity as Louvain does), largest
    first; nodes that belong to no community of two or more are left out.

    Deterministic for a given graph and `seed`. Each community's `hub` is its member with the
    most neighbours (ties: the smallest id).

    >>> found = communities(nx.disjoint_union(nx.complete_graph(4), nx.complete_graph(3)))
    >>> [sorted(c.members) for c in found]
    [[0, 1, 2, 3], [4, 5, 6]]
    """
    net = G if isinstance(G, Network) else network(G)
    graph = net.graph
    if graph.ecount() == 0:
        return ()
    with seeded(seed):
        clustering = graph.community_leiden(objective_function="modularity", weights="weight", n_iterations=2)
    degree = graph.degree()
    found = []
    for vertices in clustering:
        if len(vertices) < 2:
            continue
        hub = max(vertices, key=lambda vertex: (degree[vertex], -vertex))  # vertices are in id order
        found.append((-len(vertices), min(vertices), Community(frozenset(net.nodes[v] for v in vertices), net.nodes[hub])))
    found.sort(key=lambda item: item[:2])
    return tuple(community for *_, community in found)
