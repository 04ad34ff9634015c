"""Benchmark of the explorer: server time of each page's rerun, under AppTest.

Run with ``python -m benchmarks.pages`` (bundled universe) or ``python -m benchmarks.pages
--generated 20000`` (a generated universe of that many entities, written to a temporary folder).
Each page is opened at a few horizons; the first run (cold caches) is reported once, then the
median of `--repeats` reruns. Beside them, a baseline measured in the same run: the rerun of a
script that only draws a title (AppTest's own cost per rerun). It is not a test.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
PAGES = ["overview", "wiki", "wiki-entity", "graph", "survivors", "connections", "timeline"]


def _timed_reruns(at, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
        if at.exception:
            raise SystemExit(f"the page failed: {at.exception[0].message}")
    return statistics.median(times) * 1000


def baseline(repeats: int) -> float:
    """Median ms of a rerun of a one-title script: what AppTest costs by itself."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_string("import streamlit as st\nst.title('baseline')", default_timeout=60)
    at.run()
    return _timed_reruns(at, repeats)


def page_times(page: str, params: dict[str, str], repeats: int) -> tuple[float, float]:
    """(cold ms, median warm ms) of one page with these query parameters."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=120)
    for name, value in params.items():
        at.query_params[name] = value
    target = "wiki" if page == "wiki-entity" else page
    start = time.perf_counter()
    at.run()
    if target != "overview":
        at.switch_page(f"app_pages/{target}.py").run()
    cold = (time.perf_counter() - start) * 1000
    if at.exception or at.error:
        raise SystemExit(f"{page} {params} failed: {(at.exception or at.error)[0]}")
    return cold, _timed_reruns(at, repeats)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7, help="warm reruns per page and horizon")
    parser.add_argument("--generated", type=int, default=0, metavar="N", help="bench a generated universe of N entities")
    parser.add_argument("--pages", default=",".join(PAGES), help=f"comma-separated pages (default: {','.join(PAGES)})")
    args = parser.parse_args()

    from universe.queries.summary import main_characters
    from universe.storage.store import BUNDLED, data_dir, load_universe

    if args.generated:
        from universe.exchange.generate import generated_documents, write_documents

        root = Path(tempfile.mkdtemp(prefix="universe-bench-"))
        universe_doc, facts = generated_documents(args.generated, args.generated * 5)
        write_documents(root / "generated", universe_doc, facts)
        os.environ["UNIVERSE_DATA"] = str(root)
        folder, universe_id = root / "generated", "generated"
    else:
        folder, universe_id = data_dir() / BUNDLED, BUNDLED
    universe = load_universe(folder)
    leaves = universe.timeline.leaves
    horizons = [leaves[0].id, leaves[len(leaves) // 2].id, "everything"]
    focus = main_characters(universe.as_of(leaves[0]), limit=1)[0][0].id

    base = baseline(args.repeats)
    print(f"universe: {universe_id} ({len(universe.entities):,} entities, {len(universe.statements):,} statements)")
    print(f"baseline (a one-title script's rerun under AppTest): {base:.1f} ms\n")
    print(f"{'page':<13} {'horizon':<11} {'first run':>10} {'rerun':>9} {'rerun - baseline':>17} {'x baseline':>11}")
    worst = 0.0
    for page in args.pages.split(","):
        if page not in PAGES:
            raise SystemExit(f"unknown page {page!r} (known: {', '.join(PAGES)})")
        for horizon in horizons:
            params = {"universe": universe_id, "as_of": horizon}
            if page == "wiki-entity":
                params["entity"] = focus
            if page == "graph" and args.generated:
                params["focus"] = focus
            cold, warm = page_times(page, params, args.repeats)
            worst = max(worst, warm)
            print(f"{page:<13} {horizon:<11} {cold:>8.0f} ms {warm:>6.1f} ms {warm - base:>14.1f} ms {warm / base:>10.1f}x")
    print(f"\nslowest rerun: {worst:.1f} ms (aim: under 300 ms)")


if __name__ == "__main__":
    main()
