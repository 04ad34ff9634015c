"""The records of a story universe: entities, statements, status changes and their types.

The whole universe that holds them is `universe.story.snapshot.Universe`.

Every object is frozen: a loaded universe is shared by every session of the app.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping

from universe.story.evidence import Evidence, Rank
from universe.story.timeline import Span, StoryPoint

__all__ = [
    "Kind",
    "Status",
    "RelationType",
    "SourceRef",
    "Alias",
    "Passage",
    "StatusChange",
    "Entity",
    "Statement",
]


@dataclass(frozen=True, slots=True)
class Kind:
    """A kind of entity a universe declares (character, location, plot thread...)."""

    id: str
    label: str
    plural: str
    color: str | None = None
    description: str | None = None


@dataclass(frozen=True, slots=True)
class Status:
    """One value of a universe's status vocabulary; `terminal` means dead for good."""

    id: str
    label: str
    color: str | None = None
    terminal: bool = False
    description: str | None = None


@dataclass(frozen=True, slots=True)
class RelationType:
    """A relation a universe declares, with how it reads in each direction."""

    id: str
    label: str
    inverse: str | None = None
    symmetric: bool = False
    family: str = "other"
    subject_kinds: tuple[str, ...] = ()
    object_kinds: tuple[str, ...] = ()
    value: bool = False
    containment: bool = False
    posthumous: bool = False
    portrayal: bool = False  # a performer plays a role: shown as "played by" on the role's page
    color: str | None = None
    description: str | None = None

    @property
    def inverse_label(self) -> str:
        """How the relation reads from the object's side (``child of`` for ``parent of``)."""
        if self.symmetric:
            return self.label
        return self.inverse or f"{self.label} (inverse)"


@dataclass(frozen=True, slots=True)
class SourceRef:
    """A citation: a source entity, with an optional quote and locator (page, timestamp)."""

    source: str
    quote: str | None = None
    locator: str | None = None


@dataclass(frozen=True, slots=True)
class Alias:
    """Another name of an entity; a spoiler alias has its own reveal point."""

    name: str
    revealed: StoryPoint | None = None


@dataclass(frozen=True, slots=True)
class Passage:
    """One part of a description, revealed at its own point."""

    text: str
    revealed: StoryPoint | None = None
    evidence: Evidence = Evidence.CANON


@dataclass(frozen=True, slots=True)
class StatusChange:
    """One step of an entity's status timeline: from `at` on, the entity is `status`."""

    entity: str
    at: StoryPoint
    status: str
    evidence: Evidence = Evidence.CANON
    revealed: StoryPoint | None = None  # effective: defaults to `at`
    sources: tuple[SourceRef, ...] = ()
    note: str | None = None
    origin: str = ""  # "file:line" where it was written, for messages and the editor


@dataclass(frozen=True, slots=True)
class Entity:
    """Anything with a page. `revealed` is effective: the point its first mention is seen."""

    id: str
    kind: str
    name: str
    aliases: tuple[Alias, ...] = ()
    description: tuple[Passage, ...] = ()
    revealed: StoryPoint | None = None
    evidence: Evidence = Evidence.CANON
    sources: tuple[SourceRef, ...] = ()
    point: StoryPoint | None = None
    url: str | None = None
    date: str | None = None
    attributes: Mapping[str, object] = field(default_factory=lambda: MappingProxyType({}))
    status: tuple[StatusChange, ...] = ()
    note: str | None = None
    origin: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        """The name and every alias."""
        return (self.name, *(a.name for a in self.aliases))

    @property
    def text(self) -> str:
        """The description as one paragraph."""
        return " ".join(p.text for p in self.description)


@dataclass(frozen=True, slots=True)
class Statement:
    """One fact: `subject` `relation` `object` (an entity) or `value` (a literal).

    `revealed` is effective (the point the audience learns it, `spoils` included); `span` is
    when it holds in story time; `date` is the real-world date of a real-world claim; `weight`
    is how strong the relation is, when the data counts it (interactions, co-appearances).
    """

    id: str
    subject: str
    relation: str
    object: str | None = None
    value: str | None = None
    span: Span = Span()
    revealed: StoryPoint | None = None
    spoils: StoryPoint | None = None
    date: str | None = None
    weight: float | None = None
    evidence: Evidence = Evidence.CANON
    rank: Rank = Rank.NORMAL
    sources: tuple[SourceRef, ...] = ()
    note: str | None = None
    origin: str = ""

    @property
    def is_claim(self) -> bool:
        """True for a literal-valued statement (a real-world claim such as viewing figures)."""
        return self.object is None

    def other(self, entity_id: str) -> str | None:
        """The entity at the other end from `entity_id`."""
        return self.object if entity_id == self.subject else self.subject
