"""A networkx graph becomes a universe: ``universe.from_networkx(nx.les_miserables_graph(), ...)``.

Nodes become entities (their ``name`` or ``label`` attribute as name, else the node itself),
edges become statements with their weight, and an edge attribute can carry the time slice.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from universe.errors import ImportFailed
from universe.exchange.importers.builder import Dataset, Documents, ImportOptions, build_documents
from universe.exchange.importers.network import Network

__all__ = ["from_networkx", "read_graph"]

_WHERE = "graph"


def read_graph(
    G: nx.Graph,
    *,
    time_attr: str | None = None,
    weight_attr: str | None = "weight",
    name_attr: str | None = None,
    kind_attr: str | None = None,
) -> Network:
    """A Network of the nodes and edges of `G` (directed if `G` is; parallel edges add up).

    A node's or edge's `time_attr` (a value, or a list of values for a node) is its time slice.
    Raises ImportFailed for a weight that is not a number or two nodes with the same text.
    """
    network = Network(directed=G.is_directed())
    keys: dict[Any, str] = {}
    for node, data in G.nodes(data=True):
        key = str(node)
        if key in network.nodes:
            raise ImportFailed(_WHERE, None, f"nodes {node!r} and {next(n for n in keys if keys[n] == key)!r} have the same text {key!r}")
        keys[node] = key
        name = data.get(name_attr) if name_attr else data.get("name", data.get("label"))
        kind = data.get(kind_attr) if kind_attr else None
        description = data.get("description")
        slices = data.get(time_attr) if time_attr else None
        network.node(
            key,
            label=str(name) if name not in (None, "") else None,
            kind=str(kind) if kind not in (None, "") else None,
            description=description if isinstance(description, str) and description else None,
            origin=f"{_WHERE} node {key}",
        )
        for value in slices if isinstance(slices, (list, tuple, set, frozenset)) else [slices]:
            if value not in (None, ""):
                network.node(key, slice=str(value), origin=f"{_WHERE} node {key}")
    for u, v, data in G.edges(data=True):
        weight = data.get(weight_attr, 1) if weight_attr else 1
        if isinstance(weight, bool) or not isinstance(weight, (int, float)) or weight != weight or abs(weight) == float("inf"):
            raise ImportFailed(_WHERE, None, f"edge ({u!r}, {v!r}): {weight_attr} {weight!r} is not a number")
        value = data.get(time_attr) if time_attr else None
        network.link(keys[u], keys[v], weight, slice=None if value in (None, "") else str(value), origin=f"{_WHERE} edge ({u!r}, {v!r})")
    return network


def from_networkx(
    G: nx.Graph,
    *,
    universe_id: str,
    title: str | None = None,
    time_attr: str | None = None,
    weight_attr: str | None = "weight",
    name_attr: str | None = None,
    kind_attr: str | None = None,
    kind: str = "character",
    relation: str = "interacts",
    slices: str = "plain",
    dataset: Dataset = Dataset(),
    title_case: bool = False,
    presence: bool = True,
    principal_kinds: tuple[str, ...] = (),
    co_appearance: bool = False,
) -> Documents:
    """Universe documents for the graph `G`: load them (``.load()``) or write a universe folder
    (``.write(target)``, validated and atomic).

    Raises ImportFailed for what cannot be imported (see `read_graph`).

    >>> import networkx as nx
    >>> universe = from_networkx(nx.les_miserables_graph(), universe_id="les-miserables").load()
    >>> universe.entity("valjean").name
    'Valjean'
    """
    network = read_graph(G, time_attr=time_attr, weight_attr=weight_attr, name_attr=name_attr, kind_attr=kind_attr)
    options = ImportOptions(
        title=title, dataset=dataset, slices=slices, relation=relation, kind=kind, title_case=title_case, presence=presence,
        principal_kinds=tuple(principal_kinds), co_appearance=co_appearance,
    )
    return build_documents(network, universe_id, options)
