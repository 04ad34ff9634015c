"""Hostile files in a universe folder: each is refused with its file (and line), never a
traceback, a hang or a write through a link."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from universe.errors import FileRefused, UniverseError, UniverseInvalid
from universe.exchange.generate import tiny_documents, write_documents
from universe.storage.regularfile import read_regular_file
from universe.storage.revisions import transaction
from universe.storage.store import check_universe, load_universe
from universe.storage.yamlfile import dump_yaml

# A hang is a failure, not a timing: the command must answer long before this, loaded or not.
HANG = 600


def tiny(tmp_path: Path) -> Path:
    universe, facts = tiny_documents()
    return write_documents(tmp_path / "tiny", universe, facts)


def universe_command(*args: str) -> subprocess.CompletedProcess:
    """The `universe` command in a child process (so a hang cannot hang the tests)."""
    code = "from universe.cli.main import main; main()"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=HANG,
                          env={**os.environ, "UNIVERSE_CACHE": "off"})


def errors(folder: Path) -> list[str]:
    return [str(p) for p in check_universe(folder) if p.is_error]


# -- a 5,001-digit integer ----------------------------------------------------------------------

HUGE = "9" * 5001


@pytest.mark.parametrize("where", ["fact file", "universe.yaml", "hexadecimal"])
def test_a_5001_digit_integer_is_refused_with_file_and_line(tmp_path, where):
    folder = tiny(tmp_path)
    if where == "universe.yaml":
        path = folder / "universe.yaml"
        path.write_text(path.read_text(encoding="utf-8") + f"huge: {HUGE}\n", encoding="utf-8")
    else:
        path = folder / "extra.yaml"
        value = HUGE if where == "fact file" else "0x" + "f" * 5000
        path.write_text(f"# a comment\nentities:\n  - id: huge\n    kind: character\n    name: Huge\n"
                        f"    attributes:\n      n: {value}\n", encoding="utf-8")
    line = path.read_text(encoding="utf-8").count("\n")
    found = errors(folder)
    assert any(p.startswith(f"{path}:{line}: integer of ") and "too long" in p for p in found), found
    with pytest.raises(UniverseInvalid, match="too long"):
        load_universe(folder)
    for command in (["check", str(folder)], ["stats", str(folder)], ["export", "--format", "json", str(folder)]):
        result = universe_command(*command)
        assert result.returncode != 0 and "Traceback" not in result.stderr, (command, result.stderr[-2000:])
        assert f"{path.name}:{line}" in result.stdout + result.stderr


# -- links and special files anywhere in the folder ----------------------------------------------


def _make(kind: str, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "link to /dev/zero":
        path.symlink_to("/dev/zero")
    elif kind == "dangling link":
        path.symlink_to(path.parent / "nowhere.yaml")
    elif kind == "socket":
        here = os.getcwd()
        os.chdir(path.parent)  # a socket's path is short: bind it by its name
        try:
            listener = socket.socket(socket.AF_UNIX)
            listener.bind(path.name)
            listener.close()
        finally:
            os.chdir(here)
    elif kind == "link to a file":
        target = path.parent.parent / "elsewhere.yaml"
        target.write_text("entities: []\n", encoding="utf-8")
        path.symlink_to(target)


KINDS = ["fifo", "socket", "link to /dev/zero", "dangling link", "link to a file"]
PLACES = ["extra.yaml", "arcs/what-if.yaml", ".history/facts/000001-x-save-0.yaml", "notes/readme.txt"]


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("kind", KINDS)
def test_links_and_special_files_anywhere_are_refused_by_name(tmp_path, kind, place):
    folder = tiny(tmp_path)
    _make(kind, folder / place)
    found = errors(folder)
    label = str(folder / place)
    assert any(p.startswith(label) and "regular files" in p for p in found), found
    with pytest.raises(UniverseInvalid, match="regular files"):
        load_universe(folder)
    result = universe_command("check", str(folder))
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr[-2000:]
    assert place in result.stdout + result.stderr


@pytest.mark.parametrize("kind", KINDS)
def test_a_special_universe_yaml_is_refused_by_name(tmp_path, kind):
    folder = tiny(tmp_path)
    (folder / "universe.yaml").unlink()
    _make(kind, folder / "universe.yaml")
    result = universe_command("check", str(folder))
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr[-2000:]
    assert "universe.yaml: is a" in result.stdout + result.stderr and "regular files" in result.stdout + result.stderr


def test_a_device_is_never_read():
    with pytest.raises(FileRefused, match="is a character device: a universe folder holds regular files only"):
        read_regular_file("/dev/zero", "zero.yaml")


@pytest.mark.parametrize("kind", ["fifo", "dangling link", "link to a file"])
def test_nothing_is_written_through_a_link_or_into_a_fifo(tmp_path, kind):
    folder = tiny(tmp_path)
    _make(kind, folder / ".history" / "facts.yaml")
    with pytest.raises(UniverseError, match="regular files"):
        with transaction(folder) as tx:
            tx.write(folder / "facts.yaml", "entities: []\n")
    assert "entities: []" not in (folder / "facts.yaml").read_text(encoding="utf-8")


def test_a_linked_history_folder_is_never_written_through(tmp_path):
    folder = tiny(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    (folder / ".history").symlink_to(outside, target_is_directory=True)
    with pytest.raises(UniverseError, match=r"\.history: is a symbolic link"):
        with transaction(folder) as tx:
            tx.write(folder / "facts.yaml", "entities: []\n")
    assert list(outside.iterdir()) == []


# -- size across the whole universe -------------------------------------------------------------


def test_a_universe_over_the_total_size_cap_is_refused(tmp_path, monkeypatch):
    from universe.storage import folder as folder_module

    folder = tiny(tmp_path)
    universe, facts = tiny_documents()
    for n in range(4):
        (folder / f"more-{n}.yaml").write_text(dump_yaml({"entities": []}) + "#" * 3000 + "\n", encoding="utf-8")
    total = sum(p.stat().st_size for p in folder.glob("*.yaml"))
    monkeypatch.setattr(folder_module, "MAX_UNIVERSE_BYTES", total - 1000)
    found = errors(folder)
    assert any("more-" in p and "together are over" in p and f"{total - 1000:,}" in p for p in found), found
    with pytest.raises(UniverseInvalid, match="for a whole universe"):
        load_universe(folder)
    monkeypatch.setattr(folder_module, "MAX_UNIVERSE_BYTES", total)
    assert load_universe(folder).id == "tiny"


# -- an empty universe.yaml ---------------------------------------------------------------------


@pytest.mark.parametrize("content", ["", "# only a comment\n", "---\n"])
def test_an_empty_universe_yaml_is_an_error_in_check_and_stats(tmp_path, content):
    folder = tiny(tmp_path)
    (folder / "universe.yaml").write_text(content, encoding="utf-8")
    found = errors(folder)
    assert any(re.match(rf"{re.escape(str(folder / 'universe.yaml'))}(:\d+)?: universe.yaml is empty", p) for p in found), found
    check = universe_command("check", str(folder))
    assert check.returncode == 1 and "universe.yaml is empty" in check.stdout + check.stderr
    stats = universe_command("stats", str(folder))
    assert stats.returncode == 1 and "Traceback" not in stats.stderr and "universe.yaml is empty" in stats.stdout + stats.stderr
