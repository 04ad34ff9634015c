"""Benchmark of the explorer at scale: generated universes of 1,000, 5,000 and 20,000 entities.

Run with ``python -m benchmarks.scale`` (``--sizes 1000,5000`` for a quicker run, ``--keep DIR``
to reuse generated folders between runs). For each size (5 statements and 1 status change per
entity), it times the core steps a page builds on and each page of the explorer, beside a
baseline measured in the same run on the same data:

- cold load: reading the folder in a fresh process, beside libyaml parsing the same bytes;
- snapshot and graph build, beside ``nx.Graph(edge list)`` (plain networkx on the same edges);
- layout of the view the Graph page draws, and of the whole graph, beside ``nx.spring_layout``;
- each centrality measure of the Graph page and the communities, beside networkx's own
  function on the plain graph (``degree_centrality``, ``pagerank``, ``betweenness_centrality``
  with the same sample, ``eigenvector_centrality``, ``louvain_communities``);
- each page under AppTest: the first visit (universe loaded, the page's caches cold), a change of
  horizon from the sidebar (a new snapshot; the median over `--repeats` horizons no page used
  before), and a rerun (the median of `--repeats`), beside a one-title script's first run and rerun.

Then how each step grows: the ratio of times between sizes beside the ratio of statements and of
n log n, flagging steps that grow faster than n log n. It prints figures; it is not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.figures import print_core, print_pages

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
SIZES = (1_000, 5_000, 20_000)
SPRING_LIMIT = 5_000  # nx.spring_layout of a whole graph above this takes minutes: skipped


def _timed(function, repeats: int = 1):
    """(median seconds, last result) of `repeats` calls."""
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


# -- what the explorer runs for each step ------------------------------------------------------
# (Run from an older checkout, without universe.metrics, these fall back to what the explorer
# ran then: networkx over the drawn view. docs/scale.md compares both.)


def measures() -> list[str]:
    from universe.queries.metrics import CENTRALITY_MEASURES

    return list(CENTRALITY_MEASURES)


def to_igraph(G):
    """The whole graph converted for the metrics once per view state (None before metrics)."""
    try:
        from universe.queries.metrics import network
    except ImportError:
        return None
    return network(G)


def centrality(G, net, measure: str) -> dict:
    if net is None:
        from universe.queries.graph import centrality

        return centrality(G, measure)
    from universe.queries.metrics import centrality

    return centrality(net, measure)


def communities(G, net) -> list:
    if net is None:
        from universe.drawing.render import _communities

        return _communities(G)
    from universe.queries.metrics import communities

    return communities(net)


def drawn_view(G, net):
    """What the Graph page draws without a focus: the top of the whole graph by degree."""
    from universe.queries.selection import MAX_NODES, select

    if net is None:
        return select(G, isolated=False, limit=MAX_NODES).G
    return select(G, isolated=False, limit=MAX_NODES, rank=centrality(G, net, "degree")).G


# -- the child processes (one per size: a fresh interpreter, cold caches) ---------------------


def core_steps(folder: Path, repeats: int) -> dict:
    """Seconds of each core step (ours, baseline) on the universe in `folder`."""
    import networkx as nx
    import yaml

    from universe.queries.graph import build_graph
    from universe.queries.layout import positions
    from universe.storage.store import load_universe

    steps: dict[str, tuple[float, float | None]] = {}
    load, universe = _timed(lambda: load_universe(folder))
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    floor, _ = _timed(lambda: [yaml.load(p.read_bytes(), Loader=loader) for p in sorted(folder.glob("*.yaml"))])
    steps["cold load"] = (load, floor)

    snapshot_time, snapshot = _timed(universe.as_of, repeats)
    graph_time, G = _timed(lambda: build_graph(snapshot), repeats)
    edges = [(u, v) for u, v in G.edges() if u != v]
    plain_time, B = _timed(lambda: _plain(G.nodes, edges), repeats)
    steps["snapshot (everything)"] = (snapshot_time, plain_time)
    mid = universe.timeline.leaves[len(universe.timeline.leaves) // 2]
    steps["snapshot (mid-story, canon)"] = (_timed(lambda: universe.as_of(mid, "canon"), repeats)[0], plain_time)
    steps["graph build"] = (graph_time, plain_time)

    convert_time, net = _timed(lambda: to_igraph(G), repeats)
    steps["igraph conversion"] = (convert_time if net is not None else None, plain_time)
    view_time, view = _timed(lambda: drawn_view(G, net), repeats)
    steps["Graph page view (top-k)"] = (view_time, None)
    view_plain = _plain(view.nodes, [(u, v) for u, v in view.edges() if u != v])
    steps["layout (drawn view)"] = (
        _timed(lambda: positions(view), repeats)[0],
        _timed(lambda: nx.spring_layout(view_plain, seed=1), repeats)[0],
    )
    spring = _timed(lambda: nx.spring_layout(B, seed=1))[0] if B.number_of_nodes() <= SPRING_LIMIT else None
    steps["layout (whole graph)"] = (_timed(lambda: positions(G))[0], spring)

    sample = min(B.number_of_nodes(), 300) if B.number_of_nodes() > 1000 else None
    baselines = {
        "degree": lambda: nx.degree_centrality(B),
        "pagerank": lambda: nx.pagerank(B),
        "betweenness": lambda: nx.betweenness_centrality(B, k=sample, seed=1),
        "eigenvector": lambda: nx.eigenvector_centrality(B, max_iter=1000),
    }
    for measure in measures():
        ours = _timed(lambda: centrality(G, net, measure), repeats if measure != "betweenness" or net else 1)[0]
        steps[f"centrality: {measure}"] = (ours, _timed(baselines[measure])[0])
    steps["communities"] = (
        _timed(lambda: communities(G, net), repeats if net else 1)[0],
        _timed(lambda: nx.community.louvain_communities(B, seed=1))[0],
    )
    return {
        "entities": len(universe.entities),
        "statements": len(universe.statements),
        "edges": G.number_of_edges(),
        "steps": steps,
    }


def _plain(nodes, edges):
    import networkx as nx

    B = nx.Graph()
    B.add_nodes_from(nodes)
    B.add_edges_from(edges)
    return B


PAGE_CASES = {
    # name: (page script, extra query parameters); "{focus}" is a well-connected character
    "overview": ("overview", {}),
    "wiki (index)": ("wiki", {}),
    "wiki (entity page)": ("wiki", {"entity": "{focus}"}),
    "graph (top-k)": ("graph", {}),
    "graph (focus, depth 2)": ("graph", {"focus": "{focus}", "depth": "2"}),
    "graph (betweenness, communities)": ("graph", {"size": "betweenness", "colour": "community"}),
    "survivors": ("survivors", {}),
    "connections": ("connections", {}),
    "timeline": ("timeline", {}),
}


def page_steps(root: Path, universe_id: str, repeats: int) -> dict:
    """Milliseconds of each page: first visit, horizon change, rerun; and the AppTest baseline."""
    os.environ["UNIVERSE_DATA"] = str(root)
    from streamlit.testing.v1 import AppTest

    from universe.queries.summary import main_characters
    from universe.storage.store import load_universe

    universe = load_universe(root / universe_id)
    leaves = universe.timeline.leaves
    focus = main_characters(universe.as_of(), limit=1)[0][0].id
    script = "import streamlit as st\nst.title('baseline')"
    first_base = statistics.median(_timed(AppTest.from_string(script, default_timeout=60).run)[0] for _ in range(repeats))
    base = AppTest.from_string(script, default_timeout=60)
    base.run()
    baseline = _reruns(base, repeats)

    def opened(page: str, params: dict):
        """An AppTest landing on `page` (not yet run)."""
        at = AppTest.from_file(APP, default_timeout=900)
        at.query_params["universe"] = universe_id
        for name, value in params.items():
            at.query_params[name] = value
        if page != "overview":
            at.switch_page(f"app_pages/{page}.py")
        return at

    start = time.perf_counter()
    opened("overview", {}).run()  # loads the universe: the app's cold start
    cold_start = time.perf_counter() - start
    for page, params in PAGE_CASES.values():  # imports and one-time set-up, at another horizon
        _check(opened(page, {k: v.format(focus=focus) for k, v in params.items()}).run(), page)
    horizon = leaves[len(leaves) // 2].id
    # the snapshot every page shares, made outside any page (Streamlit's caches are per process)
    from universe.views import state

    loaded = state.load(root / universe_id).universe
    state.snapshot_of((str(root / universe_id), loaded.version, horizon, state.DEFAULT_EVIDENCE.value))
    pages = {}
    middle = len(leaves) // 2
    unused = iter([leaf.id for leaf in leaves[middle + 1 :] + leaves[:middle]] * 2)  # horizons no page saw yet
    for name, (page, params) in PAGE_CASES.items():
        params = {k: v.format(focus=focus) for k, v in params.items()}
        at = opened(page, {"as_of": horizon, **params})
        start = time.perf_counter()
        at.run()
        first = time.perf_counter() - start
        _check(at, name)
        rerun = _reruns(at, repeats)
        changes = []
        for _ in range(repeats):
            start = time.perf_counter()
            at.selectbox(key="state.as_of").set_value(next(unused)).run()
            changes.append(time.perf_counter() - start)
            _check(at, name)
        pages[name] = (first, statistics.median(changes), rerun, _sent(at))
    return {"baseline": baseline, "first baseline": first_base, "cold start": cold_start, "pages": pages}


def _sent(at) -> int:
    """Bytes of the elements a rerun sends (vis-network's script aside: it is sent once)."""

    def walk(node):
        yield node
        for child in getattr(node, "children", {}).values():
            yield from walk(child)

    total = 0
    for element in walk(at._tree):
        proto = getattr(element, "proto", None)
        if hasattr(proto, "SerializeToString") and getattr(proto, "component_name", "") != "universe_vis_network":
            total += len(proto.SerializeToString())
    return total


def _reruns(at, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _check(at, name: str) -> None:
    if at.exception:
        raise SystemExit(f"{name}: {at.exception[0].message}")


# -- the parent: generate, run the children, print -------------------------------------------


def _folder(keep: Path | None, size: int) -> tuple[Path, str]:
    """A data root holding a generated universe of `size` entities (reused under `keep`)."""
    from universe.exchange.generate import generated_documents, write_documents

    universe_id = f"generated-{size}"
    root = keep if keep is not None else Path(tempfile.mkdtemp(prefix="universe-scale-"))
    folder = root / universe_id
    if not (folder / "universe.yaml").exists():
        universe_doc, facts = generated_documents(size, statements=5 * size, status_changes=size)
        universe_doc["id"] = universe_id
        write_documents(folder, universe_doc, facts)
    return root, universe_id


def _child(mode: str, *args: str) -> dict:
    command = [sys.executable, "-m", "benchmarks.scale", "--child", mode, *args]
    out = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="entities per universe, comma-separated")
    parser.add_argument("--repeats", type=int, default=3, help="runs of each quick timing (the median is shown)")
    parser.add_argument("--keep", type=Path, help="generate into (and reuse) this folder instead of a temporary one")
    parser.add_argument("--skip", default="", help="'core' or 'pages' to leave one part out")
    parser.add_argument("--json", type=Path, help="also save the raw figures (seconds) to this file")
    parser.add_argument("--report", type=Path, help="print the figures saved by --json, measuring nothing")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("args", nargs="*", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child == "core":
        print(json.dumps(core_steps(Path(options.args[0]), options.repeats)))
        return
    if options.child == "pages":
        print(json.dumps(page_steps(Path(options.args[0]), options.args[1], options.repeats)))
        return

    if options.report:
        saved = json.loads(options.report.read_text(encoding="utf-8"))
        sizes, core, pages = saved["sizes"], saved["core"], saved["pages"]
    else:
        sizes = [int(size) for size in options.sizes.split(",")]
        if options.keep:
            options.keep.mkdir(parents=True, exist_ok=True)
        core, pages = [], []
        for size in sizes:
            root, universe_id = _folder(options.keep, size)
            print(f"... {size:,} entities", file=sys.stderr, flush=True)
            if "core" not in options.skip:
                core.append(_child("core", str(root / universe_id), "--repeats", str(options.repeats)))
            if "pages" not in options.skip:
                pages.append(_child("pages", str(root), universe_id, "--repeats", str(options.repeats)))
        if options.json:
            options.json.write_text(json.dumps({"sizes": sizes, "core": core, "pages": pages}, indent=1), encoding="utf-8")
    statements = [int(size) * 5 for size in sizes]
    if core:
        statements = [result["statements"] for result in core]
        print_core(sizes, core, statements)
    if pages:
        print_pages(sizes, pages, statements)


if __name__ == "__main__":
    main()
