"""Replace an existing universe by an import without losing anything of it.

The new files replace the old ones as one save of the old universe: its arcs, its history and
any other file it holds move over to the new folder (hard links, so nothing is copied twice), the
replaced files are recorded in that history as one change (`revisions` groups), and the new
folder takes the old one's place in one step (`storage.folderswap`). Undoing any file of the
universe afterwards (`undo_replace`, the Import page's Undo, the wiki's undo) brings every old
file back. It all happens under the old universe's lock, so no edit made meanwhile is lost, and a
read-only deployment refuses it.
"""

from __future__ import annotations

import os
from pathlib import Path

from universe.storage.folder import CACHE_FOLDER, FACT_FILE_PATTERNS
from universe.storage.folderswap import Staging, carry_over, swap
from universe.storage.revisions import NothingToUndo, Transaction, transaction
from universe.writing.arcs import ARCS_FOLDER
from universe.writing.arcstore import check_arcs
from universe.writing.undoing import undo_save

__all__ = ["replace_universe", "undo_replace"]

ACTION = "import"


def replace_universe(staging: Staging, written: dict[str, str]) -> tuple[str, ...]:
    """Put the universe written in `staging.folder` (its files' texts in `written`, by name) in
    place of the universe at `staging.target`, keeping everything of the old one as described
    above. Returns notes for the import report. Raises ReadOnly, OSError."""
    target, new = staging.target, staging.folder
    with transaction(target) as old:
        replaced = {path.name: path for pattern in FACT_FILE_PATTERNS for path in target.glob(pattern)
                    if path.is_file()}
        texts = {}
        for name, path in replaced.items():
            old.keep_current(path)  # a hand edit of the old file is kept first
            texts[name] = path.read_text(encoding="utf-8", errors="replace")
        carry_over(target, new, skip={*replaced, CACHE_FOLDER})
        record = Transaction(new)
        for name, text in texts.items():
            if name not in written:
                record.record(new / name, text, "delete")
        for name, text in written.items():
            if name not in replaced:
                record.record(new / name, "", "delete")  # it was not there before: undo removes it
            record.record(new / name, text, ACTION)
        swap(staging)
    arcs = sorted((target / ARCS_FOLDER).glob("*.yaml")) if (target / ARCS_FOLDER).is_dir() else []
    notes = [f"replaced the universe at {target}: its {len(arcs)} arc{'s' * (len(arcs) != 1)} and its history are "
             "kept, and the replaced files are in that history (Undo on the Import page brings them back)"]
    for arc_id, problems in (check_arcs(target) if arcs else {}).items():  # reading canon again: only for arcs
        first = next((p for p in problems if p.is_error), None)
        if first is not None:
            notes.append(f"arc {arc_id!r} no longer applies to the new canon (kept as it was): {first}")
    return tuple(notes)


def undo_replace(folder: "str | os.PathLike[str]") -> dict[Path, str | None]:
    """Undo the last import that replaced the universe at `folder`: every file back as it was.

    Raises NothingToUndo when universe.yaml's last change was not such an import, UndoRefused
    when a file changed since (undo that first), ReadOnly.
    """
    folder = Path(folder)

    def refuse(last) -> None:
        if last.action != ACTION:
            raise NothingToUndo(f"{folder}: the last change of universe.yaml was not an import")

    return undo_save(folder, folder / "universe.yaml", None, refuse)
