"""Story time: the ordered story points a universe declares, and spans between them.

A story point is a season, an episode, a book, a chapter... Points nest: a point with children
stands for its whole span, so "revealed in S2" (episode unknown) means "somewhere in Season 2".
Every point covers a run of leaves ``start..end`` (inclusive) on one line; comparing those is all
the time logic there is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from universe.errors import StoryPointNotFound

__all__ = ["StoryPoint", "Timeline", "Span", "normalise_point_label", "EVERYTHING"]

#: Labels that mean "no horizon: the whole story".
EVERYTHING = frozenset({"all", "everything", "end", "*", "latest"})


@dataclass(frozen=True, slots=True)
class StoryPoint:
    """One point of story time, covering leaves ``start``..``end`` of the timeline."""

    id: str
    title: str
    level: str
    depth: int
    order: int  # position in story order (parents before their children)
    start: int
    end: int
    parent: str | None = None
    date: str | None = None
    note: str | None = None
    aliases: tuple[str, ...] = ()

    @property
    def sort_key(self) -> tuple[int, int, int]:
        return (self.start, -self.end, self.order)

    def is_within(self, other: "StoryPoint") -> bool:
        """True when this point lies inside `other` (or is it)."""
        return other.start <= self.start and self.end <= other.end

    def is_seen_by(self, horizon: "StoryPoint | None") -> bool:
        """True when a viewer who has watched up to `horizon` has seen all of this point.

        ``None`` is no horizon: everything has been seen.
        """
        return horizon is None or self.end <= horizon.end

    def __str__(self) -> str:
        return self.id


def normalise_point_label(text: str) -> str:
    """The lookup key of a story point label: case, spaces, punctuation and zero-padding folded.

    >>> normalise_point_label("Season 01, Episode 6") == normalise_point_label("season 1 episode 6")
    True
    >>> normalise_point_label("S01E06")
    's1e6'
    """
    key = re.sub(r"[\s,/:;]+", "", str(text).casefold())
    return re.sub(r"\d+", lambda m: str(int(m.group())), key)


@dataclass(frozen=True, slots=True)
class Span:
    """When a fact holds: from one story point until another, both inclusive, either open."""

    start: StoryPoint | None = None
    until: StoryPoint | None = None

    def holds_at(self, point: StoryPoint | None) -> bool:
        """True when the fact holds at the end of `point` (``None``: at the end of the story)."""
        if point is None:
            return self.until is None
        if self.start is not None and self.start.start > point.end:
            return False
        if self.until is not None and self.until.end < point.end:
            return False
        return True

    def overlaps(self, point: StoryPoint) -> bool:
        """True when the fact holds at some time during `point`."""
        if self.start is not None and self.start.start > point.end:
            return False
        if self.until is not None and self.until.end < point.start:
            return False
        return True

    @property
    def is_open(self) -> bool:
        return self.start is None and self.until is None

    def __str__(self) -> str:
        if self.is_open:
            return "always"
        if self.until is None:
            return f"from {self.start}"
        if self.start is None:
            return f"until {self.until}"
        if self.start.id == self.until.id:
            return f"in {self.start}"
        return f"{self.start}–{self.until}"


@dataclass(frozen=True)
class Timeline:
    """The ordered story points of one universe, with lookup by id, title or alias."""

    levels: tuple[str, ...]
    points: tuple[StoryPoint, ...]
    _lookup: dict[str, StoryPoint] = field(repr=False, compare=False, default_factory=dict)
    _children: dict[str, tuple[StoryPoint, ...]] = field(repr=False, compare=False, default_factory=dict)
    _leaf_points: tuple[StoryPoint, ...] = field(repr=False, compare=False, default=())

    @classmethod
    def build(cls, levels: Iterable[str], tree: list[dict]) -> "Timeline":
        """Build a timeline from nested ``{id, title, points: [...]}`` mappings.

        Duplicate ids are the caller's to report; the first one wins here.
        """
        levels = tuple(levels)
        points: list[StoryPoint] = []
        children: dict[str, list[StoryPoint]] = {}
        leaf = 0

        def walk(nodes: list[dict], depth: int, parent: str | None) -> tuple[int, int]:
            nonlocal leaf
            first = leaf
            for node in nodes:
                index = len(points)
                points.append(None)  # type: ignore[arg-type]  # placeholder keeps pre-order
                kids = node.get("points") or []
                if kids:
                    start, end = walk(kids, depth + 1, node["id"])
                else:
                    start = end = leaf
                    leaf += 1
                level = levels[depth] if depth < len(levels) else f"level {depth + 1}"
                point = StoryPoint(
                    id=str(node["id"]),
                    title=str(node.get("title") or node["id"]),
                    level=level,
                    depth=depth,
                    order=index,
                    start=start,
                    end=end,
                    parent=parent,
                    date=_text(node.get("date")),
                    note=node.get("note"),
                    aliases=tuple(str(a) for a in node.get("aliases") or ()),
                )
                points[index] = point
                children.setdefault(parent or "", []).append(point)
            return first, leaf - 1

        walk(tree, 0, None)
        lookup: dict[str, StoryPoint] = {}
        ambiguous: set[str] = set()
        by_id = {p.id: p for p in reversed(points)}
        # ids first (always unique), then titles, aliases and "Season 1 Episode 6" paths
        for point in points:
            lookup.setdefault(normalise_point_label(point.id), point)
        secondary: dict[str, StoryPoint] = {}
        for point in points:
            keys = {point.title, *point.aliases}
            if point.parent is not None:
                keys.add(by_id[point.parent].title + " " + point.title)
            for key in map(normalise_point_label, keys):
                if key in lookup:
                    continue
                if key in secondary and secondary[key] is not point:
                    ambiguous.add(key)
                secondary[key] = point
        for key, point in secondary.items():
            if key not in ambiguous:
                lookup[key] = point
        return cls(
            levels=levels,
            points=tuple(points),
            _lookup=lookup,
            _children={k: tuple(v) for k, v in children.items()},
            _leaf_points=tuple(sorted((p for p in points if p.id not in children), key=lambda p: p.start)),
        )

    def __iter__(self) -> Iterator[StoryPoint]:
        return iter(self.points)

    def __len__(self) -> int:
        return len(self.points)

    def __contains__(self, text: object) -> bool:
        return isinstance(text, (str, StoryPoint)) and self.find(text) is not None

    def find(self, text: "str | StoryPoint") -> StoryPoint | None:
        """The point named by `text` (id, unique title, alias or path), or None."""
        if isinstance(text, StoryPoint):
            return text
        return self._lookup.get(normalise_point_label(text))

    def parse(self, text: "str | StoryPoint") -> StoryPoint:
        """The point named by `text`; raises StoryPointNotFound naming it and some known ids.

        >>> t = Timeline.build(["season", "episode"], [{"id": "S1", "points": [{"id": "S1E1"}]}])
        >>> t.parse("s01e01").id
        'S1E1'
        """
        point = self.find(text)
        if point is None:
            known = ", ".join(p.id for p in self.points[:6])
            more = ", ..." if len(self.points) > 6 else ""
            raise StoryPointNotFound(f"unknown story point {str(text)!r} (known: {known}{more})")
        return point

    def parse_horizon(self, text: "str | StoryPoint | None") -> StoryPoint | None:
        """Like parse, but ``None``, ``""``, ``all``, ``everything`` and ``end`` mean no horizon."""
        if text is None or (isinstance(text, str) and text.strip().casefold() in EVERYTHING | {""}):
            return None
        return self.parse(text)

    def children(self, point: StoryPoint | None = None) -> tuple[StoryPoint, ...]:
        """The points directly inside `point` (the top level for None)."""
        return self._children.get(point.id if point else "", ())

    @property
    def leaves(self) -> tuple[StoryPoint, ...]:
        """The finest points (episodes, and seasons with no episodes yet), in story order."""
        return self._leaf_points

    def opening(self, point: StoryPoint) -> StoryPoint:
        """The first leaf of `point`: where a fact that holds "from S1" starts to be seen."""
        return self.leaves[point.start]

    @property
    def first(self) -> StoryPoint | None:
        leaves = self.leaves
        return leaves[0] if leaves else None

    def sorted(self, points: Iterable[StoryPoint]) -> list[StoryPoint]:
        return sorted(points, key=lambda p: p.sort_key)

    def path(self, point: StoryPoint) -> list[StoryPoint]:
        """The chain of points from the outermost down to `point`."""
        chain = [point]
        while chain[-1].parent is not None:
            chain.append(self.parse(chain[-1].parent))
        return chain[::-1]

    def label(self, point: StoryPoint | None) -> str:
        """A reader's label: ``Season 1 · Episode 6`` (``the end`` for no horizon)."""
        if point is None:
            return "everything"
        return " · ".join(p.title for p in self.path(point))

    def later(self, a: StoryPoint | None, b: StoryPoint | None) -> StoryPoint | None:
        """Whichever of two points ends later (None counts as the earliest)."""
        if a is None:
            return b
        if b is None:
            return a
        return a if (a.end, a.start) >= (b.end, b.start) else b


def _text(value: object) -> str | None:
    return None if value is None else str(value)
