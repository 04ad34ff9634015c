"""The id a statement gets when its file gives none: derived from what it says.

``subject/relation/object-or-value/from``; the loader adds ``~2``, ``~3``... to repeats and to
ids taken by explicit ones. The derived cache stores an id equal to its `derived_base` as
nothing and derives it again when decoding (the ids are a sixth of a universe entry).
"""

from __future__ import annotations

import re
from operator import add

__all__ = ["derived_base", "derived_bases", "value_key"]

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def value_key(value: str | None) -> str | None:
    """A literal value as a slug of at most 40 characters (``value`` when nothing is left)."""
    if value is None:
        return None
    return _NOT_SLUG.sub("-", value.casefold()).strip("-")[:40] or "value"


def derived_base(subject: str, relation: str, obj: str | None, value: str | None, start_id: str | None) -> str:
    """The derived id of a statement before any ``~n`` (the non-empty parts joined by ``/``)."""
    third = obj or value_key(value)
    if subject and relation and third and start_id:  # the usual case, without a comprehension
        return f"{subject}/{relation}/{third}/{start_id}"
    return "/".join([x for x in (subject, relation, third, start_id) if x])


def derived_bases(subjects: list, relations: list, objects: list, values: list, start_ids: list) -> list[str]:
    """``list(map(derived_base, subjects, relations, objects, values, start_ids))``, a column at a
    time: each base joined in C from its first three parts and its start's suffix (``/S1E2``)."""
    thirds = objects
    if None in objects or "" in objects:
        slugs = {value: value_key(value) for value in set(values)}
        thirds = [obj or slugs[value] for obj, value in zip(objects, values)]
    if not (all(subjects) and all(relations) and all(thirds)):  # a part left out: the definition
        return list(map(derived_base, subjects, relations, objects, values, start_ids))
    suffixes = {start: f"/{start}" if start else "" for start in set(start_ids)}
    return list(map(add, map("/".join, zip(subjects, relations, thirds)), map(suffixes.__getitem__, start_ids)))
