"""Drawings of a graph for vis-network: node and edge styles, a legend, and a standalone offline
HTML file. The only module that touches pyvis (for the vis-network script its wheel ships).

Story strings never become markup here: they travel as JSON data (shown by the browser with
``textContent`` and on a canvas) or are HTML-escaped.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Hashable, Iterable, Mapping, Sequence

import networkx as nx

from universe.drawing.colouring import (
    NO_VALUE,
    PALETTE,
    _communities,  # noqa: F401 (benchmarks.scale measures it)
    node_colours,
    safe_colour,
)
from universe.errors import UniverseError
from universe.queries.graph import relation_phrase
from universe.queries.metrics import Community
from universe.story.evidence import Evidence
from universe.story.model import Statement
from universe.story.snapshot import Universe

__all__ = [
    "COLOUR_BY",
    "PALETTE",
    "SHAPES",
    "EDGE_STYLES",
    "LegendEntry",
    "Drawing",
    "draw",
    "vis_network_js",
    "script",
    "ARC_COLOUR",
    "mark_arc",
    "safe_colour",
]

COLOUR_BY = {
    "status": "Status at the horizon",
    "kind": "Kind",
    "group": "Group",
    "community": "Community",
}
# Shapes with the label below them, assigned to kinds in vocabulary order.
SHAPES = ("dot", "square", "diamond", "triangle", "star", "hexagon", "triangleDown")
SYMBOLS = {"dot": "●", "square": "■", "diamond": "◆", "triangle": "▲", "star": "★", "hexagon": "⬢", "triangleDown": "▼"}
# Evidence -> (style name, vis-network dashes).
EDGE_STYLES: dict[Evidence, tuple[str, object]] = {
    Evidence.CANON: ("solid", False),
    Evidence.OFFICIAL: ("solid", False),
    Evidence.REPORTED: ("solid", False),
    Evidence.TEASED: ("dashed", [8, 6]),
    Evidence.SPECULATION: ("dotted", [2, 5]),
    Evidence.FAN_THEORY: ("dotted", [2, 5]),
}
LINES = {"solid": "━━━", "dashed": "╍╍╍", "dotted": "┈┈┈"}


@dataclass(frozen=True, slots=True)
class LegendEntry:
    """One line of the legend: in `section`, `symbol` (in `colour`) means `label`."""

    section: str
    label: str
    symbol: str
    colour: str | None = None


@dataclass(frozen=True)
class Drawing:
    """What vis-network draws: nodes, edges and options as JSON-ready dicts, plus the legend."""

    nodes: list[dict]
    edges: list[dict]
    options: dict
    legend: list[LegendEntry] = field(default_factory=list)

    def data(self) -> dict:
        """The JSON the browser receives, with a `signature` that changes with the content."""
        legend = [{"section": e.section, "label": e.label, "symbol": e.symbol, "colour": e.colour} for e in self.legend]
        body = {"nodes": self.nodes, "edges": self.edges, "options": self.options, "legend": legend}
        text = json.dumps(body, sort_keys=True, ensure_ascii=False)
        return {**body, "signature": hashlib.sha1(text.encode()).hexdigest()[:16]}


def draw(
    G: nx.MultiDiGraph,
    universe: Universe,
    *,
    colour_by: str = "status",
    sizes: Mapping[Hashable, float] | None = None,
    size_label: str = "",
    positions: Mapping[Hashable, tuple[float, float]] | None = None,
    horizon: str = "",
    focus: Hashable | None = None,
    edge_labels: bool | None = None,
    communities: Sequence[Community] | None = None,
    counts: Mapping[Hashable, int] | None = None,
) -> Drawing:
    """A drawing of `G` (from `universe.queries.graph.build_graph`) in the vocabulary of `universe`.

    Nodes: colour by `colour_by` (one of COLOUR_BY), shape by kind, size by `sizes` (centrality,
    any scale). Edges: colour by relation type, dashes by evidence, faded when they no longer hold
    at the horizon. With `positions` physics is off and the browser draws at once; without, it
    lets nodes settle. The `focus` node gets a heavy ring and a halo. `edge_labels` defaults to on
    for small graphs. Each node has a `rank` (0 is the most central, by `sizes`, else by its
    relations in `G`) and a `weight` (0-1): the browser labels the most central first and sizes
    their labels by weight. `counts` (relations per node in the whole graph) read in tooltips as
    "Degree: 5 relations"; a measure other than degree reads as a rank ("ranked 3rd of 139"). `communities` (from `universe.queries.metrics.communities` over a bigger graph) colour
    by community; without them, the communities of `G` itself.

    Raises UniverseError for an unknown `colour_by`.
    """
    if colour_by not in COLOUR_BY:
        raise UniverseError(f"unknown colouring {colour_by!r} (known: {', '.join(COLOUR_BY)})")
    colour_of, colour_legend = node_colours(G, universe, colour_by, communities)
    shape_of = {kind: SHAPES[n % len(SHAPES)] for n, kind in enumerate(universe.kinds)}
    score = sizes if sizes else {node: float(G.degree(node)) for node in G}
    top = max(score.values(), default=0) or 1.0
    order = sorted(G, key=lambda node: (-score.get(node, 0), str(G.nodes[node].get("name", node)).casefold(), str(node)))
    rank_of = {node: n for n, node in enumerate(order)}
    overall = _ranks(sizes) if sizes and not _is_degree(size_label) else {}
    nodes = []
    for node, data in G.nodes(data=True):
        entry = _node(node, data, universe, colour_of[node], shape_of.get(data.get("kind"), "dot"))
        weight = math.sqrt(max(0.0, score.get(node, 0)) / top)
        entry["rank"], entry["weight"] = rank_of[node], round(weight, 3)
        if sizes:
            entry["size"] = round(10 + 26 * weight, 1)
        if counts is not None:
            count = counts.get(node, 0)
            entry["info"].append(f"Degree: {count:,} relation{'' if count == 1 else 's'}")
        if node in overall:
            entry["info"].append(f"{size_label.split(' (')[0]}: ranked {_ordinal(overall[node])} of {len(sizes):,}")
        if node == focus:
            entry["color"] = {"background": colour_of[node], "border": "#111111"}
            entry["borderWidth"] = 5
            entry["shadow"] = {"enabled": True, "color": "rgba(0,0,0,0.5)", "size": 16, "x": 0, "y": 0}
            entry["focus"] = True  # the browser draws the ring in the theme's text colour
            entry["info"].append("The focus of this view")
        if positions is not None:
            entry["x"], entry["y"] = positions[node]
        nodes.append(entry)
    relation_colour = {
        rid: safe_colour(rtype.color, PALETTE[n % len(PALETTE)]) for n, (rid, rtype) in enumerate(universe.relations.items())
    }
    labels = G.number_of_edges() <= 60 if edge_labels is None else edge_labels
    edges, parallels = [], {}
    for u, v, key, data in G.edges(keys=True, data=True):
        entry = _edge(G, u, v, key, data, universe, relation_colour.get(data.get("relation"), NO_VALUE), labels)
        pair = frozenset((u, v))
        parallels[pair] = parallels.get(pair, -1) + 1
        if parallels[pair]:  # several relations between the same two: curve them apart
            entry["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": round(0.2 * parallels[pair], 2)}
        edges.append(entry)
    colour_section = f"Colour: {COLOUR_BY[colour_by].lower()}" + (f" ({horizon})" if horizon and colour_by == "status" else "")
    legend = [LegendEntry(colour_section, label, "●", colour) for label, colour in colour_legend]
    legend += _edge_legend(G, universe, shape_of, relation_colour)
    if sizes:
        legend.append(LegendEntry("Size", size_label or "Centrality", "●"))
    if focus in G:
        legend.append(LegendEntry("Ring", "solid ring and halo: the focus", "◉"))
    return Drawing(nodes, edges, _options(G, physics=positions is None), legend)


def _is_degree(label: str) -> bool:
    return label.casefold().startswith("degree")


def _ranks(scores: Mapping[Hashable, float]) -> dict[Hashable, int]:
    """1 for the highest score; equal scores share a rank."""
    ranks, previous, rank = {}, None, 0
    for n, (node, value) in enumerate(sorted(scores.items(), key=lambda item: -item[1]), start=1):
        if value != previous:
            rank, previous = n, value
        ranks[node] = rank
    return ranks


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n:,}{suffix}"


def _node(node: Hashable, data: dict, universe: Universe, colour: str, shape: str) -> dict:
    name = data.get("name", str(node))
    kind = universe.kinds.get(data.get("kind", ""))
    status = universe.statuses.get(data.get("status") or "")
    info = [name, " · ".join(filter(None, [kind.label if kind else data.get("kind"), status.label if status else ""]))]
    evidence = Evidence(data.get("evidence", "canon"))
    if evidence is not Evidence.CANON:
        info.append(f"Evidence: {evidence.label}")
    return {"id": node, "label": name, "shape": shape, "color": colour, "size": 16, "info": info}


def _edge(G: nx.MultiDiGraph, u, v, key, data: dict, universe: Universe, colour: str, label: bool) -> dict:
    rtype = universe.relations.get(data.get("relation", ""))
    words = data.get("label") or data.get("relation", "")
    evidence = Evidence(data.get("evidence", "canon"))
    info = [f"{G.nodes[u].get('name', u)} {relation_phrase(words)} {G.nodes[v].get('name', v)}", f"Evidence: {evidence.label}"]
    span = " ".join(filter(None, [f"from {data['start']}" if data.get("start") else "", f"until {data['until']}" if data.get("until") else ""]))
    if span:
        info.append(span.capitalize())
    # Defaults (solid, opaque, an arrow) are left out: a big view sends thousands of edges.
    entry = {"id": key, "from": u, "to": v, "color": colour, "info": info}
    if not data.get("holds", True):
        info.append("No longer holds at the horizon")
        entry["color"] = {"color": colour, "highlight": colour, "hover": colour, "opacity": 0.35}
    dashes = EDGE_STYLES[evidence][1]
    if dashes:
        entry["dashes"] = dashes
    if rtype is not None and rtype.symmetric:
        entry["arrows"] = ""
    if label:
        entry["label"] = words
    return entry


ARC_COLOUR = "#d81b60"  # an arc's work: a colour no vocabulary default uses


def mark_arc(drawing: Drawing, universe: Universe, *, nodes: Iterable[Hashable] = (), edges: Iterable[Hashable] = (),
             retracted: Iterable[Statement] = ()) -> Drawing:
    """`drawing` with an arc's work marked (a new Drawing; `drawing` is left as it was): the
    entities in `nodes` outlined and the edges in `edges` (statement ids) glowing in ARC_COLOUR,
    and the canon statements in `retracted` drawn faded and dashed between the nodes shown."""
    nodes, edges = set(nodes), set(edges)
    marked = {"section": "Arc", "nodes": 0, "edges": 0, "retracted": 0}
    out_nodes = []
    for node in drawing.nodes:
        if node["id"] in nodes:
            colour = node["color"]["background"] if isinstance(node["color"], dict) else node["color"]
            node = {**node, "color": {"background": colour, "border": ARC_COLOUR}, "borderWidth": max(3, node.get("borderWidth", 0)),
                    "shapeProperties": {"borderDashes": [5, 3]}, "info": [*node["info"], "Added or changed by the arc"]}
            marked["nodes"] += 1
        out_nodes.append(node)
    out_edges = []
    for edge in drawing.edges:
        if edge["id"] in edges:
            edge = {**edge, "width": 4, "shadow": {"enabled": True, "color": ARC_COLOUR, "size": 8, "x": 0, "y": 0},
                    "info": [*edge["info"], "Added or changed by the arc"]}
            marked["edges"] += 1
        out_edges.append(edge)
    names = {node["id"]: node["label"] for node in drawing.nodes}
    order = list(universe.relations)
    for statement in retracted:
        if statement.subject not in names or statement.object not in names:
            continue
        rtype = universe.relations.get(statement.relation)
        colour = safe_colour(rtype.color, PALETTE[order.index(statement.relation) % len(PALETTE)]) if rtype else NO_VALUE
        words = rtype.label if rtype else statement.relation
        out_edges.append({
            "id": f"retracted:{statement.id}", "from": statement.subject, "to": statement.object, "dashes": [4, 6],
            "color": {"color": colour, "highlight": colour, "hover": colour, "opacity": 0.3},
            "info": [f"{names[statement.subject]} {relation_phrase(words)} {names[statement.object]}", "Retracted by the arc (canon says it)"],
            "smooth": {"enabled": True, "type": "curvedCCW", "roundness": 0.15},
        })
        marked["retracted"] += 1
    legend = list(drawing.legend)
    if marked["nodes"]:
        legend.append(LegendEntry("Arc", "dashed ring: added or changed by the arc", "◌", ARC_COLOUR))
    if marked["edges"]:
        legend.append(LegendEntry("Arc", "glowing: a relation the arc adds or ends", "━━", ARC_COLOUR))
    if marked["retracted"]:
        legend.append(LegendEntry("Arc", "faded, dashed: canon the arc retracts", "╍╍╍"))
    return Drawing(out_nodes, out_edges, drawing.options, legend)


def _edge_legend(G: nx.MultiDiGraph, universe: Universe, shape_of: dict, relation_colour: dict) -> list[LegendEntry]:
    """Shapes of the kinds shown, colours of the relation types shown, styles of the evidence."""
    kinds = {data.get("kind") for _, data in G.nodes(data=True)}
    edges = [data for *_, data in G.edges(data=True)]
    relations = {data.get("relation") for data in edges}
    styles = {EDGE_STYLES[Evidence(data.get("evidence", "canon"))][0] for data in edges}
    legend = [LegendEntry("Shape: kind", kind.plural, SYMBOLS[shape_of[kid]]) for kid, kind in universe.kinds.items() if kid in kinds]
    legend += [
        LegendEntry("Edge colour: relation", rtype.label, "━━", relation_colour[rid])
        for rid, rtype in universe.relations.items()
        if rid in relations
    ]
    for style in ("solid", "dashed", "dotted"):
        if style in styles:
            levels = ", ".join(e.label.lower() for e, (name, _) in EDGE_STYLES.items() if name == style)
            legend.append(LegendEntry("Edge style: evidence", levels, LINES[style]))
    if any(not data.get("holds", True) for data in edges):
        legend.append(LegendEntry("Edge style: evidence", "faded: no longer holds at the horizon", LINES["solid"], "#8c8c8c66"))
    return legend


def _options(G: nx.MultiDiGraph, *, physics: bool) -> dict:
    big = G.number_of_nodes() > 300
    return {
        "autoResize": True,
        "physics": {"enabled": True, "stabilization": {"iterations": 200}, "solver": "barnesHut"} if physics else {"enabled": False},
        "layout": {"improvedLayout": False},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": big, "keyboard": False, "multiselect": False},
        "nodes": {"borderWidth": 1, "font": {"size": 14, "strokeWidth": 3, "strokeColor": "#ffffff"}},
        "edges": {"smooth": False, "width": 1.5, "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}}, "font": {"size": 10, "align": "middle"}},
    }


# -- scripts (the standalone file is universe.standalone) ------------------------------------

VIS_VERSION = "9.1.2"
STATIC = Path(__file__).parent / "static"  # network.js (drawNetwork) and the offline file's styles


@cache
def vis_network_js() -> str:
    """vis-network's standalone script, as shipped in pyvis' wheel (Apache-2.0 / MIT)."""
    import pyvis

    path = Path(pyvis.__file__).parent / "templates" / "lib" / f"vis-{VIS_VERSION}" / "vis-network.min.js"
    return path.read_text(encoding="utf-8")


@cache
def script(name: str) -> str:
    """One of this package's own browser scripts or styles (``universe/drawing/static/<name>``)."""
    return (STATIC / name).read_text(encoding="utf-8")
