"""Arcs: a writer's named what-if layer over canon (or over another arc), as read from its file.

An arc file (``data/<universe>/arcs/<arc-id>.yaml``, see docs/data-format.md, "Arcs") has a header
and a list of changes. Each change does exactly one thing:

* ``entity:`` adds an entity (a new Season 2 character), in the fact-file format;
* ``statement:`` adds a statement;
* ``status:`` adds a status change to an entity (``entity:`` names it);
* ``end:`` ends a statement (by id) at a story point: sets its ``until``;
* ``retract:`` retracts a statement (by id): it does not hold in this arc;

and carries a ``rationale``, an ``evidence`` level (default ``speculation``; it is the default for
everything the change adds), optional ``sources`` and an optional ``plot`` thread it belongs to.
The header may give the arc's own reveal point (``revealed:``): its title and description are
spoilers too (see `universe.writing.arcdiff.arc_reveal`).

This module reads and checks the shape of arc files; `universe.writing.overlay` applies an arc to canon
(`apply_arc`), `universe.writing.arcdiff` compares the two, `universe.writing.arcstore` saves arcs safely.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

from pydantic import BaseModel, ConfigDict, ValidationError

from universe.errors import FileRefused, Problem, UniverseError, UniverseInvalid
from universe.storage.documents import (
    EntityDoc,
    EvidenceLevel,
    PointRef,
    Slug,
    StatementDoc,
    StatusChangeDoc,
    Text,
    describe_error,
)
from universe.storage.documents import SourceRef as SourceRefField
from universe.storage.revisions import version_token
from universe.storage.store import file_label
from universe.storage.yamlfile import LineFinder, parse_yaml, read_yaml
from universe.story.evidence import Evidence
from universe.story.model import SourceRef
from universe.writing.arcfolder import ARCS_FOLDER

__all__ = [
    "ARCS_FOLDER",
    "CHANGE_KINDS",
    "Arc",
    "Change",
    "ArcError",
    "ArcNotFound",
    "ChangeNotFound",
    "ArcInvalid",
    "parse_arc",
    "read_arc",
    "change_id",
]

#: What a change can do, in the order `apply_arc` applies them (entities first).
CHANGE_KINDS = ("entity", "statement", "status", "end", "retract")
_COMMON = ("id", "rationale", "evidence", "plot", "sources")


class ArcError(UniverseError):
    """Base class of the errors about arcs."""


class ArcNotFound(ArcError, LookupError):
    """No arc has the requested id in this universe."""


class ChangeNotFound(ArcError, LookupError):
    """No change of the arc has the requested id."""


class ArcInvalid(UniverseInvalid, ArcError):
    """An arc file that cannot be read or applied; `problems` names the arc file and line."""

    def __init__(self, problems: list[Problem], arc: str = "arc"):
        super().__init__(problems)
        errors = [p for p in self.problems if p.is_error]
        head = f"{len(errors)} error{'s' if len(errors) != 1 else ''} in {arc}"
        self.args = (head + ":\n" + "\n".join(str(p) for p in errors),)


# -- the file's shape ----------------------------------------------------------------------


class _Doc(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class ArcHeaderDoc(_Doc):
    """The ``arc:`` mapping: who wrote the arc, what it is about, what it builds on."""

    id: Slug
    title: Text
    author: str | None = None
    base: Slug | None = None
    description: str | None = None
    revealed: PointRef | None = None


class ArcStatusDoc(StatusChangeDoc):
    """A status change in an arc: a canon status change plus the entity it is about."""

    entity: Slug


class EndDoc(_Doc):
    statement: Text
    until: PointRef


class RetractDoc(_Doc):
    statement: Text


class ChangeDoc(_Doc):
    """One change of an arc (exactly one of entity, statement, status, end, retract)."""

    id: Slug | None = None
    rationale: Text
    evidence: EvidenceLevel = Evidence.SPECULATION
    plot: Slug | None = None
    sources: list[SourceRefField] = []
    entity: EntityDoc | None = None
    statement: StatementDoc | None = None
    status: ArcStatusDoc | None = None
    end: EndDoc | None = None
    retract: RetractDoc | None = None


# -- the model -----------------------------------------------------------------------------


def _freeze(value: Any) -> Any:
    if isinstance(value, dict):
        return MappingProxyType({key: _freeze(item) for key, item in value.items()})
    if isinstance(value, list):
        return tuple(_freeze(item) for item in value)
    return value


def thaw(value: Any) -> Any:
    """A frozen change body as plain, changeable dicts and lists."""
    if isinstance(value, Mapping):
        return {key: thaw(item) for key, item in value.items()}
    if isinstance(value, tuple):
        return [thaw(item) for item in value]
    return value


@dataclass(frozen=True)
class Change:
    """One change of an arc; `body` is what it adds or names, as written (see CHANGE_KINDS)."""

    id: str
    kind: str
    body: Mapping[str, Any]
    rationale: str
    evidence: Evidence = Evidence.SPECULATION
    plot: str | None = None
    sources: tuple[SourceRef, ...] = ()
    index: int = 0  # position in the file's `changes:` list

    @property
    def subject(self) -> str | None:
        """The entity the change is about (None for end and retract: see `statement`)."""
        if self.kind == "entity":
            return self.body.get("id")
        if self.kind == "statement":
            return self.body.get("subject")
        if self.kind == "status":
            return self.body.get("entity")
        return None

    @property
    def statement(self) -> str | None:
        """The statement an end or retract names."""
        return self.body.get("statement") if self.kind in ("end", "retract") else None

    def as_dict(self) -> dict[str, Any]:
        """The change as it is written in the file (plain data: a form's starting values)."""
        out: dict[str, Any] = {"id": self.id, self.kind: thaw(self.body), "rationale": self.rationale,
                               "evidence": self.evidence.value}
        if self.plot:
            out["plot"] = self.plot
        if self.sources:
            out["sources"] = [
                ref.source if ref.quote is None and ref.locator is None
                else {k: v for k, v in (("source", ref.source), ("quote", ref.quote), ("locator", ref.locator)) if v}
                for ref in self.sources
            ]
        return out


@dataclass(frozen=True)
class Arc:
    """An arc as read from its file: header, changes, and the text and version they came from."""

    id: str
    title: str
    changes: tuple[Change, ...] = ()
    author: str | None = None
    base: str | None = None
    description: str | None = None
    revealed: str | None = None  # as written: the effective point is `arcdiff.ArcDiff.revealed`
    file: str = ""
    text: str = ""
    version: str = ""

    def change(self, change_id: str) -> Change:
        """The change with this id; raises ChangeNotFound."""
        for change in self.changes:
            if change.id == change_id:
                return change
        known = ", ".join(c.id for c in self.changes[:8]) or "none"
        raise ChangeNotFound(f"arc {self.id!r} has no change {change_id!r} (changes: {known})")

    def __repr__(self) -> str:
        return f"<Arc {self.id!r}: {len(self.changes)} changes>"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", str(text).casefold()).strip("-")[:80].strip("-") or "change"


def change_id(kind: str, body: Mapping[str, Any]) -> str:
    """The id a change gets when its file gives none: what it does and to what.

    >>> change_id("status", {"entity": "alice", "at": "S2", "status": "alive"})
    'status-alice-s2'
    """
    if kind == "entity":
        parts = [body.get("id")]
    elif kind == "statement":
        parts = [body.get("subject"), body.get("relation"), body.get("object") or body.get("value")]
    elif kind == "status":
        parts = [body.get("entity"), body.get("at")]
    else:
        parts = [body.get("statement")]
    return _slug("-".join([kind, *(str(p) for p in parts if p)]))


def parse_arc(text: str, file: str = "arc.yaml", arc_id: str | None = None) -> Arc:
    """Read an arc from the text of its file; `file` names it in messages and `arc_id` (the file
    name's stem) is the id its header must have.

    Raises ArcInvalid listing every problem of shape with its line (whether the changes apply to
    the universe is `overlay.apply_arc`'s to say).
    """
    try:
        data = parse_yaml(text.encode("utf-8"), file)
    except FileRefused as refused:
        raise ArcInvalid([Problem(refused.file, refused.line, refused.message)], file) from None
    pending: list[tuple[tuple, str]] = []
    if not isinstance(data, dict) or "arc" not in data:
        pending.append(((), "an arc file is a mapping with 'arc:' (id, title, author, base, description, revealed) and 'changes:'"))
        data = data if isinstance(data, dict) else {}
    for key in data:
        if key not in ("arc", "changes"):
            pending.append(((key,), f"unknown key {key!r} (an arc file has 'arc:' and 'changes:')"))
    header = None
    if "arc" in data:
        header = _validate(ArcHeaderDoc, data["arc"], ("arc",), pending)
        if header is not None and arc_id is not None and header.id != arc_id:
            pending.append((("arc", "id"), f"arc id {header.id!r} differs from the file name {arc_id!r}"))
    raw_changes = data.get("changes") or []
    if not isinstance(raw_changes, list):
        pending.append((("changes",), "'changes:' must be a list"))
        raw_changes = []
    changes: list[Change] = []
    for index, raw in enumerate(raw_changes):
        change = _read_change(raw, index, pending)
        if change is not None:
            changes.append(change)
    changes = _with_ids(changes, pending)
    if pending:
        finder = LineFinder(text)
        problems = [Problem(file, finder.line(path), message) for path, message in pending]
        problems.sort(key=lambda p: p.line or 0)
        raise ArcInvalid(problems, file)
    return Arc(
        id=header.id,
        title=header.title,
        author=header.author,
        base=header.base,
        description=header.description,
        revealed=header.revealed,
        changes=tuple(changes),
        file=file,
        text=text,
        version=version_token(text),
    )


def read_arc(path: "str | Path") -> Arc:
    """Read the arc file at `path` (its name without `.yaml` is the arc's id).

    Raises ArcNotFound when there is no such file, ArcInvalid when it is not a valid arc.
    """
    path = Path(path)
    label = file_label(path)
    if not os.path.lexists(path):  # a link or a FIFO is there: refused by name below, never followed
        raise ArcNotFound(f"no arc file {label}")
    try:
        _, text = read_yaml(path, label=label)
    except FileRefused as refused:
        raise ArcInvalid([Problem(refused.file, refused.line, refused.message)], label) from None
    return parse_arc(text, label, path.stem)


def _validate(model, raw: Any, path: tuple, pending: list):
    try:
        return model.model_validate(raw)
    except ValidationError as error:
        for detail in error.errors():
            loc, message = describe_error(detail)
            pending.append((path + loc, message))
        return None


def _read_change(raw: Any, index: int, pending: list) -> Change | None:
    path = ("changes", index)
    if not isinstance(raw, dict):
        pending.append((path, f"a change is a mapping with one of {', '.join(CHANGE_KINDS)} and a rationale"))
        return None
    kinds = [kind for kind in CHANGE_KINDS if kind in raw]
    if len(kinds) != 1:
        found = ", ".join(kinds) if kinds else "none"
        pending.append((path, f"a change does exactly one of {', '.join(CHANGE_KINDS)} (found: {found})"))
        return None
    doc = _validate(ChangeDoc, raw, path, pending)
    if doc is None:
        return None
    kind = kinds[0]
    if not isinstance(raw[kind], dict):  # pragma: no cover - the model refuses it first
        return None
    return Change(
        id=doc.id or "",
        kind=kind,
        body=_freeze(raw[kind]),
        rationale=doc.rationale,
        evidence=doc.evidence,
        plot=doc.plot,
        sources=tuple(
            SourceRef(ref) if isinstance(ref, str) else SourceRef(ref.source, ref.quote, ref.locator)
            for ref in doc.sources
        ),
        index=index,
    )


def _with_ids(changes: list[Change], pending: list) -> list[Change]:
    """Give every change an id: explicit ones must be unique; derived ones get -2, -3..."""
    taken: dict[str, int] = {}
    for change in changes:
        if change.id:
            if change.id in taken:
                first = taken[change.id]
                pending.append((("changes", change.index, "id"), f"duplicate change id {change.id!r} (first used by change {first + 1})"))
            taken.setdefault(change.id, change.index)
    out = []
    for change in changes:
        if not change.id:
            base = change_id(change.kind, change.body)
            new_id, count = base, 1
            while new_id in taken:
                count += 1
                new_id = f"{base}-{count}"
            taken[new_id] = change.index
            change = replace(change, id=new_id)
        out.append(change)
    return out
