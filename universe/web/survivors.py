"""The Survivors page: who is alive, infected, turned or dead at a chosen episode, and how the
numbers move episode by episode. Never beyond the spoiler horizon."""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from universe.queries.groups import GROUP_KIND, memberships
from universe.queries.tables import status_counts, status_events, survivors_table
from universe.story.snapshot import Snapshot
from universe.web import state
from universe.web.markup import WIKI_PAGE, md
from universe.web.paging import page_of

__all__ = ["render", "survivors_frame", "counts_chart_spec"]

_HEX = re.compile(r"#(?:[0-9a-fA-F]{3}){1,2}")
CHARACTER_KIND = "character"


def _points(snapshot: Snapshot) -> list[str]:
    """The points a viewer may pick: every point up to the horizon, in story order."""
    return [p.id for p in snapshot.timeline.points if p.is_seen_by(snapshot.horizon)]


@st.cache_data(max_entries=128, show_spinner=False)
def survivors_frame(key: tuple, point: str) -> pd.DataFrame:
    """Characters with their status at `point`, and their groups, by name."""
    snapshot = state.snapshot_of(key)
    frame = survivors_table(snapshot, point, kinds=(CHARACTER_KIND,))
    groups = memberships(snapshot, point, kind=GROUP_KIND)
    names = snapshot.entities
    frame["groups"] = [", ".join(names[g].name for g in groups.get(entity_id, ())) for entity_id in frame["id"]]
    frame["group_ids"] = [groups.get(entity_id, ()) for entity_id in frame["id"]]
    return frame


@st.cache_data(max_entries=64, show_spinner=False)
def _counts(key: tuple) -> pd.DataFrame:
    return status_counts(state.snapshot_of(key), kinds=(CHARACTER_KIND,))


@st.cache_data(max_entries=64, show_spinner=False)
def _events(key: tuple) -> pd.DataFrame:
    return status_events(state.snapshot_of(key), kinds=(CHARACTER_KIND,))


def counts_chart_spec(snapshot: Snapshot, counts: pd.DataFrame) -> dict:
    """A stacked bar chart (Vega-Lite) of how many characters are in each status, per episode."""
    statuses = snapshot.universe.statuses
    used = [s for s in counts.columns if counts[s].sum() > 0]
    values = [
        {"order": order, "point": point, "status": statuses[s].label if s in statuses else s, "count": int(counts.at[point, s])}
        for order, point in enumerate(counts.index)
        for s in used
        if counts.at[point, s]
    ]
    colours = [statuses[s].color if s in statuses and statuses[s].color and _HEX.fullmatch(statuses[s].color) else "#9e9e9e" for s in used]
    return {
        "data": {"values": values},
        "mark": {"type": "bar", "tooltip": True},
        "encoding": {
            "x": {"field": "point", "type": "ordinal", "sort": {"field": "order"}, "title": None, "axis": {"labelAngle": -45}},
            "y": {"field": "count", "type": "quantitative", "title": "characters", "stack": "zero"},
            "color": {"field": "status", "type": "nominal", "title": None,
                      "scale": {"domain": [statuses[s].label if s in statuses else s for s in used], "range": colours}},
            "order": {"field": "status"},
        },
    }


def render() -> None:
    view = state.current()
    snapshot, universe = view.snapshot, view.universe
    st.title("Survivors")
    st.caption(f"Character statuses, never beyond **{md(view.horizon_label)}**.")
    points = _points(snapshot)
    if not points:
        st.info("Nothing has happened yet at this point.")
        return
    horizon = snapshot.horizon.id if snapshot.horizon else points[-1]
    state.seed_widget("at", "survivors.at", points, horizon, what="story point")
    statuses = [s for s in universe.statuses]
    left, middle, right = st.columns([2, 2, 2])
    point = left.selectbox(
        "Status at", points, key="survivors.at",
        format_func=lambda p: state.point_label(snapshot.timeline, snapshot.timeline.find(p)),
        on_change=state.sync_widget, args=("at", "survivors.at", horizon),
    )
    frame = survivors_frame(view.key, point)
    state.seed_widget("status", "survivors.status", statuses, [], many=True, what="status")
    chosen = middle.multiselect(
        "Status", statuses, key="survivors.status", placeholder="any status", select_all=False,
        format_func=lambda s: universe.statuses[s].label,
        on_change=state.sync_widget, args=("status", "survivors.status", []),
    )
    group_ids = _group_ids(view.key, point)
    state.seed_widget("group", "survivors.group", group_ids, [], many=True, what="group")
    groups = right.multiselect(
        "Group", group_ids, key="survivors.group", placeholder="any group", select_all=False,
        format_func=lambda g: snapshot.entities[g].name,
        on_change=state.sync_widget, args=("group", "survivors.group", []),
    )
    shown = frame
    if chosen:
        shown = shown[shown["status"].isin(chosen)]
    if groups:
        wanted = set(groups)
        shown = shown[shown["group_ids"].map(lambda ids: bool(wanted & set(ids)))]
    st.metric("Characters shown", len(shown))
    shown = page_of(shown, key="survivors.page", what="characters")
    event = st.dataframe(
        shown[["name", "status_label", "since", "groups", "evidence", "note"]],
        hide_index=True,
        width="stretch",
        column_config={
            "name": st.column_config.TextColumn("Name"),
            "status_label": st.column_config.TextColumn("Status"),
            "since": st.column_config.TextColumn("Since"),
            "groups": st.column_config.TextColumn("Groups"),
            "evidence": st.column_config.TextColumn("Evidence"),
            "note": st.column_config.TextColumn("Note"),
        },
        key="survivors.table",
        on_select="rerun",
        selection_mode="single-row",
    )
    st.caption("Sort by any column; select a row to open that character's page.")
    if event.selection.rows:
        entity_id = shown["id"].iloc[event.selection.rows[0]]
        st.switch_page(WIKI_PAGE, query_params=state.link_query(entity=entity_id))

    counts = _counts(view.key)
    if len(counts):
        st.subheader("Episode by episode")
        st.vega_lite_chart(counts_chart_spec(snapshot, counts), width="stretch", height=320)
    events = _events(view.key)
    st.subheader("Deaths and turnings")
    if events.empty:
        st.caption("No status has changed yet.")
        return
    labels = {s: universe.statuses[s].label for s in universe.statuses}
    table = events.assign(**{"from": events["from"].map(lambda s: labels.get(s, s)), "to": events["to"].map(lambda s: labels.get(s, s))})
    table = page_of(table, key="survivors.events.page", what="changes")
    st.dataframe(table[["point", "name", "from", "to", "evidence"]], hide_index=True, width="stretch", key="survivors.events")


@st.cache_data(max_entries=128, show_spinner=False)
def _group_ids(key: tuple, point: str) -> list[str]:
    snapshot = state.snapshot_of(key)
    groups = memberships(snapshot, point, kind=GROUP_KIND)
    return sorted({g for ids in groups.values() for g in ids}, key=lambda g: snapshot.entities[g].name.casefold())
