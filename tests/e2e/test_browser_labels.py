"""Widget labels in a real browser: a kind label ``![x](http://...)`` in universe.yaml reached the
wiki's tab labels as Markdown, and the browser fetched the image from outside. It shows as text."""

import pytest
from playwright.sync_api import expect
from universes import IMAGE, LINK, labelled_documents

from universe.exchange.generate import write_documents

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def labels(data_folder):
    """A universe with Markdown in every label, beside the ones the app already serves."""
    write_documents(data_folder / "labels", *labelled_documents())
    return "labels"


@pytest.mark.parametrize("path", ["/wiki?as_of=everything", "/survivors?as_of=S1E1", "/graph?as_of=everything"])
def test_markdown_in_labels_shows_as_text_and_fetches_nothing(app, labels, path):
    page = app.open(f"{path}&universe={labels}")
    main = page.get_by_test_id("stMain")
    expect(main).to_be_visible()
    assert page.get_by_test_id("stException").count() == 0
    assert page.locator("img[src*='example.com']").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0
    if path.startswith("/wiki"):
        tab = page.get_by_role("tab").first
        expect(tab).to_contain_text(f"{IMAGE} {LINK}")  # the label, as written
    # the app fixture fails the test if any request left this machine
