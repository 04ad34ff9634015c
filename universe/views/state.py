"""The shared view state: which universe, spoiler horizon and evidence level every page shows.

The three global controls live in the sidebar and in the URL (``?universe=...&as_of=S1E3&evidence=
canon``), so every view is a link someone can share. The URL wins; when a page change drops the
parameters, the session's last values come back (the horizon a viewer chose never silently
widens). A bad value in the URL gives a warning and the default, never a crash.

Nothing is spoiled by default: a first visit starts at the earliest story point and is asked how
far the viewer has watched; an unreadable horizon in a link falls back to the earliest point,
never to everything, and the horizon is always in the URL, so every link carries it.

Loaded universes and snapshots are cached for every session (``st.cache_resource``): never mutate
what these functions return.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from universe.errors import InvalidUniverseId, StoryPointNotFound, UniverseError
from universe.storage.store import BUNDLED, data_dir, list_universes, universe_path
from universe.story.evidence import Evidence
from universe.story.snapshot import Snapshot, Universe
from universe.story.timeline import StoryPoint, Timeline
from universe.views.arcchoice import arc_layer, choose_arc, forget_arc
from universe.views.loading import EVERYTHING, Loaded, load
from universe.views.text import md
from universe.views.versioncache import per_version

__all__ = [
    "ViewState",
    "Loaded",
    "EVIDENCE_CHOICES",
    "EVERYTHING",
    "GLOBAL_PARAMS",
    "current",
    "frame",
    "load",
    "snapshot_of",
    "link_query",
    "entity_param",
    "point_label",
    "earliest_point",
    "seed_widget",
    "sync_widget",
]

#: The query parameters every page shares.
GLOBAL_PARAMS = ("universe", "as_of", "evidence", "arc")
#: The horizon value meaning "no horizon: the whole story".
#: How each minimum evidence level reads in the sidebar.
EVIDENCE_CHOICES = {
    Evidence.CANON: "Canon only",
    Evidence.OFFICIAL: "Up to official announcements",
    Evidence.REPORTED: "Up to press reports",
    Evidence.TEASED: "Including teasers",
    Evidence.SPECULATION: "Including speculation",
    Evidence.FAN_THEORY: "Everything, fan theories too",
}
DEFAULT_EVIDENCE = Evidence.FAN_THEORY
_VIEW = "state.view"
_ASKED = "state.as_of.asked"  # the viewer said how far they have watched (or a link did)
_WELCOME = "state.welcome"


@dataclass(frozen=True)
class ViewState:
    """What the viewer chose: the universe (canon, or canon plus the arc `arc`), the horizon and
    the evidence, and the snapshot."""

    universe: Universe
    snapshot: Snapshot
    horizon: StoryPoint | None
    min_evidence: Evidence
    universe_id: str
    folder: str
    arc: str | None = None

    @property
    def key(self) -> tuple[str, str, str, str, str]:
        """A hashable cache key: folder, universe version, horizon id, evidence level, arc id."""
        return (self.folder, self.universe.version, self.horizon.id if self.horizon else EVERYTHING, self.min_evidence.value, self.arc or "")

    @property
    def horizon_id(self) -> str:
        return self.horizon.id if self.horizon else EVERYTHING

    @property
    def horizon_label(self) -> str:
        return point_label(self.universe.timeline, self.horizon)


# -- loading (shared by every session) --------------------------------------------------------


@per_version(st.cache_resource, max_entries=64, show_spinner=False)
def _snapshot(folder: str, version: str, horizon: str, evidence: str, arc: str = "") -> Snapshot:
    universe = load(folder).universe
    if arc and universe is not None:
        universe = arc_layer(folder, universe.version, arc).universe
    if universe is None or universe.version != version:
        raise UniverseError(f"{folder}: the universe changed while loading; reload the page")
    return universe.as_of(None if horizon == EVERYTHING else horizon, evidence)


def snapshot_of(key: tuple) -> Snapshot:
    """The shared snapshot for a ViewState.key (for cached view helpers keyed by it)."""
    return _snapshot(*key)


# -- the controls -----------------------------------------------------------------------------


def point_label(timeline: Timeline, point: StoryPoint | None) -> str:
    """``Season 1 · Episode 3``; a point with episodes reads ``Season 1 (all of it)``."""
    if point is None:
        return "Everything (no spoiler limit)"
    label = timeline.label(point)
    return f"{label} (all of it)" if timeline.children(point) else label


def _param(name: str) -> str | None:
    value = st.query_params.get(name)
    return None if value is None or value == "" else str(value)


def _remembered(widget: str, default: str) -> str:
    """The session's value of a sidebar control: the widget's, else the copy kept beside it
    (Streamlit drops a widget's state on a page that does not draw it: the Import page)."""
    return st.session_state.get(widget, st.session_state.get(f"{widget}.kept", default))


def _settle(name: str, widget: str, value: str, default: str) -> None:
    """Make the widget show `value` and the URL carry it (nothing when it is the default)."""
    st.session_state[widget] = value
    if value == default:
        if name in st.query_params:
            del st.query_params[name]
    elif st.query_params.get(name) != value:
        st.query_params[name] = value


def _to_url(name: str, widget: str, default: str) -> None:
    value = st.session_state[widget]
    if value == default:
        st.query_params.pop(name, None)
    else:
        st.query_params[name] = value


def _universe_changed() -> None:
    _to_url("universe", "state.universe", st.session_state.get("state.universe_default", BUNDLED))
    # a horizon, an entity or a graph focus of another universe means nothing here
    for name in ("as_of", "entity", "from", "to", "point", "focus"):
        st.query_params.pop(name, None)
    st.session_state.pop("state.as_of", None)
    st.session_state.pop("state.as_of.kept", None)
    st.session_state.pop(_ASKED, None)  # another story: ask again how far the viewer has watched
    forget_arc()


def _choose_universe(root: Path) -> tuple[str, str]:
    """The universe id and folder the viewer chose (widget, URL, default)."""
    ids = list_universes(root)
    if not ids:
        st.error(f"No universe found under {md(root)}: each universe is a folder with a universe.yaml.")
        st.stop()
    opened = os.environ.get("UNIVERSE_OPEN")  # `universe serve PATH`, `make run UNIVERSE=PATH`
    default = opened if opened in ids else BUNDLED if BUNDLED in ids else ids[0]
    st.session_state["state.universe_default"] = default
    wanted = _param("universe")
    chosen = _remembered("state.universe", default)
    if wanted is not None:
        try:
            universe_path(wanted, root)
        except InvalidUniverseId:
            st.warning(f"Refused the universe {md(repr(wanted))} from the link: a universe id is a slug such as {md(repr(default))}.")
        else:
            if wanted in ids:
                chosen = wanted
            else:
                st.warning(f"There is no universe {md(repr(wanted))}; showing {md(repr(default))} instead.")
    if chosen not in ids:
        chosen = default
    _settle("universe", "state.universe", chosen, default)
    st.session_state["state.universe.kept"] = chosen
    st.sidebar.selectbox(
        "Universe",
        ids,
        key="state.universe",
        on_change=_universe_changed,
        help="Every folder under the data directory with a universe.yaml.",
    )
    return chosen, str(universe_path(chosen, root))


def earliest_point(timeline: Timeline) -> str:
    """The horizon a viewer starts at, and falls back to: the first episode (everything for a
    universe with no story points, where nothing can be hidden)."""
    first = timeline.first
    return first.id if first is not None else EVERYTHING


def _horizon_chosen() -> None:
    """on_change of the sidebar's horizon: the viewer has said how far they have watched."""
    st.session_state[_ASKED] = True
    st.query_params["as_of"] = st.session_state["state.as_of"]


def _welcome_chosen() -> None:
    """The first visit's question was answered: that is the horizon from now on."""
    st.session_state["state.as_of"] = st.session_state[_WELCOME]
    _horizon_chosen()


def _ask_horizon(timeline: Timeline, options: list[str], label) -> None:
    """A first visit (no horizon in the link, none chosen yet): ask how far the viewer has
    watched. Until they answer, every page stops at the first episode."""
    start = earliest_point(timeline)
    with st.container(border=True):
        st.markdown("**How far have you watched?** Nothing after that point will appear on any page.")
        st.caption(f"Until you choose, every page stops at {md(label(start))}. "
                   "The choice stays for this visit and travels in every link.")
        left, right = st.columns([3, 1], vertical_alignment="bottom")
        left.selectbox("I have watched up to...", options, index=options.index(start), key=_WELCOME,
                       format_func=label)
        right.button("Show me", key=f"{_WELCOME}.go", type="primary", on_click=_welcome_chosen)


def _choose_horizon(timeline: Timeline) -> StoryPoint | None:
    """The sidebar's spoiler horizon. A first visit starts at the earliest point and is asked
    how far the viewer has watched; a link's unreadable horizon warns and falls back to the
    earliest point, never to everything. The choice is kept in the session and the URL."""
    options = [*(p.id for p in timeline.points), EVERYTHING]
    start = earliest_point(timeline)
    wanted = _param("as_of")
    chosen = _remembered("state.as_of", start)
    if wanted is not None:
        try:
            point = timeline.parse_horizon(wanted)
        except StoryPointNotFound:
            label = point_label(timeline, timeline.find(start) if start != EVERYTHING else None)
            st.warning(f"Unknown story point {md(repr(wanted))} in the link; showing {md(label)} instead.")
            chosen = start
        else:
            if "state.as_of" not in st.session_state or st.session_state["state.as_of"] != (point.id if point else EVERYTHING):
                st.session_state[_ASKED] = True  # a link's horizon (the URL also carries the one we wrote)
            chosen = point.id if point else EVERYTHING
    if chosen not in options:
        chosen = start
    st.session_state["state.as_of"] = st.session_state["state.as_of.kept"] = chosen
    if st.query_params.get("as_of") != chosen:
        st.query_params["as_of"] = chosen  # always in the link: a shared link never widens

    def label(value: str) -> str:
        return point_label(timeline, timeline.find(value) if value != EVERYTHING else None)

    st.sidebar.selectbox(
        "I have watched up to...",
        options,
        key="state.as_of",
        format_func=label,
        on_change=_horizon_chosen,
        help="The spoiler horizon: nothing revealed after this point appears anywhere.",
    )
    if not st.session_state.get(_ASKED):
        _ask_horizon(timeline, options, label)
    return timeline.parse_horizon(st.session_state["state.as_of"])


def _choose_evidence() -> Evidence:
    options = [e.value for e in EVIDENCE_CHOICES]
    wanted = _param("evidence")
    chosen = _remembered("state.evidence", DEFAULT_EVIDENCE.value)
    if wanted is not None:
        try:
            chosen = Evidence.parse(wanted).value
        except UniverseError:
            st.warning(f"Unknown evidence level {md(repr(wanted))} in the link (known: {md(', '.join(options))}); showing everything.")
            chosen = DEFAULT_EVIDENCE.value
    if chosen not in options:
        chosen = DEFAULT_EVIDENCE.value
    _settle("evidence", "state.evidence", chosen, DEFAULT_EVIDENCE.value)
    st.session_state["state.evidence.kept"] = chosen
    st.sidebar.selectbox(
        "Evidence",
        options,
        key="state.evidence",
        format_func=lambda value: EVIDENCE_CHOICES[Evidence(value)],
        on_change=_to_url,
        args=("evidence", "state.evidence", DEFAULT_EVIDENCE.value),
        help="Canon is what the story shows; weaker levels add announcements, press reports, "
        "teasers, speculation and fan theories, each marked with a badge.",
    )
    return Evidence(st.session_state["state.evidence"])


def _stop_with(loaded: Loaded, folder: str) -> None:
    errors = [p for p in loaded.problems if p.is_error]
    if errors:
        st.error(f"This universe cannot be shown: {len(errors)} error{'s' if len(errors) != 1 else ''} in its files. Fix them and reload.")
        st.code("\n".join(str(p) for p in errors), language=None)  # verbatim: messages quote the data
    else:
        st.error("This universe cannot be shown.")
        st.code(loaded.message or f"{folder}: cannot load this universe.", language=None)
    st.caption("Run `universe check` on the folder for the full list, warnings included.")
    st.stop()


def frame() -> ViewState:
    """Draw the global sidebar controls, load the chosen universe (or stop with its errors)
    and remember the view state for this run. The app's frame calls it once per run."""
    root = data_dir()
    universe_id, folder = _choose_universe(root)
    loaded = load(folder)
    if loaded.universe is None:
        _stop_with(loaded, folder)
    universe = loaded.universe
    horizon = _choose_horizon(universe.timeline)
    evidence = _choose_evidence()
    arc, universe = choose_arc(folder, universe, horizon)
    view = ViewState(
        universe=universe,
        snapshot=_snapshot(folder, universe.version, horizon.id if horizon else EVERYTHING, evidence.value, arc or ""),
        horizon=horizon,
        min_evidence=evidence,
        universe_id=universe_id,
        folder=folder,
        arc=arc,
    )
    st.session_state[_VIEW] = view
    return view


def current() -> ViewState:
    """The view state of this run (drawn by the frame; drawn here when a page runs alone)."""
    view = st.session_state.get(_VIEW)
    return view if isinstance(view, ViewState) else frame()


def link_query(**params: "str | None") -> dict[str, str]:
    """Query parameters for a link to another page: the global ones in force plus `params`
    (None drops one). For ``st.page_link(..., query_params=...)`` and ``st.switch_page``."""
    query = {name: str(st.query_params[name]) for name in GLOBAL_PARAMS if name in st.query_params}
    for name, value in params.items():
        if value is None:
            query.pop(name, None)
        else:
            query[name] = str(value)
    return query


def entity_param() -> str | None:
    """The ``entity`` query parameter (an entity id), or None."""
    return _param("entity")


def _encode(value: object) -> str:
    return ",".join(map(str, value)) if isinstance(value, (list, tuple)) else str(value)


def seed_widget(name: str, widget: str, valid: "list[str] | tuple[str, ...]", default: "str | list[str]",
                *, many: bool = False, what: str = "value") -> None:
    """Before drawing a page's widget: take its value from the URL parameter `name` when it is
    one of `valid` (a comma-separated list of them with `many`), else keep the session's value or
    the default; warn about a bad value. Pair the widget with ``on_change=sync_widget``."""
    raw = _param(name)
    if raw is not None:
        values = [v for v in raw.split(",") if v] if many else [raw]
        bad = [v for v in values if v not in valid]
        if bad:
            st.warning(f"Ignored the unknown {what} {md(repr(bad[0]))} in the link.")
        else:
            st.session_state[widget] = values if many else values[0]
    current = st.session_state.get(widget, default)
    if many:
        current = [v for v in current if v in valid] if isinstance(current, list) else list(default)
    elif current not in valid:
        current = default
    st.session_state[widget] = current
    if _encode(current) == _encode(default):
        st.query_params.pop(name, None)
    elif st.query_params.get(name) != _encode(current):
        st.query_params[name] = _encode(current)


def sync_widget(name: str, widget: str, default: "str | list[str]") -> None:
    """on_change callback: copy the widget's value into the URL parameter `name`."""
    value = st.session_state.get(widget)
    if value is None or _encode(value) == _encode(default):
        st.query_params.pop(name, None)
    else:
        st.query_params[name] = _encode(value)
