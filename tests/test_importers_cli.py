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


# -- what a newcomer met on real networks (issue 12) ----------------------------------------


def _books(folder: Path, slices=("1", "2", "3", "4", "5", "45")) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    for label in slices:
        (folder / f"book{label}.csv").write_text(f"Source,Target,Weight\nAnn,Bob,{label}\nBob,Cy,1\n", encoding="utf-8")
    return str(folder / "book{slice}.csv")


def test_the_files_a_pattern_matched_are_listed_in_order_and_a_stray_one_is_named(tmp_path):
    pattern = _books(tmp_path / "books")
    result = CliRunner().invoke(cli, ["import", "csv", pattern, "--slices", "book", "--licence", "CC0-1.0",
                                      "-o", str(tmp_path / "out" / "books")])
    assert result.exit_code == 0, result.output
    assert ("reading 6 edge files in this order: book1.csv (slice 1), book2.csv (slice 2), book3.csv (slice 3), "
            "book4.csv (slice 4), book5.csv (slice 5), book45.csv (slice 45)") in result.stderr
    assert "warning: book45.csv (slice 45) breaks the sequence of the others" in result.stderr
    clean = CliRunner().invoke(cli, ["import", "csv", _books(tmp_path / "five", ("1", "2", "3")), "--slices", "book",
                                     "--licence", "CC0-1.0", "-o", str(tmp_path / "out" / "five")])
    assert clean.exit_code == 0 and "warning" not in clean.stderr


def test_time_col_none_turns_the_guess_off_and_an_empty_time_cell_is_a_row_message(tmp_path):
    edges = tmp_path / "edges.csv"
    edges.write_text("Source,Target,Season\nAnn,Bob,1\nBob,Cy,\nCy,Dee,2\nDee,Eve,\n", encoding="utf-8")
    result = run("csv", str(edges), "--licence", "CC0-1.0", "-o", str(tmp_path / "guessed"))
    assert result.exit_code == 0, result.output
    assert "2 rows left out" in result.stderr
    assert f"{edges}:3: empty time slice in column 'Season'" in result.stderr
    assert f"{edges}:5: empty time slice in column 'Season'" in result.stderr
    assert len(load_universe(tmp_path / "guessed").statements) == 2
    flat = run("csv", str(edges), "--time-col", "none", "--licence", "CC0-1.0", "-o", str(tmp_path / "flat"))
    assert flat.exit_code == 0, flat.output
    universe = load_universe(tmp_path / "flat")
    assert len(universe.statements) == 4 and [p.id for p in universe.timeline.points] == ["whole"]


def _two_kinds(tmp_path: Path) -> tuple[Path, Path]:
    nodes = tmp_path / "nodes.csv"
    nodes.write_text("Id,Label,Type\nspidey,Spider-Man,hero\nmj,Mary Jane,hero\nlogan,Wolverine,hero\n"
                     "asm1,ASM 1,comic\nasm2,ASM 2,comic\nxm1,X-Men 1,comic\n", encoding="utf-8")
    edges = tmp_path / "edges.csv"
    edges.write_text("Source,Target\nspidey,asm1\nmj,asm1\nspidey,asm2\nmj,asm2\nlogan,xm1\nspidey,xm1\n", encoding="utf-8")
    return nodes, edges


def test_a_two_kind_network_declares_its_principal_kind_and_spells_plurals(tmp_path):
    nodes, edges = _two_kinds(tmp_path)
    result = run("csv", str(edges), "--nodes", str(nodes), "--principal-kind", "hero", "--licence", "CC0-1.0",
                 "-o", str(tmp_path / "comics"))
    assert result.exit_code == 0, result.output
    universe = load_universe(tmp_path / "comics")
    assert universe.principal == ("hero",)
    assert universe.kinds["hero"].plural == "Heroes" and universe.kinds["comic"].plural == "Comics"
    assert "the character pages follow Heroes" in result.stderr
    unknown = run("csv", str(edges), "--nodes", str(nodes), "--principal-kind", "villain", "--licence", "CC0-1.0",
                  "-o", str(tmp_path / "nope"))
    assert unknown.exit_code == 1 and "no node type 'villain' in the data (types: comic, hero)" in unknown.output


def test_without_a_principal_kind_the_report_asks_with_the_real_types(tmp_path):
    nodes, edges = _two_kinds(tmp_path)
    result = run("csv", str(edges), "--nodes", str(nodes), "--licence", "CC0-1.0", "-o", str(tmp_path / "comics"))
    assert result.exit_code == 0, result.output
    assert "node types hero (3), comic (3)" in result.stderr and "--principal-kind TYPE" in result.stderr
    assert set(load_universe(tmp_path / "comics").principal) == {"hero", "comic"}


def test_the_co_appearance_projection_as_an_import_option(tmp_path):
    nodes, edges = _two_kinds(tmp_path)
    result = run("csv", str(edges), "--nodes", str(nodes), "--principal-kind", "hero", "--co-appearance",
                 "--licence", "CC0-1.0", "-o", str(tmp_path / "comics"))
    assert result.exit_code == 0, result.output
    universe = load_universe(tmp_path / "comics")
    shared = {frozenset((s.subject, s.object)): s.weight for s in universe.statements if s.relation == "co-appears"}
    assert shared == {frozenset({"mj", "spidey"}): 2, frozenset({"spidey", "logan"}): 1}
    assert universe.relations["co-appears"].symmetric


def test_import_notes_quote_the_data_not_fixed_text(tmp_path):
    edges = tmp_path / "edges.csv"
    edges.write_text("Source,Target\nJon!,Jon?\nJon?,Sam\n", encoding="utf-8")
    result = run("csv", str(edges), "--licence", "CC0-1.0", "-o", str(tmp_path / "jons"))
    assert result.exit_code == 0, result.output
    assert "1 name shared an id; numbered (e.g. 'Jon?' became jon-2)" in result.stderr
    assert "e.g. jon-2)" not in result.stderr
