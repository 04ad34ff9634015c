"""Entities read from the derived cache a column at a time.

An entry keeps each entity as a row of its fields (`universecodec.entity_row`). Decoding them
one by one was a Python loop of checks and constructor calls per entity, a sixth of a warm load
at 20,000 entities; here the rows are turned into columns (in C), each column is checked and
looked up at once (``map``, ``set(map(type, ...))``), and the few entities with aliases,
passages of description or status changes have those decoded apart. The columns make the records
at once (`records.make_records`), or are kept as they are: the whole-universe entry replaces
their reveal points before making any (`assembledentry`). Nothing is trusted: a field of the
wrong type or a name not in the universe's vocabularies raises one of
`universecodec.DECODE_ERRORS`, exactly where the row-by-row decoding raised.
"""

from __future__ import annotations

from itertools import chain, compress
from types import MappingProxyType
from typing import Any, Callable

from universe.storage.entryfields import EVIDENCE, SCALARS, checked_list, checked_text, only_types, optional_text
from universe.storage.records import make_records
from universe.story.model import Alias, Entity, Passage, StatusChange
from universe.story.timeline import StoryPoint

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
        "aliases": _rare(column["aliases"], lambda i, rows: tuple([Alias(checked_text(alias), at[shown]) for alias, shown in rows])),
        "description": _rare(column["description"], lambda i, rows: tuple([
            Passage(checked_text(text), at[shown], EVIDENCE[level]) for text, shown, level in rows])),
        "revealed": list(map(at.__getitem__, column["revealed"])),
        "evidence": list(map(EVIDENCE.__getitem__, column["evidence"])),
        "sources": list(map(sources, column["sources"])),
        "point": list(map(at.__getitem__, column["point"])),
        "url": column["url"],
        "date": column["date"],
        "attributes": list(map(MappingProxyType, attributes)),
        "status": _rare(column["status"], lambda i, rows: tuple([
            StatusChange(ids[i], at[change_at] or _missing(), statuses[status_id].id, EVIDENCE[level], at[shown], sources(cited),
                         optional_text(change_note), origins[change_where])
            for change_at, status_id, level, shown, cited, change_note, change_where in rows])),
        "note": column["note"],
        "origin": list(map(origins.__getitem__, column["origin"])),
    }


def _rare(values: list, decode: Callable[[int, list], tuple]) -> list:
    """A column of lists, most of them empty: () for each empty one, `decode(position, rows)`
    for the others (lists, checked by the caller)."""
    out: list = [()] * len(values)
    for index in compress(range(len(values)), values):
        out[index] = decode(index, values[index])
    return out


def _missing() -> StoryPoint:
    raise ValueError("a status change needs its story point")
