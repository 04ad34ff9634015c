"""What a viewer learns at each story point: status changes, new entities, relations and claims.

Every fact is first seen at one leaf of the timeline: the last leaf of the point it is revealed
at (a fact revealed "in S2" is seen once the whole season has been watched; a fact with no
reveal point is seen from the first leaf). The changes of a point are the facts first seen at
its leaves, read from a snapshot, so nothing beyond the snapshot's horizon ever shows.

>>> from universe.exchange.generate import tiny_universe
>>> snapshot = tiny_universe().as_of("S1E3", "canon")
>>> [step.sentence(snapshot) for step in changes_at(snapshot, "S1E2").statuses]
['Alice: alive → dead']
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from universe.queries.phrases import relation_phrase
from universe.story.model import Entity, Statement, StatusChange
from universe.story.snapshot import Snapshot
from universe.story.timeline import StoryPoint

if TYPE_CHECKING:  # pandas only when a table is asked for: the Overview page never needs it
    import pandas as pd

__all__ = ["StatusStep", "Changes", "changes_at", "changes_by_point", "latest_changes", "first_seen", "statement_sentence", "changes_table"]


@dataclass(frozen=True, slots=True)
class StatusStep:
    """A status change as a viewer learns it: who, from what (None: first known status), to what."""

    entity: Entity
    previous: str | None
    change: StatusChange

    def sentence(self, snapshot: Snapshot) -> str:
        """``Alice: alive → dead`` (``Bob: alive`` for a first known status), with the universe's
        status labels."""
        statuses = snapshot.universe.statuses

        def label(status: str) -> str:
            return statuses[status].label.lower() if status in statuses else status

        if self.previous is None:
            return f"{self.entity.name}: {label(self.change.status)}"
        return f"{self.entity.name}: {label(self.previous)} → {label(self.change.status)}"


@dataclass(frozen=True, slots=True)
class Changes:
    """What is first seen at `point`, in story order within each part."""

    point: StoryPoint
    statuses: tuple[StatusStep, ...] = ()
    entities: tuple[Entity, ...] = ()
    relations: tuple[Statement, ...] = ()
    ended: tuple[Statement, ...] = ()
    claims: tuple[Statement, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (self.statuses or self.entities or self.relations or self.ended or self.claims)

    def __len__(self) -> int:
        return len(self.statuses) + len(self.entities) + len(self.relations) + len(self.ended) + len(self.claims)


def first_seen(revealed: StoryPoint | None) -> int:
    """The leaf index at which a fact revealed at `revealed` is first seen (0: from the start)."""
    return 0 if revealed is None else revealed.end


def _buckets(snapshot: Snapshot) -> dict[int, dict[str, list]]:
    """Every visible fact, filed under the leaf index where it is first seen."""
    buckets: dict[int, dict[str, list]] = {}

    def put(leaf: int, part: str, item) -> None:
        buckets.setdefault(leaf, {}).setdefault(part, []).append(item)

    for entity in snapshot.entities.values():
        put(first_seen(entity.revealed), "entities", entity)
        previous = None
        for change in entity.status:
            if change.status != previous:
                put(first_seen(change.revealed), "statuses", StatusStep(entity, previous, change))
            previous = change.status
    horizon_end = snapshot.horizon.end if snapshot.horizon is not None else None
    for statement in snapshot.statements:
        if statement.object is None:
            put(first_seen(statement.revealed), "claims", statement)
            continue
        put(first_seen(statement.revealed), "relations", statement)
        until = statement.span.until
        if until is not None and (horizon_end is None or until.end <= horizon_end):
            # seen to end once the viewer has seen both the relation and its end
            put(max(until.end, first_seen(statement.revealed)), "ended", statement)
    return buckets


def changes_at(snapshot: Snapshot, point: "StoryPoint | str") -> Changes:
    """What is first seen at `point` (an episode, or a whole season), as of the snapshot.

    Parts beyond the snapshot's horizon are empty: a snapshot holds nothing later. Raises
    StoryPointNotFound for an unknown label.
    """
    return _collect(snapshot.timeline.parse(point), _buckets(snapshot))


def changes_by_point(snapshot: Snapshot) -> list[Changes]:
    """The changes of every leaf up to the snapshot's horizon, in story order."""
    buckets = _buckets(snapshot)
    return [_collect(leaf, buckets) for leaf in snapshot.timeline.leaves if leaf.is_seen_by(snapshot.horizon)]


def latest_changes(snapshot: Snapshot) -> Changes | None:
    """The changes of the last leaf up to the snapshot's horizon where anything changed (None:
    nothing ever did); the last non-empty item of `changes_by_point`, found from the end.

    >>> from universe.exchange.generate import tiny_universe
    >>> latest_changes(tiny_universe().as_of("S1E3", "canon")).point.id
    'S1E3'
    """
    buckets = _buckets(snapshot)
    seen = [leaf for leaf in snapshot.timeline.leaves if leaf.is_seen_by(snapshot.horizon)]
    for leaf in reversed(seen):
        if any(buckets.get(index) for index in range(leaf.start, leaf.end + 1)):
            return _collect(leaf, buckets)
    return None


def _collect(point: StoryPoint, buckets: dict[int, dict[str, list]]) -> Changes:
    parts: dict[str, list] = {}
    for leaf in range(point.start, point.end + 1):
        for part, items in buckets.get(leaf, {}).items():
            parts.setdefault(part, []).extend(items)
    return Changes(
        point=point,
        statuses=tuple(sorted(parts.get("statuses", ()), key=lambda s: (s.change.at.sort_key, s.entity.name.casefold()))),
        entities=tuple(sorted(parts.get("entities", ()), key=lambda e: (e.kind, e.name.casefold()))),
        relations=tuple(sorted(parts.get("relations", ()), key=_statement_order)),
        ended=tuple(sorted(parts.get("ended", ()), key=_statement_order)),
        claims=tuple(sorted(parts.get("claims", ()), key=lambda s: (s.date or "", s.relation, s.id))),
    )


def _statement_order(statement: Statement) -> tuple:
    start = statement.span.start.sort_key if statement.span.start else (-1, 0, 0)
    return (start, statement.relation, statement.subject, statement.object or "")


def statement_sentence(snapshot: Snapshot, statement: Statement) -> str:
    """A statement in words: ``Bob killed Alice``, ``Tiny: viewing figures: 12 million``.

    >>> from universe.exchange.generate import tiny_universe
    >>> snapshot = tiny_universe().as_of()
    >>> statement_sentence(snapshot, changes_at(snapshot, "S1E2").relations[0])
    'Bob killed Alice'
    """
    rtype = snapshot.universe.relations[statement.relation]
    subject = snapshot.entities[statement.subject].name
    if statement.object is None:
        return f"{subject}: {rtype.label}: {statement.value}"
    return f"{subject} {relation_phrase(rtype.label)} {snapshot.entities[statement.object].name}"


def changes_table(snapshot: Snapshot, changes: "list[Changes] | None" = None) -> pd.DataFrame:
    """One row per story point up to the horizon: how many status changes, newcomers, new and
    ended relations and claims it brings, and the status changes in words."""
    rows = [
        {
            "point": c.point.id,
            "title": snapshot.timeline.label(c.point),
            "status changes": sum(1 for s in c.statuses if s.previous is not None),
            "first seen": len(c.entities),
            "new relations": len(c.relations),
            "ended relations": len(c.ended),
            "real-world facts": len(c.claims),
            "what happens": "; ".join(s.sentence(snapshot) for s in c.statuses if s.previous is not None),
        }
        for c in (changes if changes is not None else changes_by_point(snapshot))
    ]
    columns = ["point", "title", "status changes", "first seen", "new relations", "ended relations", "real-world facts", "what happens"]
    import pandas as pd

    return pd.DataFrame(rows, columns=columns)
