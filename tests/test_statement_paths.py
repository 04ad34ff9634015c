"""The loader's short paths give what the full check gives: the same statements and the same
problems, in order, for every kind of mistake a statement can make. The short paths: plain
statements shape-checked by column (`plainstatements`), a statement that reports nothing made
with no call it does not need (`statementrows.plain_row`), and a clean file's entities and
statements made a column at a time (`columnbuild.file_build`)."""

from __future__ import annotations

import itertools
import tempfile
from pathlib import Path

from cached import same
from hypothesis import given, settings
from hypothesis import strategies as st

import universe.storage.loader as loader_module
from universe.exchange.generate import generated_documents, write_documents
from universe.storage import shapecheck
from universe.storage.derivedcache import load_folder
from universe.storage.loader import Loader
from universe.storage.universecodec import encode_universe

MISTAKES = [
    {"subject": "char-1", "relation": "no-such", "object": "char-2"},
    {"subject": "nobody", "relation": "friend", "object": "char-2"},
    {"subject": "char-1", "relation": "friend", "object": "nobody"},
    {"subject": "char-1", "relation": "friend", "value": "lots"},
    {"subject": "char-1", "relation": "friend"},
    {"subject": "char-1", "relation": "viewing-figures", "object": "char-2"},
    {"subject": "char-1", "relation": "viewing-figures"},
    {"subject": "char-1", "relation": "viewing-figures", "value": "12 million", "from": "S2"},
    {"subject": "char-1", "relation": "plays", "object": "char-2"},
    {"subject": "person-1", "relation": "plays", "object": "place-1"},
    {"subject": "char-1", "relation": "rival", "object": "char-2", "from": "S9E99"},
    {"subject": "char-1", "relation": "rival", "object": "char-2", "until": "nowhere"},
    {"subject": "char-1", "relation": "rival", "object": "char-2", "from": "S3E2", "until": "S1E1"},
    {"subject": "char-1", "relation": "rival", "object": "char-2", "from": "S2", "until": "S2E3"},
    {"subject": "char-1", "relation": "rival", "object": "char-2", "revealed": "later"},
    {"subject": "char-1", "relation": "rival", "object": "char-2", "spoils": "never"},
    {"subject": "char-1", "relation": "rival", "object": "char-2", "from": "S1", "revealed": "S2E1", "spoils": "S3E1"},
    {"subject": "char-1", "relation": "rival", "object": "char-2", "sources": ["nosource", {"source": "char-3", "quote": "q"}]},
    {"subject": "char-1", "relation": "part-of", "object": "char-1"},
    {"subject": "char-1", "relation": "rival", "object": "char-2", "sources": ["nosource"]},
    {"subject": "char-1", "relation": "rival", "object": "char-2", "sources": ["char-4"]},
    {"subject": "nobody", "relation": "plays", "value": "x", "from": "nowhere", "sources": ["src"]},
    {"id": "given", "subject": "char-1", "relation": "friend", "object": "char-2", "from": "S1E1"},
    {"id": "given", "subject": "char-1", "relation": "friend", "object": "char-3"},
]


# statements the shape check refuses, or takes but changes (not plain: checked by pydantic)
SHAPES = [
    {"subject": "Char 1", "relation": "friend", "object": "char-2"},
    {"subject": "char-1", "relation": "friend", "object": "char-2", "weight": "heavy", "colour": "red"},
    {"subject": "char-1", "relation": "friend", "object": "char-2", "from": ""},
    {"relation": "friend", "object": "char-2"},
    {"subject": "char-1", "relation": "viewing-figures", "value": 12, "from": "S1", "evidence": "Fan Theory"},
    {"subject": "char-1", "relation": "rival", "object": "char-2", "sources": [{"source": "src", "quote": "q"}], "weight": 3},
    {"subject": "char-1", "relation": "rival", "object": "char-2", "date": 2020, "rank": "preferred"},
]


def _universe(tmp_path):
    universe, facts = generated_documents(60, statements=300, status_changes=60)
    statements = facts["statements-000.yaml"]["statements"]
    statements.extend(MISTAKES)
    statements.extend(dict(a, note="again") for a in itertools.islice(itertools.cycle(MISTAKES), 5))
    facts["statements-001.yaml"] = {"statements": statements[:40] + SHAPES}  # some repeated: ~2 ids
    facts["statements-002.yaml"] = {"statements": statements[:40] + SHAPES[4:]}  # valid, not all plain
    return write_documents(tmp_path / "generated", universe, facts)


def _full_check(monkeypatch) -> None:
    """Every statement checked by pydantic and `Loader.statement`'s full path, one at a time."""
    monkeypatch.setattr(shapecheck, "plain_statements", lambda items: None)
    monkeypatch.setattr(loader_module, "plain_row", lambda *args: None)
    monkeypatch.setattr(loader_module, "file_build", lambda *args: None)


def _load(folder):
    loader = Loader(folder)
    return loader.run(), loader.problems


def test_the_short_path_and_the_full_check_agree(tmp_path, monkeypatch):
    folder = _universe(tmp_path)
    short, short_problems = _load(folder)
    _full_check(monkeypatch)
    full, full_problems = _load(folder)
    assert short_problems == full_problems and len(full_problems) > len(MISTAKES)
    assert {"unknown key 'colour'", "missing key 'subject'"} <= {p.message for p in full_problems}
    assert encode_universe(short) == encode_universe(full)
    same(short, full)
    assert len(short.statements) > 300


def test_a_load_with_mistakes_reports_them_as_the_full_check(tmp_path, monkeypatch):
    folder = _universe(tmp_path)
    monkeypatch.setenv("UNIVERSE_CACHE", "off")
    short = load_folder(folder)
    _full_check(monkeypatch)
    assert short.problems == load_folder(folder).problems


def test_records_from_rows_equal_the_constructor_s(tmp_path):
    from universe.storage.records import from_rows
    from universe.story.model import Statement

    short, _ = _load(_universe(tmp_path))
    rows = [tuple(getattr(s, name) for name in Statement.__dataclass_fields__) for s in short.statements]
    made = from_rows(Statement, rows)
    assert made == [Statement(*row) for row in rows] and all(type(m) is Statement for m in made)
    assert from_rows(Statement, []) == []


def _full_load(folder, full: bool):
    """A load with the cache off, by the short paths or (`full`) by the full check alone."""
    saved = shapecheck.plain_statements, loader_module.plain_row, loader_module.file_build
    if full:
        shapecheck.plain_statements = lambda items: None
        loader_module.plain_row = loader_module.file_build = lambda *args: None
    try:
        loader = Loader(folder)
        return loader.run(), loader.problems
    finally:
        shapecheck.plain_statements, loader_module.plain_row, loader_module.file_build = saved


POINT = st.sampled_from([None, "S1", "S1E2", "S2", "S3E1", "S9E99", "", 3])
RANDOM_STATEMENT = st.fixed_dictionaries(
    {"subject": st.sampled_from(["char-1", "char-2", "person-1", "place-1", "nobody", "Bad Id", 7]),
     "relation": st.sampled_from(["friend", "rival", "plays", "viewing-figures", "part-of", "no-such"])},
    optional={"object": st.sampled_from(["char-2", "place-1", "nobody", None, ["char-2"]]),
              "value": st.sampled_from([None, "12 million", "", 12, True]),
              "from": POINT, "until": POINT, "revealed": POINT, "spoils": POINT,
              "id": st.sampled_from([None, "given-1", "given-2", ""]),
              "sources": st.sampled_from([[], ["src"], ["src", "char-1"], ["nosource"], [{"source": "src", "quote": "q"}], "src"]),
              "evidence": st.sampled_from(["canon", "teased", "Fan Theory", None]), "weight": st.sampled_from([None, 2, 0.5, "heavy"]),
              "date": st.sampled_from([None, "2020-01", "January"]), "note": st.sampled_from([None, "", "a note"]),
              "colour": st.just("red")},
)


@settings(max_examples=25, deadline=None)
@given(st.lists(RANDOM_STATEMENT, max_size=6), st.lists(RANDOM_STATEMENT, max_size=3), st.integers(0, 3))
def test_random_statements_load_as_by_the_full_check(first, second, plain_file):
    """Files of random statements (right or wrong), beside clean ones built by column: the
    short paths give the universe and the problems (file, line, message, severity, in order)
    the full check gives."""
    universe, facts = generated_documents(30, statements=120, status_changes=20)
    facts["statements-008.yaml"] = {"statements": first}
    facts["statements-009.yaml"] = {"statements": facts["statements-000.yaml"]["statements"][plain_file * 10:] + second}
    with tempfile.TemporaryDirectory() as root:
        folder = write_documents(Path(root) / "generated", universe, facts)
        short, short_problems = _full_load(folder, False)
        full, full_problems = _full_load(folder, True)
    assert short_problems == full_problems
    assert (short is None) == (full is None)
    if full is not None:
        assert encode_universe(short) == encode_universe(full)
        same(short, full)
