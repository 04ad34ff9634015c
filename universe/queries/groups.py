"""Groups: which entities belong to which group (any relation from a member to a group).

>>> from universe.exchange.generate import tiny_universe
>>> memberships(tiny_universe().as_of(), kind="location")
{'alice': ('school',)}
"""

from __future__ import annotations

from universe.story.snapshot import Snapshot
from universe.story.timeline import StoryPoint

__all__ = ["memberships", "GROUP_KIND"]

#: The kind of entity the standard vocabulary uses for groups (classes, factions, families).
GROUP_KIND = "group"


def memberships(
    snapshot: Snapshot,
    point: "StoryPoint | str | None" = None,
    *,
    kind: str = GROUP_KIND,
    holding: bool = False,
) -> dict[str, tuple[str, ...]]:
    """Entity id -> the ids of the entities of `kind` it relates to as subject (``member of``),
    by group name. With `holding`, only relations that hold at `point` (default: the horizon).
    """
    if isinstance(point, str):
        point = snapshot.timeline.parse_horizon(point)
    at = point if point is not None else snapshot.horizon
    found: dict[str, set[str]] = {}
    for statement in snapshot.statements:
        target = statement.object
        if target is None or snapshot.entities[target].kind != kind or snapshot.entities[statement.subject].kind == kind:
            continue
        if holding and not statement.span.holds_at(at):
            continue
        found.setdefault(statement.subject, set()).add(target)
    return {entity_id: tuple(sorted(groups, key=lambda g: snapshot.entities[g].name.casefold())) for entity_id, groups in sorted(found.items())}
