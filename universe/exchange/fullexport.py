"""The full-fidelity export: a snapshot written back as universe documents, nothing dropped.

`universe_documents(snapshot)` rebuilds universe.yaml and every fact file (each entity and
statement in the file it came from) from what the snapshot shows: every entity with its aliases,
description passages, status changes, attributes and sources; every statement, relations and
real-world claims alike, with its span, reveal, evidence, rank, weight, sources and note. At a
horizon it holds only what a viewer there may see, so an export is never a spoiler. The JSON
export carries these documents beside the plain node-link graph, and `universe import json`
reads them back into an equal universe (`universe.exchange.importers.exported`).
"""

from __future__ import annotations

from typing import Any

from universe.story.model import Entity, SourceRef, Statement
from universe.story.snapshot import Snapshot
from universe.story.timeline import StoryPoint, Timeline

__all__ = ["EXPORT_FORMAT", "universe_documents", "grouped", "universe_doc", "entity_doc", "statement_doc"]

EXPORT_FORMAT = "universe-documents/1"
_DEFAULT_FILE = "facts.yaml"


def _point(point: StoryPoint | None) -> str | None:
    return point.id if point is not None else None


def _put(target: dict, key: str, value: Any, default: Any = None) -> None:
    """Set `key` unless the value is the format's default (empty, None, or `default`)."""
    if value is None or value == default or value in ((), [], {}, ""):
        return
    target[key] = value


def _sources(refs: tuple[SourceRef, ...]) -> list:
    out: list = []
    for ref in refs:
        if ref.quote is None and ref.locator is None:
            out.append(ref.source)
        else:
            entry: dict = {"source": ref.source}
            _put(entry, "quote", ref.quote)
            _put(entry, "locator", ref.locator)
            out.append(entry)
    return out


def _points(timeline: Timeline, parent: StoryPoint | None = None) -> list[dict]:
    out = []
    for point in timeline.children(parent):
        entry: dict = {"id": point.id}
        _put(entry, "title", point.title if point.title != point.id else None)
        _put(entry, "date", point.date)
        _put(entry, "note", point.note)
        _put(entry, "aliases", list(point.aliases))
        _put(entry, "points", _points(timeline, point))
        out.append(entry)
    return out


def _universe_doc(snapshot: Snapshot) -> dict:
    universe = snapshot.universe
    doc: dict = {"format": 1, "id": universe.id, "title": universe.title}
    _put(doc, "description", universe.description)
    _put(doc, "work", universe.work)
    principal = getattr(universe, "principal_kinds", ())
    _put(doc, "principal_kinds", list(principal))
    doc["story_time"] = {"levels": list(universe.timeline.levels), "points": _points(universe.timeline)}
    kinds = {}
    for kind in universe.kinds.values():
        entry: dict = {"label": kind.label}
        _put(entry, "plural", kind.plural)
        _put(entry, "color", kind.color)
        _put(entry, "description", kind.description)
        kinds[kind.id] = entry
    doc["kinds"] = kinds
    statuses = {}
    for status in universe.statuses.values():
        entry = {"label": status.label}
        _put(entry, "color", status.color)
        _put(entry, "terminal", status.terminal, False)
        _put(entry, "description", status.description)
        statuses[status.id] = entry
    _put(doc, "statuses", statuses)
    relations = {}
    for rtype in universe.relations.values():
        entry = {"label": rtype.label}
        _put(entry, "inverse", rtype.inverse)
        for flag in ("symmetric", "value", "containment", "posthumous", "portrayal"):
            _put(entry, flag, getattr(rtype, flag), False)
        _put(entry, "family", rtype.family, "other")
        _put(entry, "subject", list(rtype.subject_kinds))
        _put(entry, "object", list(rtype.object_kinds))
        _put(entry, "color", rtype.color)
        _put(entry, "description", rtype.description)
        relations[rtype.id] = entry
    _put(doc, "relations", relations)
    return doc


def _entity_doc(entity: Entity) -> dict:
    doc: dict = {"id": entity.id, "kind": entity.kind, "name": entity.name}
    aliases = [a.name if a.revealed is None else {"name": a.name, "revealed": a.revealed.id} for a in entity.aliases]
    _put(doc, "aliases", aliases)
    passages = []
    for passage in entity.description:
        entry: dict = {"text": passage.text}
        _put(entry, "revealed", _point(passage.revealed))
        _put(entry, "evidence", passage.evidence.value, "canon")
        passages.append(entry)
    _put(doc, "description", passages)
    _put(doc, "revealed", _point(entity.revealed))
    _put(doc, "evidence", entity.evidence.value, "canon")
    _put(doc, "sources", _sources(entity.sources))
    _put(doc, "point", _point(entity.point))
    _put(doc, "url", entity.url)
    _put(doc, "date", entity.date)
    _put(doc, "attributes", dict(entity.attributes))
    changes = []
    for change in entity.status:
        entry = {"at": change.at.id, "status": change.status}
        _put(entry, "evidence", change.evidence.value, "canon")
        _put(entry, "revealed", _point(change.revealed), change.at.id)
        _put(entry, "sources", _sources(change.sources))
        _put(entry, "note", change.note)
        changes.append(entry)
    _put(doc, "status", changes)
    _put(doc, "note", entity.note)
    return doc


def _derived_reveal(snapshot: Snapshot, statement: Statement) -> StoryPoint | None:
    """The reveal the loader gives a statement written without one (docs/data-format.md,
    "Defaults"): its start's opening, else when both its entities are; `spoils` pushes it later."""
    timeline = snapshot.timeline
    if statement.span.start is not None:
        base = timeline.opening(statement.span.start)
    else:
        ends = [snapshot.universe.entities[e].revealed for e in (statement.subject, statement.object) if e is not None]
        base = ends[0] if len(ends) == 1 else timeline.later(*ends)
    return timeline.later(base, statement.spoils)


def _statement_doc(snapshot: Snapshot, statement: Statement) -> dict:
    doc: dict = {"id": statement.id, "subject": statement.subject, "relation": statement.relation}
    _put(doc, "object", statement.object)
    _put(doc, "value", statement.value)
    _put(doc, "from", _point(statement.span.start))
    _put(doc, "until", _point(statement.span.until))
    if _point(statement.revealed) != _point(_derived_reveal(snapshot, statement)):
        _put(doc, "revealed", _point(statement.revealed))
    _put(doc, "spoils", _point(statement.spoils))
    _put(doc, "date", statement.date)
    if statement.weight is not None:
        doc["weight"] = int(statement.weight) if float(statement.weight).is_integer() else statement.weight
    _put(doc, "evidence", statement.evidence.value, "canon")
    _put(doc, "rank", statement.rank.value, "normal")
    _put(doc, "sources", _sources(statement.sources))
    _put(doc, "note", statement.note)
    return doc


def _file_of(origin: str) -> str:
    """The fact file an entry was written in (``characters.yaml`` of ``characters.yaml:12``)."""
    name = (origin or "").rpartition(":")[0] or origin or ""
    name = name.replace("\\", "/").rpartition("/")[2]
    if not name.endswith((".yaml", ".yml")) or name.startswith("universe."):
        return _DEFAULT_FILE
    return name


def grouped(snapshot: Snapshot) -> dict[str, tuple[list[Entity], list[Statement]]]:
    """The snapshot's entities and statements by the fact file they came from, in file order."""
    files: dict[str, tuple[list, list]] = {}
    for entity in snapshot.entities.values():
        files.setdefault(_file_of(entity.origin), ([], []))[0].append(entity)
    for statement in snapshot.statements:
        files.setdefault(_file_of(statement.origin), ([], []))[1].append(statement)
    return dict(sorted(files.items()))


def universe_doc(snapshot: Snapshot) -> dict:
    """universe.yaml's content for the snapshot's universe."""
    return _universe_doc(snapshot)


def entity_doc(entity: Entity) -> dict:
    """An entity as written in a fact file."""
    return _entity_doc(entity)


def statement_doc(snapshot: Snapshot, statement: Statement) -> dict:
    """A statement as written in a fact file (its reveal only when the loader would not derive it)."""
    return _statement_doc(snapshot, statement)


def universe_documents(snapshot: Snapshot) -> tuple[dict, dict[str, dict]]:
    """universe.yaml's content and each fact file's (by file name), for what `snapshot` shows."""
    facts: dict[str, dict] = {}
    for name, (entities, statements) in grouped(snapshot).items():
        content: dict = {}
        if entities:
            content["entities"] = [_entity_doc(e) for e in entities]
        if statements:
            content["statements"] = [_statement_doc(snapshot, s) for s in statements]
        facts[name] = content
    return _universe_doc(snapshot), facts
