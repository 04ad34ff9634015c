"""docs/first-universe.md, followed step by step on a fresh folder: every command it shows runs,
in order, and does what the page says."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from apptest import APP, Explorer
from click.testing import CliRunner

from universe.cli.main import cli
from universe.cli.starting import serve_plan

DOC = Path(__file__).resolve().parent.parent / "docs" / "first-universe.md"


def steps():
    """The page's steps in order: ("run", argv) for each command, ("write", name, text) for each
    file it asks to create."""
    text = DOC.read_text(encoding="utf-8")
    out = []
    for match in re.finditer(r"Create `([^`]+)`:\s*```yaml\n(.*?)```|```console\n(.*?)```", text, flags=re.S):
        if match.group(1):
            out.append(("write", match.group(1), match.group(2)))
        else:
            for line in match.group(3).splitlines():
                if line.startswith("$ "):
                    out.append(("run", shlex.split(line[2:])))
    return out


def test_the_page_has_every_step():
    kinds = [step[0] for step in steps()]
    commands = [step[1][1] for step in steps() if step[0] == "run"]
    assert commands == ["new", "check", "check", "show", "survivors", "serve"]
    assert kinds.count("write") == 1


def test_your_first_universe_step_by_step(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    outputs = []
    for step in steps():
        if step[0] == "write":
            Path(step[1]).write_text(step[2], encoding="utf-8")
            continue
        argv = step[1]
        assert argv[0] == "universe"
        if argv[1] == "serve":
            command, env = serve_plan(argv[2], 8501)
            assert command[-2:] == ["--server.port", "8501"] and str(APP) in command
            for name, value in env.items():
                monkeypatch.setenv(name, value)
            at = Explorer().open("overview")
            assert not at.exception, at.exception
            shown = Explorer.text(at) + "\n".join(str(t.value) for t in at.sidebar.selectbox)
            assert "My Saga" in shown
            survivors = Explorer.text(Explorer().open("survivors"))
            assert "Old Mentor" in survivors or "The Hero" in survivors
            continue
        result = CliRunner().invoke(cli, argv[1:], catch_exceptions=False)
        assert result.exit_code == 0, (argv, result.output)
        outputs.append((argv[1], result.output))
    by_command = {}
    for command, output in outputs:
        by_command.setdefault(command, []).append(output)
    assert (tmp_path / "my-saga" / "universe.yaml").is_file()
    assert all("ok: 0 errors, 0 warnings" in out for out in by_command["check"])
    page = by_command["show"][0]
    assert "Old Mentor" in page and "Status: Alive" in page
    assert "Trains the Hero" in page and "the Rival's teacher" not in page  # revealed at B2C1
    survivors = by_command["survivors"][0]
    assert re.search(r"Old Mentor\s+Dead", survivors) and re.search(r"The Hero\s+Alive", survivors)
    assert re.search(r"The Rival\s+Missing", survivors)


def test_new_refuses_an_existing_folder_and_a_bad_level(tmp_path):
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("mine")
    result = CliRunner().invoke(cli, ["new", str(tmp_path / "taken")])
    assert result.exit_code == 1 and "already exists and is not empty" in result.output
    assert (tmp_path / "taken" / "notes.txt").read_text() == "mine"
    bad = CliRunner().invoke(cli, ["new", str(tmp_path / "fresh"), "--levels", "Book,../x"])
    assert bad.exit_code == 1 and "story-time level" in bad.output
    assert not (tmp_path / "fresh").exists()


def test_every_level_choice_gives_a_universe_that_checks_clean(tmp_path):
    from universe.storage.store import check_universe

    for levels in ("part", "season,episode", "book,chapter", "volume,book,chapter", "saga,season,scene,shot"):
        folder = tmp_path / levels.replace(",", "-")
        assert CliRunner().invoke(cli, ["new", str(folder), "--levels", levels]).exit_code == 0
        assert check_universe(folder) == [], levels


def test_serve_opens_a_folder_anywhere_or_refuses_clearly(tmp_path):
    import click
    import pytest

    CliRunner().invoke(cli, ["new", str(tmp_path / "elsewhere" / "lighthouse"), "--levels", "part"])
    _, env = serve_plan(str(tmp_path / "elsewhere" / "lighthouse"), 8600)
    assert env == {"UNIVERSE_DATA": str(tmp_path / "elsewhere"), "UNIVERSE_OPEN": "lighthouse"}
    _, env = serve_plan(str(tmp_path / "elsewhere"), 8600)
    assert env == {"UNIVERSE_DATA": str(tmp_path / "elsewhere")}
    with pytest.raises(click.UsageError, match="no universe here"):
        serve_plan(str(tmp_path / "nothing"), 8600)


def test_make_run_takes_a_universe_and_a_port():
    import subprocess

    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(["make", "-n", "-C", str(root), "run", "UNIVERSE=./my-saga", "PORT=8600"],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "universe serve ./my-saga --port 8600" in done.stdout
    plain = subprocess.run(["make", "-n", "-C", str(root), "run"], capture_output=True, text=True, timeout=600)
    assert "universe serve  --port 8501" in plain.stdout or "universe serve --port 8501" in plain.stdout


def test_new_with_an_id_writes_under_the_data_folder_where_serve_finds_it(tmp_path, monkeypatch):
    monkeypatch.setenv("UNIVERSE_DATA", str(tmp_path))
    result = CliRunner().invoke(cli, ["new", "my-saga", "--levels", "book,chapter"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "my-saga" / "universe.yaml").is_file()
    assert "universe check my-saga" in result.output and "universe serve my-saga" in result.output
    assert CliRunner().invoke(cli, ["check", "my-saga"]).exit_code == 0
    _, env = serve_plan("my-saga", 8501)
    assert env == {"UNIVERSE_OPEN": "my-saga"}
    bad = CliRunner().invoke(cli, ["new", "My Saga"])
    assert bad.exit_code == 1 and "invalid universe id" in bad.output
