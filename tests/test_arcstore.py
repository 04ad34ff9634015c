"""Arc files: create, change, rename, duplicate, delete; versions, conflicts, history, undo, read-only."""

from pathlib import Path

import pytest

from universe.exchange.generate import tiny_documents, write_documents
from universe.storage.revisions import READ_ONLY_ENV, EditConflict, NothingToUndo, ReadOnly, read_revision
from universe.writing import arcstore
from universe.writing.arcs import ArcError, ArcInvalid, ArcNotFound, ChangeNotFound
from universe.writing.arcstore import (
    add_change,
    arc_history,
    check_arcs,
    create_arc,
    delete_arc,
    deleted_arcs,
    duplicate_arc,
    export_arc,
    import_arc,
    list_arcs,
    load_arc,
    remove_change,
    rename_arc,
    save_arc_text,
    undo_arc,
    update_arc,
    update_change,
)

STATUS = {"status": {"entity": "alice", "at": "S2", "status": "infected"}, "rationale": "Bitten.", "evidence": "teased"}
FRIEND = {"statement": {"subject": "carol", "relation": "friend", "object": "bob", "from": "S2"}, "rationale": "They meet."}


@pytest.fixture
def folder(tmp_path):
    return write_documents(tmp_path / "tiny", *tiny_documents())


@pytest.fixture
def what_if(folder):
    return create_arc(folder, "what-if", "What if", author="A. Writer")


def snapshot_of(folder: Path) -> dict:
    """Every file under the universe folder, with its bytes (history and lock included)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_create_list_and_load(folder, what_if):
    assert what_if.changes == () and what_if.author == "A. Writer"
    assert (folder / "arcs" / "what-if.yaml").read_text().startswith("# A what-if arc over canon")
    (summary,) = list_arcs(folder)
    assert (summary.id, summary.title, summary.changes, summary.version) == ("what-if", "What if", 0, what_if.version)
    assert load_arc(folder, "what-if").version == what_if.version


@pytest.mark.parametrize("arc_id", ["../escape", "Not-A-Slug", "", "a/b"])
def test_arc_ids_must_be_slugs(folder, arc_id):
    with pytest.raises(ArcError, match="invalid arc id"):
        create_arc(folder, arc_id, "X")
    assert not (folder / "arcs").exists() or not any((folder / "arcs").iterdir())


def test_creating_an_existing_arc_or_loading_a_missing_one_is_an_error(folder, what_if):
    with pytest.raises(ArcError, match="already exists"):
        create_arc(folder, "what-if", "Again")
    with pytest.raises(ArcNotFound, match="no arc 'nope'.*arcs: what-if"):
        load_arc(folder, "nope")


def test_add_update_and_remove_changes(folder, what_if):
    arc = add_change(folder, "what-if", what_if.version, STATUS)
    arc = add_change(folder, "what-if", arc.version, FRIEND)
    assert [c.id for c in arc.changes] == ["status-alice-s2", "statement-carol-friend-bob"]
    arc = update_change(folder, "what-if", arc.version, "status-alice-s2", {**STATUS, "evidence": "fan-theory"})
    assert arc.change("status-alice-s2").evidence.value == "fan-theory"
    arc = remove_change(folder, "what-if", arc.version, "statement-carol-friend-bob")
    assert [c.id for c in arc.changes] == ["status-alice-s2"]
    with pytest.raises(ChangeNotFound):
        remove_change(folder, "what-if", arc.version, "statement-carol-friend-bob")
    arc = update_arc(folder, "what-if", arc.version, title="What if, again", description="Longer.", author=None)
    assert (arc.title, arc.description, arc.author) == ("What if, again", "Longer.", None)


def test_added_changes_get_unique_ids(folder, what_if):
    arc = add_change(folder, "what-if", what_if.version, STATUS)
    arc = add_change(folder, "what-if", arc.version, {**STATUS, "status": {**STATUS["status"], "status": "dead"}})
    assert [c.id for c in arc.changes] == ["status-alice-s2", "status-alice-s2-2"]
    assert "id: status-alice-s2-2" in arc.text  # written down, so the id never moves


def test_comments_in_a_hand_written_arc_are_kept(folder):
    path = folder / "arcs" / "hand.yaml"
    path.parent.mkdir()
    path.write_text(
        "# My arc, by hand.\narc:\n  id: hand\n  title: Hand   # a title comment\nchanges:\n"
        "  # the first idea\n  - id: first\n    status: {entity: alice, at: S2, status: alive}  # flow style kept\n"
        "    rationale: Because.\n"
    )
    original = path.read_text()
    arc = add_change(folder, "hand", None, FRIEND)
    assert arc.text.startswith(original)  # appended: every byte before it kept
    arc = update_change(folder, "hand", arc.version, "first", {"status": {"entity": "alice", "at": "S2", "status": "alive"},
                                                               "rationale": "Because, really."})
    for kept in ("# My arc, by hand.", "# a title comment", "# the first idea", "# flow style kept",
                 "status: {entity: alice, at: S2, status: alive}"):
        assert kept in arc.text
    assert "rationale: Because, really." in arc.text


def test_a_stale_save_is_refused_with_what_changed(folder, what_if):
    mine = add_change(folder, "what-if", what_if.version, STATUS)
    before = snapshot_of(folder)
    with pytest.raises(EditConflict) as caught:
        add_change(folder, "what-if", what_if.version, FRIEND)  # based on the version before mine
    conflict = caught.value
    assert (conflict.expected, conflict.current) == (what_if.version, mine.version)
    assert "+  - id: status-alice-s2" in conflict.changes and "nothing was saved" in str(conflict)
    assert snapshot_of(folder) == before


@pytest.mark.parametrize("change, message", [
    ({"status": {"entity": "alice", "at": "S9", "status": "alive"}, "rationale": "r"}, "unknown story point 'S9'"),
    ({"status": {"entity": "nobody", "at": "S2", "status": "alive"}, "rationale": "r"}, "unknown entity 'nobody'"),
    ({"retract": {"statement": "nope"}, "rationale": "r"}, "unknown statement 'nope'"),
    ({"status": {"entity": "alice", "at": "S2", "status": "alive"}}, "missing key 'rationale'"),
    ({"rationale": "does nothing"}, "exactly one of"),
])
def test_an_invalid_change_is_refused_and_nothing_is_written(folder, what_if, change, message):
    before = snapshot_of(folder)
    with pytest.raises(ArcInvalid, match=message) as caught:
        add_change(folder, "what-if", what_if.version, change)
    assert caught.value.problems[0].file.endswith("arcs/what-if.yaml") and caught.value.problems[0].line
    assert snapshot_of(folder) == before


def test_history_keeps_every_version_and_undo_walks_back(folder, what_if):
    one = add_change(folder, "what-if", what_if.version, STATUS)
    two = add_change(folder, "what-if", one.version, FRIEND)
    assert [r.action for r in arc_history(folder, "what-if")] == ["create", "save", "save"]
    assert [r.version for r in arc_history(folder, "what-if")] == [what_if.version, one.version, two.version]
    assert undo_arc(folder, "what-if").version == one.version
    assert undo_arc(folder, "what-if").version == what_if.version
    with pytest.raises(NothingToUndo):
        undo_arc(folder, "what-if")
    assert [read_revision(r) for r in arc_history(folder, "what-if")][2] == two.text  # still kept


def test_undo_refuses_a_stale_version(folder, what_if):
    one = add_change(folder, "what-if", what_if.version, STATUS)
    add_change(folder, "what-if", one.version, FRIEND)
    with pytest.raises(EditConflict):
        undo_arc(folder, "what-if", one.version)


def test_a_hand_edit_is_recorded_before_the_next_save(folder, what_if):
    path = folder / "arcs" / "what-if.yaml"
    path.write_text(path.read_text().replace("title: What if", "title: Edited by hand"))
    arc = add_change(folder, "what-if", None, STATUS)
    assert [r.action for r in arc_history(folder, "what-if")] == ["create", "external", "save"]
    assert undo_arc(folder, "what-if").title == "Edited by hand"
    assert undo_arc(folder, "what-if").title == "What if"
    assert arc.title == "Edited by hand"


def test_save_arc_text_validates_the_whole_file(folder, what_if):
    with pytest.raises(ArcInvalid, match="differs from the file name"):
        save_arc_text(folder, "what-if", what_if.version, what_if.text.replace("id: what-if", "id: other"))
    text = what_if.text.replace("changes: []", "changes:") + "  - {retract: {statement: carol/parent/bob}, rationale: r}\n"
    arc = save_arc_text(folder, "what-if", what_if.version, text)
    assert [c.kind for c in arc.changes] == ["retract"]


def test_rename_moves_the_file_and_its_history(folder, what_if):
    one = add_change(folder, "what-if", what_if.version, STATUS)
    renamed = rename_arc(folder, "what-if", one.version, "if-only", title="If only")
    assert (renamed.id, renamed.title, [c.id for c in renamed.changes]) == ("if-only", "If only", ["status-alice-s2"])
    assert [s.id for s in list_arcs(folder)] == ["if-only"]
    assert [r.action for r in arc_history(folder, "if-only")] == ["create", "save", "delete", "rename"]
    with pytest.raises(NothingToUndo, match="rename it back"):
        undo_arc(folder, "if-only")


def test_duplicate_delete_and_bring_back(folder, what_if):
    one = add_change(folder, "what-if", what_if.version, STATUS)
    copy = duplicate_arc(folder, "what-if", "copy")
    assert (copy.title, len(copy.changes), copy.author) == ("Copy of What if", 1, "A. Writer")
    delete_arc(folder, "copy", copy.version)
    assert [s.id for s in list_arcs(folder)] == ["what-if"] and deleted_arcs(folder) == ["copy"]
    restored = undo_arc(folder, "copy")
    assert restored.version == copy.version and deleted_arcs(folder) == []
    assert load_arc(folder, "what-if").version == one.version


def test_an_arc_other_arcs_build_on_cannot_be_renamed_or_deleted(folder, what_if):
    create_arc(folder, "sequel", "Sequel", base="what-if")
    with pytest.raises(ArcError, match="is the base of sequel"):
        delete_arc(folder, "what-if", what_if.version)
    with pytest.raises(ArcError, match="is the base of sequel"):
        rename_arc(folder, "what-if", what_if.version, "other")


def test_export_and_import_share_an_arc(folder, tmp_path, what_if):
    text = export_arc(folder, "what-if")
    other = write_documents(tmp_path / "other", *tiny_documents())
    imported = import_arc(other, text)
    assert (imported.id, imported.title) == ("what-if", "What if")
    assert import_arc(other, text, arc_id="second").id == "second"
    with pytest.raises(ArcError, match="already exists"):
        import_arc(other, text)


def test_broken_arc_files_are_listed_and_checked(folder, what_if):
    (folder / "arcs" / "broken.yaml").write_text("arc: {id: broken, title: B}\nchanges:\n  - {rationale: nothing}\n")
    (folder / "arcs" / "dangling.yaml").write_text(
        "arc: {id: dangling, title: D}\nchanges:\n  - {status: {entity: nobody, at: S2, status: alive}, rationale: r}\n")
    summaries = {s.id: s for s in list_arcs(folder)}
    assert summaries["broken"].error and "exactly one of" in summaries["broken"].error
    assert summaries["dangling"].error is None
    results = check_arcs(folder)
    assert results["what-if"] == []
    assert "unknown entity 'nobody'" in results["dangling"][0].message and results["dangling"][0].line == 3


WRITES = {
    "create": lambda f, a: create_arc(f, "new", "New"),
    "add_change": lambda f, a: add_change(f, "what-if", a.version, STATUS),
    "update_arc": lambda f, a: update_arc(f, "what-if", a.version, title="T"),
    "save_arc_text": lambda f, a: save_arc_text(f, "what-if", a.version, a.text),
    "rename": lambda f, a: rename_arc(f, "what-if", a.version, "renamed"),
    "duplicate": lambda f, a: duplicate_arc(f, "what-if", "copy"),
    "delete": lambda f, a: delete_arc(f, "what-if", a.version),
    "import": lambda f, a: import_arc(f, a.text, arc_id="imported"),
    "undo": lambda f, a: undo_arc(f, "what-if"),
}


@pytest.mark.parametrize("name", list(WRITES))
def test_read_only_deployments_refuse_every_write(folder, what_if, monkeypatch, name):
    before = snapshot_of(folder)
    monkeypatch.setenv(READ_ONLY_ENV, "1")
    with pytest.raises(ReadOnly, match="read-only"):
        WRITES[name](folder, what_if)
    assert snapshot_of(folder) == before
    assert [s.id for s in list_arcs(folder)] == ["what-if"]  # reading still works


def test_read_only_can_be_switched_off_with_0(folder, monkeypatch):
    monkeypatch.setenv(READ_ONLY_ENV, "0")
    assert create_arc(folder, "fine", "Fine").id == "fine"


def test_temporary_files_of_killed_writers_are_swept(folder, what_if):
    stale = folder / "arcs" / ".what-if.yaml.99999.tmp"
    stale.write_text("half a file")
    assert [s.id for s in list_arcs(folder)] == ["what-if"]  # never read as an arc
    add_change(folder, "what-if", what_if.version, STATUS)
    assert not stale.exists()


def test_the_module_api_is_complete():
    assert set(arcstore.__all__) <= set(dir(arcstore))


def test_writes_need_a_universe_folder(tmp_path):
    with pytest.raises(Exception, match="no universe here"):
        create_arc(tmp_path, "x", "X")
    assert not (tmp_path / ".history").exists()
