"""Playback: what a graph's viewer knew at each story point up to their horizon, for replaying
the story on a fixed layout (nodes appear, change status; relations appear and end).

Each frame is the snapshot at that point (`Universe.as_of`), so playback can never show what the
viewer's own horizon hides: the frames stop at it.

>>> from universe.exchange.generate import tiny_universe
>>> from universe.queries.graph import build_graph
>>> snapshot = tiny_universe().as_of("S1E3")
>>> [frame.point for frame in frames(snapshot, build_graph(snapshot))]
['S1E1', 'S1E2', 'S1E3']
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import networkx as nx

from universe.story.snapshot import Snapshot
from universe.story.timeline import StoryPoint

__all__ = ["Frame", "frames", "story_points", "EVERYTHING"]

EVERYTHING = "everything"  # the point id of the last frame when the viewer has no horizon


@dataclass(frozen=True)
class Frame:
    """The nodes and edges of a graph known at one story point."""

    point: str  # a story point id (EVERYTHING for the whole story)
    label: str
    statuses: Mapping[str, str]  # node -> its status there ("" for none), for the nodes known there
    edges: Mapping[str, bool]  # edge key -> whether it holds there, for the edges known there


def story_points(snapshot: Snapshot) -> list[StoryPoint | None]:
    """The finest story points up to the snapshot's horizon, ending with the horizon itself
    (None: the whole story)."""
    horizon = snapshot.horizon
    points: list[StoryPoint | None] = [leaf for leaf in snapshot.timeline.leaves if leaf.is_seen_by(horizon)]
    if horizon is None or not points or points[-1].id != horizon.id:
        points.append(horizon)
    return points


def frames(snapshot: Snapshot, G: nx.MultiDiGraph) -> list[Frame]:
    """One frame per point of `story_points(snapshot)` over the nodes and edges of `G` (a graph
    of `snapshot`, `universe.queries.graph.build_graph`, or a selection of it)."""
    universe = snapshot.universe
    keys = {key for *_, key in G.edges(keys=True)}
    result = []
    for point in story_points(snapshot):
        there = universe.as_of(point, snapshot.min_evidence)
        statuses = {}
        for node in G:
            if node in there.entities:
                change = there.status_change_at(node) if there.entities[node].status else None
                statuses[node] = change.status if change else ""
        edges = {}
        for statement in there.statements:
            if statement.id not in keys or statement.subject not in statuses or statement.object not in statuses:
                continue
            edges[statement.id] = statement.span.holds_at(point)  # known there: drawn, faded unless it holds
        label = universe.timeline.label(point) if point is not None else "The whole story"
        result.append(Frame(point.id if point is not None else EVERYTHING, label, statuses, edges))
    return result
