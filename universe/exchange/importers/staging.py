"""Put an imported universe in place: write it beside the target, load it back, then rename.

A half-imported universe is never left behind: the files go to a hidden staging folder next to
the target (`universe.storage.folderswap.Staging`), `universe.storage.store.load_universe`
validates them, and only then does one rename put the folder in place. An existing universe is
refused unless `force`, which replaces it without losing anything of it (its arcs and history
are kept, the replaced files recorded for undo: `universe.exchange.importers.replacing`) and in
one step, so a crash leaves the old universe or the new one, never none. A read-only deployment
(UNIVERSE_READ_ONLY) refuses every import.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from universe.errors import ImportFailed, Problem
from universe.exchange.importers.replacing import replace_universe
from universe.exchange.importers.yamltext import flow_yaml, yaml_text
from universe.storage.folderswap import Staging, recover
from universe.storage.revisions import READ_ONLY_ENV, ReadOnly, is_read_only
from universe.storage.store import load_universe, universe_from_documents
from universe.storage.yamlfile import write_text_atomic
from universe.story.snapshot import Universe

__all__ = ["Documents", "ImportReport", "place_universe", "flow_yaml"]

Progress = Callable[[float, str], None]


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
        written = {}
        for index, name in enumerate(names):
            report(0.7 + 0.1 * index / len(names), f"writing {name}")
            data = documents.universe if name == "universe.yaml" else documents.facts[name]
            written[name] = yaml_text(data, documents.headers.get(name))
            try:
                write_text_atomic(folder / name, written[name])
            except OSError as error:
                raise ImportFailed(str(target / name), None, f"cannot write: {error.strerror or error}") from None
        report(0.85, "checking the universe loads")
        universe = load_universe(folder)
        report(0.95, f"putting {target.name} in place")
        try:
            if occupied:
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
