"""Promotion keeps canon's promise: canon needs a source, and a promotion is one save over canon
and the arc, so undoing either file takes both back (or is refused, writing nothing)."""

from __future__ import annotations

from pathlib import Path

import pytest

from universe.exchange.generate import tiny_documents, write_documents
from universe.storage.revisions import UndoRefused
from universe.storage.store import load_universe
from universe.writing.arcstore import add_change, arc_universe, create_arc, load_arc, undo_arc
from universe.writing.editing import edit_entity, undo_canon
from universe.writing.promotion import SourceNeeded, promote

ARC, CHANGE = "bob-falls", "status-bob-s2"


@pytest.fixture
def folder(tmp_path):
    folder = write_documents(tmp_path / "tiny", *tiny_documents())
    arc = create_arc(folder, ARC, "Bob falls")
    add_change(folder, ARC, arc.version, {"status": {"entity": "bob", "at": "S2", "status": "dead"},
                                          "rationale": "Not in the teaser."})
    return folder


def files(folder: Path) -> dict[str, bytes]:
    """Every file of the folder, history included, byte for byte."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def canon_and_arc(folder: Path) -> tuple[bytes, bytes]:
    return (folder / "facts.yaml").read_bytes(), (folder / "arcs" / f"{ARC}.yaml").read_bytes()


def bob_dies(folder: Path) -> bool:
    return any(change.status == "dead" for change in load_universe(folder).entities["bob"].status)


@pytest.mark.parametrize("sources", [[], [""], ["  "]])
def test_a_promotion_without_a_source_is_refused_and_writes_nothing(folder, sources):
    before = files(folder)
    with pytest.raises(SourceNeeded, match="canon needs a source"):
        promote(folder, ARC, CHANGE, sources)
    assert files(folder) == before and not bob_dies(folder)


def test_undoing_the_arc_after_a_promotion_takes_canon_back_too(folder):
    before = canon_and_arc(folder)
    promote(folder, ARC, CHANGE, ["notes"])
    assert bob_dies(folder) and load_arc(folder, ARC).changes == ()
    restored = undo_arc(folder, ARC)
    assert [c.id for c in restored.changes] == [CHANGE]
    assert canon_and_arc(folder) == before and not bob_dies(folder)
    arc_universe(folder, ARC)  # the arc applies to canon again, not a duplicate of canon's fact


def test_undoing_canon_after_a_promotion_puts_the_change_back_in_the_arc(folder):
    before = canon_and_arc(folder)
    promote(folder, ARC, CHANGE, ["notes"])
    undo_canon(folder, "facts.yaml")
    assert canon_and_arc(folder) == before
    assert [c.id for c in load_arc(folder, ARC).changes] == [CHANGE]


def test_an_undo_is_refused_when_the_other_file_of_the_promotion_changed_since(folder):
    promote(folder, ARC, CHANGE, ["notes"])
    edit_entity(folder, "alice", None, name="Alice Liddell")  # canon moves on
    before = files(folder)
    with pytest.raises(UndoRefused, match="undo that change of .*facts.yaml first"):
        undo_arc(folder, ARC)
    assert files(folder) == before
    undo_canon(folder, "facts.yaml")  # the edit of Alice, alone
    assert load_universe(folder).entities["alice"].name == "Alice"
    undo_arc(folder, ARC)  # now the promotion, both files
    assert not bob_dies(folder) and [c.id for c in load_arc(folder, ARC).changes] == [CHANGE]


def test_the_command_refuses_a_promotion_without_a_source(folder):
    from click.testing import CliRunner

    from universe.cli.main import cli

    before = files(folder)
    result = CliRunner().invoke(cli, ["arc", "promote", ARC, CHANGE, "-u", str(folder)])
    assert result.exit_code == 1 and "canon needs a source" in result.output and "Traceback" not in result.output
    assert files(folder) == before
    assert CliRunner().invoke(cli, ["arc", "promote", ARC, CHANGE, "-u", str(folder), "--source", "notes"]).exit_code == 0
    assert bob_dies(folder)
