"""Statement rows: a statement's fields as the loader makes them, by its short path.

`plain_row` is the loader's short path for one statement that reports nothing (the usual case):
its fields with no call it does not need; None, having reported nothing, for any other, which
`Loader.statement` then checks in full and reports exactly as it always did. (A whole clean
file's statements are made a column at a time: `columnbuild`.)
"""

from __future__ import annotations

from universe.story.model import SourceRef

__all__ = ["plain_row", "cited_sources", "single_citation"]


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
    return single_citation(loader, source)


def single_citation(loader, source: str) -> tuple[SourceRef]:
    """The loader's one shared tuple of the citations of a statement citing `source` plainly."""
    made = loader._single_refs.get(source)
    if made is None:
        made = loader._single_refs[source] = (loader._plain_refs.get(source) or SourceRef(source),)
    return made
