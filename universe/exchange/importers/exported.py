"""Read back a full JSON export (`universe export --format json`) as an equal universe.

The export carries the universe's documents under its ``"universe"`` key beside the node-link
graph; this importer writes those documents as a universe folder, validated and atomic like every
import, under the target folder's name as its id. Nothing is guessed: what was exported comes
back, entities, statements, status changes, reveals and sources alike.
"""

from __future__ import annotations

import json
import os
from typing import Any, Callable

from universe.errors import ImportFailed
from universe.exchange.fullexport import EXPORT_FORMAT
from universe.exchange.importers.builder import universe_id_for
from universe.exchange.importers.datafiles import read_text
from universe.exchange.importers.staging import Documents, ImportReport

__all__ = ["is_full_export", "read_full_export", "import_full_export"]

Progress = Callable[[float, str], None]


def _document(data: Any) -> Any:
    return data.get("universe") if isinstance(data, dict) else None


def is_full_export(path: "str | os.PathLike[str]") -> bool:
    """True when the file at `path` is a full JSON export (it names its format near the top)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096)
    except OSError:
        return False
    return EXPORT_FORMAT.encode() in head


def read_full_export(path: "str | os.PathLike[str]", universe_id: str | None = None) -> Documents:
    """The documents of the full export at `path` (its id replaced by `universe_id` when given).

    Raises ImportFailed naming the file for anything that is not a full export.
    """
    label = os.fspath(path)
    text = read_text(path, label)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFailed(label, error.lineno, f"invalid JSON: {error.msg} (column {error.colno})") from None
    except RecursionError:
        raise ImportFailed(label, None, "JSON nested too deeply") from None
    except ValueError as error:  # a number past Python's digit limit
        raise ImportFailed(label, None, f"unreadable JSON: {error}") from None
    exported = _document(data)
    if not isinstance(exported, dict) or exported.get("format") != EXPORT_FORMAT:
        raise ImportFailed(label, None, f'not a full export: expected a "universe" object of format {EXPORT_FORMAT!r}')
    universe, files = exported.get("universe.yaml"), exported.get("files")
    if not isinstance(universe, dict) or not isinstance(files, dict) or not all(
        isinstance(name, str) and isinstance(content, dict) for name, content in files.items()
    ):
        raise ImportFailed(label, None, 'a full export needs "universe.yaml" (an object) and "files" (file name -> object)')
    for name in files:
        if name != os.path.basename(name) or not name.endswith((".yaml", ".yml")) or name.startswith((".", "universe.")):
            raise ImportFailed(label, None, f"files: {name!r} is not a fact file name (such as characters.yaml)")
    universe = dict(universe)
    if universe_id is not None:
        universe["id"] = universe_id
    header = f"Imported from {os.path.basename(label)}, a full export of {exported.get('universe.yaml', {}).get('id', 'a universe')!s}."
    return Documents(universe, dict(files), {name: header for name in ["universe.yaml", *files]})


def import_full_export(path: "str | os.PathLike[str]", target: "str | os.PathLike[str]", *, force: bool = False,
                       progress: Progress | None = None) -> ImportReport:
    """Write the full export at `path` as the universe folder `target` (validated, atomic)."""
    documents = read_full_export(path, universe_id_for(target))
    return documents.write(target, force=force, progress=progress)
