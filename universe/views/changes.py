"""Drawing what changed at a story point (used by the Overview and Timeline pages)."""

from __future__ import annotations

import streamlit as st

from universe.queries.changes import Changes, statement_sentence
from universe.story.model import Entity
from universe.story.snapshot import Snapshot
from universe.views.markup import entity_link, evidence_badge, md, status_badge

__all__ = ["show_changes", "SOURCE_KIND"]

SOURCE_KIND = "source"


def _row(entity: Entity, text: str) -> None:
    left, right = st.columns([1, 3], vertical_alignment="center")
    with left:
        entity_link(entity)
    right.markdown(text)


def show_changes(snapshot: Snapshot, changes: Changes, *, key: str = "changes") -> None:
    """Status changes, newcomers, new and ended relations and real-world claims of `changes`."""
    universe = snapshot.universe
    steps = [s for s in changes.statuses if s.previous is not None]
    if steps:
        st.markdown("**Status changes**")
        for step in steps:
            when = "" if step.change.at.id == changes.point.id else f" (since {md(step.change.at.id)})"
            note = f" {md(step.change.note)}" if step.change.note else ""
            _row(
                step.entity,
                f"{status_badge(universe, step.previous)} → {status_badge(universe, step.change.status)}"
                f"{when} {evidence_badge(step.change.evidence)}{note}",
            )
    newcomers = [e for e in changes.entities if e.kind != SOURCE_KIND]  # sources are not story
    if newcomers:
        st.markdown("**First seen**")
        for entity in newcomers[:40]:
            kind = universe.kinds.get(entity.kind)
            status = snapshot.status_at(entity.id, changes.point) if entity.status else None
            _row(entity, f"{md(kind.label if kind else entity.kind)} {status_badge(universe, status)}")
        if len(newcomers) > 40:
            st.caption(f"... and {len(newcomers) - 40} more.")
    for title, statements in (("New relations", changes.relations), ("Relations that end here", changes.ended),
                              ("Real-world facts", changes.claims)):
        if not statements:
            continue
        st.markdown(f"**{title}**")
        lines = [f"- {md(statement_sentence(snapshot, s))} {evidence_badge(s.evidence)}" for s in statements[:60]]
        if len(statements) > 60:
            lines.append(f"- ... and {len(statements) - 60} more")
        st.markdown("\n".join(lines))
