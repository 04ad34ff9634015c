"""A new universe from a template: `universe new ID [--levels book,chapter]`.

`write_skeleton` writes a small, valid universe folder whose comments teach the format: story
time with the chosen levels, the common kinds, statuses and relations, two characters with a
status timeline, a place, a source, and a relation citing it. Each file is written atomically
into a staging folder that is loaded back before it is renamed into place, so a half-written
universe is never left behind and an existing folder is never touched.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

from universe.errors import InvalidUniverseId, UniverseError
from universe.storage.documents import UNIVERSE_ID_PATTERN
from universe.storage.regularfile import write_text_atomic
from universe.storage.store import load_universe

__all__ = ["DEFAULT_LEVELS", "story_points", "skeleton_files", "write_skeleton"]

DEFAULT_LEVELS = ("season", "episode")
_LEVEL = re.compile(r"[a-z][a-z0-9-]{0,30}")


def _letters(levels: tuple[str, ...]) -> list[str]:
    """A short prefix per level for point ids: season, episode -> S, E (two letters on a clash)."""
    out: list[str] = []
    for level in levels:
        size = 1
        while level[:size].upper() in out and size < len(level):
            size += 1
        out.append(level[:size].upper())
    return out


def story_points(levels: tuple[str, ...], per_level: int = 2) -> list[dict]:
    """Nested story points, `per_level` at each level: S1 > S1E1, S1E2 ..."""
    letters = _letters(levels)

    def make(depth: int, prefix: str) -> list[dict]:
        points = []
        for number in range(1, per_level + 1):
            point_id = f"{prefix}{letters[depth]}{number}"
            point: dict = {"id": point_id, "title": f"{levels[depth].replace('-', ' ').capitalize()} {number}"}
            if depth + 1 < len(levels):
                point["points"] = make(depth + 1, point_id)
            points.append(point)
        return points

    return make(0, "")


def _points_yaml(points: list[dict], indent: int) -> str:
    lines = []
    pad = " " * indent
    for point in points:
        if "points" in point:
            lines.append(f"{pad}- id: {point['id']}\n{pad}  title: {point['title']}\n{pad}  points:")
            lines.append(_points_yaml(point["points"], indent + 4))
        else:
            lines.append(f"{pad}- {{id: {point['id']}, title: {point['title']}}}")
    return "\n".join(lines)


def _leaves(points: list[dict]) -> list[str]:
    out = []
    for point in points:
        out.extend(_leaves(point["points"]) if "points" in point else [point["id"]])
    return out


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def skeleton_files(universe_id: str, title: str | None = None, levels: tuple[str, ...] = DEFAULT_LEVELS) -> dict[str, str]:
    """The files of a new universe, by name: universe.yaml, characters.yaml, places.yaml,
    sources.yaml. Raises InvalidUniverseId or UniverseError for a bad id or level."""
    if not re.fullmatch(UNIVERSE_ID_PATTERN, universe_id or ""):
        raise InvalidUniverseId(f"invalid universe id {universe_id!r}: use lower-case letters, digits and hyphens")
    levels = tuple(level.strip().lower() for level in levels if level.strip())
    if not levels or len(levels) > 4:
        raise UniverseError("give one to four story-time levels, such as season,episode or book,chapter")
    for level in levels:
        if not _LEVEL.fullmatch(level):
            raise UniverseError(f"story-time level {level!r}: use a lower-case word such as book or chapter")
    if len(set(levels)) != len(levels):
        raise UniverseError(f"story-time levels repeat: {', '.join(levels)}")
    title = title or universe_id.replace("-", " ").title()
    points = story_points(levels)
    first, second = _leaves(points)[:2]
    universe_yaml = f"""\
# {title}: the universe, its story time and its vocabularies.
# Format: docs/data-format.md. Facts live in the other *.yaml files of this folder.
# Check the folder after every edit:  universe check {universe_id}
format: 1
id: {universe_id}              # must match the folder's name
title: {_quoted(title)}
description: >-
  One or two sentences about your story.

# Story time: the levels, outermost first, and the story points. Every fact says when it holds
# (from/until) and when the audience learns it (revealed), by these ids. Add points as you go.
story_time:
  levels: [{", ".join(levels)}]
  points:
{_points_yaml(points, 4)}

# The kinds of things that get a page. Add your own (a spaceship, a spell...).
kinds:
  character: {{label: Character, plural: Characters}}
  location: {{label: Location, plural: Locations}}
  group: {{label: Group, plural: Groups}}
  source: {{label: Source, plural: Sources}}      # where facts come from: cite them

# The pages that follow characters (Overview, Survivors, Connections) follow these kinds.
principal_kinds: [character]

# Status: a timeline per character. terminal: true means dead for good (a character alive
# again after it gets a warning).
statuses:
  alive: {{label: Alive, color: "#2e7d32"}}
  missing: {{label: Missing, color: "#f9a825"}}
  dead: {{label: Dead, color: "#424242", terminal: true}}
  unknown: {{label: Unknown, color: "#9e9e9e"}}

# Relations: how each reads from its subject (label) and from its object (inverse); a
# symmetric one reads the same both ways. family groups them on the graph.
relations:
  friend:
    label: friend of
    symmetric: true
    family: social
    subject: [character]
    object: [character]
  enemy:
    label: enemy of
    symmetric: true
    family: conflict
    subject: [character, group]
    object: [character, group]
  parent:
    label: parent of
    inverse: child of
    family: family
    posthumous: true          # still true after a death
    subject: [character]
    object: [character]
  member-of:
    label: member of
    inverse: has member
    family: group
    subject: [character]
    object: [group]
  located-at:
    label: located at
    inverse: location of
    family: place
    subject: [character, group]
    object: [location]
  part-of:
    label: part of
    inverse: contains
    family: place
    containment: true         # places inside places; no cycles
    subject: [location]
    object: [location]
"""
    characters_yaml = f"""\
# Characters of {title}. One entity per block; ids are lower-case slugs that never change.
entities:
  - id: hero
    kind: character
    name: The Hero
    aliases: [Hero]                # any other names; searchable in the Wiki
    description:
      - text: Who they are, as the audience first meets them.
      - text: A twist the audience learns later.
        revealed: {second}         # hidden from a viewer before {second}
    sources: [notes]
    status:
      - at: {first}
        status: alive
  - id: rival
    kind: character
    name: The Rival
    description: The hero's rival.
    sources: [notes]
    status:
      - at: {first}
        status: alive
      - at: {second}
        status: missing
        note: Last seen leaving town.

statements:
  - subject: hero
    relation: enemy
    object: rival
    from: {first}
    evidence: canon              # canon, official, reported, teased, speculation, fan-theory
    sources: [notes]
  - subject: hero
    relation: located-at
    object: home
    from: {first}
    sources: [notes]
"""
    places_yaml = f"""\
# Places of {title}.
entities:
  - id: home
    kind: location
    name: Home
    description: Where the story starts.
    sources: [notes]
"""
    sources_yaml = f"""\
# Sources of {title}: every fact cites one (a book, an episode, an interview, your notes).
entities:
  - id: notes
    kind: source
    name: The author's notes
    description: Replace with the real sources of your facts.
"""
    return {"universe.yaml": universe_yaml, "characters.yaml": characters_yaml, "places.yaml": places_yaml,
            "sources.yaml": sources_yaml}


def write_skeleton(folder: "str | os.PathLike[str]", title: str | None = None,
                   levels: tuple[str, ...] = DEFAULT_LEVELS) -> Path:
    """Write a new universe in `folder` (its name is the id); return the folder.

    Refuses a folder that exists and is not empty. The files are written and loaded back
    beside the target first, then renamed into place in one step.
    """
    folder = Path(folder)
    name = Path(os.path.abspath(folder)).name
    files = skeleton_files(name, title, levels)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise UniverseError(f"{folder}: already exists and is not empty; choose another folder")
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{name}.new-", dir=folder.parent))
    try:
        built = staging / name
        built.mkdir()
        for file_name, text in files.items():
            write_text_atomic(built / file_name, text)
        load_universe(built)  # never place a universe that does not load
        if folder.is_dir():
            folder.rmdir()  # empty, checked above
        os.rename(built, folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return folder
