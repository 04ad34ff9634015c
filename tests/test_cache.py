"""The derived cache: used when nothing changed, invalidated by every kind of change, and a
corrupt or hostile entry is ignored and rebuilt, never trusted."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from cached import built, same, tiny_folder, universe_entry
from universes import hostile_documents

from universe.exchange.generate import generated_documents, tiny_documents, two_kind_documents, write_documents
from universe.storage import derivedcache
from universe.storage.derivedcache import load_folder
from universe.storage.loader import Loader
from universe.storage.store import BUNDLED, check_universe, data_dir, load_universe


@pytest.fixture
def folder(tmp_path) -> Path:
    return tiny_folder(tmp_path)


def test_a_second_load_reads_the_cache_and_derives_nothing(folder, monkeypatch):
    first = load_folder(folder)
    assert not first.from_cache and first.parsed == 3
    assert universe_entry(folder).is_file()

    def refuse(self):
        raise AssertionError("derived again")

    monkeypatch.setattr(Loader, "run", refuse)
    second = load_folder(folder)
    assert second.from_cache and second.parsed == 0
    same(second.universe, first.universe)
    assert load_universe(folder).version == first.universe.version
    assert check_universe(folder) == first.problems


@pytest.mark.parametrize("documents", ["tiny", "hostile", "generated", "two kinds", "bundled"])
def test_a_cached_universe_is_the_universe_the_files_give(tmp_path, documents):
    if documents == "bundled":
        folder = tmp_path / BUNDLED
        shutil.copytree(data_dir() / BUNDLED, folder, ignore=shutil.ignore_patterns(".cache", ".history"))
    else:
        made = {"tiny": tiny_documents, "hostile": hostile_documents,
                "generated": lambda: generated_documents(300, 1500, 300, chunk=400),
                "two kinds": lambda: two_kind_documents(100, 200, 1500, chunk=400)}[documents]()
        folder = write_documents(tmp_path / documents, *made)
    load_folder(folder)
    cached = load_folder(folder)
    assert cached.from_cache
    same(cached.universe, built(folder))


def _entity_names(folder: Path) -> set[str]:
    return {e.name for e in load_universe(folder).entities.values()}


def test_an_edit_is_seen_and_only_the_edited_file_is_parsed_again(folder):
    load_folder(folder)
    path = folder / "people.yaml"
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Eve Actor", "Eva Actor"), encoding="utf-8")  # same size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # and the same modification time
    outcome = load_folder(folder)
    assert not outcome.from_cache and outcome.parsed == 1
    assert "Eva Actor" in {e.name for e in outcome.universe.entities.values()}
    assert load_folder(folder).from_cache


def test_an_added_file_is_seen(folder):
    load_folder(folder)
    (folder / "more.yaml").write_text("entities:\n  - {id: zed, kind: character, name: Zed}\n", encoding="utf-8")
    outcome = load_folder(folder)
    assert not outcome.from_cache and outcome.parsed == 1
    assert "zed" in outcome.universe.entities


def test_a_deleted_file_is_seen(folder):
    load_folder(folder)
    (folder / "people.yaml").unlink()
    outcome = load_folder(folder)
    assert not outcome.from_cache and outcome.parsed == 0  # the others' parses are kept
    assert "eve" not in outcome.universe.entities
    assert len(list((folder / ".cache" / "files").glob("*.json"))) == 2  # the deleted file's parse is pruned


def test_a_renamed_file_is_seen_in_every_origin(folder):
    load_folder(folder)
    (folder / "people.yaml").rename(folder / "cast.yaml")
    outcome = load_folder(folder)
    assert not outcome.from_cache and outcome.parsed == 0
    assert outcome.universe.entities["eve"].origin.endswith("cast.yaml")
    same(outcome.universe, built(folder))


def test_a_new_link_in_arcs_is_seen_although_no_fact_file_changed(folder):
    load_folder(folder)
    (folder / "arcs").mkdir()
    (folder / "arcs" / "what-if.yaml").symlink_to("/dev/zero")
    outcome = load_folder(folder)
    assert outcome.universe is None and any("what-if.yaml" in p.file for p in outcome.problems)


def test_another_version_of_the_code_derives_everything_again(folder, monkeypatch):
    load_folder(folder)
    before = derivedcache.code_version()
    monkeypatch.setattr(derivedcache, "_code_version", None)
    monkeypatch.setattr(derivedcache, "CACHE_FORMAT", derivedcache.CACHE_FORMAT + 1)
    assert derivedcache.code_version() != before
    outcome = load_folder(folder)
    assert not outcome.from_cache and outcome.parsed == 3


def test_the_code_version_covers_the_loading_code(monkeypatch, tmp_path):
    # a copy of the package with one byte of the loader changed has another code version
    package = Path(derivedcache.__file__).resolve().parents[1]
    copy = tmp_path / "universe"
    for name in ("storage", "story"):
        shutil.copytree(package / name, copy / name, ignore=shutil.ignore_patterns("__pycache__", "schema"))
    shutil.copy(package / "errors.py", copy / "errors.py")
    fake = copy / "storage" / "derivedcache.py"
    monkeypatch.setattr(derivedcache, "__file__", str(fake))
    monkeypatch.setattr(derivedcache, "_code_version", None)
    same_code = derivedcache.code_version()
    loader = copy / "storage" / "loader.py"
    loader.write_text(loader.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    monkeypatch.setattr(derivedcache, "_code_version", None)
    assert derivedcache.code_version() != same_code


def _forged(entry: Path, change) -> None:
    """Rewrite the universe entry with its body changed by `change` and a new SHA-256."""
    raw = entry.read_bytes()
    header, _, body = raw.partition(b"\n")
    data = json.loads(body)
    change(data)
    body = json.dumps(data).encode()
    header = json.loads(header)
    import hashlib

    header["sha256"] = hashlib.sha256(body).hexdigest()
    entry.write_bytes(json.dumps(header).encode() + b"\n" + body)


def _rename_first_entity(data):
    if data.get("universe") is not None:
        data["universe"]["entities"][0][2] = "Forged"
    else:  # the records are in the kept builds: the universe's own part forged instead
        data["assembled"]["header"]["title"] = "Forged"


HOSTILE_ENTRIES = {
    "truncated": lambda e: e.write_bytes(e.read_bytes()[:-50]),
    "garbage": lambda e: e.write_bytes(os.urandom(4096)),
    "empty": lambda e: e.write_bytes(b""),
    "a flipped byte": lambda e: e.write_bytes(e.read_bytes().replace(b"Tiny", b"Tinz", 1)),
    "forged with a checksum": lambda e: _forged(e, _rename_first_entity),
    "deep nesting": lambda e: e.write_bytes(b"[" * 200_000 + b"]" * 200_000),
    "a link to /dev/zero": lambda e: (e.unlink(), e.symlink_to("/dev/zero")),
    "a fifo": lambda e: (e.unlink(), os.mkfifo(e)),
    "a folder": lambda e: (e.unlink(), e.mkdir()),
}


@pytest.mark.parametrize("damage", HOSTILE_ENTRIES)
def test_a_corrupt_or_hostile_universe_entry_is_ignored_and_rebuilt(folder, damage):
    load_folder(folder)
    entry = universe_entry(folder)
    HOSTILE_ENTRIES[damage](entry)
    assert os.path.lexists(entry)
    outcome = load_folder(folder)
    assert not outcome.from_cache
    same(outcome.universe, built(folder))
    assert "Forged" not in {e.name for e in outcome.universe.entities.values()} | {outcome.universe.title}
    if damage != "a folder":
        assert load_folder(folder).from_cache  # rebuilt in place (a link replaced, never followed)


def test_a_hostile_entry_with_a_valid_signature_but_wrong_types_is_rebuilt(folder, monkeypatch):
    load_folder(folder)
    raw = universe_entry(folder).read_bytes()
    header, _, body = raw.partition(b"\n")
    header = json.loads(header)
    for change in (lambda d: d["assembled"]["header"].__setitem__("title", 42),
                   lambda d: d["assembled"]["entity_revealed"].__setitem__(0, 10_000),
                   lambda d: d["assembled"]["statement_revealed"].append(0),
                   lambda d: d["assembled"]["ids"].append([10_000, "x"]),
                   lambda d: d["assembled"]["dropped"].__setitem__(0, [-1]),
                   lambda d: d["assembled"]["builds"].reverse(),
                   lambda d: d["assembled"]["header"]["kinds"].clear(),
                   lambda d: d.__setitem__("problems", [["x", "one", "message", "error"]])):
        data = json.loads(body)
        change(data)
        forged = json.dumps(data).encode()
        header["hmac"] = derivedcache._signature(forged)  # as if the key had leaked
        universe_entry(folder).write_bytes(json.dumps(header).encode() + b"\n" + forged)
        outcome = load_folder(folder)
        assert not outcome.from_cache
        same(outcome.universe, built(folder))


def test_a_forged_parse_of_one_file_is_not_trusted(folder):
    load_folder(folder)
    universe_entry(folder).unlink()
    for entry in (folder / ".cache" / "files").iterdir():
        header, _, body = entry.read_bytes().partition(b"\n")
        data = json.loads(body)
        text = json.dumps(data).replace("Eve Actor", "Forged")
        entry.write_bytes(header + b"\n" + text.encode())
    assert "Forged" not in _entity_names(folder)


def test_the_cache_is_git_ignored_and_can_be_turned_off(folder, monkeypatch):
    subprocess.run(["git", "init", "-q", str(folder)], check=True)
    load_folder(folder)
    status = subprocess.run(["git", "-C", str(folder), "status", "--porcelain", "--untracked-files=all"],
                            check=True, capture_output=True, text=True).stdout
    assert ".cache" not in status and "universe.yaml" in status
    shutil.rmtree(folder / ".cache")
    monkeypatch.setenv("UNIVERSE_CACHE", "off")
    assert not load_folder(folder).from_cache and not load_folder(folder).from_cache
    assert not (folder / ".cache").exists()


def test_the_app_and_a_command_run_elsewhere_keep_an_entry_each(folder, tmp_path, monkeypatch):
    elsewhere = Path.cwd()
    load_folder(folder)  # files named by absolute paths (outside the working folder)
    monkeypatch.chdir(folder)
    inside = load_folder(folder)  # named relative to it
    assert not inside.from_cache and inside.parsed == 0 and inside.universe.entities["eve"].origin == "people.yaml"
    assert len(list((folder / ".cache").glob("universe-*.json"))) == 2
    monkeypatch.chdir(elsewhere)
    assert load_folder(folder).from_cache
    monkeypatch.chdir(folder)
    assert load_folder(folder).from_cache


def test_stale_temporary_files_and_old_entries_are_pruned(folder, monkeypatch):
    load_folder(folder)
    stale = folder / ".cache" / ".universe-x.json.1234.tmp"
    stale.write_bytes(b"half")
    os.utime(stale, (1, 1))
    fresh = folder / ".cache" / "files" / ".abc.json.5678.tmp"
    fresh.write_bytes(b"being written")
    for name in range(6):
        (folder / ".cache" / f"universe-old{name}.json").write_bytes(b"x")
        os.utime(folder / ".cache" / f"universe-old{name}.json", (name + 10, name + 10))
    (folder / "people.yaml").write_text("entities: []\n", encoding="utf-8")
    load_folder(folder)
    names = sorted(p.name for p in (folder / ".cache").glob("universe-*.json"))
    assert len(names) == 4 and "universe-old5.json" in names and "universe-old0.json" not in names
    assert not stale.exists() and fresh.exists()


def test_a_cache_folder_elsewhere_keeps_the_universe_folder_untouched(folder, tmp_path, monkeypatch):
    monkeypatch.setenv("UNIVERSE_CACHE_DIR", str(tmp_path / "elsewhere"))
    load_folder(folder)
    assert load_folder(folder).from_cache
    assert not (folder / ".cache").exists() and any((tmp_path / "elsewhere").iterdir())


def test_a_link_where_the_cache_folder_goes_is_never_written_through(folder, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (folder / ".cache").symlink_to(outside, target_is_directory=True)
    assert load_folder(folder).universe is not None
    assert not load_folder(folder).from_cache
    assert list(outside.iterdir()) == []


def test_an_invalid_universe_is_cached_with_its_problems(folder):
    path = folder / "people.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("kind: person", "kind: nobody"), encoding="utf-8")
    first = load_folder(folder)
    second = load_folder(folder)
    assert first.universe is None and second.universe is None and second.from_cache
    assert second.problems == first.problems and any("unknown kind 'nobody'" in p.message for p in second.problems)
