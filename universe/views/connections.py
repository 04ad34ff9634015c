"""The Connections page: how two entities are connected, each hop in words, at the horizon.

The two ends live in the URL (``?from=<id>&to=<id>``), with the options ``only=characters`` and
``families=social,family``.
"""

from __future__ import annotations

import streamlit as st

from universe.queries.graph import Hop, connection_paths
from universe.queries.profile import span_text
from universe.queries.summary import main_characters
from universe.story.snapshot import Snapshot
from universe.views import graphs, state
from universe.views.finder import entity_finder
from universe.views.markup import entity_link, evidence_badge, md
from universe.views.versioncache import per_version

__all__ = ["render", "paths"]

CHARACTER_KIND = "character"
LIMIT = 5


@per_version(st.cache_resource, max_entries=256, show_spinner=False)
def paths(key: tuple, source: str, target: str, only_characters: bool, families: tuple[str, ...]) -> list[list[Hop]]:
    """Up to five shortest connections (shared: never mutate)."""
    snapshot = state.snapshot_of(key)
    return connection_paths(
        snapshot, source, target, limit=LIMIT,
        kinds=snapshot.universe.principal if only_characters else None,
        families=families or None,
        G=graphs.graph(key),
    )


@per_version(st.cache_resource, max_entries=64, show_spinner=False)
def _choices(key: tuple, only_characters: bool) -> tuple[list[str], list[str], list[str]]:
    """Entity ids to pick from (by name), the relation families in use, and two well-connected
    characters to start from."""
    snapshot = state.snapshot_of(key)
    entities = sorted(snapshot.entities.values(), key=lambda e: (e.name.casefold(), e.id))
    principal = snapshot.universe.principal
    ids = [e.id for e in entities if not only_characters or e.kind in principal]
    relations = snapshot.universe.relations
    used = {relations[s.relation].family for s in snapshot.statements if s.object is not None}
    families = [f for f in dict.fromkeys(r.family for r in relations.values()) if f in used]
    main = [e.id for e, _ in main_characters(snapshot, limit=2, kind=principal)]
    return ids, families, main if len(main) == 2 else ids[:2]


@per_version(st.cache_resource, max_entries=64, show_spinner=False)
def _default_through(key: tuple) -> str:
    """``characters`` when some relation links two of the principal kinds; ``all`` in a
    two-kind network (heroes linked only through the comics they appear in)."""
    snapshot = state.snapshot_of(key)
    principal = set(snapshot.universe.principal)
    kind = {e.id: e.kind for e in snapshot.entities.values()}
    linked = any(s.object is not None and kind.get(s.subject) in principal and kind.get(s.object) in principal
                 for s in snapshot.statements)
    return "characters" if linked else "all"


def _principal_label(snapshot: Snapshot) -> str:
    """``Characters``, or the universe's own principal kinds (``Heroes``, ``Actors``), as text."""
    kinds = snapshot.universe.kinds
    return md(" and ".join(kinds[k].plural if k in kinds else k for k in snapshot.universe.principal))


def _label(snapshot: Snapshot, entity_id: str) -> str:
    entity = snapshot.entities[entity_id]
    kind = snapshot.universe.kinds.get(entity.kind)
    return f"{entity.name} ({kind.label if kind else entity.kind})"


def render() -> None:
    view = state.current()
    snapshot = view.snapshot
    st.title("Connections")
    st.caption(f"How two entities are connected, as far as a viewer knows after **{md(view.horizon_label)}**.")

    through = _default_through(view.key)
    state.seed_widget("only", "connections.only", ["characters", "all"], through, what="option")
    options_row = st.columns([1, 2])
    only = options_row[0].segmented_control(
        "Through", ["characters", "all"], key="connections.only",
        format_func=lambda o: f"{_principal_label(snapshot)} only" if o == "characters" else "Everything",
        on_change=state.sync_widget, args=("only", "connections.only", through), required=True,
    ) == "characters"
    ids, families, defaults = _choices(view.key, only)
    if len(ids) < 2:
        st.info("Fewer than two entities are visible at this point.")
        return
    state.seed_widget("families", "connections.families", families, [], many=True, what="relation family")
    chosen_families = options_row[1].multiselect(
        "Relation families", families, key="connections.families", placeholder="every family", select_all=False,
        on_change=state.sync_widget, args=("families", "connections.families", []),
    )
    default_from, default_to = defaults
    state.seed_widget("from", "connections.from", ids, default_from, what="entity")
    state.seed_widget("to", "connections.to", ids, default_to, what="entity")
    left, right = st.columns(2)
    source = entity_finder(left, "From", snapshot, ids, key="connections.from", param="from", default=default_from,
                           format_func=lambda i: _label(snapshot, i))
    target = entity_finder(right, "To", snapshot, ids, key="connections.to", param="to", default=default_to,
                           format_func=lambda i: _label(snapshot, i))
    if source == target:
        st.info("Pick two different entities.")
        return
    found = paths(view.key, source, target, only, tuple(chosen_families))
    if not found:
        st.info(f"No connection between {md(snapshot.entities[source].name)} and "
                   f"{md(snapshot.entities[target].name)} at this point with these options.")
        return
    hops = len(found[0])
    st.markdown(f"**{len(found)} shortest connection{'s' if len(found) != 1 else ''}**, "
                f"{hops} step{'s' if hops != 1 else ''} at best.")
    for number, path in enumerate(found, 1):
        with st.container(border=True):
            st.markdown(f"**Connection {number}** · {len(path)} step{'s' if len(path) != 1 else ''}")
            lines = []
            for hop in path:
                span = "" if hop.statement.span.is_open else f" ({md(span_text(hop.statement.span, snapshot.horizon))})"
                lines.append(f"1. {md(hop.sentence(snapshot))}{span} {evidence_badge(hop.statement.evidence)}")
            st.markdown("\n".join(lines))
            with st.container(horizontal=True):
                for entity_id in [path[0].source, *(hop.target for hop in path)]:
                    entity_link(snapshot.entities[entity_id])
