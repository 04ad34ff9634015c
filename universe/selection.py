"""Selections: the part of a graph one view shows (filters, a focus with a depth, a size cap).

A browser draws a few hundred nodes comfortably and thousands slowly, so a selection above
`limit` nodes keeps the best-connected ones (the nearest to the focus first) and says how many it
left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Collection

import networkx as nx

from .errors import EntityNotFound, UniverseError

__all__ = ["Selection", "select", "MAX_NODES", "MAX_DEPTH"]

MAX_NODES = 400
MAX_DEPTH = 3


@dataclass(frozen=True)
class Selection:
    """A filtered subgraph, and what was left out of it."""

    G: nx.MultiDiGraph
    matched: int  # nodes that passed the filters (within the focus depth, if any)
    focus: str | None = None
    depth: int = 1

    @property
    def dropped(self) -> int:
        """How many matching nodes the size cap left out."""
        return self.matched - self.G.number_of_nodes()


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
) -> Selection:
    """The nodes and edges of `G` to draw.

    `kinds`, `statuses` (``""`` for none) and `evidence` filter nodes; `relations` and `evidence`
    filter edges; ``None`` keeps everything. With `focus`, only nodes within `depth` hops of it
    (the focus itself is kept whatever the filters). `isolated=False` leaves out nodes without
    edges. Above `limit` nodes, keeps the nearest to the focus, then the most connected.

    Raises EntityNotFound for a focus not in `G`, UniverseError for a depth outside 1-3.
    """
    if focus is not None and focus not in G:
        raise EntityNotFound(f"no entity {focus!r} in this view")
    if not 1 <= depth <= MAX_DEPTH:
        raise UniverseError(f"depth must be between 1 and {MAX_DEPTH}, not {depth}")
    wanted = {
        node
        for node, data in G.nodes(data=True)
        if node == focus
        or (
            (kinds is None or data.get("kind") in kinds)
            and (statuses is None or (data.get("status") or "") in statuses)
            and (evidence is None or data.get("evidence") in evidence)
        )
    }
    H = nx.MultiDiGraph(**G.graph)
    H.add_nodes_from((node, G.nodes[node]) for node in wanted)
    H.add_edges_from(
        (u, v, key, data)
        for u, v, key, data in G.edges(keys=True, data=True)
        if u in wanted
        and v in wanted
        and (relations is None or data.get("relation") in relations)
        and (evidence is None or data.get("evidence") in evidence)
    )
    distance: dict[str, int] = {}
    if focus is not None:
        distance = nx.single_source_shortest_path_length(H.to_undirected(as_view=True), focus, cutoff=depth)
        H = H.subgraph(distance).copy()
    if not isolated:
        H.remove_nodes_from([node for node in list(H) if node != focus and H.degree(node) == 0])
    matched = H.number_of_nodes()
    if matched > limit:
        ranked = sorted(H, key=lambda node: (distance.get(node, 0), -H.degree(node), str(node)))
        H = H.subgraph(ranked[:limit]).copy()
    return Selection(H, matched, focus, depth)
