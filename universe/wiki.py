"""Wiki pages as data: what an entity's page shows at a snapshot's horizon."""

from __future__ import annotations

from .snapshot import Snapshot

__all__ = ["entity_page"]


def entity_page(snapshot: Snapshot, entity_id: str) -> dict:
    """The data `show` prints: an entity's page at the snapshot's horizon."""
    universe = snapshot.universe
    entity = snapshot.entity(entity_id)
    names = snapshot.entities
    played_by, relations, claims = [], [], []
    for statement in snapshot.statements_about(entity.id):
        rtype = universe.relations[statement.relation]
        if statement.object is None:
            claims.append({"relation": rtype.label, "value": statement.value, "date": statement.date,
                           "evidence": statement.evidence.value, "rank": statement.rank.value,
                           "sources": [r.source for r in statement.sources], "note": statement.note})
            continue
        outgoing = statement.subject == entity.id
        other = statement.object if outgoing else statement.subject
        label = rtype.label if outgoing or rtype.symmetric else rtype.inverse_label
        row = {
            "relation": statement.relation, "label": label, "entity": other, "name": names[other].name,
            "span": str(statement.span), "holds": snapshot.holds(statement),
            "evidence": statement.evidence.value, "rank": statement.rank.value,
            "sources": [r.source for r in statement.sources], "note": statement.note,
        }
        if rtype.portrayal and not outgoing:
            played_by.append(row)
        relations.append(row)
    change = snapshot.status_change_at(entity.id) if entity.status else None
    return {
        "id": entity.id,
        "name": entity.name,
        "kind": entity.kind,
        "aliases": [a.name for a in entity.aliases],
        "description": entity.text,
        "played_by": played_by,
        "status": change.status if change else None,
        "status_timeline": [
            {"at": c.at.id, "status": c.status, "evidence": c.evidence.value,
             "sources": [r.source for r in c.sources], "note": c.note}
            for c in entity.status
        ],
        "relations": relations,
        "claims": claims,
        "sources": [r.source for r in entity.sources],
        "horizon": snapshot.horizon.id if snapshot.horizon else "everything",
        "min_evidence": snapshot.min_evidence.value,
    }
