"""The exceptions this package raises on purpose, and the shape of a reported problem."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "UniverseError",
    "UniverseNotFound",
    "InvalidUniverseId",
    "UniverseInvalid",
    "FileRefused",
    "EntityNotFound",
    "StoryPointNotFound",
    "UnknownEvidence",
    "ImportFailed",
    "Problem",
]


class UniverseError(Exception):
    """Base class for every error this package raises on purpose."""


class UniverseNotFound(UniverseError, FileNotFoundError):
    """No universe folder (with a universe.yaml) at the given path."""


class InvalidUniverseId(UniverseError, ValueError):
    """A universe id that is not a slug (it could escape the data folder)."""


class FileRefused(UniverseError):
    """A file that is not read at all: too large, not UTF-8, not safe YAML."""

    def __init__(self, file: str, line: int | None, message: str):
        self.file, self.line, self.message = file, line, message
        super().__init__(f"{file}:{line}: {message}" if line else f"{file}: {message}")


class EntityNotFound(UniverseError, LookupError):
    """No entity has the requested id or name."""


class StoryPointNotFound(UniverseError, LookupError):
    """No story point has the requested id, title or alias."""


class UnknownEvidence(UniverseError, ValueError):
    """An evidence level that is not one of the known levels."""


class ImportFailed(UniverseError):
    """Data that cannot be imported (a bad file, a taken target folder); nothing was written."""

    def __init__(self, file: str, line: int | None, message: str):
        self.file, self.line, self.message = file, line, message
        super().__init__(f"{file}:{line}: {message}" if line else f"{file}: {message}")


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong (or suspicious) in a universe folder, located as precisely as we can."""

    file: str
    line: int | None
    message: str
    severity: str = "error"  # "error" or "warning"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        prefix = "" if self.severity == "error" else "warning: "
        return f"{where}: {prefix}{self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


class UniverseInvalid(UniverseError):
    """A universe folder with errors; `problems` lists every one of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        errors = [p for p in self.problems if p.is_error]
        head = f"{len(errors)} error{'s' if len(errors) != 1 else ''} in universe"
        super().__init__(head + ":\n" + "\n".join(str(p) for p in errors))
