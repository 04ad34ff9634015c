"""When the audience learns things: default reveal points for entities and statements."""

from __future__ import annotations

from dataclasses import replace
from operator import attrgetter
from typing import Iterable, Mapping

from universe.storage.records import replaced
from universe.story.model import Entity, Statement
from universe.story.timeline import StoryPoint, Timeline

__all__ = ["resolve_reveals", "earliest"]


def earliest(points: Iterable[StoryPoint | None]) -> tuple[bool, StoryPoint | None]:
    """(found, earliest point), where None (visible from the start) beats every point."""
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
    # the entities whose default comes from their mentions: no explicit point, no status change
    mentioned = {entity_id for entity_id, entity in entities.items() if not explicit[entity_id] and not entity.status}
    mentions: dict[str, list[StoryPoint | None]] = {}
    # the statements' fields as columns (read in C), walked together
    subjects, objects = list(map(attrgetter("subject"), statements)), list(map(attrgetter("object"), statements))
    given, spoiling = list(map(attrgetter("revealed"), statements)), list(map(attrgetter("spoils"), statements))
    for subject, obj, revealed in zip(subjects, objects, given) if mentioned else ():
        if revealed is not None:  # explicit revealed, or from
            if subject in mentioned:
                mentions.setdefault(subject, []).append(revealed)
            if obj in mentioned:
                mentions.setdefault(obj, []).append(revealed)
    resolved: dict[str, Entity] = dict(entities)  # in their order; the defaulted replaced below
    pending_cited: list[str] = []
    defaulted, points = [], []
    for entity_id, entity in entities.items():
        if explicit[entity_id]:
            continue
        found, point = earliest(c.revealed for c in entity.status)
        if not found:
            found, point = earliest(mentions.get(entity_id, ()))
        if not found:
            pending_cited.append(entity_id)
        defaulted.append(entity)
        points.append(point)
    for entity in replaced(Entity, defaulted, "revealed", points):  # a column at a time: many
        resolved[entity.id] = entity
    final = list(statements)
    later, positions, points = timeline.later, [], []
    shown = {entity_id: entity.revealed for entity_id, entity in resolved.items()}
    for position, (subject, obj, own, spoils) in enumerate(zip(subjects, objects, given, spoiling)):
        revealed = own
        if revealed is None:
            revealed = later(shown[subject], shown[obj] if obj else None)
        if spoils is not None:
            revealed = later(revealed, spoils)
        if revealed is not own:
            positions.append(position)
            points.append(revealed)
    for position, statement in zip(positions, replaced(Statement, [statements[p] for p in positions], "revealed", points)):
        final[position] = statement
    if pending_cited:
        citing: dict[str, list[StoryPoint | None]] = {}
        for entity in resolved.values():
            for ref in entity.sources:
                citing.setdefault(ref.source, []).append(entity.revealed)
            for change in entity.status:
                for ref in change.sources:
                    citing.setdefault(ref.source, []).append(change.revealed)
        for statement in final:
            for ref in statement.sources:
                citing.setdefault(ref.source, []).append(statement.revealed)
        for entity_id in pending_cited:
            found, point = earliest(citing.get(entity_id, ()))
            if found and point is not None:
                resolved[entity_id] = replace(resolved[entity_id], revealed=point)
    return resolved, final
