"""Node colours of a drawing: by status (told apart for every vision, `universe.drawing.palette`),
kind, group or community, with the legend's (label, colour) pairs.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Hashable, Sequence

import networkx as nx

from universe.drawing.palette import NO_STATUS_COLOUR, status_colours
from universe.queries.groups import GROUP_KIND
from universe.queries.metrics import Community, communities
from universe.story.evidence import Evidence
from universe.story.snapshot import Universe

__all__ = ["PALETTE", "NO_VALUE", "LEGEND_LIMIT", "node_colours", "status_palette", "safe_colour"]

# Tableau 20: distinct, readable on light and dark backgrounds.
PALETTE = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
    "#bcbd22", "#17becf", "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5", "#c49c94",
    "#f7b6d2", "#c7c7c7", "#dbdb8d", "#9edae5",
)  # fmt: skip
NO_VALUE = "#b0bec5"
LEGEND_LIMIT = 12  # colours named in the legend before "other"
_HEX = re.compile(r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?(?:[0-9a-fA-F]{2})?")
_COLOUR = re.compile(r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?(?:[0-9a-fA-F]{2})?|[a-zA-Z]{3,20}")


def node_colours(G: nx.MultiDiGraph, universe: Universe, colour_by: str,
                  communities: Sequence[Community] | None = None) -> tuple[dict, list[tuple[str, str]]]:
    """Node -> colour, and the legend's (label, colour) pairs in a stable order."""
    if colour_by == "status":
        palette = status_palette(universe)
        vocabulary = {k: (v.label, palette[k]) for k, v in universe.statuses.items()}
        return _by_vocabulary(G, "status", vocabulary, "No status", NO_STATUS_COLOUR)
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


def status_palette(universe: Universe) -> dict[str, str]:
    """Status id -> its colour in drawings: the declared colours, each replaced when it is too
    close to another for some vision (`universe.drawing.palette.status_colours`); entities
    without a status are NO_STATUS_COLOUR."""
    declared = tuple(status.color if status.color and _HEX.fullmatch(status.color) else None for status in universe.statuses.values())
    return dict(zip(universe.statuses, _status_colours(declared)))


@lru_cache(maxsize=64)
def _status_colours(declared: tuple[str | None, ...]) -> tuple[str, ...]:
    return tuple(status_colours(declared))


def _by_vocabulary(G, attribute: str, vocabulary: dict, none_label: str, none_colour: str = NO_VALUE):
    colours = {key: safe_colour(colour, PALETTE[n % len(PALETTE)]) for n, (key, (_, colour)) in enumerate(vocabulary.items())}
    present = {data.get(attribute) or "" for _, data in G.nodes(data=True)}
    legend = [(label, colours[key]) for key, (label, _) in vocabulary.items() if key in present]
    if present - set(vocabulary):
        legend.append((none_label, none_colour))
    return {node: colours.get(data.get(attribute) or "", none_colour) for node, data in G.nodes(data=True)}, legend


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


