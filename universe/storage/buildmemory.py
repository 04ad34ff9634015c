"""Kept builds remembered in memory between loads, for a process that loads a folder again and
again (the app: after an edit, in the app or in a file, the next page loads the folder again).

The derived cache keeps each fact file's records on disk (`fileentries`, ``builds/``); reading
and decoding the unchanged files' builds was a sixth of a load after an edit at 20,000 entities.
A `BuildMemory` keeps, per folder, the builds the last load used, decoded, with the line index
of their files and the vocabularies (timeline, kinds, statuses, relations) they were decoded
against: the next load takes an unchanged file's build from here instead of reading it.

A decoded build's records hold the story points of one timeline object (records compare their
points by identity: `universecodec.point_positions`). So a remembered build is used only when
the load's vocabularies, read from universe.yaml again, equal the remembered ones: then the load
builds against the remembered vocabularies (`BuildMemory.vocabulary`), and every record of the
universe it makes shares one timeline. Otherwise the build is read from disk as before. Names
are the builds' own keys (the file's bytes and name, universe.yaml's bytes, the code's version),
so a remembered build is the one the disk holds under that name, decoded: what it gives is what
a load from the files gives (`tests/test_cache_memory.py` compares them after edits).

Bounded: one version per folder (the builds of its last load, which the universe loaded from
them shares: little beyond it), and `folders` folders, the least recently loaded dropped first.
Only this process's own objects, never read from anywhere: nothing to distrust.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

__all__ = ["BuildMemory", "Remembered", "same_vocabulary", "vocabulary_of"]


class Remembered:
    """What a folder's last load left: its vocabularies and its builds by name."""

    __slots__ = ("vocabulary", "builds", "records", "finders")

    def __init__(self, vocabulary: tuple, builds: dict[str, tuple[dict, Any]], records: dict[str, tuple] | None = None,
                 finders: dict[str, tuple] | None = None):
        # the builds' names hold universe.yaml's bytes and the code's version (`fileentries.build_names`)
        # name: (the file's line index, or the entry's `entryfields.Later` part holding it; its FileBuild)
        self.vocabulary, self.builds = vocabulary, builds
        # name: (FileBuild, positions of its statements kept, their ids, the statement records made of them)
        self.records = records or {}
        self.finders = finders or {}  # name: the file's line finder and the lines it found (`report.Report.finder`)


class BuildMemory:
    """Per folder, the builds of its last load (see above); safe to share between threads."""

    def __init__(self, folders: int = 4):
        self.folders = folders
        self._kept: OrderedDict[str, Remembered] = OrderedDict()
        self._lock = threading.Lock()

    def recall(self, folder: str) -> Remembered | None:
        with self._lock:
            found = self._kept.get(folder)
            if found is not None:
                self._kept.move_to_end(folder)
            return found

    def remember(self, folder: str, remembered: Remembered) -> None:
        with self._lock:
            self._kept[folder] = remembered
            self._kept.move_to_end(folder)
            while len(self._kept) > self.folders:
                self._kept.popitem(last=False)

    def forget(self, folder: str | None = None) -> None:
        with self._lock:
            if folder is None:
                self._kept.clear()
            else:
                self._kept.pop(folder, None)

    def __len__(self) -> int:
        return len(self._kept)


def vocabulary_of(holder: Any) -> tuple:
    """(timeline, kinds, statuses, relations) of a loader or a decoding context."""
    return holder.timeline, holder.kinds, holder.statuses, holder.relations


def same_vocabulary(ours: tuple, theirs: tuple) -> bool:
    """True when two vocabularies are equal value for value (story points, kinds, statuses and
    relation types are frozen records compared by their fields)."""
    return len(ours) == len(theirs) and all(a is b or (type(a) is type(b) and a == b) for a, b in zip(ours, theirs))
