"""The Wiki page: search and an index by kind, or one entity's page (``?entity=<id>``).

An unknown id and an entity beyond the horizon read the same ("no page"), so a URL never tells
whether something exists later in the story.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from universe.errors import EntityNotFound
from universe.queries.changes import statement_sentence
from universe.queries.citations import Citations, citations
from universe.queries.places import containers, contents, visitors
from universe.queries.profile import Link, Profile, profile, span_text
from universe.queries.sections import Entry
from universe.queries.summary import counts
from universe.story.snapshot import Snapshot
from universe.views import state
from universe.views.editor import show_editor
from universe.views.infobox import show_infobox
from universe.views.markup import WIKI_PAGE, entity_link, evidence_badge, md, source_names, status_badge
from universe.views.neighbourhood import show_neighbourhood
from universe.views.paging import page_of
from universe.views.versioncache import per_version
from universe.writing.arcs import ARCS_FOLDER

__all__ = ["render", "index_table"]

SOURCE_KIND = "source"
TOP_ENTRIES = 12  # entities of one relation family listed before "show the other N"
LINKS_SHOWN = 60  # entities of one family listed on demand (each row is a few elements to draw)


@per_version(st.cache_resource, max_entries=256, show_spinner=False)
def _profile(key: tuple, entity_id: str) -> Profile:
    return profile(state.snapshot_of(key), entity_id)


@per_version(st.cache_resource, max_entries=256, show_spinner=False)
def _places(key: tuple, entity_id: str) -> tuple:
    snapshot = state.snapshot_of(key)
    return tuple(containers(snapshot, entity_id)), tuple(contents(snapshot, entity_id)), tuple(visitors(snapshot, entity_id))


@per_version(st.cache_resource, max_entries=128, show_spinner=False)
def _citations(key: tuple, entity_id: str) -> Citations:
    return citations(state.snapshot_of(key), entity_id)


@per_version(st.cache_data, max_entries=64, show_spinner=False)
def index_table(key: tuple, kind: str) -> pd.DataFrame:
    """The entities of one kind as a table: name, aliases, status, id (by name)."""
    snapshot = state.snapshot_of(key)
    statuses = snapshot.universe.statuses
    rows = []
    for entity in snapshot.of_kind(kind):
        status = snapshot.status_at(entity.id) if entity.status else None
        rows.append({
            "name": entity.name,
            "also known as": "; ".join(a.name for a in entity.aliases),
            "status": statuses[status].label if status in statuses else (status or ""),
            "id": entity.id,
        })
    frame = pd.DataFrame(rows, columns=["name", "also known as", "status", "id"])
    if not frame["status"].any():
        frame = frame.drop(columns="status")
    return frame


def render() -> None:
    view = state.current()
    entity_id = state.entity_param()
    if entity_id is None:
        st.title("Wiki")
        st.caption(f"Everything a viewer knows after **{md(view.horizon_label)}**.")
        _search(view.snapshot)
        _index(view)
        return
    try:
        page = _profile(view.key, entity_id)
    except EntityNotFound:
        st.title("Not found")
        st.warning(f"There is no page {md(entity_id)!s} at this point of the story. Search for it instead:")
        _search(view.snapshot, default=entity_id.replace("-", " "))
        st.page_link(WIKI_PAGE, label="All pages", query_params=state.link_query(), icon=":material/list:")
        return
    _entity_page(view, page)


# -- search and index -------------------------------------------------------------------------


@st.fragment
def _search(snapshot: Snapshot, default: str = "") -> None:
    """The search box, its results offered as you type (a pause reruns only this fragment)."""
    if "wiki.search" not in st.session_state:  # a shared link's ?q=, else the missing page's id
        st.session_state["wiki.search"] = str(st.query_params.get("q") or default)
    query = st.text_input("Search by name or alias", key="wiki.search", max_chars=200, live=True,
                          placeholder="a name, a nickname, even misspelt", icon=":material/search:",
                          on_change=state.sync_widget, args=("q", "wiki.search", ""))
    if not query or not query.strip():
        return
    matches = snapshot.search(query, limit=10)
    if not matches:
        st.info("Nothing visible at this point matches that name.")
        return
    kinds = snapshot.universe.kinds
    for match in matches:
        left, right = st.columns([2, 3], vertical_alignment="center")
        with left:
            entity_link(match.entity)
        kind = kinds.get(match.entity.kind)
        note = md(kind.label if kind else match.entity.kind)
        if match.matched != match.entity.name:
            note += f" · matched {md(match.matched)}"
        right.caption(note)


def _index(view: state.ViewState) -> None:
    st.subheader("All pages")
    kinds = [(kind, label, count) for kind, label, count in _kind_counts(view.key)]
    if not kinds:
        st.caption("Nothing is visible yet at this point.")
        return
    tabs = st.tabs([f"{md(label)} ({count})" for _, label, count in kinds])  # a tab label is Markdown
    for tab, (kind, _, _) in zip(tabs, kinds):
        widget = f"wiki.index.{kind}"
        frame = page_of(index_table(view.key, kind), key=f"{widget}.page", container=tab, what="pages")
        event = tab.dataframe(
            frame.drop(columns="id"),
            hide_index=True,
            width="stretch",
            height=min(40 + 35 * len(frame), 560),
            key=widget,
            on_select="rerun",
            selection_mode="single-row",
        )
        if event.selection.rows:
            st.query_params["entity"] = frame["id"].iloc[event.selection.rows[0]]
            st.rerun()
    st.caption("Select a row to open its page.")


@per_version(st.cache_resource, max_entries=64, show_spinner=False)
def _kind_counts(key: tuple) -> list:
    return counts(state.snapshot_of(key))


# -- an entity's page -------------------------------------------------------------------------


def _entity_page(view: state.ViewState, page: Profile) -> None:
    snapshot, universe, entity = view.snapshot, view.universe, page.entity
    st.page_link(WIKI_PAGE, label="Wiki", query_params=state.link_query(), icon=":material/arrow_back:")
    st.title(md(entity.name))
    badges = [f":blue-badge[{md(page.kind_label)}]"]
    if page.status is not None:
        badges.append(status_badge(universe, page.status.status))
    if entity.evidence.value != "canon":
        badges.append(evidence_badge(entity.evidence))
    st.markdown(" ".join(badges) + f" as of {md(view.horizon_label)}")
    show_editor(view, entity.id)  # canon editing (none in a read-only deployment)
    if entity.text:
        st.markdown(md(entity.text))
    main, side = st.columns([2, 1], gap="large")
    with side:
        show_infobox(view, page)
    with main:
        _relations(snapshot, page)
        _claims(snapshot, page)
        _place(view, entity.id)
        if entity.kind == SOURCE_KIND:
            _cited_by(view, entity.id)
        _backlinks(page)
        show_neighbourhood(view, entity.id)


def _link_line(snapshot: Snapshot, link: Link) -> str:
    """One relation with the other entity, as a line: ``friend of · from S1E1`` and its badges."""
    details = [f"**{md(link.label)}**", evidence_badge(link.evidence)]
    if ARCS_FOLDER in Path(link.statement.origin).parts:  # an arc's, not canon's
        details.append(":violet-badge[arc]")
    if link.span != "always":
        details.append(md(link.span))
    if not link.holds:
        details.append(":gray-badge[no longer]")
    if link.statement.note:
        details.append(md(link.statement.note))
    sources = source_names(snapshot, link.statement.sources)
    if sources:
        details.append(":small[Sources: " + md("; ".join(sources)) + "]")
    return " ".join(details)


def _entry(snapshot: Snapshot, entry: Entry) -> None:
    """One other entity, once, with every relation between the two."""
    left, right = st.columns([2, 3])
    with left:
        entity_link(entry.other)
    right.markdown("  \n".join(_link_line(snapshot, link) for link in entry.links))


def _relations(snapshot: Snapshot, page: Profile) -> None:
    """Relations by family (the universe's own), each entity once with all its relations. A
    family with many entries shows its counts by relation and the top `TOP_ENTRIES`; the rest
    on demand (a hub of an imported network has hundreds)."""
    if not page.families:
        return
    st.subheader("Relations")
    for family in page.families:
        total = len(family.entries)
        st.markdown(f"#### {md(family.label)} · {total:,}")
        if total > TOP_ENTRIES:
            st.caption(" · ".join(f"{md(label)} {count:,}" for label, count in family.counts))
        for entry in family.entries[:TOP_ENTRIES]:
            _entry(snapshot, entry)
        rest = family.entries[TOP_ENTRIES:]
        if rest and st.toggle(f"Show the other {len(rest):,}", key=f"wiki.more.{page.entity.id}.{family.id}"):
            for entry in rest[:LINKS_SHOWN]:
                _entry(snapshot, entry)
            if len(rest) > LINKS_SHOWN:
                st.caption(f"... and {len(rest) - LINKS_SHOWN:,} more; the Graph page, focused here, shows them all.")


def _claims(snapshot: Snapshot, page: Profile) -> None:
    if not page.claims:
        return
    st.subheader("Real-world facts")
    relations = snapshot.universe.relations
    for statement in page.claims:
        badges = [evidence_badge(statement.evidence)]
        if statement.rank.value != "normal":
            badges.append(f":gray-badge[{statement.rank.value}]")
        date = f" ({md(statement.date)})" if statement.date else ""
        st.markdown(f"**{md(relations[statement.relation].label)}**: {md(statement.value)}{date} " + " ".join(badges))
        notes = [statement.note] if statement.note else []
        sources = source_names(snapshot, statement.sources)
        if sources:
            notes.append("Sources: " + "; ".join(sources))
        if notes:
            st.caption(md(" · ".join(notes)))


def _place(view: state.ViewState, entity_id: str) -> None:
    outer, inner, visits = _places(view.key, entity_id)
    if not (inner or visits):
        return
    if outer:
        st.caption("Inside " + md(" › ".join(e.name for e in outer)))
    if inner:
        st.subheader("Contains")
        for entity, depth in inner[:200]:
            with st.container(horizontal=True):
                st.markdown("  " * (depth - 1) + ("↳" if depth > 1 else "·"))
                entity_link(entity)
    if visits:
        st.subheader("Who was here")
        for visit in visits[:200]:
            left, right = st.columns([2, 3])
            with left:
                entity_link(visit.entity)
            where = "" if visit.place.id == entity_id else f" {md(visit.place.name)}"
            span = span_text(visit.statement.span, view.horizon)
            right.markdown(f"{md(visit.label)}{where} · {md(span)} {evidence_badge(visit.statement.evidence)}")


def _cited_by(view: state.ViewState, entity_id: str) -> None:
    cited = _citations(view.key, entity_id)
    st.subheader("What cites this source")
    if not len(cited):
        st.caption("Nothing visible at this point cites it.")
        return
    lines = [f"- {md(e.name)}" + (f": “{md(ref.quote)}”" if ref.quote else "") for e, ref in cited.entities]
    lines += [f"- {md(statement_sentence(view.snapshot, s))} {evidence_badge(s.evidence)}" for s, _ in cited.statements]
    names = view.snapshot.entities
    lines += [f"- {md(names[c.entity].name)}: {md(c.status)} at {md(c.at.id)}" for c, _ in cited.statuses]
    st.markdown("\n".join(lines[:300]))


def _backlinks(page: Profile) -> None:
    if not page.backlinks:
        return
    st.subheader("What links here")
    columns = st.columns(3)
    for index, entity in enumerate(page.backlinks[: 3 * LINKS_SHOWN]):
        with columns[index % 3]:
            entity_link(entity)
    if len(page.backlinks) > 3 * LINKS_SHOWN:
        st.caption(f"... and {len(page.backlinks) - 3 * LINKS_SHOWN:,} more.")
