"""Apply arcs: canon's documents with an arc's changes merged in, validated as one universe.

`apply_arc(universe, arc)` returns a new frozen Universe, built by the very code that loads a
folder (`store.universe_from_documents`), so ``apply_arc(...).as_of(point, evidence)`` is a
snapshot like any other and an arc is held to the rules canon is held to. An arc's entities and
statements join canon's documents; its status changes go into their entity's timeline in story
order; an end sets a statement's ``until``; a retract removes a statement. Every merged entry
remembers where it was written, so a problem names the arc file and line, not canon's.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

from universe.errors import Problem, UniverseInvalid
from universe.storage.yamlfile import LineFinder
from universe.story.snapshot import Universe
from universe.writing.arcs import ARCS_FOLDER, Arc, ArcInvalid, ArcNotFound, Change, read_arc, thaw
from universe.writing.canon import Canon, read_canon, statement_ids

__all__ = ["apply_arc", "compose", "Composition", "Applied", "arc_chain"]

_LAST = "\U0010ffff"  # sorts after every real file name: arcs load after canon, bases first


@dataclass(frozen=True)
class Applied:
    """What one change did once applied: the ids it added or touched, the value it replaced."""

    arc: str
    file: str
    change: Change
    entity: str | None = None       # the entity added, or whose timeline changed
    statement: str | None = None    # the statement added, ended or retracted
    before: Any = None              # an end: the statement's `until` before (None: open)


@dataclass(frozen=True)
class Composition:
    """Canon plus a chain of arcs: `canon` and `universe` (with the arcs), and what each change did."""

    canon: Universe
    universe: Universe
    chain: tuple[Arc, ...]
    applied: tuple[Applied, ...]
    retracted: Mapping[str, Any]  # statement id -> the canon Statement an arc retracts


def arc_chain(arc: Arc, arcs: "Mapping[str, Arc] | None" = None, folder: "Path | None" = None) -> list[Arc]:
    """`arc` and the arcs it builds on, the outermost base first.

    Bases are looked up in `arcs`, then read from ``<folder>/arcs/<id>.yaml``. Raises ArcInvalid
    (naming the ``base:`` line) for a missing base or a cycle.
    """
    chain = [arc]
    while chain[-1].base is not None:
        current = chain[-1]
        base = (arcs or {}).get(current.base)
        if base is None and folder is not None and (folder / ARCS_FOLDER / f"{current.base}.yaml").is_file():
            base = read_arc(folder / ARCS_FOLDER / f"{current.base}.yaml")
        line = LineFinder(current.text).line(("arc", "base"))
        if base is None:
            raise ArcInvalid([Problem(current.file, line, f"unknown base arc {current.base!r}")], current.file)
        if any(a.id == base.id for a in chain):
            names = " -> ".join([a.id for a in chain] + [base.id])
            raise ArcInvalid([Problem(current.file, line, f"arcs build on each other in a cycle: {names}")], current.file)
        chain.append(base)
    return chain[::-1]


def apply_arc(universe: "Universe | Canon | str | os.PathLike[str]", arc: Arc, arcs: "Mapping[str, Arc] | None" = None) -> Universe:
    """The universe with `arc` (and the arcs it builds on) applied: a new, validated Universe.

    `universe` is a universe loaded from a folder (or that folder, or its `Canon`): the arc
    applies to its files as they are now. Raises ArcInvalid listing every problem by arc file and
    line, ArcNotFound for a base that does not exist.

    The result's ``version`` combines canon's and the arcs' versions (a cache key), and every
    entity, statement and status change an arc added has the arc file as ``origin``.
    """
    return compose(universe, arc, arcs).universe


def compose(universe: "Universe | Canon | str | os.PathLike[str]", arc: Arc, arcs: "Mapping[str, Arc] | None" = None) -> Composition:
    """Like `apply_arc`, but also report what each change did (see `arcdiff.diff`)."""
    canon = _canon(universe)
    chain = arc_chain(arc, arcs, canon.folder)
    overlay = _Overlay(canon)
    for layer in chain:
        overlay.add(layer)
    digest = hashlib.sha1(canon.version.encode())
    for layer in chain:
        digest.update(b"\0" + layer.file.encode() + b"\0" + layer.version.encode())
    built = replace(overlay.universe, version=digest.hexdigest()[:16])
    return Composition(overlay.base, built, tuple(chain), tuple(overlay.applied), overlay.retracted)


def _canon(universe) -> Canon:
    if isinstance(universe, Canon):
        return universe
    if isinstance(universe, Universe):
        if universe.path is None:
            raise ArcNotFound("arcs apply to a universe loaded from a folder (this one has no path)")
        return read_canon(universe.path)
    return read_canon(universe)


class _Overlay:
    """Canon's documents, changed arc by arc, remembering where every moved entry was written."""

    def __init__(self, canon: Canon):
        self.canon = canon
        self.base = canon.build()
        self.universe = self.base
        self.facts = canon.documents()
        self.texts = dict(canon.texts)
        self.moved: dict[int, tuple[str, tuple]] = {}             # id(container) -> where written
        self.extras: dict[int, tuple[int, str, tuple]] = {}       # id(list) -> (from index, file, path)
        self.fields: dict[int, dict[str, tuple[str, tuple]]] = {}  # id(dict) -> key -> where written
        self.pinned: set[int] = set()
        self.sort_keys: dict[int, list] = {}                       # id(status list) -> story order keys
        self.keep: list = []                                       # keeps id()s above alive
        self.table: dict | None = None
        self.synthetic: dict[str, str] = {}
        self.applied: list[Applied] = []
        self.retracted: dict[str, Any] = {}
        self.entities: dict[str, tuple[str, int, dict]] = {}
        for label, doc in self.facts.items():
            for index, entity in enumerate(doc.get("entities") or [] if isinstance(doc, dict) else []):
                self.entities.setdefault(entity["id"], (label, index, entity))
        self.statements: dict[str, tuple[str, dict]] = {}
        self._name_statements(self.base)

    # -- where things were written -----------------------------------------------------------

    def _name_statements(self, universe: Universe) -> None:
        """Give every statement document its id, so later arcs (and retractions) never shift it."""
        for label, ids in statement_ids(universe, self.facts).items():
            doc = self.facts.get(label)
            for statement_id, item in zip(ids, (doc or {}).get("statements") or []):
                item["id"] = statement_id
                self.statements[statement_id] = (label, item)

    def _pin(self, items: list, file: str, path: tuple) -> None:
        """Remember where each item of a list was written, before the list changes."""
        if id(items) in self.pinned:
            return
        self.pinned.add(id(items))
        self.keep.append(items)
        for index, item in enumerate(items):
            if isinstance(item, dict):
                self.moved.setdefault(id(item), (file, path + (index,)))
                self.keep.append(item)

    def _mark(self, item: Any, file: str, path: tuple) -> None:
        self.moved[id(item)] = (file, path)
        self.keep.append(item)

    def _origin(self, label: str, index: int, entity: dict) -> tuple[str, tuple]:
        return self.moved.get(id(entity), (label, ("entities", index)))

    def locate(self, file: str, path: tuple) -> tuple[str, tuple]:
        if self.table is None:
            self.table = {}
            for label, doc in self.facts.items():
                self._walk(label, doc, ())
        for cut in range(len(path), -1, -1):
            hit = self.table.get((file, path[:cut]))
            if hit is not None:
                return hit[0], hit[1] + tuple(path[cut:])
        return self.synthetic.get(file, file), path

    def _walk(self, label: str, node: Any, path: tuple) -> None:
        key = id(node)
        if key in self.moved:
            self.table[(label, path)] = self.moved[key]
        if isinstance(node, dict):
            for name, where in self.fields.get(key, {}).items():
                self.table[(label, path + (name,))] = where
            for name, value in node.items():
                if isinstance(value, (dict, list)):
                    self._walk(label, value, path + (name,))
        elif isinstance(node, list):
            if key in self.extras:
                start, file, where = self.extras[key]
                for index in range(start, len(node)):
                    self.table[(label, path + (index,))] = (file, where + (index - start,))
            for index, value in enumerate(node):
                if isinstance(value, (dict, list)):
                    self._walk(label, value, path + (index,))

    # -- applying one arc --------------------------------------------------------------------

    def add(self, arc: Arc) -> None:
        label = f"{_LAST}{len(self.synthetic):03d} {arc.file}"
        self.synthetic[label] = arc.file
        doc: dict[str, list] = {"entities": [], "statements": []}
        self.facts[label] = doc
        self.texts[arc.file] = arc.text
        problems: list[Problem] = []
        finder = LineFinder(arc.text)

        def problem(change: Change, path: tuple, message: str) -> None:
            where = ("changes", change.index) + path
            problems.append(Problem(arc.file, finder.line(where), message))

        added_statements: list[tuple[Change, dict]] = []
        order = sorted(arc.changes, key=lambda c: (c.kind != "entity", c.index))
        for change in order:
            where = ("changes", change.index, change.kind)
            body = thaw(change.body)
            if change.kind == "entity":
                self._defaults(body, change, arc.file)
                doc["entities"].append(body)
                self._mark(body, arc.file, where)
                self.entities.setdefault(body["id"], (label, len(doc["entities"]) - 1, body))
                self.applied.append(Applied(arc.id, arc.file, change, entity=body["id"]))
            elif change.kind == "statement":
                self._defaults(body, change, arc.file)
                doc["statements"].append(body)
                self._mark(body, arc.file, where)
                added_statements.append((change, body))
            elif change.kind == "status":
                self._status(arc, change, body, where, problem)
            else:
                self._statement_edit(arc, change, body, where, problem)
        self.table = None
        try:
            universe = self.canon.build(self.facts, self.texts, self.locate)
        except UniverseInvalid as invalid:
            arc_files = set(self.synthetic.values())  # canon's own warnings are not the arc's business
            raise ArcInvalid(problems + [p for p in invalid.problems if p.is_error or p.file in arc_files], arc.file) from None
        ids = statement_ids(universe, self.facts)[label]
        for (change, body), statement_id in zip(added_statements, ids):
            body["id"] = statement_id
            self.statements[statement_id] = (label, body)
            self.applied.append(Applied(arc.id, arc.file, change, entity=change.subject, statement=statement_id))
        self._check_references(arc, universe, problem)
        if problems:
            raise ArcInvalid(problems + [p for p in universe.warnings if p.file == arc.file], arc.file)
        self.universe = self._with_origins(universe, label, arc.file)

    def _defaults(self, body: dict, change: Change, file: str) -> None:
        """The change's evidence and sources become the defaults of what it adds."""
        body.setdefault("evidence", change.evidence.value)
        for key in ("status", "description"):
            if isinstance(body.get(key), list):
                for item in body[key]:
                    if isinstance(item, dict):
                        item.setdefault("evidence", change.evidence.value)
        if change.sources:
            sources = body.setdefault("sources", [])
            self.extras[id(sources)] = (len(sources), file, ("changes", change.index, "sources"))
            self.keep.append(sources)
            sources.extend(thaw(change.as_dict()["sources"]))

    def _status(self, arc: Arc, change: Change, body: dict, where: tuple, problem) -> None:
        entity_id = body.pop("entity")
        found = self.entities.get(entity_id)
        if found is None:
            problem(change, ("status", "entity"), f"unknown entity {entity_id!r}")
            return
        label, index, entity = found
        timeline = entity.setdefault("status", [])
        file, path = self._origin(label, index, entity)
        self._pin(timeline, file, path + ("status",))
        self._defaults(body, change, arc.file)
        keys = self.sort_keys.get(id(timeline))
        if keys is None:  # computed once per timeline: arcs may add hundreds of steps to one
            keys = self.sort_keys[id(timeline)] = [self._key(item.get("at")) for item in timeline]
        key = self._key(body.get("at"))
        position = len(timeline)
        if key is not None:
            position = next((n for n, other in enumerate(keys) if other is not None and other > key), len(timeline))
        timeline.insert(position, body)
        keys.insert(position, key)
        self._mark(body, arc.file, where)
        self.applied.append(Applied(arc.id, arc.file, change, entity=entity_id))

    def _key(self, at: Any) -> tuple | None:
        point = self.base.timeline.find(str(at)) if at is not None else None
        return point.sort_key if point is not None else None

    def _statement_edit(self, arc: Arc, change: Change, body: dict, where: tuple, problem) -> None:
        statement_id = body["statement"]
        if statement_id in self.retracted and statement_id not in self.statements:
            problem(change, (change.kind, "statement"), f"statement {statement_id!r} is already retracted")
            return
        found = self.statements.get(statement_id)
        if found is None:
            problem(change, (change.kind, "statement"), f"unknown statement {statement_id!r} (give it an explicit 'id:' in canon to name it here)")
            return
        label, item = found
        if change.kind == "end":
            before = item.get("until")
            item["until"] = body["until"]
            self.fields.setdefault(id(item), {})["until"] = (arc.file, where + ("until",))
            self.keep.append(item)
            self.applied.append(Applied(arc.id, arc.file, change, entity=item.get("subject"), statement=statement_id, before=before))
            return
        items = self.facts[label]["statements"]
        self._pin(items, *self._list_origin(label))
        for number, other in enumerate(items):
            if other is item:
                del items[number]
                break
        del self.statements[statement_id]
        self.retracted[statement_id] = next((s for s in self.universe.statements if s.id == statement_id), None)
        self.applied.append(Applied(arc.id, arc.file, change, entity=item.get("subject"), statement=statement_id))

    def _list_origin(self, label: str) -> tuple[str, tuple]:
        return self.synthetic.get(label, label), ("statements",)

    def _check_references(self, arc: Arc, universe: Universe, problem) -> None:
        """What the loader cannot check: plot threads, and the sources of ends and retracts."""
        for change in arc.changes:
            if change.plot is not None:
                plot = universe.entities.get(change.plot)
                if plot is None:
                    problem(change, ("plot",), f"unknown plot thread {change.plot!r}")
                elif "plot" in universe.kinds and plot.kind != "plot":
                    problem(change, ("plot",), f"{change.plot!r} is a {plot.kind}, not a plot thread")
            if change.kind in ("end", "retract"):
                for number, ref in enumerate(change.sources):
                    source = universe.entities.get(ref.source)
                    if source is None:
                        problem(change, ("sources", number), f"unknown source {ref.source!r}")
                    elif "source" in universe.kinds and source.kind != "source":
                        problem(change, ("sources", number), f"{ref.source!r} is cited as a source but is a {source.kind}")

    def _with_origins(self, universe: Universe, label: str, file: str) -> Universe:
        """Name the arc file as the origin of what it added (the loader saw a stand-in name)."""
        entities = dict(universe.entities)
        for entity_id, entity in universe.entities.items():
            if entity.origin == label:
                entity = replace(entity, origin=file)
            if entity_id in self.entities:
                timeline = self.entities[entity_id][2].get("status") or []
                marks = [self.moved.get(id(item), (None,))[0] for item in timeline]
                if any(mark == file for mark in marks) and len(marks) == len(entity.status):
                    entity = replace(entity, status=tuple(
                        replace(change, origin=file) if mark == file else change
                        for change, mark in zip(entity.status, marks)
                    ))
            entities[entity_id] = entity
        statements = tuple(replace(s, origin=file) if s.origin == label else s for s in universe.statements)
        return replace(universe, entities=MappingProxyType(entities), statements=statements)
