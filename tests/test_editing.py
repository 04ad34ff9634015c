"""Canon editing: entity pages edited in the YAML files, comments kept, validated, per-page versions."""

import difflib
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from universe.errors import EntityNotFound, UniverseError, UniverseInvalid
from universe.exchange.generate import tiny_documents, write_documents
from universe.storage.revisions import READ_ONLY_ENV, EditConflict, ReadOnly, history
from universe.storage.roundtrip import dump_roundtrip, load_roundtrip, update_in_place
from universe.storage.store import load_universe
from universe.storage.yamlfile import parse_yaml
from universe.writing.editing import (
    StatementNotFound,
    add_statement,
    add_status_change,
    edit_entity,
    edit_statement,
    read_entity,
    remove_statement,
    remove_status_change,
    undo_canon,
    update_status_change,
)

ROOT = Path(__file__).resolve().parent.parent
AOUAD = ROOT / "data" / "all-of-us-are-dead"

HAND_WRITTEN = """\
# Tiny, written by hand.
entities:
  - id: notes
    kind: source
    name: Notes
  # Alice is the lead.
  - id: alice
    kind: character
    name: Alice   # her usual name
    aliases: [Ali]
    status:
      - at: S1E1
        status: alive
      - at: S1E3
        status: dead  # off screen
  - id: bob
    kind: character
    name: Bob
  - id: carol
    kind: character
    name: Carol
statements:
  # friendships
  - subject: alice
    relation: friend
    object: bob
    sources: [notes]
  - id: carol-and-bob
    subject: carol
    relation: rival
    object: bob
"""


@pytest.fixture
def folder(tmp_path):
    universe, _ = tiny_documents()
    folder = write_documents(tmp_path / "tiny", universe, {})
    (folder / "facts.yaml").write_text(HAND_WRITTEN, encoding="utf-8")
    return folder


def changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line[:1] in "+-"]


def test_read_entity_returns_the_page_as_written(folder):
    page = read_entity(folder, "alice")
    assert page.data["name"] == "Alice" and page.data["aliases"] == ["Ali"]
    assert [s.id for s in page.statements] == ["alice/friend/bob"]
    assert page.file.endswith("facts.yaml") and len(page.version) == 16
    with pytest.raises(EntityNotFound):
        read_entity(folder, "nobody")


def test_editing_names_changes_only_those_lines_and_keeps_every_comment(folder):
    page = read_entity(folder, "alice")
    after = edit_entity(folder, "alice", page.version, name="Alice Liddell", aliases=["Ali", "Lewis's Alice"],
                        description="The lead.")
    text = (folder / "facts.yaml").read_text()
    assert after.data["name"] == "Alice Liddell" and after.version != page.version
    assert changed_lines(HAND_WRITTEN, text) == [
        "-     name: Alice   # her usual name",
        "+     name: Alice Liddell # her usual name",
        "-     aliases: [Ali]",
        "+     aliases: [Ali, Lewis's Alice]",
        "+     description: The lead.",
    ]
    assert load_universe(folder).entities["alice"].name == "Alice Liddell"


def test_removing_a_field(folder):
    page = edit_entity(folder, "alice", read_entity(folder, "alice").version, aliases=None)
    assert "aliases" not in page.data and "Ali" not in load_universe(folder).entities["alice"].names


def test_status_changes_go_in_story_order(folder):
    page = read_entity(folder, "alice")
    page = add_status_change(folder, "alice", page.version, {"at": "S1E2", "status": "infected", "note": "Bitten."})
    assert [c["at"] for c in page.data["status"]] == ["S1E1", "S1E2", "S1E3"]
    page = update_status_change(folder, "alice", page.version, 1, {"at": "S1E2", "status": "infected", "evidence": "teased"})
    page = remove_status_change(folder, "alice", page.version, 0)
    assert [(c["at"], c["status"]) for c in page.data["status"]] == [("S1E2", "infected"), ("S1E3", "dead")]
    assert "status: dead  # off screen" in (folder / "facts.yaml").read_text()
    with pytest.raises(UniverseError, match="no status change number 9"):
        remove_status_change(folder, "alice", page.version, 8)


def test_statements_on_a_page(folder):
    page = read_entity(folder, "bob")
    page = add_statement(folder, "bob", page.version, {"subject": "bob", "relation": "friend", "object": "carol", "from": "S1E2"})
    assert "bob/friend/carol/S1E2" in [s.id for s in page.statements]
    page = edit_statement(folder, "bob", page.version, "carol-and-bob",
                          {"id": "carol-and-bob", "subject": "carol", "relation": "rival", "object": "bob", "until": "S1E3"})
    assert str(next(s for s in load_universe(folder).statements if s.id == "carol-and-bob").span) == "until S1E3"
    page = remove_statement(folder, "bob", page.version, "alice/friend/bob")
    assert "alice/friend/bob" not in [s.id for s in page.statements]
    assert "# friendships" in (folder / "facts.yaml").read_text()
    with pytest.raises(StatementNotFound):
        remove_statement(folder, "bob", page.version, "alice/friend/bob")


def test_editing_a_statement_an_arc_names_keeps_its_id(folder):
    arcs = folder / "arcs"
    arcs.mkdir()
    (arcs / "a.yaml").write_text("arc: {id: a, title: A}\nchanges:\n  - {end: {statement: alice/friend/bob, until: S1E2}, rationale: r}\n")
    page = read_entity(folder, "alice")
    page = edit_statement(folder, "alice", page.version, "alice/friend/bob",
                          {"subject": "alice", "relation": "friend", "object": "bob", "from": "S1E1"})
    assert "alice/friend/bob" in [s.id for s in page.statements] and page.warnings == ()


def test_an_edit_that_breaks_an_arc_says_so(folder):
    arcs = folder / "arcs"
    arcs.mkdir()
    (arcs / "a.yaml").write_text("arc: {id: a, title: A}\nchanges:\n  - {retract: {statement: carol-and-bob}, rationale: r}\n")
    page = remove_statement(folder, "bob", read_entity(folder, "bob").version, "carol-and-bob")
    assert len(page.warnings) == 1 and "arc 'a' no longer applies" in page.warnings[0]
    assert "unknown statement 'carol-and-bob'" in page.warnings[0]


@pytest.mark.parametrize("edit, message", [
    (lambda f, v: edit_entity(f, "alice", v, name=""), "name"),
    (lambda f, v: add_status_change(f, "alice", v, {"at": "S9", "status": "alive"}), "unknown story point 'S9'"),
    (lambda f, v: add_status_change(f, "alice", v, {"at": "S1E2", "status": "zombie"}), "unknown status 'zombie'"),
    (lambda f, v: add_statement(f, "alice", v, {"subject": "alice", "relation": "friend", "object": "nobody"}), "unknown entity 'nobody'"),
    (lambda f, v: edit_entity(f, "alice", v, evidence="rumour"), "unknown evidence level 'rumour'"),
    (lambda f, v: edit_entity(f, "alice", v, revealed="S1E9"), "unknown story point 'S1E9'"),
])
def test_an_invalid_edit_is_refused_naming_file_and_line_and_changes_nothing(folder, edit, message):
    before = (folder / "facts.yaml").read_bytes()
    with pytest.raises(UniverseInvalid, match=message) as caught:
        edit(folder, read_entity(folder, "alice").version)
    problem = next(p for p in caught.value.problems if p.is_error)
    assert problem.file.endswith("facts.yaml") and problem.line
    assert (folder / "facts.yaml").read_bytes() == before
    assert history(folder, folder / "facts.yaml") == []


def test_unknown_fields_are_refused(folder):
    with pytest.raises(UniverseError, match="cannot edit colour"):
        edit_entity(folder, "alice", None, colour="red")


def test_a_stale_page_is_refused_with_a_diff_but_other_pages_are_not(folder):
    alice, bob = read_entity(folder, "alice"), read_entity(folder, "bob")
    edit_entity(folder, "alice", alice.version, name="Alicia")
    with pytest.raises(EditConflict) as caught:
        edit_entity(folder, "alice", alice.version, aliases=["A."])
    assert "-  name: Alice" in caught.value.changes and "+  name: Alicia" in caught.value.changes
    # Bob's page lives in the same file but did not change: his edit goes through
    assert edit_entity(folder, "bob", bob.version, name="Robert").data["name"] == "Robert"


def test_a_statement_about_an_entity_is_part_of_its_page_version(folder):
    carol = read_entity(folder, "carol")
    bob = read_entity(folder, "bob")
    edit_statement(folder, "bob", bob.version, "carol-and-bob",
                   {"id": "carol-and-bob", "subject": "carol", "relation": "rival", "object": "bob", "note": "n"})
    with pytest.raises(EditConflict):
        edit_entity(folder, "carol", carol.version, name="Caroline")


def test_undo_the_last_canon_edit(folder):
    page = edit_entity(folder, "alice", read_entity(folder, "alice").version, name="Alicia")
    edit_entity(folder, "alice", page.version, name="Alison")
    undo_canon(folder, "facts.yaml")
    assert load_universe(folder).entities["alice"].name == "Alicia"
    undo_canon(folder, "facts.yaml")
    assert (folder / "facts.yaml").read_text() == HAND_WRITTEN
    assert [r.action for r in history(folder, folder / "facts.yaml")] == ["original", "edit", "edit", "undo", "undo"]


def test_read_only_refuses_canon_edits(folder, monkeypatch):
    page = read_entity(folder, "alice")
    monkeypatch.setenv(READ_ONLY_ENV, "yes")
    with pytest.raises(ReadOnly):
        edit_entity(folder, "alice", page.version, name="Nope")
    assert (folder / "facts.yaml").read_text() == HAND_WRITTEN


def test_a_file_with_an_alias_is_refused_before_editing(folder):
    (folder / "facts.yaml").write_text(HAND_WRITTEN.replace("sources: [notes]", "sources: &s [notes]\n    note: *s"))
    with pytest.raises(UniverseInvalid, match="anchors and aliases are not allowed"):
        read_entity(folder, "alice")


def test_editing_the_bundled_universe_changes_only_the_edited_lines(tmp_path):
    copy = shutil.copytree(AOUAD, tmp_path / "all-of-us-are-dead", ignore=shutil.ignore_patterns("arcs"))
    before = (copy / "characters.yaml").read_text()
    page = read_entity(copy, "lee-cheong-san")
    edit_entity(copy, "lee-cheong-san", page.version, aliases=[*page.data["aliases"], "The Hero of Hyosan"])
    aliases = ", ".join(page.data["aliases"])
    assert changed_lines(before, (copy / "characters.yaml").read_text()) == [
        f"-     aliases: [{aliases}]",
        f"+     aliases: [{aliases}, The Hero of Hyosan]",
    ]


@pytest.mark.parametrize("name", ["No", "yes", "on", "1:20", "010", "null", "~", "2022-01-01", "<img src=x onerror=alert(1)>", "a: b", "# not a comment"])
def test_names_that_look_like_other_yaml_values_stay_text(folder, name):
    edit_entity(folder, "bob", None, name=name)
    assert load_universe(folder).entities["bob"].name == name


TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40)


@settings(max_examples=200, deadline=None)
@given(TEXT, st.lists(TEXT, max_size=4))
def test_any_text_written_by_the_editor_reads_back_the_same(text, items):
    data, style = load_roundtrip("a: 1  # kept\nb: [x, y]\n", "x")
    update_in_place(data, {"a": text, "b": items})  # a flow list stays one only when that is safe
    written = dump_roundtrip(data, style)
    assert parse_yaml(written.encode("utf-8"), "x") == {"a": text, "b": items}
