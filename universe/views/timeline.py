"""The Timeline page: the episodes up to the horizon, what each one changes, step by step
(``?point=S1E4``)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from universe.queries.changes import Changes, changes_by_point, changes_table
from universe.views import state
from universe.views.changes import show_changes
from universe.views.markup import md
from universe.views.versioncache import per_version

__all__ = ["render"]


@per_version(st.cache_resource, max_entries=64, show_spinner=False)
def _changes(key: tuple) -> tuple[Changes, ...]:
    """The changes of every leaf up to the horizon (shared: never mutate)."""
    return tuple(changes_by_point(state.snapshot_of(key)))


SUMMARY = 400  # characters of "what happens" per episode in the table (a big universe has hundreds)


@per_version(st.cache_data, max_entries=64, show_spinner=False)
def _table(key: tuple) -> pd.DataFrame:
    table = changes_table(state.snapshot_of(key), list(_changes(key)))
    table["what happens"] = table["what happens"].map(_shortened)
    return table


def _shortened(text: str) -> str:
    """The first few changes of a long list, ending with "...": the episode's page has them all."""
    return text if len(text) <= SUMMARY else text[:SUMMARY].rsplit("; ", 1)[0] + "; ..."


def _step(points: list[str], offset: int) -> None:
    current = st.session_state.get("timeline.point", points[-1])
    index = points.index(current) if current in points else len(points) - 1
    value = points[max(0, min(len(points) - 1, index + offset))]
    st.session_state["timeline.point"] = value
    state.sync_widget("point", "timeline.point", points[-1])


def render() -> None:
    view = state.current()
    snapshot = view.snapshot
    timeline = snapshot.timeline
    st.title("Timeline")
    st.caption(f"The story up to **{md(view.horizon_label)}**, one episode at a time.")
    changes = _changes(view.key)
    if not changes:
        st.info("Nothing to show before the first episode.")
        return
    points = [c.point.id for c in changes]
    state.seed_widget("point", "timeline.point", points, points[-1], what="story point")
    previous, picker, following = st.columns([1, 4, 1], vertical_alignment="bottom")
    index = points.index(st.session_state["timeline.point"])
    previous.button("Previous", icon=":material/arrow_back:", key="timeline.previous", width="stretch",
                    disabled=index == 0, on_click=_step, args=(points, -1))
    following.button("Next", icon=":material/arrow_forward:", key="timeline.next", width="stretch",
                     disabled=index == len(points) - 1, on_click=_step, args=(points, 1))
    point = picker.selectbox(
        "Episode", points, key="timeline.point",
        format_func=lambda p: state.point_label(timeline, timeline.find(p)),
        on_change=state.sync_widget, args=("point", "timeline.point", points[-1]),
    )
    current = changes[points.index(point)]
    st.subheader(md(timeline.label(current.point)))
    if current.point.note:
        st.caption(md(current.point.note))
    if current.is_empty:
        st.caption("Nothing new here at this evidence level.")
    else:
        show_changes(snapshot, current, key="timeline")

    st.subheader("Every episode")
    table = _table(view.key)
    st.dataframe(table.drop(columns="point"), hide_index=True, width="stretch", key="timeline.table")
