"""Statement rows: a statement's fields as the loader makes them, one at a time or a file at a time.

`plain_row` is the loader's short path for one statement that reports nothing (the usual case):
its fields with no call it does not need. `file_build` makes a whole clean file's build (what
`filebuild.build_alone` gives: its records against universe.yaml alone) a column at a time: each
check and each lookup done once per distinct value (a few relations, a few dozen story points,
a few sources) and the columns mapped in C. Either gives None, having reported nothing, for
anything that would report a problem: the loader then checks it statement by statement
(`Loader.statement`), which reports exactly as it always did.
"""

from __future__ import annotations

from itertools import compress, repeat
from operator import attrgetter, is_not, itemgetter, not_

from universe.storage.filebuild import FileBuild
from universe.storage.report import Report
from universe.storage.shapes import StatementDoc
from universe.storage.statementids import derived_bases
from universe.story.model import SourceRef, Statement

__all__ = ["plain_row", "cited_sources", "file_build"]

_DOC_FIELDS = tuple(StatementDoc._fields)  # a statement document's fields, in order
_FIELDS = tuple(name for name in Statement.__dataclass_fields__ if name != "id")


def plain_row(loader, item, file: str, path: tuple, entities: dict | None, statement_id: str) -> tuple | None:
    """The fields of a statement that reports nothing, in `Statement`'s order; None, having
    reported nothing, for any other (then `Loader.statement` checks it all). `entities` None:
    built alone, the checks against other files left out."""
    rtype = loader.relations.get(item.relation)
    if rtype is None:
        return None
    obj_id, value = item.object, item.value
    if (value is None or obj_id is not None) if rtype.value else (obj_id is None or value is not None):
        return None
    if entities is not None:
        subject = entities.get(item.subject)
        if subject is None or (rtype.subject_kinds and subject.kind not in rtype.subject_kinds):
            return None
        if obj_id is not None:
            obj = entities.get(obj_id)
            if obj is None or (rtype.object_kinds and obj.kind not in rtype.object_kinds):
                return None
    points, lookup = loader._points, loader.lookup
    start = until = revealed = spoils = None
    if item.from_ is not None:
        start = points[item.from_] if item.from_ in points else lookup(item.from_)
        if start is None:
            return None
    if item.until is not None:
        until = points[item.until] if item.until in points else lookup(item.until)
        if until is None or (start is not None and until.end < start.start):
            return None
    if item.revealed is not None:
        revealed = points[item.revealed] if item.revealed in points else lookup(item.revealed)
        if revealed is None:
            return None
    elif start is not None:
        revealed = loader.timeline.opening(start)
    if item.spoils is not None:
        spoils = points[item.spoils] if item.spoils in points else lookup(item.spoils)
        if spoils is None:
            return None
    span = loader._spans.get((id(start), id(until))) or loader.span(start, until)
    return (
        statement_id, item.subject, item.relation, obj_id, value, span, revealed, spoils,
        item.date, item.weight, item.evidence, item.rank,
        cited_sources(loader, item.sources, file, path) if item.sources else (), item.note, file,
    )


def cited_sources(loader, refs: list, file: str, path: tuple) -> tuple[SourceRef, ...]:
    """`Loader.sources`, with one shared tuple for a list of one source cited plainly (the usual)."""
    if len(refs) != 1 or type(refs[0]) is not str:
        return loader.sources(refs, file, path)
    source = refs[0]
    loader.cited.append((source, file, path, 0))
    return _single(loader, source)


def _single(loader, source: str) -> tuple[SourceRef]:
    made = loader._single_refs.get(source)
    if made is None:
        made = loader._single_refs[source] = (loader._plain_refs.get(source) or SourceRef(source),)
    return made


# -- a file at a time ------------------------------------------------------------------------


def file_build(loader, label: str, entity_docs: list, statement_docs: list) -> FileBuild | None:
    """`filebuild.build_alone(loader, label, entity_docs, statement_docs)` for a file whose shape
    check found nothing, its statements made a column at a time; None when a statement would
    report anything built alone, or the documents are not the whole file's in order."""
    if not (_in_order(entity_docs, "entities") and _in_order(statement_docs, "statements")):
        return None
    made = _statement_columns(loader, label, list(map(itemgetter(1), statement_docs)))
    if made is None:
        return None
    report, cited = loader.report, getattr(loader, "cited", None)
    loader.report, loader.cited = Report(), []
    try:
        entities = [loader.entity(item, label, path) for path, item in entity_docs]
        if loader.report.pending:
            return None
    finally:
        loader.report, loader.cited = report, cited
    columns, keys, explicit = made
    return FileBuild(entities, [item.revealed is not None for _, item in entity_docs], columns, keys, explicit)


def _in_order(docs: list, key: str) -> bool:
    return list(map(itemgetter(0), docs)) == list(zip(repeat(key), range(len(docs))))


def _columns(docs: list) -> list[list]:
    """The documents' fields, a list each, in `StatementDoc`'s order."""
    if not docs:
        return [[] for _ in _DOC_FIELDS]
    if {type(doc) for doc in docs} == {StatementDoc}:
        return list(map(list, zip(*docs)))
    return [list(map(attrgetter(name), docs)) for name in _DOC_FIELDS]


def _statement_columns(loader, label: str, docs: list) -> tuple[dict, list, list] | None:
    """The fields of every statement of `docs` but its id, a list each (`FileBuild.statements`),
    their keys and whether each is explicit; None when one would report anything built alone."""
    (ids, subjects, relations, objects, values, froms, untils, revealeds, spoils,
     dates, weights, evidence, ranks, sources, notes) = _columns(docs)
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
    if len(shown) == 1:  # no statement gives `revealed:`
        revealed = list(map(default.__getitem__, froms))
    else:
        revealed = [default[start] if text is None else shown[text] for text, start in zip(revealeds, froms)]
    start_ids = {text: None if point is None else point.id for text, point in starts.items()}
    bases = derived_bases(subjects, relations, objects, values, list(map(start_ids.__getitem__, froms)))
    explicit = list(map(is_not, ids, repeat(None)))
    keys = [given if given is not None else base for given, base in zip(ids, bases)] if any(explicit) else bases
    columns = {
        "subject": subjects, "relation": relations, "object": objects, "value": values,
        "span": list(map(spans.__getitem__, zip(froms, untils))), "revealed": revealed,
        "spoils": list(map(spoiled.__getitem__, spoils)), "date": dates, "weight": weights,
        "evidence": evidence, "rank": ranks, "sources": _citations(loader, sources), "note": notes,
        "origin": [label] * len(docs),
    }
    return columns, keys, explicit


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
    """Each statement's citations as `Loader.sources` makes them, one tuple per distinct list."""
    lists = list(map(tuple, sources))
    made: dict = {(): ()}
    for refs in set(lists):
        if refs in made:
            continue
        if len(refs) == 1 and type(refs[0]) is str:
            made[refs] = _single(loader, refs[0])
        else:
            made[refs] = tuple(_plain(loader, ref) if type(ref) is str else SourceRef(ref.source, ref.quote, ref.locator)
                               for ref in refs)
    return list(map(made.__getitem__, lists))


def _plain(loader, source: str) -> SourceRef:
    made = loader._plain_refs.get(source)
    if made is None:
        made = loader._plain_refs[source] = SourceRef(source)
    return made
