"""The regular files of a universe folder: read safely, written atomically.

Read: a regular file only (not a symbolic link, FIFO or device: nothing that hangs or never
ends), at most `MAX_FILE_BYTES`. Written: a new file renamed over the old, made durable. Apart
from `yamlfile` (which parses what this reads) so that what reads or writes files without parsing
YAML (the folder's listing, the derived cache, the history of edits) never imports a YAML parser.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from universe.errors import FileRefused

__all__ = ["MAX_FILE_BYTES", "read_regular_file", "special_kind", "write_text_atomic", "fsync_folder"]

MAX_FILE_BYTES = 32 * 1024 * 1024


def read_regular_file(path: "str | os.PathLike[str]", name: str, limit: int | None = None) -> bytes:
    """The bytes of the regular file at `path`, at most `limit` (default `MAX_FILE_BYTES`).

    Never follows a symbolic link and never blocks on a FIFO or reads a device: those are
    refused, like a file over the limit, with FileRefused naming `name`.
    """
    limit = MAX_FILE_BYTES if limit is None else limit
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        try:
            mode = os.lstat(path).st_mode
        except OSError:
            mode = stat.S_IFREG
        if not stat.S_ISREG(mode):  # a link (O_NOFOLLOW), or a socket, which cannot be opened
            raise FileRefused(name, None, f"is a {special_kind(mode)}: a universe folder holds regular files only") from None
        raise FileRefused(name, None, f"cannot read: {error.strerror}") from None
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise FileRefused(name, None, f"is a {special_kind(info.st_mode)}: a universe folder holds regular files only")
        if info.st_size > limit:
            raise FileRefused(name, None, f"file is {info.st_size:,} bytes, over the {limit:,}-byte limit; split it")
        raw = handle.read(limit + 1)
    if len(raw) > limit:
        raise FileRefused(name, None, f"file is over the {limit:,}-byte limit; split it")
    return raw


def special_kind(mode: int) -> str:
    """What a file that is not a regular file is, in words (for messages)."""
    kinds = {stat.S_IFLNK: "symbolic link", stat.S_IFIFO: "FIFO", stat.S_IFCHR: "character device",
             stat.S_IFBLK: "block device", stat.S_IFSOCK: "socket", stat.S_IFDIR: "folder"}
    return kinds.get(stat.S_IFMT(mode), "special file")


def write_text_atomic(path: "str | os.PathLike[str]", text: str) -> None:
    """Write `text` to `path` so a crash leaves the old file or the new one, never a torn one."""
    path = Path(path)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(temporary, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
    fsync_folder(path.parent)


def fsync_folder(folder: "str | os.PathLike[str]") -> None:
    """Make a rename or a new entry in `folder` durable (a folder that cannot be opened is let be)."""
    try:
        directory = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
