"""The scalars of plain YAML, read as libyaml reads them: plain (folded over lines), single- and
double-quoted (escapes, folding), literal and folded block scalars, and flow collections on one
line. The base of `plainyaml`'s reader; anything unsure raises Declined.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import yaml

__all__ = ["MEMO_LIMIT", "MISS", "Declined", "ScalarReader", "is_plain_start"]

_STR = "tag:yaml.org,2002:str"
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@` ")  # a plain scalar starts with none (but "-x", "?x", ":x")
_FLOW_PLAIN = re.compile(r"(?:[^\s,\[\]{}#:?'\"&*!|>%@`-]|-(?=[^\s,\[\]{}]))[^,\[\]{}#:?]*")
_ESCAPES = {code: text for code, text in yaml.scanner.Scanner.ESCAPE_REPLACEMENTS.items() if code != "\t"}
_HEX_LENGTHS = dict(yaml.scanner.Scanner.ESCAPE_CODES)
_HEX = re.compile(r"[0-9A-Fa-f]+")
_DOUBLE_STOP = re.compile(r'["\\]')
MISS = object()  # not a plain scalar on its line
MEMO_LIMIT = 200_000


def is_plain_start(text: str, at: int) -> bool:
    """Whether a plain scalar may start at `at` of `text` (in block style)."""
    return text[at] not in _INDICATORS or (text[at] in "-?:" and text[at + 1 : at + 2] not in ("", " "))


class Declined(Exception):
    """Outside what the reader is sure of: the caller parses the text with libyaml."""


class ScalarReader:
    """Scalars of `lines` (a text split at its line breaks, ending with the empty line after the
    last), typed by `implicit_tag` and `scalars`."""

    def __init__(self, lines: list[str], implicit_tag: Callable[[str], str], scalars: dict):
        self.lines, self.last = lines, len(lines) - 1
        self.implicit_tag, self.scalars = implicit_tag, scalars
        self.values: dict[str, Any] = {}  # short plain scalars seen, and their values
        self.flow_line = -1

    def _resolve(self, text: str) -> Any:
        tag = self.implicit_tag(text)
        if tag == _STR:
            return text
        build = self.scalars.get(tag)
        if build is None:
            raise Declined
        try:
            return build(yaml.ScalarNode(tag, text))
        except Exception:  # noqa: BLE001 - a refused value (the integer cap): libyaml says why
            raise Declined from None

    def _simple_plain(self, raw: str) -> Any:
        """The value of `raw` if it is a whole plain scalar on one line, else MISS."""
        value = self.values.get(raw, MISS)
        if value is not MISS:
            return value
        if (raw[0] in _INDICATORS and not is_plain_start(raw, 0)) or raw[-1] in ": " or " #" in raw or ": " in raw:
            return MISS
        value = self._resolve(raw)
        if len(raw) <= 40 and len(self.values) < MEMO_LIMIT:
            self.values[raw] = value
        return value

    def _scalar(self, i: int, p: int, parent: int) -> tuple[Any, int]:
        """The scalar at column p of line i, not a key; returns it and the line after it."""
        line = self.lines[i]
        first = line[p]
        if first in "'\"":
            value, i, end = self._quoted(i, p)
            self._line_end(self.lines[i], end)
            return value, i + 1
        if first in "|>":
            return self._block(i, p, parent)
        if first in "[{":
            value, end = self._flow(i, line, p)
            self._line_end(line, end)
            self.flow_line = i
            return value, i + 1
        if not is_plain_start(line, p):
            raise Declined
        return self._plain(i, p, parent)

    @staticmethod
    def _line_end(line: str, end: int) -> None:
        """What follows a scalar on its line must be nothing or a comment."""
        rest = line[end:]
        if rest and not (rest.lstrip(" ") == "" or (rest[0] == " " and rest.lstrip(" ")[0] == "#")):
            raise Declined

    def _plain(self, i: int, p: int, parent: int) -> tuple[Any, int]:
        """A plain scalar from column p of line i, folded over the lines deeper than `parent`."""
        lines, last = self.lines, self.last
        chunks = []
        column, after = p, i + 1
        while True:
            line = lines[i]
            h = line.find(" #", column)
            end = len(line) if h < 0 else h
            if line.find(": ", column, end + 1) >= 0 or (h < 0 and line.endswith(":")):
                raise Declined
            chunks.append(line[column:end].rstrip(" "))
            after = i + 1
            if h >= 0:
                break
            breaks, i = 0, i + 1
            while i < last and not lines[i].strip(" "):
                breaks, i = breaks + 1, i + 1
            if i >= last:
                break
            line = lines[i]
            content = line.lstrip(" ")
            column = len(line) - len(content)
            if column <= parent or content[0] == "#":
                break
            chunks.append("\n" * breaks if breaks else " ")
        return self._resolve("".join(chunks)), after

    def _quoted(self, i: int, p: int) -> tuple[str, int, int]:
        """A quoted scalar opening at column p of line i: its text, and the line and column after
        its closing quote."""
        lines, last = self.lines, self.last
        double = lines[i][p] == '"'
        chunks: list[str] = []
        line, pos = lines[i], p + 1
        while True:
            if double:
                found = _DOUBLE_STOP.search(line, pos)
                q = found.start() if found else -1
            else:
                q = line.find("'", pos)
            if q >= 0:
                chunks.append(line[pos:q])
                if not double:
                    if line.startswith("'", q + 1):
                        chunks.append("'")
                        pos = q + 2
                        continue
                    return "".join(chunks), i, q + 1
                if line[q] == '"':
                    return "".join(chunks), i, q + 1
                if q + 1 < len(line):  # an escape
                    code = line[q + 1]
                    if code in _ESCAPES:
                        chunks.append(_ESCAPES[code])
                        pos = q + 2
                        continue
                    length = _HEX_LENGTHS.get(code)
                    digits = line[q + 2 : q + 2 + length] if length else ""
                    if not length or len(digits) != length or not _HEX.fullmatch(digits):
                        raise Declined
                    point = int(digits, 16)
                    if 0xD800 <= point <= 0xDFFF or point > 0x10FFFF:
                        raise Declined
                    chunks.append(chr(point))
                    pos = q + 2 + length
                    continue
                escaped = True  # a backslash ending the line: the break is dropped
            else:
                chunks.append(line[pos:].rstrip(" "))
                escaped = False
            breaks, i = 0, i + 1
            while i < last and not lines[i].strip(" "):
                breaks, i = breaks + 1, i + 1
            if i >= last:
                raise Declined
            line = lines[i]
            pos = len(line) - len(line.lstrip(" "))
            chunks.append("\n" * breaks if (breaks or escaped) else " ")

    def _flow(self, i: int, line: str, p: int) -> tuple[Any, int]:
        """The flow sequence or mapping at column p of line i, all on the line, of scalars and
        flow collections: it and the column after it."""
        mapping = line[p] == "{"
        close = "}" if mapping else "]"
        items: Any = {} if mapping else []
        pos = p + 1
        while line.startswith(" ", pos):
            pos += 1
        if line.startswith(close, pos):
            return items, pos + 1
        while True:
            item, pos = self._flow_node(i, line, pos)
            if mapping:
                if not line.startswith(": ", pos) or item.__class__ in (list, dict) or item in items:
                    raise Declined
                pos += 2
                while line.startswith(" ", pos):
                    pos += 1
                items[item], pos = self._flow_node(i, line, pos)
            else:
                items.append(item)
            while line.startswith(" ", pos):
                pos += 1
            if line.startswith(close, pos):
                return items, pos + 1
            if not line.startswith(",", pos):
                raise Declined
            pos += 1
            while line.startswith(" ", pos):
                pos += 1

    def _flow_node(self, i: int, line: str, pos: int) -> tuple[Any, int]:
        first = line[pos]
        if first in "'\"":
            value, end_line, pos = self._quoted(i, pos)
            if end_line != i:
                raise Declined
            return value, pos
        if first in "[{":
            return self._flow(i, line, pos)
        found = _FLOW_PLAIN.match(line, pos)
        if found is None:
            raise Declined
        return self._resolve(found.group().rstrip(" ")), found.end()

    def _block(self, i: int, p: int, parent: int) -> tuple[str, int]:
        """A literal (|) or folded (>) block scalar whose header is at column p of line i, as
        libyaml's scanner reads it (indentation found from the first lines; no indentation
        indicator)."""
        lines, last = self.lines, self.last
        line = lines[i]
        literal = line[p] == "|"
        chomping = line[p + 1 : p + 2]
        if chomping in ("+", "-"):
            p += 1
        else:
            chomping = ""
        self._line_end(line, p + 1)
        j, breaks, widest = i + 1, 0, 0
        while j < last:  # empty lines before the first line of text set the indentation too
            content = lines[j].lstrip(" ")
            widest = max(widest, len(lines[j]) - len(content))
            if content:
                break
            breaks, j = breaks + 1, j + 1
        indent = max(widest, parent + 1, 1)
        chunks: list[str] = []
        leading_break, trailing, leading_blank = "", "\n" * breaks, False
        while j < last and len(lines[j]) - len(lines[j].lstrip(" ")) >= indent:
            text = lines[j][indent:]
            trailing_blank = text[0] == " "
            if not literal and leading_break and not leading_blank and not trailing_blank:
                if not trailing:
                    chunks.append(" ")
            else:
                chunks.append(leading_break)
            chunks.append(trailing)
            leading_blank = trailing_blank
            chunks.append(text)
            leading_break, trailing, j = "\n", "", j + 1
            while j < last:  # empty lines (at most `indent` spaces) after it
                spaces = len(lines[j]) - len(lines[j].lstrip(" "))
                if spaces != len(lines[j]) or spaces > indent:
                    break
                trailing, j = trailing + "\n", j + 1
        if chomping != "-":
            chunks.append(leading_break)
        if chomping == "+":
            chunks.append(trailing)
        return "".join(chunks), j
