"""Arc files in a universe folder: list, read, create, change, rename, duplicate, delete, undo.

Arcs live at ``<universe>/arcs/<arc-id>.yaml``. Every function that writes:

* is refused with `revisions.ReadOnly` in a read-only deployment (UNIVERSE_READ_ONLY=1);
* takes the `version` the caller read (``Arc.version``) and is refused with
  `revisions.EditConflict`, showing what changed, when the file has moved on since;
* validates the arc it would write against the universe as it is now (`overlay.apply_arc`) and
  refuses an invalid one with `arcs.ArcInvalid` (file, line, message), writing nothing;
* edits the file in ruamel.yaml's round-trip mode, so a writer's comments survive;
* writes atomically under the universe's lock and keeps the old version in the history
  (``<universe>/.history/arcs/<arc-id>/``), so `undo_arc` can go back and nothing is lost.

Listing and reading arcs (`list_arcs`, `arcs_at`, `load_arc`) live in `universe.writing.arclist`
and are named here too. An arc's id, title and description are spoilers like any fact: `arcs_at`
lists only the arcs a viewer at a horizon may know of (see `arcdiff.arc_reveal`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

from universe.errors import Problem
from universe.storage.revisions import NothingToUndo, Revision, history, transaction
from universe.storage.roundtrip import dump_roundtrip, load_roundtrip, plain, to_yaml, update_in_place
from universe.storage.store import file_label
from universe.story.snapshot import Universe
from universe.writing.arcdiff import ArcDiff, diff
from universe.writing.arclist import _ID, ArcSummary, arc_path, arcs_at, list_arcs, load_arc, load_arcs
from universe.writing.arcs import ARCS_FOLDER, CHANGE_KINDS, Arc, ArcError, ArcInvalid, ArcNotFound, parse_arc
from universe.writing.arcs import change_id as derived_change_id
from universe.writing.arctext import appended_change, block_changes, new_arc_text, ordered_change
from universe.writing.canon import read_canon
from universe.writing.overlay import apply_arc
from universe.writing.undoing import undo_save

__all__ = [
    "ArcSummary",
    "arc_path",
    "list_arcs",
    "arcs_at",
    "load_arc",
    "load_arcs",
    "arc_universe",
    "arc_diff",
    "check_arcs",
    "create_arc",
    "update_arc",
    "add_change",
    "update_change",
    "remove_change",
    "save_arc_text",
    "import_arc",
    "export_arc",
    "rename_arc",
    "duplicate_arc",
    "delete_arc",
    "undo_arc",
    "arc_history",
    "deleted_arcs",
]

Folder = "str | os.PathLike[str]"


def arc_universe(folder: Folder, arc_id: str) -> Universe:
    """The universe in `folder` with arc `arc_id` (and its bases) applied: see `overlay.apply_arc`."""
    return apply_arc(read_canon(folder), load_arc(folder, arc_id))


def arc_diff(folder: Folder, arc_id: str) -> ArcDiff:
    """The diff of arc `arc_id` against canon: see `arcdiff.diff`."""
    return diff(read_canon(folder), load_arc(folder, arc_id))


def check_arcs(folder: Folder, arc_id: str | None = None) -> dict[str, list[Problem]]:
    """The problems of every arc (or of `arc_id`), by arc id: an empty list means it applies."""
    canon = read_canon(folder)
    ids = [arc_id] if arc_id is not None else [s.id for s in list_arcs(folder)]
    out: dict[str, list[Problem]] = {}
    for one in ids:
        try:
            universe = diff(canon, load_arc(folder, one)).universe
        except ArcInvalid as invalid:
            out[one] = invalid.problems
        else:
            out[one] = [p for p in universe.warnings if ARCS_FOLDER in Path(p.file).parts]
    return out


# -- writing --------------------------------------------------------------------------------


def _validated(folder: Path, arc_id: str, text: str) -> Arc:
    """Parse and apply `text` as arc `arc_id`; raise ArcInvalid, or return the arc."""
    arc = parse_arc(text, file_label(arc_path(folder, arc_id)), arc_id)
    diff(read_canon(folder), arc)  # applies it, and checks the header's reveal point
    return arc


def _edit(folder: Folder, arc_id: str, version: str | None, change, action: str = "save", append=None) -> Arc:
    """Read arc `arc_id` under the lock, check `version`, edit it, validate, write.

    `change(data, text)` edits the round-trip data; `append(text)`, when given, may instead
    return the new text directly (None: use `change`).
    """
    folder = Path(folder)
    path = arc_path(folder, arc_id)
    with transaction(folder) as tx:
        text = tx.expect(path, version)
        if text is None:
            raise ArcNotFound(f"no arc {arc_id!r} in {file_label(folder)}")
        appended = append(text) if append is not None else None
        arc = None
        if appended is not None:
            new_text, added = appended
            try:
                arc = _validated(folder, arc_id, new_text)
            except ArcInvalid:
                arc = None  # the round-trip edit below says why, or finds the layout was unusual
            last = arc.changes[-1].as_dict() if arc is not None and arc.changes else None
            if last is None or plain(last) != plain({**added, "evidence": last["evidence"]}):
                arc = None  # the appended lines did not read back as the change: edit round-trip
        if arc is None:
            data, style = load_roundtrip(text, file_label(path))
            change(data, text)
            new_text = dump_roundtrip(data, style)
            arc = _validated(folder, arc_id, new_text)
        if new_text != text:
            tx.write(path, new_text, action)
        return arc


def _create(folder: Path, arc_id: str, text: str, action: str) -> Arc:
    path = arc_path(folder, arc_id)
    with transaction(folder) as tx:
        if tx.read(path)[0] is not None:
            raise ArcError(f"arc {arc_id!r} already exists")
        arc = _validated(folder, arc_id, text)
        tx.write(path, text, action)
        return arc


def create_arc(folder: Folder, arc_id: str, title: str, *, author: str | None = None,
               base: str | None = None, description: str | None = None, revealed: str | None = None) -> Arc:
    """Create an empty arc (on canon, or on the arc `base`), revealed at `revealed` (a story
    point: a viewer before it never sees its title). Raises ArcError if it exists."""
    text = new_arc_text(arc_id, title, author, base, description)
    if revealed:
        data, style = load_roundtrip(text, "new arc")
        data["arc"]["revealed"] = to_yaml(str(revealed))
        text = dump_roundtrip(data, style)
    return _create(Path(folder), arc_id, text, "create")


def update_arc(folder: Folder, arc_id: str, version: str | None, **header: Any) -> Arc:
    """Change the header: any of title, author, base, description, revealed (None removes a field)."""
    unknown = set(header) - {"title", "author", "base", "description", "revealed"}
    if unknown:
        raise ArcError(f"an arc's header has no {', '.join(sorted(unknown))} (rename the arc to change its id)")

    def change(data, text):
        for key, value in header.items():
            if value in (None, "") and key != "title":
                data["arc"].pop(key, None)
            else:
                data["arc"][key] = to_yaml(value)

    return _edit(folder, arc_id, version, change)


def _current(text: str) -> Arc:
    """The arc being edited, as it stands (to find a change's position, the ids taken)."""
    return parse_arc(text, "arc")


def _index(text: str, change_id: str) -> int:
    return _current(text).change(change_id).index


def add_change(folder: Folder, arc_id: str, version: str | None, change: Mapping[str, Any]) -> Arc:
    """Append a change (a mapping as in the file: one of entity, statement, status, end, retract,
    plus rationale, evidence, plot, sources). It gets an id if it has none.

    The change is appended as new lines, so every byte already in the file stays as it was.
    """
    def complete(text: str) -> dict:
        new = dict(change)
        if not new.get("id"):
            taken = {c.id for c in _current(text).changes}
            kinds = [k for k in CHANGE_KINDS if k in new]
            base = derived_change_id(kinds[0], new[kinds[0]]) if len(kinds) == 1 and isinstance(new[kinds[0]], Mapping) else "change"
            new_id, count = base, 1
            while new_id in taken:
                count += 1
                new_id = f"{base}-{count}"
            new["id"] = new_id
        return ordered_change(new)

    def edit(data, text):
        block_changes(data).append(to_yaml(complete(text)))

    def append(text: str) -> str | None:
        new = complete(text)
        new_text = appended_change(text, new)
        return None if new_text is None else (new_text, new)

    return _edit(folder, arc_id, version, edit, append=append)


def update_change(folder: Folder, arc_id: str, version: str | None, change_id: str, change: Mapping[str, Any]) -> Arc:
    """Replace change `change_id` by `change` (its id kept unless `change` gives one); the
    comments of the keys that stay the same are kept. Raises ChangeNotFound."""
    def edit(data, text):
        index = _index(text, change_id)
        new = ordered_change({"id": change_id, **dict(change)})
        update_in_place(data["changes"][index], new)

    return _edit(folder, arc_id, version, edit)


def remove_change(folder: Folder, arc_id: str, version: str | None, change_id: str) -> Arc:
    """Remove change `change_id` (the history keeps it). Raises ChangeNotFound."""
    return _edit(folder, arc_id, version, lambda data, text: data["changes"].pop(_index(text, change_id)))


def save_arc_text(folder: Folder, arc_id: str, version: str | None, text: str) -> Arc:
    """Replace the whole file of arc `arc_id` by `text` (validated first; a text editor's save)."""
    folder = Path(folder)
    path = arc_path(folder, arc_id)
    with transaction(folder) as tx:
        tx.expect(path, version)
        arc = _validated(folder, arc_id, text)
        tx.write(path, text)
        return arc


def import_arc(folder: Folder, text: str, arc_id: str | None = None) -> Arc:
    """Add an arc shared as a file (`text`); its id is its header's unless `arc_id` renames it."""
    data, style = load_roundtrip(text, "imported arc")
    header = data.get("arc") if isinstance(data, dict) else None
    if not isinstance(header, dict) or "id" not in header:
        parse_arc(text, "imported arc")  # raises ArcInvalid with the reason
        raise ArcError("an arc file needs 'arc: {id: ...}'")  # pragma: no cover
    if arc_id is not None:
        header["id"] = arc_id
        text = dump_roundtrip(data, style)
    return _create(Path(folder), str(header["id"]), text, "import")


def export_arc(folder: Folder, arc_id: str) -> str:
    """The text of arc `arc_id`'s file, to share (import it with `import_arc`)."""
    return load_arc(folder, arc_id).text


def _dependents(folder: Path, arc_id: str) -> list[str]:
    return [s.id for s in list_arcs(folder) if s.base == arc_id]


def rename_arc(folder: Folder, arc_id: str, version: str | None, new_id: str, title: str | None = None) -> Arc:
    """Give arc `arc_id` the id `new_id` (and file); its history moves with it. Refused when
    another arc builds on it or `new_id` is taken."""
    folder = Path(folder)
    source, target = arc_path(folder, arc_id), arc_path(folder, new_id)
    if _dependents(folder, arc_id):
        raise ArcError(f"arc {arc_id!r} is the base of {', '.join(_dependents(folder, arc_id))}: change their base first")
    with transaction(folder) as tx:
        text = tx.expect(source, version)
        if text is None:
            raise ArcNotFound(f"no arc {arc_id!r}")
        if tx.read(target)[0] is not None:
            raise ArcError(f"arc {new_id!r} already exists")
        data, style = load_roundtrip(text, file_label(source))
        data["arc"]["id"] = new_id
        if title:
            data["arc"]["title"] = to_yaml(title)
        new_text = dump_roundtrip(data, style)
        arc = _validated(folder, new_id, new_text)
        tx.delete(source)
        tx.move_history(source, target)
        tx.write(target, new_text, "rename")
        return arc


def duplicate_arc(folder: Folder, arc_id: str, new_id: str, title: str | None = None) -> Arc:
    """A copy of arc `arc_id` as `new_id` (title "Copy of ..." unless given), with its own history."""
    arc = load_arc(folder, arc_id)
    data, style = load_roundtrip(arc.text, arc.file)
    data["arc"]["id"] = new_id
    data["arc"]["title"] = to_yaml(title or f"Copy of {arc.title}")
    return _create(Path(folder), new_id, dump_roundtrip(data, style), "duplicate")


def delete_arc(folder: Folder, arc_id: str, version: str | None) -> None:
    """Delete arc `arc_id` (its history keeps every version: `undo_arc` brings it back).
    Refused when another arc builds on it."""
    folder = Path(folder)
    if _dependents(folder, arc_id):
        raise ArcError(f"arc {arc_id!r} is the base of {', '.join(_dependents(folder, arc_id))}: delete those first")
    path = arc_path(folder, arc_id)
    with transaction(folder) as tx:
        if tx.expect(path, version) is None:
            raise ArcNotFound(f"no arc {arc_id!r}")
        tx.delete(path)


def undo_arc(folder: Folder, arc_id: str, version: str | None = None) -> Arc | None:
    """Undo the last change to arc `arc_id` (a save, a delete...); repeat to go further back.

    Returns the arc as restored (None when the undo removes it). Raises NothingToUndo, and
    ArcInvalid when the earlier version no longer applies to canon as it is now.
    """
    folder = Path(folder)
    path = arc_path(folder, arc_id)

    def refuse(last: Revision) -> None:
        if last.action == "rename":
            raise NothingToUndo(f"the last change to arc {arc_id!r} renamed it: rename it back instead")

    text = undo_save(folder, path, version, refuse)[path]  # a promotion's canon files too
    return parse_arc(text, file_label(path), arc_id) if text is not None else None


def arc_history(folder: Folder, arc_id: str) -> list[Revision]:
    """Every kept version of arc `arc_id`, oldest first (read one with `revisions.read_revision`)."""
    return history(Path(folder), arc_path(folder, arc_id))


def deleted_arcs(folder: Folder) -> list[str]:
    """Ids of arcs that were deleted and can be brought back with `undo_arc`."""
    kept = Path(folder) / ".history" / ARCS_FOLDER
    if not kept.is_dir():
        return []
    return sorted(d.name for d in kept.iterdir() if d.is_dir() and _ID.fullmatch(d.name)
                  and not arc_path(folder, d.name).exists())
