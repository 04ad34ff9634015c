"""networkx graphs become universes: Les Misérables as a second small universe, time attributes."""

from __future__ import annotations

import networkx as nx
import pytest

import universe
from universe.errors import ImportFailed
from universe.exchange.importers import Dataset, from_networkx
from universe.queries.graph import build_graph, centrality, simple_graph
from universe.storage.store import load_universe


@pytest.fixture(scope="module")
def miserables():
    return from_networkx(nx.les_miserables_graph(), universe_id="les-miserables", title="Les Misérables").load()


def test_les_miserables_graph_is_a_universe(miserables):
    G = nx.les_miserables_graph()
    assert len(miserables.as_of().of_kind("character")) == G.number_of_nodes()
    assert len(miserables.statements) == G.number_of_edges()
    assert miserables.entity("mllebaptistine").name == "MlleBaptistine"
    assert miserables.title == "Les Misérables"


def test_weights_survive_into_the_graph(miserables):
    G = nx.les_miserables_graph()
    H = simple_graph(build_graph(miserables.as_of()))
    assert H["valjean"]["cosette"]["weight"] == G["Valjean"]["Cosette"]["weight"] == 31
    scores = centrality(build_graph(miserables.as_of()), "pagerank")
    assert max(scores, key=scores.get) == "valjean"


def test_from_networkx_is_public():
    assert universe.from_networkx is from_networkx
    assert "from_networkx" in universe.__all__


def test_a_time_attribute_gives_relations_per_slice():
    G = nx.MultiGraph()
    G.add_node("a", name="Ann", side="light")
    G.add_node("b", name="Ben", side="dark")
    G.add_edge("a", "b", season=1, weight=3)
    G.add_edge("a", "b", season=1, weight=2)
    G.add_edge("a", "b", season=2)
    built = from_networkx(G, universe_id="seasons", time_attr="season", slices="season", kind_attr="side").load()
    weights = {(s.span.start.id, s.weight) for s in built.statements}
    assert weights == {("S1", 5.0), ("S2", 1.0)}
    assert built.entity("ann").kind == "light" and built.entity("ben").kind == "dark"  # short keys: ids from names
    assert built.entity("ann").attributes["dataset id"] == "a"


def test_a_directed_graph_gives_a_one_way_relation():
    G = nx.DiGraph([("a", "b"), ("b", "a")])
    built = from_networkx(G, universe_id="directed", relation="admires").load()
    assert not built.relations["admires"].symmetric
    assert {(s.subject, s.object) for s in built.statements} == {("a", "b"), ("b", "a")}


def test_names_without_latin_letters_get_stable_ids():
    G = nx.Graph([("이수혁", "남온조")])
    built = from_networkx(G, universe_id="hangul").load()
    names = {e.name: e.id for e in built.entities.values() if e.kind == "character"}
    assert set(names) == {"이수혁", "남온조"}
    assert all(entity_id.startswith("character-") for entity_id in names.values())
    assert built.as_of().find("남온조").name == "남온조"
    again = from_networkx(nx.Graph([("남온조", "이수혁")]), universe_id="hangul").load()
    assert {e.name: e.id for e in again.entities.values() if e.kind == "character"} == names


def test_integer_nodes_keep_their_number_as_id_when_the_name_gives_none():
    G = nx.Graph()
    G.add_node(1, label="이수혁")
    G.add_node(2, label="Nam On-jo")
    G.add_edge(1, 2)
    built = from_networkx(G, universe_id="numbers").load()
    assert built.entity("1").name == "이수혁" and built.entity("nam-on-jo").name == "Nam On-jo"


@pytest.mark.parametrize("weight", ["heavy", float("nan"), True])
def test_a_weight_that_is_not_a_number(weight):
    G = nx.Graph()
    G.add_edge("a", "b", weight=weight)
    with pytest.raises(ImportFailed, match=r"graph: edge \('a', 'b'\): weight .* is not a number"):
        from_networkx(G, universe_id="bad")


def test_two_nodes_with_the_same_text_are_refused():
    G = nx.Graph()
    G.add_edge(1, "1")
    with pytest.raises(ImportFailed, match="have the same text '1'"):
        from_networkx(G, universe_id="clash")


def test_documents_write_a_folder_that_loads(tmp_path):
    documents = from_networkx(nx.les_miserables_graph(), universe_id="les-miserables",
                              dataset=Dataset(credit="Donald Knuth", licence="public domain"))
    report = documents.write(tmp_path / "les-miserables")
    assert report.entities == 78 and report.relations == 254
    loaded = load_universe(tmp_path / "les-miserables")
    assert loaded.entity("dataset").attributes["licence"] == "public domain"
