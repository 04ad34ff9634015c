"""The shape check's messages for text, ids and dates, word for word.

`documents.Text`, `Slug` and `Date` apply their constraint inside pydantic's text check (not
after the validator that turns numbers into text, where pydantic wraps every value in a Python
call); these are the messages they gave before that change, including YAML's ``!!binary``.
"""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from universe.storage.documents import EntityDoc, FactsDoc, StatementDoc, UniverseDoc, describe_error

EXPECTED = [
    ("", [
        (("id",), "id: value should have at least 1 item after validation, not 0 (got '')"),
        (("subject",), "subject '' is not an id (lower-case letters, digits and hyphens)"),
        (("from",), "from: value should have at least 1 item after validation, not 0 (got '')"),
        (("date",), "date '' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"),
    ]),
    (b"", [
        (("id",), "id: value should have at least 1 item after validation, not 0 (got a bytes)"),
        (("subject",), "subject '' is not an id (lower-case letters, digits and hyphens)"),
        (("from",), "from: value should have at least 1 item after validation, not 0 (got a bytes)"),
        (("date",), "date '' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"),
    ]),
    (b"Bad Id", [
        (("subject",), "subject 'Bad Id' is not an id (lower-case letters, digits and hyphens)"),
        (("date",), "date 'Bad Id' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"),
    ]),
    (b"\xff", [
        ((field,), f"{field}: input should be a valid string, unable to parse raw data as a unicode string (got a bytes)")
        for field in ("id", "subject", "from", "date")
    ]),
    (12, [(("date",), "date '12' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")]),
    (1.5, [
        (("subject",), "subject '1.5' is not an id (lower-case letters, digits and hyphens)"),
        (("date",), "date '1.5' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"),
    ]),
    (True, [((field,), f"{field}: input should be a valid string (got True)") for field in ("id", "subject", "from", "date")]),
    ("Bad Id", [
        (("subject",), "subject 'Bad Id' is not an id (lower-case letters, digits and hyphens)"),
        (("date",), "date 'Bad Id' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"),
    ]),
]


def _messages(model, data) -> list:
    with pytest.raises(ValidationError) as raised:
        model.model_validate(data)
    return [describe_error(detail) for detail in raised.value.errors()]


@pytest.mark.parametrize("value, expected", EXPECTED, ids=[repr(v) for v, _ in EXPECTED])
def test_text_id_and_date_messages_are_as_before(value, expected):
    assert _messages(StatementDoc, {"id": value, "subject": value, "relation": "r", "from": value, "date": value}) == expected


def test_nested_messages_keep_their_paths():
    data = {"entities": [{"id": "a", "kind": "k", "name": "", "aliases": [{"name": b""}], "status": [{"at": 3, "status": "Dead"}]}]}
    assert _messages(FactsDoc, data) == [
        (("entities", 0, "name"), "name: value should have at least 1 item after validation, not 0 (got '')"),
        (("entities", 0, "aliases", 0, "name"), "name: value should have at least 1 item after validation, not 0 (got a bytes)"),
        (("entities", 0, "status", 0, "status"), "status 'Dead' is not an id (lower-case letters, digits and hyphens)"),
    ]


def test_numbers_and_binary_become_text():
    doc = EntityDoc.model_validate({"id": 7, "kind": b"person", "name": 1.5, "date": 2023})
    assert (doc.id, doc.kind, doc.name, doc.date) == ("7", "person", "1.5", "2023")


@pytest.mark.parametrize("model", [UniverseDoc, FactsDoc])
def test_constraints_are_checked_without_a_python_call_per_value(model):
    # pydantic wraps a constraint that follows a validator in a Python function, called for
    # every text of a file (438,000 calls in a 20,000-entity universe)
    assert "_apply_constraint_with_incompatibility_info" not in repr(model.__pydantic_core_schema__)


def test_empty_defaults_are_fresh_and_the_schema_still_names_them():
    first, second = (EntityDoc.model_validate({"id": "a", "kind": "k", "name": "A"}) for _ in range(2))
    assert first.aliases == [] and first.attributes == {} and first.aliases is not second.aliases
    properties = FactsDoc.model_json_schema(by_alias=True)["$defs"]["EntityDoc"]["properties"]
    assert properties["aliases"]["default"] == [] and properties["attributes"]["default"] == {}


def test_evidence_levels_are_read_as_before():
    for given, expected in (("canon", "canon"), ("Fan theory", "fan-theory"), (" OFFICIAL ", "official"), ("fan_theory", "fan-theory")):
        assert StatementDoc.model_validate({"subject": "a", "relation": "r", "evidence": given}).evidence.value == expected
    assert _messages(StatementDoc, {"subject": "a", "relation": "r", "evidence": "rumour"}) == [
        (("evidence",), "unknown evidence level 'rumour' (expected 'canon', 'official', 'reported', 'teased', 'speculation' or 'fan-theory')"),
    ]


def test_texts_ids_and_dates_call_no_python_validator():
    from universe.storage.documents import AliasDoc, SourceRefDoc

    for model in (AliasDoc, SourceRefDoc):  # Text, PointRef, Slug and plain text fields only
        assert "function-" not in repr(model.__pydantic_core_schema__), model


def test_numbers_and_binary_in_ids_and_dates_are_named_as_text():
    assert _messages(EntityDoc, {"id": 1e16, "kind": b"Bad", "name": "n", "date": 1999.5}) == [
        (("id",), "id '1e+16' is not an id (lower-case letters, digits and hyphens)"),
        (("kind",), "kind 'Bad' is not an id (lower-case letters, digits and hyphens)"),
        (("date",), "date '1999.5' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"),
    ]
    assert _messages(UniverseDoc, {"format": 1, "id": b"Bad Id", "title": 7, "story_time": {"levels": ["s"], "points": [{"id": 1}]}, "kinds": {"c": {"label": "C"}}}) == [
        (("id",), "id b'Bad Id' is not an id (lower-case letters, digits and hyphens)"),
    ]
