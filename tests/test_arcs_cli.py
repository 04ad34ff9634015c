"""`universe arc list|show|diff|check|promote` through click's runner."""

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from universe.cli.main import cli
from universe.exchange.generate import tiny_documents, write_documents
from universe.storage.revisions import READ_ONLY_ENV
from universe.storage.store import load_universe
from universe.writing.arcstore import add_change, create_arc, load_arc

AOUAD = Path(__file__).resolve().parent.parent / "data" / "all-of-us-are-dead"


@pytest.fixture
def folder(tmp_path):
    folder = write_documents(tmp_path / "tiny", *tiny_documents())
    arc = create_arc(folder, "what-if", "What if", author="A. Writer")
    arc = add_change(folder, "what-if", arc.version, {"status": {"entity": "alice", "at": "S2", "status": "infected"},
                                                      "rationale": "Bitten in the trailer.", "evidence": "teased"})
    add_change(folder, "what-if", arc.version, {"retract": {"statement": "carol/parent/bob"}, "rationale": "Not her son."})
    return folder


def run(*args, env=None):
    return CliRunner().invoke(cli, ["arc", *[str(a) for a in args]], catch_exceptions=False, env=env)


@pytest.mark.parametrize("command", ["list", "show", "diff", "check", "promote"])
def test_every_arc_command_has_help_with_an_example(command):
    result = run(command, "--help")
    assert result.exit_code == 0 and "Example" in result.output


def test_list(folder):
    result = run("list", "-u", folder)
    assert result.exit_code == 0
    assert result.output.strip() == "what-if  What if by A. Writer  (2 changes; revealed S2)"
    assert json.loads(run("list", "-u", folder, "--json").output)[0]["changes"] == 2


def test_show(folder):
    result = run("show", "what-if", "-u", folder)
    assert "status-alice-s2  status {entity: alice, at: S2, status: infected} - teased" in result.output
    assert "why: Bitten in the trailer." in result.output
    data = json.loads(run("show", "what-if", "-u", folder, "--json").output)
    assert data["changes"][1] == {"id": "retract-carol-parent-bob", "retract": {"statement": "carol/parent/bob"},
                                  "rationale": "Not her son.", "evidence": "speculation"}


def test_diff_with_a_horizon(folder):
    result = run("diff", "what-if", "-u", folder)
    assert result.output.splitlines()[0] == "+ Alice: Alive → Infected at S2  [teased; status-alice-s2]"
    assert "- Carol parent of Bob: retracted  [speculation; retract-carol-parent-bob]" in result.output
    early = run("diff", "what-if", "-u", folder, "--as-of", "S1E3", "--min-evidence", "teased")
    assert early.exit_code == 0 and "No changes visible" in early.output
    data = json.loads(run("diff", "what-if", "-u", folder, "--json").output)
    assert data["faded_edges"] == ["carol/parent/bob"] and data["highlight_nodes"] == ["alice"]


def test_check_reports_errors_with_file_and_line_and_exits_1(folder):
    assert run("check", "-u", folder).exit_code == 0
    (folder / "arcs" / "bad.yaml").write_text(
        "arc: {id: bad, title: Bad}\nchanges:\n  - {status: {entity: alice, at: S9, status: alive}, rationale: r}\n")
    result = run("check", "-u", folder)
    assert result.exit_code == 1
    assert "arcs/bad.yaml:3: unknown story point 'S9'" in result.output and "Traceback" not in result.output
    assert run("check", "what-if", "-u", folder).exit_code == 0


def test_promote(folder):
    result = run("promote", "what-if", "retract-carol-parent-bob", "-u", folder, "--source", "notes")
    assert result.exit_code == 0 and "1 change left in what-if" in result.output
    assert [c.id for c in load_arc(folder, "what-if").changes] == ["status-alice-s2"]
    statement = next(s for s in load_universe(folder).statements if s.id == "carol/parent/bob")
    assert statement.rank.value == "deprecated" and [r.source for r in statement.sources] == ["notes"]


@pytest.mark.parametrize("args, message", [
    (("show", "nope"), "no arc 'nope'"),
    (("promote", "what-if", "nope"), "arc 'what-if' has no change 'nope'"),
    (("promote", "what-if", "status-alice-s2", "--source", "bob"), "'bob' is cited as a source but is a character"),
])
def test_errors_are_messages_not_tracebacks(folder, args, message):
    result = run(args[0], *args[1:], "-u", folder)
    assert result.exit_code == 1 and message in result.output and "Traceback" not in result.output


def test_promote_is_refused_in_a_read_only_deployment(folder):
    result = run("promote", "what-if", "status-alice-s2", "-u", folder, env={READ_ONLY_ENV: "1"})
    assert result.exit_code == 1 and "read-only" in result.output
    assert len(load_arc(folder, "what-if").changes) == 2


def test_the_bundled_universe_arcs_check_and_diff(tmp_path):
    copy = shutil.copytree(AOUAD, tmp_path / "all-of-us-are-dead")
    assert run("check", "-u", copy).exit_code == 0
    result = run("diff", "cheong-san-returns", "-u", copy, "--min-evidence", "teased")
    assert result.output.splitlines() == [
        "+ Lee Cheong-san: Presumed dead → Hybrid (halfbie) at S2  [teased; cheong-san-is-a-hybrid]",
        "      why: His death is implied, not shown; a teaser hinted that Yoon Chan-young might return, "
        "and in 2025 Netflix listed him among the returning Season 2 cast.",
    ]
