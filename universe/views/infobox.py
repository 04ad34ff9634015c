"""The infobox of a wiki page: kind, played by, status now and over time, aliases, groups, places."""

from __future__ import annotations

import re

import streamlit as st

from universe.drawing.colouring import status_palette
from universe.queries.profile import Credit, Link, Profile, status_track
from universe.story.snapshot import Snapshot
from universe.views import state
from universe.views.markup import entity_link, evidence_badge, md, source_names, status_badge
from universe.views.versioncache import per_version

__all__ = ["show_infobox", "status_chart_spec"]

_WEB = re.compile(r"https?://[^\s<>\"']+")
FALLBACK_COLOUR = "#9e9e9e"
CHART_HEIGHT = 150  # the whole chart: the strip, the episode axis and the legend


@per_version(st.cache_data, max_entries=256, show_spinner=False)
def status_chart_spec(key: tuple, entity_id: str) -> dict | None:
    """A Vega-Lite strip: the entity's status at every episode up to the horizon (None when it
    has no status). Colours are the graph's (`status_palette`), so a status reads the same everywhere."""
    snapshot = state.snapshot_of(key)
    track = status_track(snapshot, entity_id)
    if not any(status for _, status in track):
        return None
    statuses = snapshot.universe.statuses
    used = [s for s in statuses if any(status == s for _, status in track)]
    labels = [statuses[s].label for s in used]
    palette = status_palette(snapshot.universe)  # the graph's colours, told apart for every vision
    colours = [palette.get(s, FALLBACK_COLOUR) for s in used]
    values = [
        {"order": index, "point": point.id, "title": snapshot.timeline.label(point),
         "status": statuses[status].label if status in statuses else status}
        for index, (point, status) in enumerate(track)
        if status is not None
    ]
    return {
        "data": {"values": values},
        "mark": {"type": "rect", "tooltip": True},
        "encoding": {
            "x": {"field": "point", "type": "ordinal", "sort": {"field": "order"}, "title": None,
                  "axis": {"labelAngle": 0, "labelOverlap": True}},
            "color": {"field": "status", "type": "nominal", "title": None,
                      "scale": {"domain": labels, "range": colours},
                      "legend": {"orient": "bottom", "direction": "horizontal"}},
            "tooltip": [{"field": "title", "title": "At"}, {"field": "status", "title": "Status"}],
        },
        "config": {"view": {"stroke": None}},
    }


def _links(links: tuple[Link, ...]) -> None:
    for link in links:
        entity_link(link.other)
        extras = [md(link.span) if link.span != "always" else ""]
        if link.evidence.value != "canon":
            extras.append(evidence_badge(link.evidence))
        text = " ".join(e for e in extras if e)
        if text:
            st.caption(text)


def _credits(title: str, credits: tuple[Credit, ...]) -> None:
    """``Yoon Chan-young (Season 1; Season 2, announced)``: one line per performer or role."""
    if not credits:
        return
    st.markdown(f"**{title}**")
    for credit in credits:  # the link, then its credits as text: a long link label would be cut off
        with st.container(horizontal=True, gap="small", vertical_alignment="center"):
            entity_link(credit.other)
            if credit.text:
                st.markdown(md(f"({credit.text})"), width="content")


def _appearances(snapshot: Snapshot, page: Profile) -> None:
    """First and last appearance and how many episodes (chapters...), from appears-in statements."""
    seen = page.appearances
    if seen is None:
        return
    label = snapshot.timeline.label
    plural = seen.level if seen.level.endswith("s") else seen.level + "s"
    lines = [f"**First appearance** {md(label(seen.first))}"]
    if seen.last.id != seen.first.id:
        lines.append(f"**Last appearance** {md(label(seen.last))}")
    lines.append(f"**{md(plural.capitalize())}** {seen.count}")
    st.markdown("  \n".join(lines))


def show_infobox(view: state.ViewState, page: Profile) -> None:
    """The infobox in a bordered box (call inside the page's side column)."""
    snapshot: Snapshot = view.snapshot
    universe = view.universe
    entity = page.entity
    with st.container(border=True):
        st.markdown(f"**{md(entity.name)}**")
        st.caption(md(page.kind_label))
        _credits("Played by", page.cast)
        _credits("Roles", page.credits)
        _appearances(snapshot, page)
        if page.status is not None:
            since = f"since {md(page.status.at.id)}"
            st.markdown(f"**Status now** {status_badge(universe, page.status.status)} {since}")
            if page.status.evidence.value != "canon":
                st.markdown(evidence_badge(page.status.evidence))
            spec = status_chart_spec(view.key, entity.id)
            if spec is not None:
                st.vega_lite_chart(spec, width="stretch", height=CHART_HEIGHT)
        if entity.aliases:
            st.markdown("**Also known as**")
            st.markdown(md("; ".join(a.name for a in entity.aliases)))
        for label, links in page.infobox:
            st.markdown(f"**{md(label)}**")
            _links(links)
        for name, value in entity.attributes.items():
            st.markdown(f"**{md(name)}**: {md(value)}")
        if entity.date:
            st.markdown(f"**Date**: {md(entity.date)}")
        if entity.url and _WEB.fullmatch(entity.url):
            st.link_button("Open the original", entity.url)
        if entity.evidence.value != "canon":
            st.markdown(f"**Evidence** {evidence_badge(entity.evidence)}")
        sources = source_names(snapshot, entity.sources)
        if sources:
            st.caption("Sources: " + md("; ".join(sources)))
