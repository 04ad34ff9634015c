"""The Graph page's state beyond its widgets: the choices kept when the page is left, the kinds
it opens on, and the playback toggle."""

from __future__ import annotations

import streamlit as st

from universe.queries.selection import default_kinds
from universe.views import graphs, state
from universe.views.text import md
from universe.views.versioncache import per_version

__all__ = ["KEPT", "ALL_KINDS", "keep", "restore", "default_kinds_of", "kinds", "play_toggle"]

ALL_KINDS = "all"  # the kinds parameter for every kind (no parameter: the default kinds)
FLAGS = ("holding", "isolated", "coappear")
#: The page's own parameters and their widgets, kept for the session when the page is left.
KEPT = {"focus": "graph.focus", "depth": "graph.depth", "colour": "graph.colour", "size": "graph.size",
        "kinds": "graph.kinds", "relations": "graph.relations", "statuses": "graph.statuses",
        "levels": "graph.levels", "holding": "graph.holding", "isolated": "graph.isolated",
        "coappear": "graph.coappear"}
_KEPT = "graph.kept"


def keep(universe_id: str) -> None:
    """Remember the page's choices for this session (after its widgets are drawn)."""
    st.session_state[_KEPT] = (universe_id, {widget: st.session_state.get(widget) for widget in KEPT.values()})


def restore(universe_id: str) -> None:
    """Coming back to the page: each choice the URL does not make is the one last made here
    (Streamlit forgets the widgets of a page once another page runs)."""
    kept = st.session_state.get(_KEPT)
    if not kept or kept[0] != universe_id:
        return
    for name, widget in KEPT.items():
        if name not in st.query_params and widget not in st.session_state and kept[1].get(widget) is not None:
            st.session_state[widget] = kept[1][widget]
            if name in FLAGS and kept[1][widget]:
                st.query_params[name] = "1"


@per_version(st.cache_resource, max_entries=16, show_spinner=False)
def default_kinds_of(key: tuple) -> tuple[str, ...]:
    """The kinds the page opens on, in vocabulary order (shared: never mutate)."""
    found = default_kinds(graphs.graph(key), state.snapshot_of(key).universe.principal)
    return tuple(kind for kind in state.snapshot_of(key).universe.kinds if kind in found)


def kinds(column, universe, default: tuple[str, ...]) -> list[str]:
    """The kinds filter: the URL's list, ``all`` for every kind, or else the default kinds."""
    widget, options = "graph.kinds", list(universe.kinds)
    raw = st.query_params.get("kinds")
    if raw == ALL_KINDS:
        st.session_state[widget] = []
    elif raw:
        values = [v for v in str(raw).split(",") if v]
        bad = [v for v in values if v not in options]
        if bad:
            st.warning(f"Ignored the unknown kind {md(repr(bad[0]))} in the link.")
        else:
            st.session_state[widget] = values
    current = st.session_state.get(widget, list(default))
    st.session_state[widget] = [v for v in current if v in options] if isinstance(current, list) else list(default)
    _sync_kinds(default)
    return column.multiselect(
        "Kinds", options, key=widget, format_func=lambda k: universe.kinds[k].plural, placeholder="all kinds", select_all=False,
        on_change=_sync_kinds, args=(default,),
        help="The graph opens on the cast (the universe's principal kinds) and their groups. Empty: every kind.",
    )


def _sync_kinds(default: tuple[str, ...]) -> None:
    value = st.session_state.get("graph.kinds") or []
    wanted = None if list(value) == list(default) else ",".join(value) if value else ALL_KINDS
    if wanted is None:
        st.query_params.pop("kinds", None)
    elif st.query_params.get("kinds") != wanted:
        st.query_params["kinds"] = wanted


def play_toggle(view: state.ViewState) -> str | None:
    """The playback toggle (``play=<point>`` in the URL): the point it starts at, or None."""
    first = view.universe.timeline.first
    wanted = st.query_params.get("play")
    st.session_state["graph.play"] = bool(wanted)
    st.toggle(
        "Play the story", key="graph.play", on_change=_sync_play, args=(first.id if first else "",),
        help="Step through the story points up to your horizon on this layout: entities and relations "
        "appear, statuses change, ended relations fade. A link with play=<point> starts there.",
    )
    return str(wanted) if wanted else None


def _sync_play(first: str) -> None:
    if st.session_state.get("graph.play") and first:
        st.query_params["play"] = first
    else:
        st.query_params.pop("play", None)


