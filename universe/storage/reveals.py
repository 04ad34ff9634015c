"""When the audience learns things: default reveal points for entities and statements.

The defaults are read from the statements by column (lists of each field, filtered by C loops:
`map`, `compress`), with one Python step per end of a statement whose entity takes its default
from its mentions (a comparison of two small numbers, `_ranked`), and per statement whose own
default changes. On 100,000 statements this is about level with walking them one by one (a tenth
faster on the two-kind universe, a tenth slower on the generated one): Python's per-element cost
is the floor either way. `tests/test_reveal_defaults.py` and `tests/test_reveal_columns.py` hold
the defaults to their plain definition, statement by statement.
"""

from __future__ import annotations

from dataclasses import replace
from itertools import compress, repeat
from operator import add, attrgetter, is_, is_not, mul, or_
from typing import Callable, Iterable, Mapping

from universe.storage.records import replaced
from universe.story.model import Entity, Statement
from universe.story.timeline import StoryPoint, Timeline

__all__ = ["resolve_reveals", "earliest"]

_ORDER = attrgetter("end", "start")  # which of two points is seen first (`earliest`)
_CITING = attrgetter("sources", "status")  # where an entity may cite a source
_NEVER = float("inf")  # more than any number `_ranked` gives
_SHORT = 8  # `earliest` walks a list this long in Python, a longer one in C
_FEW_LISTS = 4  # source lists `_first_cited` reads a column at a time each


def earliest(points: Iterable[StoryPoint | None]) -> tuple[bool, StoryPoint | None]:
    """(found, earliest point), where None (visible from the start) beats every point; the first
    of those seen together (same end and start). A long list is read in C (`min`)."""
    if type(points) is list and len(points) > _SHORT:
        if any(map(is_, points, repeat(None))):
            return True, None
        return True, min(points, key=_ORDER)  # the first of the least
    found, best = False, None
    for point in points:
        if point is None:
            return True, None
        if not found or (point.end, point.start) < (best.end, best.start):
            found, best = True, point
    return found, best


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
    mentioned = {entity_id for entity_id, entity in entities.items() if not explicit[entity_id] and not entity.status}
    first_mention = _first_mentions(subjects, objects, given, mentioned) if mentioned else {}
    resolved: dict[str, Entity] = dict(entities)  # in their order; the defaulted replaced below
    pending_cited: list[str] = []
    defaulted, points = [], []
    for entity_id, entity in entities.items():
        if explicit[entity_id]:
            continue
        status = entity.status
        if status:
            point = status[0].revealed if len(status) == 1 else earliest(change.revealed for change in status)[1]
        else:
            point = first_mention.get(entity_id)
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


def _ranked(points: list[StoryPoint | None]) -> tuple[list[int], Callable[[int], StoryPoint | None]]:
    """A number for each of `points` (a column), the smaller the earlier it is seen (None last),
    and the point a number stands for: the least number among some of the points stands for the
    first of their earliest, as `earliest` finds it. Each distinct point is its rank; only when
    two points are seen together (same end and start) is the number the rank and the position,
    so that the first of them wins."""
    distinct = dict(zip(map(id, points), points))
    distinct.pop(id(None), None)
    keys = sorted({_ORDER(point) for point in distinct.values()})
    rank_of_key = {key: rank for rank, key in enumerate(keys)}
    rank_of = {identity: rank_of_key[_ORDER(point)] for identity, point in distinct.items()}
    rank_of[id(None)] = none = len(keys)
    ranks = list(map(rank_of.__getitem__, map(id, points)))
    if len(keys) == len(distinct):  # each rank is one point
        by_rank = {rank_of[identity]: point for identity, point in distinct.items()}
        by_rank[none] = None
        return ranks, by_rank.__getitem__
    count = len(points)
    return list(map(add, map(mul, ranks, repeat(count)), range(count))), lambda number: points[number % count]


def _least(owners: Iterable, numbers: Iterable[int], least: dict) -> None:
    """Each owner's least number (of those `owners` and `numbers` pair) into `least`."""
    get, never = least.get, _NEVER
    for owner, number in zip(owners, numbers):
        if number < get(owner, never):
            least[owner] = number


def _first_mentions(subjects: list[str], objects: list[str | None], given: list[StoryPoint | None],
                    mentioned: set[str]) -> dict[str, StoryPoint]:
    """The earliest explicitly revealed mention of each `mentioned` entity among the statements
    (their `subjects`, `objects` and `given` reveal points): the first of the earliest, as
    `earliest` over its mentions in order gives. Only the ends `mentioned` that have a point are
    looked at one by one."""
    ranked, point_of = _ranked(given)
    least: dict[str, int] = {}
    for ends in (subjects, objects):
        chosen = list(map(mentioned.__contains__, ends))
        _least(compress(ends, chosen), compress(ranked, chosen), least)
    return dict(zip(least, map(point_of, least.values())))  # None: only mentioned without a point


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
    # the statements': each source list (one list is often shared by many) citing one waiting
    cited = list(map(attrgetter("sources"), final))
    identities = list(map(id, cited))
    shared = dict(zip(identities, cited))
    waited = {identity: sorted(found) for identity, refs in shared.items() if (found := {ref.source for ref in refs} & waiting)}
    if waited and len(waited) <= _FEW_LISTS and sum(map(len, waited.values())) == len(set().union(*waited.values())):
        # few lists, none citing a source another cites: each list's statements read in C, in order
        for identity, sources in waited.items():
            points = list(compress(map(attrgetter("revealed"), final), map(is_, cited, repeat(shared[identity]))))
            for source in sources:
                citing.setdefault(source, []).extend(points)
    elif waited:
        for position in compress(range(len(final)), map(waited.__contains__, identities)):
            for source in waited[identities[position]]:
                citing.setdefault(source, []).append(final[position].revealed)
    for entity_id in pending:
        found, point = earliest(citing.get(entity_id, ()))
        if found and point is not None:
            resolved[entity_id] = replace(resolved[entity_id], revealed=point)
