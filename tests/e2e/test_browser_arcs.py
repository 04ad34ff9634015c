"""Writers' arcs in a real browser: an arc created and filled through the Arcs page's forms is drawn
in the graph, its new relation highlighted, and canon without the arc does not show it."""

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from universe.exchange.generate import tiny_documents, write_documents

pytestmark = pytest.mark.browser

UNIVERSE = "writers"


@pytest.fixture(scope="module")
def writers(data_folder):
    """A universe of its own (the tiny one): this module writes arcs into it."""
    universe, facts = tiny_documents()
    universe["id"] = UNIVERSE
    write_documents(data_folder / UNIVERSE, universe, facts)
    return data_folder / UNIVERSE


def choose(page, label: str, text: str) -> None:
    """Pick `text` in the selectbox labelled `label` (typing filters its options)."""
    box = page.get_by_role("combobox", name=label)
    box.click()
    box.fill(text)
    page.keyboard.press("Enter")


def edge(app, edge_id: str):
    return app.page.evaluate(
        "id => { const e = window.__universeNetworks['graph.network'].edges.get(id); return e ? {id: e.id, shadow: e.shadow} : null; }",
        edge_id,
    )


def test_an_arc_made_through_the_forms_is_drawn_in_the_graph(app, writers):
    page = app.open(f"/arcs?universe={UNIVERSE}")
    page.get_by_text("New arc", exact=True).click()
    title = page.get_by_role("textbox", name="Title")
    title.fill("Bob falls")
    expect(title).to_have_value("Bob falls")
    created = writers / "arcs" / "bob-falls.yaml"
    for _ in range(3):  # a click that lands while the page is still rerunning can be dropped
        page.get_by_role("button", name="Create the arc").click()
        app.wait()
        try:
            page.wait_for_url("**arc=bob-falls**", timeout=20_000)
            break
        except PlaywrightTimeout:
            assert not created.exists(), "the arc was written but the page did not switch to it"
    expect(page.get_by_text("Created the arc 'bob-falls'.")).to_be_visible()
    assert created.exists()

    page.get_by_role("tab", name="Add a change").click()
    page.get_by_role("radio", name="A new relation").click()
    expect(page.get_by_role("combobox", name="Subject")).to_be_visible()
    app.wait()
    choose(page, "Subject", "Bob")
    choose(page, "Relation", "rival of")
    choose(page, "Object", "Dan Actor")
    page.get_by_label("Rationale: why do you believe it?").fill("Dan's new role in Season 2.")
    page.get_by_role("button", name="Add the change").click()
    app.wait()
    expect(page.get_by_text("Added the change 'statement-bob-rival-dan' to the arc.")).to_be_visible()
    assert (writers / "arcs" / "bob-falls.yaml").read_text().count("rationale: Dan's new role in Season 2.") == 1

    app.open(f"/graph?universe={UNIVERSE}&arc=bob-falls&as_of=everything&kinds=all")  # Dan is a person
    drawn = app.network()
    assert {"bob", "dan"} <= set(drawn["ids"])
    added = edge(app, "bob/rival/dan")
    assert added is not None and added["shadow"]["enabled"] is True  # highlighted as the arc's work

    app.open(f"/graph?universe={UNIVERSE}&as_of=everything&kinds=all")
    app.network()
    assert edge(app, "bob/rival/dan") is None  # canon alone does not have it
