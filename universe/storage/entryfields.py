"""The fields of a derived-cache entry, checked as they are read.

An entry is plain JSON data signed with this user's key (`derivedcache`), and decoding still
trusts no type: each check here returns the value when it is of the expected type and raises
`TypeError` otherwise (the cache then rebuilds the entry from the files). Evidence levels and
ranks travel as their names: `EVIDENCE` and `RANK` give them back.
"""

from __future__ import annotations

import json
from typing import Any

from universe.story.evidence import Evidence, Rank

__all__ = ["EVIDENCE", "RANK", "SCALARS", "checked_text", "optional_text", "flag", "checked_list", "only_types", "Later"]

EVIDENCE = {level.value: level for level in Evidence}
RANK = {rank.value: rank for rank in Rank}
#: The types of an attribute's value (what YAML gives and JSON gives back as it was).
SCALARS = (str, int, float, bool, type(None))


def checked_text(value: Any) -> str:
    """`value`, a text read from an entry; TypeError for anything else."""
    if type(value) is not str:
        raise TypeError("expected text")
    return value


def optional_text(value: Any) -> str | None:
    """`value`, a text or None read from an entry; TypeError for anything else."""
    if value is not None and type(value) is not str:
        raise TypeError("expected text or nothing")
    return value


def flag(value: Any) -> bool:
    """`value`, true or false read from an entry; TypeError for anything else."""
    if type(value) is not bool:
        raise TypeError("expected true or false")
    return value


def checked_list(value: Any) -> list:
    """`value`, a list read from an entry; TypeError for anything else."""
    if type(value) is not list:
        raise TypeError("expected a list")
    return value


def only_types(values: list, allowed: "set[type]") -> None:
    """Raise TypeError unless every one of `values` is exactly of a type in `allowed`."""
    if not set(map(type, values)) <= allowed:
        raise TypeError(f"a value of the wrong type (expected {' or '.join(sorted(t.__name__ for t in allowed))})")


class Later:
    """The second part of an entry: what only some loads need (a build's line index and the
    fields an assembly after an edit reads), parsed when first asked for. Its bytes were read and
    checked against the entry's signature with the rest; `value` raises ValueError (or TypeError)
    when they are not a JSON object, like the rest of a bad entry."""

    __slots__ = ("_raw", "_value")

    def __init__(self, raw: bytes):
        self._raw: bytes | None = raw
        self._value: dict | None = None

    def value(self) -> dict:
        raw = self._raw
        if raw is not None:
            value = json.loads(raw)
            if type(value) is not dict:
                raise TypeError("the second part of an entry is a mapping")
            self._value, self._raw = value, None
        return self._value  # type: ignore[return-value]
