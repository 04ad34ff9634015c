"""Undo in a universe folder: the last save of a file, with every other file that save wrote.

A promotion writes canon and the arc; an import that replaced a universe wrote all its files.
`undo_save` takes such a save back as a whole (see `universe.storage.revisions.Transaction.undo_plan`),
after checking what it restores: canon must still load, and each arc it brings back must still
apply to that canon. Nothing is written when a check fails.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

from universe.storage.revisions import Revision, UndoStep, undo
from universe.storage.store import file_label
from universe.writing.arcs import ARCS_FOLDER, parse_arc
from universe.writing.canon import read_canon
from universe.writing.overlay import apply_arc

__all__ = ["undo_save"]


def undo_save(folder: "str | os.PathLike[str]", path: "str | os.PathLike[str]", version: str | None = None,
              refuse: "Callable[[Revision], None] | None" = None) -> dict[Path, str | None]:
    """Undo the last save of the file at `path` in the universe folder `folder` (and of every file
    written with it); `version` is the version of `path` the caller saw; `refuse(revision)` may
    raise to refuse undoing that kind of change. Returns the restored texts (None: no file).

    Raises NothingToUndo, UndoRefused, EditConflict, UniverseInvalid or ArcInvalid (nothing
    written), ReadOnly.
    """
    folder = Path(folder)

    def validate(steps: list[UndoStep]) -> None:
        restored = {step.path: step.text for step in steps}
        canon = read_canon(folder, {p: t for p, t in restored.items() if ARCS_FOLDER not in p.relative_to(folder).parts})
        canon.build()
        for step in steps:
            if step.text is not None and step.path.parent.name == ARCS_FOLDER:
                apply_arc(canon, parse_arc(step.text, file_label(step.path), step.path.stem))

    return undo(folder, Path(path), version, validate, refuse)
