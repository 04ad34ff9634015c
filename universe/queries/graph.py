"""networkx graphs of a snapshot: nodes are entities, edges are statements; paths and metrics.

Inside this module we say node and edge; everywhere else, entity and relation.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice
from typing import Iterable

import networkx as nx

from universe.errors import EntityNotFound, UniverseError
from universe.queries.metrics import CENTRALITY_MEASURES
from universe.queries.metrics import centrality as measured
from universe.queries.phrases import relation_phrase
from universe.story.evidence import Evidence
from universe.story.model import Statement
from universe.story.snapshot import Snapshot

__all__ = [
    "build_graph",
    "kind_view",
    "family_view",
    "character_graph",
    "simple_graph",
    "neighbourhood",
    "induced",
    "Hop",
    "connection_paths",
    "relation_phrase",
    "co_appearance",
    "centrality",
    "CENTRALITY_MEASURES",
]


def build_graph(snapshot: Snapshot, *, holding_only: bool = False) -> nx.MultiDiGraph:
    """A MultiDiGraph of everything visible in `snapshot`.

    Nodes are entity ids with ``kind``, ``name``, ``status`` (at the horizon), ``evidence`` and
    ``revealed``; edges are entity-to-entity statements keyed by statement id, with ``relation``,
    ``family``, ``label``, ``evidence``, ``rank``, ``start``/``until`` (story point ids or ""),
    ``holds`` (at the horizon), ``symmetric``, ``sources``, and ``weight`` when the statement has
    one. `holding_only` keeps only edges that hold at the horizon.
    """
    universe = snapshot.universe
    G = nx.MultiDiGraph(universe=universe.id, horizon=snapshot.horizon.id if snapshot.horizon else "", min_evidence=snapshot.min_evidence.value)
    for entity in snapshot.entities.values():
        change = snapshot.status_change_at(entity.id) if entity.status else None
        G.add_node(
            entity.id,
            kind=entity.kind,
            name=entity.name,
            status=change.status if change else "",
            evidence=entity.evidence.value,
            revealed=entity.revealed.id if entity.revealed else "",
        )
    for statement in snapshot.statements:
        if statement.object is None:
            continue
        holds = statement.span.holds_at(snapshot.horizon)
        if holding_only and not holds:
            continue
        rtype = universe.relations[statement.relation]
        weight = {} if statement.weight is None else {"weight": statement.weight}
        G.add_edge(
            statement.subject,
            statement.object,
            key=statement.id,
            **weight,
            relation=statement.relation,
            family=rtype.family,
            label=rtype.label,
            evidence=statement.evidence.value,
            rank=statement.rank.value,
            start=statement.span.start.id if statement.span.start else "",
            until=statement.span.until.id if statement.span.until else "",
            revealed=statement.revealed.id if statement.revealed else "",
            holds=holds,
            symmetric=rtype.symmetric,
            sources=" ".join(ref.source for ref in statement.sources),
            note=statement.note or "",
        )
    return G


def kind_view(G: nx.MultiDiGraph, kinds: Iterable[str]) -> nx.MultiDiGraph:
    """A read-only view with only the nodes of these kinds."""
    wanted = set(kinds)
    return nx.subgraph_view(G, filter_node=lambda n: G.nodes[n].get("kind") in wanted)


def character_graph(G: nx.MultiDiGraph, kind: str = "character") -> nx.MultiDiGraph:
    """The characters and the relations among them (a view)."""
    return kind_view(G, [kind])


def family_view(G: nx.MultiDiGraph, families: Iterable[str]) -> nx.MultiDiGraph:
    """A view with only the edges of these relation families (``social``, ``family``...)."""
    wanted = set(families)
    return nx.subgraph_view(G, filter_edge=lambda u, v, k: G.edges[u, v, k].get("family") in wanted)


def simple_graph(G: nx.MultiDiGraph) -> nx.Graph:
    """An undirected simple graph with ``weight`` = the sum of the weights of the statements
    that link two nodes (1 for a statement without a weight: then it counts statements)."""
    H = nx.Graph()
    H.add_nodes_from(G.nodes(data=True))
    for u, v, weight in G.edges(data="weight", default=1):
        if u == v:
            continue
        if H.has_edge(u, v):
            H[u][v]["weight"] += weight
        else:
            H.add_edge(u, v, weight=weight)
    return H


def neighbourhood(G: nx.MultiDiGraph, node: str, depth: int = 1) -> nx.MultiDiGraph:
    """The subgraph within `depth` hops of `node`, ignoring direction. Raises EntityNotFound."""
    if node not in G:
        raise EntityNotFound(f"no entity {node!r} in this view")
    if depth < 0:
        raise UniverseError(f"depth must be 0 or more, not {depth}")
    reached = nx.single_source_shortest_path_length(G.to_undirected(as_view=True), node, cutoff=depth)
    return induced(G, reached)


def induced(G: nx.MultiDiGraph, nodes) -> nx.MultiDiGraph:
    """A copy of the subgraph on `nodes`, in G's node and edge order.

    ``G.subgraph(nodes)`` iterates a small selection in set order, which changes with Python's
    hash seed; layouts and community detection need the same order in every process.
    """
    keep = set(nodes)
    H = G.__class__(**G.graph)
    H.add_nodes_from((n, d) for n, d in G.nodes(data=True) if n in keep)
    if G.is_multigraph():
        H.add_edges_from((u, v, k, d) for u, v, k, d in G.edges(keys=True, data=True) if u in keep and v in keep)
    else:
        H.add_edges_from((u, v, d) for u, v, d in G.edges(data=True) if u in keep and v in keep)
    return H


def co_appearance(G: nx.MultiDiGraph, kinds: Iterable[str], *, relation: str = "co-appears") -> nx.MultiDiGraph:
    """The co-appearance projection: entities of `kinds` (characters), linked when they share a
    neighbour of another kind (a work both appear in), weighted by how many they share.

    Nodes keep their attributes; each pair is one symmetric edge, keyed ``a~b``, whose
    ``evidence`` is the weakest of the relations it stands on. Sources (kind ``source``) are
    never a shared work.
    """
    wanted = set(kinds)
    H = nx.MultiDiGraph(**G.graph, projection=relation)
    H.add_nodes_from((n, d) for n, d in G.nodes(data=True) if d.get("kind") in wanted)
    pairs: dict[tuple[str, str], list] = {}
    for work, kind in G.nodes(data="kind"):
        if kind in wanted or kind == "source":
            continue
        members: dict[str, str] = {}
        for u, v, evidence in [*G.in_edges(work, data="evidence"), *G.out_edges(work, data="evidence")]:
            other = u if v == work else v
            if other in H and other != work:
                weakest = members.get(other)
                if weakest is None or Evidence(evidence).strength < Evidence(weakest).strength:
                    members[other] = evidence
        ordered = sorted(members)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1:]:
                entry = pairs.setdefault((a, b), [0, members[a]])
                entry[0] += 1
                for evidence in (members[a], members[b]):
                    if Evidence(evidence).strength < Evidence(entry[1]).strength:
                        entry[1] = evidence
    for (a, b), (shared, evidence) in pairs.items():
        H.add_edge(a, b, key=f"{a}~{b}", weight=shared, relation=relation, family="co-appearance",
                   label="appears with", evidence=evidence, rank="normal", start="", until="", revealed="",
                   holds=True, symmetric=True, sources="", note=f"{shared} shared")
    return H


@dataclass(frozen=True, slots=True)
class Hop:
    """One step of a path: from `source` to `target` through `statement`."""

    source: str
    target: str
    statement: Statement
    forward: bool  # True when the statement reads source -> target

    def sentence(self, snapshot: Snapshot) -> str:
        """The hop in words: ``Nam On-jo is child of Nam So-ju``."""
        rtype = snapshot.universe.relations[self.statement.relation]
        a = snapshot.entities[self.source].name
        b = snapshot.entities[self.target].name
        if self.forward or rtype.symmetric:
            return f"{a} {relation_phrase(rtype.label)} {b}"
        if rtype.inverse:
            return f"{a} {relation_phrase(rtype.inverse)} {b}"
        return f"{b} {relation_phrase(rtype.label)} {a}"  # no inverse declared: read it forwards


def connection_paths(
    snapshot: Snapshot,
    source: str,
    target: str,
    *,
    limit: int = 5,
    kinds: Iterable[str] | None = None,
    families: Iterable[str] | None = None,
    holding_only: bool = False,
    G: nx.MultiDiGraph | None = None,
) -> list[list[Hop]]:
    """Up to `limit` shortest connections between two entities, each hop explained.

    Paths go either way along relations; several statements between the same two entities give
    one hop through the strongest (by evidence). `G` is the snapshot's graph
    (``build_graph(snapshot, holding_only=holding_only)``) when the caller keeps one, so that many
    questions do not build it again. Raises EntityNotFound for an unknown endpoint.
    """
    for end in (source, target):
        snapshot.entity(end)
    if G is None:
        G = build_graph(snapshot, holding_only=holding_only)
    families = None if families is None else set(families)
    wanted = None if kinds is None else set(kinds) | {G.nodes[source]["kind"], G.nodes[target]["kind"]}
    # the undirected simple graph of what may be crossed, in one pass (views filter every lookup)
    H = nx.Graph()
    H.add_nodes_from(node for node, kind in G.nodes(data="kind") if wanted is None or kind in wanted)
    H.add_edges_from(
        (u, v) for u, v, family in G.edges(data="family")
        if u != v and u in H and v in H and (families is None or family in families)
    )
    if wanted is not None:
        G = kind_view(G, wanted)
    if families is not None:
        G = family_view(G, families)
    if source == target:
        return []
    try:
        node_paths = list(islice(nx.shortest_simple_paths(H, source, target), limit))
    except nx.NetworkXNoPath:
        return []
    except nx.NodeNotFound as error:
        raise EntityNotFound(str(error)) from None
    by_id = {s.id: s for s in snapshot.statements}
    paths = []
    for nodes in node_paths:
        hops = []
        for a, b in zip(nodes, nodes[1:]):
            candidates = [(k, True) for k in G.get_edge_data(a, b, default={})] + [
                (k, False) for k in G.get_edge_data(b, a, default={})
            ]
            key, forward = max(candidates, key=lambda c: (by_id[c[0]].evidence.strength, c[1]))
            hops.append(Hop(a, b, by_id[key], forward))
        paths.append(hops)
    return paths


def centrality(G: nx.MultiDiGraph, measure: str = "degree") -> dict[str, float]:
    """A centrality score per node, from 0 to 1; raises UniverseError for an unknown measure.

    Computed by `universe.queries.metrics.centrality`: networkx's values at igraph's speed, including
    eigenvector centrality on a disconnected graph (most universes are one).
    """
    return measured(G, measure)
