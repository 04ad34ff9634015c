"""The reveal defaults by their plain definition (docs/data-format.md, "Defaults"), statement by
statement, for the tests of `reveals.resolve_reveals` to compare with."""

from __future__ import annotations

from dataclasses import replace

__all__ = ["plain_defaults", "plain_earliest"]


def plain_earliest(points):
    found, best = False, None
    for point in points:
        if point is None:
            return True, None
        if not found or (point.end, point.start) < (best.end, best.start):
            found, best = True, point
    return found, best


def plain_defaults(timeline, entities, explicit, statements):
    """The defaults statement by statement (docs/data-format.md, "Defaults")."""
    mentioned = {e for e, entity in entities.items() if not explicit[e] and not entity.status}
    mentions = {}
    for statement in statements:
        if statement.revealed is not None:
            for end in (statement.subject, statement.object):
                if end in mentioned:
                    mentions.setdefault(end, []).append(statement.revealed)
    resolved, pending = dict(entities), []
    for entity_id, entity in entities.items():
        if explicit[entity_id]:
            continue
        found, point = plain_earliest(c.revealed for c in entity.status)
        if not found:
            found, point = plain_earliest(mentions.get(entity_id, ()))
        if not found:
            pending.append(entity_id)
        resolved[entity_id] = replace(entity, revealed=point)
    final = []
    for statement in statements:
        revealed = statement.revealed
        if revealed is None:
            revealed = timeline.later(resolved[statement.subject].revealed,
                                      resolved[statement.object].revealed if statement.object else None)
        if statement.spoils is not None:
            revealed = timeline.later(revealed, statement.spoils)
        final.append(statement if revealed is statement.revealed else replace(statement, revealed=revealed))
    citing = {}
    for entity in resolved.values():
        for ref in entity.sources:
            citing.setdefault(ref.source, []).append(entity.revealed)
        for change in entity.status:
            for ref in change.sources:
                citing.setdefault(ref.source, []).append(change.revealed)
    for statement in final:
        for ref in statement.sources:
            citing.setdefault(ref.source, []).append(statement.revealed)
    for entity_id in pending:
        found, point = plain_earliest(citing.get(entity_id, ()))
        if found and point is not None:
            resolved[entity_id] = replace(resolved[entity_id], revealed=point)
    return resolved, final
