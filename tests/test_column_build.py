"""`columnbuild.file_build` is `filebuild.build_alone` a column at a time: for any statements,
the same build (records, keys, explicit ids), or None exactly when building them one at a time
would report something; and `statementids.derived_bases` is `derived_base` by column."""

from __future__ import annotations

import functools
import itertools
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

import universe.storage.loader as loader_module
from universe.exchange.generate import generated_documents, write_documents
from universe.storage.columnbuild import file_build
from universe.storage.documents import EntityDoc as EntityModel
from universe.storage.documents import StatementDoc as StatementModel
from universe.storage.filebuild import FileBuild, build_alone
from universe.storage.loader import Loader
from universe.storage.memoryloader import MemoryLoader
from universe.storage.plainstatements import plain_statements
from universe.storage.statementids import derived_base, derived_bases, value_key

POINTS = [None, "S1", "S1E2", "S2", "S2E3", "S3", "S3E1", "S9E99", "nowhere"]
STATEMENT = st.fixed_dictionaries(
    {"subject": st.sampled_from(["char-1", "char-2", "person-1", "place-1", "nobody"]),
     "relation": st.sampled_from(["friend", "rival", "plays", "viewing-figures", "part-of", "no-such"])},
    optional={"object": st.sampled_from(["char-2", "place-1", "nobody", None]),
              "value": st.sampled_from([None, "12 million", "", "---", "Ünïcode"]),
              "from": st.sampled_from(POINTS), "until": st.sampled_from(POINTS),
              "revealed": st.sampled_from(POINTS), "spoils": st.sampled_from(POINTS),
              "id": st.sampled_from([None, "given-1", "given-2"]),
              "sources": st.sampled_from([[], ["src"], ["src", "char-1"], ["nosource"], [{"source": "src", "quote": "q"}]]),
              "evidence": st.sampled_from(["canon", "teased"]), "rank": st.sampled_from(["normal", "preferred"]),
              "weight": st.sampled_from([None, 2, 0.5]), "date": st.sampled_from([None, "2020-01"]),
              "note": st.sampled_from([None, "", "a note"])},
)
KNOWN = ["S1", "S1E2", "S2", "S2E3", "S3", "S3E1"]  # in story order


@st.composite
def _usual(draw) -> dict:
    """A statement that builds alone, reporting nothing (most of the time)."""
    made = {"subject": draw(st.sampled_from(["char-1", "char-2", "person-1", "nobody"]))}
    if draw(st.booleans()):
        made |= {"relation": "viewing-figures", "value": draw(st.sampled_from(["12 million", "", "Ünïcode"]))}
    else:
        made |= {"relation": draw(st.sampled_from(["friend", "plays", "part-of"])), "object": draw(st.sampled_from(["char-2", "nobody"]))}
    start = draw(st.integers(-1, len(KNOWN) - 1))
    if start >= 0:
        made["from"] = KNOWN[start]
        if draw(st.booleans()):
            made["until"] = KNOWN[draw(st.integers(start, len(KNOWN) - 1))]
    for key in ("revealed", "spoils"):
        if draw(st.booleans()):
            made[key] = draw(st.sampled_from(KNOWN))
    return made | draw(st.fixed_dictionaries({}, optional={
        "id": st.sampled_from(["given-1", "given-2"]), "sources": st.sampled_from([[], ["src"], ["src", "char-1"], [{"source": "src"}]]),
        "weight": st.sampled_from([2, 0.5]), "note": st.just("n")}))


ENTITY = st.sampled_from([
    {"id": "char-9", "kind": "character", "name": "Nine"},
    {"id": "char-8", "kind": "character", "name": "Eight", "revealed": "S2", "point": "S1E2", "aliases": ["Ate", "VIII"],
     "description": "Text.", "sources": ["src"], "attributes": {"age": 8, "x": None}, "url": "https://x.invalid", "date": "2020",
     "evidence": "teased", "note": "n"},
    {"id": "char-7", "kind": "person", "name": "Seven", "sources": ["src", {"source": "src", "quote": "q"}], "description": ""},
    {"id": "char-6", "kind": "character", "name": "Six", "aliases": ["Sixer", {"name": "Secret", "revealed": "S3"}]},
    {"id": "char-5", "kind": "character", "name": "Five", "description": [{"text": "One.", "revealed": "S2"}, {"text": "Two."}]},
    {"id": "char-4", "kind": "character", "name": "Four", "status": [{"at": "S1E2", "status": "alive"}, {"at": "S3", "status": "dead"}]},
    {"id": "char-3", "kind": "character", "name": "Three", "status": [{"at": "S3", "status": "dead"}, {"at": "S1", "status": "alive"}]},
    {"id": "char-2", "kind": "character", "name": "Two", "status": [{"at": "S1", "status": "zombie"}]},
    {"id": "char-1", "kind": "character", "name": "One", "aliases": ["Uno"], "status": [
        {"at": "S1", "status": "alive", "revealed": "S2", "sources": ["src"], "evidence": "teased", "note": "n"}]},
    {"id": "char-0", "kind": "character", "name": "Zero", "status": [{"at": "S2E3", "status": "dead", "revealed": "S9E99"}]},
    {"id": "odd-1", "kind": "no-such-kind", "name": "Odd"},
    {"id": "late-1", "kind": "character", "name": "Late", "point": "nowhere"},
    {"id": "late-2", "kind": "character", "name": "Later", "revealed": "S9E99"},
])


@functools.lru_cache(maxsize=1)
def _loader() -> Loader:
    """A loader that has read a generated universe's vocabularies and timeline."""
    universe, facts = generated_documents(60, statements=300, status_changes=60)
    loader = MemoryLoader(Path("generated"), universe, facts)
    assert loader.run() is not None
    return loader


def _documents(raws: list, light: bool) -> list:
    if light:
        return plain_statements(raws)
    return [(("statements", i), StatementModel.model_validate(raw)) for i, raw in enumerate(raws)]


def _same(left: FileBuild | None, right: FileBuild | None) -> None:
    assert (left is None) == (right is None)
    if left is not None:
        assert left.entities == right.entities and left.revealed_given == right.revealed_given
        assert left.statements == right.statements
        assert left.keys == right.keys and left.explicit == right.explicit


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_usual(), _usual(), _usual(), STATEMENT), max_size=8), st.lists(ENTITY, max_size=4), st.booleans())
def test_a_file_built_by_column_is_the_file_built_alone(raws, entities, light):
    loader = _loader()
    entity_docs = [(("entities", i), EntityModel.model_validate(raw)) for i, raw in enumerate(entities)]
    statement_docs = _documents(raws, light)
    pending, cited = list(loader.report.pending), loader.cited
    _same(file_build(loader, "f.yaml", entity_docs, statement_docs), build_alone(loader, "f.yaml", entity_docs, statement_docs))
    assert loader.report.pending == pending and loader.cited is cited  # nothing reported, nothing cited


def test_plain_statements_are_built_by_column():
    loader = _loader()
    raws = [{"subject": "char-1", "relation": "friend", "object": "char-2", "from": "S1", "sources": ["src"]},
            {"subject": "char-1", "relation": "viewing-figures", "value": "12 Million!", "from": "S2E3", "until": "S3", "revealed": "S1E1"},
            {"id": "given-1", "subject": "char-2", "relation": "rival", "object": "char-1"},
            {"subject": "char-1", "relation": "friend", "object": "char-2", "from": "S1", "sources": ["src", {"source": "src", "quote": "q"}]}]
    built = file_build(loader, "f.yaml", [], plain_statements(raws))
    assert built is not None and built.keys == ["char-1/friend/char-2/S1", "char-1/viewing-figures/12-million/S2E3", "given-1",
                                                "char-1/friend/char-2/S1"]
    assert built.explicit == [False, False, True, False]
    _same(built, build_alone(loader, "f.yaml", [], plain_statements(raws)))
    for wrong in ({"relation": "no-such"}, {"from": "nowhere"}, {"spoils": "S9E99"}, {"from": "S3", "until": "S1"}, {"value": "x"}):
        assert file_build(loader, "f.yaml", [], plain_statements([raws[0] | wrong])) is None


def test_documents_out_of_order_are_not_built_by_column():
    loader = _loader()
    docs = plain_statements([{"subject": "char-1", "relation": "friend", "object": "char-2"}] * 2)
    assert file_build(loader, "f.yaml", [], docs[::-1]) is None
    assert file_build(loader, "f.yaml", [], []) is not None


def test_a_load_builds_clean_files_by_column(tmp_path, monkeypatch):
    universe, facts = generated_documents(60, statements=300, status_changes=60)
    facts["statements-001.yaml"] = {"statements": [{"subject": "char-1", "relation": "no-such", "object": "char-2"}]}
    folder = write_documents(tmp_path / "generated", universe, facts)
    made = []
    monkeypatch.setattr(loader_module, "file_build", lambda *args: made.append(file_build(*args)) or made[-1])
    loader = Loader(folder)
    loader.run()
    assert [(Path(p.file).name, p.line) for p in loader.problems if "unknown relation type 'no-such'" in p.message] == [
        ("statements-001.yaml", 3)]
    assert [type(m).__name__ for m in made] == ["FileBuild", "FileBuild", "NoneType"]


def test_derived_bases_are_derived_base_by_column():
    rows = list(itertools.product(("alice", "", "a/b"), ("friend", ""), (None, "", "bob"), (None, "", "12 Million!", "---"),
                                  (None, "", "S1E2")))
    columns = [list(column) for column in zip(*rows)]
    assert derived_bases(*columns) == [derived_base(*row) for row in rows]
    usual = [("alice", "friend", "bob", None, "S1E2"), ("bob", "friend", None, "Ünï code", None), ("carol", "rival", None, "", "S2")]
    assert derived_bases(*[list(column) for column in zip(*usual)]) == [
        "alice/friend/bob/S1E2", f"bob/friend/{value_key('Ünï code')}", "carol/rival/value/S2"]


def test_a_first_load_through_the_cache_keeps_the_builds_made_by_column(tmp_path, monkeypatch):
    from universe.storage.derivedcache import load_folder

    universe, facts = generated_documents(60, statements=300, status_changes=60)
    folder = write_documents(tmp_path / "generated", universe, facts)
    monkeypatch.setenv("UNIVERSE_CACHE_DIR", str(tmp_path / "cache"))
    made = []
    monkeypatch.setattr(loader_module, "file_build", lambda *args: made.append(file_build(*args)) or made[-1])
    monkeypatch.setattr("universe.storage.assembly.build_alone", lambda *args: made.append("alone"))
    first = load_folder(folder)
    assert [type(m).__name__ for m in made] == ["FileBuild", "FileBuild"] and first.built == 2
    again = load_folder(folder)
    assert again.from_cache and again.problems == first.problems and again.universe.statements == first.universe.statements
