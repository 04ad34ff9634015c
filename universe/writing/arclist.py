"""The arcs of a universe folder: where each arc's file is, the list of them, and which a viewer
at a horizon may know of (an arc's id, title and description are spoilers like any fact)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from universe.storage.documents import SLUG_PATTERN
from universe.storage.store import file_label
from universe.story.timeline import StoryPoint
from universe.writing.arcdiff import diff
from universe.writing.arcs import ARCS_FOLDER, Arc, ArcError, ArcInvalid, ArcNotFound, read_arc
from universe.writing.canon import read_canon

__all__ = ["ArcSummary", "arc_path", "list_arcs", "arcs_at", "load_arc", "load_arcs"]

_ID = re.compile(SLUG_PATTERN)
Folder = "str | os.PathLike[str]"


@dataclass(frozen=True, slots=True)
class ArcSummary:
    """One line of the list of arcs; `error` is set (and the rest partly empty) for a broken file."""

    id: str
    title: str
    author: str | None
    base: str | None
    changes: int
    version: str
    file: str
    error: str | None = None
    revealed: StoryPoint | None = None  # set by `arcs_at`: the arc's own reveal point

    def is_seen_by(self, horizon: StoryPoint | None) -> bool:
        """True when a viewer at `horizon` may know of the arc (a broken arc: only with no horizon,
        since its reveal point cannot be known)."""
        if self.error is not None:
            return horizon is None
        return self.revealed is None or self.revealed.is_seen_by(horizon)


def arc_path(folder: Folder, arc_id: str) -> Path:
    """The file of arc `arc_id` in the universe folder `folder`; refuses ids that are not slugs."""
    if not isinstance(arc_id, str) or not _ID.fullmatch(arc_id):
        raise ArcError(f"invalid arc id {arc_id!r}: use lower-case letters, digits and hyphens")
    return Path(folder) / ARCS_FOLDER / f"{arc_id}.yaml"


def list_arcs(folder: Folder) -> list[ArcSummary]:
    """Every arc file of the universe, by id; a file that does not parse is listed with its error."""
    directory = Path(folder) / ARCS_FOLDER
    out = []
    for path in sorted(directory.glob("*.yaml")) if directory.is_dir() else []:
        if not _ID.fullmatch(path.stem):
            continue
        try:
            arc = read_arc(path)
        except ArcInvalid as invalid:
            out.append(ArcSummary(path.stem, path.stem, None, None, 0, "", file_label(path), str(invalid)))
            continue
        out.append(ArcSummary(arc.id, arc.title, arc.author, arc.base, len(arc.changes), arc.version, arc.file))
    return out


def arcs_at(folder: Folder, point: "StoryPoint | str | None" = None) -> list[ArcSummary]:
    """The arcs a viewer at `point` may know of (None: every arc), each with its reveal point;
    an arc that does not apply to canon (its reveal point unknown) only with no horizon.

    Raises StoryPointNotFound for a `point` the universe does not have.
    """
    canon = read_canon(folder)
    horizon = canon.build().timeline.parse_horizon(point)
    out = []
    for summary in list_arcs(folder):
        if summary.error is None:
            try:
                found = diff(canon, load_arc(folder, summary.id))
            except ArcError as error:
                summary = replace(summary, error=str(error))
            else:
                summary = replace(summary, revealed=found.revealed)
        if summary.is_seen_by(horizon):
            out.append(summary)
    return out


def load_arc(folder: Folder, arc_id: str) -> Arc:
    """Arc `arc_id` as it is on disk now (``.version`` is what a later save must name).

    Raises ArcNotFound, or ArcInvalid when its file is malformed.
    """
    path = arc_path(folder, arc_id)
    if not path.is_file():
        known = ", ".join(s.id for s in list_arcs(folder)) or "none"
        raise ArcNotFound(f"no arc {arc_id!r} in {file_label(Path(folder))} (arcs: {known})")
    return read_arc(path)


def load_arcs(folder: Folder) -> dict[str, Arc]:
    """Every well-formed arc of the universe, by id (see `list_arcs` for the broken ones)."""
    return {s.id: load_arc(folder, s.id) for s in list_arcs(folder) if s.error is None}
