"""Drawings of a graph for vis-network: node and edge styles, a legend, and a standalone offline
HTML file. The only module that touches pyvis (for the vis-network script its wheel ships).

Story strings never become markup here: they travel as JSON data (shown by the browser with
``textContent`` and on a canvas) or are HTML-escaped.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Hashable, Iterable, Mapping, Sequence

import networkx as nx

from universe.errors import UniverseError
from universe.queries.graph import relation_phrase
from universe.queries.groups import GROUP_KIND
from universe.queries.metrics import Community, communities
from universe.story.evidence import Evidence
from universe.story.model import Statement
from universe.story.world import Universe

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
# Tableau 20: distinct, readable on light and dark backgrounds.
PALETTE = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
    "#bcbd22", "#17becf", "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5", "#c49c94",
    "#f7b6d2", "#c7c7c7", "#dbdb8d", "#9edae5",
)  # fmt: skip
NO_VALUE = "#b0bec5"
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
LEGEND_LIMIT = 12  # colours named in the legend before "other"
_COLOUR = re.compile(r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?(?:[0-9a-fA-F]{2})?|[a-zA-Z]{3,20}")


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
        body = {"nodes": self.nodes, "edges": self.edges, "options": self.options}
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
) -> Drawing:
    """A drawing of `G` (from `universe.queries.graph.build_graph`) in the vocabulary of `universe`.

    Nodes: colour by `colour_by` (one of COLOUR_BY), shape by kind, size by `sizes` (centrality,
    any scale). Edges: colour by relation type, dashes by evidence, faded when they no longer hold
    at the horizon. With `positions` physics is off and the browser draws at once; without, it
    lets nodes settle. The `focus` node gets a heavy border. `edge_labels` defaults to on for
    small graphs. `communities` (from `universe.queries.metrics.communities` over a bigger graph) colour
    by community; without them, the communities of `G` itself.

    Raises UniverseError for an unknown `colour_by`.
    """
    if colour_by not in COLOUR_BY:
        raise UniverseError(f"unknown colouring {colour_by!r} (known: {', '.join(COLOUR_BY)})")
    colour_of, colour_legend = _node_colours(G, universe, colour_by, communities)
    shape_of = {kind: SHAPES[n % len(SHAPES)] for n, kind in enumerate(universe.kinds)}
    top = max((sizes or {}).values(), default=0) or 1.0
    nodes = []
    for node, data in G.nodes(data=True):
        entry = _node(node, data, universe, colour_of[node], shape_of.get(data.get("kind"), "dot"))
        if sizes:
            entry["size"] = round(10 + 26 * math.sqrt(max(0.0, sizes.get(node, 0)) / top), 1)
            entry["info"].append(f"{size_label or 'Centrality'}: {sizes.get(node, 0):.3g}")
        if node == focus:
            entry["color"] = {"background": colour_of[node], "border": "#111111"}
            entry["borderWidth"] = 4
            entry["focus"] = True  # the browser draws the border in the theme's text colour
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
    return Drawing(nodes, edges, _options(G, physics=positions is None), legend)


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
            node = {**node, "color": {"background": colour, "border": ARC_COLOUR}, "borderWidth": 4,
                    "info": [*node["info"], "Added or changed by the arc"]}
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
        legend.append(LegendEntry("Arc", "outlined: added or changed by the arc", "◯", ARC_COLOUR))
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
        legend.append(LegendEntry("Edge style: evidence", "faded: no longer holds at the horizon", LINES["solid"]))
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


def _node_colours(G: nx.MultiDiGraph, universe: Universe, colour_by: str,
                  communities: Sequence[Community] | None = None) -> tuple[dict, list[tuple[str, str]]]:
    """Node -> colour, and the legend's (label, colour) pairs in a stable order."""
    if colour_by == "status":
        return _by_vocabulary(G, "status", {k: (v.label, v.color) for k, v in universe.statuses.items()}, "No status")
    if colour_by == "kind":
        return _by_vocabulary(G, "kind", {k: (v.plural, v.color) for k, v in universe.kinds.items()}, "Unknown kind")
    if colour_by == "group":
        blocks = _groups(G)
    else:
        blocks = _communities(G, universe, communities)
    colour_of, legend = {}, []
    for n, (label, members) in enumerate(blocks):
        colour = PALETTE[n % len(PALETTE)] if n < LEGEND_LIMIT else NO_VALUE
        if n < LEGEND_LIMIT:
            legend.append((label, colour))
        for member in members:
            colour_of[member] = colour
    if len(blocks) > LEGEND_LIMIT:
        legend.append((f"{len(blocks) - LEGEND_LIMIT} smaller ones", NO_VALUE))
    missing = [node for node in G if node not in colour_of]
    if missing:
        legend.append(("No group" if colour_by == "group" else "Alone", NO_VALUE))
    return {node: colour_of.get(node, NO_VALUE) for node in G}, legend


def _by_vocabulary(G, attribute: str, vocabulary: dict, none_label: str):
    colours = {key: safe_colour(colour, PALETTE[n % len(PALETTE)]) for n, (key, (_, colour)) in enumerate(vocabulary.items())}
    present = {data.get(attribute) or "" for _, data in G.nodes(data=True)}
    legend = [(label, colours[key]) for key, (label, _) in vocabulary.items() if key in present]
    if present - set(vocabulary):
        legend.append((none_label, NO_VALUE))
    return {node: colours.get(data.get(attribute) or "", NO_VALUE) for node, data in G.nodes(data=True)}, legend


def _groups(G: nx.MultiDiGraph) -> list[tuple[str, set]]:
    """Groups by size: each node in the group it relates to (as `universe.queries.groups` reads
    membership: any edge to a node of the group kind; the strongest holding one when several),
    and each group node in itself."""
    best: dict[Hashable, tuple] = {}
    for u, v, data in G.edges(data=True):
        if G.nodes[v].get("kind") != GROUP_KIND or G.nodes[u].get("kind") == GROUP_KIND:
            continue
        rank = (data.get("holds", True), Evidence(data.get("evidence", "canon")).strength, str(v))
        if u not in best or rank > best[u][0]:
            best[u] = (rank, v)
    for node, data in G.nodes(data=True):
        if data.get("kind") == GROUP_KIND:
            best[node] = ((True, 99, ""), node)
    members: dict[Hashable, set] = {}
    for node, (_, group) in best.items():
        members.setdefault(group, set()).add(node)
    ordered = sorted(members.items(), key=lambda item: (-len(item[1]), str(G.nodes[item[0]].get("name", item[0]))))
    return [(G.nodes[group].get("name", str(group)), nodes) for group, nodes in ordered]


def _communities(G: nx.MultiDiGraph, universe: Universe, found: Sequence[Community] | None) -> list[tuple[str, set]]:
    """Communities with members in `G` (those of `G` itself when `found` is None), the most
    members shown first, each named after its best-connected member; lone nodes are left out."""
    if found is None:
        found = communities(G)
    shown = [(community, community.members & G.nodes) for community in found]
    shown = [(community, members) for community, members in shown if members]
    shown.sort(key=lambda item: -len(item[1]))  # stable: the bigger community first on ties
    named = []
    for community, members in shown:
        hub = community.hub
        name = G.nodes[hub].get("name", hub) if hub in G else universe.entities[hub].name if hub in universe.entities else hub
        named.append((f"Around {name}", set(members)))
    return named


def safe_colour(value: str | None, fallback: str) -> str:
    """`value` when it is a plain CSS colour (#hex or a name), else `fallback`: colours come from
    universe files and end up in style attributes."""
    return value if value and _COLOUR.fullmatch(value) else fallback


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
