"""Put an imported universe in place: write it beside the target, check it, then rename.

A half-imported universe is never left behind: the files go to a hidden staging folder next to
the target (`universe.storage.folderswap.Staging`), the documents they hold are checked as a load
of that folder checks them (`check_documents`), and only then does one rename put the folder in
place. An existing universe is refused unless `force`, which replaces it without losing anything
of it (its arcs and history are kept, the replaced files recorded for undo:
`universe.exchange.importers.replacing`) and in one step, so a crash leaves the old universe or
the new one, never none. A read-only deployment
(UNIVERSE_READ_ONLY) refuses every import.
"""

from __future__ import annotations

import gc
import os
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

from universe.errors import ImportFailed, Problem, UniverseInvalid
from universe.exchange.importers.yamltext import flow_yaml, yaml_text_indexed
from universe.storage import folder as folder_limits
from universe.storage import regularfile
from universe.storage.folderswap import Staging, recover
from universe.storage.regularfile import write_text_atomic
from universe.storage.revisions import READ_ONLY_ENV, ReadOnly, is_read_only
from universe.storage.store import universe_from_documents
from universe.story.snapshot import Universe

__all__ = ["Documents", "ImportReport", "place_universe", "flow_yaml", "collector_paused"]

Progress = Callable[[float, str], None]


@contextmanager
def collector_paused():
    """Python's cyclic garbage collector paused: an import makes millions of objects that all live
    on, and the collector's passes over them (a third of the time) would free nothing."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


@dataclass(frozen=True)
class Documents:
    """A universe as documents: universe.yaml's content, and each fact file's, by file name."""

    universe: dict
    facts: dict[str, dict]
    headers: dict[str, str] = field(default_factory=dict)  # comment at the top of each file
    notes: tuple[str, ...] = ()  # what the import did to the data, in words

    @property
    def id(self) -> str:
        return self.universe["id"]

    def load(self) -> Universe:
        """The universe, validated in memory; raises UniverseInvalid listing every error."""
        return universe_from_documents(self.universe, self.facts, name=self.id)

    def write(self, target: "str | os.PathLike[str]", *, force: bool = False, progress: Progress | None = None):
        """Write the universe folder `target` atomically; return an ImportReport.

        See `universe.exchange.importers.staging.place_universe`.
        """
        from universe.exchange.importers.staging import place_universe

        return place_universe(self, target, force=force, progress=progress)


@dataclass(frozen=True)
class ImportReport:
    """What an import wrote, where, and what it did to the data on the way."""

    path: Path
    title: str
    entities: int
    relations: int
    story_points: int
    kinds: dict[str, int]
    notes: tuple[str, ...] = ()
    warnings: tuple[Problem, ...] = ()
    replaced: bool = False  # an existing universe was replaced (undo brings it back)

    def summary(self) -> str:
        """One line: ``imported 420 entities and 3,012 relations over 8 story points into PATH``."""
        kinds = ", ".join(f"{count:,} {kind}" for kind, count in self.kinds.items())
        return (
            f"imported {self.title!r}: {self.entities:,} entities ({kinds}), {self.relations:,} relations, "
            f"{self.story_points:,} story points into {self.path}"
        )


def place_universe(documents: Documents, target: "str | os.PathLike[str]", *, force: bool = False,
                   progress: Progress | None = None) -> ImportReport:
    """Write `documents` as the universe folder `target`, validated, atomically.

    The folder's name must be the universe's id. Raises ImportFailed when `target` exists (and
    is not an empty folder) without `force`, or with `force` but is no universe folder;
    UniverseInvalid when the written universe does not load; ReadOnly in a read-only deployment.
    Either way nothing is left behind and an existing target is untouched.
    """
    report = progress or (lambda fraction, message: None)
    target = Path(target)
    if is_read_only():
        raise ReadOnly(f"this deployment is read-only ({READ_ONLY_ENV} is set): nothing was imported")
    if target.name != documents.id:
        raise ImportFailed(str(target), None, f"the folder name must be the universe id {documents.id!r}")
    if target.exists() and not target.is_dir():
        raise ImportFailed(str(target), None, "is a file, not a universe folder")
    occupied = target.is_dir() and any(target.iterdir())
    if occupied and not force:
        raise ImportFailed(str(target), None, "already exists; use --force (force=True) to replace it")
    if occupied and not (target / "universe.yaml").is_file():
        raise ImportFailed(str(target), None, "holds files but no universe.yaml: not a universe, so it is not "
                           "replaced; choose another folder")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        recover(target.parent)  # staging folders of imports killed earlier
        staging = Staging(target)
    except OSError as error:
        raise ImportFailed(str(target.parent), None, f"cannot create a folder here: {error.strerror or error}") from None
    notes = documents.notes
    try:
        folder = staging.folder
        folder.mkdir()
        names = ["universe.yaml", *documents.facts]
        written, lines, total = {}, {}, 0
        for index, name in enumerate(names):
            report(0.7 + 0.1 * index / len(names), f"writing {name}")
            data = documents.universe if name == "universe.yaml" else documents.facts[name]
            written[name], lines[name] = yaml_text_indexed(data, documents.headers.get(name))
            total += _within_limits(target / name, written[name], total)
            try:
                write_text_atomic(folder / name, written[name])
            except OSError as error:
                raise ImportFailed(str(target / name), None, f"cannot write: {error.strerror or error}") from None
        report(0.85, "checking the universe loads")
        universe = check_documents(documents, folder, written, lines)
        report(0.95, f"putting {target.name} in place")
        try:
            if occupied:
                from universe.exchange.importers.replacing import replace_universe  # arcs, history: only to replace

                notes = notes + replace_universe(staging, written)
            else:
                os.replace(folder, target)  # also replaces an empty folder
        except OSError as error:
            raise ImportFailed(str(target), None, f"cannot put the universe in place: {error.strerror or error}") from None
    finally:
        staging.close()
    report(1.0, "done")
    kinds: dict[str, int] = {}
    for entity in universe.entities.values():
        kinds[entity.kind] = kinds.get(entity.kind, 0) + 1
    return ImportReport(
        path=target,
        title=universe.title,
        entities=len(universe.entities),
        relations=sum(1 for s in universe.statements if s.object is not None),
        story_points=len(universe.timeline.leaves),
        kinds=dict(sorted(kinds.items(), key=lambda item: -item[1])),
        notes=notes,
        warnings=universe.warnings,
        replaced=occupied,
    )


def _within_limits(path: Path, text: str, total: int) -> int:
    """The size of `text` in bytes; raises ImportFailed when a load of the folder would refuse
    the file (over `MAX_FILE_BYTES`) or the universe (over `MAX_UNIVERSE_BYTES` in all), as the
    documents are checked without reading the files back."""
    size = len(text.encode("utf-8"))
    if size > regularfile.MAX_FILE_BYTES:
        raise ImportFailed(str(path), None, f"would be {size:,} bytes, over the {regularfile.MAX_FILE_BYTES:,}-byte limit of a "
                           "universe file: nothing was written")
    if total + size > folder_limits.MAX_UNIVERSE_BYTES:
        raise ImportFailed(str(path.parent), None, f"the universe's files would be over the "
                           f"{folder_limits.MAX_UNIVERSE_BYTES:,}-byte limit in all: nothing was written")
    return size


def check_documents(documents: Documents, folder: Path, texts: dict[str, str], lines: dict[str, dict | None]) -> Universe:
    """The universe of `documents`, checked exactly as a load of the folder they were written to
    checks them; raises UniverseInvalid listing every error.

    The documents themselves, not the files read back: their text reads back as them, and the
    line index written with each is the one reading it gives (both tested in
    tests/test_import_scale.py), so problems name the same lines. Reading the files back through
    YAML, and composing them again to find the lines of warnings, took half an import.
    Each file's shape is checked by pydantic as a load checks it, and kept as the derived cache
    keeps it (`_OneFileAtATime`)."""
    from universe.storage.memoryloader import MemoryLoader  # pydantic: only when documents are built

    loader = MemoryLoader(folder, documents.universe, documents.facts)
    loader.shapes = _OneFileAtATime(documents.facts)
    loader.report.texts.update(texts)
    loader.report.indexes.update({name: index for name, index in lines.items() if index is not None})
    built = loader.run()
    if built is None or any(p.is_error for p in loader.problems):
        raise UniverseInvalid(loader.problems)
    return replace(built, warnings=tuple(loader.problems), path=None)


class _OneFileAtATime:
    """`Loader.shapes` for an import: each fact file shape-checked by pydantic as a load checks it,
    then its documents kept as the derived cache keeps a file's (`storage.shapes`: light rows, not
    pydantic models), so the models of one file at a time are alive, not every file's (they were
    200 MB at 19,000 nodes, the peak of an import). The rows are made straight from the models
    just checked (`light_shapes`: nothing type-checked again, as nothing here was read from a
    file). A file with shape problems is left to the loader, which checks it again and reports
    them."""

    def __init__(self, facts: dict[str, dict]):
        self.facts = facts

    def checked(self, label: str) -> tuple[list, list] | None:
        from universe.storage.report import Report
        from universe.storage.shapecheck import check_facts
        from universe.storage.shapes import light_shapes

        report = Report()
        entities, statements = check_facts(label, self.facts.get(label), report, set())
        if report.pending:
            return None
        return light_shapes(entities, statements)  # checked just now, in this process

    def keep(self, label: str, entities: list, statements: list) -> None:
        """(Called for a file the loader checked itself: nothing to keep.)"""
