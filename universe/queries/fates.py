"""Fates: each character's status across the story points, as a viewer follows them.

A *lane* is one entity's status at every leaf point (episode, chapter) from the point it is first
seen up to the horizon, with the points where it changed. The *fate counts* say, point by point,
how many were introduced there, how many are still as they were introduced (surviving), how many
have changed to another status (turned, or missing) and how many are dead (a terminal status), so
a count never rises just because people are introduced.

"As they were introduced" is read from the data, not from a status name: the status most entities
start in (``alive`` in most vocabularies).

>>> from universe.exchange.generate import tiny_universe
>>> snapshot = tiny_universe().as_of("S1E3")
>>> [(f.entity.id, f.status, f.first.id, [c.id for c in f.changed]) for f in fates(snapshot)]
[('alice', 'dead', 'S1E1', ['S1E2']), ('bob', 'alive', 'S1E1', []), ('carol', 'infected', 'S1E1', ['S1E3']), ('ghost', 'unknown', 'S1E3', [])]
>>> fate_counts(snapshot).loc["S1E3"].to_dict()
{'introduced': 1, 'surviving': 1, 'turned': 1, 'dead': 1}
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Iterable

import pandas as pd

from universe.story.model import Entity
from universe.story.snapshot import Snapshot
from universe.story.timeline import StoryPoint

__all__ = ["Fate", "fates", "starting_status", "fate_counts", "sorted_fates", "lane_table", "BUCKETS", "SORTS"]

#: The columns of `fate_counts`, in the order a chart stacks them.
BUCKETS = ("introduced", "surviving", "turned", "dead")
#: How lanes can be ordered: by fate (the dead first, by when they died; then the turned; then
#: the survivors), by name, by when each is first seen, by the last change.
SORTS = {"fate": "Fate", "name": "Name", "first": "First seen", "changed": "Last change"}


@dataclass(frozen=True)
class Fate:
    """One entity's lane: its status at each leaf point it is known at, and where it changed."""

    entity: Entity
    track: tuple[tuple[StoryPoint, str], ...]  # (leaf, status at its end), from the first seen
    changed: tuple[StoryPoint, ...]  # the leaves where the status differs from the one before
    status: str  # at the horizon
    terminal: bool  # the status at the horizon is terminal (dead for good)

    @property
    def first(self) -> StoryPoint:
        return self.track[0][0]

    @property
    def last_change(self) -> StoryPoint | None:
        return self.changed[-1] if self.changed else None


def _leaves(snapshot: Snapshot) -> list[StoryPoint]:
    return [p for p in snapshot.timeline.leaves if p.is_seen_by(snapshot.horizon)]


def fates(snapshot: Snapshot, kinds: Iterable[str] = ("character",)) -> list[Fate]:
    """The lane of every visible entity of `kinds` that has a status, by name."""
    leaves = _leaves(snapshot)
    statuses = snapshot.universe.statuses
    found = []
    for entity in snapshot.of_kind(*kinds):
        changes = entity.status
        track, changed, index, current = [], [], 0, None
        for leaf in leaves:
            previous = current
            while index < len(changes) and changes[index].at.start <= leaf.end:
                current = changes[index].status
                index += 1
            if current is None:
                continue
            if previous is not None and previous != current:
                changed.append(leaf)
            track.append((leaf, current))
        if track:
            status = track[-1][1]
            terminal = status in statuses and statuses[status].terminal
            found.append(Fate(entity, tuple(track), tuple(changed), status, terminal))
    return found


def starting_status(found: list[Fate]) -> str | None:
    """The status most of these entities are first seen in (None when there are none)."""
    counted = Counter(fate.track[0][1] for fate in found)
    return counted.most_common(1)[0][0] if counted else None


def fate_counts(snapshot: Snapshot, kinds: Iterable[str] = ("character",)) -> pd.DataFrame:
    """Per leaf point up to the horizon (rows, in story order): how many entities of `kinds` are
    first seen there (``introduced``), and of those seen before, how many are in their
    `starting_status` (``surviving``), in a terminal status (``dead``) or in any other
    (``turned``). Each row sums to the number known by that point."""
    leaves = _leaves(snapshot)
    found = fates(snapshot, kinds)
    start = starting_status(found)
    statuses = snapshot.universe.statuses
    position = {leaf.id: index for index, leaf in enumerate(leaves)}
    rows = [dict.fromkeys(BUCKETS, 0) for _ in leaves]
    for fate in found:
        first = position[fate.first.id]
        rows[first]["introduced"] += 1
        for leaf, status in fate.track[1:]:
            if status in statuses and statuses[status].terminal:
                bucket = "dead"
            elif status == start:
                bucket = "surviving"
            else:
                bucket = "turned"
            rows[position[leaf.id]][bucket] += 1
    frame = pd.DataFrame(rows, index=[leaf.id for leaf in leaves], columns=list(BUCKETS)).astype(int)
    frame.index.name = "point"
    return frame


def sorted_fates(found: list[Fate], by: str = "fate") -> list[Fate]:
    """`found` in the order `by` (one of `SORTS`) asks for."""
    if by == "name":
        return sorted(found, key=lambda f: f.entity.name.casefold())
    if by == "first":
        return sorted(found, key=lambda f: (f.first.sort_key, f.entity.name.casefold()))
    if by == "changed":
        return sorted(found, key=lambda f: (f.last_change is None, -f.last_change.start if f.last_change else 0,
                                            f.entity.name.casefold()))
    start = starting_status(found)

    def fate_order(fate: Fate) -> tuple:
        group = 0 if fate.terminal else 2 if fate.status == start else 1
        when = fate.last_change.sort_key if fate.last_change else fate.first.sort_key
        return (group, when, fate.entity.name.casefold())

    return sorted(found, key=fate_order)


def lane_table(snapshot: Snapshot, found: list[Fate]) -> pd.DataFrame:
    """The lanes as rows for a chart: entity, name, lane (its order), point, order of the point,
    status, its label, and whether the status changed at that point (with from what)."""
    statuses = snapshot.universe.statuses
    rows = []
    for lane, fate in enumerate(found):
        previous = None
        changed = {p.id for p in fate.changed}
        for leaf, status in fate.track:
            rows.append({
                "entity": fate.entity.id, "name": fate.entity.name, "lane": lane, "point": leaf.id,
                "order": leaf.start,
                "status": status, "label": statuses[status].label if status in statuses else status,
                "changed": leaf.id in changed,
                "was": (statuses[previous].label if previous in statuses else previous) if leaf.id in changed else "",
            })
            previous = status
    return pd.DataFrame(rows, columns=["entity", "name", "lane", "point", "order", "status", "label", "changed", "was"])
