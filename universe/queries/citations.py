"""What cites a source: the visible entities, statements and status changes that name it.

>>> from universe.exchange.generate import tiny_universe
>>> cited = citations(tiny_universe().as_of("S1E1"), "notes")
>>> [statement.id for statement, ref in cited.statements]
['alice/friend/bob']
"""

from __future__ import annotations

from dataclasses import dataclass

from universe.story.model import Entity, SourceRef, Statement, StatusChange
from universe.story.snapshot import Snapshot

__all__ = ["Citations", "citations"]


@dataclass(frozen=True)
class Citations:
    """Everything visible that cites one source, with the reference (quote, locator) used."""

    source: Entity
    entities: tuple[tuple[Entity, SourceRef], ...] = ()
    statements: tuple[tuple[Statement, SourceRef], ...] = ()
    statuses: tuple[tuple[StatusChange, SourceRef], ...] = ()

    def __len__(self) -> int:
        return len(self.entities) + len(self.statements) + len(self.statuses)


def citations(snapshot: Snapshot, source_id: str) -> Citations:
    """What cites `source_id` as of the snapshot. Raises EntityNotFound for an unknown or
    hidden source."""
    source = snapshot.entity(source_id)

    def ref(refs) -> SourceRef | None:
        return next((r for r in refs if r.source == source.id), None)

    entities, statuses = [], []
    for entity in sorted(snapshot.entities.values(), key=lambda e: e.name.casefold()):
        if (found := ref(entity.sources)) is not None:
            entities.append((entity, found))
        for change in entity.status:
            if (found := ref(change.sources)) is not None:
                statuses.append((change, found))
    statements = [(s, found) for s in snapshot.statements if (found := ref(s.sources)) is not None]
    return Citations(source, tuple(entities), tuple(statements), tuple(statuses))
