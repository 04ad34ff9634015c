"""A clean fact file's build made a column at a time: what `filebuild.build_alone` makes of it.

A file whose shape check found nothing is built against universe.yaml alone (its records, the
keys of its statements' ids) before the checks across files (`assembly`). Built one entity and
one statement at a time (`Loader.entity`, `Loader.statement_row`) that is a Python call or more
per field; here each check and each lookup is done once per distinct value (a few kinds and
relations, a few dozen story points, a few sources) and the columns are mapped in C, records
made by `records.make_records`. An entity that is not plain (status changes, aliases or passages
with their own reveal points) is built by `Loader.entity` as before. Whenever anything would be
reported, `file_build` gives None and the loader builds the file one document at a time, which
reports exactly as it always did.
"""

from __future__ import annotations

from itertools import accumulate, chain, compress, islice, repeat
from operator import attrgetter, is_, is_not, itemgetter, not_
from types import MappingProxyType

from universe.storage.filebuild import FileBuild
from universe.storage.records import make_records
from universe.storage.report import Report
from universe.storage.shapes import StatementDoc
from universe.storage.statementids import derived_bases
from universe.storage.statementrows import single_citation
from universe.story.model import Alias, Entity, Passage, SourceRef, StatusChange

__all__ = ["file_build"]

_STATEMENT_FIELDS = tuple(StatementDoc._fields)  # a statement document's fields, in order
_DICT = attrgetter("__dict__")
_ENTITY_FIELDS = ("id", "kind", "name", "aliases", "description", "revealed", "evidence", "sources", "point", "url",
                  "date", "attributes", "status", "note")  # an entity document's fields (`Loader.entity` reads)


def file_build(loader, label: str, entity_docs: list, statement_docs: list) -> FileBuild | None:
    """`filebuild.build_alone(loader, label, entity_docs, statement_docs)` for a file whose shape
    check found nothing, its statements made a column at a time; None when a statement would
    report anything built alone, or the documents are not the whole file's in order."""
    columns = getattr(statement_docs, "columns", None)  # what the shape check made them of, in order
    if columns is None:
        if not _in_order(statement_docs, "statements"):
            return None
        columns = _columns(list(map(itemgetter(1), statement_docs)), _STATEMENT_FIELDS)
    if not _in_order(entity_docs, "entities"):
        return None
    made = _statement_columns(loader, label, columns)
    if made is None:
        return None
    items = list(map(itemgetter(1), entity_docs))
    report, cited = loader.report, getattr(loader, "cited", None)
    loader.report, loader.cited = Report(), []
    try:
        entities = _entities(loader, label, items)
        if entities is None or loader.report.pending:
            return None
    finally:
        loader.report, loader.cited = report, cited
    columns, keys, explicit = made
    return FileBuild(entities, [item.revealed is not None for item in items], columns, keys, explicit)


def _in_order(docs: list, key: str) -> bool:
    return list(map(itemgetter(0), docs)) == list(zip(repeat(key), range(len(docs))))


def _columns(docs: list, fields: tuple) -> list[list]:
    """The documents' `fields`, a list each: named tuples of those fields (`shapes`) taken apart
    at once, as are pydantic's documents of exactly those fields (which it keeps in order)."""
    kinds = set(map(type, docs))
    if len(kinds) == 1:
        (kind,) = kinds
        if getattr(kind, "_fields", None) == fields:
            return list(map(list, zip(*docs)))
        if tuple(getattr(kind, "model_fields", ())) == fields:
            return list(map(list, zip(*map(dict.values, map(_DICT, docs)))))
    return [list(map(attrgetter(name), docs)) for name in fields]


def _statement_columns(loader, label: str, columns: list[list]) -> tuple[dict, list, list] | None:
    """The fields but the id of every statement whose document fields are `columns` (in
    `StatementDoc`'s order), a list each (`FileBuild.statements`), their keys and whether each
    is explicit; None when one would report anything built alone."""
    (ids, subjects, relations, objects, values, froms, untils, revealeds, spoils,
     dates, weights, evidence, ranks, sources, notes) = columns
    types = loader.relations
    named = set(relations)
    if not named <= types.keys() or not _linked(objects, values, relations, {r for r in named if types[r].value}):
        return None
    starts, ends, shown, spoiled = (_points(loader, column) for column in (froms, untils, revealeds, spoils))
    if starts is None or ends is None or shown is None or spoiled is None:
        return None
    spans = {}
    for pair in set(zip(froms, untils)):
        start, until = starts[pair[0]], ends[pair[1]]
        if start is not None and until is not None and until.end < start.start:
            return None
        spans[pair] = loader.span(start, until)
    opening = loader.timeline.opening
    default = {text: None if point is None else opening(point) for text, point in starts.items()}
    revealed = list(map(default.__getitem__, froms))
    if len(shown) > 1:  # some statements give `revealed:`
        for index in compress(range(len(revealeds)), map(is_not, revealeds, repeat(None))):
            revealed[index] = shown[revealeds[index]]
    start_ids = {text: None if point is None else point.id for text, point in starts.items()}
    bases = derived_bases(subjects, relations, objects, values, list(map(start_ids.__getitem__, froms)))
    explicit = list(map(is_not, ids, repeat(None)))
    keys = [given if given is not None else base for given, base in zip(ids, bases)] if any(explicit) else bases
    fields = {
        "subject": subjects, "relation": relations, "object": objects, "value": values,
        "span": list(map(spans.__getitem__, zip(froms, untils))), "revealed": revealed,
        "spoils": list(map(spoiled.__getitem__, spoils)), "date": dates, "weight": weights,
        "evidence": evidence, "rank": ranks, "sources": _citations(loader, sources), "note": notes,
        "origin": [label] * len(subjects),
    }
    return fields, keys, explicit


def _linked(objects: list, values: list, relations: list, valued: set) -> bool:
    """Whether every statement has a value for a relation that takes one, an object otherwise."""
    if not valued:
        return None not in objects and values.count(None) == len(values)
    takes = list(map(valued.__contains__, relations))
    links = list(map(not_, takes))
    return (None not in compress(values, takes) and not any(map(is_not, compress(objects, takes), repeat(None)))
            and None not in compress(objects, links) and not any(map(is_not, compress(values, links), repeat(None))))


def _points(loader, column: list) -> dict | None:
    """Each distinct text of `column` and the story point it names (None: None); None when one
    names no story point."""
    found: dict = {None: None}
    for text in set(column):
        if text is not None:
            point = found[text] = loader.lookup(text)
            if point is None:
                return None
    return found


def _citations(loader, sources: list) -> list[tuple]:
    """Each document's citations as `Loader.sources` makes them, one tuple per distinct list."""
    lists = list(map(tuple, sources))
    made: dict = {(): ()}
    for refs in set(lists):
        if refs in made:
            continue
        if len(refs) == 1 and type(refs[0]) is str:
            made[refs] = single_citation(loader, refs[0])
        else:
            made[refs] = tuple(_plain(loader, ref) if type(ref) is str else SourceRef(ref.source, ref.quote, ref.locator)
                               for ref in refs)
    return list(map(made.__getitem__, lists))


def _plain(loader, source: str) -> SourceRef:
    made = loader._plain_refs.get(source)
    if made is None:
        made = loader._plain_refs[source] = SourceRef(source)
    return made


def _entities(loader, label: str, items: list) -> list[Entity] | None:
    """``[loader.entity(item, label, path) ...]``, made a column at a time but for the few with
    aliases or passages of their own reveal points; None when one would report anything."""
    descriptions, aliases = list(map(attrgetter("description"), items)), list(map(attrgetter("aliases"), items))
    other = set()  # positions of the entities `Loader.entity` makes
    if not set(map(type, descriptions)) <= {str, type(None)}:
        other.update(compress(range(len(items)), map(is_, map(type, descriptions), repeat(list))))
    if not set(map(type, chain.from_iterable(aliases))) <= {str}:
        other.update(i for i, names in enumerate(aliases) if any(type(name) is not str for name in names))
    records = _plain_entities(loader, label, [item for i, item in enumerate(items) if i not in other] if other else items)
    if records is None or not other:
        return records
    made = iter(records)
    return [loader.entity(item, label, ("entities", i)) if i in other else next(made) for i, item in enumerate(items)]


def _plain_entities(loader, label: str, items: list) -> list[Entity] | None:
    (ids, kinds, names, aliases, descriptions, revealeds, evidence, sources, points, urls,
     dates, attributes, statuses, notes) = _columns(items, _ENTITY_FIELDS)
    if not set(kinds) <= loader.kinds.keys():
        return None
    shown, at = _points(loader, revealeds), _points(loader, points)
    changes = _status_changes(loader, label, ids, statuses)
    if shown is None or at is None or changes is None:
        return None
    return make_records(Entity, {
        "id": ids, "kind": kinds, "name": names,
        "aliases": _grouped(Alias, aliases, {"name": list(chain.from_iterable(aliases)), "revealed": None}),
        "description": [() if text is None else (Passage(text),) for text in descriptions],
        "revealed": list(map(shown.__getitem__, revealeds)), "evidence": evidence, "sources": _citations(loader, sources),
        "point": list(map(at.__getitem__, points)), "url": urls, "date": dates,
        "attributes": list(map(MappingProxyType, map(dict, attributes))), "status": changes, "note": notes,
        "origin": [label] * len(items),
    })


def _status_changes(loader, label: str, ids: list, statuses: list) -> list[tuple] | None:
    """Each entity's status changes as `Loader.entity` makes them; None when one would report
    anything (an unknown status or story point, changes out of story order)."""
    lengths = list(map(len, statuses))
    changes = list(chain.from_iterable(statuses))
    if not changes:
        return [()] * len(ids)
    ats, states, evidence, revealeds, sources, notes = _columns(changes, ("at", "status", "evidence", "revealed", "sources", "note"))
    at, shown = _points(loader, ats), _points(loader, revealeds)
    if not set(states) <= loader.statuses.keys() or at is None or shown is None or None in ats:
        return None
    begins = set(accumulate(lengths))  # where each entity's changes begin (and the last ends)
    for earlier, later in set(compress(zip(ats, ats[1:]), map(not_, map(begins.__contains__, range(1, len(ats)))))):
        first, then = at[earlier], at[later]
        if then.sort_key < first.sort_key and not then.is_within(first):
            return None
    points = list(map(at.__getitem__, ats))
    columns = {
        "entity": list(chain.from_iterable(map(repeat, ids, lengths))), "at": points, "status": states,
        "evidence": evidence, "revealed": [at_point if text is None else shown[text] for text, at_point in zip(revealeds, points)],
        "sources": _citations(loader, sources), "note": notes, "origin": [label] * len(changes),
    }
    return _grouped(StatusChange, statuses, columns)


def _grouped(cls: type, lists: list[list], columns: dict) -> list[tuple]:
    """A tuple for each of `lists` of the records of `cls` made of its items: their fields in
    `columns`, a list each (every list's items one after another) or one value for all."""
    lengths = list(map(len, lists))
    size = sum(lengths)
    if not size:
        return [()] * len(lists)
    made = iter(make_records(cls, {name: values if type(values) is list else [values] * size for name, values in columns.items()}))
    return [tuple(islice(made, length)) if length else () for length in lengths]
