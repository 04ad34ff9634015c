"""Export a snapshot: GraphML and GEXF (with time spans for Gephi's timeline), node-link JSON,
and CSV tables."""

from __future__ import annotations

import io
import json
from pathlib import Path

import networkx as nx

from universe.errors import UniverseError
from universe.queries.graph import build_graph
from universe.queries.tables import entities_table, statements_table, status_table
from universe.story.snapshot import Snapshot

__all__ = ["FORMATS", "to_graphml", "to_gexf", "to_json", "to_csv_tables", "export"]

FORMATS = ("graphml", "gexf", "json", "csv")


def to_graphml(snapshot: Snapshot, G: nx.MultiDiGraph | None = None) -> str:
    """GraphML text of the snapshot's graph, or of `G`, a view of it (readable by networkx,
    Gephi, yEd)."""
    buffer = io.BytesIO()
    nx.write_graphml(build_graph(snapshot) if G is None else G, buffer, encoding="utf-8", named_key_ids=True)
    return buffer.getvalue().decode("utf-8")


def _time(point) -> int:
    return point.start + 1  # story points as 1-based leaf numbers: Gephi's time axis


def to_gexf(snapshot: Snapshot, G: nx.MultiDiGraph | None = None) -> str:
    """GEXF 1.2 text with time spans: nodes from their reveal, edges over the span they hold,
    and status as a dynamic attribute, so Gephi's timeline plays the story.

    `G` is the graph to write, a view built by `build_graph(snapshot)` and filtered (default:
    the whole snapshot)."""
    G = build_graph(snapshot) if G is None else G
    H = nx.MultiDiGraph(**{k: v for k, v in G.graph.items()})
    H.graph["mode"] = "dynamic"
    leaves = snapshot.timeline.leaves
    last = len(leaves)
    for node, data in G.nodes(data=True):
        attrs = dict(data)
        entity = snapshot.entities[node]
        attrs["label"] = attrs.pop("name")
        attrs["start"] = _time(entity.revealed) if entity.revealed else 1
        changes = entity.status
        if changes:
            spans = []
            for change, following in zip(changes, list(changes[1:]) + [None]):
                end = _time(following.at) - 1 if following is not None else last
                spans.append((change.status, _time(change.at), max(end, _time(change.at))))
            attrs["status"] = spans
        else:
            attrs.pop("status", None)
        H.add_node(node, **attrs)
    for u, v, key, data in G.edges(keys=True, data=True):
        attrs = dict(data)
        start, until = attrs.pop("start"), attrs.pop("until")
        attrs["from_point"], attrs["until_point"] = start, until
        if start:
            attrs["start"] = _time(snapshot.timeline.parse(start))
        if until:
            point = snapshot.timeline.parse(until)
            attrs["end"] = point.end + 1
        attrs["id"] = key  # the statement id, so Gephi and readers keep it
        H.add_edge(u, v, key=key, **attrs)
    buffer = io.BytesIO()
    nx.write_gexf(H, buffer)
    return buffer.getvalue().decode("utf-8")


def to_json(snapshot: Snapshot) -> str:
    """Node-link JSON (networkx's, d3's shape), with the universe and horizon on top."""
    G = build_graph(snapshot)
    data = nx.node_link_data(G, edges="links")
    data["graph"] = dict(G.graph)
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def to_csv_tables(snapshot: Snapshot) -> dict[str, str]:
    """Three CSV tables: entities.csv, statements.csv, status.csv."""
    return {
        "entities.csv": entities_table(snapshot).to_csv(index=False),
        "statements.csv": statements_table(snapshot).to_csv(index=False),
        "status.csv": status_table(snapshot).to_csv(index=False),
    }


def export(snapshot: Snapshot, fmt: str, output: "str | Path | None" = None) -> str | None:
    """Export in `fmt`; write to `output` (a folder for csv) or return the text.

    Without `output`, csv returns statements.csv. Raises UniverseError for an unknown format.
    """
    if fmt not in FORMATS:
        raise UniverseError(f"unknown export format {fmt!r} (known: {', '.join(FORMATS)})")
    if fmt == "csv":
        tables = to_csv_tables(snapshot)
        if output is None:
            return tables["statements.csv"]
        folder = Path(output)
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in tables.items():
            (folder / name).write_text(text, encoding="utf-8")
        return None
    text = {"graphml": to_graphml, "gexf": to_gexf, "json": to_json}[fmt](snapshot)
    if output is None:
        return text
    Path(output).write_text(text, encoding="utf-8")
    return None
