"""The graph of a view state and its whole-graph metrics, shared by every page and session.

Each is computed once per ViewState key (universe folder, universe version, horizon, evidence):
the version is a hash of the universe's content, so editing a file makes new keys (and new
results) while re-saving it unchanged reuses what was computed. Never mutate what these return.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Mapping

import networkx as nx
import streamlit as st

from universe.queries import metrics
from universe.queries.graph import build_graph, co_appearance
from universe.views import state
from universe.views.versioncache import per_version

__all__ = ["graph", "network", "centrality", "communities"]


@per_version(st.cache_resource, max_entries=6, show_spinner="Building the graph...")  # ~35-70 MB each at 20,000 entities
def graph(key: tuple, holding: bool = False, projected: bool = False) -> nx.MultiDiGraph:
    """The snapshot of a ViewState key as a graph (`universe.queries.graph.build_graph`), or
    its co-appearance projection: the principal kinds linked by the works they share."""
    if projected:
        return co_appearance(graph(key, holding), state.snapshot_of(key).universe.principal)
    return build_graph(state.snapshot_of(key), holding_only=holding)


@per_version(st.cache_resource, max_entries=8, show_spinner=False)
def network(key: tuple, holding: bool = False, projected: bool = False) -> metrics.Network:
    """The graph as igraph sees it, for the metrics below."""
    return metrics.network(graph(key, holding, projected))


@per_version(st.cache_resource, max_entries=32, show_spinner="Measuring centrality...")
def centrality(key: tuple, measure: str, holding: bool = False, projected: bool = False) -> Mapping[str, float]:
    """A centrality score per entity over the whole graph (`universe.queries.metrics.centrality`)."""
    return MappingProxyType(metrics.centrality(network(key, holding, projected), measure))


@per_version(st.cache_resource, max_entries=16, show_spinner="Finding communities...")
def communities(key: tuple, holding: bool = False, projected: bool = False) -> tuple[metrics.Community, ...]:
    """The communities of the whole graph (`universe.queries.metrics.communities`)."""
    return metrics.communities(network(key, holding, projected))
