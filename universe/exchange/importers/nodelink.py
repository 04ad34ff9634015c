"""Import node-link JSON (d3's and networkx's shape) as a universe.

``{"nodes": [{"name": "LUKE"}, ...], "links": [{"source": 0, "target": 3, "value": 12}]}``:
links name their ends by node index (d3, the Star Wars networks), by node ``id`` (networkx's
``node_link_data``), or by name. ``edges`` may stand for ``links``. One file, or one per time
slice (``starwars-episode-{slice}-interactions.json``).
"""

from __future__ import annotations

import json
import os
import re
from typing import Any, Callable, Iterable, Union

from universe.errors import ImportFailed
from universe.exchange.importers.builder import ImportOptions, universe_id_for, write_network
from universe.exchange.importers.datafiles import DataFile, expand, quoted, read_text, weight
from universe.exchange.importers.network import Network
from universe.exchange.importers.staging import ImportReport

__all__ = ["read_nodelink", "import_nodelink"]

Progress = Callable[[float, str], None]
Paths = Union[str, os.PathLike, Iterable[Union[str, os.PathLike]]]


def read_nodelink(
    paths: Paths,
    *,
    id_key: str | None = None,
    name_key: str | None = None,
    weight_key: str | None = None,
    time_key: str | None = None,
    type_key: str | None = None,
    directed: bool = False,
    progress: Progress | None = None,
) -> Network:
    """Read node-link JSON files into a Network.

    Keys default to what the file has: a node's id is its ``id`` (else its ``name``), its name
    is ``name`` or ``label``; a link's weight is ``weight`` or ``value`` (else 1); its time slice
    is `time_key` when given, else the file's ``{slice}``. Raises ImportFailed naming the file,
    the line and the entry (``links[17]``) of anything it cannot read.
    """
    report = progress or (lambda fraction, message: None)
    files = expand(paths, "JSON file")
    network = Network(directed=directed)
    for index, data_file in enumerate(files):
        report(0.6 * index / len(files), f"reading {data_file.path.name}")
        network.files.append(data_file.label)
        _read(network, data_file, id_key, name_key, weight_key, time_key, type_key)
    return network


def import_nodelink(
    paths: Paths,
    target: "str | os.PathLike[str]",
    *,
    options: ImportOptions = ImportOptions(),
    directed: bool = False,
    force: bool = False,
    progress: Progress | None = None,
    **keys: str | None,
) -> ImportReport:
    """Import node-link JSON as the universe folder `target`; `keys` as for `read_nodelink`.

    Raises ImportFailed (bad file, taken target) with nothing written.
    """
    universe_id = universe_id_for(target)
    network = read_nodelink(paths, directed=directed, progress=progress, **keys)
    return write_network(network, universe_id, target, options, force=force, progress=progress)


MAX_DEPTH = 100  # node-link JSON is a few levels deep; deeper nesting is a broken or hostile file
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


class _Digits(str):
    """A JSON integer too long to be a number here (over 18 digits), kept as its digits: an id
    may be one; a weight may not."""


def _integer(text: str) -> "int | _Digits":
    return int(text) if len(text) <= 19 else _Digits(text)  # never int() on thousands of digits


def _real(text: str) -> "float | _Digits":
    value = float(text)
    return value if abs(value) != float("inf") else _Digits(text)  # 1e999: shown as written


def _loads(text: str):
    return json.loads(text, parse_int=_integer, parse_float=_real)


def _too_deep(text: str) -> int | None:
    """The line where `text` nests lists and objects deeper than MAX_DEPTH (strings skipped)."""
    depth = 0
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return text.count("\n", 0, match.start()) + 1
        elif token in "]}":
            depth -= 1
    return None


def _shown(value: Any) -> str:
    """A JSON value as a message shows it: short, and never walking a deep structure."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, _Digits):
        return f"the number {quoted(value)}"
    text = json.dumps(value)
    return text if len(text) <= 40 else quoted(text)


class _Located:
    """Lines of the items of a top-level list in a JSON text, found only when a message needs one."""

    def __init__(self, text: str):
        self.text = text

    def line(self, key: str, index: int) -> int | None:
        decoder = json.JSONDecoder(parse_int=_integer, parse_float=_real)
        position = self.text.find(f'"{key}"')
        while position != -1:
            after = self.text[position + len(key) + 2 :].lstrip()
            if after.startswith(":") and after[1:].lstrip().startswith("["):
                break
            position = self.text.find(f'"{key}"', position + 1)
        if position == -1:
            return None
        cursor = self.text.index("[", position) + 1
        for n in range(index + 1):
            while cursor < len(self.text) and self.text[cursor] in " \t\r\n,":
                cursor += 1
            if n == index:
                return self.text.count("\n", 0, cursor) + 1
            try:
                _, cursor = decoder.raw_decode(self.text, cursor)
            except (json.JSONDecodeError, RecursionError):
                return None
        return None


def _read(network: Network, data_file: DataFile, id_key, name_key, weight_key, time_key, type_key) -> None:
    label = data_file.label
    text = read_text(data_file.path, label)
    try:
        data = _loads(text)
    except json.JSONDecodeError as error:
        raise ImportFailed(label, error.lineno, f"invalid JSON: {error.msg} (column {error.colno})") from None
    except RecursionError:
        raise ImportFailed(label, _too_deep(text), f"JSON nested more than {MAX_DEPTH} levels deep: this is not "
                           "node-link data") from None
    located = _Located(text)

    def failed(key: str, index: int, message: str) -> ImportFailed:
        return ImportFailed(label, located.line(key, index), f"{key}[{index}]: {message}")

    if not isinstance(data, dict) or not isinstance(data.get("nodes", []), list):
        raise ImportFailed(label, None, 'expected node-link JSON: an object with "nodes" and "links" lists')
    links_key = "links" if "links" in data else "edges"
    nodes, links = data.get("nodes", []), data.get(links_key, [])
    if not isinstance(links, list):
        raise ImportFailed(label, None, f'"{links_key}" must be a list of {{"source": ..., "target": ...}} objects')
    for index, node in enumerate(nodes):
        if not isinstance(node, dict):
            raise failed("nodes", index, f"a node must be an object, not {_shown(node)}")
    has_ids = bool(nodes) and all("id" in node for node in nodes) if id_key is None else True
    key_field = id_key or ("id" if has_ids else "name")
    label_field = name_key or next((k for k in ("name", "label", "title") if k != key_field and any(k in n for n in nodes)), None)
    keys: list[str] = []
    for index, node in enumerate(nodes):
        raw = node.get(key_field)
        if raw is None or isinstance(raw, (dict, list)) or str(raw).strip() == "":
            raise failed("nodes", index, f"no {key_field!r} (keys: {', '.join(node) or 'none'})")
        key = str(raw).strip()
        keys.append(key)
        name = node.get(label_field) if label_field else None
        kind = node.get(type_key) if type_key else None
        for field, found in ((label_field, name), (type_key, kind)):
            if isinstance(found, (dict, list)):
                raise failed("nodes", index, f"{field!r} must be text, not {_shown(found)}")
        network.node(
            key,
            label=str(name).strip() if name not in (None, "") else None,
            kind=str(kind) if kind not in (None, "") else None,
            description=str(node["description"]) if isinstance(node.get("description"), str) and node["description"] else None,
            slice=data_file.slice,
            origin=f"{label} nodes[{index}]",
        )
    known = set(keys)
    by_index = bool(nodes) and not has_ids and id_key is None
    weight_field = weight_key or next((k for k in ("weight", "value") if any(isinstance(l, dict) and k in l for l in links)), None)
    for index, link in enumerate(links):
        if not isinstance(link, dict):
            raise failed(links_key, index, f"a link must be an object, not {_shown(link)}")
        ends = []
        for end in ("source", "target"):
            if end not in link:
                raise failed(links_key, index, f"no {end!r}")
            ends.append(_end(link[end], keys, known, by_index, lambda m: failed(links_key, index, f"{end} {m}")))
        value = link.get(weight_field, 1) if weight_field else 1
        if isinstance(value, bool) or not isinstance(value, (int, float, _Digits)):
            raise failed(links_key, index, f"{weight_field} {_shown(value)} is not a number")
        try:
            amount = weight(value, label, None, weight_field)
        except ImportFailed as refused:
            raise failed(links_key, index, refused.message) from None
        slice_label = data_file.slice
        if time_key is not None:
            value = link.get(time_key)
            if value in (None, ""):
                raise failed(links_key, index, f"no time slice {time_key!r}")
            if isinstance(value, (dict, list)):
                raise failed(links_key, index, f"time slice {time_key!r} must be text, not {_shown(value)}")
            slice_label = str(value)
        network.link(ends[0], ends[1], amount, slice=slice_label, origin=f"{label} {links_key}[{index}]")


def _end(value: Any, keys: list[str], known: set[str], by_index: bool, failed: Callable[[str], ImportFailed]) -> str:
    """The node key a link end names: an index into the nodes, or a node's id or name."""
    if isinstance(value, bool) or isinstance(value, (dict, list)) or value is None:
        raise failed(f"{_shown(value)} names no node")
    if by_index and isinstance(value, int):
        if not 0 <= value < len(keys):
            raise failed(f"{value} is not a node index (the file has {len(keys)} nodes)")
        return keys[value]
    key = str(value).strip()
    if keys and key not in known:
        raise failed(f"{_shown(value)} is not a node id")
    return key
