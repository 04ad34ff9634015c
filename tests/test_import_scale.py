"""What makes an import fast at 19,000 nodes keeps it right: the YAML written directly reads back
as the documents, a replacing import reads canon again only for arcs, and the import leaves the
derived cache of what it checked, so the first command after it parses nothing."""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from universe.exchange.importers.yamltext import block_yaml, yaml_text, yaml_text_indexed
from universe.storage.yamlfile import parse_yaml

scalars = st.one_of(
    st.text(max_size=30),
    st.text(alphabet="ab .,;()'/!?-_:#&*é1", max_size=12),
    st.sampled_from(["yes", "No", "null", "~", "1.10", "1e5", "S1E1", "1.1.1", "-x", "a: b", "a #c", "[x]", "&a", "*a",
                     "'q'", '"q"', "Tom & Jerry", "a  b", "a ", "a-", "O'Brien", "x?", "Mme. Thénardier", "on", "Off"]),
    st.integers(-10**12, 10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.none(),
)
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                       st.dictionaries(st.text(max_size=10), inner, max_size=4)), max_leaves=12)
documents = st.dictionaries(st.text(max_size=10), values, max_size=5)


@settings(max_examples=300)
@given(documents)
def test_block_yaml_reads_back_as_the_same_documents_through_pyyaml_and_our_reader(document):
    text = block_yaml(document)
    assert yaml.safe_load(text) == document
    assert parse_yaml(text.encode("utf-8"), "block.yaml") == document


def test_an_entities_file_is_block_style_and_plain_where_it_can_be():
    document = {"entities": [{"id": "ann", "name": "Night Warden/Ann Kovac", "aliases": ["NIGHT WARDEN/ANN KOVAC"],
                              "description": "Seen beside Ben; later, at 3: a fight.", "attributes": {"dataset id": "ANN"},
                              "revealed": "1", "status": [{"at": "1", "status": "present"}]}]}
    text = yaml_text(document, "Imported.\nWritten by `universe import`.")
    assert text.splitlines()[:8] == [
        "# Imported.", "# Written by `universe import`.", "entities:", "- id: ann", "  name: Night Warden/Ann Kovac",
        "  aliases:", "  - NIGHT WARDEN/ANN KOVAC", '  description: "Seen beside Ben; later, at 3: a fight."']
    assert yaml.safe_load(text) == document


@settings(max_examples=200)
@given(st.lists(st.dictionaries(st.sampled_from(["subject", "object", "from", "weight", "sources", "note"]), values, max_size=6),
                max_size=4))
def test_statements_one_a_line_read_back_as_written(statements):
    text = yaml_text({"statements": statements}, "header")
    if statements:
        assert len(text.splitlines()) == 2 + len(statements)
    assert parse_yaml(text.encode("utf-8"), "relations.yaml") == {"statements": statements}


@settings(max_examples=200)
@given(documents, st.sampled_from([None, "Imported.\nWritten by `universe import`.", "one\n\nthree"]))
def test_the_line_index_written_is_the_one_reading_gives(document, header):
    text, index = yaml_text_indexed(document, header)
    read: dict = {}
    assert parse_yaml(text.encode("utf-8"), "doc.yaml", read) == document
    assert index == read


def test_an_import_that_does_not_load_names_the_file_and_line_of_each_error(tmp_path):
    import networkx as nx
    import pytest

    from universe.errors import UniverseInvalid
    from universe.exchange.importers import from_networkx

    documents = from_networkx(nx.Graph([("ann", "ben"), ("ben", "cat"), ("cat", "dee")]), universe_id="people")
    name, = [n for n, d in documents.facts.items() if "statements" in d]
    documents.facts[name]["statements"][2]["object"] = "nobody"
    with pytest.raises(UniverseInvalid) as raised:
        documents.write(tmp_path / "people")
    problem, = [p for p in raised.value.problems if p.is_error]
    text, _ = yaml_text_indexed(documents.facts[name], documents.headers.get(name))
    assert (problem.file, problem.line) == (name, text.splitlines().index(next(
        line for line in text.splitlines() if "nobody" in line)) + 1)
    assert "nobody" in problem.message
    assert not (tmp_path / "people").exists() and list(tmp_path.iterdir()) == []


def test_the_warnings_of_an_import_name_the_lines_a_check_of_its_files_names(tmp_path):
    from universe.exchange.importers.builder import Dataset, ImportOptions
    from universe.exchange.importers.csvlists import Columns, import_csv
    from universe.storage.store import check_universe

    (tmp_path / "nodes.csv").write_text("Id,Label,Type,Description\nANN,Ann,hero,Later she meets CAT DEE in TWF 2.\n"
                                        "BEN,Ben,hero,\nCAT DEE,Cat Dee,hero,\nTWF 1,TWF 1,comic,\nTWF 2,TWF 2,comic,Ann again.\n")
    (tmp_path / "edges.csv").write_text("Source,Target,Year\nANN,TWF 1,1\nBEN,TWF 1,1\nCAT DEE,TWF 2,2\nANN,TWF 2,2\n")
    report = import_csv(tmp_path / "edges.csv", tmp_path / "people", nodes=tmp_path / "nodes.csv", columns=Columns(time="Year"),
                        options=ImportOptions(dataset=Dataset(licence="CC0"), principal_kinds=("hero",)))
    from_files = sorted((p.file.split("/")[-1], p.line, p.message) for p in check_universe(tmp_path / "people") if not p.is_error)
    assert any("CAT DEE" in message for _, _, message in from_files)
    assert sorted((p.file.split("/")[-1], p.line, p.message) for p in report.warnings) == from_files


def test_a_replacing_import_reads_canon_again_only_when_there_are_arcs_to_check(tmp_path, monkeypatch):
    import networkx as nx

    from universe.exchange.importers import from_networkx, replacing
    from universe.writing.arcstore import create_arc

    checked = []
    real = replacing.check_arcs
    monkeypatch.setattr(replacing, "check_arcs", lambda folder: checked.append(folder) or real(folder))
    target = tmp_path / "people"
    from_networkx(nx.Graph([("ann", "ben")]), universe_id="people").write(target)
    from_networkx(nx.Graph([("ann", "cat")]), universe_id="people").write(target, force=True)
    assert checked == []
    create_arc(target, "cat-leaves", "Cat leaves")
    report = from_networkx(nx.Graph([("ann", "dee")]), universe_id="people").write(target, force=True)
    assert checked == [target] and "1 arc" in report.notes[0]


def test_presence_is_present_where_a_character_appears_and_absent_from_the_next_point_it_does_not():
    from universe.exchange.importers.builder import _presence

    leaves = ("a", "b", "c", "d", "e", "f")

    def expected(present: set[str]) -> list[dict]:  # every point visited, as it was done before
        changes, state = [], None
        for point in leaves:
            now = "present" if point in present else "absent"
            if (state is not None or now == "present") and now != state:
                changes.append({"at": point, "status": now})
                state = now
        return changes

    for mask in range(1, 2 ** len(leaves)):
        places = [i for i in range(len(leaves)) if mask >> i & 1]
        assert _presence(places, leaves) == expected({leaves[i] for i in places}), places


def test_many_nodes_of_one_name_are_numbered_in_order_after_any_id_already_taken():
    from universe.exchange.importers.builder import _Ids

    ids = _Ids(reserved={"unknown-3"})
    claimed = [ids.claim("Unknown", fallback="x") for _ in range(2_000)] + [ids.claim("Unknown 2", fallback="x")]
    assert claimed[:4] == ["unknown", "unknown-2", "unknown-4", "unknown-5"]
    assert len(set(claimed)) == len(claimed) and claimed[-2] == "unknown-2001" and claimed[-1] == "unknown-2-2"
    assert ids.collisions == 2_000


def test_an_import_a_load_would_refuse_for_its_size_is_refused_with_nothing_written(tmp_path, monkeypatch):
    # The documents are checked in memory, not read back: the limits a load of the folder has on
    # each file and on the whole must hold all the same.
    import networkx as nx
    import pytest

    from universe.errors import ImportFailed
    from universe.exchange.importers import from_networkx
    from universe.storage import folder, regularfile

    graph = nx.Graph([(f"person {n}", f"person {n + 1}") for n in range(300)])
    monkeypatch.setattr(regularfile, "MAX_FILE_BYTES", 20_000)
    with pytest.raises(ImportFailed, match="over the 20,000-byte limit of a universe file") as refused:
        from_networkx(graph, universe_id="people").write(tmp_path / "people")
    assert "relations.yaml" in str(refused.value) or "characters.yaml" in str(refused.value)
    assert list(tmp_path.iterdir()) == []
    monkeypatch.setattr(regularfile, "MAX_FILE_BYTES", 32 * 1024 * 1024)
    monkeypatch.setattr(folder, "MAX_UNIVERSE_BYTES", 30_000)
    with pytest.raises(ImportFailed, match="over the 30,000-byte limit in all"):
        from_networkx(graph, universe_id="people").write(tmp_path / "people")
    assert list(tmp_path.iterdir()) == []


def test_an_imports_check_keeps_each_files_documents_light_and_leaves_shape_problems_to_the_loader(tmp_path):
    import networkx as nx
    import pytest
    from pydantic import BaseModel

    from universe.errors import UniverseInvalid
    from universe.exchange.importers import from_networkx
    from universe.exchange.importers.staging import _OneFileAtATime
    from universe.storage.store import check_universe

    documents = from_networkx(nx.Graph([("ann", "ben"), ("ben", "cat")]), universe_id="people")
    shapes = _OneFileAtATime(documents.facts)
    for name in documents.facts:
        entities, statements = shapes.checked(name)
        assert entities or statements
        assert not any(isinstance(doc, BaseModel) for _, doc in entities + statements)
    relations, = [n for n, d in documents.facts.items() if "statements" in d]
    documents.facts[relations]["statements"][1]["weight"] = "heavy"
    assert shapes.checked(relations) is None
    with pytest.raises(UniverseInvalid) as raised:
        documents.write(tmp_path / "people")
    problem, = [p for p in raised.value.problems if p.is_error]
    text = yaml_text(documents.facts[relations], documents.headers.get(relations))
    heavy = next(n for n, line in enumerate(text.splitlines(), 1) if "heavy" in line)
    assert (problem.file, problem.line) == (relations, heavy) and "weight" in problem.message


def test_importing_csv_imports_neither_networkx_nor_the_arcs_until_used():
    import subprocess
    import sys

    code = ("import sys; import universe.exchange.importers as i, universe.cli.imports; "
            "print('networkx' in sys.modules, 'universe.writing.arcs' in sys.modules); "
            "i.from_networkx; print('networkx' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "False", "True"]


def _same_shapes(made, decoded) -> None:
    """Equal, and of the same types all the way down (a namedtuple equals a plain tuple)."""
    assert type(made) is type(decoded), (made, decoded)
    if isinstance(made, (list, tuple)):
        assert len(made) == len(decoded)
        for a, b in zip(made, decoded):
            _same_shapes(a, b)
    elif isinstance(made, dict):
        assert list(made) == list(decoded)
        for key in made:
            _same_shapes(made[key], decoded[key])
    else:
        assert made == decoded or (made != made and decoded != decoded)


_EVERY_FIELD = {
    "entities": [
        {"id": "ann", "kind": "character", "name": 12, "aliases": ["Annie", {"name": "The Warden", "revealed": "2"}],
         "description": [{"text": "Seen first.", "revealed": "1", "evidence": "Reported"}, {"text": "Then gone."}],
         "revealed": 3, "evidence": "fan_theory", "sources": ["wiki", {"source": "book", "quote": "q", "locator": "p. 3"}],
         "point": "1", "url": "https://x.invalid", "date": 2001, "attributes": {"age": 3, "tall": True, "x": None, "w": 1.5},
         "status": [{"at": "1", "status": "alive", "evidence": "teased", "revealed": "2", "sources": ["wiki"], "note": "n"}],
         "note": "a note"},
        {"id": "ben", "kind": "character", "name": "Ben", "description": "Plain text."},
    ],
    "statements": [
        {"id": "s1", "subject": "ann", "relation": "knows", "object": "ben", "value": 7, "from": "1", "until": 2,
         "revealed": "1", "spoils": "2", "date": "2001-02", "weight": 3, "evidence": "official", "rank": "preferred",
         "sources": [{"source": "book", "quote": None, "locator": "ch. 2"}, "wiki"], "note": "why"},
        {"subject": "ann", "relation": "age", "value": "40", "weight": 0.5},
        {"subject": "ben", "relation": "knows", "object": "ann"},
    ],
}


def test_light_shapes_made_from_checked_documents_are_what_encoding_and_decoding_them_gives():
    """An import's check makes each file's light documents straight from pydantic's (no JSON form,
    no type checks): they must be exactly what the derived cache's decode of the encoded form gives,
    for every field and for generated universes."""
    from universe.exchange.generate import generated_documents, two_kind_documents
    from universe.storage import documents as models
    from universe.storage import shapes
    from universe.storage.report import Report
    from universe.storage.shapecheck import check_facts

    assert list(models.StatementDoc.model_fields) == list(shapes.StatementDoc._fields)
    assert list(models.EntityDoc.model_fields) == list(shapes.EntityDoc._fields)
    files = {"every.yaml": _EVERY_FIELD, **generated_documents(60, 300, 60, chunk=100)[1], **two_kind_documents(40, 80, 300)[1]}
    for label, raw in files.items():
        report = Report()
        entities, statements = check_facts(label, raw, report, set())
        assert not report.pending, label
        assert entities or statements
        _same_shapes(shapes.light_shapes(entities, statements), shapes.decode_shapes(shapes.encode_shapes(entities, statements)))


def test_edge_rows_with_an_empty_or_missing_cell_name_the_file_line_and_column(tmp_path):
    """(The edge reader takes a row's cells at once when the row has every column.)"""
    import pytest

    from universe.errors import ImportFailed
    from universe.exchange.importers.csvlists import Columns, read_csv_lists

    cases = {
        "a,b,1,1\n,b,1,1\n": r"e\.csv:3: empty source in column 'Source'",
        "a,b,1,1\na,,1,1\n": r"e\.csv:3: empty target in column 'Target'",
        "a,b,1,1\n,,1,1\n": r"e\.csv:3: empty source in column 'Source'",
        "a,b,1,1\na,b,1\n": r"e\.csv:3: 3 fields where the header has 4 \(no 'Year'\)",
        "a,b,1,1\na,b\n": r"e\.csv:3: 2 fields where the header has 4 \(no 'Weight'\)",
        "a,b,1,1\n\n\nc\n": r"e\.csv:5: 1 field where the header has 4 \(no 'Target'\)",
    }
    for rows, message in cases.items():
        (tmp_path / "e.csv").write_text("Source,Target,Weight,Year\n" + rows, encoding="utf-8")
        with pytest.raises(ImportFailed, match=message):
            read_csv_lists(tmp_path / "e.csv", columns=Columns(time="Year"))
    (tmp_path / "e.csv").write_text("Source,Target,Weight,Year\na,b,2,1\nb,a,1,1\nc,b,1,\n", encoding="utf-8")
    network = read_csv_lists(tmp_path / "e.csv", columns=Columns(time="Year"))
    assert network.links == {("1", "a", "b"): 3} and network.skipped == [(f"{tmp_path / 'e.csv'}:4", "empty time slice in column 'Year'")]


@settings(max_examples=200)
@given(st.lists(st.dictionaries(st.one_of(st.sampled_from(["subject", "{x}", "a: b", "{", "}}"]), st.text(max_size=6)), values,
                                max_size=5), max_size=5))
def test_statements_written_with_remembered_forms_are_flow_yaml_of_each(statements):
    """The statements' writer remembers texts, lists and key patterns across lines (any keys, braces too)."""
    from universe.exchange.importers.yamltext import _flow_mapping, flow_yaml

    texts: dict = {}
    for statement in statements * 2:
        assert _flow_mapping(statement, texts) == flow_yaml(statement)


def test_a_node_whose_key_and_label_make_no_slug_gets_an_id_from_its_kind_and_key():
    """(The fallback id is made only when needed.)"""
    import hashlib

    from universe.exchange.importers.builder import ImportOptions, build_documents
    from universe.exchange.importers.network import Network

    network = Network()
    network.node("???", label="!!!")
    network.node("***")
    network.link("???", "***")
    documents = build_documents(network, "odd", ImportOptions(kind="Hero"))
    ids = sorted(e["id"] for facts in documents.facts.values() for e in facts.get("entities", []) if e["kind"] == "hero")
    assert ids == sorted(f"hero-{hashlib.sha1(key.encode()).hexdigest()[:8]}" for key in ("???", "***"))
    documents.load()
