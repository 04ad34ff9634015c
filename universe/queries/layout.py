"""Node positions computed in Python (igraph's Fruchterman-Reingold), so a browser can draw a big
graph at once instead of simulating physics for minutes.
"""

from __future__ import annotations

import math
from typing import Hashable, Iterable

import igraph
import networkx as nx
import numpy as np
from scipy.spatial import cKDTree

from universe.queries.metrics import seeded

__all__ = ["positions", "EDGE_LENGTH"]

EDGE_LENGTH = 170.0  # median edge length in the drawing, in vis-network pixels (nodes are 20-72 across)
SPACING = 90.0  # nodes closer than this are pushed apart, so labels stay readable
SPREAD_LIMIT = 2_000  # above this many nodes, skip the push and trust the layout


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
    with seeded(seed):  # the same graph always gets the same picture (and a cache of it stays truthful)
        coords = graph.layout_fruchterman_reingold(niter=iterations).coords
    lengths = sorted(math.dist(coords[a], coords[b]) for a, b in pairs)
    median = lengths[len(lengths) // 2] or 1.0
    scale = EDGE_LENGTH / median
    points = np.asarray(coords, dtype=float) * scale
    points -= points.mean(axis=0)
    if len(nodes) <= SPREAD_LIMIT:
        points = _spread(points, SPACING)
    return {node: (round(float(x), 1), round(float(y), 1)) for node, (x, y) in zip(nodes, points)}


def _spread(points: np.ndarray, spacing: float, rounds: int = 60) -> np.ndarray:
    """Push apart points closer than `spacing` (half the overlap each way, a few rounds): force
    layouts pack hubs tightly, and overlapping nodes hide each other's labels. Only close pairs
    are visited (a k-d tree), so a round costs n log n, not n squared."""
    points = points.copy()
    for _ in range(rounds):
        pairs = cKDTree(points).query_pairs(spacing, output_type="ndarray")
        if not len(pairs):
            break
        first, second = pairs[:, 0], pairs[:, 1]
        delta = points[first] - points[second]
        distance = np.sqrt((delta**2).sum(axis=1))
        overlap = spacing - distance
        same = distance < 1e-6  # coincident points: part them along a fixed direction
        direction = np.where(same[:, None], np.array([1.0, 0.0]), delta / np.maximum(distance, 1e-6)[:, None])
        push = direction * (overlap / 4)[:, None]
        np.add.at(points, first, push)
        np.add.at(points, second, -push)
    return points


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
