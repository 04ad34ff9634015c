"""GraphML and GEXF written as a stream: two passes over the nodes and edges, no XML tree.

The first pass learns each attribute's type and the value most elements share (declared once
as the attribute's default and left off every element that has it); the second writes the file
line by line. Memory stays at the graph being written plus a few counters, whatever its size.
networkx reads both (`nx.read_graphml`, `nx.read_gexf`); defaults land in
``G.graph["node_default"]`` and ``G.graph["edge_default"]``.

`nodes()` yields ``(id, attributes)`` and `edges()` ``(source, target, key, attributes)``; each
is called twice, so they are functions returning fresh iterators. Strings must already be safe
for XML 1.0 (`universe.exchange.export.xml_safe`).
"""

from __future__ import annotations

import datetime
from collections import Counter
from typing import Callable, Iterable, TextIO
from xml.sax.saxutils import escape, quoteattr

__all__ = ["write_graphml", "write_gexf"]

Nodes = Callable[[], Iterable[tuple[str, dict]]]
Edges = Callable[[], Iterable[tuple[str, str, str, dict]]]

_GRAPHML_HEAD = (
    "<?xml version='1.0' encoding='utf-8'?>\n"
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
)
_GEXF_NS = "http://www.gexf.net/1.2draft"


class _Attributes:
    """What the first pass learns of one scope's attributes: type and shared value of each."""

    def __init__(self, skip: frozenset = frozenset()):
        self.types: dict[str, set] = {}
        self.values: dict[str, Counter] = {}
        self.skip = skip
        self.count = 0

    def see(self, data: dict) -> None:
        self.count += 1
        for name, value in data.items():
            if name in self.skip:
                continue
            kinds = self.types.get(name)
            if kinds is None:
                kinds = self.types[name] = set()
                self.values[name] = Counter()
            if isinstance(value, list):  # a GEXF timeline: (value, start, end) spells
                kinds.update(type(spell[0]) for spell in value)
                kinds.add(list)
                continue
            kinds.add(type(value))
            self.values[name][value if not isinstance(value, bool) else ("bool", value)] += 1

    def type_of(self, name: str, names: dict) -> str:
        kinds = self.types[name] - {list}
        if kinds and kinds <= {bool}:
            return names[bool]
        if kinds and kinds <= {int}:
            return names[int]
        if kinds and kinds <= {int, float}:
            return names[float]
        return names[str]

    def defaults(self) -> dict:
        """name -> the value at least half the elements share (not for timelines). An element
        without the attribute must not read as having the default: a number or a flag is a
        default only when every element has it; text is (those without it say so with "")."""
        out = {}
        for name, counter in self.values.items():
            if list in self.types[name] or not counter:
                continue
            value, count = counter.most_common(1)[0]
            present = sum(counter.values())
            text = self.types[name] == {str}
            if count > 1 and count * 2 >= self.count and (text or present == self.count):
                out[name] = value[1] if isinstance(value, tuple) else value
        return out


def _missing(data: dict, shared: dict) -> list[str]:
    """Text attributes with a default that this element lacks: written as "" so that a reader
    does not give them the default."""
    return [name for name in shared if name not in data]


def _text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _same(a, b) -> bool:
    return type(a) is type(b) and a == b


# -- GraphML -------------------------------------------------------------------------------

_GRAPHML_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}


def write_graphml(out: TextIO, graph: dict, directed: bool, nodes: Nodes, edges: Edges) -> None:
    """GraphML of these nodes and edges; `graph` holds the graph's own attributes."""
    scopes = {"node": _Attributes(), "edge": _Attributes()}
    for _, data in nodes():
        scopes["node"].see(data)
    for *_, data in edges():
        scopes["edge"].see(data)
    keys: dict[tuple[str, str], str] = {}
    defaults = {scope: attributes.defaults() for scope, attributes in scopes.items()}
    out.write(_GRAPHML_HEAD)
    declared = [("graph", name, _GRAPHML_TYPES.get(type(value), "string")) for name, value in graph.items()]
    declared += [(scope, name, attributes.type_of(name, _GRAPHML_TYPES)) for scope, attributes in scopes.items()
                 for name in attributes.types]
    for scope, name, xml_type in declared:
        key = keys[(scope, name)] = f"d{len(keys)}"
        head = f'  <key id="{key}" for="{scope}" attr.name={quoteattr(name)} attr.type="{xml_type}"'
        if scope != "graph" and name in defaults[scope]:
            out.write(f"{head}>\n    <default>{escape(_text(defaults[scope][name]))}</default>\n  </key>\n")
        else:
            out.write(f"{head} />\n")
    out.write(f'  <graph edgedefault="{"directed" if directed else "undirected"}">\n')
    for name, value in graph.items():
        out.write(f'    <data key="{keys[("graph", name)]}">{escape(_text(value))}</data>\n')

    def data_lines(scope: str, data: dict) -> str:
        shared = defaults[scope]
        return "".join(
            f'      <data key="{keys[(scope, name)]}">{escape(_text(value))}</data>\n'
            for name, value in data.items()
            if not (name in shared and _same(shared[name], value))
        ) + "".join(f'      <data key="{keys[(scope, name)]}"></data>\n' for name in _missing(data, shared))

    for node, data in nodes():
        body = data_lines("node", data)
        out.write(f"    <node id={quoteattr(node)}>\n{body}    </node>\n" if body else f"    <node id={quoteattr(node)} />\n")
    for u, v, key, data in edges():
        body = data_lines("edge", data)
        head = f"    <edge source={quoteattr(u)} target={quoteattr(v)} id={quoteattr(key)}"
        out.write(f"{head}>\n{body}    </edge>\n" if body else f"{head} />\n")
    out.write("  </graph>\n</graphml>\n")


# -- GEXF ----------------------------------------------------------------------------------

_GEXF_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}
_NODE_XML = frozenset({"label", "start", "end"})
_EDGE_XML = frozenset({"id", "start", "end", "weight", "label"})


def write_gexf(out: TextIO, graph: dict, directed: bool, nodes: Nodes, edges: Edges, *, comment: str = "") -> None:
    """GEXF 1.2 (dynamic, long time format) of these nodes and edges. A node's or edge's
    ``label``, ``start``, ``end`` (and an edge's ``id`` and ``weight``) are XML attributes; a
    list of ``(value, start, end)`` is a timeline (a dynamic attribute)."""
    scopes = {"node": _Attributes(_NODE_XML), "edge": _Attributes(_EDGE_XML)}
    for _, data in nodes():
        scopes["node"].see(data)
    for *_, data in edges():
        scopes["edge"].see(data)
    defaults = {scope: attributes.defaults() for scope, attributes in scopes.items()}
    ids: dict[tuple[str, str], str] = {}
    out.write("<?xml version='1.0' encoding='utf-8'?>\n")
    if comment:
        out.write(f"<!-- {comment.replace('--', '-')} -->\n")
    out.write(f'<gexf xmlns="{_GEXF_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
              f'xsi:schemaLocation="{_GEXF_NS} {_GEXF_NS}/gexf.xsd" version="1.2">\n')
    out.write(f'  <meta lastmodifieddate="{datetime.date.today().isoformat()}">\n    <creator>universe</creator>\n')
    if graph:
        description = "; ".join(f"{name}: {value}" for name, value in graph.items())
        out.write(f"    <description>{escape(description)}</description>\n")
    out.write("  </meta>\n")
    out.write(f'  <graph defaultedgetype="{"directed" if directed else "undirected"}" mode="dynamic" name="" timeformat="long">\n')
    for scope, attributes in scopes.items():
        for mode in ("dynamic", "static"):
            names = [n for n in attributes.types if (list in attributes.types[n]) == (mode == "dynamic")]
            if not names:
                continue
            out.write(f'    <attributes mode="{mode}" class="{scope}">\n')
            for name in names:
                ident = ids[(scope, name)] = str(len(ids))
                head = f'      <attribute id="{ident}" title={quoteattr(name)} type="{attributes.type_of(name, _GEXF_TYPES)}"'
                if name in defaults[scope]:
                    out.write(f"{head}>\n        <default>{escape(_text(defaults[scope][name]))}</default>\n      </attribute>\n")
                else:
                    out.write(f"{head} />\n")
            out.write("    </attributes>\n")

    def attvalues(scope: str, data: dict, skip: frozenset) -> str:
        shared = defaults[scope]
        lines = []
        for name, value in data.items():
            if name in skip:
                continue
            ident = ids[(scope, name)]
            if isinstance(value, list):
                lines += [f'          <attvalue for="{ident}" value={quoteattr(_text(v))} start="{s}" end="{e}" />\n'
                          for v, s, e in value]
            elif not (name in shared and _same(shared[name], value)):
                lines.append(f'          <attvalue for="{ident}" value={quoteattr(_text(value))} />\n')
        lines += [f'          <attvalue for="{ids[(scope, name)]}" value="" />\n' for name in _missing(data, shared)]
        return f"        <attvalues>\n{''.join(lines)}        </attvalues>\n" if lines else ""

    def xml_attributes(data: dict, names: tuple[str, ...]) -> str:
        return "".join(f" {name}={quoteattr(_text(data[name]))}" for name in names if name in data)

    out.write("    <nodes>\n")
    for node, data in nodes():
        head = f"      <node id={quoteattr(node)}{xml_attributes(data, ('label', 'start', 'end'))}"
        body = attvalues("node", data, _NODE_XML)
        out.write(f"{head}>\n{body}      </node>\n" if body else f"{head} />\n")
    out.write("    </nodes>\n    <edges>\n")
    for u, v, key, data in edges():
        fields = {"id": key, **data}
        head = (f"      <edge source={quoteattr(u)} target={quoteattr(v)}"
                f"{xml_attributes(fields, ('id', 'label', 'start', 'end', 'weight'))}")
        body = attvalues("edge", data, _EDGE_XML)
        out.write(f"{head}>\n{body}      </edge>\n" if body else f"{head} />\n")
    out.write("    </edges>\n  </graph>\n</gexf>\n")
