"""Replacing a universe by an import loses nothing: its arcs and history stay, the replaced files
are one change that undo takes back, a read-only deployment refuses it, and a writer killed in
the middle of the swap never leaves the universe missing."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from universe.cli.main import cli
from universe.errors import ImportFailed
from universe.exchange.importers import from_networkx
from universe.exchange.importers.replacing import undo_replace
from universe.storage import folderswap
from universe.storage.revisions import READ_ONLY_ENV, NothingToUndo, ReadOnly
from universe.storage.store import list_universes, load_universe
from universe.writing.arcstore import add_change, arc_history, arc_universe, create_arc, load_arc
from universe.writing.editing import edit_entity, undo_canon

OLD = nx.Graph([("ann", "ben"), ("ben", "cat")])
NEW = nx.Graph([("ben", "dee"), ("dee", "eve")])


def documents(graph: nx.Graph):
    return from_networkx(graph, universe_id="people")


@pytest.fixture
def target(tmp_path):
    """An imported universe a writer has worked on: an arc, a canon edit, a history."""
    target = tmp_path / "people"
    documents(OLD).write(target)
    arc = create_arc(target, "ben-leaves", "Ben leaves")
    add_change(target, "ben-leaves", arc.version, {"entity": {"id": "fay", "kind": "character", "name": "Fay"},
                                                    "rationale": "A new friend."})
    edit_entity(target, "ben", None, name="Benjamin")
    return target


def facts(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.yaml"))}


def kept(folder: Path) -> dict[str, bytes]:
    """The arcs and the history, byte for byte."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.relative_to(folder).parts[0] in ("arcs", ".history") and p.name != ".lock"}


def leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith("."))


def test_force_keeps_the_arcs_and_the_history(target):
    arcs_and_history = kept(target)
    versions = len(arc_history(target, "ben-leaves"))
    report = documents(NEW).write(target, force=True)
    assert report.replaced and any("its 1 arc and its history are kept" in note for note in report.notes)
    assert set(load_universe(target).entities) == {"ben", "dee", "eve", "dataset"}
    after = kept(target)
    assert all(after[name] == data for name, data in arcs_and_history.items())  # nothing of them lost
    assert len(arc_history(target, "ben-leaves")) == versions and load_arc(target, "ben-leaves").changes
    arc_universe(target, "ben-leaves")  # and the arc still applies to the new canon
    assert leftovers(target.parent) == []


def test_undo_brings_every_replaced_file_back(target):
    before = facts(target)
    documents(NEW).write(target, force=True)
    assert facts(target) != before
    undo_replace(target)
    assert facts(target) == before  # relations.yaml, characters, universe.yaml: all of them
    assert load_universe(target).entities["ben"].name == "Benjamin"
    with pytest.raises(NothingToUndo):
        undo_replace(target)  # the last change is now the undo, not an import


def test_the_wikis_undo_of_one_file_takes_back_the_whole_import(target):
    before = facts(target)
    documents(nx.Graph([("zed", "yan")])).write(target, force=True)  # other files: some new, some gone
    undo_canon(target, "relations.yaml")
    assert facts(target) == before


def test_a_read_only_deployment_refuses_imports(target, monkeypatch, tmp_path):
    monkeypatch.setenv(READ_ONLY_ENV, "1")
    before = facts(target)
    with pytest.raises(ReadOnly):
        documents(NEW).write(target, force=True)
    with pytest.raises(ReadOnly):
        from_networkx(NEW, universe_id="fresh").write(tmp_path / "fresh")
    edges = tmp_path / "edges.csv"
    edges.write_text("Source,Target\nann,ben\n")
    result = CliRunner().invoke(cli, ["import", "csv", str(edges), "--licence", "CC0", "-o", str(target), "--force"])
    assert result.exit_code == 1 and "read-only" in result.output, result.output
    assert facts(target) == before and not (tmp_path / "fresh").exists() and leftovers(tmp_path) == []


def test_a_folder_that_is_not_a_universe_is_never_replaced(tmp_path):
    folder = tmp_path / "people"
    folder.mkdir()
    (folder / "thesis.txt").write_text("mine")
    with pytest.raises(ImportFailed, match="not a universe"):
        documents(NEW).write(folder, force=True)
    assert (folder / "thesis.txt").read_text() == "mine"


# -- killed mid-replace ------------------------------------------------------------------------


def _killed_replace(target: Path, where: str) -> None:
    """Replace `target` in a forked writer killed with SIGKILL at `where`; wait for it."""
    pid = os.fork()
    if pid == 0:
        try:
            exchange, rename = folderswap._exchange, folderswap._rename

            def die():
                os.kill(os.getpid(), signal.SIGKILL)

            if where == "after the exchange":
                folderswap._exchange = lambda a, b: (exchange(a, b), die())
            else:
                folderswap._exchange = lambda a, b: False  # a system without RENAME_EXCHANGE
                if where == "after the first rename":
                    folderswap._rename = lambda a, b: (rename(a, b), die())
                elif where == "before the swap":
                    folderswap._rename = lambda a, b: die()
            documents(NEW).write(target, force=True)
        finally:
            os._exit(3)  # not killed: the test's hook was never reached
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, "the writer was not killed"


@pytest.mark.parametrize("where, expected", [
    ("before the swap", OLD),
    ("after the first rename", NEW),
    ("after the exchange", NEW),
])
@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL (POSIX)")
def test_a_writer_killed_inside_a_replace_never_leaves_the_universe_missing(target, where, expected):
    arcs_and_history = kept(target)
    _killed_replace(target, where)
    assert any(leftovers(target.parent))  # the killed writer's staging folder is still there
    if where == "after the first rename":
        assert not target.exists()  # the window the issue found: no universe, until the next start
    result = CliRunner().invoke(cli, ["check", str(target)])  # the next start
    assert result.exit_code == 0, result.output
    names = {n.replace("_", "-") for n in expected.nodes} | {"dataset"}
    assert set(load_universe(target).entities) == names
    assert all(kept(target)[name] == data for name, data in arcs_and_history.items())
    assert list_universes(target.parent) == ["people"] and leftovers(target.parent) == []


def _waiting_on(lock: Path) -> bool:
    """True when some process or thread is blocked waiting for the flock on `lock` (Linux)."""
    inode = os.stat(lock).st_ino
    with open("/proc/locks") as table:
        return any("->" in line and "FLOCK" in line and line.split()[-3].endswith(f":{inode}") for line in table)


@pytest.mark.skipif(not os.path.exists("/proc/locks"), reason="needs /proc/locks to see a blocked writer")
def test_an_edit_waiting_for_the_lock_during_a_replace_waits_for_the_new_folders_lock(target, monkeypatch):
    """An editor who arrives while the import holds the universe's lock waits on the old folder's
    lock file. Once the new folder is in place, that lock protects nothing: the editor must take
    the new folder's lock, and wait for whoever holds it, before writing there."""
    import fcntl

    from universe.exchange.importers import replacing

    real_swap, editor, failures, holder = replacing.swap, [], [], []
    old_lock = target / ".history" / ".lock"

    def edit():
        try:
            edit_entity(target, "ben", None, name="Ben, who waited")
        except Exception as error:  # noqa: BLE001 - reported below
            failures.append(error)

    def swap_with_an_editor_waiting(staging):
        thread = threading.Thread(target=edit)
        thread.start()
        editor.append(thread)
        while not _waiting_on(old_lock):  # the editor is blocked on the old folder's lock
            assert thread.is_alive(), failures
            time.sleep(0.005)
        real_swap(staging)
        handle = open(target / ".history" / ".lock", "a+")  # someone takes the new folder's lock
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        holder.append(handle)

    monkeypatch.setattr(replacing, "swap", swap_with_an_editor_waiting)
    documents(NEW).write(target, force=True)  # releases the old lock: the editor wakes up
    new_lock = target / ".history" / ".lock"
    while editor[0].is_alive() and not _waiting_on(new_lock):
        time.sleep(0.005)
    assert editor[0].is_alive(), "the editor wrote while another writer held the universe's lock"
    assert load_universe(target).entities["ben"].name == "ben"
    holder[0].close()  # releases it
    editor[0].join()
    assert failures == [] and load_universe(target).entities["ben"].name == "Ben, who waited"


def test_the_state_an_older_version_left_after_a_crash_is_rolled_back(target):
    """What `import --force` left when killed right after its first rename, before this fix: the
    old universe parked in the staging folder, the new one beside it, the target missing."""
    staging = target.parent / ".people.importing-k1ll3d"
    staging.mkdir()
    before = facts(target)
    os.rename(target, staging / "people.replaced")
    documents(NEW).write(staging / "people")  # the new universe, written but never put in place
    assert not target.exists()
    assert CliRunner().invoke(cli, ["check", str(target)]).exit_code == 0  # the next start
    assert facts(target) == before and (target / "arcs" / "ben-leaves.yaml").exists()
    assert leftovers(target.parent) == []
