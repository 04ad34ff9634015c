"""When the audience learns things: default reveal points for entities and statements.

The defaults are read from the statements by column (lists of each field, walked by C loops:
`map`, `compress`, `sorted`, `dict`), with a Python step only for the entities and statements a
default changes: a universe of 100,000 statements is read a few times over, not walked field by
field. `tests/test_reveal_defaults.py` holds them to their plain definition, statement by
statement.
"""

from __future__ import annotations

from dataclasses import replace
from itertools import compress, repeat
from operator import add, attrgetter, is_, is_not, mod, mul, or_
from typing import Iterable, Mapping

from universe.storage.records import replaced
from universe.story.model import Entity, Statement
from universe.story.timeline import StoryPoint, Timeline

__all__ = ["resolve_reveals", "earliest"]

_ORDER = attrgetter("end", "start")  # which of two points is seen first (`earliest`)
_CITING = attrgetter("sources", "status")  # where an entity may cite a source


def earliest(points: Iterable[StoryPoint | None]) -> tuple[bool, StoryPoint | None]:
    """(found, earliest point), where None (visible from the start) beats every point; the first
    of those seen together (same end and start)."""
    points = points if type(points) is list else list(points)
    if not points:
        return False, None
    if any(map(is_, points, repeat(None))):
        return True, None
    return True, min(points, key=_ORDER)  # the first of the least


def resolve_reveals(
    timeline: Timeline, entities: dict[str, Entity], explicit: Mapping[str, bool], statements: list[Statement]
) -> tuple[dict[str, Entity], list[Statement]]:
    """Entities and statements with their default reveal points filled in (see
    docs/data-format.md, "Defaults"): an entity at its first status change, else its first
    explicitly revealed mention, else the first fact citing it; a statement when both its
    entities are; `spoils` pushes a reveal later."""
    subjects, objects = list(map(attrgetter("subject"), statements)), list(map(attrgetter("object"), statements))
    given = list(map(attrgetter("revealed"), statements))
    # the entities whose default comes from their mentions: no explicit point, no status change
    mentioned = any(not explicit[entity_id] and not entity.status for entity_id, entity in entities.items())
    first_mention = _first_mentions(subjects, objects, given) if mentioned else {}
    resolved: dict[str, Entity] = dict(entities)  # in their order; the defaulted replaced below
    pending_cited: list[str] = []
    defaulted, points = [], []
    for entity_id, entity in entities.items():
        if explicit[entity_id]:
            continue
        status = entity.status
        if status:
            point = status[0].revealed if len(status) == 1 else earliest([change.revealed for change in status])[1]
        else:
            at = first_mention.get(entity_id)
            point = None if at is None else given[at]
            if point is None:  # never mentioned with a point
                pending_cited.append(entity_id)
        if point is not entity.revealed:
            defaulted.append(entity)
            points.append(point)
    for entity in replaced(Entity, defaulted, "revealed", points):  # a column at a time: many
        resolved[entity.id] = entity
    final = _statement_reveals(timeline, resolved, statements, subjects, objects, given)
    if pending_cited:
        _first_cited(resolved, final, pending_cited)
    return resolved, final


def _first_mentions(subjects: list[str], objects: list[str | None], given: list[StoryPoint | None]) -> dict[str | None, int]:
    """The position of each entity's earliest explicitly revealed mention among the statements
    (their `subjects`, `objects` and `given` reveal points): the first of the earliest, as
    `earliest` over its mentions in order gives. An entity mentioned with no point only has the
    position of one whose point is None."""
    # each statement's point ranked by when it is seen (points seen together share a rank, none
    # ranks last), and ranked with its position: the smallest is the first of the earliest
    distinct = dict(zip(map(id, given), given))
    distinct.pop(id(None), None)
    keys = {key: rank for rank, key in enumerate(sorted({_ORDER(point) for point in distinct.values()}))}
    rank_of = {identity: keys[_ORDER(point)] for identity, point in distinct.items()}
    rank_of[id(None)] = len(keys)
    count = len(given)
    ranked = list(map(add, map(mul, map(rank_of.__getitem__, map(id, given)), repeat(count)), range(count)))
    least: dict[str | None, int] = {}
    get, never = least.get, (len(keys) + 1) * count
    for end, rank in zip(subjects, ranked):
        if rank < get(end, never):
            least[end] = rank
    for end, rank in zip(objects, ranked):
        if rank < get(end, never):
            least[end] = rank
    return dict(zip(least, map(mod, least.values(), repeat(count))))


def _statement_reveals(timeline: Timeline, resolved: dict[str, Entity], statements: list[Statement],
                       subjects: list[str], objects: list[str | None], given: list[StoryPoint | None]) -> list[Statement]:
    """The statements with their default reveal points: those with none of their own when both
    their entities are, pushed later by `spoils`. Only those without a point of their own or with
    `spoils` are looked at."""
    spoiling = list(map(attrgetter("spoils"), statements))
    later, positions, points = timeline.later, [], []
    shown = {entity_id: entity.revealed for entity_id, entity in resolved.items()}
    open_ = map(or_, map(is_, given, repeat(None)), map(is_not, spoiling, repeat(None)))
    for position in compress(range(len(statements)), open_):
        own, spoils = given[position], spoiling[position]
        revealed = own
        if revealed is None:
            obj = objects[position]
            revealed = later(shown[subjects[position]], shown[obj] if obj else None)
        if spoils is not None:
            revealed = later(revealed, spoils)
        if revealed is not own:
            positions.append(position)
            points.append(revealed)
    final = list(statements)
    for position, statement in zip(positions, replaced(Statement, [statements[p] for p in positions], "revealed", points)):
        final[position] = statement
    return final


def _first_cited(resolved: dict[str, Entity], final: list[Statement], pending: list[str]) -> None:
    """Entities never mentioned with a point: revealed with the first fact citing them, if one is
    (entities and their status changes first, then statements, in their order). Only the facts
    citing one of them are looked at: a statement's sources, shared among many, once each."""
    waiting = set(pending)
    citing: dict[str, list[StoryPoint | None]] = {}
    values = list(resolved.values())
    for entity in compress(values, map(any, map(_CITING, values))):  # those citing anything
        for ref in entity.sources:
            if ref.source in waiting:
                citing.setdefault(ref.source, []).append(entity.revealed)
        for change in entity.status:
            for ref in change.sources:
                if ref.source in waiting:
                    citing.setdefault(ref.source, []).append(change.revealed)
    cited = list(map(attrgetter("sources"), final))
    shared = dict(zip(map(id, cited), cited))  # one source list shared by many statements: looked at once
    relevant = {identity for identity, refs in shared.items() if any(ref.source in waiting for ref in refs)}
    for position in compress(range(len(final)), map(relevant.__contains__, map(id, cited))):
        for ref in cited[position]:
            if ref.source in waiting:
                citing.setdefault(ref.source, []).append(final[position].revealed)
    for entity_id in pending:
        found, point = earliest(citing.get(entity_id, ()))
        if found and point is not None:
            resolved[entity_id] = replace(resolved[entity_id], revealed=point)
