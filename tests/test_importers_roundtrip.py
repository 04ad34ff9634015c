"""Import -> check -> export -> read back: nodes, edges, weights and time slices survive; and the
statement `weight` field the importers need, in the core format."""

from __future__ import annotations

import io
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

from universe.errors import UniverseInvalid
from universe.exchange.export import apply_defaults, to_csv_tables, to_gexf, to_graphml
from universe.exchange.generate import tiny_documents
from universe.exchange.importers import import_csv, read_csv_lists
from universe.exchange.importers.builder import ImportOptions
from universe.queries.graph import build_graph, simple_graph
from universe.storage.store import check_universe, load_universe, universe_from_documents

DATA = Path(__file__).parent / "data" / "importers"


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    target = tmp_path_factory.mktemp("data") / "thrones"
    edges, nodes = str(DATA / "thrones" / "got-s{slice}-edges.csv"), str(DATA / "thrones" / "got-s{slice}-nodes.csv")
    import_csv(edges, target, nodes=nodes, options=ImportOptions(slices="season"))
    return read_csv_lists(edges, nodes), target


def expected_edges(network, universe) -> dict[tuple, float]:
    """(frozenset of names, season id) -> weight, straight from the files."""
    names = {e.attributes["dataset id"]: e.name for e in universe.entities.values() if e.kind == "character"}
    return {
        (frozenset({names[source], names[target]}), f"S{slice_label}"): weight
        for (slice_label, source, target), weight in network.links.items()
    }


def test_the_imported_folder_checks_clean(imported):
    _, target = imported
    assert [p for p in check_universe(target) if p.is_error] == []


def test_graphml_round_trip_keeps_nodes_edges_weights_and_slices(imported):
    network, target = imported
    universe = load_universe(target)
    G = nx.read_graphml(io.StringIO(to_graphml(universe.as_of())))
    apply_defaults(G)  # values every edge shares are written once, as key defaults
    characters = {n for n, kind in G.nodes(data="kind") if kind == "character"}
    assert {G.nodes[n]["name"] for n in characters} == {e.name for e in universe.entities.values() if e.kind == "character"}
    assert len(characters) == len(network.nodes)
    read_back = {
        (frozenset({G.nodes[u]["name"], G.nodes[v]["name"]}), data["start"]): data["weight"]
        for u, v, data in G.edges(data=True)
    }
    assert read_back == expected_edges(network, universe)
    assert all(data["start"] == data["until"] for _, _, data in G.edges(data=True))


def test_gexf_and_csv_exports_keep_weights(imported):
    network, target = imported
    universe = load_universe(target)
    G = nx.read_gexf(io.StringIO(to_gexf(universe.as_of())))
    apply_defaults(G)
    assert sorted(w for _, _, w in G.edges(data="weight")) == sorted(network.links.values())
    table = pd.read_csv(io.StringIO(to_csv_tables(universe.as_of())["statements.csv"]))
    assert sorted(table["weight"]) == sorted(network.links.values())


def test_a_season_snapshot_keeps_only_that_season(imported):
    network, target = imported
    snapshot = load_universe(target).as_of("S2")
    G = build_graph(snapshot, holding_only=True)
    assert {data["start"] for _, _, data in G.edges(data=True)} == {"S2"}
    assert G.number_of_edges() == sum(1 for key in network.links if key[0] == "2")


# -- the weight field -----------------------------------------------------------------------


def with_statement(**fields) -> tuple[dict, dict]:
    universe, facts = tiny_documents()
    facts["facts.yaml"]["statements"].append({"subject": "alice", "relation": "friend", "object": "carol", **fields})
    return universe, facts


def test_a_weight_is_kept_on_the_statement_and_the_edge():
    built = universe_from_documents(*with_statement(weight=7))
    statement = next(s for s in built.statements if (s.subject, s.object) == ("alice", "carol") and s.relation == "friend" and s.weight)
    assert statement.weight == 7.0
    G = build_graph(built.as_of())
    assert G.edges["alice", "carol", statement.id]["weight"] == 7.0
    assert "weight" not in G.edges["alice", "bob", "alice/friend/bob"]  # no weight, no attribute


def test_statement_weights_add_up_in_the_simple_graph():
    built = universe_from_documents(*with_statement(weight=2.5))
    H = simple_graph(build_graph(built.as_of()))
    # alice-carol: "carol friend alice" (no weight: counts 1) + this one (2.5)
    assert H["alice"]["carol"]["weight"] == 3.5


@pytest.mark.parametrize("weight, message", [
    ("heavy", "weight: must be a number (got 'heavy')"),
    (True, "weight: must be a number (got True)"),
    (float("inf"), "weight: input should be a finite number"),
])
def test_a_weight_must_be_a_finite_number(weight, message):
    with pytest.raises(UniverseInvalid) as raised:
        universe_from_documents(*with_statement(weight=weight))
    assert any(message in problem.message for problem in raised.value.problems)
