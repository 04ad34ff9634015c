"""After an edit through the app's editor, the next page re-derives only what the edit touched:
the edited file is parsed, shape-checked and built again, every other file comes from the
derived cache (counted by the load the page made, never timed)."""

from __future__ import annotations

from pathlib import Path

import pytest
from apptest import plain

from universe.exchange.generate import generated_documents, write_documents
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

    def counting(folder):
        made.append(str(folder))
        return load_outcome(folder)

    monkeypatch.setattr(loading, "load_outcome", counting)
    return made


def _open_editor(explorer, entity: str):
    at = explorer.open("wiki", entity=entity, as_of="everything")
    at.toggle(key="editor.open").set_value(True)
    at.session_state["editor.tabs"] = "Names and description"
    return at.run()


def test_the_page_after_an_edit_in_the_app_derives_the_edited_file_alone(explorer, folder, loads):
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
