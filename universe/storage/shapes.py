"""A fact file's shape-checked documents as plain JSON, for the derived cache.

Checking the shape of a file (pydantic, `documents`) costs more than parsing it. The derived
cache keeps the documents of every file whose shape check found nothing, keyed by the file's
bytes; a later load builds the universe from these instead of checking the file again. The
decoded documents are light objects with the attributes the loader reads (`Loader.build`),
never pydantic models; decoding type-checks every field and raises `ShapeError` on anything
a shape check would not have let through, so a damaged entry is checked again, never trusted.

`light_shapes` makes the same objects straight from pydantic's documents, checked a moment
before in the same process (an import's check), with no JSON form between and no type checks:
it is never given rows read from a file.
"""

from __future__ import annotations

from collections import namedtuple
from typing import Any

from universe.story.evidence import Evidence, Rank

__all__ = ["ShapeError", "encode_shapes", "decode_shapes", "light_shapes", "light_statement"]


class ShapeError(ValueError):
    """A cached document that is not what a shape check gives."""


def _text(value: Any, optional: bool = True) -> Any:
    if value is None and optional:
        return None
    if type(value) is not str or not value:
        raise ShapeError("text expected")
    return value


def _plain(value: Any) -> Any:
    """Free text (notes, urls, quotes, descriptions): any string, or None."""
    if value is None or type(value) is str:
        return value
    raise ShapeError("text expected")


_EVIDENCE = {e.value: e for e in Evidence}
_RANK = {r.value: r for r in Rank}


def _evidence(value: Any) -> Evidence:
    try:
        return _EVIDENCE[value]
    except (KeyError, TypeError):
        raise ShapeError("evidence expected") from None


# Tuples with named fields: the quickest objects to make, and immutable like pydantic's.
SourceDoc = namedtuple("SourceDoc", "source quote locator")
AliasDoc = namedtuple("AliasDoc", "name revealed")
PassageDoc = namedtuple("PassageDoc", "text revealed evidence")
ChangeDoc = namedtuple("ChangeDoc", "at status evidence revealed sources note")
EntityDoc = namedtuple("EntityDoc", "id kind name aliases description revealed evidence sources point url date attributes status note")
StatementDoc = namedtuple("StatementDoc", "id subject relation object value from_ until revealed spoils date weight evidence rank sources note")


# -- encoding (from pydantic's documents, after a clean shape check) ------------------------------


def _enc_sources(refs) -> list:
    return [ref if isinstance(ref, str) else [ref.source, ref.quote, ref.locator] for ref in refs]


def _enc_entity(d) -> list:
    if d.description is None or isinstance(d.description, str):
        description = d.description
    else:
        description = [[p.text, p.revealed, p.evidence.value] for p in d.description]
    return [d.id, d.kind, d.name, [a if isinstance(a, str) else [a.name, a.revealed] for a in d.aliases],
            description, d.revealed, d.evidence.value, _enc_sources(d.sources), d.point, d.url, d.date,
            dict(d.attributes),
            [[c.at, c.status, c.evidence.value, c.revealed, _enc_sources(c.sources), c.note] for c in d.status],
            d.note]


def _enc_statement(d) -> list:
    return [d.id, d.subject, d.relation, d.object, d.value, d.from_, d.until, d.revealed, d.spoils, d.date,
            d.weight, d.evidence.value, d.rank.value, _enc_sources(d.sources), d.note]


def encode_shapes(entities: list, statements: list) -> dict:
    """JSON-able form of one file's checked documents (`Loader.read_facts`'s result)."""
    return {"entities": [[path[1], _enc_entity(d)] for path, d in entities],
            "statements": [[path[1], _enc_statement(d)] for path, d in statements]}


# -- decoding ----------------------------------------------------------------------------------


def _list(value: Any, size: int | None = None) -> list:
    if type(value) is not list or (size is not None and len(value) != size):
        raise ShapeError("list expected")
    return value


def _sources(value: Any) -> list:
    out = []
    for ref in _list(value):
        if type(ref) is str:
            out.append(_text(ref, False))
        else:
            source, quote, locator = _list(ref, 3)
            out.append(SourceDoc(_text(source, False), _plain(quote), _plain(locator)))
    return out


def _entity(row: Any) -> EntityDoc:
    (id_, kind, name, aliases, description, revealed, evidence, sources, point, url, date,
     attributes, status, note) = _list(row, 14)
    names = []
    for alias in _list(aliases):
        if type(alias) is str:
            names.append(_text(alias, False))
        else:
            alias_name, alias_revealed = _list(alias, 2)
            names.append(AliasDoc(_text(alias_name, False), _text(alias_revealed)))
    if description is not None and type(description) is not str:
        parts = []
        for part in _list(description):
            text, part_revealed, part_evidence = _list(part, 3)
            parts.append(PassageDoc(_text(text, False), _text(part_revealed), _evidence(part_evidence)))
        description = parts
    if type(attributes) is not dict:
        raise ShapeError("mapping expected")
    for key, value in attributes.items():
        _text(key, False)
        if value is not None and type(value) not in (str, int, float, bool):
            raise ShapeError("scalar expected")
    changes = []
    for change in _list(status):
        at, status_id, change_evidence, change_revealed, change_sources, change_note = _list(change, 6)
        changes.append(ChangeDoc(_text(at, False), _text(status_id, False), _evidence(change_evidence),
                                 _text(change_revealed), _sources(change_sources), _plain(change_note)))
    return EntityDoc(_text(id_, False), _text(kind, False), _text(name, False), names, description,
                     _text(revealed), _evidence(evidence), _sources(sources), _text(point), _plain(url),
                     _text(date), attributes, changes, _plain(note))


_REQUIRED = (1, 2)  # subject, relation
_OPTIONAL = (0, 3, 5, 6, 7, 8, 9)  # id, object, from, until, revealed, spoils, date
_INFINITE = (float("inf"), float("-inf"))


def _statement(row: Any) -> StatementDoc:
    if type(row) is not list or len(row) != 15:
        raise ShapeError("statement expected")
    for index in _REQUIRED:
        value = row[index]
        if type(value) is not str or not value:
            raise ShapeError("text expected")
    for index in _OPTIONAL:
        value = row[index]
        if value is not None and (type(value) is not str or not value):
            raise ShapeError("text expected")
    _plain(row[4])
    _plain(row[14])
    values = row.copy()
    weight = row[10]
    if weight is not None:
        if type(weight) not in (int, float) or weight != weight or weight in _INFINITE:
            raise ShapeError("number expected")
        values[10] = float(weight)
    values[11] = _evidence(row[11])
    try:
        values[12] = _RANK[row[12]]
    except (KeyError, TypeError):
        raise ShapeError("rank expected") from None
    values[13] = _sources(row[13]) if row[13] else []
    return StatementDoc._make(values)


def decode_shapes(data: Any) -> tuple[list, list]:
    """``(entities, statements)`` as `Loader.read_facts` gives them, from `encode_shapes`'s
    form; raises ShapeError when `data` is not that form."""
    if type(data) is not dict:
        raise ShapeError("mapping expected")
    return _rows(data, "entities", _entity), _rows(data, "statements", _statement)


def _rows(data: dict, key: str, decode) -> list:
    """``[((key, index), document), ...]`` from the ``[index, row]`` pairs under `key`."""
    out = []
    for row in _list(data.get(key)):
        index, doc = _list(row, 2)
        if type(index) is not int:
            raise ShapeError("index expected")
        out.append(((key, index), decode(doc)))
    return out


# -- straight from pydantic's documents (checked in this process, never read from a file) ------


def _light_sources(refs) -> list:
    return [ref if type(ref) is str else SourceDoc(ref.source, ref.quote, ref.locator) for ref in refs]


def _light_entity(d) -> EntityDoc:
    description = d.description
    if description is not None and type(description) is not str:
        description = [PassageDoc(p.text, p.revealed, p.evidence) for p in description]
    return EntityDoc(d.id, d.kind, d.name, [a if type(a) is str else AliasDoc(a.name, a.revealed) for a in d.aliases],
                     description, d.revealed, d.evidence, _light_sources(d.sources) if d.sources else [], d.point,
                     d.url, d.date, dict(d.attributes),
                     [ChangeDoc(c.at, c.status, c.evidence, c.revealed, _light_sources(c.sources), c.note)
                      for c in d.status],
                     d.note)


def light_statement(d) -> StatementDoc:
    """The light document of a pydantic statement document (or `d` itself, light already)."""
    if type(d) is StatementDoc:
        return d
    values = list(d.__dict__.values())  # pydantic keeps the fields in their order, the tuple's
    if values[13]:
        values[13] = _light_sources(values[13])
    return StatementDoc._make(values)


def light_shapes(entities: list, statements: list) -> tuple[list, list]:
    """``decode_shapes(encode_shapes(entities, statements))``, made directly: the light documents
    of one file's documents (`Loader.read_facts`'s result), which a shape check of this process
    has just returned. Nothing is type-checked again, so never give it anything else."""
    return ([(path, _light_entity(d)) for path, d in entities],
            [(path, light_statement(d)) for path, d in statements])
