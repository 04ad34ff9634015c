"""Every page in a real browser: it loads without an exception and nothing leaves this machine."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PAGES = ["overview", "wiki", "graph", "survivors", "connections", "timeline", "arcs"]


@pytest.mark.parametrize("path", ["/", *(f"/{name}" for name in PAGES), "/wiki?entity=lee-cheong-san&as_of=S1E3"])
def test_every_page_loads_and_stays_on_this_machine(app, path):
    page = app.open(path)
    expect(page.get_by_test_id("stMain")).to_be_visible()
    assert page.get_by_test_id("stException").count() == 0
    assert page.locator("[data-testid='stMain'] h1").count() >= 1
    # the app fixture fails the test if any request left 127.0.0.1


def test_the_overview_shows_the_universe(app):
    page = app.open("/overview")
    expect(page.get_by_test_id("stMain")).to_contain_text("All of Us Are Dead")


def test_a_wiki_page_shows_the_entity_at_the_horizon(app):
    page = app.open("/wiki?entity=lee-cheong-san&as_of=S1E3")
    expect(page.get_by_role("heading", name="Lee Cheong-san").first).to_be_visible()
    expect(page.get_by_test_id("stMain")).not_to_contain_text("Episode 11")


def test_the_hostile_wiki_page_shows_markup_as_text(app):
    page = app.open("/wiki?universe=hostile&entity=alice&as_of=everything")
    expect(page.get_by_text('Alice <img src=x onerror="window.__pwn=1">').first).to_be_visible()
    assert page.evaluate("typeof window.__pwn") == "undefined"
