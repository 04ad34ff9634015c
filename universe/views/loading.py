"""Loading a universe folder for the web app: once per version of its files, shared by every session.

Only each folder's last version is kept (and at most `FOLDERS` folders); the decoded builds of its
last load are kept too (`MEMORY`), so that the load after an edit reads only the edited file.

A folder that does not load gives a `Loaded` with the problems that stopped it, never an exception.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field, replace
from pathlib import Path

import streamlit as st

from universe.errors import Problem, UniverseError, UniverseInvalid
from universe.storage.folder import unsafe_entries
from universe.storage.buildmemory import BuildMemory
from universe.storage.store import load_outcome
from universe.story.snapshot import Universe
from universe.views.heap import kept_for_long
from universe.views.versioncache import drop_other_versions

__all__ = ["EVERYTHING", "Loaded", "load"]

EVERYTHING = "everything"  # the horizon of a viewer with no spoiler limit


@dataclass(frozen=True)
class Loaded:
    """The outcome of loading a folder: a universe, or the problems that stopped it."""

    universe: Universe | None
    problems: tuple[Problem, ...] = ()
    message: str = ""
    # what this load derived again: files parsed, fact files shape-checked, fact files built
    # (after an edit in the app, the edited file alone; see `universe.storage.derivedcache`)
    parsed: int = field(default=0, compare=False)
    validated: int = field(default=0, compare=False)
    built: int = field(default=0, compare=False)
    recalled: int = field(default=0, compare=False)  # fact files whose build came from `MEMORY`, not disk



def _fingerprint(folder: Path) -> tuple:
    """Names, sizes, inodes and change times of a folder's YAML files: changes when a file does.

    Only the key of this process's memory: what is loaded comes from the files through the
    derived cache (`universe.storage.derivedcache`), keyed by their content, which re-derives
    only what changed (after an edit in the app: the edited file is parsed, checked and built;
    the other files' records are kept, and only the checks across files run over them).
    Never follows a link (a dangling one would raise), and holds every link and special file
    anywhere in the folder (arcs/ and .history/ too): the load refuses those by name, before any
    page reads an arc.
    """
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return ()
    out = []
    for entry in entries:
        if entry.name.endswith((".yaml", ".yml")):
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            out.append((entry.name, info.st_ino, info.st_mtime_ns, info.st_ctime_ns, info.st_size))
    return tuple(sorted(out)) + tuple((str(path), kind) for path, kind in unsafe_entries(folder))


#: Folders whose universe this process keeps loaded (each its last version only: a universe of
#: 20,000 entities is about a million objects, and every version kept was one more).
FOLDERS = 4
#: The decoded builds of each folder's last load: after an edit (in the app or in a file), the next
#: load reads and decodes only the edited file (`universe.storage.buildmemory`).
MEMORY = BuildMemory(folders=FOLDERS)
_latest: dict[str, tuple] = {}  # folder: the fingerprint of its version last asked for
_latest_lock = threading.Lock()


@st.cache_resource(max_entries=FOLDERS, show_spinner="Loading the universe...")
def _load(folder: str, fingerprint: tuple) -> Loaded:
    try:
        with kept_for_long():  # a million objects kept: out of the collector's passes
            outcome = load_outcome(folder, MEMORY)
    except UniverseError as error:
        return Loaded(None, (), str(error))
    counts = {"parsed": outcome.parsed, "validated": outcome.validated, "built": outcome.built, "recalled": outcome.recalled}
    if outcome.universe is None:
        invalid = UniverseInvalid(outcome.problems)
        return Loaded(None, tuple(invalid.problems), str(invalid).splitlines()[0], **counts)
    return Loaded(replace(outcome.universe, warnings=tuple(outcome.problems)), **counts)


def load(folder: "str | Path") -> Loaded:
    """The universe in `folder`, loaded once per version of its files (shared: do not mutate)."""
    folder = Path(folder)
    fingerprint = _fingerprint(folder)
    loaded = _load(str(folder), fingerprint)
    with _latest_lock:
        earlier = _latest.get(str(folder))
        _latest[str(folder)] = fingerprint
    if earlier is not None and earlier != fingerprint:
        # the folder's earlier version is dropped from the shared cache, with everything the pages
        # cached for it (a session still showing it holds its own reference until its rerun): one
        # version per folder, not sixteen
        _load.clear(str(folder), earlier)
        drop_other_versions(str(folder), loaded.universe.version if loaded.universe is not None else None)
    return loaded
