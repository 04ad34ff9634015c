"""The Graph page: the interactive relationship graph at the spoiler horizon.

Every choice (focus, depth, colouring, size, filters) lives in the URL, so a link restores the
view: ``/graph?focus=<id>&depth=2&colour=community&as_of=S1E3``. Clicking a node opens its wiki
page. Nodes are laid out in Python and drawn without physics; above `MAX_NODES` the most central
(by the measure nodes are sized by, over the whole graph) are shown, with a note of what was left
out. The graph, its centrality and its communities are computed once per view state
(`universe.views.graphs`).

Without a `kinds` parameter the page shows the cast: the kinds of entities that have a status,
and groups (`universe.queries.selection.default_kinds`); ``kinds=all`` shows every kind. The
page's choices are kept for the session, so leaving the page and coming back restores them.
``play=<point>`` plays the story from that point up to the viewer's horizon on a fixed layout.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from universe.drawing.playback import playback_data
from universe.drawing.render import COLOUR_BY, Drawing, draw, mark_arc
from universe.drawing.standalone import standalone_html
from universe.errors import UniverseError
from universe.exchange import export
from universe.queries.layout import positions
from universe.queries.metrics import CENTRALITY_MEASURES
from universe.queries.playback import frames
from universe.queries.selection import MAX_DEPTH, MAX_NODES, Selection, select
from universe.story.evidence import Evidence
from universe.story.snapshot import Snapshot
from universe.views import graphs, graphstate, state
from universe.views.arcchoice import visible_diff
from universe.views.finder import entity_finder
from universe.views.markup import WIKI_PAGE, md
from universe.views.network import show_network
from universe.views.versioncache import per_version

__all__ = ["render", "GraphQuery", "Picture", "picture", "playback"]

GRAPH_PAGE = "app_pages/graph.py"
HEIGHT = 640
NO_STATUS = "none"  # the statuses filter's value for entities without a status
FLAGS = {"holding": "graph.holding", "isolated": "graph.isolated", "coappear": "graph.coappear"}


@dataclass(frozen=True)
class GraphQuery:
    """What the viewer asked to see; empty filters mean everything."""

    focus: str | None = None
    depth: int = 1
    colour: str = "status"
    size: str = "degree"
    kinds: tuple[str, ...] = ()
    relations: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    holding: bool = False
    isolated: bool = False
    projected: bool = False  # the co-appearance projection (``?coappear=1``)


@dataclass(frozen=True)
class Picture:
    """A selection and its drawing (shared by every session: never mutate)."""

    selection: Selection
    drawing: Drawing
    data: dict


@per_version(st.cache_resource, max_entries=64, show_spinner="Laying out the graph...")
def picture(key: tuple, query: GraphQuery) -> Picture:
    """The selection for `query` in the snapshot of a ViewState key, laid out and styled."""
    snapshot = state.snapshot_of(key)
    statuses = None
    if query.statuses:
        statuses = {"" if s == NO_STATUS else s for s in query.statuses}
    scores = graphs.centrality(key, query.size, query.holding, query.projected)
    selection = select(
        graphs.graph(key, query.holding, query.projected),
        kinds=None if query.projected else query.kinds or None,
        relations=query.relations or None,
        statuses=statuses,
        evidence=query.levels or None,
        focus=query.focus,
        depth=query.depth,
        isolated=query.isolated or query.focus is not None,
        limit=MAX_NODES,
        rank=scores,
    )
    G = selection.G
    whole = graphs.graph(key, query.holding, query.projected)
    found = graphs.communities(key, query.holding, query.projected) if query.colour == "community" else None
    drawing = draw(
        G,
        snapshot.universe,
        colour_by=query.colour,
        sizes=scores,
        size_label=CENTRALITY_MEASURES[query.size],
        communities=found,
        positions=positions(G),
        horizon=snapshot.horizon_label,
        focus=query.focus,
        counts={node: whole.degree(node) for node in G},
    )
    arc = visible_diff(key)  # with an arc chosen: its work marked, the canon it retracts faded
    if arc is not None:
        drawing = mark_arc(drawing, snapshot.universe, nodes=arc.highlight_nodes, edges=arc.highlight_edges, retracted=arc.retracted)
    return Picture(selection, drawing, drawing.data())


@per_version(st.cache_resource, max_entries=16, show_spinner="Preparing the playback...")
def playback(key: tuple, query: GraphQuery) -> tuple:
    """The frames of the picture for `query`, one per story point up to the horizon
    (`universe.queries.playback.frames`; shared: never mutate)."""
    return tuple(frames(state.snapshot_of(key), picture(key, query).selection.G))


def render() -> None:
    view = state.current()
    snapshot = view.snapshot
    st.title("Graph")
    st.caption(f"Who is related to whom, never beyond **{md(view.horizon_label)}**. Click a node to open its page.")
    query = _controls(snapshot)
    try:
        shown = picture(view.key, query)
    except UniverseError as error:
        st.error(str(error))
        return
    selection = shown.selection
    if selection.G.number_of_nodes() == 0:
        st.info("Nothing matches these filters at this point of the story.")
        return
    _note(selection, snapshot, query)
    played = None
    start = graphstate.play_toggle(view)
    if start is not None:
        found = playback(view.key, query)
        points = [frame.point for frame in found]
        if start not in points:
            st.warning(f"Playback starts at a point up to your horizon ({md(view.horizon_label)}); {md(start)} is not one, so it starts at the beginning.")
        played = playback_data(found, snapshot.universe, colour_by=query.colour, start=points.index(start) if start in points else 0)
    clicked = show_network(shown.data, key="graph.network", height=HEIGHT, playback=played)
    if clicked is not None and clicked in snapshot.entities:
        st.switch_page(WIKI_PAGE, query_params=state.link_query(entity=clicked))
    _downloads(view, shown, query)


# -- controls, each mirrored in the URL ------------------------------------------------------


def _controls(snapshot: Snapshot) -> GraphQuery:
    universe = snapshot.universe
    view = state.current()
    focus_ids = _focus_ids(view.key)
    graphstate.restore(view.universe_id)
    _check_focus(snapshot)
    state.seed_widget("focus", "graph.focus", focus_ids, "", what="entity")
    top = st.columns([3, 2])
    focus = entity_finder(
        top[0], "Focus on", snapshot, focus_ids, key="graph.focus", param="focus", default="",
        format_func=lambda e: _name(snapshot, e) if e else "Everyone (no focus)",
        help="Show only what lies within a few relations of one entity.",
    )
    depths = [str(d) for d in range(1, MAX_DEPTH + 1)]
    state.seed_widget("depth", "graph.depth", depths, "1", what="depth")
    depth = top[1].select_slider(
        "Depth", depths, key="graph.depth", disabled=not focus,
        on_change=state.sync_widget, args=("depth", "graph.depth", "1"),
        help="How many relations away from the focus.",
    )
    second = st.columns(2)
    state.seed_widget("colour", "graph.colour", list(COLOUR_BY), "status", what="colouring")
    colour = second[0].selectbox(
        "Colour by", list(COLOUR_BY), key="graph.colour", format_func=COLOUR_BY.get,
        on_change=state.sync_widget, args=("colour", "graph.colour", "status"),
    )
    state.seed_widget("size", "graph.size", list(CENTRALITY_MEASURES), "degree", what="measure")
    size = second[1].selectbox(
        "Size by", list(CENTRALITY_MEASURES), key="graph.size", format_func=CENTRALITY_MEASURES.get,
        on_change=state.sync_widget, args=("size", "graph.size", "degree"),
        help="A centrality measure over the whole graph at this point of the story; "
        f"above {MAX_NODES} entities, the most central are shown.",
    )
    with st.expander("Filters"):
        left, right = st.columns(2)
        kinds = graphstate.kinds(left, universe, graphstate.default_kinds_of(view.key))
        relations = _multi(right, "Relation types", "relations", list(snapshot.relation_types), lambda r: universe.relations[r].label, "all relations")
        statuses = _multi(left, "Statuses", "statuses", [*snapshot.statuses, NO_STATUS],
                          lambda s: universe.statuses[s].label if s in universe.statuses else "No status", "any status")
        admitted = [e.value for e in Evidence if snapshot.min_evidence.admits(e)]
        levels = _multi(right, "Evidence", "levels", admitted, lambda e: Evidence(e).label, "every level admitted")
        holding = _flag(left, "Only relations that hold at this point", "holding",
                        "Leave out relations that have ended (a friendship that broke, a group left).")
        isolated = _flag(right, "Show entities without relations", "isolated",
                         "Entities with no relation among those shown (sources, minor places).")
        projected = _flag(left, "Co-appearances", "coappear",
                          "Link the characters (the universe's principal kinds) who share a work, weighted by how "
                          "many they share, instead of drawing the works themselves.")
    query = GraphQuery(
        focus=focus or None,
        depth=int(depth),
        colour=colour,
        size=size,
        kinds=tuple(kinds),
        relations=tuple(relations),
        statuses=tuple(statuses),
        levels=tuple(levels),
        holding=holding,
        isolated=isolated,
        projected=projected,
    )
    graphstate.keep(view.universe_id)
    return query


@per_version(st.cache_resource, max_entries=16, show_spinner=False)
def _focus_ids(key: tuple) -> list[str]:
    """The empty id (no focus), then every entity id by name (shared: never mutate)."""
    entities = state.snapshot_of(key).entities
    return ["", *sorted(entities, key=lambda e: (entities[e].name.casefold(), e))]


@per_version(st.cache_resource, max_entries=16, show_spinner=False)
def _shared_names(key: tuple) -> frozenset:
    """Names that more than one entity has."""
    seen: dict[str, int] = {}
    for entity in state.snapshot_of(key).entities.values():
        seen[entity.name] = seen.get(entity.name, 0) + 1
    return frozenset(name for name, count in seen.items() if count > 1)


def _name(snapshot: Snapshot, entity_id: str) -> str:
    """An option label: the name, with the kind when two entities share it."""
    entity = snapshot.entities[entity_id]
    if entity.name not in _shared_names(state.current().key):
        return entity.name
    kind = snapshot.universe.kinds.get(entity.kind)
    return f"{entity.name} ({kind.label if kind else entity.kind})"


def _check_focus(snapshot: Snapshot) -> None:
    """An unknown focus in the link: say so, offer the nearest names, show everyone."""
    wanted = st.query_params.get("focus")
    if not wanted or wanted in snapshot.entities:
        return
    st.query_params.pop("focus", None)
    st.session_state["graph.focus"] = ""
    st.warning(f"No entity **{md(wanted)}** at this point of the story; showing everyone.")
    for match in snapshot.search(wanted.replace("-", " "), limit=3):
        st.page_link(
            GRAPH_PAGE, label=f"Focus on {md(match.entity.name)}", icon=":material/hub:",
            query_params=state.link_query(focus=match.entity.id),
        )


def _multi(column, label: str, name: str, options: list[str], format_func, placeholder: str) -> list[str]:
    widget = f"graph.{name}"
    state.seed_widget(name, widget, options, [], many=True, what=label.lower().rstrip("s"))
    return column.multiselect(
        label, options, key=widget, format_func=format_func, placeholder=placeholder, select_all=False,
        on_change=state.sync_widget, args=(name, widget, []),
    )


def _flag(column, label: str, name: str, help: str) -> bool:
    widget = FLAGS[name]
    raw = st.query_params.get(name)
    if raw is not None:
        st.session_state[widget] = raw in ("1", "true", "yes")
    return column.checkbox(label, key=widget, help=help, on_change=_sync_flag, args=(name, widget))


def _sync_flag(name: str, widget: str) -> None:
    if st.session_state.get(widget):
        st.query_params[name] = "1"
    else:
        st.query_params.pop(name, None)


# -- what is shown beside the graph ----------------------------------------------------------


def _note(selection: Selection, snapshot: Snapshot, query: GraphQuery) -> None:
    G = selection.G
    shown = f"{G.number_of_nodes():,} entities and {G.number_of_edges():,} relations"
    if selection.focus:
        name = md(snapshot.entities[selection.focus].name)
        hops = "relation" if selection.depth == 1 else "relations"
        shown += f" within {selection.depth} {hops} of **{name}**"
    st.caption(shown + ".")
    if selection.dropped:
        kinds = snapshot.universe.kinds
        left = ", ".join(f"{count:,} {md(kinds[kind].plural.lower() if kind in kinds else kind or 'others')}"
                         for kind, count in selection.left_out)
        measure = md(CENTRALITY_MEASURES[query.size].split(" (")[0].lower())
        st.info(
            f"Showing the {G.number_of_nodes():,} best-connected of {selection.matched:,} matching entities, by {measure} "
            f"over the whole graph ({selection.dropped:,} left out to keep the browser fast: {left}). "
            "Focus on an entity or narrow the filters to see the rest.",
            icon=":material/filter_alt:",
        )


def _downloads(view: state.ViewState, shown: Picture, query: GraphQuery) -> None:
    G = shown.selection.G
    stem = f"{view.universe.id}-graph-{view.horizon_id}" + (f"-{query.focus}" if query.focus else "")
    title = f"{view.universe.title}: relations at {view.horizon_label}"
    subtitle = f"{G.number_of_nodes():,} entities, {G.number_of_edges():,} relations" + (
        f", within {query.depth} of {view.snapshot.entities[query.focus].name}" if query.focus else ""
    )
    st.caption("Download this view")
    row = st.container(horizontal=True)  # buttons as wide as their words, wrapping on a phone
    row.download_button(
        "Offline HTML", lambda: standalone_html(shown.drawing, title=title, subtitle=subtitle), file_name=f"{stem}.html",
        mime="text/html", on_click="ignore", icon=":material/download:", key="graph.download.html",
    )
    row.download_button(
        "GraphML", lambda: export.to_graphml(view.snapshot, G), file_name=f"{stem}.graphml",
        mime="application/graphml+xml", on_click="ignore", icon=":material/download:", key="graph.download.graphml",
    )
    row.download_button(
        "GEXF", lambda: export.to_gexf(view.snapshot, G), file_name=f"{stem}.gexf",
        mime="application/xml", on_click="ignore", icon=":material/download:", key="graph.download.gexf",
    )
