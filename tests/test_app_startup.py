"""The explorer's first page after a start imports only what it shows: a warm start (the derived
cache holds the universe) draws the Overview without pandas, networkx, igraph, pyvis, numpy or
pydantic, and without the arc modules when the universe has no arc."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import textwrap
import weakref
from pathlib import Path

import pytest

from universe.exchange.generate import generated_documents, write_documents

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("pandas", "numpy", "networkx", "igraph", "pyvis", "pydantic", "PIL", "universe.storage.loader", "universe.writing.arcs")

# A fresh interpreter opens the Overview under AppTest, checks what it drew, and prints the heavy
# modules it imported (this process has imported them all already).
_PROBE = textwrap.dedent("""
    import sys
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file({app!r}, default_timeout=120)
    at.query_params["universe"] = "small"
    {as_of}
    at.run()
    assert not at.exception, at.exception[0].message
    titles = [t.value.replace("\\\\", "") for t in at.title]
    assert titles == [{title!r}], titles
    subheaders = [s.value for s in at.subheader]
    assert "Main characters" in subheaders, subheaders
    asked = [s.label for s in at.selectbox]
    print(sorted(asked))
    print(sorted(m for m in {heavy!r} if m in sys.modules))
""")


@pytest.fixture(scope="module")
def small_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("first-page")
    universe, facts = generated_documents(300, statements=1_500, status_changes=300)
    universe["id"] = "small"
    write_documents(root / "small", universe, facts)
    return root, universe["title"]


def _first_page(root: Path, title: str, as_of: str | None) -> tuple[list[str], list[str]]:
    code = _PROBE.format(app=str(ROOT / "app.py"), title=title, heavy=HEAVY,
                         as_of=f"at.query_params['as_of'] = {as_of!r}" if as_of else "")
    # the start before, in a fresh interpreter too (it digests the code on disk as the probe
    # will): the derived cache now holds the universe
    warm = f"from universe.storage.store import load_universe; load_universe({str(root / 'small')!r})"
    subprocess.run([sys.executable, "-c", warm], check=True, cwd=ROOT)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "UNIVERSE_DATA": str(root)})
    assert done.returncode == 0, done.stderr
    out = done.stdout.strip().splitlines()
    return eval(out[-2]), eval(out[-1])  # two lists of names printed by the probe


def test_a_first_visit_asks_how_far_and_imports_no_heavy_library(small_root):
    root, title = small_root
    asked, heavy = _first_page(root, title, None)
    assert "I have watched up to..." in asked  # the sidebar's horizon, and the first visit's question
    assert asked.count("I have watched up to...") == 2
    assert heavy == []


def test_the_whole_story_s_overview_imports_no_heavy_library_either(small_root):
    root, title = small_root
    asked, heavy = _first_page(root, title, "everything")
    assert asked.count("I have watched up to...") == 1  # a link's horizon: not asked again
    assert heavy == []


def test_a_large_load_is_kept_out_of_the_collector_s_passes_a_small_one_is_not():
    from universe.views.heap import kept_for_long

    assert gc.isenabled()
    frozen = gc.get_freeze_count()
    try:
        with kept_for_long(threshold=50_000):
            assert not gc.isenabled()  # no pass over what the block makes
            small = [[index] for index in range(1_000)]
        assert gc.isenabled() and gc.get_freeze_count() == frozen
        with kept_for_long(threshold=50_000):
            large = [[index] for index in range(100_000)]
        assert gc.isenabled() and gc.get_freeze_count() >= frozen + 100_000
        assert len(small) + len(large) == 101_000
        del large
        with kept_for_long(threshold=50_000):  # the next load hands back what the last froze
            assert gc.get_freeze_count() == 0
    finally:
        gc.unfreeze()


def test_the_app_s_load_freezes_a_large_universe(tmp_path, monkeypatch):
    from universe.views import heap
    from universe.views.loading import load

    universe, facts = generated_documents(300, statements=1_500, status_changes=300)
    folder = write_documents(tmp_path / "small", universe, facts)
    monkeypatch.setattr(heap, "FREEZE_FROM", 1_000)  # this one is large enough for the test
    frozen = gc.get_freeze_count()
    try:
        assert load(folder).universe is not None
        assert gc.get_freeze_count() > frozen and gc.isenabled()
    finally:
        gc.unfreeze()


def test_a_loaded_universe_holds_no_reference_cycle(tmp_path):
    """So that a version the app drops is freed though frozen (a cycle among frozen objects is
    never collected)."""
    from universe.storage.store import load_universe

    universe, facts = generated_documents(300, statements=1_500, status_changes=300)
    folder = write_documents(tmp_path / "small", universe, facts)
    load_universe(folder)  # the next one is warm, as the app's loads are
    gc.collect()
    gc.disable()
    try:
        loaded = load_universe(folder)
        snapshots = [loaded.as_of(None), loaded.as_of(loaded.timeline.points[0].id, "canon")]
        assert len(snapshots[0].statements) > 1_000
        gc.collect()  # what loading left behind
        del loaded, snapshots
        assert gc.collect() == 0
    finally:
        gc.enable()


class _Node:
    """An object in a reference cycle with itself."""


def test_a_cycle_frozen_by_one_load_is_freed_by_the_next():
    from universe.views.heap import kept_for_long

    node = _Node()
    node.itself = node
    ref = weakref.ref(node)
    try:
        with kept_for_long(threshold=50_000):
            large = [[index] for index in range(100_000)]  # the node is alive: frozen too
        del node, large
        gc.collect()
        assert ref() is not None  # frozen: no pass of the collector sees it
        with kept_for_long(threshold=50_000):
            pass
        assert ref() is None
    finally:
        gc.unfreeze()
