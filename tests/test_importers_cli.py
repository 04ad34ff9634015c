"""`universe import`: thin commands, clear errors, help with examples, documented."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from universe.cli.imports import import_group
from universe.cli.main import cli
from universe.storage.store import load_universe

DATA = Path(__file__).parent / "data" / "importers"
DOCS = Path(__file__).resolve().parent.parent / "docs" / "importers.md"


def run(*args: str):
    return CliRunner().invoke(cli, ["import", *args])


def test_import_csv_writes_a_universe(tmp_path):
    target = tmp_path / "thrones"
    result = run(
        "csv", str(DATA / "thrones" / "got-s{slice}-edges.csv"), "--nodes", str(DATA / "thrones" / "got-s{slice}-nodes.csv"),
        "--slices", "season", "--title", "Thrones", "--licence", "CC0-1.0", "--credit", "Tests", "-o", str(target),
    )
    assert result.exit_code == 0, result.output
    assert "imported 'Thrones': 8 entities (7 character, 1 source), 7 relations, 3 story points" in result.output
    assert "note: 1 self-loop dropped" in result.output
    universe = load_universe(target)
    assert universe.entity("dataset").attributes["licence"] == "CC0-1.0"


def test_an_existing_target_needs_force(tmp_path):
    args = ["sgb", str(DATA / "miserables.dat"), "--licence", "CC BY 4.0", "-o", str(tmp_path / "miserables")]
    assert run(*args).exit_code == 0
    again = run(*args)
    assert again.exit_code == 1 and "already exists; use --force" in again.output
    assert run(*args, "--force").exit_code == 0


def test_json_with_episodes(tmp_path):
    result = run("json", str(DATA / "starwars" / "episode-{slice}.json"), "--slices", "episode", "--title-case",
                 "--licence", "CC BY 4.0", "-o", str(tmp_path / "star-wars"))
    assert result.exit_code == 0, result.output
    assert load_universe(tmp_path / "star-wars").entity("qui-gon").name == "Qui-Gon"


@pytest.mark.parametrize(
    "args, message",
    [
        (["csv", str(DATA / "bad" / "bad-weight.csv")], "bad-weight.csv:3: weight 'lots' is not a number"),
        (["json", str(DATA / "bad" / "broken.json")], "broken.json:2: invalid JSON"),
        (["sgb", str(DATA / "bad" / "unknown-code.dat")], "unknown-code.dat:5: unknown character code 'XX'"),
        (["csv", str(DATA / "nowhere.csv")], "nowhere.csv: no edge file matches this path"),
    ],
)
def test_bad_input_is_a_message_and_exit_code_not_a_traceback(tmp_path, args, message):
    result = run(*args, "--licence", "x", "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert message in result.output and "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_the_licence_is_required(tmp_path):
    result = run("csv", str(DATA / "edges-only.csv"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2 and "--licence" in result.output


@pytest.mark.parametrize("command", sorted(import_group.commands))
def test_every_import_command_has_help_with_an_example(command):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Examples:" in result.output and f"universe import {command} " in result.output


@pytest.mark.parametrize("command", sorted(import_group.commands))
def test_every_import_command_is_documented_with_a_real_example(command):
    text = DOCS.read_text(encoding="utf-8")
    assert f"universe import {command} " in text
    assert "../shared/datasets/" in text.split(f"universe import {command} ")[1][:400]
