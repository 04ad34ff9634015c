"""A universe's vocabularies, read from universe.yaml: story time, kinds, statuses, relation types."""

from __future__ import annotations

from dataclasses import dataclass

from universe.storage.documents import UniverseDoc
from universe.storage.report import Report
from universe.story.model import Kind, RelationType, Status
from universe.story.timeline import Timeline

__all__ = ["Vocabulary", "read_vocabulary"]


@dataclass(frozen=True)
class Vocabulary:
    """What universe.yaml declares, that every fact file is checked against."""

    timeline: Timeline
    kinds: dict[str, Kind]
    statuses: dict[str, Status]
    relations: dict[str, RelationType]


def read_vocabulary(doc: UniverseDoc, file: str, report: Report) -> Vocabulary:
    """The vocabularies of a shape-checked universe.yaml; duplicate story point ids and relation
    types naming undeclared kinds are reported to `report`."""
    seen: dict[str, tuple] = {}

    def walk(points, path):
        for index, point in enumerate(points):
            here = path + (index,)
            key = point.id.casefold()
            if key in seen:
                report(file, here + ("id",), f"duplicate story point id {point.id!r}")
            seen.setdefault(key, here)
            walk(point.points, here + ("points",))

    walk(doc.story_time.points, ("story_time", "points"))
    timeline = Timeline.build(doc.story_time.levels, [p.model_dump() for p in doc.story_time.points])
    kinds = {k: Kind(k, v.label, v.plural or v.label + "s", v.color, v.description) for k, v in doc.kinds.items()}
    statuses = {k: Status(k, v.label, v.color, v.terminal, v.description) for k, v in doc.statuses.items()}
    for index, kind in enumerate(doc.principal_kinds):
        if kind not in kinds:
            report(file, ("principal_kinds", index), f"principal kind {kind!r} is not a declared kind (known: {', '.join(kinds)})")
    relations = {}
    for key, value in doc.relations.items():
        for side in ("subject", "object"):
            for kind in getattr(value, side):
                if kind not in kinds:
                    report(file, ("relations", key, side), f"relation {key!r}: unknown {side} kind {kind!r}")
        relations[key] = RelationType(
            id=key,
            label=value.label,
            inverse=value.inverse,
            symmetric=value.symmetric,
            family=value.family,
            subject_kinds=tuple(value.subject),
            object_kinds=tuple(value.object),
            value=value.value,
            containment=value.containment,
            posthumous=value.posthumous,
            portrayal=value.portrayal,
            color=value.color,
            description=value.description,
        )
    return Vocabulary(timeline, kinds, statuses, relations)
