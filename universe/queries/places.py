"""Places: what a place contains (through containment relations), what contains it, who was there.

Containment is whatever relation types a universe marks ``containment: true`` (``part of``); "being
somewhere" is any other relation of the same family whose object is the place (``located at``).
Both are read from a snapshot, so they respect the horizon and the evidence level.

>>> from universe.exchange.generate import tiny_universe
>>> snapshot = tiny_universe().as_of("S1E1")
>>> [(e.name, depth) for e, depth in contents(snapshot, "town")]
[('School', 1)]
>>> [(v.entity.name, v.place.name) for v in visitors(snapshot, "town")]
[('Alice', 'School')]
"""

from __future__ import annotations

from dataclasses import dataclass

from universe.story.model import Entity, Statement
from universe.story.snapshot import Snapshot

__all__ = ["Visit", "contents", "containers", "visitors"]


@dataclass(frozen=True, slots=True)
class Visit:
    """Someone (or something) at a place, by one statement; `place` may be a contained place."""

    entity: Entity
    place: Entity
    statement: Statement
    label: str


def _containment(snapshot: Snapshot) -> set[str]:
    return {rid for rid, rtype in snapshot.universe.relations.items() if rtype.containment}


def contents(snapshot: Snapshot, entity_id: str) -> list[tuple[Entity, int]]:
    """Everything inside a place, directly (depth 1) or further down, breadth first, by name
    within a depth. Raises EntityNotFound for an unknown or hidden place."""
    snapshot.entity(entity_id)
    containment = _containment(snapshot)
    children: dict[str, set[str]] = {}
    for statement in snapshot.statements:
        if statement.relation in containment and statement.object is not None:
            children.setdefault(statement.object, set()).add(statement.subject)
    found: list[tuple[Entity, int]] = []
    seen = {entity_id}
    layer, depth = [entity_id], 0
    while layer:
        depth += 1
        below = sorted({c for parent in layer for c in children.get(parent, ()) if c not in seen},
                       key=lambda c: snapshot.entities[c].name.casefold())
        seen.update(below)
        found.extend((snapshot.entities[c], depth) for c in below)
        layer = below
    return found


def containers(snapshot: Snapshot, entity_id: str) -> list[Entity]:
    """The places that contain this one, innermost first (following the first container at each
    step). Raises EntityNotFound."""
    snapshot.entity(entity_id)
    containment = _containment(snapshot)
    parent: dict[str, str] = {}
    for statement in snapshot.statements:
        if statement.relation in containment and statement.object is not None:
            parent.setdefault(statement.subject, statement.object)
    chain, seen, current = [], {entity_id}, entity_id
    while current in parent and parent[current] not in seen:
        current = parent[current]
        seen.add(current)
        chain.append(snapshot.entities[current])
    return chain


def visitors(snapshot: Snapshot, entity_id: str, *, inside: bool = True) -> list[Visit]:
    """Who was at a place (and, with `inside`, at the places it contains): statements of the
    place family (the family of the containment relations) that are not containment, pointing at
    the place. By name, then place. Raises EntityNotFound."""
    place = snapshot.entity(entity_id)
    relations = snapshot.universe.relations
    containment = _containment(snapshot)
    families = {relations[r].family for r in containment}
    places = {place.id: place}
    if inside:
        places.update((e.id, e) for e, _ in contents(snapshot, place.id))
    visits = [
        Visit(snapshot.entities[s.subject], places[s.object], s, relations[s.relation].label)
        for s in snapshot.statements
        if s.object in places and s.relation not in containment and relations[s.relation].family in families
    ]
    visits.sort(key=lambda v: (v.entity.name.casefold(), v.place.name.casefold(), v.statement.id))
    return visits
