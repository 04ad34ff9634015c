"""The pages at 800 px (a small laptop window) and 390 px (a phone): nothing is wider than the
window, the sidebar's controls and the Graph page's menus, toolbar and legend are not clipped."""

import pytest

pytestmark = pytest.mark.browser

PAGES = ["/overview", "/wiki?entity=lee-cheong-san", "/graph", "/survivors", "/connections", "/timeline", "/arcs", "/import"]

CLIPPED = """selector => [...document.querySelectorAll(selector)]
    .filter(e => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1)
    .map(e => (e.value || e.textContent || e.getAttribute('aria-label') || e.tagName).slice(0, 60))"""
OUTSIDE = """([selector, right]) => [...document.querySelectorAll(selector)]
    .filter(e => e.offsetParent !== null && e.getBoundingClientRect().right > right + 1)
    .map(e => e.textContent.slice(0, 60))"""


def at_width(app, width: int, path: str):
    app.page.set_viewport_size({"width": width, "height": 900})
    page = app.open(path + ("&" if "?" in path else "?") + "as_of=S1E6")
    return page


@pytest.mark.parametrize("width", [800, 390])
@pytest.mark.parametrize("path", PAGES)
def test_no_page_is_wider_than_the_window(app, width, path):
    page = at_width(app, width, path)
    assert page.get_by_test_id("stException").count() == 0
    wide = page.evaluate("() => [document.documentElement.scrollWidth, document.querySelector('[data-testid=stMain]').scrollWidth]")
    assert max(wide) <= width, f"{path} is {max(wide)} px wide in a {width} px window"


def test_the_sidebar_leaves_room_and_shows_its_choices_whole(app):
    page = at_width(app, 800, "/graph")
    sidebar = page.get_by_test_id("stSidebar").bounding_box()
    assert sidebar["width"] <= 300
    main = page.get_by_test_id("stMain").bounding_box()
    assert main["width"] >= 500
    assert page.evaluate(CLIPPED, "[data-testid=stSidebar] input") == []  # "Everything, fan theories too", whole


@pytest.mark.parametrize("width", [800, 390])
def test_the_graph_page_menus_toolbar_and_legend_fit(app, width):
    page = at_width(app, width, "/graph?play=S1E6")  # the playback controls in the toolbar too
    app.network()
    assert page.locator(".universe-player button").count() == 4
    assert page.evaluate(CLIPPED, "[data-testid=stMain] input") == []  # Colour by, Size by, Focus on: whole
    assert page.evaluate(CLIPPED, "[data-testid=stMain] button") == []  # download buttons read whole
    right = page.get_by_test_id("stMain").bounding_box()
    right = right["x"] + right["width"]
    for part in (".universe-toolbar button", ".universe-search", ".universe-legend li", ".universe-network"):
        assert page.evaluate(OUTSIDE, [part, right]) == [], part
    legend = page.locator(".universe-legend li")
    assert legend.count() > 5 and page.evaluate(CLIPPED, ".universe-legend li") == []
    canvas = page.locator(".universe-network").bounding_box()
    assert canvas["width"] <= width and canvas["height"] <= 1.2 * canvas["width"] + 1
