"""The derived cache's kept builds (each fact file's records, built alone): used when the file and
universe.yaml are unchanged, made again when either changes, pruned with their file, and a
corrupt, forged or hostile build is ignored and rebuilt, never trusted."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from cached import built, resign_build, same, tiny_folder, universe_entry

from universe.storage.derivedcache import load_folder


@pytest.fixture
def folder(tmp_path) -> Path:
    return tiny_folder(tmp_path)


def _builds(folder: Path) -> list[Path]:
    return sorted((folder / ".cache" / "builds").glob("*.json"))


def _from_builds(folder: Path):
    """A load with no universe entry: every unchanged fact file from its kept build."""
    universe_entry(folder).unlink()
    return load_folder(folder)


def test_unchanged_files_come_from_their_builds(folder):
    first = load_folder(folder)
    assert first.built == 2 and len(_builds(folder)) == 2  # facts.yaml and people.yaml
    outcome = _from_builds(folder)
    assert (outcome.parsed, outcome.validated, outcome.built) == (0, 0, 0)
    same(outcome.universe, built(folder))


def test_an_edit_of_universe_yaml_builds_every_file_again_and_prunes_the_old_builds(folder):
    load_folder(folder)
    old = set(_builds(folder))
    path = folder / "universe.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("title: Tiny", "title: Tiny again"), encoding="utf-8")
    outcome = load_folder(folder)
    assert outcome.built == 2 and outcome.universe.title == "Tiny again"
    assert old.isdisjoint(_builds(folder)) and len(_builds(folder)) == 2
    same(outcome.universe, built(folder))


def test_a_removed_file_takes_its_build_with_it(folder):
    load_folder(folder)
    (folder / "people.yaml").unlink()
    outcome = load_folder(folder)
    assert outcome.built == 0 and len(_builds(folder)) == 1
    same(outcome.universe, built(folder))


HOSTILE_BUILDS = {
    "truncated": lambda e: e.write_bytes(e.read_bytes()[:-40]),
    "garbage": lambda e: e.write_bytes(os.urandom(2048)),
    "a changed name, unsigned": lambda e: e.write_bytes(e.read_bytes().replace(b"Alice", b"Forged", 1)),
    "a link to /dev/zero": lambda e: (e.unlink(), e.symlink_to("/dev/zero")),
    "a fifo": lambda e: (e.unlink(), os.mkfifo(e)),
    "signed, a number for a name": lambda e: resign_build(e, lambda b: b["entities"][0].__setitem__(2, 42)),
    "signed, another timeline": lambda e: resign_build(e, lambda b: b.__setitem__("points", b["points"] + 1)),
    "signed, an unknown relation": lambda e: resign_build(e, lambda b: b["statements"]["relation"].__setitem__(0, "no-such") if b["keys"] else b["entities"].__setitem__(0, [])),
    "signed, a short column": lambda e: resign_build(e, lambda b: b["keys"].append("one-more") if b["keys"] else b["revealed_given"].append(True)),
    "signed, a story point out of range": lambda e: resign_build(e, lambda b: b["entities"][0].__setitem__(5, 10_000)),
    "signed, a flag that is text": lambda e: resign_build(e, lambda b: b["revealed_given"].__setitem__(0, "yes")),
}


@pytest.mark.parametrize("damage", HOSTILE_BUILDS)
def test_a_corrupt_or_forged_build_is_ignored_and_made_again(folder, damage):
    load_folder(folder)
    damaged = 0
    for entry in _builds(folder):
        before = entry.read_bytes()
        HOSTILE_BUILDS[damage](entry)
        damaged += entry.is_symlink() or not entry.is_file() or entry.read_bytes() != before
    outcome = _from_builds(folder)
    same(outcome.universe, built(folder))
    assert damaged and "Forged" not in {e.name for e in outcome.universe.entities.values()}
    assert outcome.built == (2 if damage.startswith("signed") else damaged)  # a forged one that decodes: all again
    again = _from_builds(folder)  # made again in place (a link replaced, never followed)
    assert again.built == 0
    same(again.universe, built(folder))


def _entry_body(folder: Path) -> dict:
    return json.loads(universe_entry(folder).read_bytes().partition(b"\n")[2])


def test_the_universe_entry_points_at_the_builds_and_holds_the_whole_universe_when_one_is_missing(folder, monkeypatch):
    from universe.storage import fileentries

    load_folder(folder)
    body = _entry_body(folder)
    assert body["universe"] is None and len(body["assembled"]["builds"]) == 2
    warm = load_folder(folder)
    assert warm.from_cache
    same(warm.universe, built(folder))
    monkeypatch.setattr(fileentries, "_plain_attributes", lambda build: False)  # as for values JSON would change
    (folder / "people.yaml").write_text("entities:\n  - {id: eve, kind: person, name: Eve Again}\n", encoding="utf-8")
    load_folder(folder)
    body = _entry_body(folder)
    assert "assembled" not in body and body["universe"]["entities"]
    warm = load_folder(folder)
    assert warm.from_cache and warm.universe.entities["eve"].name == "Eve Again"
    same(warm.universe, built(folder))


def test_a_universe_entry_whose_build_is_gone_is_derived_again(folder):
    load_folder(folder)
    _builds(folder)[0].unlink()
    outcome = load_folder(folder)
    assert not outcome.from_cache and outcome.built == 1
    same(outcome.universe, built(folder))
    assert load_folder(folder).from_cache
