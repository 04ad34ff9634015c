"""Problems found while loading, located lazily: a line is looked up only for what is reported."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from universe.errors import Problem

if TYPE_CHECKING:
    from universe.storage.yamlfile import LineFinder

__all__ = ["Report"]


class Report:
    """Collects problems as (file, path of keys, message) and turns them into file:line Problems.

    `texts` and `indexes` hold what each file was parsed from, so a path can be located;
    `locate` maps an entry to where it was written (arcs merge their entries into canon's
    documents, and their problems must name the arc file).
    """

    def __init__(self) -> None:
        self.pending: list[tuple[str, tuple, Any, str]] = []
        self.texts: dict[str, str] = {}
        self.indexes: dict[str, dict] = {}
        self.refused_lines: dict[str, int | None] = {}
        self._finders: dict[str, tuple[LineFinder, dict]] = {}  # file: its finder, and the lines it found by path

    def __call__(self, file: str, path: tuple, message: "str | Callable[[], str]", severity: str = "error") -> None:
        self.pending.append((file, path, message, severity))

    def refused(self, file: str, line: int | None, message: str) -> None:
        """A file that could not be read at all; its line comes from the parser."""
        self.pending.append((file, (), message, "error"))
        self.refused_lines[file] = line

    @staticmethod
    def locate(file: str, path: tuple) -> tuple[str, tuple]:
        """Where an entry was written: itself, unless documents were merged (see arcs)."""
        return file, path

    def where(self, file: str, path: tuple) -> str:
        """``file:line`` of an entry, for messages that point at another entry."""
        file, path = self.locate(file, path)
        line = self.line(file, path)
        return f"{file}:{line}" if line else file

    def line(self, file: str, path: tuple) -> int | None:
        if file in self.refused_lines:
            return self.refused_lines[file]
        kept = self._finders.get(file)
        if kept is None:
            if file not in self.texts:
                return None
            from universe.storage.yamlfile import LineFinder  # a YAML parser: only once a line is looked for

            kept = self._finders[file] = (LineFinder(self.texts[file], self.indexes.get(file)), {})
        finder, lines = kept
        try:
            return lines[path]
        except KeyError:
            found = lines[path] = finder.line(path)
            return found

    def finder(self, file: str) -> tuple | None:
        """The line finder of `file` and the lines it found (for `reuse` by a later load)."""
        return self._finders.get(file)

    def reuse(self, file: str, kept: tuple) -> None:
        """Find lines in `file` with `kept`, what `finder` gave for the same bytes under the same
        name in an earlier load (the derived cache's memory): its lines are found once."""
        self._finders[file] = kept

    def problems(self) -> list[Problem]:
        """Every problem, in file order then line order."""
        order = {name: index for index, name in enumerate(self.texts)}
        problems = []
        for file, path, message, severity in self.pending:
            text = message() if callable(message) else message
            file, path = self.locate(file, path)
            problems.append(Problem(file, self.line(file, path), text, severity))
        problems.sort(key=lambda p: (order.get(p.file, -1), p.line or 0))
        return problems
