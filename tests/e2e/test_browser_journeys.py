"""A viewer's and a writer's journeys in a real browser: names found in every entity picker as
the Wiki's search finds them (alias, romanisation, typo), and the Survivors page's lane per
character, sorted by fate and filtered by group."""

from __future__ import annotations

import pytest
import yaml
from playwright.sync_api import expect
from test_app_names import HERO, names_documents
from test_app_survivors import fates_documents

from universe.exchange.generate import write_documents
from universe.writing.arcstore import create_arc

pytestmark = pytest.mark.browser

NAMES, FATES = "names", "fates"


@pytest.fixture(scope="module")
def universes(data_folder):
    """Two universes of this module's own: a hero with several romanisations (and his mother,
    whose name starts with his), and a cast introduced, turned and killed over six episodes."""
    write_documents(data_folder / NAMES, *names_documents())
    write_documents(data_folder / FATES, *fates_documents())
    create_arc(data_folder / NAMES, "what-if", "What if", author="A. Writer")
    return data_folder


def type_and_enter(app, label: str, text: str) -> None:
    """Type `text` into the select box labelled `label` and press Enter."""
    box = app.page.get_by_role("combobox", name=label, exact=True)
    box.click()
    box.fill(text)
    app.page.keyboard.press("Enter")
    app.wait()


def param(app, name: str) -> str | None:
    return app.page.evaluate("name => new URL(location.href).searchParams.get(name)", name)


@pytest.mark.parametrize("typed", ["minjoon", "Minjon"])
def test_the_graph_focus_and_connections_find_by_alias_and_typo(app, universes, typed):
    app.open(f"/graph?universe={NAMES}&as_of=everything")
    type_and_enter(app, "Focus on", typed)
    app.page.wait_for_url(f"**focus={HERO}**")
    app.open(f"/connections?universe={NAMES}&as_of=everything")
    type_and_enter(app, "To", typed)
    app.page.wait_for_url(f"**to={HERO}**")
    expect(app.page.get_by_role("combobox", name="To", exact=True)).to_have_value(
        "Lee Min-jun (Character) · also Min-jun, Minjoon, Lee Min-joon")


def test_the_arcs_form_picks_the_character_not_his_mother_and_forgives_typos(app, universes):
    page = app.open(f"/arcs?universe={NAMES}&arc=what-if&as_of=everything")
    page.get_by_role("tab", name="Add a change").click()
    page.get_by_role("radio", name="A new relation").click()
    expect(page.get_by_role("combobox", name="Subject", exact=True)).to_be_visible()
    app.wait()
    box = page.get_by_role("combobox", name="Subject", exact=True)
    box.click()
    box.fill("interview")  # an article's title: not offered as a subject
    expect(page.get_by_role("option", name="Min-jun interview: the actor on season one")).to_have_count(0)
    page.keyboard.press("Escape")
    type_and_enter(app, "Subject", "Min-jun")
    type_and_enter(app, "Relation", "rival of")
    type_and_enter(app, "Object", "Carlo")
    page.get_by_label("Rationale: why do you believe it?").fill("They fall out.")
    page.get_by_role("button", name="Add the change").click()
    app.wait()
    expect(page.get_by_text("Added the change")).to_be_visible()
    arc = yaml.safe_load((universes / NAMES / "arcs" / "what-if.yaml").read_text())
    statement = arc["changes"][-1]["statement"]
    assert (statement["subject"], statement["object"]) == (HERO, "carol")


def test_enter_in_a_multi_select_picks_one_match_not_all(app, universes):
    page = app.open(f"/survivors?universe={FATES}&as_of=S1E6")
    box = page.get_by_role("combobox", name="Group", exact=True)
    box.click()
    box.fill("house")  # both groups match
    page.keyboard.press("Enter")
    # the choice reaches the link once the rerun it starts has run: wait for that, not for idle
    # (the page can still be idle from before the key was handled)
    page.wait_for_function("() => new URLSearchParams(location.search).has('group')")
    app.wait()
    assert param(app, "group") in ("north", "south")


def test_the_wiki_search_offers_results_as_you_type(app, universes):
    page = app.open(f"/wiki?universe={NAMES}&as_of=everything")
    page.get_by_label("Search by name or alias").press_sequentially("minjo", delay=40)  # no Enter
    expect(page.get_by_role("link", name="Lee Min-jun").first).to_be_visible()


def lane_names(app) -> list[str]:
    """The lanes chart's row labels, top to bottom (it is drawn as SVG text)."""
    chart = app.page.get_by_test_id("stVegaLiteChart").first
    chart.scroll_into_view_if_needed()
    app.page.wait_for_function(
        "() => document.querySelector('[data-testid=stVegaLiteChart] svg g.mark-text, "
        "[data-testid=stVegaLiteChart] svg .role-axis-label')"
    )
    return app.page.evaluate(
        """() => {
            const svg = document.querySelector('[data-testid=stVegaLiteChart] svg');
            const axes = [...svg.querySelectorAll('.role-axis')].filter(a => (a.getAttribute('aria-label') || '').startsWith('Y-axis'));
            const labels = [...axes[0].querySelectorAll('.role-axis-label text')];
            return labels.map(t => [t.getBoundingClientRect().top, t.textContent])
                         .sort((a, b) => a[0] - b[0]).map(p => p[1]);
        }"""
    )


def test_the_survivors_lanes_sort_by_fate_and_filter_by_group(app, universes):
    page = app.open(f"/survivors?universe={FATES}&as_of=S1E6")
    assert lane_names(app) == ["Ann", "Eve", "Ben", "Cas", "Dee", "Fay"]  # the dead by when, turned, survivors
    changes = page.locator("[data-testid=stVegaLiteChart] svg .role-mark path, [data-testid=stVegaLiteChart] svg .mark-symbol path")
    assert changes.count() >= 4  # a diamond at each change: Ann's death, Ben's and Eve's turns, Eve's death
    page.get_by_role("radio", name="Name").click() if page.get_by_role("radio", name="Name").count() else \
        page.get_by_role("button", name="Name", exact=True).click()
    app.wait()
    assert lane_names(app) == ["Ann", "Ben", "Cas", "Dee", "Eve", "Fay"]
    assert param(app, "sort") == "name"
    app.open(f"/survivors?universe={FATES}&as_of=S1E6&group=south")
    assert lane_names(app) == ["Cas", "Dee", "Fay"]


def test_the_survivors_table_is_not_cut_off_at_ten_rows(app, universes):
    page = app.open("/survivors?universe=big&as_of=everything")
    table = page.get_by_test_id("stDataFrame").first
    table.scroll_into_view_if_needed()
    rows = int(table.locator("[role=grid]").first.get_attribute("aria-rowcount"))  # waits for the grid to draw
    assert rows > 20
    box = table.bounding_box()
    assert box["height"] > 20 * 35  # a default table shows ten rows (35 px each) and scrolls the rest


def test_hostile_names_in_the_lanes_stay_text(app):
    app.open("/survivors?universe=hostile&as_of=everything")
    names = lane_names(app)
    assert any(name.startswith('Alice <img src=x onerror="window.__pwn') for name in names)  # as text (cut to fit)
    assert app.page.evaluate("typeof window.__pwn") == "undefined"
