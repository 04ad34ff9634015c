"""Reading one universe's documents: shape checks, cross-references, and the model they build.

`store` is the public face (folders, `load_universe`); this is the machinery behind it.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from types import MappingProxyType
from typing import Any, Callable, Iterable

from universe.errors import FileRefused, Problem
from universe.storage.assembly import assemble
from universe.storage.columnbuild import file_build
from universe.storage.documents import EntityDoc, StatementDoc, UniverseDoc
from universe.storage.filebuild import KeptBuild
from universe.storage.folder import FACT_FILE_PATTERNS, FileBytes, FolderFiles, file_label, read_folder
from universe.storage.report import Report
from universe.storage.shapecheck import check_facts, check_shape
from universe.storage.statementrows import plain_row
from universe.storage.vocabulary import read_vocabulary
from universe.storage.yamlfile import parse_yaml
from universe.story.model import Alias, Entity, Passage, SourceRef, Statement, StatusChange
from universe.story.snapshot import Universe
from universe.story.timeline import Span, StoryPoint, Timeline

__all__ = ["Loader", "FACT_FILE_PATTERNS", "file_label", "parse_file"]

STATEMENT_FIELDS = tuple(Statement.__dataclass_fields__)


def parse_file(file: FileBytes) -> tuple[Any, dict]:
    """The data of one file read from a folder, and its line index (see `read_yaml_indexed`).

    Raises FileRefused for a file that was refused when read, or that is not safe, valid YAML.
    """
    if file.refused is not None:
        raise file.refused
    index: dict = {}
    return parse_yaml(file.raw, file.label, index), index


class Loader:
    """One load of one folder: collects problems, builds the model.

    `files` is what was read from the folder (read here when not given); `parse` turns one
    file into ``(data, line index)`` (the derived cache passes one that remembers).
    """

    def __init__(self, folder: Path, files: FolderFiles | None = None, parse: Callable[[FileBytes], tuple[Any, dict]] = parse_file, shapes: Any = None):
        self.folder, self.files, self.parse = folder, files, parse
        # `shapes` (the derived cache's): ``checked(label)``, a file's documents checked before, or
        # None; ``keep(label, entities, statements)`` after a check that found nothing
        self.shapes, self.validated = shapes, 0
        self.report = Report()
        self.problems: list[Problem] = []
        self.timeline: Timeline | None = None
        self.broken: set[str] = set()
        self.clean: set[str] = set()  # fact files whose shape check found nothing
        self.built = 0  # fact files whose records were built in this load (not kept: `assembly`)
        self._points: dict[str, StoryPoint | None] = {}
        self._spans: dict[tuple[int, int], Span] = {}
        self._plain_refs: dict[str, SourceRef] = {}
        self._single_refs: dict[str, tuple[SourceRef]] = {}
        self.digest = hashlib.sha1()

    # -- reading ---------------------------------------------------------------------------

    def read(self, file: FileBytes) -> Any:
        label = file.label
        try:
            data, self.report.indexes[label] = self.parse(file)
        except FileRefused as refused:
            self.report.refused(label, refused.line, refused.message)
            return None
        self.report.texts[label] = file.raw.decode("utf-8", errors="replace")
        self.digest.update(label.encode() + b"\0" + file.raw + b"\0")
        return data

    def run(self) -> Universe | None:
        """Read, check and build; afterwards `problems` lists everything found."""
        try:
            return self._run()
        finally:
            self.problems = self.report.problems()

    def universe_file(self) -> tuple[str, Any]:
        if self.files is None:
            self.files = read_folder(self.folder)
        for label, message in self.files.problems:
            self.report.refused(label, None, message)
        return self.files.universe.label, self.read(self.files.universe)

    def fact_files(self) -> Iterable[tuple[str, Any]]:
        kept = getattr(self.shapes, "kept", None)
        for file in self.files.facts:
            found = kept(file) if kept is not None and file.raw is not None else None
            if found is None:
                yield file.label, self.read(file)
                continue
            entry, self.report.indexes[file.label] = found  # the file's build, kept: not parsed
            self.report.texts[file.label] = file.raw.decode("utf-8", errors="replace")
            self.digest.update(file.label.encode() + b"\0" + file.raw + b"\0")
            yield file.label, KeptBuild(entry)

    def _run(self) -> Universe | None:
        label, raw = self.universe_file()
        doc = None
        if raw is not None:
            doc = self.validate(UniverseDoc, raw, label, ())
        elif label not in self.report.refused_lines:
            self.report(label, (), "universe.yaml is empty: it must be a mapping (format, id, title, story_time, kinds...)")
        fact_docs = [(name, self.read_facts(name, data)) for name, data in self.fact_files()]
        if doc is None:
            return None
        folder_name = Path(os.path.abspath(self.folder)).name  # "." and ".." have names too
        if doc.id != folder_name:
            self.report(label, ("id",), f"id {doc.id!r} differs from the folder name {folder_name!r}", "warning")
        vocabulary = read_vocabulary(doc, label, self.report)
        self.timeline, self.kinds = vocabulary.timeline, vocabulary.kinds
        self.statuses, self.relations = vocabulary.statuses, vocabulary.relations
        if self.timeline is None:
            return None
        return self.build(doc, label, fact_docs)

    def validate(self, model, raw: Any, file: str, path: tuple):
        return check_shape(model, raw, file, path, self.report)

    def read_facts(self, label: str, raw: Any) -> tuple[list, list]:
        """Shape-check one fact file; return its valid (entity, statement) docs with paths."""
        if isinstance(raw, KeptBuild):
            return raw  # what the derived cache kept of the file's build (`assembly`)
        checked = self.shapes.checked(label) if self.shapes is not None else None
        if checked is not None:
            self.clean.add(label)
            return checked
        reported = len(self.report.pending)
        self.validated += 1
        entities, statements = check_facts(label, raw, self.report, self.broken)
        if len(self.report.pending) == reported:
            self.clean.add(label)
            if self.shapes is not None:
                self.shapes.keep(label, entities, statements)
        return entities, statements

    # -- resolution helpers ----------------------------------------------------------------

    def point(self, text: str | None, file: str, path: tuple, *keys) -> StoryPoint | None:
        """The story point `text` names; reported at `path` + `keys` when unknown."""
        if text is None:
            return None
        found = self.lookup(text)
        if found is None:
            known = ", ".join(p.id for p in self.timeline.points[:8])
            self.report(file, path + keys, f"unknown story point {text!r} (known: {known}{', ...' if len(self.timeline) > 8 else ''})")
        return found

    def lookup(self, text: str | None) -> StoryPoint | None:
        """The story point `text` names, or None (memoised: files repeat the same few labels)."""
        if text is None:
            return None
        try:
            return self._points[text]
        except KeyError:
            found = self._points[text] = self.timeline.find(text)
            return found

    def span(self, start: StoryPoint | None, until: StoryPoint | None) -> Span:
        """One shared `Span` per pair of points (as the cache's decoder makes them)."""
        key = (id(start), id(until))  # the timeline's own points, alive as long as this loader
        try:
            return self._spans[key]
        except KeyError:
            made = self._spans[key] = Span(start, until)
            return made

    def known(self, vocabulary: dict, value: str, what: str, file: str, path: tuple) -> bool:
        if value in vocabulary:
            return True
        names = ", ".join(sorted(vocabulary)) or "none declared"
        self.report(file, path, f"unknown {what} {value!r} (declared in universe.yaml: {names})")
        return False

    def sources(self, refs, file: str, path: tuple) -> tuple[SourceRef, ...]:
        """The citations under ``path + ("sources",)``, remembered for the check of their sources."""
        out, cited, plain = [], self.cited, self._plain_refs
        for index, ref in enumerate(refs):
            if isinstance(ref, str):  # one shared record per source cited plainly (immutable)
                made = plain.get(ref)
                if made is None:
                    made = plain[ref] = SourceRef(ref)
            else:
                made = SourceRef(ref.source, ref.quote, ref.locator)
            out.append(made)
            cited.append((made.source, file, path, index))
        return tuple(out)

    # -- the model -------------------------------------------------------------------------

    def build(self, doc: UniverseDoc, universe_file: str, fact_docs: list) -> Universe:
        if hasattr(self.shapes, "vocabulary"):  # the derived cache's: builds remembered in memory share a timeline
            self.shapes.vocabulary(self)
        return assemble(self, doc, universe_file, [(file, self.by_column(file, docs)) for file, docs in fact_docs])

    def by_column(self, file: str, docs: Any) -> Any:
        """A clean file's documents as its build (`FileBuild`), made a column at a time
        (`columnbuild.file_build`) when they report nothing built alone; else `docs`."""
        if file not in self.clean or type(docs) is not tuple:
            return docs
        built = file_build(self, file, *docs)
        return docs if built is None else built

    def entity(self, item: EntityDoc, file: str, path: tuple) -> Entity | None:
        self.known(self.kinds, item.kind, "kind", file, path + ("kind",))
        aliases = []
        for index, alias in enumerate(item.aliases):
            if isinstance(alias, str):
                aliases.append(Alias(alias))
            else:
                aliases.append(Alias(alias.name, self.point(alias.revealed, file, path, "aliases", index, "revealed")))
        if item.description is None:
            passages = ()
        elif isinstance(item.description, str):
            passages = (Passage(item.description),)
        else:
            passages = tuple(
                Passage(part.text, self.point(part.revealed, file, path, "description", index, "revealed"), part.evidence)
                for index, part in enumerate(item.description)
            )
        changes = []
        for index, change in enumerate(item.status):
            here = path + ("status", index)
            at = self.point(change.at, file, here, "at")
            self.known(self.statuses, change.status, "status", file, here + ("status",))
            revealed = self.point(change.revealed, file, here, "revealed") if change.revealed else at
            if at is None:
                continue
            changes.append(
                StatusChange(
                    entity=item.id,
                    at=at,
                    status=change.status,
                    evidence=change.evidence,
                    revealed=revealed,
                    sources=self.sources(change.sources, file, here) if change.sources else (),
                    note=change.note,
                    origin=file,
                )
            )
        for earlier, later in zip(changes, changes[1:]):
            if later.at.sort_key < earlier.at.sort_key and not later.at.is_within(earlier.at):
                index = changes.index(later)
                self.report(file, path + ("status", index, "at"), f"status change at {later.at.id} is listed after one at {earlier.at.id}: keep the timeline in story order")
        return Entity(
            id=item.id,
            kind=item.kind,
            name=item.name,
            aliases=tuple(aliases),
            description=passages,
            revealed=self.point(item.revealed, file, path, "revealed"),
            evidence=item.evidence,
            sources=self.sources(item.sources, file, path) if item.sources else (),
            point=self.point(item.point, file, path, "point"),
            url=item.url,
            date=item.date,
            attributes=MappingProxyType(dict(item.attributes)),
            status=tuple(changes),
            note=item.note,
            origin=file,
        )

    def statement(self, item: StatementDoc, file: str, path: tuple, entities: dict, statement_id: str) -> Statement | None:
        row = plain_row(self, item, file, path, entities, statement_id)
        if row is not None:
            return Statement(*row)
        return self._statement(item, file, path, entities, statement_id)

    def statement_row(self, item: StatementDoc, file: str, path: tuple, entities: dict, statement_id: str) -> tuple | None:
        """`statement`'s fields as a row, in `Statement`'s order (`records.from_rows` makes the
        records of many at once), or None as `statement` gives None."""
        row = plain_row(self, item, file, path, entities, statement_id)
        if row is not None:
            return row
        made = self._statement(item, file, path, entities, statement_id)
        return None if made is None else tuple(map(made.__getattribute__, STATEMENT_FIELDS))

    def _statement(self, item: StatementDoc, file: str, path: tuple, entities: dict, statement_id: str) -> Statement | None:
        ok = True
        rtype = self.relations.get(item.relation)
        if rtype is None:
            self.known(self.relations, item.relation, "relation type", file, path + ("relation",))
            ok = False
        # `entities` None: built alone (`filebuild`), the checks against other files are left out
        subject = entities.get(item.subject) if entities is not None else None
        if subject is None and entities is not None:
            if item.subject not in self.broken:
                self.report(file, path + ("subject",), f"unknown entity {item.subject!r}")
            ok = False
        obj = None
        if rtype is not None:
            if rtype.value:
                if item.value is None:
                    self.report(file, path, f"relation {item.relation!r} takes a 'value:', not an entity")
                    ok = False
                if item.object is not None:
                    self.report(file, path + ("object",), f"relation {item.relation!r} takes a 'value:', not an object entity")
                    ok = False
            else:
                if item.object is None:
                    self.report(file, path, f"relation {item.relation!r} needs an 'object:' entity")
                    ok = False
                elif item.value is not None:
                    self.report(file, path + ("value",), f"relation {item.relation!r} links two entities: use 'object:', not 'value:'")
                    ok = False
        if item.object is not None and entities is not None:
            obj = entities.get(item.object)
            if obj is None:
                if item.object not in self.broken:
                    self.report(file, path + ("object",), f"unknown entity {item.object!r}")
                ok = False
        if rtype is not None and subject is not None and rtype.subject_kinds and subject.kind not in rtype.subject_kinds:
            self.report(file, path + ("subject",), f"{item.relation!r} takes a subject of kind {' or '.join(rtype.subject_kinds)}, not {subject.kind} {item.subject!r}")
        if rtype is not None and obj is not None and rtype.object_kinds and obj.kind not in rtype.object_kinds:
            self.report(file, path + ("object",), f"{item.relation!r} takes an object of kind {' or '.join(rtype.object_kinds)}, not {obj.kind} {item.object!r}")
        start = self.point(item.from_, file, path, "from")
        until = self.point(item.until, file, path, "until")
        if start is not None and until is not None and until.end < start.start:
            self.report(file, path + ("until",), f"range ends before it starts: from {start.id} until {until.id}")
            ok = False
        revealed = self.point(item.revealed, file, path, "revealed")
        spoils = self.point(item.spoils, file, path, "spoils")
        sources = self.sources(item.sources, file, path) if item.sources else ()
        if not ok or (item.from_ and start is None) or (item.until and until is None):
            return None
        return Statement(
            id=statement_id,
            subject=item.subject,
            relation=item.relation,
            object=item.object,
            value=item.value,
            span=self.span(start, until),
            revealed=revealed if revealed is not None else (self.timeline.opening(start) if start else None),
            spoils=spoils,
            date=item.date,
            weight=item.weight,
            evidence=item.evidence,
            rank=item.rank,
            sources=sources,
            note=item.note,
            origin=file,
        ) if (item.revealed is None or revealed is not None) else None
