"""Canon editing on wiki pages under AppTest: the forms write through universe.editing, invalid
edits and stale edits are refused with a message and write nothing, undo steps back, and a
read-only deployment shows no editor."""

from __future__ import annotations

import pytest
from apptest import Explorer, plain
from universes import HOSTILE, hostile_documents

from universe.exchange.generate import tiny_documents, write_documents
from universe.storage.store import load_universe
from universe.writing.editing import edit_entity, read_entity


@pytest.fixture
def explorer(explorer):
    """A writer's explorer: no spoiler limit unless a test sets one (a first visit starts at the
    first story point)."""

    class Writer(type(explorer)):
        def open(self, page: str = "overview", **params: str):
            params.setdefault("as_of", "everything")
            return super().open(page, **params)

    return Writer()


@pytest.fixture
def folder(tmp_path, data_root):
    write_documents(tmp_path / "tiny", *tiny_documents())
    data_root(tmp_path)
    return tmp_path / "tiny"


def clean(at):
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error] + [c.value for c in at.code]
    return at


def click(at, label: str):
    buttons = [b for b in at.button if plain(b.label) == label]  # labels are Markdown, escaped
    assert buttons, f"no button {label!r} in {[b.label for b in at.button]}"
    return buttons[0].click().run()


def edit(at, section: str = "Names and description"):
    """Open the editor of the page at `section` (only the open section runs)."""
    at.toggle(key="editor.open").set_value(True)
    at.session_state["editor.tabs"] = section
    return at.run()


def page_prefix(folder, entity: str) -> str:
    return f"editor.{entity}.{read_entity(folder, entity).version}"


def successes(at) -> list[str]:
    return [plain(s.value) for s in at.success]


def test_edit_names_and_description(explorer, folder):
    at = clean(edit(explorer.open("wiki", entity="bob")))
    prefix = page_prefix(folder, "bob") + ".page"
    at.text_input(key=f"{prefix}.name").input("Robert")
    at.text_input(key=f"{prefix}.aliases").input("Bob; Bobby")
    at.text_area(key=f"{prefix}.description").input("A friend of Alice.")
    at = clean(click(at, "Save"))
    assert successes(at) == ["Saved the page."]
    bob = load_universe(folder).entities["bob"]
    assert (bob.name, [a.name for a in bob.aliases], bob.text) == ("Robert", ["Bob", "Bobby"], "A friend of Alice.")
    assert at.title[0].value == "Robert"


def test_aliases_with_their_own_reveal_point_keep_it(explorer, folder):
    at = edit(explorer.open("wiki", entity="alice"))
    prefix = page_prefix(folder, "alice") + ".page"
    assert at.text_input(key=f"{prefix}.aliases").value == "Ali; The Ghost"
    at.text_input(key=f"{prefix}.aliases").input("The Ghost")
    clean(click(at, "Save"))
    assert read_entity(folder, "alice").data["aliases"] == [{"name": "The Ghost", "revealed": "S1E3"}]


def test_add_edit_and_remove_a_status_change(explorer, folder):
    at = edit(explorer.open("wiki", entity="bob"), "Status changes")
    prefix = page_prefix(folder, "bob") + ".status.new"
    at.selectbox(key=f"{prefix}.at").set_value("S1E3")
    at.selectbox(key=f"{prefix}.status").set_value("infected")
    at.text_input(key=f"{prefix}.note").input("Bitten in the gym.")
    at = clean(click(at, "Add the status change"))
    assert read_entity(folder, "bob").data["status"] == [
        {"at": "S1E1", "status": "alive"}, {"at": "S1E3", "status": "infected", "note": "Bitten in the gym."}]
    assert load_universe(folder).as_of("S1E3").status_at("bob") == "infected"
    at.selectbox(key="editor.bob.status").set_value(1).run()
    prefix = page_prefix(folder, "bob") + ".status.1"
    at.selectbox(key=f"{prefix}.status").set_value("dead")
    at = clean(click(at, "Save this status change"))
    assert read_entity(folder, "bob").data["status"][1]["status"] == "dead"
    at.selectbox(key="editor.bob.status").set_value(1).run()
    at = clean(click(at, "Remove this status change"))
    assert read_entity(folder, "bob").data["status"] == [{"at": "S1E1", "status": "alive"}]


def test_add_edit_and_remove_a_relation(explorer, folder):
    at = edit(explorer.open("wiki", entity="bob"), "Relations")
    prefix = page_prefix(folder, "bob") + ".statement.new"
    at.selectbox(key=f"{prefix}.relation").set_value("rival")
    at.selectbox(key=f"{prefix}.object").set_value("carol")
    at.selectbox(key=f"{prefix}.from").set_value("S1E2")
    at = clean(click(at, "Add the relation"))
    added = next(s for s in load_universe(folder).statements if s.subject == "bob" and s.relation == "rival")
    assert (added.object, added.span.start.id, added.evidence.value) == ("carol", "S1E2", "canon")
    assert "Carol" in plain(Explorer.text(at))
    at.selectbox(key="editor.bob.statement").set_value(added.id).run()
    prefix = page_prefix(folder, "bob") + f".statement.{added.id}"
    at.selectbox(key=f"{prefix}.evidence").set_value("teased")
    at = clean(click(at, "Save this relation"))
    assert next(s for s in load_universe(folder).statements if s.id == added.id).evidence.value == "teased"
    at.selectbox(key="editor.bob.statement").set_value(added.id).run()
    at = clean(click(at, "Remove this relation"))
    assert not any(s.id == added.id for s in load_universe(folder).statements)


def test_an_invalid_edit_is_refused_and_writes_nothing(explorer, folder):
    before = (folder / "facts.yaml").read_text()
    at = edit(explorer.open("wiki", entity="bob"), "Relations")
    prefix = page_prefix(folder, "bob") + ".statement.new"
    at.selectbox(key=f"{prefix}.relation").set_value("plays")  # a person plays a character: Bob is a character
    at.selectbox(key=f"{prefix}.object").set_value("alice")
    at = click(at, "Add the relation")
    assert "nothing was written" in plain(at.error[0].value)
    assert "facts.yaml:" in at.code[0].value and "'plays' takes a subject of kind person" in at.code[0].value
    assert (folder / "facts.yaml").read_text() == before


def test_an_empty_name_is_refused(explorer, folder):
    before = (folder / "facts.yaml").read_text()
    at = edit(explorer.open("wiki", entity="bob"))
    at.text_input(key=page_prefix(folder, "bob") + ".page.name").input("  ")
    at = click(at, "Save")
    assert "An entity needs a name" in plain(at.error[0].value)
    assert (folder / "facts.yaml").read_text() == before


def test_a_stale_edit_is_refused_with_what_changed(explorer, folder):
    at = edit(explorer.open("wiki", entity="bob"))
    prefix = page_prefix(folder, "bob") + ".page"
    edit_entity(folder, "bob", read_entity(folder, "bob").version, name="Bob the Builder")  # someone else saves first
    at.text_input(key=f"{prefix}.name").input("Robert")
    at = click(at, "Save")
    assert "changed since you read it" in plain(at.error[0].value)
    assert "+" in at.code[0].value and "Bob the Builder" in at.code[0].value
    assert load_universe(folder).entities["bob"].name == "Bob the Builder"


def test_undo_steps_back_one_edit(explorer, folder):
    at = edit(explorer.open("wiki", entity="bob"))
    at.text_input(key=page_prefix(folder, "bob") + ".page.name").input("Robert")
    at = clean(click(at, "Save"))
    at = clean(click(edit(at, "Undo"), "Undo the last edit of facts.yaml"))
    assert successes(at) == ["Undid the last edit of facts.yaml."]
    assert load_universe(folder).entities["bob"].name == "Bob"


def test_the_wikis_undo_takes_a_promotion_back_from_canon_and_the_arc(explorer, folder):
    from universe.writing.arcstore import add_change, create_arc, load_arc
    from universe.writing.promotion import promote

    arc = create_arc(folder, "bob-falls", "Bob falls")
    add_change(folder, "bob-falls", arc.version, {"status": {"entity": "carol", "at": "S2", "status": "dead"},
                                                 "rationale": "Not in the teaser."})
    promote(folder, "bob-falls", "status-carol-s2", ["notes"])
    assert "dead" in [c.status for c in load_universe(folder).entities["carol"].status]
    at = clean(click(edit(explorer.open("wiki", entity="bob"), "Undo"), "Undo the last edit of facts.yaml"))
    assert successes(at) == ["Undid the last edit of facts.yaml."]
    assert [c.id for c in load_arc(folder, "bob-falls").changes] == ["status-carol-s2"]
    assert "dead" not in [c.status for c in load_universe(folder).entities["carol"].status]


def test_the_editor_waits_for_the_horizon_everything(explorer, folder):
    at = clean(edit(explorer.open("wiki", entity="bob", as_of="S1E3")))
    assert at.toggle(key="editor.open").value is True
    assert not [t for t in at.text_input if (t.key or "").startswith("editor.")]
    assert "set “I have watched up to...” to everything" in plain(Explorer.text(at))


def test_read_only_shows_no_editor(explorer, folder, monkeypatch):
    monkeypatch.setenv("UNIVERSE_READ_ONLY", "1")
    at = clean(explorer.open("wiki", entity="bob"))
    assert not at.toggle
    assert not [w for w in Explorer.elements(at) if (getattr(w, "key", None) or "").startswith("editor.")]
    assert not [b for b in at.button]


def test_an_entity_of_the_arc_is_edited_on_the_arcs_page(explorer, folder):
    from universe.writing.arcstore import add_change, create_arc

    arc = create_arc(folder, "eve", "Eve")
    add_change(folder, "eve", arc.version, {"entity": {"id": "eve", "kind": "character", "name": "Eve"}, "rationale": "New."})
    at = clean(edit(explorer.open("wiki", entity="eve", arc="eve")))
    assert "it comes from the arc shown" in plain(Explorer.text(at))


def test_hostile_values_are_edited_as_text(explorer, tmp_path, data_root):
    write_documents(tmp_path / "hostile", *hostile_documents())
    data_root(tmp_path)
    at = clean(edit(explorer.open("wiki", entity="alice", universe="hostile")))
    version = read_entity(tmp_path / "hostile", "alice").version
    assert at.text_input(key=f"editor.alice.{version}.page.name").value == f"Alice {HOSTILE['img']}"
    at.text_area(key=f"editor.alice.{version}.page.description").input(HOSTILE["script"])
    at = clean(click(at, "Save"))
    assert load_universe(tmp_path / "hostile").entities["alice"].text == HOSTILE["script"]
    markdown = [e.value for e in Explorer.elements(at) if type(e).__name__ in ("Markdown", "Caption", "Title")]
    assert not any("<script>" in m.replace("\\<script\\>", "") for m in markdown)
