"""Screenshots of every page of the explorer at 1400 and 800 pixels wide, for the README.

Starts ``streamlit run app.py`` on a free local port over the bundled universe, opens each page
in Debian's chromium (Playwright), waits for the page (and its graph) to be drawn, and writes
``docs/screenshots/<page>-<width>.png``. Nothing is fetched from outside this machine.

    python scripts/screenshots.py [--out docs/screenshots] [--width 1400 --width 800] [--page graph]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from universe.cli.starting import ExplorerDidNotStart, running_explorer

ROOT = Path(__file__).resolve().parents[1]
#: page -> the link shown (the spoiler horizon at Season 1, Episode 6; the writers' arc at the end)
PAGES = {
    "overview": "/overview?as_of=S1E6",
    "wiki": "/wiki?entity=choi-nam-ra&as_of=S1E6",
    "graph": "/graph?as_of=S1E6",
    "graph-focus": "/graph?as_of=S1E6&focus=han-gyeong-su&depth=2",
    "survivors": "/survivors?as_of=S1E6",
    "connections": "/connections?as_of=S1E6",
    "timeline": "/timeline?as_of=S1E6",
    "arcs": "/arcs?as_of=everything&arc=cheong-san-returns",
    "graph-arc": "/graph?as_of=everything&arc=cheong-san-returns",
    "import": "/import",
}
WIDTHS = (1400, 800)
HEIGHT = 1000


def shoot(url: str, out: Path, widths: tuple[int, ...], pages: dict[str, str]) -> list[Path]:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        for width in widths:
            context = browser.new_context(viewport={"width": width, "height": HEIGHT})
            page = context.new_page()
            page.set_default_timeout(60_000)
            page.route("**/*", lambda route: route.continue_() if urlsplit(route.request.url).hostname in (None, "127.0.0.1", "localhost") else route.abort())
            for name, path in pages.items():
                page.goto(url + path)
                page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for(state="attached")
                if name.startswith("graph"):
                    page.wait_for_function("() => window.__universeNetwork && window.__universeNetwork.ready")
                page.wait_for_timeout(800)  # fonts and late layout settle
                # the app scrolls inside its main pane: grow the window to the page's height
                tall = page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollHeight")
                page.set_viewport_size({"width": width, "height": max(HEIGHT, min(int(tall), 4000))})
                page.wait_for_timeout(500)
                target = out / f"{name}-{width}.png"
                page.screenshot(path=str(target), full_page=True)
                page.set_viewport_size({"width": width, "height": HEIGHT})
                written.append(target)
            context.close()
        browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--width", type=int, action="append", help="viewport width (repeatable; default 1400 and 800)")
    parser.add_argument("--page", action="append", choices=list(PAGES), help="only these pages (repeatable)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    pages = {name: PAGES[name] for name in (args.page or PAGES)}
    with tempfile.TemporaryDirectory() as scratch:
        try:
            with running_explorer(Path(scratch) / "streamlit.log") as url:
                for path in shoot(url, args.out, tuple(args.width or WIDTHS), pages):
                    print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
        except ExplorerDidNotStart as failure:
            raise SystemExit(str(failure)) from None
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
