"""The derived cache's entries of single files, as the loader's `parse` and `shapes`.

Two kinds, both in the cache folder of `derivedcache`:

- ``files/<sha256>.json``, keyed by a file's bytes: its line index and its shape-checked
  documents (`shapes`) when pydantic's check found nothing in it, else its parsed data. A file
  is parsed once per version of its bytes, and shape-checked once (a file with problems is
  checked at every load, so that its problems are reported as they were). A file edited after
  the first load has a build instead (below), its shape entry is not written: it would serve
  only after an edit of universe.yaml or the code, which parse that file again.
- ``builds/<key>.json``, keyed by a fact file's bytes and name, universe.yaml's bytes and the
  code's version: its records built alone (`filebuild`), when they report nothing, and in a
  second part read only when needed (`entryfields.Later`) its line index and what an assembly
  reads besides the records. With one, the file is neither parsed nor shape-checked nor built
  again: only the checks across files run over it (`assembly`).

With a `buildmemory.Remembered` (the app's: the builds of this folder's last load, decoded), an
unchanged file whose build is on disk takes it from memory instead, when this load's
vocabularies equal the remembered ones (`vocabulary`, called before anything is built).
"""

from __future__ import annotations

import hashlib
from typing import Any

from universe.storage.buildmemory import Remembered, same_vocabulary, vocabulary_of
from universe.storage.entryfields import Later
from universe.storage.filebuild import FileBuild, decode_build, encode_build
from universe.storage.folder import FileBytes, FolderFiles
from universe.storage.universecodec import DECODE_ERRORS

__all__ = ["FileEntries", "StaleBuild", "build_names", "file_digests"]


def file_digests(files: FolderFiles) -> dict[str, str]:
    """Each file's SHA-256 by label, computed once (its cache key)."""
    return {file.label: file.digest for file in files.files}


def build_names(code: str, files: FolderFiles, digests: dict[str, str]) -> dict[str, str]:
    """The name of each fact file's kept build, by label:
    ``builds/<file's digest>-<code and universe.yaml>-<file's name>.json`` (the builds of the
    same bytes under another name, from a load in another working folder, are kept too)."""
    universe = digests[files.universe.label] if files.universe.raw is not None else None
    context = hashlib.sha256(f"{code}\0{universe}".encode()).hexdigest()[:32]
    return {file.label: f"builds/{digests[file.label]}-{context}-{hashlib.sha256(file.label.encode()).hexdigest()[:32]}.json"
            for file in files.facts}


def build_stems(names: dict[str, str]) -> set[str]:
    """The names of `build_names` up to the file's name: builds not starting so are stale."""
    return {name[len("builds/"):].rsplit("-", 1)[0] for name in names.values()}


class StaleBuild(Exception):
    """A kept build that does not decode against this universe: the load starts again without."""


class FileEntries:
    """`Loader.parse` and `Loader.shapes` through the per-file entries of `store` (see above)."""

    def __init__(self, store: Any, code: str, files: FolderFiles, use_builds: bool = True, digests: "dict[str, str] | None" = None,
                 memory: Remembered | None = None):
        self.store, self.code, self.count = store, code, 0
        self.memory = memory if use_builds else None  # the builds of the folder's last load, in memory
        self.recalled = 0  # builds taken from memory
        self.shared_timeline = False  # True once this load builds against the remembered timeline
        self.made: dict[str, tuple] = {}  # build name: (build, positions kept, ids, statement records made)
        self.from_memory: dict[str, str] = {}  # label: the name of its build, taken from memory
        self.digests = digests if digests is not None else file_digests(files)  # label: SHA-256 of the bytes
        self.universe_digest = self.digests[files.universe.label] if files.universe.raw is not None else None
        self.builds = self.universe_digest is not None
        self.use_builds = use_builds  # False: builds are made and written (over stale ones), never read
        self.decoded: dict[str, tuple[list, list]] = {}  # label: documents from an entry
        self.kept_docs: dict[str, tuple[list, list]] = {}  # label: documents of a clean check
        self.fresh: dict[str, tuple] = {}  # label: (name, key, data, index, its entry exists)
        self.built: dict[str, FileBuild] = {}  # label: a build made in this load, to keep
        self.stored: set[str] = set()  # labels whose build is in the cache (read or written)
        self.names = build_names(code, files, self.digests)

    # -- parse -------------------------------------------------------------------------------

    def __call__(self, file: FileBytes) -> tuple[Any, dict]:
        from universe.storage.loader import parse_file
        from universe.storage.shapes import ShapeError, decode_shapes

        if file.raw is None:
            return parse_file(file)
        digest = self.digests.get(file.label) or file.digest
        name = f"files/{digest}.json"
        key = hashlib.sha256(f"{self.code}\0{digest}".encode()).hexdigest()
        entry = self.store.read(name, key)
        if entry is not None and isinstance(entry.get("index"), dict):
            if "shapes" in entry:
                try:
                    self.decoded[file.label] = decode_shapes(entry["shapes"])
                    return None, entry["index"]
                except (ShapeError, ValueError, TypeError):
                    pass  # a damaged entry: parsed and checked again below
            elif "data" in entry:
                self.fresh[file.label] = (name, key, entry["data"], entry["index"], True)
                return entry["data"], entry["index"]
        self.count += 1
        data, index = parse_file(file)  # raises FileRefused, never cached
        self.fresh[file.label] = (name, key, data, index, False)
        return data, index

    # -- shapes ------------------------------------------------------------------------------

    def checked(self, label: str) -> tuple[list, list] | None:
        return self.decoded.pop(label, None)

    def keep(self, label: str, entities: list, statements: list) -> None:
        self.kept_docs[label] = (entities, statements)

    # -- builds ------------------------------------------------------------------------------

    def kept(self, file: FileBytes) -> tuple[Any, dict] | None:
        """(the kept build's data, the file's line index), or None: parse the file."""
        if not (self.builds and self.use_builds) or file.label not in self.names:
            return None
        name = self.names[file.label]
        memory = self.memory
        if memory is not None and name in memory.builds and self.store.has(name):
            index = _line_index(memory.builds[name][0])
            if index is not None:
                self.stored.add(file.label)
                self.from_memory[file.label] = name
                return _InMemory(name), index
        entry = self.store.read(name, name)
        later = entry.get("later") if entry is not None else None
        index = _line_index(later) if type(later) is Later else None  # never a mapping the first part holds
        if index is None or "build" not in entry:  # type: ignore[operator]
            return None
        self.stored.add(file.label)
        return entry, index

    def vocabulary(self, loader: Any) -> None:
        """Before anything is built: when the loader's vocabularies equal the remembered ones,
        build against those (so that remembered builds and new ones share one timeline)."""
        if self.memory is None:
            return
        for label, name in self.from_memory.items():  # the same bytes under the same name: the same lines
            if name in self.memory.finders:
                loader.report.reuse(label, self.memory.finders[name])
        if getattr(loader, "_points", None):  # a story point already looked up: too late
            return
        if same_vocabulary(self.memory.vocabulary, vocabulary_of(loader)):
            loader.timeline = self.memory.vocabulary[0]  # the only one records hold (story points)
            self.shared_timeline = True

    def records(self, label: str, build: FileBuild, kept: list[int], made_ids: list[str], make: Any) -> list:
        """The statement records `make()` gives for `build`'s `kept` positions and ids `made_ids`:
        the last load's, when it made them of the same build (remembered) with the same positions
        and ids (records are immutable: the same inputs make equal records)."""
        name = self.names.get(label)
        last = self.memory.records.get(name) if self.memory is not None and self.shared_timeline else None
        if last is not None and last[0] is build and last[1] == kept and last[2] == made_ids:
            made = last[3]
        else:
            made = make()
        if name is not None:
            self.made[name] = (build, kept, made_ids, made)
        return made

    def kept_build(self, label: str, data: Any, loader: Any) -> FileBuild:
        """The build `kept` found (its entry, or a name in memory), decoded whole (an assembly
        reads every part of it); StaleBuild when it does not decode."""
        try:
            if type(data) is _InMemory:
                if self.shared_timeline:
                    build = self.memory.builds[data.name][1].complete()
                    self.recalled += 1
                    return build
                data = self.store.read(data.name, data.name)  # another universe.yaml's: from disk
            return decode_build(data.get("build"), loader, data.get("later")).complete()
        except DECODE_ERRORS as error:
            raise StaleBuild(label) from error

    def keep_build(self, label: str, build: FileBuild) -> None:
        if self.builds:
            self.built[label] = build

    # -- writing -----------------------------------------------------------------------------

    def write(self, loader: Any) -> None:
        """Write the entries of the files parsed, checked or built in this load."""
        from universe.storage.shapes import encode_shapes

        read = set(self.stored)  # the builds read from the cache: this load follows an edit
        for label, build in self.built.items():
            index = loader.report.indexes.get(label)
            if isinstance(index, dict) and _is_plain_json(index) and _plain_attributes(build):
                records, later = encode_build(build, loader)
                name = self.names[label]
                if self.store.write(name, name, {"build": records}, later={"index": index, "build": later}):
                    self.stored.add(label)
        for label, (name, key, data, index, exists) in self.fresh.items():
            if label in self.kept_docs:
                if read and label in self.stored:
                    continue  # an edited file: its build stands for its checked documents
                self.store.write(name, key, {"index": index, "shapes": encode_shapes(*self.kept_docs[label])})
            elif not exists and _is_plain_json(data):
                self.store.write(name, key, {"data": data, "index": index})


def _line_index(found: Any) -> dict | None:
    """A file's line index as a build's entry keeps it: in the entry's second part (a `Later`,
    parsed now), or already parsed (a build of this process's own); None when it is not one."""
    if type(found) is Later:
        try:
            found = found.value().get("index")
        except DECODE_ERRORS:
            return None
    return found if type(found) is dict else None


class _InMemory:
    """A build the loader takes from memory (see `FileEntries.kept_build`)."""

    __slots__ = ("name",)

    def __init__(self, name: str):
        self.name = name


def _plain_attributes(build: FileBuild) -> bool:
    """True when every entity's attributes come back from JSON as they are (text keys, plain
    values, no NaN): the rest of a build is plain by construction."""
    plain = (str, int, float, bool, type(None))
    for entity in build.entities:
        for key, value in entity.attributes.items():
            if type(key) is not str or type(value) not in plain or value != value:
                return False
    return True


def _is_plain_json(data: Any) -> bool:
    """True when JSON gives `data` back as it is (YAML allows keys JSON turns into text)."""
    stack = [data]
    while stack:
        value = stack.pop()
        kind = type(value)
        if kind is dict:
            for key in value:
                if type(key) is not str:
                    return False
            stack.extend(value.values())
        elif kind is list:
            stack.extend(value)
        elif kind is float and value != value:
            return False  # NaN: fine in JSON, but not equal to itself when compared
        elif kind not in (str, int, float, bool, type(None)):
            return False
    return True
