"""The arc a viewer chose: canon, or canon plus one of the universe's arcs (``?arc=<id>``).

The choice is a sidebar control kept in the URL like the horizon. Canon plus an arc is built
once per version of canon and of the arc files (``st.cache_resource``, shared by every session:
never mutate it), with the arc's diff against canon, which the graph uses to highlight the arc's
work. An arc that does not apply shows its problems (file:line) and the pages fall back to canon.

An arc's id, title and description are spoilers like any fact: the control offers only the arcs
revealed by the viewer's horizon (`visible_summaries`, see `universe.writing.arcdiff.arc_reveal`),
and a link naming another arc reads as naming no arc at all.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import streamlit as st

from universe.errors import Problem, UniverseError
from universe.storage.revisions import version_token
from universe.story.snapshot import Universe
from universe.story.timeline import StoryPoint
from universe.views.loading import EVERYTHING, load
from universe.views.text import md
from universe.views.versioncache import drop_version, per_version
from universe.writing.arcfolder import ARCS_FOLDER

if TYPE_CHECKING:
    from universe.writing.arcdiff import ArcDiff
    from universe.writing.arcstore import ArcSummary

# The arc modules (pydantic's shapes, the overlay) are imported when a universe has an arc file
# or a link names an arc: a start with no arcs never pays for them.

__all__ = ["ArcLayer", "CANON", "arc_summaries", "visible_summaries", "arc_layer", "visible_diff", "choose_arc", "forget_arc"]

#: The arc control's value meaning "no arc: canon alone".
CANON = ""
_WIDGET = "state.arc"


@dataclass(frozen=True)
class ArcLayer:
    """Canon plus one arc (`universe`, `diff`), or the problems that stop it applying."""

    arc: str
    universe: Universe | None = None
    diff: ArcDiff | None = None
    problems: tuple[Problem, ...] = ()
    message: str = ""


def _fingerprint(folder: str) -> tuple:
    """Names and content versions of the arc files: changes whenever one does (arcs are small)."""
    directory = Path(folder) / ARCS_FOLDER
    if not directory.is_dir():
        return ()
    out = []
    for path in sorted(directory.glob("*.yaml")):
        try:
            out.append((path.name, version_token(path.read_bytes())))
        except OSError:  # deleted while we looked
            continue
    return tuple(out)


@st.cache_resource(max_entries=16, show_spinner=False)
def _summaries(folder: str, fingerprint: tuple) -> list[ArcSummary]:
    directory = Path(folder) / ARCS_FOLDER
    if not directory.is_dir() or not any(directory.glob("*.yaml")):  # list_arcs would find none
        return []
    from universe.writing.arcstore import list_arcs

    return list_arcs(folder)


def arc_summaries(folder: "str | Path") -> list[ArcSummary]:
    """Every arc of the universe in `folder` (broken ones with `.error`), read once per version."""
    return _summaries(str(folder), _fingerprint(str(folder)))


def visible_summaries(folder: "str | Path", canon: Universe, horizon: StoryPoint | None) -> list[ArcSummary]:
    """The arcs a viewer at `horizon` may know of, each with its reveal point; an arc that does
    not apply to canon (its reveal point unknown) only with no horizon."""
    out = []
    for summary in arc_summaries(folder):
        if summary.error is None:
            layer = arc_layer(folder, canon.version, summary.id)
            if layer.diff is None:
                summary = replace(summary, error=layer.message or "does not apply to canon")
            else:
                summary = replace(summary, revealed=layer.diff.revealed)
        if summary.is_seen_by(horizon):
            out.append(summary)
    return out


@per_version(st.cache_resource, max_entries=16, show_spinner="Applying the arc...")
def _layer(folder: str, canon_version: str, arc_id: str, fingerprint: tuple) -> ArcLayer:
    from universe.writing.arcs import ArcInvalid
    from universe.writing.arcstore import arc_diff

    try:
        found = arc_diff(folder, arc_id)
    except ArcInvalid as invalid:
        return ArcLayer(arc_id, problems=tuple(invalid.problems), message=str(invalid).splitlines()[0])
    except UniverseError as error:
        return ArcLayer(arc_id, message=str(error))
    return ArcLayer(arc_id, found.universe, found)


# folder: (canon's version, the arc files' fingerprint, {arc id: its layer's version}) of the layers
# last made; when an arc file changes, the layers made before (and the pages' caches of them) go
_made: dict[str, tuple[str, tuple, dict[str, str | None]]] = {}
_made_lock = threading.Lock()


def arc_layer(folder: "str | Path", canon_version: str, arc_id: str) -> ArcLayer:
    """Canon (at `canon_version`) with arc `arc_id` applied, or why it cannot be (shared). When
    the arc files changed since the layers last made over this canon, those are dropped with what
    the pages cached of them (canon's own entries go when canon changes: `views.loading`)."""
    folder = str(folder)
    fingerprint = _fingerprint(folder)
    layer = _layer(folder, canon_version, arc_id, fingerprint)
    version = layer.universe.version if layer.universe is not None else None
    with _made_lock:
        earlier = _made.get(folder)
        if earlier is None or earlier[:2] != (canon_version, fingerprint):
            _made[folder] = (canon_version, fingerprint, {arc_id: version})
        else:
            earlier[2][arc_id] = version
    if earlier is not None and earlier[0] == canon_version and earlier[1] != fingerprint:
        for old_arc, old_version in earlier[2].items():
            _layer.clear(folder, canon_version, old_arc, earlier[1])
            if old_version is not None:
                drop_version(folder, old_version)
    return layer


def visible_diff(key: tuple) -> ArcDiff | None:
    """The diff of the arc in a ViewState key, as a viewer at its horizon and evidence level may
    see it (None for canon, or an arc that does not apply)."""
    folder, _, horizon, evidence, arc = key
    canon = load(folder).universe
    if not arc or canon is None:
        return None
    layer = arc_layer(folder, canon.version, arc)
    if layer.diff is None:
        return None
    return layer.diff.as_of(None if horizon == EVERYTHING else horizon, evidence)


def forget_arc() -> None:
    """Drop the arc choice (another universe was chosen: its arcs mean nothing here)."""
    st.query_params.pop("arc", None)
    st.session_state.pop(_WIDGET, None)


def _to_url() -> None:
    value = st.session_state.get(_WIDGET, CANON)
    if value == CANON:
        st.query_params.pop("arc", None)
    else:
        st.query_params["arc"] = value


def choose_arc(folder: str, canon: Universe, horizon: StoryPoint | None) -> tuple[str | None, Universe]:
    """Draw the sidebar's Arc control (only the arcs a viewer at `horizon` may know of); return
    the arc applied (None: canon) and the universe to show. A link naming an arc that does not
    exist or lies beyond the horizon (one message for both: no hint), or an arc that does not
    apply, says so and shows canon."""
    summaries = visible_summaries(folder, canon, horizon)
    ids = [s.id for s in summaries]
    titles = {s.id: s.title for s in summaries}
    wanted = st.query_params.get("arc") or None
    chosen = st.session_state.get(_WIDGET, CANON)
    if wanted is not None:
        from universe.writing.arcs import ArcError
        from universe.writing.arcstore import arc_path

        try:
            arc_path(folder, wanted)
        except ArcError:
            st.warning(f"Refused the arc {md(repr(wanted))} from the link: an arc id is a slug; showing canon.")
            wanted = CANON
        if wanted and wanted not in ids:
            st.warning(f"There is no arc {md(repr(wanted))} at this point of the story; showing canon.")
            wanted = CANON
        chosen = wanted
    elif chosen and chosen not in ids and horizon is not None and any(s.id == chosen for s in arc_summaries(folder)):
        st.info("The arc you chose lies beyond this point of the story: showing canon.")
    if chosen not in ids:
        chosen = CANON
    st.session_state[_WIDGET] = chosen
    _to_url()
    if not ids:
        return None, canon
    st.sidebar.selectbox(
        "Arc",
        [CANON, *ids],
        key=_WIDGET,
        format_func=lambda value: "Canon (no arc)" if value == CANON else titles.get(value, value),
        on_change=_to_url,
        help="A writer's what-if over canon: every page shows canon plus the arc's changes "
        "(the Arcs page lists and edits them). Only arcs revealed by your horizon are offered.",
    )
    if chosen == CANON:
        return None, canon
    layer = arc_layer(folder, canon.version, chosen)
    if layer.universe is None:  # offered with no horizon only
        st.warning(f"The arc {md(repr(chosen))} cannot be applied to canon as it is now; showing canon. Its problems:")
        errors = [p for p in layer.problems if p.is_error]
        st.code("\n".join(str(p) for p in errors) if errors else layer.message, language=None)  # verbatim
        return None, canon
    return chosen, layer.universe
