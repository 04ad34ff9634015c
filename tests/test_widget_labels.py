"""Every label a widget draws is text: tab, expander, button, toggle and page-link labels, the
options of segmented controls and radios, help tooltips. Streamlit renders them as Markdown, so a
kind label ``![x](http://...)`` from universe.yaml became an image the browser fetched."""

from __future__ import annotations

import pytest
from apptest import PAGES
from universes import IMAGE, LINK, labelled_documents

from universe.exchange.generate import write_documents
from universe.views.text import md

#: Element types that render their text as plain text, or that other tests check: the
#: pickers' options (plain text in Streamlit), tables, code, the graph component's data.
PLAIN = {"Dataframe", "Code", "UnknownElement", "Json"}
PLAIN_OPTIONS = {"Selectbox", "Multiselect", "SelectSlider"}


@pytest.fixture
def labels_root(tmp_path, data_root):
    write_documents(tmp_path / "labels", *labelled_documents())
    return data_root(tmp_path)


def widget_texts(explorer, at) -> list[tuple[str, str]]:
    """(element type, what it renders as Markdown) for every element of the page, sidebar included."""
    out = []
    for element in explorer.elements(at):
        name = type(element).__name__
        proto = getattr(element, "proto", None)
        if name in PLAIN or proto is None:
            continue
        if name in PLAIN_OPTIONS:  # options are plain text; the label and help are Markdown
            out += [(name, getattr(element, attribute) or "") for attribute in ("label", "help") if hasattr(element, attribute)]
        else:
            out.append((name, str(proto)))
    return out


def unescaped(text: str) -> bool:
    """True when Markdown would make a link or an image of it (escaped: ``\\!\\[x\\]\\(``)."""
    return "](" in text or "![" in text


@pytest.mark.parametrize("entity", [None, "alice"])
@pytest.mark.parametrize("horizon", ["S1E1", "everything"])
@pytest.mark.parametrize("page", PAGES)
def test_every_label_a_widget_draws_is_escaped(explorer, labels_root, page, horizon, entity):
    """Every text the page renders as Markdown, widgets' labels included (the pickers' options
    are plain text, tables and the graph's data are checked elsewhere)."""
    at = explorer.open(page, as_of=horizon, **({"entity": entity} if entity else {}))
    assert not at.exception, [e.message for e in at.exception]
    leaks = [(name, text[:300]) for name, text in widget_texts(explorer, at) if unescaped(text)]
    assert leaks == []


def test_the_wiki_index_tabs_show_kind_labels_as_text(explorer, labels_root):
    at = explorer.open("wiki", as_of="everything")
    labels = [tab.label for tab in at.tabs]
    assert labels and all(md(IMAGE) in label or md(LINK) in label for label in labels), labels
