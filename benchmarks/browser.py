"""Benchmark of the graph in headless Chromium: how long until a 1,500-node graph is drawn and
still, with our settings (Python layout, physics off) against pyvis' defaults (physics on, drawn
until vis-network reports stabilizationIterationsDone), measured in the same run.

Also measures what a rerun of the Graph page sends over the websocket once vis-network's script
has been delivered (``--wire``, starts ``streamlit run app.py`` on the bundled universe).

Run: ``python -m benchmarks.browser`` (``--nodes 1500 --cap 240 --wire``). Needs Debian's
chromium (``make browser``). It is not a test.
"""

from __future__ import annotations

import argparse
import base64
import random
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx
from playwright.sync_api import sync_playwright

from universe.cli.starting import running_explorer
from universe.drawing.render import draw, vis_network_js
from universe.drawing.standalone import standalone_html
from universe.exchange.generate import tiny_universe
from universe.queries.graph import centrality
from universe.queries.layout import positions

ROOT = Path(__file__).resolve().parent.parent
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
_BOOTSTRAP = re.compile(r'<(link|script)[^>]*cdn\.jsdelivr\.net[^>]*>(\s*</script>)?')


def story_graph(nodes: int, seed: int = 1) -> nx.MultiDiGraph:
    """A Barabási–Albert graph (m=1: as many edges as nodes, like pyvis#204) shaped like
    `universe.queries.graph.build_graph`'s output."""
    rng = random.Random(seed)
    shape = nx.barabasi_albert_graph(nodes, 1, seed=seed)
    G = nx.MultiDiGraph()
    for node in shape:
        G.add_node(f"c{node}", kind="character", name=f"Character {node}", status=rng.choice(["alive", "dead", "infected"]), evidence="canon")
    for n, (u, v) in enumerate(shape.edges()):
        G.add_edge(f"c{u}", f"c{v}", key=f"s{n}", relation=rng.choice(["friend", "rival", "parent"]), evidence="canon", holds=True, label="")
    return G


def ours(G: nx.MultiDiGraph) -> tuple[str, float]:
    """Our standalone page (the same drawing code as the app's component) and the Python time."""
    start = time.perf_counter()
    xy = positions(G)
    drawing = draw(G, tiny_universe(), sizes=centrality(G, "degree"), positions=xy)
    page = standalone_html(drawing, title="benchmark")
    return page, time.perf_counter() - start


def pyvis_defaults(G: nx.MultiDiGraph) -> str:
    """pyvis' own page with its default options (in_line, so it works offline; its Bootstrap
    tags removed, they only style menus), reporting when vis-network stabilizes."""
    from pyvis.network import Network

    net = Network(cdn_resources="in_line")
    net.from_nx(nx.Graph(nx.relabel_nodes(G, {n: str(n) for n in G})))
    page = _BOOTSTRAP.sub("", net.generate_html())
    probe = "<script>network.once('stabilizationIterationsDone', () => { window.__stable = performance.now(); });</script>"
    return page.replace("</body>", probe + "</body>")


def time_page(browser, path: Path, ready: str, cap: float) -> float | None:
    """Seconds from navigation to `ready` being true, or None past `cap`."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        start = time.perf_counter()
        page.goto(path.as_uri(), timeout=cap * 1000)
        page.wait_for_function(ready, timeout=cap * 1000, polling=100)
        return time.perf_counter() - start
    except Exception as error:  # a timeout is the figure "at least the cap"
        if "Timeout" not in type(error).__name__:
            raise
        return None
    finally:
        page.close()


def layout_race(nodes: int, cap: float, repeats: int) -> None:
    G = story_graph(nodes)
    chromium = shutil.which("chromium")
    if chromium is None:
        sys.exit("chromium not found: run `make browser` (apt-get install chromium)")
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=FLAGS)
        ours_page, python = ours(G)
        ours_path, theirs_path = Path(folder) / "ours.html", Path(folder) / "pyvis.html"
        ours_path.write_text(ours_page, encoding="utf-8")
        theirs_path.write_text(pyvis_defaults(G), encoding="utf-8")
        drawn = sorted(time_page(browser, ours_path, "document.getElementById('network').dataset.ready === 'true'", cap) for _ in range(repeats))
        ours_browser = drawn[len(drawn) // 2]
        print(f"graph: {G.number_of_nodes():,} nodes, {G.number_of_edges():,} edges (Barabási–Albert m=1)")
        print(f"ours, Python layout + styling:  {python:8.2f} s")
        print(f"ours, browser until drawn:      {ours_browser:8.2f} s  (median of {repeats}; physics off)")
        print(f"ours, total:                    {python + ours_browser:8.2f} s")
        print(f"pyvis defaults, running (cap {cap:.0f} s)...", flush=True)
        theirs = time_page(browser, theirs_path, "window.__stable !== undefined", cap)
        browser.close()
    shown = f">= {cap:.0f}" if theirs is None else f"{theirs:.2f}"
    print(f"pyvis defaults, until stable:   {shown:>8} s  (physics on, stabilizationIterationsDone)")
    baseline = cap if theirs is None else theirs
    prefix = ">= " if theirs is None else ""
    print(f"speed-up, total:                {prefix}{baseline / (python + ours_browser):.0f}x")
    print(f"speed-up, browser only:         {prefix}{baseline / ours_browser:.0f}x")


def wire() -> None:
    """Bytes the Graph page receives on first load, then on a rerun that changes the drawing."""
    with (
        tempfile.TemporaryDirectory() as folder,
        running_explorer(Path(folder) / "streamlit.log") as url,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        frames: list[int] = []
        cdp = page.context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.on("Network.webSocketFrameReceived", lambda event: frames.append(_frame_bytes(event["response"])))

        def settle() -> int:
            page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for(state="attached")
            page.wait_for_function("window.__universeNetworks && window.__universeNetworks['graph.network'].ready")
            page.wait_for_timeout(1500)  # let the last frames arrive
            received = sum(frames)
            frames.clear()
            return received

        page.goto(url + "/graph")
        first = settle()
        page.get_by_role("combobox", name="Colour by").click()
        page.get_by_role("option", name="Kind").click()
        again = settle()
        browser.close()
    script = len(vis_network_js().encode())
    print(f"vis-network script:                      {script:9,} bytes")
    print(f"Graph page, first load (websocket):      {first:9,} bytes")
    print(f"Graph page, rerun with a new drawing:    {again:9,} bytes  (the script is not sent again)")


def _frame_bytes(response: dict) -> int:
    payload = response["payloadData"]
    return len(base64.b64decode(payload)) if response["opcode"] == 2 else len(payload.encode())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=1500)
    parser.add_argument("--cap", type=float, default=240.0, help="seconds to wait for pyvis' defaults")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--wire", action="store_true", help="also measure the Graph page's websocket bytes")
    options = parser.parse_args()
    layout_race(options.nodes, options.cap, options.repeats)
    if options.wire:
        wire()


if __name__ == "__main__":
    main()
