"""Cache entries decoded a column at a time give exactly what the row-by-row decoding gave, and
refuse what it refused: entities (`entitycolumns`), statement columns packed when every value is
the same (`universecodec.packed`), spans and problems (an entry of an earlier layout:
`test_cache_entry_format.py`)."""

from __future__ import annotations

import dataclasses
import json
import random
from types import MappingProxyType

import pytest

from universe.errors import Problem
from universe.exchange.generate import generated_documents
from universe.storage.entitycolumns import decode_entity_list
from universe.storage.numbering import Numbering
from universe.storage.store import universe_from_documents
from universe.storage.universecodec import (
    DECODE_ERRORS,
    decode_problems,
    encode_problems,
    entity_row,
    field_columns,
    packed,
    point_positions,
    position_of,
    statement_fields,
)
from universe.story.evidence import Evidence
from universe.story.model import Alias, Passage, SourceRef, Statement, StatusChange


def _row_by_row(rows, at, kinds, statuses, origins, sources):
    """The entities of `rows` decoded one by one, as the cache did before decoding by column."""
    from universe.story.model import Entity

    evidence = {level.value: level for level in Evidence}
    scalars = (str, int, float, bool, type(None))

    def text(value):
        if type(value) is not str:
            raise TypeError("expected text")
        return value

    def optional(value):
        if value is not None and type(value) is not str:
            raise TypeError("expected text or nothing")
        return value

    def listed(value):
        if type(value) is not list:
            raise TypeError("expected a list")
        return value

    def missing():
        raise ValueError("a status change needs its story point")

    entities = []
    for (entity_id, kind, name, aliases, description, revealed, level, refs, point, url, date, attributes,
         changes, note, where) in listed(rows):
        if (type(entity_id) is not str or type(name) is not str or (url is not None and type(url) is not str)
                or (date is not None and type(date) is not str) or (note is not None and type(note) is not str)):
            raise TypeError("a field of the wrong type")
        if type(attributes) is not dict or any(type(k) is not str or type(v) not in scalars for k, v in attributes.items()):
            raise TypeError("attributes")
        status = tuple([StatusChange(entity_id, at[c_at] or missing(), statuses[s].id, evidence[lv], at[shown], sources(cited), optional(n),
                                     origins[w]) for c_at, s, lv, shown, cited, n, w in listed(changes)])
        entities.append(Entity(entity_id, kinds[kind].id, name,
                               tuple([Alias(text(alias), at[shown]) for alias, shown in listed(aliases)]),
                               tuple([Passage(text(t), at[shown], evidence[lv]) for t, shown, lv in listed(description)]),
                               at[revealed], evidence[level], sources(refs), at[point], url, date, MappingProxyType(attributes), status, note,
                               origins[where]))
    return entities


def _random_universe(seed: int):
    """A generated universe whose entities are given, at random, aliases, passages, status
    changes, attributes of every plain type, urls, dates and notes."""
    universe = universe_from_documents(*generated_documents(80, statements=200, status_changes=40, seed=seed))
    rng = random.Random(seed)
    points = [None, *universe.timeline.points]
    statuses = list(universe.statuses)
    levels = list(Evidence)
    changed = {}
    for entity in universe.entities.values():
        if rng.random() < 0.5:
            changed[entity.id] = entity
            continue
        pick = rng.choice
        changed[entity.id] = dataclasses.replace(
            entity,
            aliases=tuple(Alias(f"alias {i} of {entity.name}", pick(points)) for i in range(rng.randrange(3))),
            description=tuple(Passage(f"<img src=x> passage {i}", pick(points), pick(levels)) for i in range(rng.randrange(3))),
            status=tuple(StatusChange(entity.id, pick(points[1:]), pick(statuses), pick(levels), pick(points),
                                      (SourceRef(f"source {i}", pick([None, "a quote"]), None),), pick([None, "a note"]), f"f.yaml:{i}")
                         for i in range(rng.randrange(3))),
            attributes=MappingProxyType({"age": rng.randrange(90), "height": rng.random(), "alive": rng.random() < 0.5,
                                         "nick": pick([None, "Nick"])} if rng.random() < 0.7 else {}),
            url=pick([None, "https://example.org"]), date=pick([None, "2001-02-03"]), note=pick([None, "a note"]),
            sources=(SourceRef("a book", None, f"p. {rng.randrange(9)}"),) if rng.random() < 0.3 else (),
        )
    return dataclasses.replace(universe, entities=MappingProxyType(changed))


def _encoded(universe):
    """The universe's entities as rows, and what decoding them needs."""
    position = point_positions(universe.timeline)
    sources, origin = Numbering(), Numbering()
    rows = [entity_row(e, position_of(position), sources, origin) for e in universe.entities.values()]
    at = dict(enumerate(universe.timeline.points))
    at[None] = None
    context = (at, dict(universe.kinds), dict(universe.statuses), list(origin.values()), list(sources.values()).__getitem__)
    return json.loads(json.dumps(rows)), context


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_entities_decoded_by_column_equal_the_row_by_row_decoding(seed):
    universe = _random_universe(seed)
    rows, context = _encoded(universe)
    assert any(row[3] for row in rows) and any(row[4] for row in rows) and any(row[12] for row in rows) and any(row[11] for row in rows)
    by_column = decode_entity_list(rows, *context)
    assert by_column == _row_by_row(rows, *context) == list(universe.entities.values())
    assert [type(e.attributes) for e in by_column] == [MappingProxyType] * len(by_column)
    assert decode_entity_list([], *context) == []


def _set(index, value):
    return lambda row: row.__setitem__(index, value)


BAD_ROWS = {
    "a number for a name": _set(2, 42),
    "a number for an id": _set(0, 7),
    "a list for a url": _set(9, ["https://example.org"]),
    "an unknown kind": _set(1, "no-such-kind"),
    "a number for an alias": _set(3, [[5, None]]),
    "an alias of three fields": _set(3, [["x", None, None]]),
    "a passage of an unknown evidence": _set(4, [["text", None, "overheard"]]),
    "a passage of two fields": _set(4, [["text", None]]),
    "a passage that is text": _set(4, ["text"]),
    "a story point out of range": _set(5, 10_000),
    "a story point that is text": _set(8, "1"),
    "an attribute of a list": _set(11, {"k": [1]}),
    "attributes that are a list": _set(11, []),
    "a status change without a point": _set(12, [[None, "alive", "canon", None, 0, None, 0]]),
    "a status change of an unknown status": _set(12, [[1, "no-such-status", "canon", None, 0, None, 0]]),
    "a status change's note a number": _set(12, [[1, "alive", "canon", None, 0, 3, 0]]),
    "a status change of six fields": _set(12, [[1, "alive", "canon", None, 0, None]]),
    "an origin out of range": _set(14, 10_000),
    "a row too short": lambda row: row.pop(),
    "a row too long": lambda row: row.append(None),
}


@pytest.mark.parametrize("damage", BAD_ROWS)
def test_a_bad_entity_row_is_refused_as_the_row_by_row_decoding_refused_it(damage):
    universe = _random_universe(1)
    rows, context = _encoded(universe)
    context[2].setdefault("alive", next(iter(context[2].values())))
    row = rows[len(rows) // 2]
    BAD_ROWS[damage](row)
    with pytest.raises(DECODE_ERRORS):
        decode_entity_list(rows, *context)
    with pytest.raises(DECODE_ERRORS):
        _row_by_row(rows, *context)


@pytest.mark.parametrize("rows", ["rows", [["a row"]], ["a row"], {"id": []}, None])
def test_entity_rows_that_are_not_rows_are_refused(rows):
    _, context = _encoded(_random_universe(1))
    with pytest.raises(DECODE_ERRORS):
        decode_entity_list(rows, *context)


def test_a_column_of_one_value_is_packed_only_when_every_value_is_the_same_of_one_type():
    assert packed([None, None, None]) == {"each": None}
    assert packed(["canon"] * 4) == {"each": "canon"}
    assert packed([1, 1.0, True]) == [1, 1.0, True]  # equal, but not of one type: kept as they are
    assert packed([1, 2]) == [1, 2] and packed([]) == []
    assert packed([(1,), (1,)]) == [(1,), (1,)]  # only plain values


def _statement_columns(universe):
    position = point_positions(universe.timeline)
    sources, origin = Numbering(), Numbering()
    fields = {name: [getattr(s, name) for s in universe.statements] for name in Statement.__dataclass_fields__ if name != "id"}
    columns = json.loads(json.dumps(field_columns(fields, position, sources, origin)))
    at = dict(enumerate(universe.timeline.points))
    at[None] = None
    return fields, columns, (at, dict(universe.relations), list(sources.values()), list(origin.values()))


def test_packed_statement_columns_decode_to_the_statements_fields():
    universe = universe_from_documents(*generated_documents(60, statements=300, seed=4))
    fields, columns, context = _statement_columns(universe)
    assert columns["count"] == len(universe.statements)
    assert {name for name, column in columns.items() if type(column) is dict} >= {"date", "note"}  # never given by the generator
    assert statement_fields(columns, *context) == fields
    one = {name: [values[0]] * 5 for name, values in fields.items()}  # every column packed, one span for all
    _, packed_columns, _ = _statement_columns(dataclasses.replace(universe, statements=tuple(
        Statement("s", **{name: values[0] for name, values in one.items()}) for _ in range(5))))
    assert all(type(column) is dict for name, column in packed_columns.items() if name != "count")
    assert statement_fields(packed_columns, *context) == one


FORGED_COLUMNS = {
    "a packed weight of text": lambda c: c.__setitem__("weight", {"each": "heavy"}),
    "a packed note of a list": lambda c: c.__setitem__("note", {"each": ["a note"]}),
    "a packed column of two keys": lambda c: c.__setitem__("date", {"each": None, "also": 1}),
    "a packed column of no value": lambda c: c.__setitem__("date", {}),
    "a packed unknown evidence": lambda c: c.__setitem__("evidence", {"each": "overheard"}),
    "a packed unknown relation": lambda c: c.__setitem__("relation", {"each": "no-such-relation"}),
    "a count too large": lambda c: c.__setitem__("count", c["count"] + 1),
    "a count of text": lambda c: c.__setitem__("count", str(c["count"])),
    "a negative count": lambda c: c.__setitem__("count", -1),
    "no count (the earlier layout)": lambda c: c.pop("count"),
    "a short column": lambda c: c.__setitem__("subject", c["subject"][:-1]),
}


@pytest.mark.parametrize("forgery", FORGED_COLUMNS)
def test_forged_statement_columns_are_refused(forgery):
    universe = universe_from_documents(*generated_documents(60, statements=300, seed=4))
    _, columns, context = _statement_columns(universe)
    FORGED_COLUMNS[forgery](columns)
    with pytest.raises(DECODE_ERRORS):
        statement_fields(columns, *context)


def test_problems_decoded_by_column_are_the_problems():
    problems = [Problem("a.yaml", 3, "<b>bad</b>", "error"), Problem("b.yaml", None, "odd", "warning")]
    assert decode_problems(json.loads(json.dumps(encode_problems(problems)))) == problems
    assert decode_problems([]) == []
    for bad in ([["a.yaml", "3", "m", "error"]], [["a.yaml", 3, "m", "fatal"]], [["a.yaml", 3, "m"]], [[1, 3, "m", "error"]],
                [["a.yaml", 3, None, "error"]], ["a.yaml"], [["a.yaml", 3, "m", ["error"]]], "rows"):
        with pytest.raises(DECODE_ERRORS):
            decode_problems(bad)


@pytest.mark.parametrize("shape", ["one start", "one end", "one span", "any"])
def test_spans_decode_whichever_of_their_ends_is_packed(shape):
    universe = universe_from_documents(*generated_documents(60, statements=300, seed=5))
    points = universe.timeline.points
    rng = random.Random(shape)

    def span(index):
        start = points[1] if shape in ("one start", "one span") else rng.choice([None, *points])
        end = points[-1] if shape in ("one end", "one span") else rng.choice([None, *points])
        return dataclasses.replace(universe.statements[index].span, start=start, until=end)

    statements = tuple(dataclasses.replace(s, span=span(i)) for i, s in enumerate(universe.statements))
    fields, columns, context = _statement_columns(dataclasses.replace(universe, statements=statements))
    assert (type(columns["from"]) is dict, type(columns["until"]) is dict) == {
        "one start": (True, False), "one end": (False, True), "one span": (True, True), "any": (False, False)}[shape]
    decoded = statement_fields(columns, *context)
    assert decoded == fields
    assert len({id(s) for s in decoded["span"]}) == len(set(decoded["span"]))  # one record per span
