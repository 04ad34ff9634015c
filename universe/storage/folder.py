"""The files of a universe folder: which are read, their bytes, and what may not be there.

A universe folder holds folders and regular files only. A symbolic link (dangling, or to
``/dev/zero``), a FIFO, a device or a socket anywhere in it, ``arcs/`` and ``.history/``
included, is refused with a message naming it: following a link could read or write outside
the folder, and a FIFO or a device never ends. The derived cache (``.cache/``, ours) is skipped.
The YAML files read at once are capped in total (`MAX_UNIVERSE_BYTES`) as each is capped alone.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from universe.errors import FileRefused, UniverseError
from universe.storage.regularfile import read_regular_file, special_kind

__all__ = [
    "MAX_UNIVERSE_BYTES",
    "CACHE_FOLDER",
    "FACT_FILE_PATTERNS",
    "UnsafeEntry",
    "FileBytes",
    "FolderFiles",
    "file_label",
    "unsafe_entries",
    "refuse_unsafe_entries",
    "read_folder",
]

MAX_UNIVERSE_BYTES = 256 * 1024 * 1024
CACHE_FOLDER = ".cache"
FACT_FILE_PATTERNS = ("*.yaml", "*.yml")
_UNIVERSE_FILES = ("universe.yaml", "universe.yml")
_MAX_ENTRIES = 200_000  # a folder with more entries than this is not a universe: stop looking


class UnsafeEntry(UniverseError):
    """A symbolic link or a special file inside a universe folder."""


def file_label(path: Path) -> str:
    """How messages name a file: relative to the working directory when inside it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if relative.startswith("..") else relative


@dataclass(frozen=True)
class FileBytes:
    """One file as read: its label, its bytes, or why it was refused."""

    label: str
    path: Path
    raw: bytes | None = None
    refused: FileRefused | None = None

    @property
    def digest(self) -> str:
        """SHA-256 of the bytes (of the refusal when there are none): the file's cache key."""
        content = self.raw if self.raw is not None else f"refused:{self.refused}".encode()
        return hashlib.sha256(content).hexdigest()


@dataclass
class FolderFiles:
    """Everything a load reads from a folder, read once: universe.yaml first, then the fact
    files in name order; `problems` are (label, message) of entries refused folder-wide."""

    folder: Path
    universe: FileBytes
    facts: list[FileBytes] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)

    @property
    def files(self) -> list[FileBytes]:
        return [self.universe, *self.facts]


def unsafe_entries(folder: Path) -> list[tuple[Path, str]]:
    """Every symbolic link and special file under `folder` (not following links), with what it is."""
    found: list[tuple[Path, str]] = []
    pending, seen = [Path(folder)], 0
    while pending and seen < _MAX_ENTRIES:
        directory = pending.pop()
        try:
            entries = list(os.scandir(directory))
        except OSError:
            continue
        for entry in entries:
            seen += 1
            if entry.name == CACHE_FOLDER and directory == Path(folder):
                continue
            try:
                if entry.is_symlink():
                    found.append((Path(entry.path), "symbolic link"))
                elif entry.is_dir(follow_symlinks=False):
                    pending.append(Path(entry.path))
                elif not entry.is_file(follow_symlinks=False):
                    found.append((Path(entry.path), special_kind(entry.stat(follow_symlinks=False).st_mode)))
            except OSError:
                continue
    return sorted(found)


def _unsafe_message(kind: str) -> str:
    return f"is a {kind}: a universe folder holds regular files and folders only (remove it)"


def refuse_unsafe_entries(folder: "str | os.PathLike[str]") -> None:
    """Raise UnsafeEntry naming the first symbolic link or special file under `folder`
    (before anything is written there: a write must never go through a link)."""
    folder = Path(folder)
    if folder.is_symlink() and not folder.is_dir():
        raise UnsafeEntry(f"{file_label(folder)}: {_unsafe_message('symbolic link')}")
    for path, kind in unsafe_entries(folder):
        raise UnsafeEntry(f"{file_label(path)}: {_unsafe_message(kind)}")


def _read(path: Path, budget: int) -> FileBytes:
    label = file_label(path)
    try:
        raw = read_regular_file(path, label)
    except FileRefused as refused:
        return FileBytes(label, path, refused=refused)
    if len(raw) > budget:
        return FileBytes(label, path, refused=FileRefused(
            label, None, f"the universe's YAML files together are over the {MAX_UNIVERSE_BYTES:,}-byte limit "
            f"for a whole universe (this one is the first past it): split the universe"))
    return FileBytes(label, path, raw)


def read_folder(folder: "str | os.PathLike[str]") -> FolderFiles:
    """Read universe.yaml and every fact file of `folder`, refusing unsafe entries by name."""
    folder = Path(folder)
    problems = [(file_label(path), _unsafe_message(kind)) for path, kind in unsafe_entries(folder)]
    unsafe = {label for label, _ in problems}
    budget = MAX_UNIVERSE_BYTES
    universe = _read(folder / "universe.yaml", budget)
    budget -= len(universe.raw or b"")
    facts = []
    names = sorted({p for pattern in FACT_FILE_PATTERNS for p in folder.glob(pattern)})
    for path in names:
        if path.name in _UNIVERSE_FILES or file_label(path) in unsafe:
            continue
        try:
            mode = path.lstat().st_mode
        except OSError:
            continue  # removed while we looked
        if stat.S_ISDIR(mode):
            continue
        read = _read(path, budget)
        budget -= len(read.raw or b"")
        facts.append(read)
    return FolderFiles(folder, universe, facts, problems)
