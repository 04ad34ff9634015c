"""Import Stanford GraphBase character data (Knuth's ``jean.dat`` shape) as a universe.

The file holds a character table, a blank line, then one line per chapter::

    * comment lines start with an asterisk
    MY Myriel, Bishop of Digne
    VJ Jean Valjean, convict<TAB><TAB>Valjean          (optional short name after tabs)

    1.1.1:MY,NP;MY,MB,ME
    1.1.2:MY,HD;MY,MB

Each ``;``-separated group on a chapter line is a clique of characters who appear together:
every pair in it co-appears once (pairs repeated in a chapter add up). A character alone in a
group appears without company; a chapter with no characters (``5.9.6``) is still a chapter. A
line ending in ``&`` continues on the next. A character's name is its short name after tabs,
else its description up to the first comma; the code is kept as its ``dataset id``.
"""

from __future__ import annotations

import os
import re
from itertools import combinations
from typing import Callable, Iterable, Union

from universe.errors import ImportFailed
from universe.exchange.importers.builder import ImportOptions, universe_id_for, write_network
from universe.exchange.importers.datafiles import expand, read_text
from universe.exchange.importers.network import Network
from universe.exchange.importers.staging import ImportReport

__all__ = ["read_sgb", "import_sgb"]

Progress = Callable[[float, str], None]
Paths = Union[str, os.PathLike, Iterable[Union[str, os.PathLike]]]

_CHARACTER = re.compile(r"(?P<code>[^\s:;,&]+)(?:\s+(?P<rest>.*))?")
_CHAPTER = re.compile(r"(?P<chapter>[^\s:;,]+)(?::(?P<groups>.*))?")


def read_sgb(path: Paths, *, progress: Progress | None = None) -> Network:
    """Read a Stanford GraphBase character file into a Network (chapters as time slices).

    Raises ImportFailed naming the file and line of anything it cannot read.
    """
    files = expand(path, "SGB file")
    if len(files) != 1:
        raise ImportFailed(files[0].label, None, f"one SGB file at a time ({len(files)} given)")
    data_file = files[0]
    label = data_file.label
    if progress:
        progress(0.0, f"reading {data_file.path.name}")
    lines = re.split(r"\r\n|\r|\n", read_text(data_file.path, label))
    network = Network(keys_are_names=False)
    network.files.append(label)
    in_chapters = False
    for number, line in _logical_lines(lines):
        if line.startswith("*"):
            continue
        if not line.strip():
            in_chapters = in_chapters or bool(network.nodes)
            continue
        if not in_chapters and re.match(r"^[^\s:]+:", line) and network.nodes:
            in_chapters = True  # no blank line between the table and the chapters
        if in_chapters:
            _chapter(network, line.strip(), label, number)
        else:
            _character(network, line.rstrip(), label, number)
    if not network.nodes:
        raise ImportFailed(label, None, "no character table: expected lines like 'MY Myriel, Bishop of Digne'")
    return network


def import_sgb(
    path: Paths,
    target: "str | os.PathLike[str]",
    *,
    options: ImportOptions = ImportOptions(slices="chapter", relation="appears-with"),
    force: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Import a Stanford GraphBase character file as the universe folder `target`.

    Raises ImportFailed (bad file, taken target) with nothing written.
    """
    universe_id = universe_id_for(target)
    network = read_sgb(path, progress=progress)
    return write_network(network, universe_id, target, options, force=force, progress=progress)


def _logical_lines(lines: list[str]):
    """(first line number, text) with ``&``-continued lines joined."""
    pending, start = "", None
    for number, line in enumerate(lines, start=1):
        if start is None:
            start = number
        stripped = line.rstrip()
        if stripped.endswith("&") and not stripped.startswith("*"):
            pending += stripped[:-1]
            continue
        yield start, pending + line
        pending, start = "", None
    if pending:
        yield start, pending


def _character(network: Network, line: str, file: str, number: int) -> None:
    match = _CHARACTER.fullmatch(line.strip())
    if match is None:
        raise ImportFailed(file, number, f"expected a character line like 'MY Myriel, Bishop of Digne', not {line.strip()[:40]!r}")
    code, rest = match.group("code"), (match.group("rest") or "").strip()
    if code in network.nodes:
        raise ImportFailed(file, number, f"character code {code!r} is defined twice (first at {network.nodes[code].origin})")
    parts = [part.strip() for part in rest.split("\t") if part.strip()]
    description = parts[0] if parts else None
    if len(parts) > 1:
        name = parts[-1]
    elif description:
        name = description.split(",")[0].strip() or description
    else:
        name = code
    network.node(code, label=name, description=description if description != name else None, origin=f"{file}:{number}")


def _chapter(network: Network, line: str, file: str, number: int) -> None:
    match = _CHAPTER.fullmatch(line)
    if match is None:
        raise ImportFailed(file, number, f"expected a chapter line like '1.1.1:AA,BB;CC', not {line[:40]!r}")
    chapter = match.group("chapter")
    origin = f"{file}:{number}"
    network.add_slice(chapter, origin)
    for group in (match.group("groups") or "").split(";"):
        codes = [code.strip() for code in group.split(",") if code.strip()]
        for code in codes:
            if code not in network.nodes:
                raise ImportFailed(file, number, f"unknown character code {code!r} in chapter {chapter} (not in the character table)")
            network.node(code, slice=chapter, origin=origin, listed=True)
        for source, target in combinations(codes, 2):
            network.link(source, target, 1, slice=chapter, origin=origin)
