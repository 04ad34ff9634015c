"""A load of documents already parsed (generated or imported universes, arcs over canon, tests)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

from universe.storage.loader import Loader

__all__ = ["MemoryLoader"]


class MemoryLoader(Loader):
    """A load of documents already parsed: `universe` is universe.yaml's content, `facts` maps a
    file name to a fact file's content."""

    def __init__(self, folder: Path, universe: Any, facts: "dict[str, Any]"):
        super().__init__(folder)
        self._universe, self._facts = universe, facts

    def universe_file(self) -> tuple[str, Any]:
        return "universe.yaml", self._universe

    def fact_files(self) -> Iterable[tuple[str, Any]]:
        return sorted(self._facts.items())
