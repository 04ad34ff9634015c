"""Selections: the part of a graph one view shows (filters, a focus with a depth, a size cap).

A browser draws a few hundred nodes comfortably and thousands slowly, so a selection above
`limit` nodes keeps the best-connected ones (the nearest to the focus first) and says how many it
left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Collection, Hashable, Mapping

import networkx as nx

from universe.errors import EntityNotFound, UniverseError
from universe.queries.groups import GROUP_KIND

__all__ = ["Selection", "select", "default_kinds", "MAX_NODES", "MAX_DEPTH"]

MAX_NODES = 400
MAX_DEPTH = 3


@dataclass(frozen=True)
class Selection:
    """A filtered subgraph, and what was left out of it."""

    G: nx.MultiDiGraph
    matched: int  # nodes that passed the filters (within the focus depth, if any)
    focus: str | None = None
    depth: int = 1
    left_out: tuple[tuple[str, int], ...] = ()  # (kind, how many) the size cap left out, most first

    @property
    def dropped(self) -> int:
        """How many matching nodes the size cap left out."""
        return self.matched - self.G.number_of_nodes()


def default_kinds(G: nx.Graph, principal: Collection[str] = ()) -> frozenset[str]:
    """The kinds a graph opens on: the cast (the `principal` kinds, as `Universe.principal`
    names them, else the kinds of the nodes with a ``status``), not the episodes, sources and
    themes around them, and the groups they belong to (GROUP_KIND). Every kind when neither
    is in `G`.

    >>> G = nx.Graph()
    >>> G.add_nodes_from([("a", {"kind": "hero", "status": "alive"}), ("g", {"kind": "group"}), ("s", {"kind": "source"})])
    >>> sorted(default_kinds(G)), sorted(default_kinds(G, ["source"]))
    (['group', 'hero'], ['group', 'source'])
    """
    kinds = {data.get("kind") for _, data in G.nodes(data=True)}
    cast = set(principal) & kinds or {data.get("kind") for _, data in G.nodes(data=True) if data.get("status")}
    if not cast:
        return frozenset(kind for kind in kinds if kind)
    return frozenset(cast | ({GROUP_KIND} & kinds))


def select(
    G: nx.MultiDiGraph,
    *,
    kinds: Collection[str] | None = None,
    relations: Collection[str] | None = None,
    statuses: Collection[str] | None = None,
    evidence: Collection[str] | None = None,
    focus: str | None = None,
    depth: int = 1,
    isolated: bool = True,
    limit: int = MAX_NODES,
    rank: Mapping[Hashable, float] | None = None,
) -> Selection:
    """The nodes and edges of `G` to draw.

    `kinds`, `statuses` (``""`` for none) and `evidence` filter nodes; `relations` and `evidence`
    filter edges; ``None`` keeps everything. With `focus`, only nodes within `depth` hops of it
    (the focus itself is kept whatever the filters). `isolated=False` leaves out nodes without
    edges. Above `limit` nodes, keeps the nearest to the focus, then the highest by `rank` (a
    score per node, such as a centrality over the whole graph), or else the most connected.

    Only the part of `G` around the focus is visited, and only the kept nodes are copied, so a
    focused view of a big graph costs what its neighbourhood costs.

    Raises EntityNotFound for a focus not in `G`, UniverseError for a depth outside 1-3.
    """
    if focus is not None and focus not in G:
        raise EntityNotFound(f"no entity {focus!r} in this view")
    if not 1 <= depth <= MAX_DEPTH:
        raise UniverseError(f"depth must be between 1 and {MAX_DEPTH}, not {depth}")

    def node_ok(node) -> bool:
        if node == focus:
            return True
        data = G.nodes[node]
        return (
            (kinds is None or data.get("kind") in kinds)
            and (statuses is None or (data.get("status") or "") in statuses)
            and (evidence is None or data.get("evidence") in evidence)
        )

    def edge_ok(data: dict) -> bool:
        return (relations is None or data.get("relation") in relations) and (evidence is None or data.get("evidence") in evidence)

    def linked(keys: Mapping) -> bool:
        return any(edge_ok(data) for data in keys.values())

    distance: dict = {}
    if focus is not None:
        distance = {focus: 0}
        frontier = [focus]
        for hops in range(1, depth + 1):
            following = []
            for u in frontier:
                for adjacency in (G.succ[u], G.pred[u]):
                    for v, keys in adjacency.items():
                        if v not in distance and node_ok(v) and linked(keys):
                            distance[v] = hops
                            following.append(v)
            frontier = following
        wanted = set(distance)
    elif kinds is None and statuses is None and evidence is None:
        wanted = set(G)
    else:
        wanted = {node for node in G if node_ok(node)}
    pool = frozenset(wanted)
    degree: dict = {}
    if rank is None and len(wanted) > limit:  # ranked by how connected they are: count
        for u in pool:
            degree[u] = sum(
                sum(1 for data in keys.values() if edge_ok(data))
                for adjacency in (G.succ[u], G.pred[u])
                for v, keys in adjacency.items()
                if v in pool
            )
        if not isolated:
            wanted = {node for node in pool if node == focus or degree[node]}
    elif not isolated:  # only whether each has an edge: stop at the first
        wanted = {
            u for u in pool
            if u == focus or any(v in pool and linked(keys) for adjacency in (G.succ[u], G.pred[u]) for v, keys in adjacency.items())
        }
    matched = len(wanted)
    left_out: tuple[tuple[str, int], ...] = ()
    if matched > limit:
        score = rank if rank is not None else degree
        ranked = sorted(wanted, key=lambda node: (distance.get(node, 0), -score.get(node, 0), str(node)))
        wanted = set(ranked[:limit])
        kinds_left: dict[str, int] = {}
        for node in ranked[limit:]:
            kind = G.nodes[node].get("kind") or ""
            kinds_left[kind] = kinds_left.get(kind, 0) + 1
        left_out = tuple(sorted(kinds_left.items(), key=lambda item: (-item[1], item[0])))
    H = nx.MultiDiGraph(**G.graph)
    H.add_nodes_from((node, data) for node, data in G.nodes(data=True) if node in wanted)
    H.add_edges_from(
        (u, v, key, data)
        for u in H
        for v, keys in G.succ[u].items()
        if v in wanted
        for key, data in keys.items()
        if edge_ok(data)
    )
    return Selection(H, matched, focus, depth, left_out)
