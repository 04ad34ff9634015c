"""Records: the fast path of `plainyaml` for runs of flat items in a block sequence.

Fact files are long block sequences of flat mappings, each key on its own line with a plain
value on the line, or a list of plain values on the lines below it:

    - subject: hero-211
      relation: appears-in
      sources:
      - src

`RecordRuns.read` reads such items from a line, one loop over the lines, each split once at its
first ": " and its parts looked up in memos (fact files repeat their keys and many values), the
checks of a part done once, by the general reader's own rules (`ScalarReader._simple_plain`,
the plain key rules of `plainyaml`). A run ends cleanly at a line with content at the sequence's
column or less (the next item of another kind, the next key of the document) or at the end of
the text; blank and comment lines are passed over (YAML ignores them there: no block or quoted
scalar over lines is read in a run); at anything else (a quoted, flow or block value, a nested
mapping, a value over lines, other indentation) the item holding it is taken back and left to
the general reader, which reads it and calls again for the items after it. So the path decides
nothing the general reader would not.
"""

from __future__ import annotations

from typing import Any

from universe.storage.yamlscalars import MEMO_LIMIT, MISS, Declined, ScalarReader, is_plain_start

__all__ = ["RecordRuns"]

# What a line is, for a sequence at column I (keys at I + 2): the first key of an item
# ("- key: value" at I), a key of the item, either with a list below ("key:"); an entry of that
# list at I + 2 or I + 4, a plain value or the first line of a flat item (read as a run of its
# own); a blank or comment line (nothing: a run holds no block or quoted scalar over lines that
# could hold one); the end (content at column I or less); anything else.
_NEW, _KEY, _NEW_LIST, _KEY_LIST, _ENTRY, _NESTED, _SKIP, _END, _STOP = range(9)
_UNKNOWN = (_STOP, None)
_MEMO_LINE = 120  # longer lines are classified again each time, not remembered


class RecordRuns:
    """The runs of flat items of one text, read with the general reader's scalar rules."""

    def __init__(self, reader: ScalarReader, keys: dict):
        self.lines, self.last = reader.lines, reader.last
        self.keys, self.values = keys, reader.values
        self.simple_plain, self.resolve = reader._simple_plain, reader._resolve  # noqa: SLF001 - its own rules
        self.memos: dict[int, tuple[dict, dict, dict]] = {}  # per column: keys of items; other lines split at ": "; the rest

    def read(self, i: int, indent: int, result: list, starts: list | None) -> int:
        """Append the items of the run starting at line i (an item of a sequence at column
        `indent`) to `result` and their first lines to `starts`; the line after the run, i when
        there is none."""
        memo = self.memos.get(indent)
        if memo is None:
            memo = self.memos[indent] = ({}, {}, {})
        keyed, pairs, others = memo
        lines, last, values, simple_plain, classify = self.lines, self.last, self.values, self.simple_plain, self._classify
        miss, new, new_list, entry, nested = MISS, _NEW, _NEW_LIST, _ENTRY, _NESTED
        mark, first = len(result), i  # where the item being read starts
        item: dict = {}
        entries: list | None = None  # the list of the last key, if it has one
        want, column = False, -1  # whether that list has no entry yet; the column of its entries
        kind, j = _END, i
        while j < last:
            line = lines[j]
            head, sep, tail = line.partition(": ")
            if sep:
                key = keyed.get(head, miss)
                if key is miss:  # the first key of an item, or not a key of ours
                    kind, key = pairs.get(head) or classify(head, indent, memo, True)
                    if kind == new and not want:
                        mark, first = len(result), j
                        item = {}
                        result.append(item)
                        if starts is not None:
                            starts.append(j)
                    elif kind == nested and entries is not None and (want or column == key):  # a run of its own
                        after = self.read(j, key, entries, None)
                        if after == j:
                            kind = _STOP
                            break
                        want, column, j = False, key, after
                        continue
                    elif kind == _SKIP:
                        j += 1
                        continue
                    elif kind != _KEY or want:
                        break
                elif want:
                    break
                if key in item:
                    raise Declined  # a key twice: as the general reader does
                value = values.get(tail, miss)
                if value is miss:
                    value = simple_plain(tail) if tail else miss
                    if value is miss:
                        kind = _STOP
                        break
                item[key] = value
                entries = None
                j += 1
                continue
            kind, key = others.get(line) or classify(line, indent, memo, False)
            if kind == entry:
                if entries is None or (column != key[0] and not want):
                    kind = _STOP
                    break
                column, want = key[0], False
                entries.append(key[1])
            elif kind == nested and entries is not None and (want or column == key):
                after = self.read(j, key, entries, None)
                if after == j:
                    kind = _STOP
                    break
                want, column, j = False, key, after
                continue
            elif kind == _SKIP:
                pass
            elif want or kind > _KEY_LIST:
                break
            else:
                if kind == new_list:
                    mark, first = len(result), j
                    item = {}
                    result.append(item)
                    if starts is not None:
                        starts.append(j)
                elif key in item:
                    raise Declined
                item[key] = entries = []
                want = True
            j += 1
        else:
            kind = _END
        if want or kind != _END:  # that item is the general reader's
            if starts is not None:
                del starts[len(starts) - (len(result) - mark) :]
            del result[mark:]
            return first
        return j

    def _classify(self, text: str, indent: int, memo: tuple[dict, dict, dict], pair: bool) -> tuple[int, Any]:
        """What a line (`pair`: the part before its first ": ") is, as ``(kind, key)``, where the
        key of an entry is its column and value; remembered."""
        known = self._kind(text, indent, pair)
        keyed, pairs, others = memo
        if len(text) <= _MEMO_LINE and len(pairs) + len(others) < MEMO_LIMIT:
            if not pair:
                others[text] = known
            elif known[0] == _KEY:
                keyed[text] = known[1]
            else:
                pairs[text] = known
        return known

    def _kind(self, text: str, indent: int, pair: bool) -> tuple[int, Any]:
        content = text.lstrip(" ")
        column = len(text) - len(content)
        if not content or content[0] == "#":
            return (_SKIP, None)  # a blank or comment line: nothing in YAML, here
        if column < indent or (column == indent and not text.startswith("- ", indent)):
            return (_END, None)  # the sequence ends: the item before it is whole
        if column == indent:  # the next item: one of ours, or the general reader's after a whole item
            content = text[indent + 2 :]
            if content[:1] in ("", " ", "#") or content.startswith("- "):
                return (_END, None)
            key = self.key(content if pair else content[:-1] if content.endswith(":") else "")
            return (_END, None) if key is MISS else (_NEW if pair else _NEW_LIST, key)
        if column == indent + 2 and not content.startswith("- "):
            key = self.key(content if pair else content[:-1] if content.endswith(":") else "")
            return _UNKNOWN if key is MISS else (_KEY if pair else _KEY_LIST, key)
        if column not in (indent + 2, indent + 4) or not content.startswith("- "):
            return _UNKNOWN
        if pair or content.endswith(":"):  # an item of flat items, the first key on the dash's line
            return (_NESTED, column)
        value = self.simple_plain(content[2:]) if len(content) > 2 else MISS
        return _UNKNOWN if value is MISS else (_ENTRY, (column, value))

    def key(self, raw: str) -> Any:
        """The key a plain key text gives, MISS unless the general reader takes it too."""
        key = self.keys.get(raw, MISS)
        if key is MISS:
            if not raw or not is_plain_start(raw, 0) or raw[-1] in ": " or " #" in raw or ": " in raw or len(raw) > 1000:
                return MISS
            key = self.keys[raw] = self.resolve(raw)
        return key
