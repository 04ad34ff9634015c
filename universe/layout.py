"""Node positions computed in Python (igraph's Fruchterman-Reingold), so a browser can draw a big
graph at once instead of simulating physics for minutes.
"""

from __future__ import annotations

import math
import random
import threading
from typing import Hashable, Iterable

import igraph
import networkx as nx

__all__ = ["positions", "EDGE_LENGTH"]

EDGE_LENGTH = 120.0  # median edge length in the drawing, in vis-network pixels

# igraph draws from one process-wide random generator: swap in a seeded one under a lock, so the
# same graph always gets the same picture (and a cache of positions stays truthful).
_RANDOM_LOCK = threading.Lock()


def positions(G: nx.Graph, *, seed: int = 1, iterations: int = 500) -> dict[Hashable, tuple[float, float]]:
    """x, y per node (vis-network pixels, centred on 0), ignoring edge direction and multiplicity.

    Deterministic for a given graph and `seed`. Connected nodes sit about `EDGE_LENGTH` apart;
    a graph without edges is laid out on a grid.

    >>> import networkx as nx
    >>> xy = positions(nx.path_graph(3))
    >>> sorted(xy) == [0, 1, 2] and positions(nx.path_graph(3)) == xy
    True
    """
    nodes = sorted(G.nodes, key=str)
    if not nodes:
        return {}
    index = {node: n for n, node in enumerate(nodes)}
    pairs = _pairs(index, G.edges())
    if not pairs:
        return _grid(nodes)
    graph = igraph.Graph(n=len(nodes), edges=sorted(pairs))
    with _RANDOM_LOCK:
        igraph.set_random_number_generator(random.Random(seed))
        try:
            coords = graph.layout_fruchterman_reingold(niter=iterations).coords
        finally:
            igraph.set_random_number_generator(random)
    lengths = sorted(math.dist(coords[a], coords[b]) for a, b in pairs)
    median = lengths[len(lengths) // 2] or 1.0
    scale = EDGE_LENGTH / median
    cx = sum(x for x, _ in coords) / len(coords)
    cy = sum(y for _, y in coords) / len(coords)
    return {node: (round((x - cx) * scale, 1), round((y - cy) * scale, 1)) for node, (x, y) in zip(nodes, coords)}


def _pairs(index: dict, edges: Iterable[tuple]) -> set[tuple[int, int]]:
    pairs = set()
    for u, v, *_ in edges:
        a, b = index[u], index[v]
        if a != b:
            pairs.add((min(a, b), max(a, b)))
    return pairs


def _grid(nodes: list) -> dict[Hashable, tuple[float, float]]:
    side = math.ceil(math.sqrt(len(nodes)))
    offset = (side - 1) * EDGE_LENGTH / 2
    return {
        node: (n % side * EDGE_LENGTH - offset, n // side * EDGE_LENGTH - offset)
        for n, node in enumerate(nodes)
    }
