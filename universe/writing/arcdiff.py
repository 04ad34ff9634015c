"""An arc's diff against canon: one row per change, and what the graph should highlight or fade.

`diff(universe, arc)` applies the arc and reports, change by change, what it added, changed or
retracted, with the rationale and evidence the writer gave. The node and edge ids are the
graph's own (entity ids, statement ids), so a view can highlight the arc's work on the arc's
graph and draw retracted canon statements faded. A diff holds spoilers like any fact: read it
through `ArcDiff.as_of`, as a view reads a snapshot.

An arc's own text (its id, title and description) is a fact too: `ArcDiff.revealed` is the arc's
reveal point, the one its header gives (``revealed:``), else the latest story point any of its
changes touches, and never before the arcs it builds on. A viewer before it sees no trace of the
arc (`ArcDiff.is_seen_by`), not even its changes.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field
from typing import Any, Mapping

from universe.errors import Problem
from universe.storage.yamlfile import LineFinder
from universe.story.evidence import Evidence
from universe.story.model import Statement
from universe.story.snapshot import Universe
from universe.story.timeline import StoryPoint, Timeline
from universe.writing.arcs import Arc, ArcInvalid
from universe.writing.canon import Canon
from universe.writing.overlay import Applied, Composition, compose

__all__ = ["DiffRow", "ArcDiff", "diff", "statement_label", "arc_reveal", "ACTIONS", "POINT_KEYS"]

#: What a row says a change did, in the order a diff lists them.
ACTIONS = ("added", "changed", "retracted")
#: The keys of a change's body (at any depth) whose values are story points.
POINT_KEYS = frozenset({"at", "from", "until", "revealed", "spoils", "point"})


@dataclass(frozen=True, slots=True)
class DiffRow:
    """One change of an arc, as a reader sees it: what it did, to what, why, and how sure."""

    arc: str
    change: str
    action: str                 # added, changed or retracted
    kind: str                   # entity, statement or status (what the change is about)
    entity: str | None          # the entity it concerns (a statement's subject)
    other: str | None           # a statement's object
    statement: str | None       # the statement added, ended or retracted
    summary: str                # one line, with entity names (untrusted text: escape it)
    before: str | None
    after: str | None
    rationale: str
    evidence: Evidence
    plot: str | None
    sources: tuple[str, ...]
    revealed: StoryPoint | None  # when the audience would learn it

    def record(self) -> dict[str, Any]:
        """The row as plain data (a table row, JSON)."""
        out = asdict(self)
        out["evidence"] = self.evidence.value
        out["revealed"] = self.revealed.id if self.revealed else None
        out["sources"] = list(self.sources)
        return out


@dataclass(frozen=True)
class ArcDiff:
    """The rows of an arc's diff and the graph ids they touch."""

    arc: str
    rows: tuple[DiffRow, ...]
    retracted: tuple[Statement, ...] = ()   # canon statements the arc retracts (draw them faded)
    universe: Universe | None = field(default=None, repr=False, compare=False)  # canon + arc
    revealed: StoryPoint | None = None  # the arc's own reveal point (see `arc_reveal`)

    def is_seen_by(self, point: "StoryPoint | str | None") -> bool:
        """True when a viewer at `point` may know the arc exists: its id, title, description."""
        if self.revealed is None:
            return True
        horizon = point if isinstance(point, StoryPoint) or point is None else self.universe.timeline.parse_horizon(point)
        return self.revealed.is_seen_by(horizon)

    @property
    def added_nodes(self) -> frozenset[str]:
        """Entities the arc adds."""
        return frozenset(r.entity for r in self.rows if r.kind == "entity" and r.entity)

    @property
    def changed_nodes(self) -> frozenset[str]:
        """Entities the arc does not add but whose status timeline it changes."""
        return frozenset(r.entity for r in self.rows if r.kind == "status" and r.entity) - self.added_nodes

    @property
    def added_edges(self) -> frozenset[str]:
        return frozenset(r.statement for r in self.rows if r.action == "added" and r.kind == "statement")

    @property
    def changed_edges(self) -> frozenset[str]:
        return frozenset(r.statement for r in self.rows if r.action == "changed" and r.statement)

    @property
    def retracted_edges(self) -> frozenset[str]:
        return frozenset(r.statement for r in self.rows if r.action == "retracted" and r.statement)

    @property
    def highlight_nodes(self) -> frozenset[str]:
        """Node ids to highlight on the arc's graph: added entities and changed timelines."""
        return self.added_nodes | self.changed_nodes

    @property
    def highlight_edges(self) -> frozenset[str]:
        """Edge keys (statement ids) to highlight on the arc's graph: added and ended statements."""
        return self.added_edges | self.changed_edges

    @property
    def faded_edges(self) -> frozenset[str]:
        """Edge keys of canon statements the arc retracts: absent from its graph, drawn faded."""
        return self.retracted_edges

    def as_of(self, point: "StoryPoint | str | None" = None, min_evidence: "Evidence | str" = Evidence.FAN_THEORY) -> "ArcDiff":
        """Only the rows a viewer at `point` accepting `min_evidence` may see (no spoilers): none
        before the arc's own reveal point."""
        if self.universe is None:
            raise ValueError("this diff has no universe to read story points from")
        horizon = self.universe.timeline.parse_horizon(point)
        level = Evidence.parse(min_evidence)
        rows = tuple(
            r for r in self.rows
            if level.admits(r.evidence) and (r.revealed is None or r.revealed.is_seen_by(horizon))
        ) if self.is_seen_by(horizon) else ()
        kept = {r.statement for r in rows}
        return ArcDiff(self.arc, rows, tuple(s for s in self.retracted if s.id in kept), self.universe, self.revealed)

    def records(self) -> list[dict[str, Any]]:
        """Every row as plain data."""
        return [row.record() for row in self.rows]


def diff(
    universe: "Universe | Canon | str | os.PathLike[str]",
    arc: Arc,
    arcs: "Mapping[str, Arc] | None" = None,
    *,
    composition: Composition | None = None,
) -> ArcDiff:
    """The diff of `arc` (and the arcs it builds on, each row naming its arc) against canon.

    Rows come in order: added, changed, retracted; within each, in file order. Raises what
    `overlay.apply_arc` raises.
    """
    composition = composition or compose(universe, arc, arcs)
    rows = [_row(composition, applied) for applied in composition.applied]
    rows.sort(key=lambda r: ACTIONS.index(r.action))
    retracted = tuple(s for s in composition.retracted.values() if s is not None)
    revealed = arc_reveal(composition, rows)
    return ArcDiff(arc.id, tuple(rows), retracted, composition.universe, revealed)


def _points(body: Any, timeline: Timeline, key: str | None = None):
    """Every story point a change's body names, at any depth (a new entity's status, aliases...)."""
    if isinstance(body, Mapping):
        for name, value in body.items():
            yield from _points(value, timeline, name)
    elif isinstance(body, (list, tuple)):
        for item in body:
            yield from _points(item, timeline, key)
    elif key in POINT_KEYS and body is not None:
        point = timeline.find(str(body))
        if point is not None:
            yield point


def arc_reveal(composition: Composition, rows: "list[DiffRow] | tuple[DiffRow, ...]" = ()) -> StoryPoint | None:
    """The arc's reveal point: the one its header gives (``revealed:``), else the latest point
    any of its changes touches (what they name, and when the rows of its diff are revealed); and
    never before the reveal point of an arc it builds on. None: visible from the start.

    Raises ArcInvalid (file, line) for a header's ``revealed:`` that names no story point.
    """
    timeline = composition.universe.timeline
    touched: dict[str, StoryPoint | None] = {}
    for applied in composition.applied:
        for point in _points(applied.change.body, timeline):
            touched[applied.arc] = timeline.later(touched.get(applied.arc), point)
    for row in rows:
        touched[row.arc] = timeline.later(touched.get(row.arc), row.revealed)
    latest: StoryPoint | None = None
    for arc in composition.chain:
        if arc.revealed is None:
            own = touched.get(arc.id)
        else:
            own = timeline.find(arc.revealed)
            if own is None:
                known = ", ".join(p.id for p in timeline.points[:8])
                line = LineFinder(arc.text).line(("arc", "revealed"))
                more = ", ..." if len(timeline) > 8 else ""
                raise ArcInvalid([Problem(arc.file, line, f"unknown story point {arc.revealed!r} (known: {known}{more})")], arc.file)
        latest = timeline.later(latest, own)
    return latest


def _name(universe: Universe, entity_id: str | None) -> str:
    if entity_id is None:
        return ""
    entity = universe.entities.get(entity_id)
    return entity.name if entity else entity_id


def statement_label(universe: Universe, statement: Statement) -> str:
    """A statement as a reader says it, for pickers and diffs: ``Alice friend of Bob (until S1E2)``."""
    return f"{_sentence(universe, statement)} ({statement.span})"


def _sentence(universe: Universe, statement: Statement) -> str:
    relation = universe.relations.get(statement.relation)
    label = relation.label if relation else statement.relation
    other = _name(universe, statement.object) if statement.object else repr(statement.value)
    return f"{_name(universe, statement.subject)} {label} {other}"


def _row(composition: Composition, applied: Applied) -> DiffRow:
    after_universe, before_universe = composition.universe, composition.canon
    change = applied.change
    common = dict(
        arc=applied.arc, change=change.id, rationale=change.rationale, evidence=change.evidence,
        plot=change.plot, sources=tuple(ref.source for ref in change.sources),
    )
    if change.kind == "entity":
        entity = after_universe.entities[applied.entity]
        kind = after_universe.kinds[entity.kind].label
        return DiffRow(action="added", kind="entity", entity=entity.id, other=None, statement=None,
                       summary=f"new {kind.lower()}: {entity.name}", before=None, after=entity.name,
                       revealed=entity.revealed, **common)
    if change.kind == "status":
        entity = after_universe.entities[applied.entity]
        timeline = list(entity.status)
        mine = [c for c in timeline if c.origin == applied.file]
        at = str(change.body.get("at"))
        point = after_universe.timeline.find(at)
        step = next((c for c in mine if c.at == point and c.status == change.body.get("status")), None)
        index = timeline.index(step) if step is not None else 0
        before = timeline[index - 1].status if index > 0 else None
        label = after_universe.statuses[change.body["status"]].label
        before_label = after_universe.statuses[before].label if before in after_universe.statuses else "—"
        return DiffRow(action="added", kind="status", entity=entity.id, other=None, statement=None,
                       summary=f"{entity.name}: {before_label} → {label} at {point.id if point else at}",
                       before=before, after=change.body["status"],
                       revealed=step.revealed if step is not None else point, **common)
    statements = {s.id: s for s in after_universe.statements}
    if change.kind == "statement":
        statement = statements.get(applied.statement) or composition.retracted[applied.statement]
        return DiffRow(action="added", kind="statement", entity=statement.subject, other=statement.object,
                       statement=statement.id, summary=statement_label(after_universe, statement),
                       before=None, after=str(statement.span), revealed=statement.revealed, **common)
    if change.kind == "end":
        statement = statements.get(applied.statement) or composition.retracted[applied.statement]
        until = statement.span.until
        revealed = after_universe.timeline.later(statement.revealed, until)
        return DiffRow(action="changed", kind="statement", entity=statement.subject, other=statement.object,
                       statement=statement.id,
                       summary=f"{_sentence(after_universe, statement)}: ends at {until.id if until else '?'}",
                       before=str(applied.before) if applied.before is not None else "open",
                       after=until.id if until else None, revealed=revealed, **common)
    statement = composition.retracted.get(applied.statement)
    source = before_universe if statement is not None and statement in before_universe.statements else after_universe
    summary = f"{_sentence(source, statement)}: retracted" if statement is not None else f"{applied.statement}: retracted"
    return DiffRow(action="retracted", kind="statement", entity=statement.subject if statement else applied.entity,
                   other=statement.object if statement else None, statement=applied.statement, summary=summary,
                   before=str(statement.span) if statement else None, after=None,
                   revealed=statement.revealed if statement else None, **common)
