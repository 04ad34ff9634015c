"""The derived cache: what loading a universe folder derives, kept so it is derived once.

The YAML files stay the source of truth. Beside them, in ``<universe>/.cache/`` (git-ignored by
a ``.gitignore`` of its own, and skipped by every reader), this keeps two kinds of entry:

- ``universe-<names>.json``: the whole loaded universe (see `universecodec`) with its problems,
  one entry per way of naming the files (messages name them relative to the working folder:
  the app and a command run elsewhere keep one each, the last `_UNIVERSE_ENTRIES`), keyed by
  the bytes of every file read, their names and the folder's refusals. A start, a command or a
  page after a start with nothing changed reads only this.
- ``files/<sha256>.json``: the parsed data and line index of one YAML file, keyed by its bytes.
  After an edit, only the files that changed are parsed again.

Every key also holds `code_version()`, a digest of the loading code and the libraries it uses,
so an entry from another version of the code is a miss. Entries are plain JSON (a kept build's in
two texts, the second parsed only when needed: `fileentries`) behind a header naming the format,
the key and an HMAC-SHA-256 of the body under a secret of this user (`signing_key`, kept
outside every universe folder): reading one runs no code (no pickle), and a missing, stale,
truncated, corrupt or hostile entry (a link, a FIFO, garbage, a body forged by someone who can
write the folder but not this user's key) is ignored and rebuilt silently, never trusted. `UNIVERSE_CACHE=off` turns the cache off;
`UNIVERSE_CACHE_DIR` keeps it outside the universe folders (a read-only deployment).
"""

from __future__ import annotations

import gc
import hashlib
import hmac
import importlib.util
import json
import os
import secrets
import stat
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from universe.errors import FileRefused, Problem
from universe.storage.assembledentry import decode_assembled, encode_assembled
from universe.storage.buildmemory import BuildMemory, Remembered, vocabulary_of
from universe.storage.entryfields import Later
from universe.storage.fileentries import FileEntries, StaleBuild, build_names, build_stems, file_digests
from universe.storage.folder import CACHE_FOLDER, MAX_UNIVERSE_BYTES, FolderFiles, read_folder
from universe.storage.universecodec import (
    DECODE_ERRORS,
    decode_problems,
    decode_universe,
    encode_problems,
    encode_universe,
)
from universe.storage.regularfile import read_regular_file
from universe.story.snapshot import Universe

__all__ = ["CACHE_FORMAT", "CACHE_ENV", "CACHE_DIR_ENV", "code_version", "signing_key", "is_enabled", "cache_folder", "load_folder", "Outcome", "BuildMemory"]

CACHE_FORMAT = 3  # 2: statement columns packed (`universecodec.packed`); 3: builds in two parts (`filebuild`)
CACHE_ENV = "UNIVERSE_CACHE"
CACHE_DIR_ENV = "UNIVERSE_CACHE_DIR"
_MAX_ENTRY_BYTES = 4 * MAX_UNIVERSE_BYTES
_UNIVERSE_ENTRIES = 4
_CODE_PACKAGES = ("storage", "story")
_code_version: str | None = None
_signing_key: bytes | None = None


def code_version() -> str:
    """A digest of the code that derives a universe from its files (and the libraries it uses)."""
    global _code_version
    if _code_version is None:
        digest = hashlib.sha256(f"{CACHE_FORMAT}|{sys.version}".encode())
        package = Path(__file__).resolve().parents[1]
        sources = [package / "errors.py"] + sorted(p for name in _CODE_PACKAGES for p in (package / name).glob("*.py"))
        # PyYAML parses the files and pydantic validates them: the files that hold their versions,
        # read without importing either (a warm start never does)
        for library, version_file in (("yaml", "__init__.py"), ("pydantic", "version.py")):
            spec = importlib.util.find_spec(library)
            if spec is not None and spec.origin:
                sources.append(Path(spec.origin).parent / version_file)
        for source in sources:
            digest.update(source.name.encode() + b"\0" + source.read_bytes() + b"\0")
        _code_version = digest.hexdigest()
    return _code_version


def signing_key() -> bytes:
    """This user's secret for signing cache entries: ``$XDG_CACHE_HOME/universe/key`` (default
    ``~/.cache``), made on first use, readable by this user only. When it cannot be kept there,
    a key for this process only (entries then last as long as the process)."""
    global _signing_key
    if _signing_key is None:
        home = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "universe"
        path = home / "key"
        try:
            home.mkdir(parents=True, exist_ok=True, mode=0o700)
            try:
                descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
            except FileExistsError:
                pass
            else:
                with os.fdopen(descriptor, "wb") as handle:
                    handle.write(secrets.token_bytes(32))
            key = read_regular_file(path, str(path), 1024)
            _signing_key = key if len(key) == 32 else secrets.token_bytes(32)
        except (OSError, RuntimeError, FileRefused):
            _signing_key = secrets.token_bytes(32)
    return _signing_key


def _signature(body: bytes) -> str:
    return hmac.new(signing_key(), body, hashlib.sha256).hexdigest()


def is_enabled() -> bool:
    """False when ``UNIVERSE_CACHE`` is off (0, false, no, off)."""
    return os.environ.get(CACHE_ENV, "").strip().lower() not in ("0", "false", "no", "off")


def cache_folder(folder: Path) -> Path:
    """Where the derived cache of the universe in `folder` lives."""
    configured = os.environ.get(CACHE_DIR_ENV)
    if configured:
        return Path(configured) / hashlib.sha256(os.fsencode(os.path.abspath(folder))).hexdigest()[:24]
    return folder / CACHE_FOLDER


class Outcome:
    """What a load gave: the universe (None when it has errors) and every problem."""

    __slots__ = ("universe", "problems", "from_cache", "parsed", "validated", "built", "recalled")

    def __init__(self, universe: Universe | None, problems: list[Problem], from_cache: bool, parsed: int = 0, validated: int = 0,
                 built: int = 0):
        self.universe, self.problems, self.from_cache = universe, problems, from_cache
        # files parsed, fact files shape-checked, fact files whose records were built (not kept)
        self.parsed, self.validated, self.built = parsed, validated, built
        self.recalled = 0  # fact files whose build came from a `BuildMemory`


def _universe_key(files: FolderFiles, digests: dict[str, str]) -> str:
    digest = hashlib.sha256(code_version().encode())
    for file in files.files:
        digest.update(f"\0{file.label}\0{digests[file.label]}".encode())
    for label, message in files.problems:
        digest.update(f"\0refused\0{label}\0{message}".encode())
    return digest.hexdigest()


def load_folder(folder: "str | os.PathLike[str]", memory: BuildMemory | None = None) -> Outcome:
    """Load the universe folder `folder` through the derived cache.

    Only what changed since the last load is derived again: nothing when no file changed, the
    changed files' parsing and the checks across files otherwise. With a `memory` (a process
    that loads the folder again and again: the app), the builds of the folder's last load are
    taken from memory rather than read from disk, and this load's are remembered.
    """
    # Loading makes a million objects that all live on: the collector's passes over them
    # (a third of the time) would find nothing to free.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load(Path(folder), memory)
    finally:
        if collecting:
            gc.enable()


def _load(folder: Path, memory: BuildMemory | None = None) -> Outcome:
    files = read_folder(folder)
    if not is_enabled():
        return _derive(folder, files, None)[0]
    store = _Store(cache_folder(folder))
    where = os.path.abspath(store.root)
    remembered = memory.recall(where) if memory is not None else None
    digests = file_digests(files)
    key = _universe_key(files, digests)
    name = "universe-" + hashlib.sha256("\0".join(f.label for f in files.files).encode()).hexdigest()[:16] + ".json"
    entry = store.read(name, key)
    names = build_names(code_version(), files, digests)
    builds = [names[file.label] for file in files.facts]
    if entry is not None:
        try:
            problems = decode_problems(entry["problems"])
            if "assembled" in entry:  # the records are in the files' kept builds
                indexes = {} if remembered is None else {name: kept[0] for name, kept in remembered.builds.items()}

                def read_build(name: str) -> Any:
                    found = store.read(name, name)
                    indexes[name] = found.get("later") if found is not None else None  # holds the line index
                    return found

                universe, vocabulary, decoded = decode_assembled(entry["assembled"], folder, tuple(problems), builds, read_build, remembered)
                if memory is not None and all(type(indexes.get(name)) in (dict, Later) for name in decoded):
                    same = remembered is not None and remembered.vocabulary[0] is vocabulary[0]  # its builds were used
                    memory.remember(where, Remembered(vocabulary, {name: (indexes[name], build) for name, build in decoded.items()},
                                                      remembered.records if same else None,
                                                      remembered.finders if remembered is not None else None))
            else:
                data = entry["universe"]
                universe = None if data is None else decode_universe(data, folder, tuple(problems))
            if universe is not None or any(p.is_error for p in problems):
                outcome = Outcome(universe, problems, True)
                if "assembled" in entry and remembered is not None:
                    outcome.recalled = sum(remembered.builds.get(name, (0, 0))[1] is build for name, build in decoded.items())
                return outcome
        except DECODE_ERRORS:
            pass  # a bad entry: rebuilt below
    outcome, entries, parts = _derive(folder, files, store, digests, remembered, memory, where)
    body: dict = {"problems": encode_problems(outcome.problems), "universe": None}
    if outcome.universe is not None:
        try:
            if parts is None or not {file for file, _, _ in parts} <= entries.stored:
                raise ValueError("a file without a kept build")
            body["assembled"] = encode_assembled(outcome.universe, parts, [entries.names[file] for file, _, _ in parts])
        except ValueError:
            body["universe"] = encode_universe(outcome.universe)
    store.write(name, key, body)
    store.prune(set(digests.values()) | build_stems(names), name)
    return outcome


def _derive(folder: Path, files: FolderFiles, store: "_Store | None", digests: "dict[str, str] | None" = None,
            remembered: Remembered | None = None, memory: BuildMemory | None = None, where: str = "") -> tuple[Outcome, Any, Any]:
    """Load from the files (through the per-file entries of `store`, when there is one, and the
    builds `remembered` in memory): the outcome, the `FileEntries` used and the parts `assembly`
    put together (or None). This load's builds go to `memory`."""
    from universe.storage.loader import Loader  # pydantic: a warm start never needs it

    entries = None
    if store is None:
        loader = Loader(folder, files)
        universe = loader.run()
        parsed = len(files.files)
    else:
        entries = FileEntries(store, code_version(), files, digests=digests, memory=remembered)
        loader = Loader(folder, files, parse=entries, shapes=entries)
        try:
            universe = loader.run()
        except StaleBuild:  # a kept build that does not decode: every file from its entries instead
            entries = FileEntries(store, code_version(), files, use_builds=False, digests=digests)
            loader = Loader(folder, files, parse=entries, shapes=entries)
            universe = loader.run()
        entries.write(loader)
        parsed = entries.count
        if memory is not None and getattr(loader, "builds", None) is not None:
            report = loader.report
            indexes, names = report.indexes, entries.names
            builds = {names[file]: (indexes[file], build) for file, build, _ in loader.builds if type(indexes.get(file)) is dict}
            finders = {names[file]: report.finder(file) for file in names if names[file] in builds and report.finder(file)}
            memory.remember(where, Remembered(vocabulary_of(loader), builds, entries.made, finders))
    universe = _valid(universe, loader.problems)
    if universe is not None:
        universe = replace(universe, warnings=tuple(loader.problems))
    outcome = Outcome(universe, loader.problems, False, parsed, loader.validated, loader.built)
    outcome.recalled = entries.recalled if entries is not None else 0
    return outcome, entries, getattr(loader, "assembled", None)


def _valid(universe: Universe | None, problems: list[Problem]) -> Universe | None:
    return None if universe is None or any(p.is_error for p in problems) else universe


class _Store:
    """The entries of one cache folder: read safely, written atomically, never through a link."""

    def __init__(self, root: Path):
        self.root = root

    def read(self, name: str, key: str) -> dict | None:
        """The body of entry `name` when its header holds `key` and its body is intact; its
        second part, when it has one, under ``later`` (an `entryfields.Later`, parsed when first
        asked for: see `write`)."""
        try:
            raw = read_regular_file(self.root / name, name, _MAX_ENTRY_BYTES)
            header_text, _, body = raw.partition(b"\n")
            header = json.loads(header_text)
            if not isinstance(header, dict) or header.get("format") != CACHE_FORMAT or header.get("key") != key:
                return None
            signature = header.get("hmac")
            if not isinstance(signature, str) or not hmac.compare_digest(signature, _signature(body)):
                return None
            first, second, rest = body.partition(b"\n")  # JSON text never holds a raw line break
            data = json.loads(first)
        except (FileRefused, ValueError, RecursionError, OSError):
            return None
        if not isinstance(data, dict):
            return None
        if second:
            data["later"] = Later(rest)
        return data

    def has(self, name: str) -> bool:
        """True when entry `name` is a plain file (whether it is intact is for `read` to say)."""
        try:
            return stat.S_ISREG(os.lstat(self.root / name).st_mode)
        except OSError:
            return False

    def _folder(self, name: str) -> Path | None:
        """The folder entry `name` goes in, made when missing; None when it is not a plain folder."""
        target = (self.root / name).parent
        for folder in (self.root, target) if target != self.root else (self.root,):
            try:
                info = os.lstat(folder)
            except FileNotFoundError:
                try:
                    folder.mkdir(parents=folder is self.root)
                except OSError:
                    return None
                if folder is self.root:
                    _write_quietly(folder / ".gitignore", b"# derived from the YAML files: never commit it\n*\n")
                continue
            except OSError:
                return None
            if not stat.S_ISDIR(info.st_mode):
                return None  # a link or a file where the cache should be: never written through
        return target

    def write(self, name: str, key: str, body: Any, later: Any = None) -> bool:
        """Write entry `name`; False when it could not be written (the cache is an optimisation).
        `later`: a second part, a JSON text of its own on a line of its own (signed with the
        body), which `read` leaves unparsed until it is asked for."""
        folder = self._folder(name)
        if folder is None:
            return False
        try:
            payload = b"\n".join(
                json.dumps(part, separators=(",", ":"), ensure_ascii=False, check_circular=False).encode("utf-8", "surrogatepass")
                for part in ((body,) if later is None else (body, later)))
        except (ValueError, TypeError, RecursionError):
            return False
        header = json.dumps({"format": CACHE_FORMAT, "key": key, "hmac": _signature(payload)})
        return _write_quietly(self.root / name, header.encode() + b"\n" + payload)

    def prune(self, keep: set[str], written: str) -> None:
        """Remove per-file entries of files that are no longer in the folder, universe entries
        beyond the last `_UNIVERSE_ENTRIES`, and temporary files a killed writer left behind."""
        for folder in (self.root, self.root / "files", self.root / "builds"):
            try:
                entries = [(entry, entry.stat(follow_symlinks=False).st_mtime) for entry in os.scandir(folder)]
            except OSError:
                continue
            entries.sort(key=lambda pair: pair[1], reverse=True)
            universes = [entry for entry, _ in entries if entry.name.startswith("universe-") and entry.name != written]
            stale = universes[_UNIVERSE_ENTRIES - 1 :] if folder == self.root else []
            for entry, mtime in entries:
                stem = entry.name[:-5] if folder.name != "builds" else entry.name.rsplit("-", 1)[0]
                if folder != self.root and entry.name.endswith(".json") and stem not in keep:
                    stale.append(entry)
                elif entry.name.endswith(".tmp") and mtime < time.time() - 3600:
                    stale.append(entry)
            for entry in stale:
                try:
                    os.unlink(entry.path)
                except OSError:
                    pass


def _write_quietly(path: Path, content: bytes) -> bool:
    """Write `content` to `path` atomically (a new file renamed over it); a failure is ignored
    (False): the cache is an optimisation, and a read-only folder simply has none."""
    try:
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError:
        return False
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(content)
        os.replace(temporary, path)
        return True
    except OSError:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        return False
