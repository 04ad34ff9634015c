"""The derived cache keeps each file's shape-checked documents: after an edit only the edited file
is checked again, a file with problems is checked every time, `check` says the same with the
cache on and off, and a forged entry is checked again, never trusted."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from cached import built, same, tiny_folder, universe_entry
from universes import hostile_documents

from universe.exchange.generate import generated_documents, write_documents
from universe.storage import derivedcache
from universe.storage.derivedcache import load_folder
from universe.storage.store import BUNDLED, check_universe, data_dir


@pytest.fixture
def folder(tmp_path) -> Path:
    return tiny_folder(tmp_path)


def _generated(tmp_path) -> Path:
    return write_documents(tmp_path / "generated", *generated_documents(300, 1500, 300, chunk=400))


def _counting_shape_checks(monkeypatch) -> list[str]:
    """The fact files whose shape pydantic checks from now on (by label)."""
    from universe.storage import loader

    checked, check = [], loader.check_facts

    def counting(label, *args):
        checked.append(label)
        return check(label, *args)

    monkeypatch.setattr(loader, "check_facts", counting)
    return checked


def test_an_edit_of_one_file_checks_the_shape_of_that_file_alone(tmp_path, monkeypatch):
    folder = _generated(tmp_path)
    facts = sorted(folder.glob("*-*.yaml"))
    checked = _counting_shape_checks(monkeypatch)
    first = load_folder(folder)
    assert first.validated == len(facts) == len(checked) > 3
    path = sorted(folder.glob("entities-*.yaml"))[0]
    path.write_text(path.read_text(encoding="utf-8").replace("name: ", "name: Edited ", 1), encoding="utf-8")
    checked.clear()
    outcome = load_folder(folder)
    assert not outcome.from_cache and outcome.parsed == 1 and outcome.validated == 1
    assert checked == [str(path)] or [Path(label).name for label in checked] == [path.name]
    same(outcome.universe, built(folder))
    assert any(e.name.startswith("Edited ") for e in outcome.universe.entities.values())
    (folder / ".cache").joinpath(universe_entry(folder).name).unlink()  # no universe entry: every file from its entry
    checked.clear()
    again = load_folder(folder)
    assert again.parsed == 0 and again.validated == 0 and checked == []
    same(again.universe, built(folder))


def test_a_file_with_shape_problems_is_checked_again_each_time(folder, monkeypatch):
    path = folder / "people.yaml"
    path.write_text("entities:\n  - {id: eve, kind: person, name: Eve Actor, colour: red}\n", encoding="utf-8")
    first = load_folder(folder)
    universe_entry(folder).unlink()
    checked = _counting_shape_checks(monkeypatch)
    second = load_folder(folder)
    assert [Path(label).name for label in checked] == ["people.yaml"]
    assert second.problems == first.problems and any("unknown key 'colour'" in p.message for p in second.problems)


def _edit(path: Path, change) -> None:
    from universe.storage.yamlfile import dump_yaml, read_yaml

    data = read_yaml(path)[0] or {}
    change(data)
    path.write_text(dump_yaml(data), encoding="utf-8")


def _without_cache(folder: Path, monkeypatch):
    monkeypatch.setenv("UNIVERSE_CACHE", "off")
    try:
        return load_folder(folder)
    finally:
        monkeypatch.delenv("UNIVERSE_CACHE")


@pytest.mark.parametrize("documents", ["hostile", "generated", "bundled"])
def test_check_reports_the_same_problems_with_and_without_the_cache_after_edits(tmp_path, monkeypatch, documents):
    if documents == "bundled":
        folder = tmp_path / BUNDLED
        shutil.copytree(data_dir() / BUNDLED, folder, ignore=shutil.ignore_patterns(".cache", ".history"))
    elif documents == "hostile":
        folder = write_documents(tmp_path / "hostile", *hostile_documents())
    else:
        folder = _generated(tmp_path)
    universe = load_folder(folder).universe
    kind = next(iter(universe.kinds))
    relation = next(r for r, t in universe.relations.items() if not t.value)
    files = sorted(p for p in folder.rglob("*.yaml") if p.name != "universe.yaml" and ".cache" not in p.parts)
    first, last = files[0], files[-1]
    edits = [
        (first, lambda d: d.setdefault("entities", []).append({"id": "bad-one", "kind": kind, "name": 12, "colour": "red"})),
        (last, lambda d: d.setdefault("statements", []).append({"subject": "bad-one", "relation": relation, "object": "nobody-here"})),
        (last, lambda d: d.setdefault("statements", []).append({"subject": "also-nobody", "relation": relation, "object": "bad-one", "evidence": "Fan Theory"})),
        (first, lambda d: d["entities"][-1].pop("colour")),
        (first, lambda d: d["entities"][-1].__setitem__("kind", "no-such-kind")),
        (first, lambda d: d["entities"][-1].__setitem__("kind", kind)),
        (last, lambda d: d.__setitem__("statements", d["statements"][:-2])),
    ]
    for number, (path, change) in enumerate(edits):
        _edit(path, change)
        cached = load_folder(folder)
        # the edited file, and the first while its shape is wrong (a file with problems is checked again)
        assert not cached.from_cache and cached.parsed == 1 and cached.validated == (2 if number in (1, 2) and first != last else 1)
        plain = _without_cache(folder, monkeypatch)
        assert cached.problems == plain.problems, number
        assert check_universe(folder) == plain.problems
        assert (cached.universe is None) == (plain.universe is None), number
        if plain.universe is not None:
            same(cached.universe, plain.universe)


def _resign(entry: Path, change) -> None:
    header, _, body = entry.read_bytes().partition(b"\n")
    header = json.loads(header)
    data = json.loads(body)
    change(data)
    forged = json.dumps(data).encode()
    header["hmac"] = derivedcache._signature(forged)  # as if the key had leaked
    entry.write_bytes(json.dumps(header).encode() + b"\n" + forged)


FORGED_SHAPES = {
    "a number for a name": lambda s: s["entities"][0][1].__setitem__(2, 42),
    "an empty kind": lambda s: s["entities"][0][1].__setitem__(1, ""),
    "an unknown evidence level": lambda s: s["entities"][0][1].__setitem__(6, "gossip"),
    "a short row": lambda s: s["entities"][0].__setitem__(1, ["eve"]),
    "a mapping for sources": lambda s: s["entities"][0][1].__setitem__(7, {"x": 1}),
    "an index that is text": lambda s: s["entities"][0].__setitem__(0, "0"),
    "no list": lambda s: s.__setitem__("entities", "eve"),
}


@pytest.mark.parametrize("damage", FORGED_SHAPES)
def test_a_forged_shape_entry_with_a_valid_signature_is_checked_again(folder, monkeypatch, damage):
    load_folder(folder)
    universe_entry(folder).unlink()
    shutil.rmtree(folder / ".cache" / "builds")  # no kept builds: every file from its shape entry
    forged = 0
    for entry in (folder / ".cache" / "files").iterdir():
        body = json.loads(entry.read_bytes().partition(b"\n")[2])
        if body.get("shapes", {}).get("entities"):
            _resign(entry, lambda data: FORGED_SHAPES[damage](data["shapes"]))
            forged += 1
    checked = _counting_shape_checks(monkeypatch)
    outcome = load_folder(folder)
    assert outcome.validated == len(checked) == forged == 2  # facts.yaml and people.yaml hold entities
    same(outcome.universe, built(folder))
