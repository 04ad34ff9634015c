"""The Survivors page: one lane per character across the story points, coloured by status with
the point each change happened (sortable by fate, filterable by group and status), who is in which
status at a chosen point, and how many were introduced, survive, turned or died point by point.
Never beyond the spoiler horizon."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from universe.queries.fates import SORTS, Fate, fate_counts, fates, lane_table, sorted_fates, starting_status
from universe.queries.groups import GROUP_KIND, memberships
from universe.queries.tables import status_events, survivors_table
from universe.story.snapshot import Snapshot
from universe.views import state
from universe.views.fatecharts import fates_spec, lanes_spec
from universe.views.markup import WIKI_PAGE, md
from universe.views.paging import page_of
from universe.views.versioncache import per_version

__all__ = ["render", "survivors_frame", "LANES_SHOWN"]

CHARACTER_KIND = "character"  # the default principal kind; a universe declares its own (principal_kinds)
LANES_SHOWN = 80  # lanes drawn at once (a long cast is narrowed with the filters)


def _points(snapshot: Snapshot) -> list[str]:
    """The points a viewer may pick: every point up to the horizon, in story order."""
    return [p.id for p in snapshot.timeline.points if p.is_seen_by(snapshot.horizon)]


@per_version(st.cache_data, max_entries=128, show_spinner=False)
def survivors_frame(key: tuple, point: str) -> pd.DataFrame:
    """Characters with their status at `point`, and their groups, by name."""
    snapshot = state.snapshot_of(key)
    frame = survivors_table(snapshot, point, kinds=snapshot.universe.principal)
    groups = memberships(snapshot, point, kind=GROUP_KIND)
    names = snapshot.entities
    frame["groups"] = [", ".join(names[g].name for g in groups.get(entity_id, ())) for entity_id in frame["id"]]
    frame["group_ids"] = [groups.get(entity_id, ()) for entity_id in frame["id"]]
    return frame


@per_version(st.cache_resource, max_entries=64, show_spinner=False)
def _fates(key: tuple) -> list[Fate]:
    """Every character's lane (shared: never mutate)."""
    return fates(state.snapshot_of(key), kinds=state.snapshot_of(key).universe.principal)


@per_version(st.cache_data, max_entries=64, show_spinner=False)
def _fate_counts(key: tuple) -> pd.DataFrame:
    return fate_counts(state.snapshot_of(key), kinds=state.snapshot_of(key).universe.principal)


@per_version(st.cache_data, max_entries=64, show_spinner=False)
def _events(key: tuple) -> pd.DataFrame:
    return status_events(state.snapshot_of(key), kinds=state.snapshot_of(key).universe.principal)


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
    statuses = list(snapshot.statuses)  # only those a viewer at the horizon has seen
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
    _lanes(view, shown, point)
    _fate_chart(view)
    st.subheader(f"Status at {md(state.point_label(snapshot.timeline, snapshot.timeline.find(point)))}")
    shown = page_of(shown, key="survivors.page", what="characters")
    event = st.dataframe(
        shown[["name", "status_label", "since", "groups", "evidence", "note"]],
        hide_index=True,
        width="stretch",
        height="content",  # every row of the page, notes included: no scrolling inside the table
        column_config={
            "name": st.column_config.TextColumn("Name"),
            "status_label": st.column_config.TextColumn("Status"),
            "since": st.column_config.TextColumn("Since"),
            "groups": st.column_config.TextColumn("Groups"),
            "evidence": st.column_config.TextColumn("Evidence"),
            "note": st.column_config.TextColumn("Note", width="large"),
        },
        key="survivors.table",
        on_select="rerun",
        selection_mode="single-row",
    )
    st.caption("Sort by any column; select a row to open that character's page.")
    if event.selection.rows:
        entity_id = shown["id"].iloc[event.selection.rows[0]]
        st.switch_page(WIKI_PAGE, query_params=state.link_query(entity=entity_id))
    _events_table(view)


def _titles(snapshot: Snapshot) -> dict[str, str]:
    return {p.id: state.point_label(snapshot.timeline, p) for p in snapshot.timeline.leaves}


def _lanes(view: state.ViewState, shown: pd.DataFrame, point: str) -> None:
    """One lane per character shown, in the order chosen (by fate unless the URL says otherwise)."""
    snapshot = view.snapshot
    st.subheader("Who is still alive, and when each one turned")
    state.seed_widget("sort", "survivors.sort", list(SORTS), "fate", what="order")
    by = st.segmented_control(
        "Order the lanes by", list(SORTS), key="survivors.sort", format_func=SORTS.get, required=True,
        on_change=state.sync_widget, args=("sort", "survivors.sort", "fate"),
    ) or "fate"
    wanted = set(shown["id"])
    found = sorted_fates([f for f in _fates(view.key) if f.entity.id in wanted], by)
    if not found:
        st.caption("No character with a status matches these filters.")
        return
    if len(found) > LANES_SHOWN:
        st.caption(f"The first {LANES_SHOWN:,} of {len(found):,} lanes in this order: filter by group or status "
                   "to see the others.")
        found = found[:LANES_SHOWN]
    st.vega_lite_chart(lanes_spec(view.universe, lane_table(snapshot, found), _titles(snapshot), at=point),
                       width="stretch", key="survivors.lanes")
    st.caption("Each lane starts where the character is first seen; a diamond marks the point their status "
               "changed (hover it for from what); the dashed line is the point the table below is at.")


def _fate_chart(view: state.ViewState) -> None:
    counts = _fate_counts(view.key)
    if not len(counts):
        return
    universe = view.universe
    statuses = universe.statuses
    start = starting_status(_fates(view.key))
    label = lambda s: statuses[s].label if s in statuses else s
    seen = {status for fate in _fates(view.key) for _, status in fate.track}
    dead = [label(s) for s in statuses if s in seen and statuses[s].terminal]
    turned = [label(s) for s in statuses if s in seen and s != start and not statuses[s].terminal]
    st.subheader("Introduced, surviving, turned and dead, point by point")
    st.vega_lite_chart(fates_spec(counts, _titles(view.snapshot), label(start) if start else None, turned, dead),
                       width="stretch", height=320, key="survivors.fates")
    st.caption("Each bar is everyone known by that point: those first seen there on top, then those seen "
               "before, by how they are doing.")


def _events_table(view: state.ViewState) -> None:
    universe = view.universe
    events = _events(view.key)
    st.subheader("Deaths and turnings")
    if events.empty:
        st.caption("No status has changed yet.")
        return
    labels = {s: universe.statuses[s].label for s in universe.statuses}
    table = events.assign(**{"from": events["from"].map(lambda s: labels.get(s, s)), "to": events["to"].map(lambda s: labels.get(s, s))})
    table = page_of(table, key="survivors.events.page", what="changes")
    st.dataframe(table[["point", "name", "from", "to", "evidence"]], hide_index=True, width="stretch", height="content",
                 key="survivors.events")


@per_version(st.cache_data, max_entries=128, show_spinner=False)
def _group_ids(key: tuple, point: str) -> list[str]:
    snapshot = state.snapshot_of(key)
    groups = memberships(snapshot, point, kind=GROUP_KIND)
    return sorted({g for ids in groups.values() for g in ids}, key=lambda g: snapshot.entities[g].name.casefold())
