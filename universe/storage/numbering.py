"""Numbers for values repeated over and over (citations, origins): each distinct value once.

The derived cache's entries store a table of the distinct values and, for each record, its
number in the table (a statement's citations are one of a few, its origin one of a dozen).
"""

from __future__ import annotations

from typing import Any

__all__ = ["Numbering"]


class Numbering:
    """The table of distinct values in the order first seen; `number` one value, `numbers` many
    at once (values compared by identity first, so each distinct object is hashed once)."""

    __slots__ = ("table",)

    def __init__(self) -> None:
        self.table: dict[Any, int] = {}

    def __call__(self, value: Any) -> int:
        return self.table.setdefault(value, len(self.table))

    def numbers(self, values: list) -> list[int]:
        """``[self(v) for v in values]``, hashing each distinct object once."""
        table = self.table
        by_identity = {id(value): value for value in values}
        numbered = {key: table.setdefault(value, len(table)) for key, value in by_identity.items()}
        return list(map(numbered.__getitem__, map(id, values)))

    def values(self) -> list:
        return list(self.table)
