"""The sections of a wiki page as a fan wiki lays them out: relations grouped by family (social,
family, conflict...: the families of the universe's relation types, in the order universe.yaml
declares them) and, within a family, by the other entity, so each entity appears once with all
its relations; appearances (from ``appears-in`` statements); cast credits in words.

Everything reads a snapshot, so nothing here goes beyond the horizon.

>>> from universe.exchange.generate import tiny_universe
>>> from universe.queries.profile import links_of
>>> snapshot = tiny_universe().as_of("S1E3")
>>> [(f.label, [e.other.name for e in f.entries]) for f in families(snapshot, links_of(snapshot, "bob"))]
[('Social', ['Alice']), ('Family', ['Carol'])]
>>> [link.label for link in families(snapshot, links_of(snapshot, "bob"))[0].entries[0].links]
['friend of', 'killed']
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any, Sequence

from universe.story.evidence import Evidence
from universe.story.model import Entity, Statement
from universe.story.snapshot import Snapshot
from universe.story.timeline import StoryPoint

__all__ = ["Entry", "Family", "Appearances", "families", "family_label", "appearances", "credit_text", "on_screen_until",
           "APPEARS_IN", "EVIDENCE_WORDS"]

#: The relation whose statements say a character is in an episode (chapter...): one per point.
APPEARS_IN = "appears-in"
#: How a credit for a point not yet on screen says how sure it is.
EVIDENCE_WORDS = {
    Evidence.OFFICIAL: "announced", Evidence.REPORTED: "reported", Evidence.TEASED: "teased",
    Evidence.SPECULATION: "rumoured", Evidence.FAN_THEORY: "fan theory",
}


@dataclass(frozen=True)
class Entry:
    """One other entity on a page, with every relation between the two (links of the page)."""

    other: Entity
    links: tuple[Any, ...]  # universe.queries.profile.Link, strongest first

    @property
    def holds(self) -> bool:
        return any(link.holds for link in self.links)


@dataclass(frozen=True)
class Family:
    """A family of relations on a page: its entries, and how many relations of each label."""

    id: str
    label: str
    entries: tuple[Entry, ...]
    counts: tuple[tuple[str, int], ...]  # (relation label as read on the page, how many)


@dataclass(frozen=True)
class Appearances:
    """Where an entity appears: its first and last story point and how many points."""

    first: StoryPoint
    last: StoryPoint
    count: int
    level: str  # what a point is called ("episode"), from the timeline's levels


def family_label(family: str) -> str:
    """``social`` -> ``Social``, ``real-world`` -> ``Real world``."""
    words = family.replace("-", " ").replace("_", " ").strip()
    return words[:1].upper() + words[1:] if words else "Other"


def families(snapshot: Snapshot, links: Sequence[Any]) -> list[Family]:
    """`links` (an entity's, from `profile.links_of`) grouped by relation family, in the order
    the universe declares the families; in each, one entry per other entity (in the family of
    its first relation in that order), entries that hold first, then the strongest evidence, the
    most relations and the name."""
    relations = snapshot.universe.relations
    order = {family: index for index, family in enumerate(dict.fromkeys(r.family for r in relations.values()))}

    def family_of(link) -> str:
        return relations[link.statement.relation].family

    by_other: dict[str, list] = {}
    for link in links:
        by_other.setdefault(link.other.id, []).append(link)
    grouped: dict[str, list[Entry]] = {}
    counted: dict[str, Counter] = {}
    for other_links in by_other.values():
        other_links.sort(key=lambda l: (order.get(family_of(l), len(order)), not l.holds, -l.evidence.strength, l.label))
        home = family_of(other_links[0])
        grouped.setdefault(home, []).append(Entry(other_links[0].other, tuple(other_links)))
        counted.setdefault(home, Counter()).update(link.label for link in other_links)
    found = []
    for family in sorted(grouped, key=lambda f: order.get(f, len(order))):
        entries = sorted(grouped[family], key=lambda e: (not e.holds, -max(l.evidence.strength for l in e.links),
                                                         -len(e.links), e.other.name.casefold()))
        found.append(Family(family, family_label(family), tuple(entries), tuple(counted[family].most_common())))
    return found


def appearances(snapshot: Snapshot, entity_id: str) -> Appearances | None:
    """First and last appearance and how many story points, from the visible ``appears-in``
    statements of the entity (each from a point until a point); None when it has none."""
    timeline = snapshot.timeline
    points: dict[str, StoryPoint] = {}
    for statement in snapshot.relations_of(entity_id):
        if statement.relation != APPEARS_IN or statement.subject != entity_id or statement.span.start is None:
            continue
        start, until = statement.span.start, statement.span.until
        if until is None or until.id == start.id:
            points[start.id] = start
        else:
            for leaf in timeline.leaves:
                if start.start <= leaf.start and leaf.end <= until.end and leaf.is_seen_by(snapshot.horizon):
                    points[leaf.id] = leaf
    if not points:
        return None
    ordered = sorted(points.values(), key=lambda p: p.sort_key)
    levels = Counter(p.level for p in ordered)
    return Appearances(ordered[0], ordered[-1], len(ordered), levels.most_common(1)[0][0])


def on_screen_until(snapshot: Snapshot) -> int:
    """The last leaf (its index) any canon fact happens at: the story told on screen so far."""
    ends = [c.at.end for e in snapshot.entities.values() for c in e.status if c.evidence is Evidence.CANON]
    ends += [s.span.start.end for s in snapshot.statements if s.evidence is Evidence.CANON and s.span.start is not None]
    return max(ends, default=-1)


def credit_text(snapshot: Snapshot, statements: Sequence[Statement], on_screen: int | None = None) -> str:
    """The credits of one performer for one role, in words: ``Season 1; Season 2, announced``.
    A credit for a point beyond what canon has told says how sure it is (`EVIDENCE_WORDS`);
    one with no span says nothing."""
    on_screen = on_screen_until(snapshot) if on_screen is None else on_screen
    parts = []
    for statement in sorted(statements, key=lambda s: s.span.start.sort_key if s.span.start else (-1, 0, 0)):
        start, until = statement.span.start, statement.span.until
        if start is None:
            text = ""
        elif until is None or until.id == start.id or until.end > (snapshot.horizon.end if snapshot.horizon else until.end):
            text = snapshot.timeline.label(start)
        else:
            text = f"{snapshot.timeline.label(start)} to {snapshot.timeline.label(until)}"
        word = EVIDENCE_WORDS.get(statement.evidence) if start is None or start.start > on_screen else None
        text = ", ".join(t for t in (text, word) if t)
        if text and text not in parts:
            parts.append(text)
    return "; ".join(parts)
