"""After an edit through the app's editor, the next page re-derives only what the edit touched:
the edited file is parsed, shape-checked and built again, every other file comes from the
derived cache (counted by the load the page made, never timed)."""

from __future__ import annotations

import gc
import os
import weakref
from pathlib import Path

import pytest
from apptest import plain
from cached import same

from universe.exchange.generate import generated_documents, write_documents
from universe.storage.derivedcache import BuildMemory, load_folder
from universe.storage.universecodec import encode_universe
from universe.views import loading
from universe.writing.editing import read_entity


@pytest.fixture
def folder(tmp_path, data_root) -> Path:
    write_documents(tmp_path / "generated", *generated_documents(60, 300, 60, chunk=15))
    data_root(tmp_path)
    return tmp_path / "generated"


@pytest.fixture
def loads(monkeypatch) -> list[str]:
    """The folders the app loads from now on (each a load through the derived cache)."""
    made, load_outcome = [], loading.load_outcome

    def counting(folder, memory=None):
        made.append(str(folder))
        return load_outcome(folder, memory)

    monkeypatch.setattr(loading, "load_outcome", counting)
    return made


def _open_editor(explorer, entity: str):
    at = explorer.open("wiki", entity=entity, as_of="everything")
    at.toggle(key="editor.open").set_value(True)
    at.session_state["editor.tabs"] = "Names and description"
    return at.run()


def test_the_page_after_an_edit_in_the_app_derives_the_edited_file_alone(explorer, folder, loads, monkeypatch):
    facts = sorted(p for p in folder.glob("*.yaml") if p.name != "universe.yaml")
    assert len(facts) > 5
    at = _open_editor(explorer, "char-0")
    assert not at.exception and loads  # the first page loaded the universe (and kept each file's build)
    loads.clear()
    prefix = f"editor.char-0.{read_entity(folder, 'char-0').version}.page"
    at.text_input(key=f"{prefix}.name").input("Renamed In The App")
    at = [b for b in at.button if plain(b.label) == "Save"][0].click().run()
    assert not at.exception and [plain(s.value) for s in at.success] == ["Saved the page."]
    assert loads == [str(folder)]  # the page after the save loaded the edited folder, once
    loaded = loading.load(folder)  # the same load, from the app's memory
    assert loads == [str(folder)]
    assert loaded.universe.entities["char-0"].name == "Renamed In The App"
    assert (loaded.parsed, loaded.validated, loaded.built) == (1, 1, 1)
    assert loaded.recalled == len(facts) - 1  # every other file's build from the app's memory, none read from disk
    _as_from_the_files(loaded, folder, monkeypatch)


def _as_from_the_files(loaded, folder: Path, monkeypatch) -> None:
    """`loaded` is exactly what a load of the folder with the cache off gives."""
    monkeypatch.setenv("UNIVERSE_CACHE", "off")
    plain = load_folder(folder)
    monkeypatch.delenv("UNIVERSE_CACHE")
    assert loaded.universe is not None and plain.universe is not None
    assert encode_universe(loaded.universe) == encode_universe(plain.universe)
    assert list(loaded.universe.warnings) == plain.problems
    same(loaded.universe, plain.universe)


def test_an_edit_in_a_file_while_the_app_runs_reads_only_that_file(explorer, folder, loads, monkeypatch):
    """A file edited outside the app: the next page's load takes every other build from memory,
    gives what the files give, and the app keeps only the folder's new version."""
    at = explorer.open("overview")
    assert not at.exception and loads
    before = loading.load(folder)
    first = weakref.ref(before.universe)
    path = sorted(folder.glob("entities-*.yaml"))[-1]
    path.write_text(path.read_text(encoding="utf-8").replace("name: ", "name: Edited Outside ", 1), encoding="utf-8")
    at = explorer.open("overview")
    assert not at.exception
    loaded = loading.load(folder)
    assert (loaded.parsed, loaded.validated, loaded.built) == (1, 1, 1)
    facts = [p for p in folder.glob("*.yaml") if p.name != "universe.yaml"]
    assert loaded.recalled == len(facts) - 1
    _as_from_the_files(loaded, folder, monkeypatch)


def test_the_app_keeps_one_version_of_a_folder(folder):
    """An edited folder's earlier version is dropped from the app's shared cache (it kept sixteen
    versions, a million objects each at 20,000 entities); the new version's load takes the
    unchanged files' builds from memory, which holds one version per folder too."""
    loading._load.clear()
    loading.MEMORY.forget()
    first = loading.load(folder)
    assert first.universe is not None and len(loading.MEMORY) == 1
    assert loading.load(folder) is first  # the same version: the same object
    old = weakref.ref(first.universe)
    path = sorted(folder.glob("entities-*.yaml"))[0]
    for number in range(3):
        path.write_text(path.read_text(encoding="utf-8").replace("name: ", f"name: Edit {number} ", 1), encoding="utf-8")
        loaded = loading.load(folder)
        assert loaded.universe is not None and (loaded.parsed, loaded.built) == (1, 1)
        assert loaded.recalled == len([p for p in folder.glob("*.yaml") if p.name != "universe.yaml"]) - 1
    del first
    gc.collect()
    assert old() is None  # nothing kept the first version alive
    assert len(loading.MEMORY) == 1


def test_the_memory_keeps_the_last_folders_loaded(tmp_path):
    memory = BuildMemory(folders=2)
    folders = [write_documents(tmp_path / f"g{n}", *generated_documents(20, 60, 20, chunk=10)) for n in range(3)]
    for folder in folders:
        load_folder(folder, memory)
    assert len(memory) == 2 and memory.recall(os.path.abspath(folders[0] / ".cache")) is None
    assert load_folder(folders[0], memory).recalled == 0  # forgotten: read from disk
    assert load_folder(folders[2], memory).recalled == len([p for p in folders[2].glob("*.yaml") if p.name != "universe.yaml"])


def test_an_edit_frees_what_the_pages_cached_for_the_version_before(explorer, folder):
    """The pages' caches shared by every session (snapshots, summaries, profiles, graphs, paths:
    each keyed by a version of the folder) drop an edited folder's earlier version with the load:
    nothing they hold keeps it alive (at 20,000 entities a version is a million objects, and each
    edit in the app made one more)."""
    for page, params in (("overview", {}), ("wiki", {"entity": "char-0"}), ("timeline", {}), ("survivors", {}),
                         ("connections", {}), ("graph", {})):
        at = explorer.open(page, as_of="everything", **params)
        assert not at.exception, (page, at.exception)
    shown = at.session_state["state.view"].universe
    assert loading.load(folder).universe is shown  # the version the pages cached their views of
    old = weakref.ref(shown)
    del at, shown  # a session keeps its own last view until its next run; this one is closed
    path = sorted(folder.glob("entities-*.yaml"))[0]
    path.write_text(path.read_text(encoding="utf-8").replace("name: ", "name: Edited ", 1), encoding="utf-8")
    at = explorer.open("overview", as_of="everything")
    assert not at.exception
    assert any(entity.name.startswith("Edited ") for entity in loading.load(folder).universe.entities.values())
    gc.collect()
    assert old() is None
