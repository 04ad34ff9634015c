"""Export a snapshot: GraphML and GEXF (with time spans for Gephi's timeline), JSON (the full
universe beside its node-link graph), plain node-link JSON, and CSV tables.

Every format says what it keeps (`KEEPS`, and a ``keeps`` note inside the file). Graph files do
not repeat what every edge shares: a value most edges have is the attribute's declared default
(GraphML ``<default>``, GEXF ``<default>``) and is written only where an edge differs, and what a
relation type says (its label, family, symmetry) is written once, on the graph. A graph whose
relations are all symmetric is written undirected; in a mixed graph each edge says whether it is
directed (``directed: false`` in its data). Text from the story is made safe for each format: characters XML cannot hold become
U+FFFD in GraphML and GEXF, and CSV cells that a spreadsheet would run as a formula (starting
with ``= + - @``, a tab or a carriage return) get a leading ``'``.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import networkx as nx

from universe.errors import UniverseError
from universe.exchange.fullexport import EXPORT_FORMAT, entity_doc, grouped, statement_doc, universe_doc
from universe.exchange.graphfiles import write_gexf, write_graphml
from universe.queries.graph import build_graph
from universe.queries.tables import entities_table, statements_table, status_table
from universe.story.snapshot import Snapshot

__all__ = ["FORMATS", "KEEPS", "to_graphml", "to_gexf", "to_json", "to_nodelink", "to_csv_tables",
           "csv_safe", "xml_safe", "apply_defaults", "write_graph", "write_json", "export"]

FORMATS = ("graphml", "gexf", "json", "nodelink", "csv")

KEEPS = {
    "graphml": "the graph: every entity (kind, name, status at the horizon, evidence, reveal) and every "
               "relation between two entities (relation, weight, span, reveal, evidence, rank, sources, note); "
               "not real-world claims, descriptions or status timelines",
    "gexf": "the graph with time: entities from their reveal, relations over the span they hold, status as "
            "a timeline Gephi plays; not real-world claims or descriptions",
    "json": "everything: every entity with its aliases, description passages, status changes, attributes and "
            "sources, every statement (relations and real-world claims), the story time and vocabularies "
            "(under \"universe\", read back by `universe import json`), beside the node-link graph",
    "nodelink": "the node-link graph only (networkx's and d3's shape): entities and the relations between them",
    "csv": "three tables: entities.csv, statements.csv (relations and real-world claims), status.csv "
           "(every status change); not aliases, descriptions or the vocabularies",
}

# XML 1.0 can hold tab, newline, carriage return and everything from U+0020 but these
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def xml_safe(value):
    """`value` with every character XML 1.0 cannot hold replaced by U+FFFD (strings only)."""
    if isinstance(value, str):
        return _NOT_XML.sub("\ufffd", value)
    return value


def csv_safe(value):
    """A CSV cell a spreadsheet will not run: text starting with = + - @, a tab or a carriage
    return gets a leading ``'`` (the usual rule; the quote shows the text as written)."""
    if isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value
    return value


# -- graphs --------------------------------------------------------------------------------


_RELATION_TYPE_KEYS = ("family", "label", "symmetric")


def _graph_to_write(snapshot: Snapshot, G: nx.MultiDiGraph, *, timed: bool):
    """(graph attributes, directed, nodes, edges) of `G` as written: undirected when every
    relation in it is symmetric, empty values left out, relation types described once on the
    graph. `nodes` and `edges` are functions returning fresh iterators (the writers read twice)."""
    relations = _relation_types(snapshot, G)
    used = sorted(relations)
    undirected = bool(used) and all(relations[r][1] for r in used)
    graph = {k: xml_safe(v) for k, v in G.graph.items() if v not in ("", None)}
    for relation in used:
        graph[f"relation {relation}"] = xml_safe(relations[relation][0])
    last = len(snapshot.timeline.leaves)
    points = {point.id: point for point in snapshot.timeline.points}

    def nodes():
        for node, data in G.nodes(data=True):
            attrs = {k: xml_safe(v) for k, v in data.items() if v not in ("", None)}
            yield xml_safe(node), (_timed_node(snapshot, node, attrs, last) if timed else attrs)

    def edges():
        for u, v, key, data in G.edges(keys=True, data=True):
            attrs = {k: xml_safe(v) for k, v in data.items() if v not in ("", None) and k not in _RELATION_TYPE_KEYS}
            if not undirected and relations[data["relation"]][1]:
                attrs["directed"] = False  # networkx reads no mixed graph: the edge says so in its data
            if timed:
                attrs = _timed_edge(points, key, attrs)
            yield xml_safe(u), xml_safe(v), xml_safe(str(key)), attrs

    return graph, not undirected, nodes, edges


def _relation_types(snapshot: Snapshot, G) -> dict[str, tuple[str, bool]]:
    """relation id -> (how it reads, symmetric) for the relations in `G`: the universe's types,
    and those a derived graph brings (the co-appearance projection's ``co-appears``)."""
    types = snapshot.universe.relations
    out: dict[str, tuple[str, bool]] = {}
    for *_, data in G.edges(data=True):
        relation = data.get("relation", "")
        if relation in out:
            continue
        rtype = types.get(relation)
        if rtype is not None:
            reads = f"{rtype.label}; {'symmetric' if rtype.symmetric else 'directed, inverse: ' + rtype.inverse_label}; {rtype.family}"
            out[relation] = (reads, rtype.symmetric)
        else:
            symmetric = bool(data.get("symmetric", False))
            reads = f"{data.get('label', relation)}; {'symmetric' if symmetric else 'directed'}; {data.get('family', 'other')}"
            out[relation] = (reads, symmetric)
    return out


def _timed_node(snapshot: Snapshot, node: str, attrs: dict, last: int) -> dict:
    entity = snapshot.entities[node]
    attrs["label"] = attrs.pop("name")
    attrs["start"] = _time(entity.revealed) if entity.revealed else 1
    attrs.pop("status", None)
    if entity.status:
        spans = []
        for change, following in zip(entity.status, list(entity.status[1:]) + [None]):
            end = _time(following.at) - 1 if following is not None else last
            spans.append((change.status, _time(change.at), max(end, _time(change.at))))
        attrs["status"] = spans
    return attrs


def _timed_edge(points: dict, key: str, attrs: dict) -> dict:
    start, until = attrs.pop("start", None), attrs.pop("until", None)
    if start:
        attrs["from_point"] = start
        attrs["start"] = _time(points[start])
    if until:
        attrs["until_point"] = until
        attrs["end"] = points[until].end + 1
    attrs["id"] = key  # the statement id, so Gephi and readers keep it
    return attrs


def _time(point) -> int:
    return point.start + 1  # story points as 1-based leaf numbers: Gephi's time axis


def apply_defaults(G) -> None:
    """Fill in what a graph read by networkx left to its declared defaults (for readers)."""
    for scope, items in (("node_default", G.nodes.values()), ("edge_default", [d for *_, d in G.edges(data=True)])):
        for k, value in G.graph.get(scope, {}).items():
            for data in items:
                data.setdefault(k, value)


def write_graph(snapshot: Snapshot, fmt: str, out, G: nx.MultiDiGraph | None = None) -> None:
    """Write the snapshot's graph (or `G`, a view of it) as GraphML or GEXF to the text stream
    `out`, as a stream: memory stays at the graph itself."""
    graph, directed, nodes, edges = _graph_to_write(snapshot, build_graph(snapshot) if G is None else G,
                                                    timed=fmt == "gexf")
    if fmt == "graphml":
        write_graphml(out, {**graph, "keeps": KEEPS["graphml"]}, directed, nodes, edges)
    else:
        write_gexf(out, graph, directed, nodes, edges, comment="keeps " + KEEPS["gexf"])


def to_graphml(snapshot: Snapshot, G: nx.MultiDiGraph | None = None) -> str:
    """GraphML text of the snapshot's graph, or of `G`, a view of it (readable by networkx,
    Gephi, yEd; values most edges share are key defaults: `apply_defaults` fills them in)."""
    buffer = io.StringIO()
    write_graph(snapshot, "graphml", buffer, G)
    return buffer.getvalue()


def to_gexf(snapshot: Snapshot, G: nx.MultiDiGraph | None = None) -> str:
    """GEXF 1.2 text with time spans: nodes from their reveal, edges over the span they hold,
    and status as a dynamic attribute, so Gephi's timeline plays the story.

    `G` is the graph to write, a view built by `build_graph(snapshot)` and filtered (default:
    the whole snapshot)."""
    buffer = io.StringIO()
    write_graph(snapshot, "gexf", buffer, G)
    return buffer.getvalue()


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def write_json(snapshot: Snapshot, out, *, full: bool = True) -> None:
    """Write the JSON export to the text stream `out`, one entity, statement, node or link a
    line, as a stream: ``full`` adds the universe's documents (``"universe"``) to the node-link
    graph (``directed``, ``multigraph``, ``graph``, ``nodes``, ``links``: networkx's shape)."""
    out.write('{\n "keeps": ' + _dumps(KEEPS["json" if full else "nodelink"]))
    if full:
        out.write(',\n "universe": {\n  "format": ' + _dumps(EXPORT_FORMAT))
        out.write(',\n  "universe.yaml": ' + _dumps(universe_doc(snapshot)) + ',\n  "files": {')
        for index, (name, (entities, statements)) in enumerate(grouped(snapshot).items()):
            out.write(("," if index else "") + "\n   " + _dumps(name) + ": {")
            parts = []
            if entities:
                parts.append(("entities", (entity_doc(e) for e in entities)))
            if statements:
                parts.append(("statements", (statement_doc(snapshot, st) for st in statements)))
            for number, (key, docs) in enumerate(parts):
                out.write(("," if number else "") + f'\n    "{key}": [')
                for position, doc in enumerate(docs):
                    out.write(("," if position else "") + "\n     " + _dumps(doc))
                out.write("\n    ]")
            out.write("\n   }")
        out.write("\n  }\n }")
    G = build_graph(snapshot)
    out.write(',\n "directed": true,\n "multigraph": true,\n "graph": ' + _dumps(dict(G.graph)) + ',\n "nodes": [')
    for position, (node, data) in enumerate(G.nodes(data=True)):
        out.write(("," if position else "") + "\n  " + _dumps({**data, "id": node}))
    out.write('\n ],\n "links": [')
    for position, (u, v, key, data) in enumerate(G.edges(keys=True, data=True)):
        out.write(("," if position else "") + "\n  " + _dumps({**data, "source": u, "target": v, "key": key}))
    out.write("\n ]\n}\n")


def to_nodelink(snapshot: Snapshot) -> str:
    """Plain node-link JSON (networkx's, d3's shape), with the universe and horizon on top."""
    buffer = io.StringIO()
    write_json(snapshot, buffer, full=False)
    return buffer.getvalue()


def to_json(snapshot: Snapshot) -> str:
    """The full export: the universe's documents under ``"universe"`` (every entity, statement,
    status change, passage and source the snapshot shows), beside the node-link graph, so graph
    tools read it and `universe import json` restores the universe."""
    buffer = io.StringIO()
    write_json(snapshot, buffer)
    return buffer.getvalue()


def to_csv_tables(snapshot: Snapshot) -> dict[str, str]:
    """Three CSV tables: entities.csv, statements.csv, status.csv (formula prefixes quoted)."""
    tables = {"entities.csv": entities_table(snapshot), "statements.csv": statements_table(snapshot), "status.csv": status_table(snapshot)}
    return {name: frame.map(csv_safe).to_csv(index=False) for name, frame in tables.items()}


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
    if output is not None and fmt != "csv":
        with open(output, "w", encoding="utf-8") as handle:
            if fmt in ("graphml", "gexf"):
                write_graph(snapshot, fmt, handle)
            else:
                write_json(snapshot, handle, full=fmt == "json")
        return None
    text = {"graphml": to_graphml, "gexf": to_gexf, "json": to_json, "nodelink": to_nodelink}[fmt](snapshot)
    if output is None:
        return text
    Path(output).write_text(text, encoding="utf-8")
    return None
