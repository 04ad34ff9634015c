"""A loaded universe as plain JSON data and back, for the derived cache.

Plain data only (lists, strings, numbers, None): reading it back runs no code of the file's
choosing, unlike pickle. Story points travel as their position on the timeline, evidence and
ranks as their names. Decoding trusts nothing: every field is type-checked and every name is
looked up in the universe's own vocabularies, so a corrupt or hand-made entry raises
`ValueError` (or `TypeError`, `KeyError`, `IndexError`) and the caller rebuilds from the files.
"""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType
from typing import Any

from universe.errors import Problem
from universe.story.evidence import Evidence, Rank
from universe.story.model import Alias, Entity, Kind, Passage, RelationType, SourceRef, Statement, Status, StatusChange
from universe.story.timeline import Span, StoryPoint, Timeline
from universe.story.world import Universe

__all__ = ["encode_universe", "decode_universe", "encode_problems", "decode_problems", "DECODE_ERRORS"]

#: What decoding a bad entry raises; the cache catches exactly these and rebuilds.
DECODE_ERRORS = (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError, OverflowError)

_EVIDENCE = {level.value: level for level in Evidence}
_RANK = {rank.value: rank for rank in Rank}
_KIND_FIELDS = ("id", "label", "plural", "color", "description")
_STATUS_FIELDS = ("id", "label", "color", "terminal", "description")
_RELATION_FIELDS = ("id", "label", "inverse", "symmetric", "family", "subject_kinds", "object_kinds", "value",
                    "containment", "posthumous", "portrayal", "color", "description")
_SCALARS = (str, int, float, bool, type(None))


# -- encoding ---------------------------------------------------------------------------------


def encode_problems(problems: "list[Problem] | tuple[Problem, ...]") -> list:
    return [[p.file, p.line, p.message, p.severity] for p in problems]


def encode_universe(universe: Universe) -> dict:
    """`universe` as plain data (see `decode_universe`)."""
    timeline = universe.timeline
    position = {id(point): index for index, point in enumerate(timeline.points)}

    def point(value: StoryPoint | None) -> int | None:
        return None if value is None else position[id(value)]

    def sources(refs: tuple[SourceRef, ...]) -> list:
        return [r.source if r.quote is None and r.locator is None else [r.source, r.quote, r.locator] for r in refs]

    origins: dict[str, int] = {}

    def origin(text: str) -> int:
        return origins.setdefault(text, len(origins))

    entities = [
        [e.id, e.kind, e.name, [[a.name, point(a.revealed)] for a in e.aliases],
         [[p.text, point(p.revealed), p.evidence.value] for p in e.description], point(e.revealed), e.evidence.value,
         sources(e.sources), point(e.point), e.url, e.date, dict(e.attributes),
         [[point(c.at), c.status, c.evidence.value, point(c.revealed), sources(c.sources), c.note, origin(c.origin)]
          for c in e.status],
         e.note, origin(e.origin)]
        for e in universe.entities.values()
    ]
    statements = [
        [s.id, s.subject, s.relation, s.object, s.value, point(s.span.start), point(s.span.until), point(s.revealed),
         point(s.spoils), s.date, s.weight, s.evidence.value, s.rank.value, sources(s.sources), s.note, origin(s.origin)]
        for s in universe.statements
    ]
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
        "entities": entities,
        "statements": statements,
    }


# -- decoding ---------------------------------------------------------------------------------


def _text(value: Any) -> str:
    if type(value) is not str:
        raise TypeError("expected text")
    return value


def _optional_text(value: Any) -> str | None:
    if value is not None and type(value) is not str:
        raise TypeError("expected text or nothing")
    return value


def _flag(value: Any) -> bool:
    if type(value) is not bool:
        raise TypeError("expected true or false")
    return value


def _list(value: Any) -> list:
    if type(value) is not list:
        raise TypeError("expected a list")
    return value


def decode_problems(rows: Any) -> list[Problem]:
    problems = []
    for file, line, message, severity in _list(rows):
        if line is not None and type(line) is not int:
            raise TypeError("a line is a number")
        if severity not in ("error", "warning"):
            raise ValueError(f"unknown severity {severity!r}")
        problems.append(Problem(_text(file), line, _text(message), severity))
    return problems


def _timeline(levels: Any, rows: Any) -> Timeline:
    nodes: dict[str, dict] = {}
    tree: list[dict] = []
    for point_id, title, parent, date, note, aliases in _list(rows):
        node = {"id": _text(point_id), "title": _text(title), "date": _optional_text(date), "note": _optional_text(note),
                "aliases": [_text(a) for a in _list(aliases)], "points": []}
        if point_id in nodes:
            raise ValueError(f"story point {point_id!r} twice")
        nodes[point_id] = node
        (tree if parent is None else nodes[_text(parent)]["points"]).append(node)
    return Timeline.build([_text(level) for level in _list(levels)], tree)


def decode_universe(data: Any, folder: Path | None, warnings: tuple[Problem, ...] = ()) -> Universe:
    """The universe `encode_universe` gave `data` for; raises one of `DECODE_ERRORS` when it is
    not exactly such data."""
    if type(data) is not dict:
        raise TypeError("a universe is a mapping")
    timeline = _timeline(data["levels"], data["points"])
    points = timeline.points
    if len(points) != len(data["points"]):
        raise ValueError("story points lost")

    def point(value: Any) -> StoryPoint | None:
        if value is None:
            return None
        if type(value) is not int or value < 0:
            raise TypeError("a story point is a position on the timeline")
        return points[value]

    kinds = {}
    for row in _list(data["kinds"]):
        kind = Kind(*(_text(v) if f in ("id", "label", "plural") else _optional_text(v) for f, v in zip(_KIND_FIELDS, row, strict=True)))
        kinds[kind.id] = kind
    statuses = {}
    for row in _list(data["statuses"]):
        values = dict(zip(_STATUS_FIELDS, row, strict=True))
        status = Status(_text(values["id"]), _text(values["label"]), _optional_text(values["color"]), _flag(values["terminal"]),
                        _optional_text(values["description"]))
        statuses[status.id] = status
    relations = {}
    for row in _list(data["relations"]):
        values = dict(zip(_RELATION_FIELDS, row, strict=True))
        for name in ("symmetric", "value", "containment", "posthumous", "portrayal"):
            _flag(values[name])
        for name in ("subject_kinds", "object_kinds"):
            values[name] = tuple(kinds[_text(k)].id for k in _list(values[name]))
        for name in ("id", "label", "family"):
            _text(values[name])
        for name in ("inverse", "color", "description"):
            _optional_text(values[name])
        relations[values["id"]] = RelationType(**values)
    origins = [_text(o) for o in _list(data["origins"])]

    def sources(rows: Any) -> tuple[SourceRef, ...]:
        out = []
        for ref in _list(rows):
            if type(ref) is str:
                out.append(SourceRef(ref))
            else:
                source, quote, locator = ref
                out.append(SourceRef(_text(source), _optional_text(quote), _optional_text(locator)))
        return tuple(out)

    entities: dict[str, Entity] = {}
    for (entity_id, kind, name, aliases, description, revealed, evidence, refs, at, url, date, attributes,
         changes, note, where) in _list(data["entities"]):
        _text(entity_id)
        if entity_id in entities:
            raise ValueError(f"entity {entity_id!r} twice")
        if type(attributes) is not dict or any(type(k) is not str or type(v) not in _SCALARS for k, v in attributes.items()):
            raise TypeError("attributes are a mapping of text to plain values")
        status = tuple(
            StatusChange(entity_id, point(change_at) or _missing(), statuses[status_id].id, _EVIDENCE[level], point(shown),
                         sources(cited), _optional_text(change_note), origins[change_where])
            for change_at, status_id, level, shown, cited, change_note, change_where in _list(changes)
        )
        entities[entity_id] = Entity(
            id=entity_id,
            kind=kinds[kind].id,
            name=_text(name),
            aliases=tuple(Alias(_text(alias), point(shown)) for alias, shown in _list(aliases)),
            description=tuple(Passage(_text(text), point(shown), _EVIDENCE[level]) for text, shown, level in _list(description)),
            revealed=point(revealed),
            evidence=_EVIDENCE[evidence],
            sources=sources(refs),
            point=point(at),
            url=_optional_text(url),
            date=_optional_text(date),
            attributes=MappingProxyType(attributes),
            status=status,
            note=_optional_text(note),
            origin=origins[where],
        )
    statements = []
    for (statement_id, subject, relation, obj, value, start, until, revealed, spoils, date, weight, evidence, rank, refs,
         note, where) in _list(data["statements"]):
        if weight is not None and type(weight) is not float:
            raise TypeError("a weight is a number")
        statements.append(Statement(
            id=_text(statement_id),
            subject=entities[subject].id,
            relation=relations[relation].id,
            object=None if obj is None else entities[obj].id,
            value=_optional_text(value),
            span=Span(point(start), point(until)),
            revealed=point(revealed),
            spoils=point(spoils),
            date=_optional_text(date),
            weight=weight,
            evidence=_EVIDENCE[evidence],
            rank=_RANK[rank],
            sources=sources(refs),
            note=_optional_text(note),
            origin=origins[where],
        ))
    return Universe(
        id=_text(data["id"]),
        title=_text(data["title"]),
        description=_optional_text(data["description"]),
        work=_optional_text(data["work"]),
        timeline=timeline,
        kinds=MappingProxyType(kinds),
        statuses=MappingProxyType(statuses),
        relations=MappingProxyType(relations),
        entities=MappingProxyType(entities),
        statements=tuple(statements),
        path=folder,
        version=_text(data["version"]),
        warnings=warnings,
        principal_kinds=tuple(kinds[_text(k)].id for k in _list(data["principal_kinds"])),
    )


def _missing() -> StoryPoint:
    raise ValueError("a status change needs its story point")
