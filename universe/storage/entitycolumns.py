"""Entities read from the derived cache a column at a time.

An entry keeps each entity as a row of its fields (`universecodec.entity_row`). Decoding them
one by one was a Python loop of checks and constructor calls per entity, a sixth of a warm load
at 20,000 entities; here the rows are turned into columns (in C), each column is checked and
looked up at once (``map``, ``set(map(type, ...))``); the aliases, passages of description and
status changes of every entity are decoded together the same way, then grouped again per entity
(`_nested`). The columns make the records at once (`records.make_records`), or are kept as they
are: the whole-universe entry replaces their reveal points before making any (`assembledentry`).
Nothing is trusted: a field of the wrong type or a name not in the universe's vocabularies raises
one of `universecodec.DECODE_ERRORS`, wherever the row-by-row decoding raised (and for a nested
row of the wrong length, which it unpacked as it came).
"""

from __future__ import annotations

from itertools import chain, islice, repeat
from types import MappingProxyType
from typing import Any, Callable

from universe.storage.entryfields import EVIDENCE, SCALARS, checked_list, only_types
from universe.storage.records import make_records
from universe.story.model import Alias, Entity, Passage, StatusChange

__all__ = ["ENTITY_FIELDS", "entity_columns", "decode_entity_list"]

#: An entity row's fields, in order (see `universecodec.entity_row`).
ENTITY_FIELDS = tuple(Entity.__dataclass_fields__)
_TEXT, _OPTIONAL = {str}, {str, type(None)}


def decode_entity_list(rows: Any, at: dict, kinds: dict, statuses: dict, origins: list, sources: Callable) -> list[Entity]:
    """The entities of `rows` in order (one file's may repeat an id: the loader reports it)."""
    return make_records(Entity, entity_columns(rows, at, kinds, statuses, origins, sources))


def entity_columns(rows: Any, at: dict, kinds: dict, statuses: dict, origins: list, sources: Callable) -> dict[str, list]:
    """Every field of the entities of `rows`, a list each (see `records.make_records`): story
    points by position in `at`, kinds and statuses looked up in the universe's, origins and
    citations by their numbers (`sources` gives a citation's references)."""
    rows = checked_list(rows)
    only_types(rows, {list})
    if not set(map(len, rows)) <= {len(ENTITY_FIELDS)}:
        raise ValueError("an entity row of the wrong length")
    if not rows:
        return {name: [] for name in ENTITY_FIELDS}
    column = dict(zip(ENTITY_FIELDS, map(list, zip(*rows))))
    ids = column["id"]
    only_types(ids, _TEXT)
    only_types(column["name"], _TEXT)
    for name in ("url", "date", "note"):
        only_types(column[name], _OPTIONAL)
    attributes = column["attributes"]
    only_types(attributes, {dict})
    only_types(list(chain.from_iterable(attributes)), _TEXT)
    only_types(list(chain.from_iterable(map(dict.values, attributes))), set(SCALARS))
    for name in ("aliases", "description", "status"):
        only_types(column[name], {list})
    kind_ids = {key: kind.id for key, kind in kinds.items()}
    return {
        "id": ids,
        "kind": list(map(kind_ids.__getitem__, column["kind"])),
        "name": column["name"],
        "aliases": _nested(column["aliases"], 2, lambda name, shown, counts: make_records(Alias, {
            "name": _texts(name), "revealed": list(map(at.__getitem__, shown))})),
        "description": _nested(column["description"], 3, lambda text, shown, level, counts: make_records(Passage, {
            "text": _texts(text), "revealed": list(map(at.__getitem__, shown)), "evidence": list(map(EVIDENCE.__getitem__, level))})),
        "revealed": list(map(at.__getitem__, column["revealed"])),
        "evidence": list(map(EVIDENCE.__getitem__, column["evidence"])),
        "sources": list(map(sources, column["sources"])),
        "point": list(map(at.__getitem__, column["point"])),
        "url": column["url"],
        "date": column["date"],
        "attributes": list(map(MappingProxyType, attributes)),
        "status": _nested(column["status"], 7, lambda *fields: _status_changes(ids, fields, at, statuses, origins, sources)),
        "note": column["note"],
        "origin": list(map(origins.__getitem__, column["origin"])),
    }


def _nested(values: list, width: int, make: Callable[..., list]) -> list:
    """A column of lists of rows of `width` fields (aliases, passages, status changes), most of
    them empty: the rows of all of them made at once, ``make(*fields, counts)`` given each field
    as a list and the number of rows of each entity, then grouped again, a tuple per entity."""
    counts = list(map(len, values))
    rows = list(chain.from_iterable(values))
    if not rows:
        return [()] * len(values)
    only_types(rows, {list})
    if not set(map(len, rows)) <= {width}:
        raise ValueError(f"a nested row of the wrong length (expected {width} fields)")
    made = iter(make(*map(list, zip(*rows)), counts))
    return list(map(tuple, map(islice, repeat(made), counts)))  # each slice taken whole before the next


def _texts(values: list) -> list:
    only_types(values, _TEXT)
    return values


def _status_changes(ids: list, fields: tuple, at: dict, statuses: dict, origins: list, sources: Callable) -> list[StatusChange]:
    """The status changes of every entity at once (`_nested`): each names its entity's id."""
    points, status, level, shown, cited, note, where, counts = fields
    if None in points:
        raise ValueError("a status change needs its story point")
    only_types(note, _OPTIONAL)
    status_ids = {key: found.id for key, found in statuses.items()}
    return make_records(StatusChange, {
        "entity": list(chain.from_iterable(map(repeat, ids, counts))),
        "at": list(map(at.__getitem__, points)),
        "status": list(map(status_ids.__getitem__, status)),
        "evidence": list(map(EVIDENCE.__getitem__, level)),
        "revealed": list(map(at.__getitem__, shown)),
        "sources": list(map(sources, cited)),
        "note": note,
        "origin": list(map(origins.__getitem__, where)),
    })
