"""Safe saves in a universe folder: version tokens, one lock, a history of every version, read-only mode.

Every write in a universe folder goes through a `Transaction`:

* **one lock per universe folder** (``fcntl.flock`` on ``.history/.lock``), held from the
  version check to the rename, so check-then-write is atomic across threads and processes (a
  lock dies with its process: a killed writer never leaves it held);
* **compare-and-swap**: a save names the version (content hash) it was based on, and is refused
  with `EditConflict` (and a small diff of what changed) when the file moved on meanwhile;
* **atomic writes** (temporary file, flush, fsync, rename): a crash leaves the old file or the
  new one, never a torn one;
* **history**: every version a save replaces or writes is kept, append-only (`universe.storage.history`),
  so nothing is ever lost and the last change can be undone (a file edited by hand meanwhile is
  recorded first, as ``external``);
* **one save, one undo**: undoing any file of a save that wrote several (a promotion: canon and
  the arc; an import replacing a universe) undoes all of them, or is refused (`UndoRefused`)
  when one of them changed since;
* **read-only deployments**: with ``UNIVERSE_READ_ONLY=1`` every write raises `ReadOnly`.

Plain files, not a database or a git repository: a writer can read, diff and restore them with
the tools they already have, and they need nothing installed on a fan site's server.
"""

from __future__ import annotations

import difflib
import fcntl
import hashlib
import os
import secrets
import threading
from collections import OrderedDict
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from universe.errors import UniverseError, UniverseNotFound
from universe.storage.folder import refuse_unsafe_entries
from universe.storage.history import GROUPS, HISTORY, Revision, group_members, history, read_revision, relative_name
from universe.storage.history import history_dir as _history_dir
from universe.storage.history import stack as _stack
from universe.storage.store import file_label
from universe.storage.regularfile import fsync_folder, write_text_atomic

__all__ = [
    "READ_ONLY_ENV",
    "ABSENT",
    "ReadOnly",
    "EditConflict",
    "NothingToUndo",
    "Revision",
    "UndoStep",
    "UndoRefused",
    "Transaction",
    "is_read_only",
    "version_token",
    "read_versioned",
    "transaction",
    "history",
    "read_revision",
    "undo",
]

READ_ONLY_ENV = "UNIVERSE_READ_ONLY"
ABSENT = "absent"  # the version token of a file that does not exist
_DIFF_LINES = 40
_seen: "OrderedDict[str, str]" = OrderedDict()  # version -> text read in this process (for diffs)
_seen_lock = threading.Lock()


class ReadOnly(UniverseError, PermissionError):
    """This deployment refuses every write (UNIVERSE_READ_ONLY is set)."""


class NothingToUndo(UniverseError, LookupError):
    """A file with no earlier version to go back to."""


class UndoRefused(UniverseError):
    """An undo of a save that wrote several files, one of which changed since (undo that first)."""


class EditConflict(UniverseError):
    """A save based on a version of a file that is no longer the current one."""

    def __init__(self, file: str, expected: str, current: str, changes: list[str]):
        self.file, self.expected, self.current, self.changes = file, expected, current, changes
        shown = "\n".join(changes) if changes else "(the version you started from is not in the history)"
        super().__init__(
            f"{file} changed since you read it (you had version {expected}, it is now {current}); "
            f"nothing was saved. Reload and make your change again. What changed:\n{shown}"
        )


def is_read_only() -> bool:
    """True when the environment says this deployment must not write (UNIVERSE_READ_ONLY=1)."""
    return os.environ.get(READ_ONLY_ENV, "").strip().lower() not in ("", "0", "false", "no", "off")


def version_token(content: "bytes | str | None") -> str:
    """The version of a file's content: 16 hex digits of its SHA-256 (`ABSENT` for no file)."""
    if content is None:
        return ABSENT
    if isinstance(content, str):
        content = content.encode("utf-8")
    return hashlib.sha256(content).hexdigest()[:16]


def read_versioned(path: "str | os.PathLike[str]") -> tuple[str | None, str]:
    """``(text, version)`` of the file at `path`; ``(None, ABSENT)`` when there is none."""
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        return None, ABSENT
    text = raw.decode("utf-8", errors="replace")
    version = version_token(raw)
    _remember(version, text)
    return text, version


def _remember(version: str, text: str) -> None:
    with _seen_lock:  # the app's sessions are threads of one process
        _seen[version] = text
        _seen.move_to_end(version)
        while len(_seen) > 256:
            _seen.popitem(last=False)


def _changes(file: str, before: str | None, after: str | None) -> list[str]:
    lines = list(
        difflib.unified_diff(
            (before or "").splitlines(), (after or "").splitlines(), f"{file} (your version)", f"{file} (now)",
            n=1, lineterm="",
        )
    )
    if len(lines) > _DIFF_LINES:
        lines = lines[:_DIFF_LINES] + [f"... ({len(lines) - _DIFF_LINES} more lines)"]
    return lines


@dataclass(frozen=True, slots=True)
class UndoStep:
    """One file of an undo: its path, the text it goes back to (None: no file), and the versions."""

    path: Path
    text: str | None
    restored: Revision
    undone: Revision


class Transaction:
    """Writes under the universe folder's lock, each checked, atomic and kept in the history.

    Get one from `transaction(root)`; see the module docstring for the guarantees.
    """

    def __init__(self, root: Path):
        self.root = root
        self.group = secrets.token_hex(8)
        self.members: list[str] = []  # the files this transaction wrote, relative to root

    def label(self, path: Path) -> str:
        return file_label(path)

    def read(self, path: "str | os.PathLike[str]") -> tuple[str | None, str]:
        """``(text, version)`` of `path` now (under the lock: nobody else changes it meanwhile)."""
        return read_versioned(path)

    def expect(self, path: "str | os.PathLike[str]", version: str | None) -> str | None:
        """Check that `path` is still at `version` (None: do not check); return its text.

        Raises EditConflict, with a diff from the version the caller read to the current one.
        """
        path = Path(path)
        text, current = self.read(path)
        if version is not None and version != current:
            before = _seen.get(version)
            if before is None and version != ABSENT:
                kept = [r for r in history(self.root, path) if r.version == version]
                before = read_revision(kept[-1]) if kept else None
            elif version == ABSENT:
                before = ""
            changes = _changes(self.label(path), before, text) if before is not None else []
            raise EditConflict(self.label(path), version, current, changes)
        return text

    def _record(self, path: Path, text: str, action: str, grouped: bool = False) -> Revision:
        folder = _history_dir(self.root, path)
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob(".*.tmp"):  # a history entry cut short by a killed writer
            stale.unlink(missing_ok=True)
        entries = history(self.root, path)
        seq = entries[-1].seq + 1 if entries else 1
        time = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S.%fZ")
        version = version_token(text)
        group = self.group if grouped else None
        if group is not None:
            self._join(path)
        target = folder / f"{seq:06d}-{time}-{action}-{version}{f'-{group}' if group else ''}.yaml"
        write_text_atomic(target, text)
        _remember(version, text)
        return Revision(seq, time, action, version, target, group)

    def _join(self, path: Path) -> None:
        """Count `path` among this save's files; list them (before its entry) once there are several."""
        relative = relative_name(self.root, path)
        if relative in self.members:
            return
        self.members.append(relative)
        if len(self.members) > 1:
            groups = self.root / HISTORY / GROUPS
            groups.mkdir(parents=True, exist_ok=True)
            write_text_atomic(groups / f"{self.group}.txt", "".join(f"{member}\n" for member in self.members))

    def record(self, path: "str | os.PathLike[str]", text: str, action: str) -> Revision:
        """Keep `text` as what `path` now holds (`action`: import...), as part of this save."""
        return self._record(Path(path), text, action, grouped=True)

    def keep_current(self, path: "str | os.PathLike[str]") -> None:
        """Record the file as it is now when the history does not end with it (a hand edit)."""
        path = Path(path)
        text, version = self.read(path)
        stack = _stack(history(self.root, path))
        top = stack[-1] if stack else None
        if text is None:
            if top is not None and not top.is_absent:
                self._record(path, read_revision(top), "delete")
            return
        if top is None or top.is_absent or top.version != version:
            self._record(path, text, "external" if top is not None else "original")

    def _sweep(self, path: Path) -> None:
        # temporary files of writers killed mid-save: nobody else writes `path` while we hold the lock
        for stale in path.parent.glob(f".{path.name}.*.tmp"):
            try:
                stale.unlink()
            except OSError:
                pass

    def write(self, path: "str | os.PathLike[str]", text: str, action: str = "save") -> str:
        """Write `text` to `path` atomically and keep it in the history; return its version."""
        path = Path(path)
        self._sweep(path)
        self.keep_current(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(path, text)
        return self._record(path, text, action, grouped=True).version

    def delete(self, path: "str | os.PathLike[str]") -> None:
        """Remove `path`; its last version stays in the history (an undo brings it back)."""
        path = Path(path)
        self.keep_current(path)
        text, _ = self.read(path)
        if text is None:
            return
        self._record(path, text, "delete", grouped=True)
        path.unlink()
        fsync_folder(path.parent)

    def move_history(self, source: Path, target: Path) -> None:
        """Carry `source`'s history over to `target` (a rename)."""
        old, new = _history_dir(self.root, source), _history_dir(self.root, target)
        if old.is_dir() and not new.exists():
            new.parent.mkdir(parents=True, exist_ok=True)
            os.replace(old, new)

    def undo_target(self, path: "str | os.PathLike[str]") -> tuple[str | None, Revision, Revision]:
        """What undoing the last change of `path` restores: ``(text or None for no file, the
        version restored, the version undone)``.

        Raises NothingToUndo.
        """
        path = Path(path)
        self.keep_current(path)
        stack = _stack(history(self.root, path))
        if len(stack) < 2:
            raise NothingToUndo(f"{self.label(path)}: nothing to undo (no earlier version kept)")
        target = stack[-2]
        return (None if target.is_absent else read_revision(target)), target, stack[-1]

    def apply_undo(self, path: "str | os.PathLike[str]", text: str | None) -> str:
        """Write the result of an undo (see `undo_target`) and record it; return the version."""
        path = Path(path)
        current, _ = self.read(path)
        if text is None:
            if current is not None:
                self._record(path, current, "undo", grouped=True)
                path.unlink()
                fsync_folder(path.parent)
            return ABSENT
        self._sweep(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(path, text)
        return self._record(path, text, "undo", grouped=True).version

    def undo_plan(self, path: "str | os.PathLike[str]") -> list[UndoStep]:
        """Every file the last change of `path` wrote, each with the text it goes back to:
        `path` alone, or all the files of the save that wrote several (`path` first).

        Raises NothingToUndo, and UndoRefused when another file of that save changed since.
        """
        path = Path(path)
        text, restored, undone = self.undo_target(path)
        steps = [UndoStep(path, text, restored, undone)]
        if undone.group is None:
            return steps
        mine = relative_name(self.root, path)
        for member in group_members(self.root, undone.group):
            if member == mine:
                continue
            other = self.root / member
            try:
                other_text, other_restored, other_undone = self.undo_target(other)
            except NothingToUndo:
                other_undone = None
            if other_undone is None or other_undone.group != undone.group:
                raise UndoRefused(
                    f"{self.label(path)}: its last change also wrote {self.label(other)}, which changed since; "
                    f"undo that change of {self.label(other)} first. Nothing was undone.")
            steps.append(UndoStep(other, other_text, other_restored, other_undone))
        return steps


@contextmanager
def transaction(root: "str | os.PathLike[str]") -> Iterator[Transaction]:
    """Hold the universe folder's write lock for the duration of the block.

    Raises ReadOnly when UNIVERSE_READ_ONLY is set, before touching anything, and UnsafeEntry
    when the folder holds a symbolic link or a special file (see `universe.storage.folder`).
    """
    if is_read_only():
        raise ReadOnly(f"this deployment is read-only ({READ_ONLY_ENV} is set): nothing was saved")
    root = Path(root)
    if not (root / "universe.yaml").is_file():
        raise UniverseNotFound(f"{root}: no universe here (no universe.yaml)")
    refuse_unsafe_entries(root)  # never write through a link (.history included), nor into a FIFO
    handle = _lock(root)
    try:
        yield Transaction(root)
    finally:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
        handle.close()


def _lock(root: Path):
    """The open, locked lock file of the universe folder `root`. A folder replaced while we
    waited (an import putting a new universe in place) has a new lock file: lock that one."""
    while True:
        lock_dir = root / HISTORY
        try:
            lock_dir.mkdir(parents=True, exist_ok=True)
            handle = open(lock_dir / ".lock", "a+")
        except OSError as error:
            raise ReadOnly(f"{root}: cannot write here ({error.strerror}); nothing was saved") from None
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            same = os.stat(lock_dir / ".lock").st_ino == os.fstat(handle.fileno()).st_ino
        except OSError:
            same = False
        if same:
            return handle
        handle.close()  # closing releases the lock
        if not (root / "universe.yaml").is_file():
            raise UniverseNotFound(f"{root}: no universe here (no universe.yaml)")


def undo(root: "str | os.PathLike[str]", path: "str | os.PathLike[str]", version: str | None = None,
         validate=None, refuse=None) -> dict[Path, str | None]:
    """Undo the last change to `path`: restore the version before it (kept in the history), and
    the version before it of every other file the same save wrote (see `Transaction.undo_plan`).

    `version` is the version of `path` the caller saw (a stale one raises EditConflict);
    `refuse(revision)` may refuse to undo that change of `path`, and `validate(steps)` the
    restored files, by raising before anything is written.
    Returns what each file now holds (None: no file). Repeated undos walk further back.
    """
    with transaction(root) as tx:
        tx.expect(path, version)
        if refuse is not None:
            refuse(tx.undo_target(path)[2])
        steps = tx.undo_plan(path)
        if validate is not None:
            validate(steps)
        for step in steps:
            tx.apply_undo(step.path, step.text)
        return {step.path: step.text for step in steps}

