"""A fast reader for plain block YAML: the subset `dump_yaml` writes and people commonly write.

Block mappings and sequences (indented or not under their key), plain, single- and double-quoted
scalars (on one line or folded over several), literal and folded block scalars (``|``, ``>-``),
flow sequences and mappings on one line (``[a, 'b c']``, ``{subject: a, sources: [b]}``, as the
importers write statements), and comments. Scalars get YAML 1.1's types through the resolver
and constructors `yamlfile` passes in, so the data is exactly what libyaml and PyYAML give; the
scalars are read in `yamlscalars`, the structure here, and the runs of flat items that make most
of a fact file in `plainrecords` (one loop over their lines, by this reader's own rules; the
indentation of every line is computed only when the general reader here needs it).

It never reports an error: anything it is not sure of (an anchor, alias, tag, tab, document
marker, complex key, duplicate key, odd indentation, a character outside YAML's printable set,
a text without a final line break, any error at all) makes it decline, returning None, and the
caller parses the text with libyaml, whose messages name the file and line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cached_property
from typing import Any, NamedTuple

from universe.storage.plainrecords import RecordRuns
from universe.storage.yamlscalars import MEMO_LIMIT, MISS, Declined, ScalarReader, is_plain_start

__all__ = ["PlainDocument", "read_plain"]

# Any character YAML does not read as printable, or reads as a line break or tab; a BOM inside.
_ODD = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
_ASCII_PRINTABLE = b"\n" + bytes(range(0x20, 0x7F))
_EMPTY, _MAPPING = object(), object()  # nothing after the key or dash; a key after the dash


class PlainDocument(NamedTuple):
    """The data of a document the reader was sure of."""

    data: Any


def read_plain(text: str, implicit_tag: Callable[[str], str], scalars: dict, index: dict | None = None) -> PlainDocument | None:
    """The data of YAML `text`, or None when the reader declines it.

    `implicit_tag` gives a plain scalar's tag and `scalars` maps a tag to the constructor taking
    a ScalarNode (one that raises refuses the value: the reader declines). When the document is
    read, `index` gets the first line (0-based) of each item of each top-level list and the
    line after it ends, as libyaml's marks give them; when declined, `index` is left untouched.
    """
    text = text.removeprefix("\ufeff")
    if not text.endswith("\n") or _has_odd_characters(text) or text.startswith(("---", "...")) or "\n---" in text or "\n..." in text:
        return None
    reader = _Reader(text, implicit_tag, scalars)
    found: dict = {}
    try:
        data = reader.document(found)
    except (Declined, RecursionError, IndexError):
        return None
    if index is not None:
        index.update(found)
    return PlainDocument(data)


def _has_odd_characters(text: str) -> bool:
    if text.isascii():  # the common case, ten times faster than the expression
        return bool(text.encode("ascii").translate(None, _ASCII_PRINTABLE))
    return _ODD.search(text) is not None


class _Reader(ScalarReader):
    """One reading of one text: `lines`, and `levels[i]` the indentation of line i, -1 for a
    blank or comment line, -2 for the end (the empty line after the last line break)."""

    def __init__(self, text: str, implicit_tag: Callable[[str], str], scalars: dict):
        super().__init__(text.split("\n"), implicit_tag, scalars)
        self.entries: dict[str, tuple] = {}  # lines seen, and what they are (fact files repeat many)
        self.items: dict[str, tuple] = {}
        self.keys: dict[str, Any] = {}
        self.records = RecordRuns(self, self.keys)

    @cached_property
    def levels(self) -> list[int]:
        """Computed when first needed: not at all for a text of runs of flat items only."""
        lines = self.lines
        levels = [len(line) - len(content) if content and content[0] != "#" else -1
                  for line, content in zip(lines, [line.lstrip(" ") for line in lines])]
        levels[-1] = -2
        return levels

    # -- structure ------------------------------------------------------------------------

    def document(self, index: dict) -> Any:
        data, i = self._top_runs(index)
        if i == self.last:
            return data
        levels = self.levels
        while levels[i] == -1:
            i += 1
        level = levels[i]
        if data:  # the top-level mapping goes on (at column 0, or it ends)
            if level == 0:
                rest, i = self._mapping(i, 0, index)
                if any(key in data for key in rest):
                    raise Declined
                data.update(rest)
        elif level == -2:
            return None
        elif self._is_entry(self.lines[i], level):
            data, i = self._sequence(i, level)
        else:
            data, i = self._mapping(i, level, index)
        while levels[i] == -1:
            i += 1
        if levels[i] != -2:
            raise Declined
        return data

    def _top_runs(self, index: dict) -> tuple[dict, int]:
        """The first keys of a top-level mapping whose values are runs of flat items, read
        without `levels` (a fact file is often nothing else): each "key:" at column 0 with a
        block sequence below it, at column 0 or 2. The keys and the line where the general
        reader goes on; ({}, 0) when the text does not start so (but comment lines)."""
        lines, last, records = self.lines, self.last, self.records
        data: dict = {}
        i = 0
        while i < last and (not lines[i].strip(" ") or lines[i].lstrip(" ")[0] == "#"):
            i += 1
        while i < last - 1:
            line, below = lines[i], lines[i + 1]
            indent = 0 if below.startswith("- ") else 2 if below.startswith("  - ") else -1
            key = records.key(line[:-1]) if indent >= 0 and line.endswith(":") else MISS
            if key is MISS:
                break
            starts: list | None = [] if index is not None else None
            items: list = []
            j = records.read(i + 1, indent, items, starts)
            if lines[j].startswith("  -" if indent else "-"):  # an item the general reader reads, and the rest
                rest, j = self._sequence(j, indent, starts)
                items.extend(rest)
            elif starts is not None:
                starts.append(j)
            if key in data:
                raise Declined
            data[key] = items
            if index is not None:
                index[line[:-1]] = starts
            i = j
        return data, i if data else 0
    @staticmethod
    def _is_entry(line: str, column: int) -> bool:
        return line.startswith("-", column) and (len(line) == column + 1 or line[column + 1] == " ")

    def _mapping(self, i: int, indent: int, index: dict | None = None) -> tuple[dict, int]:
        """The block mapping whose first key is at column `indent` of line i."""
        lines, levels, entries = self.lines, self.levels, self.entries
        miss, empty = MISS, _EMPTY
        result: dict = {}
        while True:
            line = lines[i]
            known = entries.get(line)
            if known is None or known[0] != indent:
                known = self._entry(line, indent, i)
            _, key, raw, start, value = known
            if key in result:
                raise Declined
            plain = -1
            if value is miss:
                value, i = self._scalar(i, start, indent)
                if index is not None and value.__class__ is list:
                    index[raw] = [self.flow_line] * (len(value) + 1)
            elif value is empty:  # the value is on the lines below, or empty
                starts = [] if index is not None else None
                j = i + 1
                while levels[j] == -1:
                    j += 1
                if levels[j] > indent:
                    value, i = self._nested(j, indent, starts)
                elif levels[j] == indent and self._is_entry(lines[j], indent):
                    value, i = self._sequence(j, indent, starts)
                else:
                    value, i = self._resolve(""), j
                if index is not None and value.__class__ is list:
                    index[raw] = starts if starts else [self.flow_line] * (len(value) + 1)
            else:
                plain, i = i, i + 1
            result[key] = value
            while True:
                level = levels[i]
                while level == -1:
                    i += 1
                    level = levels[i]
                if level == indent:
                    break
                if level < indent:
                    return result, i
                if plain < 0:
                    raise Declined
                result[key], i = self._plain(plain, start, indent)
                plain = -1

    def _entry(self, line: str, indent: int, i: int) -> tuple[int, Any, str, int, Any]:
        """``(indent, key, key text, column of the value, value)`` of the key line i of a mapping
        at `indent`; the value is _EMPTY when nothing follows the key, MISS when it is not a plain
        scalar on the line. Kept for the next line of the same text when all is plain."""
        if line[indent] in "'\"":
            key, end_line, end = self._quoted(i, indent)
            if end_line != i or not line.startswith(":", end) or line[end + 1 : end + 2] not in ("", " "):
                raise Declined
            raw, k = key, end
            memo = False
        else:
            k = line.find(": ", indent)
            if k < 0:
                if not line.endswith(":"):
                    raise Declined
                k = len(line) - 1
            raw = line[indent:k]
            key = self.keys.get(raw, MISS)
            if key is MISS:
                if not raw or not is_plain_start(raw, 0) or raw[-1] in ": " or " #" in raw or len(raw) > 1000:
                    raise Declined
                key = self.keys[raw] = self._resolve(raw)
            memo = True
        rest = line[k + 1 :].lstrip(" ")
        start = len(line) - len(rest)
        if not rest or rest[0] == "#":
            value = _EMPTY
        else:
            value = self._simple_plain(rest)
        if memo and value is not MISS and len(line) <= 120 and len(self.entries) < MEMO_LIMIT:
            self.entries[line] = (indent, key, raw, start, value)
        return indent, key, raw, start, value

    def _sequence(self, i: int, indent: int, starts: list | None = None) -> tuple[list, int]:
        """The block sequence whose first entry is at column `indent` of line i; `starts` gets
        the first line of each item, and the line after the sequence."""
        lines, levels, items = self.lines, self.levels, self.items
        miss, empty, mapping = MISS, _EMPTY, _MAPPING
        result: list = []
        append = result.append
        while True:
            line = lines[i]
            known = items.get(line)
            if known is None or known[0] != indent:
                known = self._item(line, indent)
                if known is None:
                    break
            _, p, value = known
            plain = -1
            if value is mapping and p == indent + 2 and (j := self.records.read(i, indent, result, starts)) > i:
                i = j  # a run of flat items (see plainrecords); it ends at a line with content
                if levels[i] != indent:  # at the sequence's column or less, or at the end
                    break
                continue
            if value is mapping:
                if starts is not None:
                    starts.append(i)
                levels[i] = p
                value, i = self._mapping(i, p)
            elif value is empty:  # the item is on the lines below, or empty
                j = i + 1
                while levels[j] == -1:
                    j += 1
                if starts is not None:
                    starts.append(j if levels[j] > indent else i)
                if levels[j] > indent:
                    value, i = self._nested(j, indent)
                else:
                    value, i = self._resolve(""), j
            else:
                if starts is not None:
                    starts.append(i)
                if value is miss:
                    value, i = self._node(i, p, indent)
                else:
                    plain, i = i, i + 1
            append(value)
            while True:
                level = levels[i]
                while level == -1:
                    i += 1
                    level = levels[i]
                if level == indent:
                    break
                if level < indent:
                    if starts is not None:
                        starts.append(i)
                    return result, i
                if plain < 0:
                    raise Declined
                result[-1], i = self._plain(plain, p, indent)
                plain = -1
        if starts is not None:
            starts.append(i)
        return result, i

    def _item(self, line: str, indent: int) -> tuple[int, int, Any] | None:
        """``(indent, column of the item, value)`` of an entry of a sequence at `indent`, None if
        the line is not one; the value is _EMPTY when nothing follows the dash, _MAPPING for a
        key, MISS for any other node than a plain scalar on the line."""
        if not line.startswith("-", indent):
            return None
        p = indent + 1
        if p < len(line):
            if line[p] != " ":
                return None
            p = len(line) - len(line[p:].lstrip(" "))
        if p == len(line) or line[p] == "#":
            value = _EMPTY
        elif line[p] not in "'\"[{" and self._is_key(line, p, -1):
            value = _MAPPING
        else:
            value = self._simple_plain(line[p:])
        known = (indent, p, value)
        if value is not MISS and len(line) <= 120 and len(self.items) < MEMO_LIMIT:
            self.items[line] = known
        return known

    def _nested(self, j: int, parent: int, starts: list | None = None) -> tuple[Any, int]:
        """The block node starting on line j, below a key or an entry at column `parent`."""
        return self._node(j, self.levels[j], parent, starts)

    def _node(self, i: int, p: int, parent: int, starts: list | None = None) -> tuple[Any, int]:
        """The node at column p of line i (a mapping, a nested entry or a scalar); `starts`
        gets the first line of each item of a sequence."""
        line = self.lines[i]
        if self._is_entry(line, p):
            self.levels[i] = p
            return self._sequence(i, p, starts)
        if self._is_key(line, p, i):
            self.levels[i] = p
            return self._mapping(i, p)
        return self._scalar(i, p, parent)

    def _is_key(self, line: str, p: int, i: int) -> bool:
        if line[p] in "'\"":
            _, end_line, end = self._quoted(i, p)
            return end_line == i and line.startswith(":", end)
        if line[p] in "[{":
            return False
        h = line.find(" #", p)
        end = len(line) if h < 0 else h
        return line.find(": ", p, end + 1) >= 0 or (h < 0 and line.endswith(":"))
