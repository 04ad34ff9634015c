"""The whole-universe entry of the derived cache when every fact file has a kept build: what the
checks across files made of the builds, not the records again.

A universe assembled from kept builds (`assembly`) differs from them in little: entities repeated
across files are left out (the first is kept), statements naming a missing entity are left out,
derived ids get ``~2``, ``~3``..., and reveal defaults fill in ``revealed``. This entry holds
universe.yaml's part (as `universecodec` encodes a universe with no records), the names of the
builds in file order, and those differences: the statements left out, the ids that are not the
build's key, and every entity's and statement's reveal point. Writing it after an edit costs
little (the records are in the builds already); reading it reads the builds too. Decoding
trusts nothing: a build missing or not decoding, or a column of the wrong length, is a miss
and the universe is derived again.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from types import MappingProxyType, SimpleNamespace
from typing import Any, Callable

from universe.errors import Problem
from universe.storage.buildmemory import Remembered, same_vocabulary, vocabulary_of
from universe.storage.filebuild import FileBuild, decode_build
from universe.storage.entitycolumns import ENTITY_FIELDS
from universe.storage.records import make_records
from universe.storage.universecodec import decode_universe, encode_universe, point_positions
from universe.story.model import Entity, Statement
from universe.story.snapshot import Universe

__all__ = ["encode_assembled", "decode_assembled"]

_BUILT = tuple(name for name in Statement.__dataclass_fields__ if name not in ("id", "revealed"))  # what a build gives


def encode_assembled(universe: Universe, parts: list[tuple[str, FileBuild, list[int]]], names: list[str]) -> dict:
    """The entry for `universe`, assembled from `parts` ``(file, build, positions of its
    statements kept)`` whose builds are kept under `names`; raises ValueError when the universe
    is not what the parts give (then the whole universe is encoded instead)."""
    position = point_positions(universe.timeline)
    entities = _first_of_each(parts)
    if list(entities) != list(universe.entities):
        raise ValueError("the entities are not the builds' first of each id")
    statements = universe.statements
    keys = [build.keys[i] for _, build, kept in parts for i in kept]
    if len(keys) != len(statements):
        raise ValueError("the statements are not the builds' kept ones")
    return {
        "header": encode_universe(replace(universe, entities=MappingProxyType({}), statements=())),
        "builds": names,
        "dropped": [_left_out(len(build), kept) for _, build, kept in parts],
        "ids": [[index, s.id] for index, (s, key) in enumerate(zip(statements, keys)) if s.id != key],
        "entity_revealed": [position[id(e.revealed)] for e in universe.entities.values()],
        "statement_revealed": list(map(position.__getitem__, map(id, [s.revealed for s in statements]))),
    }


def decode_assembled(data: Any, folder: Path, problems: tuple[Problem, ...], names: list[str],
                     read_build: Callable[[str], Any], memory: "Remembered | None" = None) -> tuple[Universe, tuple, dict]:
    """The universe of the entry `data` whose builds are named `names` (the current files'), the
    vocabularies its builds were decoded against and the builds by name (for `buildmemory`);
    `read_build(name)` gives a build's entry (its ``build`` and the ``later`` part) or None.
    `memory`: builds decoded before, taken as they are when the vocabularies are the same.
    Raises one of `universecodec.DECODE_ERRORS` when anything does not fit."""
    if type(data) is not dict or data["builds"] != names:
        raise ValueError("not the builds of these files")
    base = decode_universe(data["header"], folder, problems)
    if base.entities or base.statements:
        raise ValueError("a header with records")
    context = SimpleNamespace(timeline=base.timeline, kinds=dict(base.kinds), statuses=dict(base.statuses), relations=dict(base.relations))
    if memory is not None and same_vocabulary(memory.vocabulary, vocabulary_of(context)):
        context.timeline = memory.vocabulary[0]  # remembered builds' records hold its story points
        base = replace(base, timeline=context.timeline)
    else:
        memory = None
    builds = []
    for name in names:
        if memory is not None and name in memory.builds:
            builds.append(memory.builds[name][1])
            continue
        found = read_build(name)
        if found is None:
            raise ValueError(f"build {name} missing")
        builds.append(decode_build(found.get("build"), context, found.get("later")))
    at: dict = dict(enumerate(base.timeline.points))
    at[None] = None
    first = _first_columns(builds)
    first["revealed"] = list(map(at.__getitem__, _ints(data["entity_revealed"], len(first["id"]))))
    entities = dict(zip(first["id"], make_records(Entity, first)))

    dropped = data["dropped"]
    if type(dropped) is not list or len(dropped) != len(builds):
        raise ValueError("dropped statements of each build")
    columns: dict[str, list] = {name: [] for name in _BUILT}  # the reveal points are this entry's
    keys: list[str] = []
    for build, left_out in zip(builds, dropped):
        kept = _kept(len(build), left_out)
        keys.extend(build.keys if kept is None else [build.keys[i] for i in kept])
        found = build.record_columns()
        for name, column in columns.items():
            column.extend(found[name] if kept is None else [found[name][i] for i in kept])
    for index, made in data["ids"]:
        if type(made) is not str or type(index) is not int or not 0 <= index < len(keys):
            raise ValueError("an id of a statement")
        keys[index] = made
    columns["revealed"] = list(map(at.__getitem__, _ints(data["statement_revealed"], len(keys))))
    statements = make_records(Statement, {"id": keys, **columns}) if builds else []
    if builds and not (set(columns["subject"]) <= entities.keys() and set(columns["object"]) - {None} <= entities.keys()):
        raise ValueError("a statement naming a missing entity")
    universe = replace(base, entities=MappingProxyType(entities), statements=tuple(statements))
    return universe, vocabulary_of(context), dict(zip(names, builds))


def _first_of_each(parts) -> dict[str, Entity]:
    """The builds' entities in file order, the first of each id (as the loader keeps them)."""
    entities: dict[str, Entity] = {}
    for _, build, _ in parts:
        for entity in build.entities:
            entities.setdefault(entity.id, entity)
    return entities


def _first_columns(builds: list[FileBuild]) -> dict[str, list]:
    """The columns of the builds' first entity of each id, in file order (`_first_of_each`)."""
    columns: dict[str, list] = {name: [] for name in ENTITY_FIELDS}
    seen: set[str] = set()
    for build in builds:
        found = build.entity_columns()
        ids = found["id"]
        if seen.isdisjoint(ids) and len(set(ids)) == len(ids):  # no id repeated: every entity
            picks = None
            seen.update(ids)
        else:
            picks = [index for index, entity_id in enumerate(ids) if entity_id not in seen and not seen.add(entity_id)]
        for name, column in columns.items():
            column.extend(found[name] if picks is None else [found[name][index] for index in picks])
    return columns


def _left_out(count: int, kept: list[int]) -> list[int]:
    if len(kept) == count:
        return []
    keep = set(kept)
    return [i for i in range(count) if i not in keep]


def _kept(count: int, left_out: Any) -> list[int] | None:
    """The positions kept of `count` statements when `left_out` are left out (None: all)."""
    if type(left_out) is not list or any(type(i) is not int or not 0 <= i < count for i in left_out):
        raise ValueError("positions left out")
    if not left_out:
        return None
    gone = set(left_out)
    return [i for i in range(count) if i not in gone]


def _ints(values: Any, count: int) -> list:
    if type(values) is not list or len(values) != count:
        raise ValueError("a column of the wrong length")
    if not set(map(type, values)) <= {int, type(None)}:
        raise TypeError("story points are numbers")
    return values
