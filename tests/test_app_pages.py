"""Every page of the explorer runs under AppTest: at several horizons, every evidence level, on the
bundled universe, the tiny one and a hostile one."""

import re

import pytest
from apptest import BUNDLED, PAGES

HORIZONS = ["S1E1", "S1E3", "S1E6", "S1E12", "everything"]
EVIDENCE = ["canon", "official", "reported", "teased", "speculation", "fan-theory"]


@pytest.fixture(autouse=True)
def bundled(data_root):
    data_root(BUNDLED)


def assert_clean(at):
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]


@pytest.mark.parametrize("horizon", HORIZONS)
@pytest.mark.parametrize("page_name", PAGES)
def test_every_page_runs_at_every_horizon(explorer, page_name, horizon):
    at = explorer.open(page_name, as_of=horizon)
    assert_clean(at)
    assert not at.warning, [w.value for w in at.warning]


@pytest.mark.parametrize("evidence", EVIDENCE)
@pytest.mark.parametrize("page_name", PAGES)
def test_every_page_runs_at_every_evidence_level(explorer, page_name, evidence):
    assert_clean(explorer.open(page_name, as_of="S1E6", evidence=evidence))


@pytest.mark.parametrize("entity", ["lee-cheong-san", "hyosan-high-school", "yoon-chan-young", "class-2-5"])
@pytest.mark.parametrize("horizon", ["S1E3", "everything"])
def test_wiki_pages_of_each_kind_run(explorer, entity, horizon):
    at = explorer.open("wiki", as_of=horizon, entity=entity)
    assert_clean(at)
    assert at.title[0].value != "Not found"


def test_wiki_pages_of_every_visible_entity_run(explorer):
    from universe.storage.store import load_universe

    snapshot = load_universe(BUNDLED / "all-of-us-are-dead").as_of("S1E6")
    at = explorer.open("wiki", as_of="S1E6")
    for entity_id in sorted(snapshot.entities):
        at.query_params["entity"] = entity_id
        at.run()
        assert not at.exception, (entity_id, [e.message for e in at.exception])
        assert at.title[0].value != "Not found", entity_id


@pytest.mark.parametrize("page_name", PAGES)
def test_every_page_runs_on_the_tiny_universe(explorer, data_root, tiny_root, page_name):
    data_root(tiny_root)
    for horizon in ("S1E1", "S1E3", "S2", "everything"):
        at = explorer.open(page_name, as_of=horizon, entity="alice")
        assert_clean(at)


def unescaped(text: str) -> list[str]:
    """Hostile fragments that reach a page without escaping (markdown escapes them with a
    backslash; data sent as JSON keeps them, and is checked by the browser tests)."""
    found = []
    for fragment in ("<img", "<script", "](javascript", "onerror=alert"):
        for match in re.finditer(re.escape(fragment), text):
            if text[max(0, match.start() - 1)] != "\\":
                found.append(text[max(0, match.start() - 30) : match.end() + 10])
    return found


@pytest.mark.parametrize("horizon", ["S1E1", "S1E3", "everything"])
@pytest.mark.parametrize("page_name", PAGES)
def test_a_hostile_universe_shows_its_markup_as_text(explorer, data_root, hostile_root, page_name, horizon):
    data_root(hostile_root)
    at = explorer.open(page_name, universe="hostile", as_of=horizon, entity="alice")
    assert_clean(at)
    markdown = "\n".join(
        element.value
        for element in explorer.elements(at)
        if type(element).__name__ in {"Markdown", "Caption", "Title", "Subheader", "Header", "Warning", "Info"}
    )
    links = "\n".join(e.proto.label for e in explorer.elements(at) if type(e).__name__ == "PageLink")
    assert unescaped(markdown) == []
    assert unescaped(links) == []


def test_the_hostile_entity_page_shows_every_hostile_string(explorer, data_root, hostile_root):
    data_root(hostile_root)
    at = explorer.open("wiki", universe="hostile", as_of="everything", entity="alice")
    text = explorer.text(at)
    assert r"\<img src\=x onerror\=alert\(1\)\>" in text  # the name, escaped, not dropped
    assert r"\[x\]\(javascript\:alert\(1\)\)" in text  # the alias and notes
    assert r"\<\/script\>" in text
