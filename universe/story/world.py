"""The whole story universe as loaded from its folder: vocabularies, entities, statements.

A `Universe` is data; a viewer sees it through a snapshot (`Universe.as_of`), which is where the
spoiler horizon is kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from universe.errors import EntityNotFound, Problem
from universe.story.evidence import Evidence
from universe.story.model import Entity, Kind, RelationType, Statement, Status
from universe.story.snapshot import Snapshot, as_of
from universe.story.timeline import StoryPoint, Timeline

__all__ = ["Universe"]


@dataclass(frozen=True)
class Universe:
    """A whole story universe as loaded from its folder: vocabularies, entities, statements.

    Query it through a snapshot (`universe.as_of(...)`, see `universe.story.snapshot`).
    """

    id: str
    title: str
    timeline: Timeline
    kinds: Mapping[str, Kind]
    statuses: Mapping[str, Status]
    relations: Mapping[str, RelationType]
    entities: Mapping[str, Entity]
    statements: tuple[Statement, ...]
    description: str | None = None
    work: str | None = None
    path: Path | None = None
    version: str = ""
    warnings: tuple[Problem, ...] = ()
    principal_kinds: tuple[str, ...] = ()  # as declared in universe.yaml; see `principal`

    @property
    def principal(self) -> tuple[str, ...]:
        """The kinds the character pages follow: those universe.yaml declares, else
        ``character`` when the universe has it, else every kind with a status timeline, else the
        kind with the most entities (sources aside)."""
        if self.principal_kinds:
            return self.principal_kinds
        if "character" in self.kinds:
            return ("character",)
        timed = tuple(k for k in self.kinds if any(e.kind == k and e.status for e in self.entities.values()))
        if timed:
            return timed
        counts: dict[str, int] = {}
        for entity in self.entities.values():
            if entity.kind != "source":
                counts[entity.kind] = counts.get(entity.kind, 0) + 1
        return (max(counts, key=counts.get),) if counts else tuple(self.kinds)[:1]

    def entity(self, entity_id: str) -> Entity:
        """The entity with this id; raises EntityNotFound."""
        try:
            return self.entities[entity_id]
        except KeyError:
            raise EntityNotFound(f"no entity with id {entity_id!r} in {self.id}") from None

    def as_of(self, point: StoryPoint | str | None = None, min_evidence: Evidence | str = Evidence.FAN_THEORY) -> Snapshot:
        """The universe as seen by a viewer at `point` accepting `min_evidence`: a Snapshot."""
        return as_of(self, point, min_evidence)

    def __repr__(self) -> str:
        return (
            f"<Universe {self.id!r}: {len(self.entities)} entities, "
            f"{len(self.statements)} statements>"
        )
