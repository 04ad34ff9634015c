"""pandas tables of a snapshot: entities, statements, status changes, survivors, counts."""

from __future__ import annotations

from bisect import bisect_left
from itertools import accumulate
from typing import Iterable

import pandas as pd

from universe.story.snapshot import Snapshot
from universe.story.timeline import StoryPoint

__all__ = [
    "entities_table",
    "statements_table",
    "status_table",
    "survivors_table",
    "status_counts",
    "status_events",
]


def _sources(refs) -> str:
    return "; ".join(ref.source for ref in refs)


def _point(point: StoryPoint | None) -> str:
    return point.id if point is not None else ""


def entities_table(snapshot: Snapshot) -> pd.DataFrame:
    """One row per visible entity: id, kind, name, aliases, status at the horizon, revealed."""
    rows = []
    for entity in snapshot.entities.values():
        rows.append(
            {
                "id": entity.id,
                "kind": entity.kind,
                "name": entity.name,
                "aliases": "; ".join(a.name for a in entity.aliases),
                "status": snapshot.status_at(entity.id) or "" if entity.status else "",
                "revealed": _point(entity.revealed),
                "evidence": entity.evidence.value,
                "description": entity.text,
                "url": entity.url or "",
            }
        )
    return pd.DataFrame(rows, columns=["id", "kind", "name", "aliases", "status", "revealed", "evidence", "description", "url"])


def statements_table(snapshot: Snapshot) -> pd.DataFrame:
    """One row per visible statement (relations and real-world claims)."""
    rows = [
        {
            "id": s.id,
            "subject": s.subject,
            "relation": s.relation,
            "object": s.object or "",
            "value": s.value or "",
            "from": _point(s.span.start),
            "until": _point(s.span.until),
            "revealed": _point(s.revealed),
            "date": s.date or "",
            "weight": s.weight,
            "evidence": s.evidence.value,
            "rank": s.rank.value,
            "sources": _sources(s.sources),
            "note": s.note or "",
        }
        for s in snapshot.statements
    ]
    return pd.DataFrame(rows, columns=["id", "subject", "relation", "object", "value", "from", "until", "revealed", "date", "weight", "evidence", "rank", "sources", "note"])


def status_table(snapshot: Snapshot) -> pd.DataFrame:
    """One row per visible status change, in story order per entity."""
    rows = [
        {
            "entity": change.entity,
            "at": change.at.id,
            "status": change.status,
            "evidence": change.evidence.value,
            "revealed": _point(change.revealed),
            "sources": _sources(change.sources),
            "note": change.note or "",
        }
        for entity in snapshot.entities.values()
        for change in entity.status
    ]
    return pd.DataFrame(rows, columns=["entity", "at", "status", "evidence", "revealed", "sources", "note"])


def survivors_table(
    snapshot: Snapshot,
    point: "StoryPoint | str | None" = None,
    statuses: Iterable[str] | None = None,
    kinds: Iterable[str] = ("character",),
) -> pd.DataFrame:
    """Who is in which status at `point` (default: the horizon): name, status, since, evidence."""
    rows = []
    for entity, change in snapshot.survivors(point, statuses, kinds):
        status = snapshot.universe.statuses.get(change.status)
        rows.append(
            {
                "id": entity.id,
                "name": entity.name,
                "status": change.status,
                "status_label": status.label if status else change.status,
                "since": change.at.id,
                "evidence": change.evidence.value,
                "note": change.note or "",
            }
        )
    return pd.DataFrame(rows, columns=["id", "name", "status", "status_label", "since", "evidence", "note"])


def status_counts(snapshot: Snapshot, kinds: Iterable[str] = ("character",)) -> pd.DataFrame:
    """How many entities are in each status at each leaf point up to the horizon.

    Rows are story points (in order), columns the statuses of the universe's vocabulary. Each
    status change counts from its point until the entity's next change (one pass over the
    changes, not one lookup per entity and point).
    """
    leaves = [p for p in snapshot.timeline.leaves if p.is_seen_by(snapshot.horizon)]
    statuses = list(snapshot.universe.statuses)
    ends = [p.end for p in leaves]
    kinds = set(kinds)
    steps = {status: [0] * (len(leaves) + 1) for status in statuses}
    for entity in snapshot.entities.values():
        if entity.kind not in kinds or not entity.status:
            continue
        changes = entity.status  # in story order: each holds until the next one starts
        for change, following in zip(changes, (*changes[1:], None)):
            if change.status not in steps:
                continue
            first = bisect_left(ends, change.at.start)  # the first leaf it is in force at
            stop = bisect_left(ends, following.at.start) if following is not None else len(leaves)
            if first < stop:
                steps[change.status][first] += 1
                steps[change.status][stop] -= 1
    frame = pd.DataFrame({status: list(accumulate(steps[status][:-1])) for status in statuses},
                         index=[p.id for p in leaves], columns=statuses).astype(int)
    frame.index.name = "point"
    return frame


def status_events(snapshot: Snapshot, kinds: Iterable[str] = ("character",)) -> pd.DataFrame:
    """Every visible status change that is a change (not a first appearance), in story order:
    point, entity, name, from status, to status, evidence."""
    rows = []
    for entity in snapshot.of_kind(*kinds):
        previous = None
        for change in entity.status:
            if previous is not None and previous != change.status:
                rows.append(
                    {
                        "point": change.at.id,
                        "order": change.at.sort_key,
                        "entity": entity.id,
                        "name": entity.name,
                        "from": previous,
                        "to": change.status,
                        "evidence": change.evidence.value,
                    }
                )
            previous = change.status
    rows.sort(key=lambda r: (r["order"], r["name"]))
    for row in rows:
        del row["order"]
    return pd.DataFrame(rows, columns=["point", "entity", "name", "from", "to", "evidence"])
