"""Real-browser fixtures: Debian's chromium driven by Playwright, one `streamlit run app.py` for the
session on a data folder with the bundled universe, a hostile one and a big generated one.

Every page request goes through a route that aborts anything not addressed to this machine and
records it; a test fails if its page tried to reach the outside world. A missing chromium fails
the tests with a message: they never skip.
"""

from __future__ import annotations

import copy
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from universe.cli.starting import ExplorerDidNotStart, running_explorer
from universe.exchange.generate import generated_documents, tiny_documents, write_documents

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
#: Markup that sets window.__pwn if a page ever runs it.
PWN = {
    "img": '<img src=x onerror="window.__pwn=1">',
    "script": "</script><script>window.__pwn=2</script>",
    "svg": '<svg onload="window.__pwn=3">',
}
BIG = 2_000  # entities in the generated universe: more than the graph page draws at once


def hostile_documents() -> tuple[dict, dict[str, dict]]:
    """The tiny universe with markup in every kind of story string a graph shows."""
    universe, facts = copy.deepcopy(tiny_documents())
    universe["id"] = "hostile"
    universe["title"] = f"Hostile {PWN['img']}"
    universe["kinds"]["character"]["plural"] = f"Characters {PWN['svg']}"
    universe["statuses"]["alive"]["label"] = f"Alive {PWN['script']}"
    universe["statuses"]["dead"]["color"] = "red; background-image: url(https://example.com/pwn.png)"
    universe["relations"]["friend"]["label"] = f"friend {PWN['img']}"
    entities = {e["id"]: e for e in facts["facts.yaml"]["entities"]}
    entities["alice"]["name"] = f"Alice {PWN['img']}"
    entities["bob"]["name"] = f"Bob {PWN['script']}"
    entities["carol"]["name"] = f"Carol {PWN['svg']}"
    return universe, facts


def chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.fail(
            "The browser tests need Debian's chromium and none is installed: run `make browser` "
            "(apt-get install chromium), or `make test`, which installs it.",
            pytrace=False,
        )
    return path


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright's launch arguments, pointed at Debian's chromium."""
    return {**browser_type_launch_args, "executable_path": chromium(), "args": CHROMIUM_FLAGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1400, "height": 1000}, "accept_downloads": True}


@pytest.fixture(scope="session")
def data_folder(tmp_path_factory) -> Path:
    """The universes the app serves in these tests."""
    root = tmp_path_factory.mktemp("data")
    shutil.copytree(ROOT / "data" / "all-of-us-are-dead", root / "all-of-us-are-dead")
    write_documents(root / "hostile", *hostile_documents())
    universe, facts = generated_documents(BIG, BIG * 2, seed=7)
    universe["id"] = "big"
    write_documents(root / "big", universe, facts)
    return root


@pytest.fixture(scope="session")
def app_url(data_folder, tmp_path_factory) -> str:
    """`streamlit run app.py` on a free local port, for the whole session."""
    log_path = tmp_path_factory.mktemp("streamlit") / "streamlit.log"
    try:
        with running_explorer(log_path, {"UNIVERSE_DATA": str(data_folder)}, patience=90) as url:
            yield url
    except ExplorerDidNotStart as failure:
        pytest.fail(str(failure), pytrace=False)


@dataclass
class App:
    """A browser page on the app that refuses to leave this machine."""

    page: Page
    url: str
    outside: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def open(self, path: str) -> Page:
        self.page.goto(self.url + path)
        self.wait()
        return self.page

    def wait(self) -> None:
        """Until the script has run and the page is idle."""
        self.page.locator("[data-testid='stApp'][data-test-connection-state='CONNECTED']").wait_for(state="attached")
        self.page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for(state="attached")

    def network(self, key: str = "graph.network") -> dict:
        """Wait for the graph component `key` to draw; its node ids and its size."""
        self.page.wait_for_function(
            "key => (window.__universeNetworks || {})[key] && window.__universeNetworks[key].ready", arg=key
        )
        return self.page.evaluate(
            "key => { const s = window.__universeNetworks[key];"
            " return {ids: s.nodes.getIds(), labels: s.nodes.get().map(n => n.label), edges: s.edges.length,"
            " canvases: s.network.body.container.querySelectorAll('canvas').length}; }",
            key,
        )

    def node_position(self, node: str, key: str = "graph.network") -> tuple[float, float]:
        """Where `node` is on the screen (scrolled into view, simulation stopped)."""
        point = self.page.evaluate(
            """([key, node]) => {
                const network = window.__universeNetworks[key].network;
                network.stopSimulation();
                network.body.container.scrollIntoView({block: "center"});
                const dom = network.canvasToDOM(network.getPosition(node));
                const box = network.body.container.getBoundingClientRect();
                return [box.left + dom.x, box.top + dom.y];
            }""",
            [key, node],
        )
        return point[0], point[1]


@pytest.fixture
def app(page: Page, app_url: str) -> App:
    """The app in a fresh page; fails the test if the page tried to reach another host."""
    page.set_default_timeout(30_000)
    expect.set_options(timeout=20_000)
    app = App(page, app_url)

    def route(request_route):
        host = urlsplit(request_route.request.url).hostname
        if request_route.request.url.startswith(("http:", "https:", "ws:", "wss:")) and host not in LOCAL_HOSTS:
            app.outside.append(request_route.request.url)
            request_route.abort()
        else:
            request_route.continue_()

    page.route("**/*", route)
    page.on("dialog", lambda dialog: (app.dialogs.append(dialog.message), dialog.dismiss()))
    yield app
    assert app.outside == [], f"requests left this machine: {app.outside}"
    assert app.dialogs == [], f"a page opened dialogs: {app.dialogs}"
