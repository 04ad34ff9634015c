"""The layout of the derived cache's entries: an entry of an earlier format or layout is rebuilt,
never misread, and a kept build's second part (its line index and what only an assembly after an
edit reads, parsed when first needed) is never trusted when it is bad, signed or not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cached import build_data, built, resign_build, same, tiny_folder, universe_entry

from universe.storage import derivedcache
from universe.storage.derivedcache import BuildMemory, load_folder


def _resign(entry: Path, change_header=None, change_body=None) -> None:
    """Rewrite a cache entry and sign it again with this user's key (as the code that wrote the
    earlier format would have)."""
    header, _, body = entry.read_bytes().partition(b"\n")
    header = json.loads(header)
    if change_body is not None:
        data = json.loads(body)
        change_body(data)
        body = json.dumps(data).encode()
    if change_header is not None:
        change_header(header)
    header["hmac"] = derivedcache._signature(body)
    entry.write_bytes(json.dumps(header).encode() + b"\n" + body)


def _every_entry(folder: Path) -> list[Path]:
    return [universe_entry(folder), *sorted((folder / ".cache" / "builds").glob("*.json"))]


def test_entries_of_the_earlier_format_are_rebuilt_not_read(tmp_path):
    folder = tiny_folder(tmp_path)
    load_folder(folder)
    for entry in _every_entry(folder):
        _resign(entry, change_header=lambda header: header.__setitem__("format", 1))
    outcome = load_folder(folder)
    assert not outcome.from_cache and outcome.built == 2
    same(outcome.universe, built(folder))
    assert load_folder(folder).from_cache


def _unpacked(build: dict) -> None:
    """A build as the earlier format wrote it: every statement column a list, no count."""
    columns = build["statements"]
    count = columns.pop("count")
    for name, column in columns.items():
        if type(column) is dict:
            columns[name] = [column["each"]] * count


def test_a_build_in_the_earlier_layout_is_rebuilt_not_misread(tmp_path):
    folder = tiny_folder(tmp_path)
    load_folder(folder)
    builds = sorted((folder / ".cache" / "builds").glob("*.json"))
    assert any(type(c) is dict for b in builds for c in build_data(b)[1]["build"]["statements"].values())
    for entry in builds:
        resign_build(entry, _unpacked)
    outcome = load_folder(folder)
    assert not outcome.from_cache and outcome.built == 2
    same(outcome.universe, built(folder))
    again = load_folder(folder)
    assert again.from_cache
    same(again.universe, built(folder))


def test_a_build_in_one_part_is_rebuilt_not_misread(tmp_path):
    """Every part in one JSON text, as the earlier format kept a build: signed, but not read."""
    folder = tiny_folder(tmp_path)
    load_folder(folder)
    for entry in sorted((folder / ".cache" / "builds").glob("*.json")):
        header, first, second = build_data(entry)
        body = json.dumps({"index": second["index"], "build": {**first["build"], **second["build"]}}).encode()
        header["hmac"] = derivedcache._signature(body)
        entry.write_bytes(json.dumps(header).encode() + b"\n" + body)
    universe_entry(folder).unlink()
    outcome = load_folder(folder)
    assert outcome.built == 2
    same(outcome.universe, built(folder))


def _second_part(change):
    """A damage of a build's second part, signed again with this user's key."""

    def damage(entry: Path) -> None:
        header, _, body = entry.read_bytes().partition(b"\n")
        first, _, second = body.partition(b"\n")
        body = first + b"\n" + change(second)
        header = json.loads(header)
        header["hmac"] = derivedcache._signature(body)
        entry.write_bytes(json.dumps(header).encode() + b"\n" + body)

    return damage


def _changed(change):
    def apply(second: bytes) -> bytes:
        data = json.loads(second)
        change(data)
        return json.dumps(data).encode()

    return apply


BAD_SECOND_PARTS = {
    "garbage, signed": _second_part(lambda second: b"not json at all"),
    "a list, signed": _second_part(lambda second: b"[]"),
    "no line index, signed": _second_part(_changed(lambda data: data.pop("index"))),
    "a flag that is text, signed": _second_part(_changed(lambda data: data["build"]["revealed_given"].__setitem__(0, "yes"))),
    "a short column, signed": _second_part(_changed(lambda data: data["build"]["revealed_given"].append(True))),
    "a story point out of range, signed": _second_part(_changed(lambda data: data["build"].__setitem__("revealed", {"each": 10_000}))),
    "a packed column of text, signed": _second_part(_changed(lambda data: data["build"].__setitem__("revealed", {"each": "1"}))),
}


@pytest.mark.parametrize("damage", BAD_SECOND_PARTS)
def test_a_bad_second_part_of_a_build_is_never_trusted(tmp_path, damage):
    """A warm load reads no build's second part; the first load that needs it (an edit, with the
    builds remembered from the warm load) finds it bad and builds the file again."""
    folder = tiny_folder(tmp_path)
    load_folder(folder)
    builds = sorted((folder / ".cache" / "builds").glob("*.json"))
    for entry in builds:
        BAD_SECOND_PARTS[damage](entry)
    memory = BuildMemory()
    warm = load_folder(folder, memory)
    assert warm.from_cache
    same(warm.universe, built(folder))
    (folder / "people.yaml").write_text("entities:\n  - {id: eve, kind: person, name: Eve Again}\n", encoding="utf-8")
    edited = load_folder(folder, memory)
    assert not edited.from_cache and edited.universe.entities["eve"].name == "Eve Again"
    assert edited.built == 2 and edited.recalled == 0  # facts.yaml's build not taken as it was
    same(edited.universe, built(folder))
    universe_entry(folder).unlink()
    again = load_folder(folder)  # every build read from disk, whole: made again in place
    assert again.built == 0
    same(again.universe, built(folder))


def test_an_unsigned_change_of_a_second_part_is_a_miss(tmp_path):
    folder = tiny_folder(tmp_path)
    load_folder(folder)
    for entry in sorted((folder / ".cache" / "builds").glob("*.json")):
        entry.write_bytes(entry.read_bytes().replace(b'"revealed_given":[', b'"revealed_given":[true,'))
    outcome = load_folder(folder)
    assert not outcome.from_cache and outcome.built == 2
    same(outcome.universe, built(folder))


def test_a_first_part_that_holds_its_own_second_part_is_not_read(tmp_path):
    """A signed build in one text whose mapping names a ``later`` part (with a line index) is not
    a build: its second part is only ever the entry's second JSON text."""
    folder = tiny_folder(tmp_path)
    load_folder(folder)
    for entry in sorted((folder / ".cache" / "builds").glob("*.json")):
        header, first, second = build_data(entry)
        body = json.dumps({**first, "later": second}).encode()
        header["hmac"] = derivedcache._signature(body)
        entry.write_bytes(json.dumps(header).encode() + b"\n" + body)
    from universe.storage.fileentries import FileEntries
    from universe.storage.folder import read_folder

    files = read_folder(folder)
    entries = FileEntries(derivedcache._Store(derivedcache.cache_folder(folder)), derivedcache.code_version(), files)
    assert [entries.kept(file) for file in files.facts] == [None] * len(files.facts)  # the file is parsed instead
    universe_entry(folder).unlink()
    outcome = load_folder(folder)
    assert outcome.built == 2
    same(outcome.universe, built(folder))
