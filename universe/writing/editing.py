"""Canon editing: change an entity's page (names, aliases, description, status changes, statements)
in the universe's own YAML files, as a wiki's fans do.

Every edit is made in ruamel.yaml's round-trip mode (comments and layout of hand-written files
kept; only the edited lines change), validated by the same code that loads the folder (an invalid
edit raises UniverseInvalid naming file and line, and writes nothing), and saved through
`universe.storage.revisions` (atomic, under the universe's lock, kept in ``.history/``, refused in a
read-only deployment). Concurrency is per page: `read_entity` returns a version token covering
the entity and every statement about it, and an edit based on a stale token is refused with
`revisions.EditConflict` showing what changed; two people editing different pages of one file
do not conflict.
"""

from __future__ import annotations

import difflib
import json
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Mapping

from universe.errors import EntityNotFound, UniverseError
from universe.storage.revisions import EditConflict, Transaction, transaction, version_token
from universe.storage.roundtrip import dump_roundtrip, load_roundtrip, plain, to_yaml, update_in_place
from universe.storage.yamlfile import dump_yaml
from universe.story.snapshot import Universe
from universe.writing.canon import Canon, read_canon, statement_ids
from universe.writing.undoing import undo_save

__all__ = [
    "ENTITY_FIELDS",
    "EntityRecord",
    "StatementRecord",
    "StatementNotFound",
    "CanonEdit",
    "read_entity",
    "edit_entity",
    "add_status_change",
    "update_status_change",
    "remove_status_change",
    "add_statement",
    "edit_statement",
    "remove_statement",
    "undo_canon",
]

#: The fields of an entity an edit may set (None removes an optional one).
ENTITY_FIELDS = ("name", "aliases", "description", "status", "note", "sources", "revealed", "evidence",
                 "url", "date", "attributes", "point")
_pages: "OrderedDict[str, str]" = OrderedDict()  # page version -> its YAML, for conflict diffs
_pages_lock = threading.Lock()


class StatementNotFound(UniverseError, LookupError):
    """No statement has the requested id."""


@dataclass(frozen=True, slots=True)
class StatementRecord:
    """A statement as written in its file: `data` is the mapping, `file` the file's label."""

    id: str
    file: str
    index: int
    data: Mapping[str, Any]


@dataclass(frozen=True)
class EntityRecord:
    """An entity's page as written: its mapping, the statements about it, and the page's version.

    `warnings` lists arcs that no longer apply after the edit that returned this record.
    """

    id: str
    file: str
    data: Mapping[str, Any]
    statements: tuple[StatementRecord, ...]
    version: str
    warnings: tuple[str, ...] = field(default=(), compare=False)

    def as_yaml(self) -> str:
        """The page as YAML (what a conflict diff compares)."""
        return dump_yaml({"entity": dict(self.data), "statements": [dict(s.data) for s in self.statements]})


class CanonEdit:
    """One edit of canon in progress: the folder's files as of now (under the lock), the files
    changed so far, and `finish` to validate and write them. `promotion` builds on it too."""

    def __init__(self, folder: Path, tx: Transaction | None = None):
        self.folder, self.tx = folder, tx  # no transaction: read only
        self.canon: Canon = read_canon(folder)
        self.universe: Universe = self.canon.build()
        self.ids = statement_ids(self.universe, self.canon.facts)
        self.loaded: dict[str, tuple[Any, Any]] = {}

    # -- finding things ------------------------------------------------------------------------

    def entity_place(self, entity_id: str) -> tuple[str, int]:
        """``(file label, index)`` of the entity's mapping; raises EntityNotFound."""
        for label, doc in self.canon.facts.items():
            for index, item in enumerate((doc or {}).get("entities") or []):
                if isinstance(item, dict) and item.get("id") == entity_id:
                    return label, index
        raise EntityNotFound(f"no entity {entity_id!r} in {self.canon.folder}")

    def statement_place(self, statement_id: str) -> tuple[str, int]:
        """``(file label, index)`` of the statement's mapping; raises StatementNotFound."""
        for label, ids in self.ids.items():
            if statement_id in ids:
                return label, ids.index(statement_id)
        raise StatementNotFound(f"no statement {statement_id!r} in canon")

    def record(self, entity_id: str) -> EntityRecord:
        """The entity's page as the files stand (with any change made so far)."""
        label, index = self.entity_place(entity_id)
        data = plain(self.canon.facts[label]["entities"][index])
        statements = []
        for file, ids in self.ids.items():
            items = (self.canon.facts[file] or {}).get("statements") or []
            for number, (statement_id, item) in enumerate(zip(ids, items)):
                if entity_id in (item.get("subject"), item.get("object")):
                    statements.append(StatementRecord(statement_id, file, number, plain(item)))
        page = {"entity": data, "statements": [[s.id, s.data] for s in statements]}
        version = version_token(json.dumps(page, sort_keys=True, ensure_ascii=False, default=str))
        record = EntityRecord(entity_id, label, data, tuple(statements), version)
        with _pages_lock:
            _pages[version] = record.as_yaml()
            while len(_pages) > 256:
                _pages.popitem(last=False)
        return record

    def expect(self, entity_id: str, version: str | None) -> EntityRecord:
        """The page now; raises EditConflict (with a diff) when it is not at `version`."""
        record = self.record(entity_id)
        if version is not None and version != record.version:
            before = _pages.get(version)
            changes = []
            if before is not None:
                changes = list(difflib.unified_diff(before.splitlines(), record.as_yaml().splitlines(),
                                                    "your version", "now", n=1, lineterm=""))[:40]
            raise EditConflict(f"{record.file} (entity {entity_id})", version, record.version, changes)
        return record

    def timeline(self, entity_id: str):
        """The round-trip status list of entity `entity_id` (created when it has none)."""
        label, index = self.entity_place(entity_id)
        entity = self.data(label)["entities"][index]
        if "status" not in entity or not isinstance(entity["status"], list):
            entity["status"] = to_yaml([])
        return entity["status"]

    def position(self, timeline: list, at: str) -> int:
        """Where a status change at `at` goes: after every change at or before it (story order)."""
        point = self.universe.timeline.find(str(at))
        if point is None:
            return len(timeline)
        for number, item in enumerate(timeline):
            other = self.universe.timeline.find(str(item.get("at", "")))
            if other is not None and other.sort_key > point.sort_key:
                return number
        return len(timeline)

    def statements(self, label: str):
        """The round-trip statement list of fact file `label` (created when it has none)."""
        data = self.data(label)
        if not isinstance(data.get("statements"), list):
            data["statements"] = to_yaml([])
        return data["statements"]

    def fact_label(self, name: str) -> str:
        """The label of the fact file `name` (its label, or its name in the folder)."""
        if name in self.canon.facts:
            return name
        for label in self.canon.facts:
            if Path(label).name == name:
                return label
        names = ", ".join(Path(label).name for label in self.canon.facts)
        raise UniverseError(f"no fact file {name!r} in this universe (files: {names})")

    def statement_file(self, subject: str) -> str:
        """Where a new statement about `subject` goes: beside the last one with that subject,
        else in the first file with statements, else in the subject's own file."""
        last = None
        for label, doc in self.canon.facts.items():
            for item in (doc or {}).get("statements") or []:
                if isinstance(item, dict) and item.get("subject") == subject:
                    last = label
        if last is not None:
            return last
        for label, doc in self.canon.facts.items():
            if (doc or {}).get("statements"):
                return label
        return self.entity_place(subject)[0]

    def entity_file(self, kind: str) -> str:
        """Where a new entity of `kind` goes: the first file with one of that kind, else the
        first file with entities, else the first fact file."""
        first = None
        for label, doc in self.canon.facts.items():
            entities = (doc or {}).get("entities") or []
            if any(isinstance(e, dict) and e.get("kind") == kind for e in entities):
                return label
            if entities and first is None:
                first = label
        if first is None and not self.canon.facts:
            raise UniverseError("this universe has no fact file to write into")
        return first or next(iter(self.canon.facts))

    def arc_warnings(self, canon: Canon) -> tuple[str, ...]:
        """One line per arc of the folder that does not apply to `canon`."""
        from universe.writing.arcs import ARCS_FOLDER, ArcInvalid, read_arc
        from universe.writing.overlay import apply_arc

        warnings = []
        directory = self.folder / ARCS_FOLDER
        for path in sorted(directory.glob("*.yaml")) if directory.is_dir() else []:
            try:
                apply_arc(canon, read_arc(path))
            except ArcInvalid as invalid:
                first = next((p for p in invalid.problems if p.is_error), None)
                warnings.append(f"arc {path.stem!r} no longer applies: {first}")
        return tuple(warnings)

    # -- changing files ------------------------------------------------------------------------

    def data(self, label: str) -> Any:
        """The round-trip data of fact file `label`, loaded once per edit."""
        if label not in self.loaded:
            self.loaded[label] = load_roundtrip(self.canon.texts[label], label)
        return self.loaded[label][0]

    def finish(self, action: str = "edit", extra: "Callable[[Canon], None] | None" = None) -> Canon:
        """Validate every changed file together, then write them; return the new canon.

        `extra(canon)` may check more (promotion checks the arc) and raise to refuse.
        Raises UniverseInvalid, naming file and line, before anything is written.
        """
        canon = self.canon
        texts = {}
        for label, (data, style) in self.loaded.items():
            text = dump_roundtrip(data, style)
            if text != self.canon.texts[label]:
                texts[label] = text
                canon = canon.with_text(label, text)
        universe = canon.build()
        if extra is not None:
            extra(canon)
        if texts and self.tx is None:
            raise UniverseError("this canon edit has no transaction to write in")
        for label, text in texts.items():
            self.tx.write(self.canon.fact_file(label), text, action)
        self.canon, self.universe = canon, universe
        self.ids = statement_ids(universe, canon.facts)
        self.loaded = {}
        return canon


def _edit(folder: "str | os.PathLike[str]", entity_id: str, version: str | None,
          change: Callable[[CanonEdit, EntityRecord], None], action: str = "edit") -> EntityRecord:
    folder = Path(folder)
    with transaction(folder) as tx:
        edit = CanonEdit(folder, tx)
        record = edit.expect(entity_id, version)
        change(edit, record)
        canon = edit.finish(action)
        return _with_warnings(edit.record(entity_id), edit.arc_warnings(canon))


def _with_warnings(record: EntityRecord, warnings: tuple[str, ...]) -> EntityRecord:
    return replace(record, warnings=warnings)


def read_entity(folder: "str | os.PathLike[str]", entity_id: str) -> EntityRecord:
    """Entity `entity_id`'s page as written in the files, with its version token.

    Raises EntityNotFound.
    """
    return CanonEdit(Path(folder)).record(entity_id)


def edit_entity(folder: "str | os.PathLike[str]", entity_id: str, version: str | None, **fields: Any) -> EntityRecord:
    """Set fields of entity `entity_id` (see ENTITY_FIELDS; None removes one), e.g.
    ``edit_entity(folder, "alice", record.version, name="Alice Liddell", aliases=["Ali"])``.

    Returns the page after the edit. Raises EditConflict, UniverseInvalid, ReadOnly.
    """
    unknown = sorted(set(fields) - set(ENTITY_FIELDS))
    if unknown:
        raise UniverseError(f"cannot edit {', '.join(unknown)} (editable: {', '.join(ENTITY_FIELDS)})")

    def change(edit: CanonEdit, record: EntityRecord) -> None:
        label, index = edit.entity_place(entity_id)
        entity = edit.data(label)["entities"][index]
        new = {**plain(entity), **{k: v for k, v in fields.items() if v is not None}}
        for key in [k for k, v in fields.items() if v is None or v == []]:
            new.pop(key, None)
        update_in_place(entity, new)

    return _edit(folder, entity_id, version, change)


def add_status_change(folder, entity_id: str, version: str | None, change: Mapping[str, Any]) -> EntityRecord:
    """Add a status change (``{at, status, evidence, revealed, sources, note}``) in story order."""
    def edit_(edit: CanonEdit, record: EntityRecord) -> None:
        timeline = edit.timeline(entity_id)
        timeline.insert(edit.position(timeline, change.get("at", "")), to_yaml(dict(change)))

    return _edit(folder, entity_id, version, edit_)


def update_status_change(folder, entity_id: str, version: str | None, index: int, change: Mapping[str, Any]) -> EntityRecord:
    """Replace the entity's `index`-th status change (0-based, as listed in the file)."""
    def edit_(edit: CanonEdit, record: EntityRecord) -> None:
        timeline = edit.timeline(entity_id)
        if not 0 <= index < len(timeline):
            raise UniverseError(f"{entity_id} has no status change number {index + 1}")
        update_in_place(timeline[index], dict(change))

    return _edit(folder, entity_id, version, edit_)


def remove_status_change(folder, entity_id: str, version: str | None, index: int) -> EntityRecord:
    """Remove the entity's `index`-th status change (the history keeps it)."""
    def edit_(edit: CanonEdit, record: EntityRecord) -> None:
        timeline = edit.timeline(entity_id)
        if not 0 <= index < len(timeline):
            raise UniverseError(f"{entity_id} has no status change number {index + 1}")
        del timeline[index]

    return _edit(folder, entity_id, version, edit_)


def add_statement(folder, entity_id: str, version: str | None, statement: Mapping[str, Any],
                  file: str | None = None) -> EntityRecord:
    """Add a statement about entity `entity_id` (from its page; `version` is the page's) to
    `file` (a fact file's label; default: see `statement_file`)."""
    def edit_(edit: CanonEdit, record: EntityRecord) -> None:
        label = edit.fact_label(file) if file else edit.statement_file(statement.get("subject", entity_id))
        edit.statements(label).append(to_yaml(dict(statement)))

    return _edit(folder, entity_id, version, edit_)


def edit_statement(folder, entity_id: str, version: str | None, statement_id: str, statement: Mapping[str, Any]) -> EntityRecord:
    """Replace statement `statement_id` (shown on entity `entity_id`'s page) by `statement`.

    A statement without an explicit id keeps the one it had, so arcs that name it still can.
    """
    def edit_(edit: CanonEdit, record: EntityRecord) -> None:
        label, index = edit.statement_place(statement_id)
        new = dict(statement)
        item = edit.statements(label)[index]
        if "id" not in item and "id" not in new and _named_by_arcs(edit.folder, statement_id):
            new = {"id": statement_id, **new}
        update_in_place(item, new)

    return _edit(folder, entity_id, version, edit_)


def remove_statement(folder, entity_id: str, version: str | None, statement_id: str) -> EntityRecord:
    """Remove statement `statement_id` (the history keeps it)."""
    def edit_(edit: CanonEdit, record: EntityRecord) -> None:
        label, index = edit.statement_place(statement_id)
        del edit.statements(label)[index]

    return _edit(folder, entity_id, version, edit_)


def _named_by_arcs(folder: Path, statement_id: str) -> bool:
    from universe.writing.arcs import ARCS_FOLDER

    directory = folder / ARCS_FOLDER
    return directory.is_dir() and any(statement_id in p.read_text(encoding="utf-8", errors="replace")
                                      for p in directory.glob("*.yaml"))


def undo_canon(folder: "str | os.PathLike[str]", file: str, version: str | None = None) -> str:
    """Undo the last edit of the fact file `file` (its name in the folder, e.g. ``characters.yaml``),
    with every other file the same save wrote (a promotion's arc, an import's other files); canon
    must still validate. Returns the file's new version."""
    folder = Path(folder)
    path = folder / Path(file).name
    return version_token(undo_save(folder, path, version)[path])
