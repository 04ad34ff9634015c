import io
import json
import xml.etree.ElementTree as ET

import networkx as nx
import pandas as pd
import pytest

from universe.errors import UniverseError
from universe.exchange.export import export, to_csv_tables, to_gexf, to_graphml, to_json
from universe.exchange.generate import tiny_universe
from universe.queries.graph import build_graph


@pytest.fixture(scope="module")
def snapshot():
    return tiny_universe().as_of("S1E3", "canon")


def test_graphml_reads_back_in_networkx(snapshot):
    G = nx.read_graphml(io.StringIO(to_graphml(snapshot)))
    assert set(G) == set(snapshot.entities)
    assert G.number_of_edges() == sum(1 for s in snapshot.statements if s.object)
    assert G.nodes["alice"]["name"] == "Alice"


def test_gexf_has_time_spans_for_gephi(snapshot):
    text = to_gexf(snapshot)
    G = nx.read_gexf(io.StringIO(text))
    assert set(G) == set(snapshot.entities)
    root = ET.fromstring(text)
    ns = {"g": "http://www.gexf.net/1.2draft"}
    graph = root.find("g:graph", ns)
    assert graph.get("mode") == "dynamic" and graph.get("timeformat") == "long"
    killed = next(e for e in root.iter("{http://www.gexf.net/1.2draft}edge") if e.get("id") == "bob/killed/alice/S1E2")
    assert killed.get("start") == "2"  # S1E2 is the second episode
    located = next(e for e in root.iter("{http://www.gexf.net/1.2draft}edge") if e.get("id").startswith("alice/located-at"))
    assert (located.get("start"), located.get("end")) == ("1", "2")
    alice = next(n for n in root.iter("{http://www.gexf.net/1.2draft}node") if n.get("id") == "alice")
    spans = [(v.get("value"), v.get("start"), v.get("end")) for v in alice.iter("{http://www.gexf.net/1.2draft}attvalue") if v.get("start")]
    assert spans == [("alive", "1", "1"), ("dead", "2", "4")]


def test_node_link_json(snapshot):
    data = json.loads(to_json(snapshot))
    assert data["graph"]["horizon"] == "S1E3"
    assert {n["id"] for n in data["nodes"]} == set(snapshot.entities)
    assert all({"source", "target", "relation", "evidence"} <= set(link) for link in data["links"])


def test_csv_tables_and_folder(snapshot, tmp_path):
    tables = to_csv_tables(snapshot)
    statements = pd.read_csv(io.StringIO(tables["statements.csv"]))
    assert len(statements) == len(snapshot.statements)
    export(snapshot, "csv", tmp_path / "out")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["entities.csv", "statements.csv", "status.csv"]
    status = pd.read_csv(tmp_path / "out" / "status.csv")
    assert list(status[status.entity == "alice"].status) == ["alive", "dead"]


def test_unknown_format_is_an_error(snapshot):
    with pytest.raises(UniverseError, match="unknown export format 'pdf'"):
        export(snapshot, "pdf")


# -- the full export keeps everything, and reads back into an equal universe ---------------


def _comparable(universe):
    """Everything a universe says, without where each entry was written."""
    from dataclasses import replace

    def bare(record):
        record = replace(record, origin="")
        if hasattr(record, "status"):
            record = replace(record, status=tuple(replace(c, origin="") for c in record.status))
        return record

    return {
        "title": universe.title,
        "description": universe.description,
        "points": [(p.id, p.title, p.parent, p.aliases, p.date, p.note) for p in universe.timeline.points],
        "levels": universe.timeline.levels,
        "kinds": dict(universe.kinds),
        "statuses": dict(universe.statuses),
        "relations": dict(universe.relations),
        "entities": {k: bare(e) for k, e in universe.entities.items()},
        "statements": {s.id: bare(s) for s in universe.statements},
    }


def test_bundled_universe_round_trips_through_the_full_json_export(tmp_path):
    from click.testing import CliRunner

    from universe.cli.main import cli
    from universe.storage.store import load_universe

    original = load_universe()
    exported = tmp_path / "aouad.json"
    result = CliRunner().invoke(cli, ["export", "--format", "json", "-o", str(exported)])
    assert result.exit_code == 0, result.output
    target = tmp_path / original.id
    result = CliRunner().invoke(cli, ["import", "json", str(exported), "-o", str(target)])
    assert result.exit_code == 0, result.output
    copy = load_universe(target)
    before, after = _comparable(original), _comparable(copy)
    assert after["entities"].keys() == before["entities"].keys()
    for entity_id, entity in before["entities"].items():
        assert after["entities"][entity_id] == entity, entity_id
    assert after["statements"].keys() == before["statements"].keys()
    for statement_id, statement in before["statements"].items():
        assert after["statements"][statement_id] == statement, statement_id
    assert after == before
    claims = sum(1 for s in original.statements if s.object is None)
    assert claims > 0 and sum(1 for s in copy.statements if s.object is None) == claims
    assert sum(len(e.status) for e in copy.entities.values()) == sum(len(e.status) for e in original.entities.values())


def test_the_full_export_at_a_horizon_holds_only_what_a_viewer_there_sees(tmp_path):
    snapshot = tiny_universe().as_of("S1E2", "canon")
    data = json.loads(to_json(snapshot))
    files = data["universe"]["files"]
    entity_ids = {e["id"] for f in files.values() for e in f.get("entities", [])}
    assert entity_ids == set(snapshot.entities)
    assert "The Ghost" not in json.dumps(data)  # an alias revealed at S1E3
    assert len([s for f in files.values() for s in f.get("statements", [])]) == len(snapshot.statements)
    # and the same file is a plain node-link graph for graph tools
    G = nx.node_link_graph(data, edges="links")
    assert set(G) == set(snapshot.entities)


def test_every_format_says_what_it_keeps(snapshot):
    from universe.exchange.export import FORMATS, KEEPS, to_nodelink

    assert set(KEEPS) == set(FORMATS)
    assert json.loads(to_json(snapshot))["keeps"] == KEEPS["json"]
    assert json.loads(to_nodelink(snapshot))["keeps"] == KEEPS["nodelink"]
    assert "universe" not in json.loads(to_nodelink(snapshot))
    assert nx.read_graphml(io.StringIO(to_graphml(snapshot))).graph["keeps"] == KEEPS["graphml"]
    assert "<!-- keeps the graph with time" in to_gexf(snapshot)


# -- symmetric relations, shared values, unsafe text ---------------------------------------


def _symmetric_universe(tmp_path, names=("Ned", "Robert", "Jon")):
    from universe.exchange.importers import from_networkx

    G = nx.Graph()
    for name in names:
        G.add_node(name)
    for a, b in zip(names, names[1:]):
        G.add_edge(a, b, weight=2)
    return from_networkx(G, universe_id="sym").load()


def test_a_network_of_symmetric_relations_exports_undirected(tmp_path):
    snapshot = _symmetric_universe(tmp_path).as_of()
    graphml = to_graphml(snapshot)
    assert 'edgedefault="undirected"' in graphml
    assert not nx.read_graphml(io.StringIO(graphml)).is_directed()
    gexf = to_gexf(snapshot)
    assert 'defaultedgetype="undirected"' in gexf
    assert not nx.read_gexf(io.StringIO(gexf)).is_directed()


def test_in_a_mixed_graph_each_symmetric_edge_says_it_is_undirected(snapshot):
    from universe.exchange.export import apply_defaults

    for text, reader in ((to_graphml(snapshot), nx.read_graphml), (to_gexf(snapshot), nx.read_gexf)):
        G = reader(io.StringIO(text))
        apply_defaults(G)
        relations = snapshot.universe.relations
        for u, v, data in G.edges(data=True):
            symmetric = relations[data["relation"]].symmetric
            assert data.get("directed", True) is (not symmetric), (u, v, data)


def test_graph_exports_do_not_repeat_what_every_edge_shares(tmp_path):
    snapshot = _symmetric_universe(tmp_path, names=[f"Person {n}" for n in range(30)]).as_of()
    text = to_graphml(snapshot)
    assert text.count("interacts with") == 1  # the relation's label, once, on the graph
    assert text.count(">canon<") <= 4  # node and edge key defaults, and the first node and edge: not 60
    assert text.count(">dataset<") <= 2
    G = nx.read_graphml(io.StringIO(text))
    from universe.exchange.export import apply_defaults

    apply_defaults(G)
    assert all(d["evidence"] == "canon" and d["sources"] == "dataset" for *_, d in G.edges(data=True))


def test_control_characters_in_names_keep_xml_well_formed():
    from universe.exchange.generate import tiny_documents
    from universe.storage.store import universe_from_documents

    universe, facts = tiny_documents()
    facts["facts.yaml"]["entities"][0]["name"] = "Al\x01ice\x1b[31m\x0b"
    facts["facts.yaml"]["statements"][0]["note"] = "bell\x07"
    snapshot = universe_from_documents(universe, facts).as_of()
    for text in (to_graphml(snapshot), to_gexf(snapshot)):
        ET.fromstring(text.encode())  # well-formed
        assert "Al\ufffdice\ufffd[31m\ufffd" in text


def test_csv_export_neutralises_formula_prefixes():
    from universe.exchange.generate import tiny_documents
    from universe.storage.store import universe_from_documents

    universe, facts = tiny_documents()
    facts["facts.yaml"]["entities"][0]["name"] = '=HYPERLINK("http://evil","x")'
    facts["facts.yaml"]["entities"][1]["name"] = "+cmd|' /C calc'!A0"
    facts["facts.yaml"]["entities"][2]["name"] = "@SUM(1)"
    tables = to_csv_tables(universe_from_documents(universe, facts).as_of())
    names = list(pd.read_csv(io.StringIO(tables["entities.csv"]))["name"])
    assert "'=HYPERLINK(\"http://evil\",\"x\")" in names
    assert "'+cmd|' /C calc'!A0" in names and "'@SUM(1)" in names
    assert not any(str(name).startswith(("=", "+", "-", "@")) for name in names)


def test_the_co_appearance_view_exports_too():
    from universe.exchange.importers import from_networkx
    from universe.queries.graph import co_appearance

    G = nx.Graph()
    G.add_nodes_from(["Ann", "Bob"], type="hero")
    G.add_node("Issue 1", type="comic")
    G.add_edges_from([("Ann", "Issue 1"), ("Bob", "Issue 1")])
    universe = from_networkx(G, universe_id="c", kind_attr="type", principal_kinds=("hero",)).load()
    snapshot = universe.as_of()
    projected = co_appearance(build_graph(snapshot), universe.principal)
    read = nx.read_graphml(io.StringIO(to_graphml(snapshot, projected)))
    assert not read.is_directed() and read.number_of_edges() == 1
    assert "appears with" in read.graph["relation co-appears"]
    assert nx.read_gexf(io.StringIO(to_gexf(snapshot, projected))).number_of_edges() == 1


def test_a_value_left_out_is_never_read_as_the_default():
    from universe.exchange.export import apply_defaults

    snapshot = tiny_universe().as_of(None)
    G = build_graph(snapshot)
    for text, reader in ((to_graphml(snapshot), nx.read_graphml), (to_gexf(snapshot), nx.read_gexf)):
        H = reader(io.StringIO(text))
        apply_defaults(H)
        for node, data in G.nodes(data=True):
            assert (H.nodes[node].get("revealed") or "") == data["revealed"], node
            assert H.nodes[node]["kind"] == data["kind"]
        for u, v, key, data in G.edges(keys=True, data=True):
            read = H.edges[u, v, key] if H.is_multigraph() else H.edges[u, v]
            assert (read.get("revealed") or "") == data["revealed"] and read["evidence"] == data["evidence"]
            assert read.get("weight", None if reader is nx.read_graphml else 1.0) == data.get("weight", None if reader is nx.read_graphml else 1.0)
