"""An entity's page as data: infobox, relations grouped by type, claims and backlinks.

Read from a snapshot, so a profile never holds anything beyond the horizon; even when a relation
ends after the horizon, its span reads as still open ("from S1E1"), because the viewer does not
know yet that it ends.

>>> from universe.exchange.generate import tiny_universe
>>> page = profile(tiny_universe().as_of("S1E1"), "alice")
>>> [(link.label, link.other.name, link.span) for link in page.played_by]
[('played by', 'Dan Actor', 'from S1')]
>>> [link.span for label, links in page.relations for link in links if label == "at"]
['from S1E1']
"""

from __future__ import annotations

from dataclasses import dataclass

from universe.queries.sections import (
    APPEARS_IN,
    Appearances,
    Family,
    appearances,
    credit_text,
    families,
    on_screen_until,
)
from universe.story.model import Entity, Statement, StatusChange
from universe.story.snapshot import Snapshot
from universe.story.timeline import Span, StoryPoint

__all__ = ["Link", "Credit", "Profile", "profile", "profile_record", "links_of", "span_text", "visible_span", "status_track"]

#: Entity kinds never listed in an infobox (they have their own section).
SOURCE_KIND = "source"


@dataclass(frozen=True, slots=True)
class Link:
    """One relation as read from one entity's page."""

    statement: Statement
    other: Entity
    label: str  # as read from this side: "child of" on the child's page
    outgoing: bool  # True when the page's entity is the subject
    holds: bool  # holds at the horizon
    span: str  # when it holds, as far as the viewer knows ("always", "from S1E1", "S1E1–S1E5")

    @property
    def evidence(self):
        return self.statement.evidence


@dataclass(frozen=True, slots=True)
class Credit:
    """A performer and a role, with every credit between them in words (``Season 1; Season 2,
    announced``): on a role's page `other` is the performer, on a performer's page the role."""

    other: Entity
    text: str
    links: tuple[Link, ...]


@dataclass(frozen=True)
class Profile:
    """What an entity's page shows at a snapshot's horizon."""

    entity: Entity
    kind_label: str
    status: StatusChange | None  # in force at the horizon
    statuses: tuple[StatusChange, ...]  # the visible status timeline
    played_by: tuple[Link, ...]  # performers of this role
    roles: tuple[Link, ...]  # roles this performer plays
    infobox: tuple[tuple[str, tuple[Link, ...]], ...]  # outgoing links by the other's kind ("Groups")
    relations: tuple[tuple[str, tuple[Link, ...]], ...]  # every link, by label
    claims: tuple[Statement, ...]  # literal-valued statements about the entity
    backlinks: tuple[Entity, ...]  # entities whose relations point here
    families: tuple[Family, ...] = ()  # every link by relation family, then by the other entity
    appearances: Appearances | None = None  # from appears-in statements, when the data has them
    cast: tuple[Credit, ...] = ()  # performers of this role, one credit line each
    credits: tuple[Credit, ...] = ()  # roles this performer plays, one credit line each


def visible_span(span: Span, horizon: StoryPoint | None) -> Span:
    """The span as a viewer at `horizon` knows it: an end after the horizon is not known yet."""
    if span.until is not None and horizon is not None and span.until.end > horizon.end:
        return Span(span.start, None)
    return span


def span_text(span: Span, horizon: StoryPoint | None) -> str:
    """``from S1E1``, ``S1E1–S1E5``, ``always``: the span cut at the horizon."""
    return str(visible_span(span, horizon))


def links_of(snapshot: Snapshot, entity_id: str) -> list[Link]:
    """Every visible relation of an entity, read from its side, strongest evidence first within
    a label. Raises EntityNotFound for an entity that is missing or beyond the horizon."""
    entity = snapshot.entity(entity_id)
    relations = snapshot.universe.relations
    links = []
    for statement in snapshot.relations_of(entity.id):
        rtype = relations[statement.relation]
        outgoing = statement.subject == entity.id
        other = snapshot.entities[statement.object if outgoing else statement.subject]
        links.append(
            Link(
                statement=statement,
                other=other,
                label=rtype.label if outgoing or rtype.symmetric else rtype.inverse_label,
                outgoing=outgoing,
                holds=snapshot.holds(statement),
                span=span_text(statement.span, snapshot.horizon),
            )
        )
    links.sort(key=lambda link: (link.label, -link.evidence.strength, link.other.name.casefold()))
    return links


def profile(snapshot: Snapshot, entity_id: str) -> Profile:
    """The page of an entity at the snapshot's horizon. Raises EntityNotFound (hidden or missing
    alike: a hidden entity's page does not exist yet)."""
    universe = snapshot.universe
    entity = snapshot.entity(entity_id)
    links = links_of(snapshot, entity.id)
    relations = universe.relations
    played_by = tuple(l for l in links if relations[l.statement.relation].portrayal and not l.outgoing)
    roles = tuple(l for l in links if relations[l.statement.relation].portrayal and l.outgoing)
    infobox: dict[str, list[Link]] = {}
    listed: set[str] = set()
    for link in sorted(links, key=lambda l: (not l.holds, -l.evidence.strength)):
        kind = link.other.kind
        if not link.outgoing or kind in (entity.kind, SOURCE_KIND) or relations[link.statement.relation].portrayal \
                or link.statement.relation == APPEARS_IN:  # summed up as appearances
            continue
        if link.other.id in listed:  # once per entity: the link that holds, strongest first
            continue
        listed.add(link.other.id)
        label = universe.kinds[kind].plural if kind in universe.kinds else kind
        infobox.setdefault(label, []).append(link)
    grouped: dict[str, list[Link]] = {}
    for link in links:
        grouped.setdefault(link.label, []).append(link)
    backlinks = {l.other.id: l.other for l in links if not l.outgoing}
    kind = universe.kinds.get(entity.kind)
    shown = [l for l in links if not (l.outgoing and l.statement.relation == APPEARS_IN)]  # the infobox sums them up
    return Profile(
        entity=entity,
        kind_label=kind.label if kind else entity.kind,
        status=snapshot.status_change_at(entity.id) if entity.status else None,
        statuses=entity.status,
        played_by=played_by,
        roles=roles,
        infobox=tuple((label, tuple(sorted(items, key=lambda l: l.other.name.casefold()))) for label, items in sorted(infobox.items())),
        relations=tuple((label, tuple(items)) for label, items in grouped.items()),
        claims=tuple(sorted(snapshot.claims(entity.id), key=lambda s: (s.relation, _rank_order(s), s.date or ""))),
        backlinks=tuple(sorted(backlinks.values(), key=lambda e: e.name.casefold())),
        families=tuple(families(snapshot, shown)),
        appearances=appearances(snapshot, entity.id),
        cast=_credits(snapshot, played_by),
        credits=_credits(snapshot, roles),
    )


def _credits(snapshot: Snapshot, links: tuple[Link, ...]) -> tuple[Credit, ...]:
    """One credit per other entity of portrayal `links`, in the order they first appear."""
    by_other: dict[str, list[Link]] = {}
    for link in links:
        by_other.setdefault(link.other.id, []).append(link)
    on_screen = on_screen_until(snapshot) if links else -1
    return tuple(Credit(group[0].other, credit_text(snapshot, [l.statement for l in group], on_screen), tuple(group))
                 for group in by_other.values())


def profile_record(snapshot: Snapshot, entity_id: str) -> dict:
    """The page of an entity as plain data (for JSON and the command line). Raises EntityNotFound."""
    page = profile(snapshot, entity_id)
    entity = page.entity

    def row(link: Link) -> dict:
        statement = link.statement
        return {
            "relation": statement.relation, "label": link.label, "entity": link.other.id,
            "name": link.other.name, "span": link.span, "holds": link.holds,
            "evidence": statement.evidence.value, "rank": statement.rank.value,
            "sources": [r.source for r in statement.sources], "note": statement.note,
        }

    return {
        "id": entity.id,
        "name": entity.name,
        "kind": entity.kind,
        "aliases": [a.name for a in entity.aliases],
        "description": entity.text,
        "played_by": [row(link) for link in page.played_by],
        "status": page.status.status if page.status else None,
        "status_timeline": [
            {"at": c.at.id, "status": c.status, "evidence": c.evidence.value,
             "sources": [r.source for r in c.sources], "note": c.note}
            for c in page.statuses
        ],
        "relations": [row(link) for _, links in page.relations for link in links],
        "claims": [
            {"relation": snapshot.universe.relations[c.relation].label, "value": c.value, "date": c.date,
             "evidence": c.evidence.value, "rank": c.rank.value, "sources": [r.source for r in c.sources], "note": c.note}
            for c in page.claims
        ],
        "sources": [r.source for r in entity.sources],
        "horizon": snapshot.horizon.id if snapshot.horizon else "everything",
        "min_evidence": snapshot.min_evidence.value,
    }


def status_track(snapshot: Snapshot, entity_id: str) -> list[tuple[StoryPoint, str | None]]:
    """The entity's status at the end of every leaf up to the horizon (None before anything is
    known), for a status chart. Raises EntityNotFound.

    >>> from universe.exchange.generate import tiny_universe
    >>> [(p.id, s) for p, s in status_track(tiny_universe().as_of("S1E3"), "alice")]
    [('S1E1', 'alive'), ('S1E2', 'dead'), ('S1E3', 'dead')]
    """
    changes = snapshot.entity(entity_id).status
    track, index, current = [], 0, None
    for leaf in snapshot.timeline.leaves:
        if not leaf.is_seen_by(snapshot.horizon):
            break
        while index < len(changes) and changes[index].at.start <= leaf.end:
            current = changes[index].status
            index += 1
        track.append((leaf, current))
    return track


def _rank_order(statement: Statement) -> tuple[int, int]:
    order = {"preferred": 0, "normal": 1, "deprecated": 2}
    return (order.get(statement.rank.value, 1), -statement.evidence.strength)
