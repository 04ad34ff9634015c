"""Put a new universe folder in place of another with no moment where neither is there.

A replacement is prepared in a staging folder beside the target, ``.<name>.importing-<random>/``,
which its writer keeps locked (``flock`` on its ``.lock``) while it works. `swap` then exchanges
the new folder and the target in one step (Linux ``renameat2(RENAME_EXCHANGE)``); where the
system cannot, it moves the target into the staging folder and the new folder into place, with a
``ready`` mark saying the new folder is complete. A writer killed at any point leaves either the
old universe or the new one in place, and `recover` (run by every load and listing) finishes a
swap cut short between its two renames, puts the old universe back when the new one was not
complete, and removes staging folders nobody holds any more.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import re
import shutil
import tempfile
from contextlib import suppress
from pathlib import Path

from universe.storage.regularfile import fsync_folder

__all__ = ["STAGING", "Staging", "carry_over", "swap", "recover", "stagings"]

STAGING = re.compile(r"^\.(?P<name>.+)\.importing-[A-Za-z0-9_]+$")
READY = "ready"
PARKED = ".replaced"  # suffix of the old folder parked in the staging folder (two-rename swap)
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


class Staging:
    """A staging folder for `target`, locked while this object lives (`close` removes it)."""

    def __init__(self, target: Path):
        self.target = Path(target)
        self.path = Path(tempfile.mkdtemp(prefix=f".{self.target.name}.importing-", dir=self.target.parent))
        try:
            self._handle = open(self.path / ".lock", "a+")
            fcntl.flock(self._handle.fileno(), fcntl.LOCK_EX)
        except OSError:
            shutil.rmtree(self.path, ignore_errors=True)
            raise
        self.folder = self.path / self.target.name  # where the new universe is written

    def close(self) -> None:
        """Remove the staging folder (with the old universe parked in it, once swapped)."""
        shutil.rmtree(self.path, ignore_errors=True)
        self._handle.close()


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically; False when the system or file system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
        return False
    raise OSError(code, os.strerror(code), str(second))


_rename = os.rename  # a name of its own, so a test can stop a swap between its two renames


def swap(staging: Staging) -> None:
    """Put `staging.folder` in place of `staging.target` (which must exist); the old folder ends
    in the staging folder. Raises OSError with nothing changed when it cannot."""
    _fsync(staging.folder)
    if _exchange(staging.folder, staging.target):
        _fsync(staging.target.parent)
        return
    (staging.path / READY).write_bytes(b"")
    _fsync(staging.path)
    parked = staging.path / (staging.target.name + PARKED)
    _rename(staging.target, parked)
    try:
        _rename(staging.folder, staging.target)
    except OSError:
        _rename(parked, staging.target)
        raise
    _fsync(staging.target.parent)


def carry_over(source: Path, target: Path, skip: "set[str]") -> None:
    """Everything of the folder `source` but the names in `skip` (at its top), temporary files and
    the history's lock, into `target`: hard links where the file system allows (history entries
    and arcs are replaced by rename, never rewritten in place), else copies."""
    def ignore(directory: str, names: list[str]) -> list[str]:
        here = Path(directory)
        return [n for n in names if n.endswith(".tmp") or (here == source / ".history" and n == ".lock")]

    for entry in source.iterdir():
        if entry.name in skip or entry.name.endswith(".tmp"):
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.copytree(entry, target / entry.name, symlinks=True, ignore=ignore, copy_function=_link)
        else:
            _link(entry, target / entry.name)


def _link(source: "str | os.PathLike[str]", target: "str | os.PathLike[str]") -> None:
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:
        shutil.copy2(source, target, follow_symlinks=False)


def stagings(parent: Path) -> list[Path]:
    """The staging folders under `parent`."""
    try:
        return [child for child in Path(parent).iterdir() if STAGING.match(child.name) and child.is_dir()
                and not child.is_symlink()]
    except OSError:
        return []


def recover(parent: "str | os.PathLike[str]") -> list[str]:
    """Finish or roll back every swap under `parent` whose writer is gone, and remove its staging
    folder; return what was done, in words (empty when there was nothing to do)."""
    done = []
    for path in stagings(Path(parent)):
        try:
            handle = open(path / ".lock", "a+")
        except OSError:
            continue
        try:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                continue  # its writer is alive and working
            name = STAGING.match(path.name).group("name")
            target, new, parked = path.parent / name, path / name, path / (name + PARKED)
            try:
                if not target.exists() and parked.is_dir():
                    if new.is_dir() and (path / READY).exists():
                        os.rename(new, target)
                        done.append(f"{target}: finished putting the new universe in place")
                    else:
                        os.rename(parked, target)
                        done.append(f"{target}: put the old universe back")
            except OSError:
                continue  # a folder we cannot write: leave it all as it is for a later start
            shutil.rmtree(path, ignore_errors=True)
        finally:
            handle.close()
    return done


def _fsync(folder: Path) -> None:
    """Best effort: a swap or its recovery goes on where a folder cannot be synced."""
    with suppress(OSError):
        fsync_folder(folder)
