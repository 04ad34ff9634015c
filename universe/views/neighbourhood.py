"""A small graph of an entity's neighbours on its wiki page; a click opens the clicked page."""

from __future__ import annotations

import streamlit as st

from universe.drawing.render import draw
from universe.queries.layout import positions
from universe.queries.selection import select
from universe.views import graphs, state
from universe.views.network import show_network
from universe.views.versioncache import per_version

__all__ = ["show_neighbourhood", "NEIGHBOURS"]

NEIGHBOURS = 40  # at most this many nodes around the entity: a page graph stays readable


@per_version(st.cache_data, max_entries=256, show_spinner=False)
def neighbourhood_data(key: tuple, entity_id: str) -> dict | None:
    """The vis-network data of the entity and its direct neighbours, laid out in Python; None
    when it has no neighbours."""
    snapshot = state.snapshot_of(key)
    selection = select(graphs.graph(key), focus=entity_id, depth=1, limit=NEIGHBOURS)
    G = selection.G
    if G.number_of_nodes() < 2:
        return None
    drawing = draw(G, snapshot.universe, colour_by="status", positions=positions(G), horizon=snapshot.horizon_label)
    return drawing.data()


def show_neighbourhood(view: state.ViewState, entity_id: str) -> None:
    """The neighbourhood graph; clicking another node opens its page."""
    data = neighbourhood_data(view.key, entity_id)
    if data is None:
        return
    st.subheader("Neighbourhood")
    st.caption("Direct relations at this point. Click a node to open its page; the Graph page explores further.")
    clicked = show_network(data, key="wiki.neighbourhood", height=420)
    if clicked and clicked != entity_id and clicked in view.snapshot.entities:
        st.query_params["entity"] = clicked
        st.rerun()
