"""The files an import reads: globs and ``{slice}`` patterns, read as text whatever their quirks.

A pattern such as ``data/got-s{slice}-edges.csv`` names one file per time slice: every file that
matches it (``{slice}`` standing for any text) is read, and the text in place of ``{slice}`` is
the file's slice (``1`` for ``got-s1-edges.csv``). Plain globs (``*.csv``) and plain paths work
too, without a slice.
"""

from __future__ import annotations

import glob
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from universe.errors import ImportFailed

__all__ = ["DataFile", "SLICE", "MAX_FILE_BYTES", "MAX_WEIGHT", "expand", "read_text", "natural_key", "weight", "quoted"]

SLICE = "{slice}"
MAX_FILE_BYTES = 256 * 1024 * 1024
MAX_WEIGHT = 10**15  # a count of interactions or co-appearances; anything larger is a broken file
_SHOWN = 40  # characters of a value a message quotes


@dataclass(frozen=True, slots=True)
class DataFile:
    """One file to read, and the time slice its name gives (None when it gives none)."""

    path: Path
    slice: str | None = None

    @property
    def label(self) -> str:
        """How messages name the file."""
        return str(self.path)


def natural_key(text: str) -> tuple:
    """Sort key putting ``s2`` before ``s10`` and ``1.2`` before ``1.10``."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part.casefold()) for part in re.findall(r"\d+|\D+", text))


def expand(patterns: "str | os.PathLike[str] | Iterable[str | os.PathLike[str]]", what: str = "file") -> list[DataFile]:
    """The files named by `patterns` (paths, globs, ``{slice}`` patterns), in natural order.

    Raises ImportFailed naming a pattern that matches nothing.
    """
    if isinstance(patterns, (str, os.PathLike)):
        patterns = [patterns]
    files: dict[Path, DataFile] = {}
    for pattern in patterns:
        text = os.fspath(pattern)
        found = _expand_one(text)
        if not found:
            raise ImportFailed(text, None, f"no {what} matches this path")
        for data_file in found:
            files.setdefault(data_file.path, data_file)
    return sorted(files.values(), key=lambda f: natural_key(str(f.path)))


def _expand_one(pattern: str) -> list[DataFile]:
    if SLICE in pattern:
        if pattern.count(SLICE) > 1:
            raise ImportFailed(pattern, None, f"use {SLICE} once in a file pattern")
        matcher = re.compile(
            "".join(
                "(?P<slice>[^/\\\\]+?)" if part == SLICE else _glob_regex(part)
                for part in re.split(r"(\{slice\})", pattern)
            )
            + r"\Z"
        )
        out = []
        for name in glob.glob(pattern.replace(SLICE, "*")):
            match = matcher.match(name)
            if match and Path(name).is_file():
                out.append(DataFile(Path(name), match.group("slice")))
        return out
    if glob.has_magic(pattern):
        return [DataFile(Path(name)) for name in glob.glob(pattern) if Path(name).is_file()]
    path = Path(pattern)
    return [DataFile(path)] if path.is_file() else []


def _glob_regex(part: str) -> str:
    """A regex for a piece of a glob pattern (``*`` and ``?`` stay wild, all else literal)."""
    return "".join("[^/\\\\]*" if c == "*" else "[^/\\\\]" if c == "?" else re.escape(c) for c in part)


def read_text(path: "str | os.PathLike[str]", label: str | None = None) -> str:
    """The text of a data file: UTF-8 with or without a byte-order mark, any line endings kept.

    Raises ImportFailed (with the line) for a file that cannot be read, is too big, or is not
    UTF-8 text.
    """
    name = label or os.fspath(path)
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise ImportFailed(name, None, f"cannot read: {error.strerror}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise ImportFailed(name, None, f"file is over the {MAX_FILE_BYTES:,}-byte limit")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = len(re.findall(rb"\r\n|\r|\n", raw[: error.start])) + 1
        bad = raw[error.start : error.end]
        raise ImportFailed(name, line, f"not UTF-8 text (bytes {bad!r}); save the file as UTF-8") from None
    if "\x00" in text:
        line = len(re.findall(r"\r\n|\r|\n", text[: text.index("\x00")])) + 1
        raise ImportFailed(name, line, "NUL character: this is not a text file")
    return text


def quoted(value: object) -> str:
    """`value` as a message quotes it: repr, cut to a few dozen characters, with its length
    when cut (``'99999999...' (400 characters)``)."""
    text = value if isinstance(value, str) else str(value)
    if len(text) <= _SHOWN:
        return repr(text)
    return f"{text[:_SHOWN]!r}... ({len(text):,} characters)"


def weight(value: "str | int | float", file: str, line: int | None, what: str = "weight") -> "int | float":
    """A link's weight: a finite number no larger than MAX_WEIGHT in size.

    `value` is a cell's text or a number already parsed. Raises ImportFailed naming the file,
    the line and the value (cut short) for anything else; never converts a huge integer to a
    float, nor a text of thousands of digits to an int.

    >>> weight("12", "edges.csv", 2), weight("0,5", "edges.csv", 3)
    (12, 0.5)
    """
    number = value
    if isinstance(value, str):
        text = value.strip()
        digits = text.lstrip("+-")
        if digits.isdigit() and len(digits) > 18:
            raise ImportFailed(file, line, f"{what} {quoted(text)} is too large (over {MAX_WEIGHT:,})")
        try:
            number = int(text)
        except ValueError:
            try:
                number = float(text.replace(",", ".") if text.count(",") == 1 and "." not in text else text)
            except ValueError:
                raise ImportFailed(file, line, f"{what} {quoted(text)} is not a number") from None
    if isinstance(number, bool) or not isinstance(number, (int, float)):
        raise ImportFailed(file, line, f"{what} {quoted(value)} is not a number")
    if isinstance(number, float) and (number != number or number in (float("inf"), float("-inf"))):
        raise ImportFailed(file, line, f"{what} {quoted(value)} is not a finite number")
    if abs(number) > MAX_WEIGHT:
        raise ImportFailed(file, line, f"{what} {quoted(value)} is too large (over {MAX_WEIGHT:,})")
    return number
