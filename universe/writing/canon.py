"""The canon of a universe folder as documents: every file's text and data, ready to change and rebuild.

Arcs and canon edits both work on documents (the parsed YAML files), then rebuild the universe
with `store.universe_from_documents`, so a change is validated by exactly the code that validates
the folder, and its problems name the file and line that caused them.
"""

from __future__ import annotations

import copy
import hashlib
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Mapping

from universe.errors import FileRefused, Problem, UniverseInvalid, UniverseNotFound
from universe.storage.store import FACT_FILE_PATTERNS, file_label, universe_from_documents
from universe.storage.yamlfile import parse_yaml, read_yaml
from universe.story.snapshot import Universe

__all__ = ["Canon", "read_canon", "statement_ids"]


@dataclass(frozen=True)
class Canon:
    """The files of a universe folder: `facts` and `texts` are keyed by file label, in load order."""

    folder: Path
    universe_label: str
    universe: Any
    facts: Mapping[str, Any]
    texts: Mapping[str, str]
    paths: Mapping[str, Path]
    version: str
    _built: dict = field(default_factory=dict, repr=False, compare=False)

    def fact_file(self, label: str) -> Path:
        """The path of the fact file `label`."""
        return self.paths[label]

    def label_of(self, path: Path) -> str:
        """The label of the file at `path` (how messages name it)."""
        return file_label(path)

    def with_text(self, label: str, text: str) -> "Canon":
        """This canon with the fact file `label` replaced by `text` (parsed under the safety rules).

        Raises UniverseInvalid naming the file and line when the text is not safe, valid YAML.
        """
        try:
            data = parse_yaml(text.encode("utf-8"), label)
        except FileRefused as refused:
            raise UniverseInvalid([Problem(refused.file, refused.line, refused.message)]) from None
        facts, texts = dict(self.facts), dict(self.texts)
        facts[label], texts[label] = data, text
        return replace(self, facts=facts, texts=texts, version=_digest(self.universe_label, texts), _built={})

    def documents(self) -> dict[str, Any]:
        """A deep copy of the fact documents, free to change."""
        return copy.deepcopy(dict(self.facts))

    def build(
        self,
        facts: "Mapping[str, Any] | None" = None,
        texts: "Mapping[str, str] | None" = None,
        locate: "Callable[[str, tuple], tuple[str, tuple]] | None" = None,
    ) -> Universe:
        """Validate and build the universe from these files (or from changed `facts`).

        Raises UniverseInvalid listing every problem, located through `locate`.
        """
        if facts is None and "universe" in self._built:
            return self._built["universe"]
        def where(file: str, path: tuple) -> tuple[str, tuple]:
            if file == "universe.yaml":  # how universe_from_documents names it
                return self.universe_label, path
            return locate(file, path) if locate is not None else (file, path)

        universe = universe_from_documents(
            self.universe,
            dict(self.facts if facts is None else facts),
            name=str(self.folder),
            texts={**self.texts, **(texts or {})},
            locate=where,
        )
        universe = replace(universe, path=self.folder, version=self.version if facts is None else "")
        if facts is None:
            self._built["universe"] = universe
        return universe


def _digest(universe_label: str, texts: Mapping[str, str]) -> str:
    """The version `store.load_universe` gives the same files (universe.yaml first, then by path)."""
    digest = hashlib.sha1()
    for label in [universe_label, *(k for k in texts if k != universe_label)]:
        digest.update(label.encode() + b"\0" + texts[label].encode() + b"\0")
    return digest.hexdigest()[:16]


def read_canon(folder: "str | os.PathLike[str]", replaced: "Mapping[Path, str | None] | None" = None) -> Canon:
    """Read every file of the universe folder at `folder`; `replaced` gives the text some files
    would have instead (None: the file would not be there), to check an undo before writing it.

    Raises UniverseNotFound, or UniverseInvalid when a file is refused (too large, unsafe YAML).
    """
    folder = Path(folder)
    replaced = {Path(path): text for path, text in (replaced or {}).items()}
    universe_path = folder / "universe.yaml"
    if not universe_path.is_file() and replaced.get(universe_path) is None:
        raise UniverseNotFound(f"{folder}: no universe here (no universe.yaml)")
    present = {p for pattern in FACT_FILE_PATTERNS for p in folder.glob(pattern)}
    present |= {p for p, text in replaced.items() if text is not None and p.parent == folder and p.suffix in (".yaml", ".yml")}
    present -= {p for p, text in replaced.items() if text is None}
    paths = [universe_path] + sorted(present - {folder / "universe.yaml", folder / "universe.yml"})
    facts: dict[str, Any] = {}
    texts: dict[str, str] = {}
    where: dict[str, Path] = {}
    problems = []
    universe = None
    for index, path in enumerate(paths):
        if path not in replaced and not path.is_file():
            continue
        label = file_label(path)
        try:
            if path in replaced:
                text = replaced[path]
                data = parse_yaml(text.encode("utf-8"), label)
            else:
                data, text = read_yaml(path, label=label)
        except FileRefused as refused:
            problems.append(Problem(refused.file, refused.line, refused.message))
            continue
        texts[label], where[label] = text, path
        if index == 0:
            universe = data
        else:
            facts[label] = data
    if problems:
        raise UniverseInvalid(problems)
    universe_label = file_label(universe_path)
    return Canon(folder, universe_label, universe, facts, texts, where, _digest(universe_label, texts))


def statement_ids(universe: Universe, facts: Mapping[str, Any]) -> dict[str, list[str]]:
    """The id of every statement of `facts`, per file, in the order the file lists them.

    `universe` must have been built from exactly `facts` (so it is valid): the loader keeps one
    statement per item, file by file, in order, and names each after its file (``origin``).
    """
    ids: dict[str, list[str]] = {label: [] for label in facts}
    for statement in universe.statements:
        ids.setdefault(statement.origin, []).append(statement.id)
    for label, doc in facts.items():
        listed = len(doc.get("statements") or []) if isinstance(doc, dict) else 0
        if listed != len(ids[label]):  # pragma: no cover - guards the invariant above
            raise RuntimeError(f"{label}: {listed} statements listed, {len(ids[label])} built")
    return ids
