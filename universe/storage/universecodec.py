"""A loaded universe as plain JSON data and back, for the derived cache.

Plain data only (lists, strings, numbers, None): reading it back runs no code of the file's
choosing, unlike pickle. Story points travel as their position on the timeline, evidence and
ranks as their names. Decoding trusts nothing: every field is type-checked and every name is
looked up in the universe's own vocabularies, so a corrupt or hand-made entry raises
`ValueError` (or `TypeError`, `KeyError`, `IndexError`) and the caller rebuilds from the files.
"""

from __future__ import annotations

from operator import attrgetter
from pathlib import Path
from types import MappingProxyType
from typing import Any

from universe.errors import Problem
from universe.storage.entitycolumns import decode_entity_list
from universe.storage.entryfields import EVIDENCE, RANK, SCALARS, checked_list, checked_text, flag, only_types, optional_text
from universe.storage.numbering import Numbering
from universe.storage.records import make_records
from universe.story.evidence import Evidence, Rank
from universe.story.model import Entity, Kind, RelationType, SourceRef, Statement, Status
from universe.story.snapshot import Universe
from universe.story.timeline import Span, Timeline

__all__ = ["checked_list", "checked_text", "encode_universe", "decode_universe", "encode_problems", "decode_problems", "DECODE_ERRORS", "entity_row",
           "statement_columns", "field_columns", "statement_fields", "point_positions", "position_of", "decode_entities", "decode_entity_list", "decode_citation",
           "packed", "unpacked"]

#: What decoding a bad entry raises; the cache catches exactly these and rebuilds.
DECODE_ERRORS = (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError, OverflowError)

_EVIDENCE_VALUE = {id(level): level.value for level in Evidence}  # by identity: map stays in C
_RANK_VALUE = {id(rank): rank.value for rank in Rank}
_KIND_FIELDS = ("id", "label", "plural", "color", "description")
_STATUS_FIELDS = ("id", "label", "color", "terminal", "description")
_RELATION_FIELDS = ("id", "label", "inverse", "symmetric", "family", "subject_kinds", "object_kinds", "value",
                    "containment", "posthumous", "portrayal", "color", "description")


# -- encoding ---------------------------------------------------------------------------------


def encode_problems(problems: "list[Problem] | tuple[Problem, ...]") -> list:
    return [[p.file, p.line, p.message, p.severity] for p in problems]


def encode_universe(universe: Universe) -> dict:
    """`universe` as plain data (see `decode_universe`)."""
    timeline = universe.timeline
    position = point_positions(timeline)
    point = position_of(position)

    sources, origin = Numbering(), Numbering()  # facts cite the same few sources over and over
    entities = [entity_row(e, point, sources, origin) for e in universe.entities.values()]
    columns = statement_columns(universe.statements, position, sources, origin)
    citations, origins = sources.values(), origin.values()
    return {
        "id": universe.id,
        "title": universe.title,
        "description": universe.description,
        "work": universe.work,
        "version": universe.version,
        "principal_kinds": list(universe.principal_kinds),
        "levels": list(timeline.levels),
        "points": [[p.id, p.title, p.parent, p.date, p.note, list(p.aliases)] for p in timeline.points],
        "kinds": [[getattr(k, f) for f in _KIND_FIELDS] for k in universe.kinds.values()],
        "statuses": [[getattr(s, f) for f in _STATUS_FIELDS] for s in universe.statuses.values()],
        "relations": [[list(v) if isinstance(v, tuple) else v for v in (getattr(r, f) for f in _RELATION_FIELDS)]
                      for r in universe.relations.values()],
        "origins": list(origins),
        "citations": [[r.source if r.quote is None and r.locator is None else [r.source, r.quote, r.locator] for r in refs]
                      for refs in citations],
        "entities": entities,
        "statements": columns,
    }


def entity_row(e: Entity, point, sources, origin) -> list:
    """One entity as a row; `point`, `sources` and `origin` give the numbers of its story points,
    citations and origins (see `encode_universe`)."""
    return [e.id, e.kind, e.name, [[a.name, point(a.revealed)] for a in e.aliases],
            [[p.text, point(p.revealed), p.evidence.value] for p in e.description], point(e.revealed), e.evidence.value,
            sources(e.sources), point(e.point), e.url, e.date, dict(e.attributes),
            [[point(c.at), c.status, c.evidence.value, point(c.revealed), sources(c.sources), c.note, origin(c.origin)]
             for c in e.status],
            e.note, origin(e.origin)]


def point_positions(timeline: Timeline) -> dict:
    """``{id(point): its position}`` for the timeline's own points, and None for None."""
    position: dict = {id(point): index for index, point in enumerate(timeline.points)}
    position[id(None)] = None
    return position


def position_of(position: dict):
    """The function giving a story point's position (see `point_positions`)."""
    return lambda value: position[id(value)]


def statement_columns(statements, position: dict, sources, origin, ids: bool = True) -> dict:
    """Statements as columns (see `field_columns`); without the ids when `ids` is false."""
    statements = list(statements)
    names = [name for name in Statement.__dataclass_fields__ if ids or name != "id"]
    return field_columns({name: list(map(attrgetter(name), statements)) for name in names}, position, sources, origin)


def field_columns(fields: dict, position: dict, sources: Numbering, origin: Numbering) -> dict:
    """Statements' fields (a list per field, as `statement_fields` gives them) as plain columns,
    each made by `map` (in C); `position` from `point_positions`, `sources` and `origin` number
    citations and origins (see `entity_row`). The id column when `fields` has one."""

    def points(values) -> list:
        return list(map(position.__getitem__, map(id, values)))

    spans = fields["span"]
    columns = {"id": fields["id"]} if "id" in fields else {}
    columns.update({"count": len(spans)})
    columns.update({name: packed(values) for name, values in {
        "subject": fields["subject"],
        "relation": fields["relation"],
        "object": fields["object"],
        "value": fields["value"],
        "from": points(map(attrgetter("start"), spans)),
        "until": points(map(attrgetter("until"), spans)),
        "revealed": points(fields["revealed"]),
        "spoils": points(fields["spoils"]),
        "date": fields["date"],
        "weight": fields["weight"],
        "evidence": list(map(_EVIDENCE_VALUE.__getitem__, map(id, fields["evidence"]))),
        "rank": list(map(_RANK_VALUE.__getitem__, map(id, fields["rank"]))),
        "sources": sources.numbers(fields["sources"]),
        "note": fields["note"],
        "origin": origin.numbers(fields["origin"]),
    }.items()})
    return columns


def unpacked(values: Any, count: int, allowed: "set[type] | None" = None, lookup: Any = None) -> list:
    """The column `packed` gave `values` for: `count` values of the `allowed` types (any plain
    value when None), each looked up by `lookup` when given; raises one of `DECODE_ERRORS`."""
    if type(values) is dict:  # one value for every statement
        if values.keys() != {"each"}:
            raise ValueError("a packed column holds one value")
        one = [values["each"]]
        only_types(one, allowed or set(SCALARS))
        return [one[0] if lookup is None else lookup(one[0])] * count
    if len(checked_list(values)) != count:
        raise ValueError("statement columns of different lengths")
    if allowed is not None:
        only_types(values, allowed)
    return values if lookup is None else list(map(lookup, values))


def packed(values: list) -> "list | dict":
    """A column as an entry keeps it: ``{"each": value}`` when every one of `values` is the same
    plain value of one type (a column of nothing but null, "canon" or 0 is most of a build's
    bytes), else the list itself."""
    if values and type(values[0]) in SCALARS and values.count(values[0]) == len(values) and len(set(map(type, values))) == 1:
        return {"each": values[0]}
    return values


# -- decoding ---------------------------------------------------------------------------------


def decode_problems(rows: Any) -> list[Problem]:
    """The problems of `rows` (see `encode_problems`), checked a column at a time."""
    rows = checked_list(rows)
    only_types(rows, {list})
    if not set(map(len, rows)) <= {4}:
        raise ValueError("a problem is a file, a line, a message and a severity")
    if not rows:
        return []
    files, lines, messages, severities = map(list, zip(*rows))
    only_types(files, {str})
    only_types(lines, {int, type(None)})
    only_types(messages, {str})
    if not set(severities) <= {"error", "warning"}:
        raise ValueError(f"unknown severity among {sorted(map(repr, set(severities)))}")
    return make_records(Problem, {"file": files, "line": lines, "message": messages, "severity": severities})


def _timeline(levels: Any, rows: Any) -> Timeline:
    nodes: dict[str, dict] = {}
    tree: list[dict] = []
    for point_id, title, parent, date, note, aliases in checked_list(rows):
        node = {"id": checked_text(point_id), "title": checked_text(title), "date": optional_text(date), "note": optional_text(note),
                "aliases": [checked_text(a) for a in checked_list(aliases)], "points": []}
        if point_id in nodes:
            raise ValueError(f"story point {point_id!r} twice")
        nodes[point_id] = node
        (tree if parent is None else nodes[checked_text(parent)]["points"]).append(node)
    return Timeline.build([checked_text(level) for level in checked_list(levels)], tree)


def decode_universe(data: Any, folder: Path | None, warnings: tuple[Problem, ...] = ()) -> Universe:
    """The universe `encode_universe` gave `data` for; raises one of `DECODE_ERRORS` when it is
    not exactly such data."""
    if type(data) is not dict:
        raise TypeError("a universe is a mapping")
    timeline = _timeline(data["levels"], data["points"])
    points = timeline.points
    if len(points) != len(data["points"]):
        raise ValueError("story points lost")

    kinds = {}
    for row in checked_list(data["kinds"]):
        kind = Kind(*(checked_text(v) if f in ("id", "label", "plural") else optional_text(v) for f, v in zip(_KIND_FIELDS, row, strict=True)))
        kinds[kind.id] = kind
    statuses = {}
    for row in checked_list(data["statuses"]):
        values = dict(zip(_STATUS_FIELDS, row, strict=True))
        status = Status(checked_text(values["id"]), checked_text(values["label"]), optional_text(values["color"]), flag(values["terminal"]),
                        optional_text(values["description"]))
        statuses[status.id] = status
    relations = {}
    for row in checked_list(data["relations"]):
        values = dict(zip(_RELATION_FIELDS, row, strict=True))
        for name in ("symmetric", "value", "containment", "posthumous", "portrayal"):
            flag(values[name])
        for name in ("subject_kinds", "object_kinds"):
            values[name] = tuple(kinds[checked_text(k)].id for k in checked_list(values[name]))
        for name in ("id", "label", "family"):
            checked_text(values[name])
        for name in ("inverse", "color", "description"):
            optional_text(values[name])
        relations[values["id"]] = RelationType(**values)
    origins = [checked_text(o) for o in checked_list(data["origins"])]
    at = {index: point for index, point in enumerate(points)}  # a dict: a negative index is refused
    at[None] = None
    citations = [decode_citation(refs) for refs in checked_list(data["citations"])]
    sources = citations.__getitem__
    entities = decode_entities(data["entities"], at, kinds, statuses, origins, sources)
    statements = _statements(data["statements"], at, entities, relations, citations, origins)
    return Universe(
        id=checked_text(data["id"]),
        title=checked_text(data["title"]),
        description=optional_text(data["description"]),
        work=optional_text(data["work"]),
        timeline=timeline,
        kinds=MappingProxyType(kinds),
        statuses=MappingProxyType(statuses),
        relations=MappingProxyType(relations),
        entities=MappingProxyType(entities),
        statements=tuple(statements),
        path=folder,
        version=checked_text(data["version"]),
        warnings=warnings,
        principal_kinds=tuple(kinds[checked_text(k)].id for k in checked_list(data["principal_kinds"])),
    )


def decode_entities(rows: Any, at: dict, kinds: dict, statuses: dict, origins: list, sources) -> dict[str, Entity]:
    """The entities of `rows` (see `entity_row`) by id; raises ValueError for an id twice."""
    entities: dict[str, Entity] = {}
    for entity in decode_entity_list(rows, at, kinds, statuses, origins, sources):
        if entity.id in entities:
            raise ValueError(f"entity {entity.id!r} twice")
        entities[entity.id] = entity
    return entities


def _statements(columns: Any, at: dict, entities: dict, relations: dict, citations: list, origins: list) -> list[Statement]:
    """Statements from their columns (see `statement_fields`), made a column at a time
    (`records.make_records`)."""
    if type(columns) is not dict:
        raise TypeError("statements are columns")
    ids = checked_list(columns["id"])
    only_types(ids, {str})
    fields = statement_fields(columns, at, relations, citations, origins, entities)
    if len(ids) != len(fields["subject"]):
        raise ValueError("statement columns of different lengths")
    return make_records(Statement, {"id": ids, **fields})


def statement_fields(columns: Any, at: dict, relations: dict, citations: list, origins: list, entities: "dict | None" = None,
                     revealed: bool = True) -> dict:
    """Every field of the statements but their ids, a list each, from their columns: every
    column checked and looked up at once (map runs in C). Subjects and objects are looked up in
    `entities`, or only checked to be text when it is None (one file's statements). Without the
    reveal points when `revealed` is false (a kept build holds them apart: `filebuild`)."""
    if type(columns) is not dict:
        raise TypeError("statements are columns")
    count = columns["count"]
    if type(count) is not int or count < 0:
        raise TypeError("a count of statements")

    def column(name: str, allowed: "set[type] | None" = None, lookup: Any = None) -> list:
        return unpacked(columns[name], count, allowed, lookup)

    if entities is None:
        subjects, objects = column("subject", {str}), column("object", {str, type(None)})
    else:
        names = {entity_id: entity_id for entity_id in entities}
        subjects = column("subject", lookup=names.__getitem__)
        objects = column("object", lookup={**names, None: None}.__getitem__)
    same_start, same_end = type(columns["from"]) is dict, type(columns["until"]) is dict  # packed: one value each
    starts, ends = column("from"), column("until")
    if not count:
        spans = []
    elif same_end:  # spans told apart by their start alone (often: no end given at all)
        end = at[ends[0]]
        made = {start: Span(at[start], end) for start in set(starts)}
        spans = list(map(made.__getitem__, starts))
    elif same_start:
        start = at[starts[0]]
        made = {end: Span(start, at[end]) for end in set(ends)}
        spans = list(map(made.__getitem__, ends))
    else:
        pairs = list(zip(starts, ends))
        made = {pair: Span(at[pair[0]], at[pair[1]]) for pair in set(pairs)}
        spans = list(map(made.__getitem__, pairs))
    relation_ids = {relation_id: relation_id for relation_id in relations}
    fields = {
        "subject": subjects,
        "relation": column("relation", lookup=relation_ids.__getitem__),
        "object": objects,
        "value": column("value", {str, type(None)}),
        "span": spans,
        "revealed": column("revealed", lookup=at.__getitem__) if revealed else None,
        "spoils": column("spoils", lookup=at.__getitem__),
        "date": column("date", {str, type(None)}),
        "weight": column("weight", {float, type(None)}),
        "evidence": column("evidence", lookup=EVIDENCE.__getitem__),
        "rank": column("rank", lookup=RANK.__getitem__),
        "sources": column("sources", lookup=citations.__getitem__),
        "note": column("note", {str, type(None)}),
        "origin": column("origin", lookup=origins.__getitem__),
    }
    if not revealed:
        del fields["revealed"]
    return fields


def decode_citation(refs: Any) -> tuple[SourceRef, ...]:
    out = []
    for ref in checked_list(refs):
        if type(ref) is str:
            out.append(SourceRef(ref))
        else:
            source, quote, locator = ref
            out.append(SourceRef(checked_text(source), optional_text(quote), optional_text(locator)))
    return tuple(out)

