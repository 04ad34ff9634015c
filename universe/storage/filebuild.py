"""What one fact file builds on its own: its entities and statements, before the checks across files.

A fact file whose shape check found nothing and whose entities and statements, built alone
(against universe.yaml's vocabularies and timeline only), report nothing, always builds the same
records: the derived cache keeps them (`FileBuild`), keyed by the file's bytes and name,
universe.yaml's bytes and the code's version. A later load with that file unchanged takes them
from there, and runs only what depends on other files (`universe.storage.assembly`). A file
that reports anything on its own is built in the load itself, every time, so that its problems
come out exactly as they always did.
"""

from __future__ import annotations

from operator import attrgetter
from typing import Any, Callable

from universe.storage.entitycolumns import ENTITY_FIELDS, entity_columns
from universe.storage.entryfields import Later, checked_list, checked_text, only_types
from universe.storage.numbering import Numbering
from universe.storage.records import make_records
from universe.storage.report import Report
from universe.storage.statementids import derived_base
from universe.storage.universecodec import (
    decode_citation,
    entity_row,
    field_columns,
    point_positions,
    position_of,
    statement_fields,
    unpacked,
)
from universe.story.model import Entity, Statement

__all__ = ["FileBuild", "KeptBuild", "build_alone", "decode_build", "encode_build"]

_FIELDS = tuple(name for name in Statement.__dataclass_fields__ if name != "id")


class KeptBuild:
    """A file's build as the derived cache found it (plain data, decoded by `decode_build` once
    the universe's vocabularies and timeline are known)."""

    __slots__ = ("data",)

    def __init__(self, data: Any):
        self.data = data


class FileBuild:
    """One fact file's records built alone. `entities` in file order (ids may repeat: the
    loader reports that), with `revealed_given` (whether each gave `revealed:`); `statements`
    as columns of every field but the id; `keys` the explicit id of each statement where
    `explicit`, else the base of its derived id (`statementids.derived_base`).

    A build decoded from the cache is read in two parts. Its entities come as columns
    (`entity_columns`), made into records only when `entities` is first read: a warm load makes
    the universe's entities from the columns at once, reveal points replaced (`assembledentry`).
    What only an assembly after an edit reads (`revealed_given`, `explicit`, the statements'
    own reveal points) is decoded from the entry's second part when first asked for (`complete`:
    raises one of `universecodec.DECODE_ERRORS` when that part is bad); `record_columns` gives
    the statement columns without it."""

    __slots__ = ("_entities", "_entity_columns", "_revealed_given", "_statements", "keys", "_explicit", "_later")

    def __init__(self, entities: list[Entity] | None, revealed_given: list[bool] | None, statements: dict, keys: list[str],
                 explicit: list[bool] | None, entity_columns: dict[str, list] | None = None, later: Callable[[], tuple] | None = None):
        if entities is None and entity_columns is None:
            raise ValueError("a build's entities, as records or as columns")
        if later is None and (revealed_given is None or explicit is None):
            raise ValueError("a build's flags, or where to read them")
        self._entities, self._entity_columns, self._revealed_given = entities, entity_columns, revealed_given
        self._statements, self.keys, self._explicit, self._later = statements, keys, explicit, later

    @property
    def entities(self) -> list[Entity]:
        if self._entities is None:
            self._entities = make_records(Entity, self._entity_columns)  # type: ignore[arg-type]
        return self._entities

    def entity_columns(self) -> dict[str, list]:
        """The entities' fields, a list each (`records.make_records`)."""
        if self._entity_columns is None:
            self._entity_columns = {name: list(map(attrgetter(name), self.entities)) for name in ENTITY_FIELDS}
        return self._entity_columns

    def complete(self) -> "FileBuild":
        """The build with its second part decoded (see above)."""
        later = self._later
        if later is not None:
            given, explicit, revealed = later()
            self._revealed_given, self._explicit = given, explicit
            self._statements = {**self._statements, "revealed": revealed}
            self._later = None
        return self

    @property
    def revealed_given(self) -> list[bool]:
        return self.complete()._revealed_given  # type: ignore[return-value]

    @property
    def explicit(self) -> list[bool]:
        return self.complete()._explicit  # type: ignore[return-value]

    @property
    def statements(self) -> dict:
        return self.complete()._statements

    def record_columns(self) -> dict:
        """The statements' columns, the reveal points perhaps left out (see above)."""
        return self._statements

    def __len__(self) -> int:
        return len(self.keys)


def build_alone(loader, label: str, entity_docs: list, statement_docs: list) -> FileBuild | None:
    """The file's records built against the loader's vocabularies and timeline only, or None
    when building them reports anything (or the documents are not the whole file's, in order)."""
    if any(path != ("entities", index) for index, (path, _) in enumerate(entity_docs)) or any(
        path != ("statements", index) for index, (path, _) in enumerate(statement_docs)
    ):
        return None
    report, cited = loader.report, getattr(loader, "cited", None)
    loader.report, loader.cited = Report(), []
    try:
        entities = [loader.entity(item, label, path) for path, item in entity_docs]
        statements, keys = [], []
        for path, item in statement_docs:
            statements.append(loader.statement_row(item, label, path, None, ""))  # its fields, in order
            if item.id is not None:
                keys.append(item.id)
            else:
                start = loader.lookup(item.from_)
                keys.append(derived_base(item.subject, item.relation, item.object, item.value, start.id if start is not None else item.from_))
        if loader.report.pending or any(statement is None for statement in statements):
            return None
    finally:
        loader.report, loader.cited = report, cited
    return FileBuild(
        entities,
        [item.revealed is not None for _, item in entity_docs],
        {name: list(column) for name, column in zip(Statement.__dataclass_fields__, zip(*statements)) if name != "id"}
        if statements else {name: [] for name in _FIELDS},
        keys,
        [item.id is not None for _, item in statement_docs],
    )


def encode_build(build: FileBuild, loader) -> tuple[dict, dict]:
    """`build` as plain data, in two parts: what every load reads, and what only an assembly
    after an edit does (see `FileBuild` and `decode_build`)."""
    position = point_positions(loader.timeline)
    sources, origin = Numbering(), Numbering()
    columns = field_columns(build.statements, position, sources, origin)
    later = {"revealed_given": build.revealed_given, "explicit": build.explicit, "revealed": columns.pop("revealed")}
    return {
        "points": len(loader.timeline.points),
        "entities": [entity_row(e, position_of(position), sources, origin) for e in build.entities],
        "statements": columns,
        "keys": build.keys,
        "origins": origin.values(),
        "citations": [[r.source if r.quote is None and r.locator is None else [r.source, r.quote, r.locator] for r in refs]
                      for refs in sources.values()],
    }, later


def decode_build(data: Any, loader, later: Any) -> FileBuild:
    """The `FileBuild` `encode_build` gave `data` and the entry's second part `later` (a
    `entryfields.Later`: holding ``{"build": ...}``, parsed when first needed) for, against the
    loader's vocabularies and timeline; raises one of `universecodec.DECODE_ERRORS` when it is
    not exactly such data (the second part's when the build is completed: `FileBuild.complete`)."""
    if type(data) is not dict or data["points"] != len(loader.timeline.points):
        raise ValueError("not a file's build for this timeline")
    if type(later) is not Later:
        raise ValueError("a build without its second part")
    at: dict = dict(enumerate(loader.timeline.points))
    at[None] = None
    origins = [checked_text(o) for o in checked_list(data["origins"])]
    citations = [decode_citation(refs) for refs in checked_list(data["citations"])]
    entities = entity_columns(data["entities"], at, loader.kinds, loader.statuses, origins, citations.__getitem__)
    fields = statement_fields(data["statements"], at, loader.relations, citations, origins, revealed=False)
    keys = checked_list(data["keys"])
    only_types(keys, {str})
    if len(keys) != len(fields["subject"]):
        raise ValueError("columns of different lengths")
    counts = (len(keys), len(entities["id"]))
    return FileBuild(None, None, fields, keys, None, entity_columns=entities, later=lambda: _later_fields(later, at, *counts))


def _later_fields(later: Later, at: dict, statements: int, entities: int) -> tuple[list, list, list]:
    """(revealed_given, explicit, the statements' reveal points) from a build's second part."""
    part = later.value()["build"]
    if type(part) is not dict:
        raise TypeError("a build's second part is a mapping")
    given, explicit = checked_list(part["revealed_given"]), checked_list(part["explicit"])
    only_types(given, {bool})
    only_types(explicit, {bool})
    if len(given) != entities or len(explicit) != statements:
        raise ValueError("columns of different lengths")
    return given, explicit, unpacked(part["revealed"], statements, lookup=at.__getitem__)
