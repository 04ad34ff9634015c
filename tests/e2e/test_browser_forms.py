"""Forms in a real browser: one submission saves once. After "Add the change" the form is empty,
so a second click cannot save the same change again (the duplicate `status-...-2` of issue 9)."""

import pytest
from playwright.sync_api import expect

from universe.exchange.generate import tiny_documents, write_documents
from universe.writing.arcstore import create_arc, load_arc

pytestmark = pytest.mark.browser

UNIVERSE = "forms"
RATIONALE = "Rationale: why do you believe it?"


@pytest.fixture(scope="module")
def forms(data_folder):
    """A universe of its own (the tiny one) with an empty arc."""
    universe, facts = tiny_documents()
    universe["id"] = UNIVERSE
    folder = write_documents(data_folder / UNIVERSE, universe, facts)
    create_arc(folder, "what-if", "What if")
    return folder


def choose(page, label: str, text: str) -> None:
    box = page.get_by_role("combobox", name=label)
    box.click()
    box.fill(text)
    page.keyboard.press("Enter")


def test_add_the_change_clicked_twice_saves_it_once(app, forms):
    page = app.open(f"/arcs?universe={UNIVERSE}&arc=what-if&as_of=everything")
    page.get_by_role("tab", name="Add a change").click()
    app.wait()
    choose(page, "Who", "Bob")
    choose(page, "From", "Season 2")
    choose(page, "Status", "Dead")
    page.get_by_label(RATIONALE).fill("Not in the teaser.")
    page.get_by_role("button", name="Add the change").click()
    app.wait()
    expect(page.get_by_text("Added the change 'status-bob-s2' to the arc.")).to_be_visible()
    expect(page.get_by_label(RATIONALE)).to_have_value("")  # the form is empty again
    page.get_by_role("button", name="Add the change").click()
    app.wait()
    expect(page.get_by_text("Refused: nothing was written.", exact=False)).to_be_visible()
    assert [c.id for c in load_arc(forms, "what-if").changes] == ["status-bob-s2"]
