"""Storage that never loses work, tested for real: processes killed mid-save, racing writers,
invalid edits. No mocks: real processes (forked), real files, real locks, real SIGKILL.

Each save here is `arcstore.update_change` on one shared arc: read it with its version, append a
token to a change's rationale, save based on that version. A lost update would drop a token; a
torn file would not parse; a refused save must be reported as refused.
"""

import json
import multiprocessing
import os
import random
import select
import signal
import threading
import time
from pathlib import Path

import pytest

from universe.errors import UniverseInvalid
from universe.exchange.generate import tiny_documents, write_documents
from universe.storage.revisions import EditConflict, read_revision
from universe.writing.arcs import ArcInvalid, parse_arc
from universe.writing.arcstore import arc_history, arc_universe, create_arc, load_arc, update_change
from universe.writing.editing import add_status_change, edit_entity, read_entity

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL (POSIX)")

LOG = {"status": {"entity": "alice", "at": "S2", "status": "alive"}}


@pytest.fixture
def folder(tmp_path):
    folder = write_documents(tmp_path / "tiny", *tiny_documents())
    arc = create_arc(folder, "log", "Log")
    from universe.writing.arcstore import add_change

    add_change(folder, "log", arc.version, {"id": "log", **LOG, "rationale": "start"})
    return folder


def tokens(folder: Path) -> list[str]:
    return load_arc(folder, "log").change("log").rationale.split()[1:]


def append_token(folder: Path, token: str) -> bool:
    """One save: True when accepted, False when refused as stale (EditConflict)."""
    arc = load_arc(folder, "log")
    try:
        update_change(folder, "log", arc.version, "log", {**LOG, "rationale": f"{arc.change('log').rationale} {token}"})
    except EditConflict:
        return False
    return True


SAVES, MID_WRITE = 200, 10
HANG = 600  # seconds without a single save: the writer is stuck (a lock left held), not slow


def _writer_until_killed(folder: Path, saved: int, pipe: int) -> None:
    """The forked writer: save, save, save... writing one byte to `pipe` after each save."""
    try:
        count = saved
        while True:
            count += append_token(folder, f"s{count + 1}")
            os.write(pipe, b".")
    finally:
        os._exit(0)


def _await_saves(pipe: int, count: int) -> float:
    """Block until the writer reports `count` saves; the time the last one took."""
    last = time.monotonic()
    took = 0.0
    for _ in range(count):
        ready, _, _ = select.select([pipe], [], [], HANG)
        assert ready, f"the writer made no save in {HANG} s: a killed writer left the lock held?"
        assert os.read(pipe, 1) == b".", "the writer died on its own"
        now = time.monotonic()
        took, last = now - last, now
    return took


def test_a_writer_killed_at_random_moments_always_leaves_a_file_that_loads(folder):
    """Bounded by what happened, not by tries or seconds: it runs until 200 saves are in and 10
    kills landed mid-write (a temporary file left behind), however loaded the machine is. Each
    writer is killed only after two saves of its own, at a random moment of its third: the
    second save's duration sets the scale, so a slow machine gets proportionally later kills."""
    rng = random.Random(20260201)
    saved = kills = killed_mid_write = 0
    while saved < SAVES or killed_mid_write < MID_WRITE:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read)
            _writer_until_killed(folder, saved, write)
        os.close(write)
        try:
            pace = _await_saves(read, 2)
            time.sleep(rng.uniform(0.0, pace))
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        finally:
            os.close(read)
        kills += 1
        killed_mid_write += any(folder.rglob(".*.tmp"))  # swept by the next save
        arc_universe(folder, "log")  # the file loads and applies to canon
        found = tokens(folder)
        assert found == [f"s{n}" for n in range(1, len(found) + 1)]  # exactly one whole version
        assert len(found) >= saved + 2  # never older than a save that completed
        saved = len(found)
    assert killed_mid_write >= MID_WRITE and kills >= killed_mid_write
    append_token(folder, "last")
    assert not any(folder.rglob(".*.tmp"))  # what killed writers left behind is swept
    for revision in arc_history(folder, "log"):  # history files are written atomically too
        parse_arc(read_revision(revision), "history", "log")
    print(f"\nkill test: {saved} saves, {kills} SIGKILLs, {killed_mid_write} of them mid-write (temporary file left)")


def _writer(folder: str, name: str, count: int, start, results) -> None:
    accepted, refused, attempts = [], 0, 0
    start.wait()
    while len(accepted) < count:
        attempts += 1
        token = f"{name}{len(accepted)}"
        if append_token(Path(folder), token):
            accepted.append(token)
        else:
            refused += 1
    results.put(json.dumps({"name": name, "accepted": accepted, "refused": refused, "attempts": attempts}))


def test_two_racing_writers_lose_no_update(folder):
    context = multiprocessing.get_context("fork")
    start, results = context.Barrier(2), context.Queue()
    writers = [context.Process(target=_writer, args=(str(folder), name, 250, start, results)) for name in ("a", "b")]
    for writer in writers:
        writer.start()
    reports = [json.loads(results.get(timeout=120)) for _ in writers]
    for writer in writers:
        writer.join(timeout=30)
        assert writer.exitcode == 0
    accepted = [token for report in reports for token in report["accepted"]]
    refused = sum(report["refused"] for report in reports)
    for report in reports:
        assert report["attempts"] == len(report["accepted"]) + report["refused"]
    found = tokens(folder)
    assert sorted(found) == sorted(accepted) and len(found) == 500  # every accepted save is there, once
    for report in reports:  # and each writer's saves landed in the order it made them
        mine = [t for t in found if t.startswith(report["name"])]
        assert mine == report["accepted"]
    saves = [r for r in arc_history(folder, "log") if r.action == "save"]
    assert len(saves) == 1 + 500  # the setup's save, then one per accepted save: no extra, none lost
    print(f"\nrace test: 500 saves accepted, {refused} refused as stale and retried, "
          f"{sum(r['attempts'] for r in reports)} attempts")


def test_threads_of_one_server_lose_no_update_either(folder):
    accepted: list[str] = []
    refused = [0]

    def run(name: str) -> None:
        for number in range(40):
            while not append_token(folder, f"{name}{number}"):
                refused[0] += 1
            accepted.append(f"{name}{number}")

    threads = [threading.Thread(target=run, args=(name,)) for name in "xy"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(tokens(folder)) == sorted(accepted) and len(accepted) == 80


def _everything(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


INVALID_EDITS = {
    "arc: unknown entity": lambda f: update_change(f, "log", None, "log", {"status": {"entity": "zed", "at": "S2", "status": "alive"}, "rationale": "r"}),
    "arc: unknown story point": lambda f: update_change(f, "log", None, "log", {"status": {"entity": "alice", "at": "S7", "status": "alive"}, "rationale": "r"}),
    "arc: no rationale": lambda f: update_change(f, "log", None, "log", dict(LOG)),
    "arc: two things at once": lambda f: update_change(f, "log", None, "log", {**LOG, "retract": {"statement": "carol/parent/bob"}, "rationale": "r"}),
    "canon: empty name": lambda f: edit_entity(f, "bob", None, name=""),
    "canon: unknown status": lambda f: add_status_change(f, "bob", None, {"at": "S1E2", "status": "undead"}),
    "canon: unknown kind": lambda f: edit_entity(f, "bob", None, point="S9"),
    "canon: stale page": lambda f: edit_entity(f, "bob", "0123456789abcdef", name="Robert"),
}


@pytest.mark.parametrize("name", list(INVALID_EDITS))
def test_invalid_edits_change_nothing_on_disk(folder, name):
    read_entity(folder, "bob")
    before = _everything(folder)
    with pytest.raises((ArcInvalid, UniverseInvalid, EditConflict)):
        INVALID_EDITS[name](folder)
    assert _everything(folder) == before  # byte for byte, history and all
