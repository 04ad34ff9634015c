"""Time slices become story points: seasons S1..S8, episodes I..VII, chapters 1.1.1 nested.

A dataset labels its slices its own way (``1``, ``s01``, ``Season 3``, ``IV``, ``1.2.3``); a
scheme names the story points they become and how they nest:

=========  ============================  ==========================================
scheme     slice labels                  story points
=========  ============================  ==========================================
season     1, s01, Season 3, 2.5         S1 (Season 1); 2.5 -> S2 > S2E5 (Episode 5)
episode    1, IV, Episode 4              IV (Episode IV), aliases "Episode 4", "E4"
book       1, 2.3                        B1 (Book 1); 2.3 -> B2 > B2C3 (Chapter 3)
chapter    3, 1.2, 1.2.3                 1 (Volume 1) > 1.2 (Book 2) > 1.2.3 (Chapter 3)
plain      anything                      the labels as they are, in natural order
=========  ============================  ==========================================
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Mapping

from universe.errors import ImportFailed
from universe.exchange.importers.datafiles import natural_key

__all__ = ["SCHEMES", "StoryTime", "story_time", "roman", "from_roman", "out_of_sequence"]

SCHEMES = ("season", "episode", "book", "chapter", "plain")

_ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
          (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def roman(number: int) -> str:
    """``4`` -> ``'IV'``."""
    out = []
    for value, letters in _ROMAN:
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)


def from_roman(text: str) -> int | None:
    """``'iv'`` -> ``4``; None for anything that is not a well-formed roman numeral."""
    text = text.strip().upper()
    if not text or not re.fullmatch(r"M{0,4}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})", text):
        return None
    total, rest = 0, text
    for value, letters in _ROMAN:
        while rest.startswith(letters):
            total += value
            rest = rest[len(letters):]
    return total


@dataclass(frozen=True)
class StoryTime:
    """The story time of an imported universe: levels, the nested points for universe.yaml, and
    the story point each slice label became (`point_of`), with the slices in story order."""

    levels: tuple[str, ...]
    points: tuple[dict, ...]
    point_of: Mapping[str, str]
    order: tuple[str, ...]  # slice labels in story order

    @cached_property
    def leaves(self) -> tuple[str, ...]:
        """The story points the slices became, in story order, each once."""
        return tuple(dict.fromkeys(self.point_of[label] for label in self.order))

    @cached_property
    def position(self) -> dict[str, int]:
        """Each of `leaves` by its place in story order."""
        return {point: index for index, point in enumerate(self.leaves)}


WHOLE = StoryTime(("part",), ({"id": "whole", "title": "The whole story"},), {}, ())

_LEVELS = {
    "season": ("season", "episode"),
    "book": ("book", "chapter"),
    "chapter": ("volume", "book", "chapter"),
    "episode": ("episode",),
}
_IDS = {
    "season": ("S{}", "S{}E{}"),
    "book": ("B{}", "B{}C{}"),
}


def story_time(slices: Mapping[str, str], scheme: str = "plain") -> StoryTime:
    """The story time for these slice labels (label -> where it was first seen) under `scheme`.

    Without slices, one point: the whole story. Raises ImportFailed, naming where a label was
    seen, for a label the scheme cannot read, and ValueError for an unknown scheme.
    """
    if scheme not in SCHEMES:
        raise ValueError(f"unknown time-slice scheme {scheme!r} (known: {', '.join(SCHEMES)})")
    if not slices:
        return WHOLE
    if scheme == "plain":
        return _plain(slices)
    numbers = {label: _numbers(label, scheme, origin) for label, origin in slices.items()}
    depths = {len(n) for n in numbers.values()}
    if len(depths) > 1:
        shallow = min(numbers, key=lambda label: len(numbers[label]))
        deep = max(numbers, key=lambda label: len(numbers[label]))
        raise _failed(slices[deep], f"time slices mix depths: {shallow!r} and {deep!r} (use one depth, or --slices plain)")
    depth = depths.pop()
    levels = _LEVELS[scheme]
    if scheme == "chapter":
        levels = levels[len(levels) - depth :] if depth <= len(levels) else ()
    if depth > len(levels):
        label = next(iter(slices))
        raise _failed(slices[label], f"time slice {label!r} has {depth} parts; --slices {scheme} takes at most {len(_LEVELS[scheme])}")
    levels = levels[:depth]
    tree: dict[tuple, dict] = {}
    roots: list[dict] = []
    point_of: dict[str, str] = {}
    for label in sorted(numbers, key=lambda label: numbers[label]):
        path = numbers[label]
        for size in range(1, depth + 1):
            prefix = path[:size]
            if prefix in tree:
                continue
            point = _point(scheme, prefix, levels[size - 1])
            tree[prefix] = point
            (tree[prefix[:-1]].setdefault("points", []) if size > 1 else roots).append(point)
        point_of[label] = tree[path]["id"]
        _alias(tree[path], label)
    order = tuple(sorted(numbers, key=lambda label: numbers[label]))
    return StoryTime(levels, tuple(roots), point_of, order)


def _plain(slices: Mapping[str, str]) -> StoryTime:
    points, point_of, seen = [], {}, {}
    order = tuple(sorted(slices, key=natural_key))
    for label in order:
        key = label.strip().casefold()
        if not key:
            raise _failed(slices[label], "empty time slice")
        if key not in seen:
            seen[key] = label.strip()
            points.append({"id": label.strip(), "title": label.strip()})
        point_of[label] = seen[key]
    return StoryTime(("part",), tuple(points), point_of, order)


def _numbers(label: str, scheme: str, origin: str) -> tuple[int, ...]:
    text = label.strip()
    if scheme == "episode":
        found = from_roman(re.sub(r"(?i)^(episode|ep|e)\s*", "", text))
        if found:
            return (found,)
    match = re.fullmatch(r"[^\d]*?(\d+(?:\.\d+)*)", text)
    if match is None:
        match = re.fullmatch(r"(?i)s(\d+)\s*e(\d+)", text)  # S01E03
        if match is None:
            raise _failed(origin, f"time slice {label!r} is not a number (--slices {scheme} reads 1, 2.3, s01...; --slices plain keeps labels as they are)")
        return tuple(int(g) for g in match.groups())
    numbers = tuple(int(part) for part in match.group(1).split("."))
    if any(n < 0 for n in numbers) or (scheme == "episode" and numbers[0] == 0):
        raise _failed(origin, f"time slice {label!r} is not a positive number")
    return numbers


def _alias(point: dict, label: str) -> None:
    """The dataset's own label names its point too: ``--as-of 1`` finds Book 1 (B1)."""
    label = label.strip()
    names = [point["id"], point.get("title", ""), *point.get("aliases", [])]
    if label and all(label.casefold() != str(name).casefold() for name in names):
        point.setdefault("aliases", []).append(label)


def _point(scheme: str, numbers: tuple[int, ...], level: str) -> dict:
    last = numbers[-1]
    if scheme == "episode":
        numeral = roman(last)
        return {"id": numeral, "title": f"Episode {numeral}", "aliases": [f"Episode {last}", f"E{last}"]}
    if scheme == "chapter":
        return {"id": ".".join(map(str, numbers)), "title": f"{level.title()} {last}"}
    pattern = _IDS[scheme][len(numbers) - 1]
    return {"id": pattern.format(*numbers), "title": f"{level.title()} {last}"}


def _failed(origin: str, message: str) -> ImportFailed:
    file, _, line = (origin or "").rpartition(":")
    if file and line.isdigit():
        return ImportFailed(file, int(line), message)
    return ImportFailed(origin or "time slices", None, message)


def out_of_sequence(labels) -> list[str]:
    """The numbered slice labels that break the run of the others (``45`` after ``1``..``5``: a
    merged or stray file that a ``{slice}`` pattern also matched), in story order.

    >>> out_of_sequence(["1", "2", "3", "4", "5", "45"])
    ['45']
    >>> out_of_sequence(["s01", "s02", "s03"])
    []
    """
    numbered = {}
    for label in labels:
        match = re.fullmatch(r"\D*?(\d+)", str(label).strip())
        if match:
            numbered[label] = int(match.group(1))
    if len(numbered) < 2:
        return []
    values = sorted(set(numbered.values()))
    run_end = values[0]
    for value in values[1:]:
        if value != run_end + 1:
            break
        run_end = value
    return [label for label, value in sorted(numbered.items(), key=lambda item: item[1]) if value > run_end]
