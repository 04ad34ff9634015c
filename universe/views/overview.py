"""The Overview page: what the universe is, what a viewer knows at the horizon, what just changed,
and the real-world facts with their evidence and sources."""

from __future__ import annotations

import streamlit as st

from universe.queries.changes import Changes, changes_at, latest_changes
from universe.queries.summary import ClaimGroup, claim_groups, counts, main_characters
from universe.story.snapshot import Snapshot
from universe.views import state
from universe.views.changes import show_changes
from universe.views.markup import WIKI_PAGE, entity_link, evidence_badge, md, source_names, status_badge
from universe.views.versioncache import per_version

__all__ = ["render", "PLOT_KIND", "CHARACTER_KIND"]

CHARACTER_KIND = "character"
PLOT_KIND = "plot"
PLOTS_SHOWN = 12  # the rest are one click away, in the wiki's index


@per_version(st.cache_resource, max_entries=64, show_spinner=False)
def _summary(key: tuple) -> tuple:
    snapshot = state.snapshot_of(key)
    plots = snapshot.of_kind(PLOT_KIND)
    return (counts(snapshot), main_characters(snapshot, limit=8, kind=snapshot.universe.principal), claim_groups(snapshot),
            plots[:PLOTS_SHOWN], len(plots))


@per_version(st.cache_resource, max_entries=64, show_spinner=False)
def _latest_changes(key: tuple) -> Changes | None:
    """The changes of the horizon's episode (its last episode for a season; for no horizon,
    the last episode where anything changed)."""
    snapshot = state.snapshot_of(key)
    horizon = snapshot.horizon
    if horizon is not None:
        return changes_at(snapshot, snapshot.timeline.leaves[horizon.end])
    return latest_changes(snapshot)


def render() -> None:
    view = state.current()
    snapshot = view.snapshot
    universe = view.universe
    number, main, claims, plots, plot_count = _summary(view.key)

    st.title(md(universe.title))
    if universe.description:
        st.markdown(md(universe.description))
    st.caption(
        f"What a viewer knows after **{md(view.horizon_label)}**, counting "
        f"{md(state.EVIDENCE_CHOICES[view.min_evidence].lower())}. Change both in the sidebar."
    )
    if number:
        columns = st.columns(min(len(number), 6))
        for index, (_, label, count) in enumerate(number):
            columns[index % len(columns)].metric(md(label), count)

    st.subheader("Main characters")
    if main:
        columns = st.columns(4)
        for index, (entity, relations) in enumerate(main):
            with columns[index % 4].container(border=True):
                entity_link(entity)
                status = snapshot.status_at(entity.id) if entity.status else None
                st.markdown(f"{status_badge(universe, status)} {relations} relations".strip())
    else:
        st.caption("No characters yet at this point.")

    if plots:
        st.subheader(md(universe.kinds[PLOT_KIND].plural) if PLOT_KIND in universe.kinds else "Plot threads")
        for entity in plots:
            left, right = st.columns([2, 5])
            with left:
                entity_link(entity)
            note = md(entity.text) if entity.text else ""
            if entity.evidence.value != "canon":
                note = f"{evidence_badge(entity.evidence)} {note}"
            right.markdown(note or " ")
        if plot_count > len(plots):
            st.page_link(WIKI_PAGE, label=f"All {plot_count} in the wiki", query_params=state.link_query(), icon=":material/list:")

    _show_latest(view, snapshot)
    _show_claims(snapshot, claims)


def _show_latest(view: state.ViewState, snapshot: Snapshot) -> None:
    changes = _latest_changes(view.key)
    if changes is None:
        return
    st.subheader(f"What changed in {md(snapshot.timeline.label(changes.point))}")
    if changes.is_empty:
        st.caption("Nothing new for the chosen evidence level.")
        return
    show_changes(snapshot, changes)


def _show_claims(snapshot: Snapshot, groups: list[ClaimGroup]) -> None:
    st.subheader("Real-world facts")
    if not groups:
        st.caption("No real-world claims at this evidence level.")
        return
    st.caption("Claims about the production, with how sure they are and where they come from. "
               "Conflicting claims stand side by side, the preferred one first.")
    for group in groups:
        title = f"**{md(group.subject.name)}: {md(group.relation.label)}**"
        if group.is_disputed:
            title += " :orange-badge[disputed]"
        st.markdown(title)
        statements = group.statements[:4]
        columns = st.columns(len(statements)) if len(statements) > 1 else [st.container()]
        for column, statement in zip(columns, statements):
            with column.container(border=True):
                what = statement.value if statement.object is None else snapshot.entities[statement.object].name
                st.markdown(md(what))
                badges = [evidence_badge(statement.evidence)]
                if statement.rank.value != "normal":
                    badges.append(f":gray-badge[{statement.rank.value}]")
                if statement.date:
                    badges.append(md(statement.date))
                st.markdown(" ".join(badges))
                sources = source_names(snapshot, statement.sources)
                if sources:
                    st.caption("Sources: " + md("; ".join(sources)))
                if statement.note:
                    st.caption(md(statement.note))
        if len(group.statements) > 4:
            st.caption(f"... and {len(group.statements) - 4} more claims.")
