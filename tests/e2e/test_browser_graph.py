"""The Graph page in a real browser: it draws, a click opens a wiki page, a deep link restores the
view, a big universe stays capped, a hostile universe stays text."""

import re

import networkx as nx
import pytest
from playwright.sync_api import expect

from universe.queries.graph import build_graph
from universe.queries.selection import MAX_NODES, select
from universe.storage.store import load_universe

pytestmark = pytest.mark.browser

FOCUS = "nam-on-jo"
CAST = {"character", "group"}  # the kinds the page opens on (the principal kind, and groups)


@pytest.fixture(scope="module")
def bundled(data_folder):
    return load_universe(data_folder / "all-of-us-are-dead")


def test_the_graph_draws(app, bundled):
    app.open("/graph?as_of=everything&kinds=all")
    drawn = app.network()
    assert drawn["canvases"] == 1
    expected = select(build_graph(bundled.as_of()), isolated=False)  # every kind
    assert len(drawn["ids"]) == expected.G.number_of_nodes() > 0
    assert drawn["edges"] == expected.G.number_of_edges() > 0


def test_a_click_on_a_node_opens_its_wiki_page(app, bundled):
    app.open(f"/graph?focus={FOCUS}&as_of=S1E3")
    drawn = app.network()
    target = next(node for node in drawn["ids"] if node != FOCUS)
    name = bundled.entities[target].name
    app.page.mouse.click(*app.node_position(target))
    app.page.wait_for_url(re.compile(rf"/wiki\?(.*&)?entity={target}"))
    assert "as_of=S1E3" in app.page.url  # the spoiler horizon travels with the click
    app.wait()
    expect(app.page.get_by_role("heading", name=name).first).to_be_visible()


def test_a_deep_link_restores_the_view(app, bundled):
    page = app.open(f"/graph?focus={FOCUS}&depth=2&colour=community&size=pagerank&as_of=S1E3&evidence=canon")
    drawn = app.network()
    snapshot = bundled.as_of("S1E3", "canon")
    expected = select(build_graph(snapshot), focus=FOCUS, depth=2, kinds=CAST)
    assert set(drawn["ids"]) == set(expected.G)
    assert bundled.entities[FOCUS].name in drawn["labels"]
    expect(page.get_by_role("combobox", name="Focus on")).to_have_value(re.compile(f"^{re.escape(bundled.entities[FOCUS].name)}( ·|$)"))
    expect(page.get_by_role("combobox", name="Colour by")).to_have_value("Community")
    expect(page.get_by_role("combobox", name="Size by")).to_have_value(re.compile("^PageRank"))
    expect(page.get_by_test_id("stSlider").filter(has_text="Depth")).to_contain_text("2")
    expect(page.get_by_role("combobox", name="I have watched up to...")).to_have_value(re.compile("Episode 3"))


def test_the_view_follows_the_horizon(app, bundled):
    app.open(f"/graph?focus={FOCUS}&depth=3&as_of=S1E1")
    early = set(app.network()["ids"])
    app.open(f"/graph?focus={FOCUS}&depth=3&as_of=everything")
    late = set(app.network()["ids"])
    assert early == set(select(build_graph(bundled.as_of("S1E1")), focus=FOCUS, depth=3, kinds=CAST).G)
    assert early < late


def test_an_unknown_focus_says_so_and_shows_everyone(app):
    page = app.open("/graph?focus=nobody-at-all")
    expect(page.get_by_text("No entity nobody-at-all at this point of the story")).to_be_visible()
    assert len(app.network()["ids"]) > 1


def test_a_big_universe_is_capped_and_drawn_without_physics(app):
    page = app.open("/graph?universe=big&as_of=everything")
    drawn = app.network()
    assert len(drawn["ids"]) == MAX_NODES
    expect(page.get_by_text(re.compile(rf"Showing the {MAX_NODES} best-connected of [\d,]+ matching entities"))).to_be_visible()
    physics = page.evaluate("window.__universeNetworks['graph.network'].network.physics.options.enabled")
    assert physics is False


def test_a_hostile_name_never_executes(app):
    page = app.open("/graph?universe=hostile&focus=alice&as_of=everything")
    drawn = app.network()
    assert "Alice <img src=x onerror=\"window.__pwn=1\">" in drawn["labels"]
    page.mouse.move(*app.node_position("bob"))
    tooltip = page.locator(".vis-tooltip").filter(has_text="Bob")
    expect(tooltip).to_contain_text("Bob </script><script>window.__pwn=2</script>")  # as text
    expect(page.get_by_role("combobox", name="Focus on")).to_have_value(re.compile(re.escape('Alice <img src=x onerror="window.__pwn=1">')))
    assert page.evaluate("typeof window.__pwn") == "undefined"
    assert page.locator("img[src=x]").count() == 0


def test_the_downloaded_html_draws_offline_and_runs_no_story_markup(app, tmp_path):
    page = app.open("/graph?universe=hostile&as_of=everything")
    app.network()
    with page.expect_download() as download:
        page.get_by_role("button", name="Offline HTML").click()
    path = tmp_path / "graph.html"
    download.value.save_as(path)
    page.goto(path.as_uri())
    page.wait_for_selector("#network[data-ready=true]")
    assert int(page.get_attribute("#network", "data-nodes")) > 0
    expect(page.locator("h1")).to_contain_text('Hostile <img src=x onerror="window.__pwn=1">: relations at')
    assert page.evaluate("typeof window.__pwn") == "undefined"


@pytest.mark.parametrize("button, read", [("GraphML", nx.read_graphml), ("GEXF", nx.read_gexf)])
def test_the_view_downloads_as_a_graph_file(app, tmp_path, button, read):
    page = app.open(f"/graph?focus={FOCUS}&depth=2&as_of=S1E3")
    drawn = app.network()
    with page.expect_download() as download:
        page.get_by_role("button", name=button).click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.name == f"all-of-us-are-dead-graph-S1E3-{FOCUS}.{button.lower()}"
    G = read(path)
    assert set(G) == set(drawn["ids"]) and G.number_of_edges() == drawn["edges"]
