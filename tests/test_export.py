import io
import json
import xml.etree.ElementTree as ET

import networkx as nx
import pandas as pd
import pytest

from universe.errors import UniverseError
from universe.exchange.export import export, to_csv_tables, to_gexf, to_graphml, to_json
from universe.exchange.generate import tiny_universe


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
