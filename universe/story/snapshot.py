"""The universe and its snapshots: the universe as a viewer at one story point, accepting some
evidence, sees it.

A `Universe` is the whole story as loaded from its folder; it is read only through `as_of`
(`Universe.as_of`), which is why both live here: the one module that decides what a viewer sees.

Nothing revealed after the horizon appears anywhere in a snapshot: not an entity, a statement, a
status change, an alias or a part of a description, nor the end of a relation that still holds,
nor a citation of a source the viewer may not see yet. Every page of the app and every CLI command
reads a snapshot, never the raw universe, so the spoiler horizon holds everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from itertools import chain, compress
from operator import attrgetter
from pathlib import Path
from typing import Iterable, Mapping

from universe.errors import EntityNotFound, Problem
from universe.story.evidence import Evidence
from universe.story.model import Entity, Kind, RelationType, Statement, Status, StatusChange
from universe.story.names import Match, NameIndex
from universe.story.timeline import Span, StoryPoint, Timeline

__all__ = ["Universe", "Snapshot", "as_of"]

#: Entities whose statements are found one pass each before the index of every entity is built.
_ONE_BY_ONE = 4


@dataclass(frozen=True)
class Universe:
    """A whole story universe as loaded from its folder: vocabularies, entities, statements.

    Query it through a snapshot (`universe.as_of(...)`, below).
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


def as_of(
    universe: Universe,
    point: "StoryPoint | str | None" = None,
    min_evidence: "Evidence | str" = Evidence.FAN_THEORY,
) -> "Snapshot":
    """The universe as seen by a viewer who has watched up to `point`, accepting facts down to
    `min_evidence` (``None`` or ``"everything"``: no horizon).

    Raises StoryPointNotFound or UnknownEvidence for labels it cannot read.

    >>> from universe.exchange.generate import tiny_universe
    >>> early = as_of(tiny_universe(), "S1E1", "canon")
    >>> "ghost" in early.entities
    False
    """
    horizon = point if isinstance(point, StoryPoint) or point is None else universe.timeline.parse_horizon(point)
    level = Evidence.parse(min_evidence)
    admitted = frozenset(e for e in Evidence if level.admits(e))
    limit = horizon.end if horizon is not None else None
    if limit is None and len(admitted) == len(Evidence):
        whole = _whole(universe)  # nothing to hide but what cites an unknown source
        if whole is not None:
            return Snapshot(universe, horizon, level, whole, universe.statements)

    def seen(revealed: StoryPoint | None) -> bool:
        return revealed is None or limit is None or revealed.end <= limit

    shown = {
        entity.id
        for entity in universe.entities.values()
        if entity.evidence in admitted and seen(entity.revealed)
    }
    cited = _Citations(shown)
    entities = {entity_id: _trim(universe.entities[entity_id], admitted, limit, cited) for entity_id in shown}
    entities = {e.id: entities[e.id] for e in universe.entities.values() if e.id in entities}  # file order
    statements = []
    keep = statements.append
    candidates = universe.statements
    if len(shown) < len(universe.entities):  # those about a hidden entity left out first, in C
        candidates = compress(candidates, map(shown.__contains__, map(_SUBJECT, candidates)))
    for s in candidates:  # one pass, the checks inline: 100,000 statements and more
        if (
            s.evidence in admitted
            and (s.revealed is None or limit is None or s.revealed.end <= limit)
            and s.subject in shown
            and (s.object is None or s.object in shown)
        ):
            sources = cited(s.sources)
            until = s.span.until
            if limit is not None and until is not None and until.end > limit:  # an end not reached yet
                keep(replace(s, sources=sources, span=Span(s.span.start, None)))
            elif sources is not s.sources:
                keep(replace(s, sources=sources, span=s.span))
            else:
                keep(s)
    return Snapshot(universe, horizon, level, entities, tuple(statements))


_ID, _SUBJECT, _OBJECT = attrgetter("id"), attrgetter("subject"), attrgetter("object")
_SOURCES, _STATUS = attrgetter("sources"), attrgetter("status")


def _whole(universe: Universe) -> dict[str, Entity] | None:
    """The entities of a snapshot with no horizon accepting every level of evidence, when that
    snapshot is the universe itself: every statement's ends and every citation name an entity
    (checked a column at a time, each distinct citation tuple once); None when something must be
    trimmed, and `as_of` trims it one by one."""
    entities = universe.entities.values()
    shown = dict(zip(map(_ID, entities), entities))
    statements = universe.statements
    if not shown.keys() >= set(map(_SUBJECT, statements)):
        return None
    objects = set(map(_OBJECT, statements))
    objects.discard(None)
    if not shown.keys() >= objects:
        return None
    cited = [*map(_SOURCES, statements), *map(_SOURCES, entities),
             *map(_SOURCES, chain.from_iterable(map(_STATUS, entities)))]
    for refs in dict(zip(map(id, cited), cited)).values():
        for ref in refs:
            if ref.source not in shown:
                return None
    return shown


class _Citations:
    """Only the citations of sources the viewer may see (a source's title can be a spoiler):
    `cited(refs)`, the same tuple when every source is shown, each distinct tuple worked out once
    (a loaded universe shares one tuple per citation)."""

    def __init__(self, shown: set) -> None:
        self.shown = shown
        self.done: dict[int, tuple] = {}

    def __call__(self, refs: tuple) -> tuple:
        if not refs:
            return refs
        done = self.done.get(id(refs))
        if done is not None and done[0] is refs:
            return done[1]
        shown = self.shown
        trimmed = refs if all(ref.source in shown for ref in refs) else tuple(ref for ref in refs if ref.source in shown)
        self.done[id(refs)] = (refs, trimmed)
        return trimmed


def _trim(entity: Entity, admitted: frozenset, limit: int | None, cited: _Citations) -> Entity:
    """The entity with only what a viewer at `limit` has seen; the same object when nothing is
    hidden (each part looked at first, and built again only when something in it is hidden)."""

    def seen(revealed: StoryPoint | None) -> bool:
        return revealed is None or limit is None or revealed.end <= limit

    aliases, passages, status, sources = entity.aliases, entity.description, entity.status, cited(entity.sources)
    if limit is not None and not all(seen(a.revealed) for a in aliases):
        aliases = tuple(a for a in aliases if seen(a.revealed))
    if not all(p.evidence in admitted and seen(p.revealed) for p in passages):
        passages = tuple(p for p in passages if p.evidence in admitted and seen(p.revealed))
    if not all(c.evidence in admitted and seen(c.revealed) and cited(c.sources) is c.sources for c in status):
        status = tuple(
            c if (trimmed := cited(c.sources)) is c.sources else replace(c, sources=trimmed)
            for c in status
            if c.evidence in admitted and seen(c.revealed)
        )
    if aliases is entity.aliases and passages is entity.description and status is entity.status and sources is entity.sources:
        return entity
    return replace(entity, aliases=aliases, description=passages, status=status, sources=sources)


@dataclass(frozen=True)
class Snapshot:
    """A consistent view of a universe at a horizon; query it, never the universe."""

    universe: Universe
    horizon: StoryPoint | None
    min_evidence: Evidence
    entities: Mapping[str, Entity]
    statements: tuple[Statement, ...]
    _cache: dict = field(default_factory=dict, repr=False, compare=False)

    # -- basics ----------------------------------------------------------------------------

    @property
    def timeline(self) -> Timeline:
        return self.universe.timeline

    @property
    def horizon_label(self) -> str:
        return self.timeline.label(self.horizon)

    def entity(self, entity_id: str) -> Entity:
        """The visible entity with this id; raises EntityNotFound (hidden and missing alike)."""
        try:
            return self.entities[entity_id]
        except KeyError:
            raise EntityNotFound(f"no entity {entity_id!r}") from None

    def of_kind(self, *kinds: str) -> list[Entity]:
        """Visible entities of these kinds, by name."""
        return sorted((e for e in self.entities.values() if e.kind in kinds), key=lambda e: e.name.casefold())

    @cached_property
    def names(self) -> NameIndex:
        return NameIndex(self.entities.values())

    def find(self, name: str) -> Entity:
        """The entity with this id, name or alias (any case, any spacing); raises EntityNotFound.

        An ambiguous name prefers a character, then the first by name.
        """
        if name in self.entities:
            return self.entities[name]
        found = self.names.lookup(name)
        if not found:
            hint = self.search(name, limit=3)
            also = f"; did you mean {', '.join(repr(m.entity.name) for m in hint)}?" if hint else ""
            raise EntityNotFound(f"no entity named {name!r}{also}")
        found.sort(key=lambda e: (e.kind != "character", e.name))
        return found[0]

    def search(self, query: str, limit: int = 10) -> list[Match]:
        """Visible entities matching `query`, best first (typo-tolerant)."""
        return self.names.search(query, limit=limit)

    # -- statements ------------------------------------------------------------------------

    @cached_property
    def _by_entity(self) -> dict[str, list[Statement]]:
        index: dict[str, list[Statement]] = {}
        for statement in self.statements:
            index.setdefault(statement.subject, []).append(statement)
            if statement.object is not None and statement.object != statement.subject:
                index.setdefault(statement.object, []).append(statement)
        return index

    def _about(self, entity_id: str) -> list[Statement]:
        """The statements with this entity at either end, in order (each once). A command
        showing one page finds them in one pass; after a few entities (a page of the app), the
        index of every entity is built once instead."""
        if "_by_entity" in self.__dict__:
            return self._by_entity.get(entity_id, [])
        found = self._cache.setdefault("about", {})
        if entity_id not in found:
            if len(found) >= _ONE_BY_ONE:
                return self._by_entity.get(entity_id, [])
            found[entity_id] = [s for s in self.statements if s.subject == entity_id or s.object == entity_id]
        return found[entity_id]

    def statements_about(self, entity_id: str) -> list[Statement]:
        """Every visible statement with this entity at either end (relations and claims)."""
        return list(self._about(entity_id))

    def relations_of(self, entity_id: str, *, holding: bool = False) -> list[Statement]:
        """Visible entity-to-entity statements of this entity; `holding`: only those holding at
        the horizon."""
        return [
            s
            for s in self._about(entity_id)
            if s.object is not None and (not holding or s.span.holds_at(self.horizon))
        ]

    def claims(self, entity_id: str | None = None) -> list[Statement]:
        """Visible literal-valued statements (real-world claims), of one entity or all."""
        pool = self._about(entity_id) if entity_id else self.statements
        return [s for s in pool if s.object is None]

    def holds(self, statement: Statement, point: StoryPoint | None = None) -> bool:
        """True when `statement` holds at `point` (default: the horizon)."""
        return statement.span.holds_at(point if point is not None else self.horizon)

    # -- status ----------------------------------------------------------------------------

    @cached_property
    def statuses(self) -> Mapping[str, Status]:
        """The status vocabulary a viewer may see: the statuses some visible entity has had by the
        horizon, in the universe's order. Listing every declared status ("Hybrid", "Presumed
        dead") in a filter or legend at the first episode would tell what is to come."""
        used = {change.status for entity in self.entities.values() for change in entity.status}
        return {key: status for key, status in self.universe.statuses.items() if key in used}

    @cached_property
    def relation_types(self) -> Mapping[str, RelationType]:
        """The relation types of the visible statements, in the universe's order (a filter listing
        "killed" or "infected" before anyone is would say what is coming)."""
        used = {statement.relation for statement in self.statements}
        return {key: kind for key, kind in self.universe.relations.items() if key in used}

    def status_timeline(self, entity_id: str) -> tuple[StatusChange, ...]:
        """The visible status changes of an entity, in story order."""
        return self.entity(entity_id).status

    def status_change_at(self, entity_id: str, point: "StoryPoint | str | None" = None) -> StatusChange | None:
        """The status change in force at the end of `point` (default: the horizon), or None."""
        point = self._point(point)
        current = None
        for change in self.entity(entity_id).status:
            if point is None or change.at.start <= point.end:
                current = change
            else:
                break
        return current

    def status_at(self, entity_id: str, point: "StoryPoint | str | None" = None) -> str | None:
        """The status id of an entity at the end of `point` (default: the horizon), or None
        when nothing is known by then.

        >>> from universe.exchange.generate import tiny_universe
        >>> as_of(tiny_universe()).status_at("alice", "S1E2")
        'dead'
        """
        change = self.status_change_at(entity_id, point)
        return change.status if change else None

    def survivors(
        self,
        point: "StoryPoint | str | None" = None,
        statuses: Iterable[str] | None = None,
        kinds: Iterable[str] = ("character",),
    ) -> list[tuple[Entity, StatusChange]]:
        """Entities of `kinds` with their status change in force at `point`, optionally only
        those whose status is in `statuses`; by name."""
        point = self._point(point)
        wanted = set(statuses) if statuses else None
        rows = []
        for entity in self.of_kind(*kinds):
            change = self.status_change_at(entity.id, point)
            if change is None or (wanted is not None and change.status not in wanted):
                continue
            rows.append((entity, change))
        return rows

    def _point(self, point: "StoryPoint | str | None") -> StoryPoint | None:
        if point is None:
            return self.horizon
        if isinstance(point, StoryPoint):
            return point
        return self.timeline.parse_horizon(point)
