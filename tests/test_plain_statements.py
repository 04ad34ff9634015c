"""`plainstatements.plain_statements` is pydantic's shape check of statements, a column at a time:
for any list of statements it gives exactly the documents pydantic gives (made light), or None
exactly when pydantic refuses them; and a fact file checked through it reports exactly the
problems (path, message, severity, in order) the check by pydantic alone reports."""

from __future__ import annotations

import datetime
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from universe.storage import shapecheck
from universe.storage.documents import StatementDoc as StatementModel
from universe.storage.plainstatements import plain_statements
from universe.storage.report import Report
from universe.storage.shapecheck import check_facts
from universe.storage.shapes import StatementDoc, light_statement

KEYS = ["id", "subject", "relation", "object", "value", "from", "until", "revealed", "spoils",
        "date", "weight", "evidence", "rank", "sources", "note"]
ODD = [
    None, "", " ", "x" * 5000, "Bad Slug", "-lead", "a" * 128, "a" * 129, "ab\n", "a\nb", "\ud800", "é",
    "２０２０", "2020", "2020-01", "2020-01-02", "2020-1-1", "S1", "S1E2", "char-1", "src", "friend",
    "canon", "Canon", " teased ", "fan theory", "fan-theory", "preferred", "deprecated", "normal",
    0, 1, -3, 2020, 2**53, 2**53 + 1, 2**64, 10**400, 1.5, float("nan"), float("inf"), -0.0, True, False,
    [], ["src"], ["src", "char-1"], ["Bad"], [1], [None], ["src", ["src"]], [{"source": "src", "quote": "q"}],
    [{"source": "src", "page": 1}], {}, {"a": 1}, datetime.date(2020, 1, 2), b"bytes", b"\xff", ("src",),
]
VALUES = st.one_of(st.sampled_from(ODD), st.text(max_size=12), st.integers(), st.floats())
PLAIN = {"subject": "char-1", "relation": "friend", "object": "char-2", "from": "S1E2", "sources": ["src"]}
STATEMENT = st.one_of(
    st.fixed_dictionaries({}, optional={key: VALUES for key in KEYS}),
    st.builds(lambda changes, dropped: {k: v for k, v in (PLAIN | changes).items() if k not in dropped},
              st.dictionaries(st.sampled_from(KEYS + ["from_", "foo", 3]), VALUES, max_size=3),
              st.sets(st.sampled_from(list(PLAIN)), max_size=2)),
)
NOT_A_MAPPING = st.sampled_from([None, "text", 3, [PLAIN]])
SIMPLE = st.fixed_dictionaries(
    {"subject": st.sampled_from(["char-1", "char-2", "x" * 128]), "relation": st.sampled_from(["friend", "rival"])},
    optional={"object": st.sampled_from(["char-2", None]), "value": st.sampled_from(["", "12 million", "é" * 300, None]),
              "from": st.sampled_from(["S1", "S2E3", "ü", None]), "until": st.sampled_from(["S3", None]),
              "revealed": st.sampled_from(["S1E1", None]), "spoils": st.sampled_from(["S2", None]),
              "id": st.sampled_from(["given-1", "Any Text", None]), "date": st.sampled_from(["2020", "2020-01-02", None]),
              "weight": st.sampled_from([0, 3, 2.5, -1e300, None]), "evidence": st.sampled_from(["canon", "teased", "fan-theory"]),
              "rank": st.sampled_from(["preferred", "normal", "deprecated"]), "sources": st.sampled_from([[], ["src"], ["src", "b-2"]]),
              "note": st.sampled_from(["", "a note", "\ud800", None])},
)
NOT_PLAIN = st.builds(  # valid, but pydantic makes something of them: not plain
    lambda change: PLAIN | change,
    st.sampled_from([{"value": 12, "object": None, "relation": "viewing-figures"}, {"evidence": "Fan Theory"}, {"rank": "PREFERRED"},
                     {"sources": [{"source": "src", "quote": "a line"}]}, {"weight": 2**60}, {"weight": 7},
                     {"date": 2020}, {"from": 3}, {"subject": 12}, {"object": "char-2", "id": 5}, {"date": "２０２０"},
                     {"note": None, "value": None}]),
)
ENTITY = st.sampled_from([{"id": "char-1", "kind": "character", "name": "One"}, {"id": "Bad Id", "kind": "character", "name": "X"},
                          {"id": "char-3", "name": "No kind"}, "not a mapping"])
_MODELS = TypeAdapter(list[StatementModel])


def _typed(statements: list) -> list:
    """Statements with the type of every value (3 and 3.0 differ; so do a list and a tuple)."""
    return [(path, [(type(value), repr(value)) for value in light_statement(doc)]) for path, doc in statements]


def _pydantic(items) -> list | None:
    try:
        return [(("statements", i), light_statement(d)) for i, d in enumerate(_MODELS.validate_python(items))]
    except ValidationError:
        return None


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(SIMPLE, NOT_PLAIN, STATEMENT, NOT_A_MAPPING), max_size=8))
def test_plain_statements_are_pydantic_s_documents_or_none_when_pydantic_refuses(items):
    expected = _pydantic(items)
    made = plain_statements(items)
    assert (made is None) == (expected is None)
    if made is not None:
        assert _typed(made) == _typed(expected)
        assert all(type(doc) is StatementDoc for _, doc in made)


@settings(max_examples=300, deadline=None)
@given(st.lists(SIMPLE, max_size=6))
def test_statements_of_the_usual_keys_and_values_are_all_plain(items):
    """Statements pydantic takes as they are never go to pydantic (`_MODELS` is not called)."""
    with mock.patch("universe.storage.plainstatements._MODELS") as models:
        made = plain_statements(items)
    assert models.validate_python.call_count == 0
    assert _typed(made) == _typed(_pydantic(items))


def _checked(raw, plain: bool):
    report, broken = Report(), set()
    if plain:
        found = check_facts("facts.yaml", raw, report, broken)
    else:
        with mock.patch.object(shapecheck, "plain_statements", lambda items: None):
            found = check_facts("facts.yaml", raw, report, broken)
    entities, statements = found
    return report.pending, broken, entities, _typed(statements)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.fixed_dictionaries({}, optional={"statements": st.one_of(st.lists(st.one_of(SIMPLE, NOT_PLAIN, STATEMENT), max_size=6), VALUES),
                                           "entities": st.lists(ENTITY, max_size=3), "notes": VALUES}))
def test_a_fact_file_reports_what_pydantic_alone_reports(raw):
    assert _checked(raw, True) == _checked(raw, False)


def test_a_wrong_statement_among_plain_ones_is_reported_as_before():
    raw = {"statements": [dict(PLAIN), dict(PLAIN, weight="heavy"), dict(PLAIN, subject="Not A Slug", extra=1), dict(PLAIN)],
           "entities": [{"id": "char-1", "kind": "character"}]}
    pending, broken, _, statements = _checked(raw, True)
    assert (pending, broken, statements) == _checked(raw, False)[:2] + (statements,)
    assert [(path, message) for _, path, message, _ in pending] == [
        (("entities", 0, "name"), "missing key 'name'"),
        (("statements", 1, "weight"), "weight: must be a number (got 'heavy')"),
        (("statements", 2, "subject"), "subject 'Not A Slug' is not an id (lower-case letters, digits and hyphens)"),
        (("statements", 2, "extra"), "unknown key 'extra'"),
    ]
    assert [path for path, _ in statements] == [("statements", 0), ("statements", 3)]


def test_valid_statements_that_are_not_plain_are_made_by_pydantic():
    items = [dict(PLAIN), dict(PLAIN, value=12, object=None), dict(PLAIN, evidence="Fan Theory"),
             dict(PLAIN, sources=[{"source": "src", "quote": "a line"}]), dict(PLAIN, weight=2**60), dict(PLAIN, **{"from_": "S1"})]
    del items[-1]["from"]
    made = plain_statements(items)
    assert _typed(made) == _typed(_pydantic(items))
    assert made[1][1].value == "12" and made[2][1].evidence.value == "fan-theory" and made[4][1].weight == float(2**60)
    assert made[5][1].from_ == "S1"


def test_plain_documents_read_as_the_list_of_pairs_they_stand_for():
    items = [dict(PLAIN), dict(PLAIN, object="char-3", evidence="teased"), dict(PLAIN, id="given", weight=2)]
    made = plain_statements(items)
    expected = _pydantic(items)
    assert made.columns is not None and len(made) == 3
    assert list(made) == expected and made[1] == expected[1] and made[1:] == expected[1:]
    assert made.columns[3] == ["char-2", "char-3", "char-2"] and made.columns[10] == [None, None, 2.0]
    mixed = plain_statements(items + [dict(PLAIN, value=12, object=None)])  # one made by pydantic: no columns
    assert mixed.columns is None and _typed(list(mixed)) == _typed(_pydantic(items + [dict(PLAIN, value=12, object=None)]))
    assert len(plain_statements([])) == 0 and list(plain_statements([])) == []
