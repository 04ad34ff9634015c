"""The shape check of a fact file's statements, a column at a time, for plain statements.

A plain statement is a mapping of the usual keys whose values are already what the shape check
would make of them: slugs and text as text, a weight as a finite number, evidence and rank by
their exact names, sources as a list of source ids. For those, pydantic's check (`documents`)
would report nothing and change nothing, so `plain_statements` checks them by column, each rule
once per distinct value, and makes their documents (`shapes.StatementDoc`, as the derived cache
decodes them) in C. Any other statement is checked by pydantic as before; when one of them is
wrong, `plain_statements` gives None and the file is checked by pydantic as a whole, which
reports every problem exactly as it always did.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator, Sequence
from itertools import chain, compress, count, repeat
from operator import not_
from typing import Any

from pydantic import TypeAdapter, ValidationError

from universe.storage.documents import DATE_PATTERN, SLUG_PATTERN
from universe.storage.documents import StatementDoc as StatementModel
from universe.storage.shapes import StatementDoc, light_statement
from universe.story.evidence import Evidence, Rank

__all__ = ["StatementDocuments", "plain_statements"]

_MISSING = type("_Missing", (), {"__repr__": lambda self: "<missing>"})()  # a key left out
_ABSENT = type(_MISSING)
_NONE = type(None)
_KEYS = ("id", "subject", "relation", "object", "value", "from", "until", "revealed", "spoils",
         "date", "weight", "evidence", "rank", "sources", "note")  # `StatementDoc`'s fields, in order
_DEFAULTED = frozenset(("evidence", "rank", "sources"))  # null is wrong there, not the default
_REQUIRED = frozenset(("subject", "relation"))
_SLUG, _DATE = (p.removeprefix("^").removesuffix("$") for p in (SLUG_PATTERN, DATE_PATTERN))
_SLUGS = re.compile(f"(?:{_SLUG}\n)*").fullmatch  # many slugs at once, one a line
_DATES = re.compile(f"(?:{_DATE}\n)*", re.ASCII).fullmatch  # pydantic's \d is wider: the rest go to it
_EVIDENCE: dict = {e.value: e for e in Evidence} | {_MISSING: Evidence.CANON}
_RANK: dict = {r.value: r for r in Rank} | {_MISSING: Rank.NORMAL}
_MODELS = TypeAdapter(list[StatementModel])


def _lines(values: set, matches: Callable) -> set:
    """The values `matches` refuses, asked of all of them at once (one a line) and one by one
    only when one is refused."""
    if not values:
        return set()
    text = "\n".join(values) + "\n"
    if matches(text) is not None and text.count("\n") == len(values):
        return set()
    return {value for value in values if "\n" in value or matches(value + "\n") is None}


def _wrong_slugs(values: set) -> set:
    return _lines(values, _SLUGS)


def _wrong_dates(values: set) -> set:
    return _lines(values, _DATES)


def _wrong_texts(values: set) -> set:
    """Text pydantic's constrained text refuses: empty, or with a lone surrogate."""
    wrong = {""} & values
    if not "".join(values).isascii():
        for value in values:
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                wrong.add(value)
    return wrong


def _wrong_weights(values: set) -> set:
    """Weights pydantic refuses or changes other than by `float`: not finite, or integers no
    float holds exactly."""
    return {v for v in values if not (-(2**53) <= v <= 2**53 if type(v) is int else math.isfinite(v))}


def _nothing_wrong(values: set) -> set:
    return set()


# key: (the types its value may have, the values of those types that are wrong)
_RULES: dict[str, tuple[frozenset, Callable[[set], set]]] = {
    "id": (frozenset((str, _NONE)), _wrong_texts),
    "subject": (frozenset((str,)), _wrong_slugs),
    "relation": (frozenset((str,)), _wrong_slugs),
    "object": (frozenset((str, _NONE)), _wrong_slugs),
    "value": (frozenset((str, _NONE)), _nothing_wrong),
    "from": (frozenset((str, _NONE)), _wrong_texts),
    "until": (frozenset((str, _NONE)), _wrong_texts),
    "revealed": (frozenset((str, _NONE)), _wrong_texts),
    "spoils": (frozenset((str, _NONE)), _wrong_texts),
    "date": (frozenset((str, _NONE)), _wrong_dates),
    "weight": (frozenset((float, int, _NONE)), _wrong_weights),
    "evidence": (frozenset((str, _ABSENT)), lambda values: values - _EVIDENCE.keys()),
    "rank": (frozenset((str, _ABSENT)), lambda values: values - _RANK.keys()),
    "note": (frozenset((str, _NONE)), _nothing_wrong),
}


class StatementDocuments(Sequence):
    """A file's statements as the shape check gives them: a sequence of ``(("statements",
    index), document)`` pairs, in order, made when first read. Made of plain statements, it keeps the columns they
    are made from (`columns`: a list per field of `shapes.StatementDoc`, in its order), which
    `columnbuild` reads instead; None otherwise."""

    __slots__ = ("columns", "_pairs")

    def __init__(self, columns: list[list] | None, pairs: list | None = None):
        self.columns, self._pairs = columns, pairs

    def pairs(self) -> list:
        if self._pairs is None:
            docs = map(tuple.__new__, repeat(StatementDoc), zip(*self.columns))  # type: ignore[misc]
            self._pairs = list(zip(zip(repeat("statements"), count()), docs))
        return self._pairs

    def __iter__(self) -> Iterator:
        return iter(self.pairs())

    def __len__(self) -> int:
        return len(self.columns[0]) if self._pairs is None else len(self._pairs)  # type: ignore[index]

    def __getitem__(self, index: Any) -> Any:
        return self.pairs()[index]


def plain_statements(items: Any) -> StatementDocuments | None:
    """The ``(("statements", index), document)`` pairs of `items` (a fact file's ``statements:``)
    as pydantic's check would give them, made light (`shapes.light_statement`); None when
    `items` is not a list of mappings or a statement is wrong (pydantic then checks the file)."""
    if type(items) is not list or not set(map(type, items)) <= {dict}:
        return None
    size = len(items)
    present = set(chain.from_iterable(items))
    other: set[int] = set()  # positions of the statements that are not plain
    if not present <= _RULES.keys() | {"sources"}:
        other.update(compress(count(), map(not_, map(frozenset(_KEYS).issuperset, items))))
    columns: dict[str, list] = {}
    for key in _KEYS:
        absent = _MISSING if key in _DEFAULTED else None
        if key not in present and key not in _REQUIRED:
            columns[key] = [absent] * size
            continue
        column = columns[key] = list(map(dict.get, items, repeat(key), repeat(absent)))
        other |= _refused_sources(column) if key == "sources" else _refused(column, *_RULES[key])
    if not other:
        return StatementDocuments(_converted(columns, present))
    for key, values in columns.items():  # the places of the others: values that convert
        blank = _MISSING if key in _DEFAULTED else None
        for index in other:
            values[index] = blank
    pairs = StatementDocuments(_converted(columns, present)).pairs()
    wrong = sorted(other)
    try:
        checked = _MODELS.validate_python([items[i] for i in wrong])
    except ValidationError:
        return None
    for index, doc in zip(wrong, checked):
        pairs[index] = (("statements", index), light_statement(doc))
    return StatementDocuments(None, pairs)


def _refused(column: list, kinds: frozenset, wrong: Callable[[set], set]) -> set[int]:
    """Positions in `column` of values not exactly of one of `kinds`, or `wrong` (asked of the
    distinct values at once)."""
    if set(map(type, column)) <= kinds:
        refused = set()
    else:
        fits = list(map(kinds.__contains__, map(type, column)))
        refused = set(compress(count(), map(not_, fits)))
        column = [value if fit else None for value, fit in zip(column, fits)]  # hashable, refused already
    values = set(column)
    values.discard(None)
    values.discard(_MISSING)
    bad = wrong(values)
    if bad:
        refused.update(compress(count(), map(bad.__contains__, column)))
    return refused


def _refused_sources(column: list) -> set[int]:
    """Positions of ``sources:`` that are not a list of source ids (or left out)."""
    refused = set()
    if not set(map(type, column)) <= {list, _ABSENT}:
        fits = list(map({list, _ABSENT}.__contains__, map(type, column)))
        refused = set(compress(count(), map(not_, fits)))
        column = [value if fit else [] for value, fit in zip(column, fits)]  # refused already
    lists = [[] if value is _MISSING else value for value in column] if _MISSING in column else column
    refs = list(chain.from_iterable(lists))
    if set(map(type, refs)) <= {str} and not _wrong_slugs(set(refs)):
        return refused
    owners = list(chain.from_iterable(map(repeat, count(), map(len, lists))))  # each ref's statement
    wrong = _wrong_slugs({ref for ref in refs if type(ref) is str})
    return refused | {owner for owner, ref in zip(owners, refs) if type(ref) is not str or ref in wrong}


def _converted(columns: dict, present: set) -> list[list]:
    """The documents' fields, a list each, in `StatementDoc`'s order: `columns` (what the
    statements hold, each value checked) as pydantic makes them."""
    size = len(columns["subject"])
    weights = columns["weight"]
    if "weight" in present and int in set(map(type, weights)):
        weights = [None if weight is None else float(weight) for weight in weights]
    sources = columns["sources"]
    if "sources" not in present:
        sources = list(map(list, repeat((), size)))  # a list each, as pydantic makes them
    elif _MISSING in sources:
        sources = [[] if refs is _MISSING else list(refs) for refs in sources]
    else:
        sources = list(map(list, sources))  # copies: the documents do not share the data's lists
    return [
        *(columns[key] for key in _KEYS[:10]), weights,
        list(map(_EVIDENCE.__getitem__, columns["evidence"])) if "evidence" in present else [Evidence.CANON] * size,
        list(map(_RANK.__getitem__, columns["rank"])) if "rank" in present else [Rank.NORMAL] * size,
        sources, columns["note"],
    ]
