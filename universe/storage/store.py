"""Find universe folders, load them into a Universe, and report every problem with file and line.

`load_universe` returns a valid universe or raises UniverseInvalid listing every error;
`check_universe` returns the list (errors and warnings) without raising for bad data.
"""

from __future__ import annotations

import os
import re
from dataclasses import replace
from pathlib import Path
from typing import Callable

from universe.errors import InvalidUniverseId, Problem, UniverseInvalid, UniverseNotFound
from universe.storage.derivedcache import BuildMemory, Outcome, load_folder
from universe.storage.folder import FACT_FILE_PATTERNS, file_label
from universe.storage.folderswap import recover, stagings
from universe.story.snapshot import Universe

__all__ = [
    "BUNDLED",
    "data_dir",
    "universe_path",
    "list_universes",
    "load_universe",
    "load_outcome",
    "check_universe",
    "universe_from_documents",
    "FACT_FILE_PATTERNS",
    "file_label",
]

BUNDLED = "all-of-us-are-dead"
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")  # documents.UNIVERSE_ID_PATTERN (a test keeps them equal)


def data_dir() -> Path:
    """The folder of universes: $UNIVERSE_DATA, else the project's own `data/`."""
    configured = os.environ.get("UNIVERSE_DATA")
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[2] / "data"


def universe_path(universe_id: str, root: Path | None = None) -> Path:
    """The folder of the universe `universe_id` under `root` (default: `data_dir()`).

    Raises InvalidUniverseId for anything but a slug, so an id never escapes the data folder.
    """
    if not isinstance(universe_id, str) or not _ID.fullmatch(universe_id):
        raise InvalidUniverseId(
            f"invalid universe id {universe_id!r}: use lower-case letters, digits and hyphens"
        )
    return (root or data_dir()) / universe_id


def list_universes(root: Path | None = None) -> list[str]:
    """The ids of the universe folders under `root` (those with a universe.yaml), sorted."""
    root = root or data_dir()
    if not root.is_dir():
        return []
    recover(root)  # an import killed while replacing a universe: finish it or roll it back
    return sorted(
        child.name
        for child in root.iterdir()
        if child.is_dir() and _ID.fullmatch(child.name) and (child / "universe.yaml").is_file()
    )


def load_universe(path: "str | os.PathLike[str] | None" = None) -> Universe:
    """Load the universe folder at `path` (default: the bundled universe).

    Raises UniverseNotFound when there is no universe.yaml, UniverseInvalid listing every
    error otherwise; warnings are kept on ``universe.warnings``. What was derived from files
    that did not change since the last load is read from the derived cache
    (`universe.storage.derivedcache`).
    """
    outcome = load_outcome(path)
    if outcome.universe is None:
        raise UniverseInvalid(outcome.problems)
    return replace(outcome.universe, warnings=tuple(outcome.problems))


def load_outcome(path: "str | os.PathLike[str] | None" = None, memory: BuildMemory | None = None) -> Outcome:
    """What loading the universe folder at `path` gave: the universe (None when it has errors),
    every problem, and what had to be derived again (`derivedcache.Outcome`). Raises
    UniverseNotFound when there is no universe.yaml. `memory` keeps the decoded builds of the
    folder's last load for the next (`buildmemory`: a process loading it again and again)."""
    return load_folder(_folder(path), memory)


def check_universe(path: "str | os.PathLike[str] | None" = None) -> list[Problem]:
    """Every error and warning in the universe folder at `path`, in file order."""
    return list(load_folder(_folder(path)).problems)


def universe_from_documents(
    universe: dict,
    facts: "dict[str, dict]",
    name: str = "memory",
    *,
    texts: "dict[str, str] | None" = None,
    locate: "Callable[[str, tuple], tuple[str, tuple]] | None" = None,
) -> Universe:
    """Build a universe from parsed documents: ``universe`` is universe.yaml's content and
    ``facts`` maps a file name to a fact file's content. Validated exactly like a folder.

    ``texts`` maps a file name to the text it was parsed from, so problems get line numbers;
    ``locate`` maps an entry's ``(file, path)`` in the documents to where it was written (arcs
    merge their entries into canon documents, and their problems must name the arc file).

    Raises UniverseInvalid listing every error.
    """
    from universe.storage.memoryloader import MemoryLoader  # pydantic: only when documents are built

    loader = MemoryLoader(Path(name), universe, facts)
    loader.report.texts.update(texts or {})
    if locate is not None:
        loader.report.locate = locate
    built = loader.run()
    if built is None or any(p.is_error for p in loader.problems):
        raise UniverseInvalid(loader.problems)
    return replace(built, warnings=tuple(loader.problems), path=None)


def _folder(path: "str | os.PathLike[str] | None") -> Path:
    folder = Path(path) if path is not None else data_dir() / BUNDLED
    if folder.is_file() and folder.name == "universe.yaml":
        folder = folder.parent
    if stagings(folder.parent):
        recover(folder.parent)  # an import killed while replacing a universe: finish it or roll it back
    if not os.path.lexists(folder / "universe.yaml"):  # a link or a FIFO there is refused by name
        raise UniverseNotFound(f"{folder}: no universe here (no universe.yaml)")
    return folder
