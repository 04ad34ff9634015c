"""The history of a universe folder: every kept version of each file, and the saves that wrote several.

``.history/<path>/<seq>-<time>-<action>-<version>[-<group>].yaml`` keeps one version of the file
at ``<path>`` (its name without the suffix); `group` names the transaction that wrote it.
``.history/.groups/<group>.txt`` lists, one a line, the files of a transaction that wrote more
than one, so that an undo takes them back together. `universe.storage.revisions` writes it all.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

__all__ = ["HISTORY", "GROUPS", "Revision", "history", "history_dir", "read_revision", "stack", "group_members",
           "relative_name"]

HISTORY = ".history"
GROUPS = ".groups"  # under HISTORY: the files of each save that wrote several
_ENTRY = re.compile(r"^(\d{6})-(\d{8}T\d{6}\.\d{6}Z)-([a-z]+)-([0-9a-f]{16})(?:-([0-9a-f]{16}))?\.yaml$")


@dataclass(frozen=True, slots=True)
class Revision:
    """One kept version of a file: `action` is save, create, external, undo, delete, rename..."""

    seq: int
    time: str
    action: str
    version: str
    path: Path
    group: str | None = None  # the transaction that wrote it (None: recorded as found)

    @property
    def is_absent(self) -> bool:
        """True for a version in which the file did not exist (it was deleted)."""
        return self.action == "delete"


def relative_name(root: Path, path: Path) -> str:
    """`path` relative to the universe folder `root`, with forward slashes (``arcs/x.yaml``)."""
    return Path(path).resolve().relative_to(Path(root).resolve()).as_posix()


def history_dir(root: Path, path: Path) -> Path:
    """The folder keeping the versions of `path`."""
    return Path(root) / HISTORY / Path(relative_name(root, path)).with_suffix("")


def history(root: "str | os.PathLike[str]", path: "str | os.PathLike[str]") -> list[Revision]:
    """The kept versions of `path` (a file inside the universe folder `root`), oldest first."""
    folder = history_dir(Path(root), Path(path))
    if not folder.is_dir():
        return []
    entries = []
    for child in folder.iterdir():
        match = _ENTRY.match(child.name)
        if match:
            seq, time, action, version, group = match.groups()
            entries.append(Revision(int(seq), time, action, version, child, group))
    return sorted(entries, key=lambda r: r.seq)


def read_revision(revision: Revision) -> str:
    """The text of a kept version."""
    return revision.path.read_text(encoding="utf-8")


def stack(entries: list[Revision]) -> list[Revision]:
    """Replay the history: the states an undo walks back through (an undo pops one)."""
    states: list[Revision] = []
    for entry in entries:
        if entry.action == "undo":
            if states:
                states.pop()
        else:
            states.append(entry)
    return states


def group_members(root: Path, group: str) -> list[str]:
    """The files (relative names) one transaction wrote, when it wrote several; else []."""
    try:
        text = (Path(root) / HISTORY / GROUPS / f"{group}.txt").read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    return [line for line in text.splitlines() if line]
