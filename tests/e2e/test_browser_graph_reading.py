"""The Graph page read by people, in a real browser: the most central names are readable at the
default view and never overlap, search finds a name inside the graph, hovering dims the rest, the
zoom and fit controls work, the legend is a legend, and the page's choices survive a visit to
another page.

Label geometry is measured from vis-network itself (canvas positions, the zoom scale) and from
the canvas pixels, not taken on trust from the script that paints them."""

import re

import pytest
from playwright.sync_api import expect

from universe.queries import metrics
from universe.queries.graph import build_graph
from universe.queries.selection import default_kinds, select
from universe.storage.store import load_universe

pytestmark = pytest.mark.browser

TOP = 8  # the most central names that must be readable at the default view
MIN_PX = 12


@pytest.fixture(scope="module")
def bundled(data_folder):
    return load_universe(data_folder / "all-of-us-are-dead")


def most_central(snapshot, count: int) -> list[str]:
    """The names of the `count` most central entities of the page's default view (degree over
    the whole graph, as the page sizes nodes), computed here from the data."""
    G = build_graph(snapshot)
    scores = metrics.centrality(metrics.network(G), "degree")
    shown = select(G, kinds=default_kinds(G, snapshot.universe.principal), isolated=False, rank=scores).G
    ranked = sorted(shown, key=lambda node: (-scores[node], shown.nodes[node]["name"].casefold(), node))
    return [shown.nodes[node]["name"] for node in ranked[:count]]


MEASURE = """key => {
    const s = window.__universeNetworks[key];
    const net = s.network;
    const box = net.body.container.getBoundingClientRect();
    const scale = net.getScale();
    const pos = net.getPositions();
    const nodes = {};
    s.nodes.get().forEach(n => {
        const dom = net.canvasToDOM(pos[n.id]);
        nodes[n.id] = {label: n.label, x: dom.x, y: dom.y, radius: (n.size || 16) * scale, opacity: n.opacity ?? 1, hidden: !!n.hidden};
    });
    const canvas = net.body.container.querySelector("canvas");
    const ctx = canvas.getContext("2d");
    const ratio = canvas.width / box.width;
    const probe = document.createElement("canvas").getContext("2d");
    const face = getComputedStyle(net.body.container).fontFamily;
    const labels = s.labels.map(l => {
        const data = ctx.getImageData(Math.floor(l.x * ratio), Math.floor(l.y * ratio), Math.ceil(l.w * ratio), Math.ceil(l.h * ratio)).data;
        let ink = 0;
        for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 200 && data[i] + data[i + 1] + data[i + 2] < 300) ink++;
        probe.font = `500 ${l.size}px ${face}`;
        return Object.assign({}, l, {ink, measured: probe.measureText(l.text).width});
    });
    return {scale, width: box.width, height: box.height, nodes, labels, hovered: s.hovered, found: s.found};
}"""


def measure(app, key="graph.network") -> dict:
    return app.page.evaluate(MEASURE, key)


def overlaps(a: dict, b: dict) -> bool:
    return a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"] and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"]


def test_the_default_view_is_the_cast_not_every_source_and_theme(app, bundled):
    app.open("/graph?as_of=everything")
    drawn = app.network()
    snapshot = bundled.as_of()
    kinds = {snapshot.entities[node].kind for node in drawn["ids"]}
    assert kinds == {"character", "group"}
    expected = select(build_graph(snapshot), kinds={"character", "group"}, isolated=False).G
    assert set(drawn["ids"]) == set(expected)


@pytest.mark.parametrize("universe, width", [("all-of-us-are-dead", 1400), ("all-of-us-are-dead", 800), ("big", 1400)])
def test_the_most_central_names_are_readable_at_the_default_view(app, data_folder, universe, width):
    """The bundled universe at two widths, and 400 of a generated universe's 2,000 entities."""
    app.page.set_viewport_size({"width": width, "height": 1000})
    app.open(f"/graph?universe={universe}&as_of=everything")
    app.network()
    seen = measure(app)
    names = most_central(load_universe(data_folder / universe).as_of(), TOP)
    by_text = {label["text"]: label for label in seen["labels"]}
    for name in names:
        assert name in by_text, f"{name!r} is not labelled at the default view (labels: {sorted(by_text)})"
        label = by_text[name]
        node = seen["nodes"][label["id"]]
        assert label["size"] >= MIN_PX and label["h"] >= MIN_PX, label  # on screen, whatever the zoom
        assert abs(label["w"] - label["measured"]) < 1.5  # the box is the text's own width
        assert label["ink"] > 15, f"no text painted where {name!r} should be"
        # beside its own node: within a few pixels of the node's disc on screen
        gap_x = max(label["x"] - (node["x"] + node["radius"]), (node["x"] - node["radius"]) - (label["x"] + label["w"]), 0)
        gap_y = max(label["y"] - (node["y"] + node["radius"]), (node["y"] - node["radius"]) - (label["y"] + label["h"]), 0)
        assert gap_x <= 8 and gap_y <= 8, (name, label, node)
        assert 0 <= label["x"] and label["x"] + label["w"] <= seen["width"] and 0 <= label["y"] and label["y"] + label["h"] <= seen["height"]
    labels = seen["labels"]
    for n, one in enumerate(labels):
        for other in labels[n + 1 :]:
            assert not overlaps(one, other), f"{one['text']!r} overlaps {other['text']!r}"


def test_zooming_in_labels_more_and_fit_brings_everything_back(app):
    page = app.open("/graph?kinds=all&as_of=everything")
    app.network()
    before = measure(app)
    page.get_by_role("button", name="Zoom in").click()
    page.get_by_role("button", name="Zoom in").click()
    zoomed = measure(app)
    assert zoomed["scale"] == pytest.approx(before["scale"] * 1.3 * 1.3, rel=0.01)
    inside = lambda seen: [n for n in seen["nodes"].values() if 0 <= n["x"] <= seen["width"] and 0 <= n["y"] <= seen["height"]]
    labelled_share = lambda seen: len(seen["labels"]) / max(1, len(inside(seen)))
    assert labelled_share(zoomed) > labelled_share(before)  # room for the less central names
    page.get_by_role("button", name="Fit the whole graph").click()
    fitted = measure(app)
    assert len(inside(fitted)) == len(fitted["nodes"])
    for n, one in enumerate(fitted["labels"]):
        assert not any(overlaps(one, other) for other in fitted["labels"][n + 1 :])


def test_search_in_the_graph_finds_a_name_and_centres_it(app, bundled):
    page = app.open("/graph?as_of=S1E6")
    app.network()
    search = page.get_by_label("Find in the graph")
    search.fill("cheong san")  # spaces, hyphens and case do not matter
    expect(page.get_by_text(re.compile(r"^\d+ found$"))).to_be_visible()
    seen = measure(app)
    assert seen["found"][0] == "lee-cheong-san"
    target = seen["nodes"]["lee-cheong-san"]
    assert abs(target["x"] - seen["width"] / 2) < 2 and abs(target["y"] - seen["height"] / 2) < 2  # centred
    assert "Lee Cheong-san" in {label["text"] for label in seen["labels"]}
    neighbours = set(page.evaluate(
        "found => found.flatMap(id => window.__universeNetworks['graph.network'].network.getConnectedNodes(id))", seen["found"]))
    assert "lee-cheong-san" in neighbours  # his mother is found too, and she is related to him
    for node, data in seen["nodes"].items():
        expected = 1 if node in neighbours | set(seen["found"]) else 0.18
        assert data["opacity"] == expected, node  # what is not connected is dimmed
    selected = page.evaluate("window.__universeNetworks['graph.network'].network.getSelectedNodes()")
    assert selected == ["lee-cheong-san"]
    search.fill("zzzz")
    expect(page.get_by_text("No match")).to_be_visible()
    assert all(data["opacity"] == 1 for data in measure(app)["nodes"].values())


def test_hovering_a_node_dims_what_is_not_connected(app):
    page = app.open("/graph?as_of=S1E6")
    app.network()
    x, y = app.node_position("nam-on-jo")
    page.mouse.move(x - 30, y - 30)
    page.mouse.move(x, y, steps=5)
    page.wait_for_function("window.__universeNetworks['graph.network'].hovered === 'nam-on-jo'")
    seen = measure(app)
    neighbours = set(page.evaluate("window.__universeNetworks['graph.network'].network.getConnectedNodes('nam-on-jo')"))
    assert neighbours
    for node, data in seen["nodes"].items():
        assert data["opacity"] == (1 if node in neighbours | {"nam-on-jo"} else 0.18), node
    labelled = {label["id"] for label in seen["labels"]}
    assert "nam-on-jo" in labelled and labelled <= neighbours | {"nam-on-jo"}
    page.mouse.move(2, 2)
    page.wait_for_function("window.__universeNetworks['graph.network'].hovered === null")
    assert all(data["opacity"] == 1 for data in measure(app)["nodes"].values())


def test_the_legend_is_a_legend(app):
    page = app.open("/graph?as_of=S1E6")
    app.network()
    legend = page.locator(".universe-legend")
    expect(legend).to_be_visible()
    expect(legend.locator(".universe-legend-title").first).to_have_text(re.compile("^Colour: status"))
    expect(legend).to_contain_text("Alive")
    assert page.locator("[data-testid='stMain'] [data-testid='stDataFrame']").count() == 0  # no tables


def test_focus_depth_and_colour_survive_another_page(app):
    page = app.open("/graph?focus=nam-on-jo&depth=2&colour=community&as_of=S1E3")
    app.network()
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Wiki").click()
    app.wait()
    page.wait_for_url(re.compile(r"/wiki"))
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Graph").click()
    page.wait_for_url(re.compile(r"/graph\?.*focus=nam-on-jo"))
    app.wait()
    assert "depth=2" in page.url and "colour=community" in page.url and "as_of=S1E3" in page.url
    expect(page.get_by_role("combobox", name="Colour by")).to_have_value("Community")
    expect(page.get_by_test_id("stSlider").filter(has_text="Depth")).to_contain_text("2")
    app.network()
    assert page.evaluate("window.__universeNetworks['graph.network'].nodes.get('nam-on-jo').focus") is True


def test_hostile_names_in_the_legend_search_and_labels_stay_text(app):
    page = app.open("/graph?universe=hostile&as_of=everything&kinds=all")
    app.network()
    expect(page.locator(".universe-legend")).to_contain_text('Characters <svg onload="window.__pwn=3">')
    page.get_by_label("Find in the graph").fill("alice <img")
    expect(page.get_by_text("1 found")).to_be_visible()
    assert 'Alice <img src=x onerror="window.__pwn=1">' in {label["text"] for label in measure(app)["labels"]}
    assert page.evaluate("typeof window.__pwn") == "undefined"
    assert page.locator("img[src=x]").count() == 0 and page.locator("svg[onload]").count() == 0
