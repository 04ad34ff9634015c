"""Every page on a generated universe of 5,000 entities: it renders, and it sends the browser
what it can draw (capped graphs, paged tables, search-first pickers)."""

import json

import pytest
from apptest import Explorer, plain

from universe.exchange.generate import generated_documents, write_documents
from universe.queries.selection import MAX_NODES
from universe.views.finder import PLAIN_LIMIT
from universe.views.paging import ROWS

ENTITIES = 5_000


@pytest.fixture(scope="session")
def big_root(tmp_path_factory):
    """A data folder with one generated universe (``big``), written once per test session."""
    root = tmp_path_factory.mktemp("scale")
    universe, facts = generated_documents(ENTITIES, statements=5 * ENTITIES, status_changes=ENTITIES)
    universe["id"] = "big"
    write_documents(root / "big", universe, facts)
    return root


@pytest.fixture
def big(big_root, data_root):
    data_root(big_root)
    explorer = Explorer()
    explorer.timeout = 120

    def open_page(page: str = "overview", **params: str):
        params.setdefault("as_of", "everything")  # a first visit starts at the first point: ask for the whole story
        at = explorer.open(page, universe="big", **params)
        assert not at.exception, at.exception[0].message if at.exception else ""
        assert not at.error, at.error[0].value
        return at

    return open_page


CASES = [
    ("overview", {}),
    ("overview", {"as_of": "S4E5"}),
    ("wiki", {}),
    ("wiki", {"entity": "char-7"}),
    ("wiki", {"entity": "place-3", "as_of": "S2"}),
    ("graph", {}),
    ("graph", {"focus": "char-7", "depth": "2"}),
    ("graph", {"size": "betweenness", "colour": "community", "as_of": "S3E2"}),
    ("graph", {"kinds": "location", "holding": "1"}),
    ("survivors", {}),
    ("survivors", {"at": "S1E4", "status": "dead"}),
    ("connections", {"from": "char-7", "to": "char-8"}),
    ("timeline", {"point": "S2E3"}),
    ("import", {}),
]


@pytest.mark.parametrize("page, params", CASES, ids=[f"{p}-{'-'.join(v.values()) or 'default'}" for p, v in CASES])
def test_every_page_renders(big, page, params):
    big(page, **params)


def test_the_graph_shows_the_most_central_and_says_what_it_left_out(big):
    at = big("graph", as_of="everything")  # a first visit starts at the first episode: a few dozen
    note = plain(at.info[0].value)
    assert f"Showing the {MAX_NODES} best-connected of" in note and "by degree over the whole graph" in note
    assert "characters" in note  # what was left out, by kind
    assert len(_nodes(at)) == MAX_NODES


def _nodes(at) -> list:
    for element in Explorer.elements(at, sidebar=False):
        proto = getattr(element, "proto", None)
        if type(element).__name__ == "UnknownElement" and getattr(proto, "component_name", "") == "universe_network":
            return json.loads(proto.json)["nodes"]
    raise AssertionError("no network drawn")


def test_long_tables_come_a_page_at_a_time(big):
    at = big("wiki")
    characters = at.dataframe[0].value
    assert len(characters) == ROWS
    assert at.number_input(key="wiki.index.character.page").max == -(-int(ENTITIES * 0.7) // ROWS)
    at.number_input(key="wiki.index.character.page").set_value(2).run()
    assert not at.exception and at.dataframe[0].value.iloc[0, 0] != characters.iloc[0, 0]
    survivors = big("survivors")
    assert len(survivors.dataframe[0].value) <= ROWS


def test_pickers_search_first_above_a_few_hundred_entities(big):
    at = big("connections", **{"from": "char-7", "to": "char-8"})
    assert len(at.selectbox(key="connections.from").options) < PLAIN_LIMIT
    at.text_input(key="connections.to.search").input("Char 1234").run()
    assert not at.exception
    assert at.selectbox(key="connections.to").value == "char-1234"
    assert at.query_params["to"] == "char-1234"
    graph = big("graph")
    graph.text_input(key="graph.focus.search").input("char 42").run()
    assert graph.query_params["focus"] == "char-42"
    assert "within 1 relation of **Char 42**" in graph.caption[1].value
