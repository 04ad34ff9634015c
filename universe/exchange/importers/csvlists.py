"""Import CSV node and edge lists (Gephi's shape and its many variants) as a universe.

Tolerant of what real files contain: a byte-order mark, CR-only or CRLF line endings, quoted
fields, ``,`` ``;`` tab or ``|`` separators, headers in any case and spacing (``Source``,
``source``, ``from``), upper-case ids beside mixed-case labels, repeated pairs (summed), and
self-loops (dropped, counted in the report). One file, or one per time slice.
"""

from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass
from typing import Callable, Iterable, Union

from universe.errors import ImportFailed
from universe.exchange.importers.builder import ImportOptions, universe_id_for, write_network
from universe.exchange.importers.datafiles import DataFile, expand, read_text, weight
from universe.exchange.importers.network import Network
from universe.exchange.importers.staging import ImportReport, collector_paused

__all__ = ["Columns", "read_csv_lists", "import_csv"]

Progress = Callable[[float, str], None]
Paths = Union[str, os.PathLike, Iterable[Union[str, os.PathLike]]]

# Header names each column answers to when not named on the command line (compared folded).
_GUESSES = {
    "source": ("source", "from", "src", "source node", "node 1", "node1", "source id", "sourceid", "start"),
    "target": ("target", "to", "dst", "target node", "node 2", "node2", "target id", "targetid", "end"),
    "weight": ("weight", "value", "count", "weights", "strength", "interactions", "times", "n"),
    "time": ("season", "slice", "episode", "chapter", "book", "volume", "period", "part"),
    "id": ("id", "node", "key", "node id", "nodeid", "name", "code"),
    "label": ("label", "name", "title", "character", "full name"),
    "type": ("type", "kind", "category"),
    "description": ("description", "desc", "about"),
}


@dataclass(frozen=True)
class Columns:
    """Which CSV column holds what; None means "guess from the header"."""

    source: str | None = None
    target: str | None = None
    weight: str | None = None
    time: str | None = None
    id: str | None = None
    label: str | None = None
    type: str | None = None
    description: str | None = None


def read_csv_lists(
    edges: Paths,
    nodes: Paths = (),
    *,
    columns: Columns = Columns(),
    directed: bool = False,
    progress: Progress | None = None,
) -> Network:
    """Read edge lists (and node lists) into a Network.

    `edges` and `nodes` are paths, globs or ``{slice}`` patterns (``got-s{slice}-edges.csv``).
    A row's time slice is its time column when there is one, else its file's ``{slice}``.
    Raises ImportFailed naming the file and line of anything it cannot read.
    """
    report = progress or (lambda fraction, message: None)
    edge_files = expand(edges, "edge file")
    node_files = expand(nodes, "node file") if nodes else []
    network = Network(directed=directed)
    files = [(f, "nodes") for f in node_files] + [(f, "edges") for f in edge_files]
    for index, (data_file, what) in enumerate(files):
        report(0.6 * index / len(files), f"reading {data_file.path.name}")
        network.files.append(data_file.label)
        rows = _rows(data_file)
        if what == "nodes":
            _read_nodes(network, data_file, rows, columns)
        else:
            _read_edges(network, data_file, rows, columns)
    return network


def import_csv(
    edges: Paths,
    target: "str | os.PathLike[str]",
    *,
    nodes: Paths = (),
    columns: Columns = Columns(),
    options: ImportOptions = ImportOptions(),
    directed: bool = False,
    force: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Import CSV edge (and node) lists as the universe folder `target`; see `read_csv_lists`.

    Raises ImportFailed (bad file, taken target) with nothing written.
    """
    universe_id = universe_id_for(target)
    with collector_paused():
        return write_network(read_csv_lists(edges, nodes, columns=columns, directed=directed, progress=progress),
                             universe_id, target, options, force=force, progress=progress)


# -- reading -----------------------------------------------------------------------------------


def _rows(data_file: DataFile):
    """(line, header) and then (line, row) pairs of a CSV file, skipping blank rows."""
    text = read_text(data_file.path, data_file.label)
    first = next((line for line in re.split(r"\r\n|\r|\n", text) if line.strip()), "")
    delimiter = max(",\t;|", key=lambda d: _count_outside_quotes(first, d)) if first else ","
    if _count_outside_quotes(first, delimiter) == 0:
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, skipinitialspace=True)
    line = 1
    try:
        for row in reader:
            start, line = line, reader.line_num + 1
            cells = [cell.strip() for cell in row]
            if any(cells):
                yield start, cells
    except csv.Error as error:
        raise ImportFailed(data_file.label, reader.line_num, f"cannot read CSV: {error}") from None


def _count_outside_quotes(line: str, delimiter: str) -> int:
    return len(re.sub(r'"[^"]*"', "", line).split(delimiter)) - 1


def _fold(name: str) -> str:
    return re.sub(r"[\s_\-.]+", " ", name.strip().strip('"').casefold()).strip()


class _Header:
    """A file's header: find columns by name, by guess, and report what is missing."""

    def __init__(self, data_file: DataFile, line: int, cells: list[str]):
        self.file, self.line = data_file.label, line
        self.names = cells
        self.folded = [_fold(cell) for cell in cells]

    def find(self, role: str, named: str | None, *, required: bool = False, taken: Iterable[int] = ()) -> int | None:
        if named is not None:
            key = _fold(named)
            if key in self.folded:
                return self.folded.index(key)
            raise ImportFailed(self.file, self.line, f"no column {named!r} for the {role} (columns: {', '.join(self.names)})")
        for guess in _GUESSES[role]:
            if guess in self.folded and self.folded.index(guess) not in taken:
                return self.folded.index(guess)
        if required:
            option = "--id-col" if role == "id" else f"--{role}-col"
            raise ImportFailed(self.file, self.line, f"no {role} column among {', '.join(self.names)}; name it with {option}")
        return None


def _cell(row: list[str], index: int | None, file: str, line: int, header: _Header) -> str | None:
    if index is None:
        return None
    if index >= len(row):
        raise ImportFailed(file, line, f"{len(row)} field{'s' * (len(row) != 1)} where the header has {len(header.names)} (no {header.names[index]!r})")
    return row[index]


def _read_nodes(network: Network, data_file: DataFile, rows, columns: Columns) -> None:
    label = data_file.label
    header = None
    for line, row in rows:
        if header is None:
            header = _Header(data_file, line, row)
            id_col = header.find("id", columns.id, required=True)
            label_col = header.find("label", columns.label, taken=[id_col])
            type_col = header.find("type", columns.type)
            text_col = header.find("description", columns.description)
            continue
        key = _cell(row, id_col, label, line, header)
        if not key:
            raise ImportFailed(label, line, f"empty id in column {header.names[id_col]!r}")
        network.node(
            key,
            label=_cell(row, label_col, label, line, header) or None,
            kind=_cell(row, type_col, label, line, header) or None,
            description=_cell(row, text_col, label, line, header) or None,
            slice=data_file.slice,
            origin=f"{label}:{line}",
        )
    if header is None:
        raise ImportFailed(label, None, "empty file: expected a header such as Id,Label")


def _read_edges(network: Network, data_file: DataFile, rows, columns: Columns) -> None:
    label = data_file.label
    header = None
    for line, row in rows:
        if header is None:
            header = _Header(data_file, line, row)
            source_col = header.find("source", columns.source, required=True)
            target_col = header.find("target", columns.target, required=True, taken=[source_col])
            weight_col = header.find("weight", columns.weight)
            no_time = columns.time is not None and columns.time.strip().casefold() == "none"  # --time-col none
            time_col = None if no_time else header.find("time", columns.time) if (columns.time or data_file.slice is None) else None
            widest = max(col for col in (source_col, target_col, weight_col, time_col) if col is not None)
            continue
        if len(row) > widest:  # every column there (else `_cell` says which is missing)
            source, target = row[source_col], row[target_col]
        else:
            source = _cell(row, source_col, label, line, header)
            target = _cell(row, target_col, label, line, header)
        if not source or not target:
            end, col = ("source", source_col) if not source else ("target", target_col)
            raise ImportFailed(label, line, f"empty {end} in column {header.names[col]!r}")
        weight = _number(_cell(row, weight_col, label, line, header), label, line) if weight_col is not None else 1
        slice_label = _cell(row, time_col, label, line, header) if time_col is not None else data_file.slice
        if time_col is not None and not slice_label:
            network.skip(f"{label}:{line}", f"empty time slice in column {header.names[time_col]!r}")
            continue
        network.link(source, target, weight, slice=slice_label, origin=f"{label}:{line}")
    if header is None:
        raise ImportFailed(label, None, "empty file: expected a header such as Source,Target,Weight")


def _number(text: str, file: str, line: int) -> float:
    return weight(text, file, line)
