"""Read one YAML file safely, and find the line of any entry in it.

Safe means: a regular file (not a symbolic link, FIFO or device: nothing that hangs or never
ends: `regularfile`), at most `regularfile.MAX_FILE_BYTES`, strict UTF-8, no tags that build Python objects, no anchors or
aliases (an alias bomb is refused before anything walks it), no integer longer than
`MAX_INTEGER_DIGITS`, and dates kept as plain text.
The fast path composes with libyaml and builds plain data itself (only str, int, float, bool,
None, list, dict: any other tag is refused); a file that might hold an anchor or alias is composed
by the pure-Python loader instead, which refuses the first one with its line.
"""

from __future__ import annotations

import os
import re
from typing import Any, Sequence

import yaml

from universe.errors import FileRefused
from universe.storage.plainyaml import read_plain
from universe.storage.regularfile import read_regular_file

try:  # libyaml, the C parser PyYAML wheels ship
    from yaml._yaml import CParser as _CParser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    _CParser = None

__all__ = ["MAX_INTEGER_DIGITS", "read_yaml", "read_yaml_indexed", "parse_yaml", "LineFinder", "dump_yaml"]

MAX_INTEGER_DIGITS = 100  # longer integers crash Python's int-to-text (4,300 digits) or float

# A '&' or '*' that starts a YAML token: a cheap, conservative test for anchors and aliases.
_MAYBE_ANCHOR = re.compile(rb"(?:^|[\s\[\{,:?-])[&*][^\s,\[\]\{\}]", re.MULTILINE)


def _without_timestamps(resolvers: dict) -> dict:
    return {
        first: [(tag, regexp) for tag, regexp in entries if tag != "tag:yaml.org,2002:timestamp"]
        for first, entries in resolvers.items()
    }


_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_NULL = "tag:yaml.org,2002:null"
_IMPLICIT = _without_timestamps(yaml.resolver.Resolver.yaml_implicit_resolvers)
_SAFE = yaml.constructor.SafeConstructor()


def _integer(node: yaml.ScalarNode) -> int:
    digits = len(node.value)
    if digits > MAX_INTEGER_DIGITS:
        raise _refuse(node, f"integer of {digits:,} characters is too long (at most {MAX_INTEGER_DIGITS}): quote it if it is text")
    return _SAFE.construct_yaml_int(node)


_SCALARS = {
    _STR: lambda node: node.value,
    _NULL: lambda node: None,
    "tag:yaml.org,2002:bool": _SAFE.construct_yaml_bool,
    "tag:yaml.org,2002:int": _integer,
    "tag:yaml.org,2002:float": _SAFE.construct_yaml_float,
    "tag:yaml.org,2002:timestamp": lambda node: node.value,  # dates stay text
}


def _implicit_tag(value: str) -> str:
    """The tag YAML 1.1 gives a plain scalar (dates stay text)."""
    if value == "":
        return _NULL
    for tag, regexp in _IMPLICIT.get(value[0], ()):
        if regexp.match(value):
            return tag
    return _STR


class _FastComposer(_CParser or object):  # type: ignore[misc]
    """libyaml's composer, with a lean YAML 1.1 resolver (PyYAML's costs ~4 us a scalar) that
    remembers short values: fact files repeat the same keys, ids and story points."""

    _memo: dict[str, str] = {}

    def descend_resolver(self, parent, index):  # noqa: ANN001 - called by libyaml's composer
        pass

    def ascend_resolver(self):
        pass

    def resolve(self, kind, value, implicit):  # noqa: ANN001
        if kind is yaml.ScalarNode:
            if implicit[0]:
                tag = self._memo.get(value)
                if tag is None:
                    tag = _implicit_tag(value)
                    if len(value) <= 40 and len(self._memo) < 100_000:
                        self._memo[value] = tag
                return tag
            return _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP


class _StrictLoader(yaml.SafeLoader):
    """The pure-Python composer, refusing anchors and aliases, with dates left as strings."""

    def compose_node(self, parent, index):  # noqa: ANN001 - PyYAML's signature
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise yaml.MarkedYAMLError(
                problem=f"YAML anchors and aliases are not allowed (found {event.anchor!r})",
                problem_mark=event.start_mark,
            )
        return super().compose_node(parent, index)


_StrictLoader.yaml_implicit_resolvers = _without_timestamps(yaml.SafeLoader.yaml_implicit_resolvers)


def _compose(text: str, strict: bool) -> yaml.Node | None:
    if strict or _CParser is None:
        loader = _StrictLoader(text)
    else:
        loader = _FastComposer(text)
    try:
        return loader.get_single_node()
    finally:
        if hasattr(loader, "dispose"):
            loader.dispose()


_SCALAR = yaml.ScalarNode  # the composer makes exactly these (no subclasses): compared by identity


def _construct(node: yaml.Node, seen: set[int]) -> Any:
    """Plain Python data from a node tree: str, int, float, bool, None, list and dict only.

    (Text, most of a file, is taken inline: a call per scalar is a fifth of a load.)
    """
    if isinstance(node, yaml.ScalarNode):
        build = _SCALARS.get(node.tag)
        if build is None:
            raise _refuse(node, f"YAML tag {node.tag!r} is not allowed")
        return build(node)
    if id(node) in seen:  # the same node twice: an alias slipped through
        raise _refuse(node, "YAML anchors and aliases are not allowed")
    seen.add(id(node))
    if isinstance(node, yaml.SequenceNode) and node.tag == _SEQ:
        return [child.value if child.__class__ is _SCALAR and child.tag == _STR else _construct(child, seen)
                for child in node.value]
    if isinstance(node, yaml.MappingNode) and node.tag == _MAP:
        mapping: dict = {}
        for key_node, value_node in node.value:
            if key_node.__class__ is _SCALAR and key_node.tag == _STR:
                key = key_node.value
            else:
                key = _construct(key_node, seen)
                if isinstance(key, (list, dict)):
                    raise _refuse(key_node, "a mapping key must be a plain value")
            if key in mapping:
                raise _refuse(key_node, f"duplicate key {key!r}")
            if value_node.__class__ is _SCALAR and value_node.tag == _STR:
                mapping[key] = value_node.value
            else:
                mapping[key] = _construct(value_node, seen)
        return mapping
    raise _refuse(node, f"YAML tag {node.tag!r} is not allowed")


def _refuse(node: yaml.Node, problem: str) -> yaml.MarkedYAMLError:
    return yaml.MarkedYAMLError(problem=problem, problem_mark=node.start_mark)


def read_yaml(path: "str | os.PathLike[str]", *, label: str | None = None) -> tuple[Any, str]:
    """Read and parse the YAML file at `path`; return ``(data, text)``.

    `label` is how messages name the file (default: the path). Raises FileRefused with a
    ``file:line: message`` text for a file too large, not UTF-8, or not safe, valid YAML.
    """
    data, text, _ = read_yaml_indexed(path, label=label)
    return data, text


def read_yaml_indexed(path: "str | os.PathLike[str]", *, label: str | None = None) -> tuple[Any, str, dict]:
    """Like read_yaml, plus the index LineFinder uses: the first line of each item of each
    top-level list (``{"statements": [3, 9, ...]}``, 0-based).

    `label` is how messages name the file (default: the path). Raises FileRefused with a
    ``file:line: message`` text for a file too large, not UTF-8, or not safe, valid YAML.
    """
    name = label or str(path)
    raw = read_regular_file(path, name)
    index: dict = {}
    data = parse_yaml(raw, name, index)
    return data, raw.decode("utf-8", errors="replace"), index


def parse_yaml(raw: bytes, name: str, index: dict | None = None) -> Any:
    """Parse YAML bytes under the rules above; `name` labels messages. When given, `index` is
    filled with the first line of every item of every top-level list."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        bad = raw[error.start : error.end]
        raise FileRefused(name, line, f"not UTF-8 text (bytes {bad!r})") from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise FileRefused(name, line, "NUL character in file")
    if (plain := read_plain(text, _implicit_tag, _SCALARS, index)) is not None:  # no libyaml: see plainyaml
        return plain.data
    strict = bool(_MAYBE_ANCHOR.search(raw.removeprefix(b"\xef\xbb\xbf")))
    try:
        node = _compose(text, strict)
        if node is None:
            return None
        if index is not None and isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and isinstance(value, yaml.SequenceNode):
                    index[key.value] = [item.start_mark.line for item in value.value] + [value.end_mark.line]
        return _construct(node, set())
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = error.problem or "invalid YAML"
        if "could not determine a constructor" in problem:
            problem = f"YAML tag {error.problem.split('tag ')[-1]} is not allowed"
        context = f" ({error.context})" if error.context and "constructor" not in error.context else ""
        raise FileRefused(name, line, f"{problem}{context}") from None
    except yaml.YAMLError as error:
        raise FileRefused(name, None, f"invalid YAML: {error}") from None
    except RecursionError:
        raise FileRefused(name, None, "nesting too deep") from None


class LineFinder:
    """Finds the line of an entry, given its path of keys and indexes.

    With the index from read_yaml_indexed, an entry inside a top-level list is found by
    re-reading only that item; otherwise the whole text is composed once, on first use.
    """

    read_keys = True  # find `key: value` of an item in its text, composing it only when unsure

    def __init__(self, text: str, index: dict | None = None):
        self._text = text
        self._index = index or {}
        self._lines: list[str] | None = None
        self._root: yaml.Node | None = None
        self._parsed = False

    def line(self, path: Sequence[object]) -> int | None:
        """The 1-based line of the deepest node along `path` that exists, or None."""
        starts = self._index.get(path[0]) if len(path) >= 2 else None
        if starts is not None and isinstance(path[1], int) and 0 <= path[1] < len(starts) - 1:
            first, last = starts[path[1]], starts[path[1] + 1]
            if self._lines is None:
                self._lines = self._text.splitlines(keepends=True)
            if len(path) == 3 and isinstance(path[2], str) and self.read_keys:
                found = _key_line(self._lines, first, last, path[2])
                if found is not None:
                    return found
            try:
                item = _compose("".join(self._lines[first:last]) or "~", strict=False)
            except yaml.YAMLError:
                item = None
            if isinstance(item, yaml.SequenceNode) and item.value:
                return first + self._walk(item.value[0], path[2:])
            return first + 1
        if not self._parsed:
            self._parsed = True
            try:
                self._root = _compose(self._text, strict=False)
            except yaml.YAMLError:
                self._root = None
        if self._root is None:
            return None
        return self._walk(self._root, path)

    @staticmethod
    def _walk(node: yaml.Node, path: Sequence[object]) -> int:
        for step in path:
            child = None
            if isinstance(node, yaml.MappingNode):
                for key, value in node.value:
                    if isinstance(key, yaml.ScalarNode) and key.value == str(step):
                        child = value
                        break
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
                if 0 <= step < len(node.value):
                    child = node.value[step]
            if child is None:
                break
            node = child
        return node.start_mark.line + 1


_ITEM = re.compile(r"( *)- +(?=[^\s#&*!|>'\"\[{?-])")  # a list item starting with a plain key


def _key_line(lines: list[str], first: int, last: int, key: str) -> int | None:
    """The 1-based line of ``key: value`` (on one line) in the list item on lines `first`..`last`;
    None when unsure. Keys sit at one indentation and are never duplicated: the first match."""
    start = _ITEM.match(lines[first])
    if start is None:
        return None
    indent = start.end()
    prefix = key + ":"
    for number in range(first, last):
        line = lines[number]
        if number > first and (line[:indent].strip(" ") or line[indent : indent + 1] in (" ", "")):
            continue  # not at the keys' indentation
        text = line[indent:]
        if text.startswith(prefix):
            value = text[len(prefix) :]
            if value[:1] == " " and value.strip() and value.lstrip()[0] not in "#&*!|>":
                return number + 1
            return None
    return None


# libyaml's emitter when PyYAML has it. It writes a list at its key's own indentation (the C
# emitter takes no override of that), as PyYAML's does by default: one style either way.
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def dump_yaml(data: Any, header: str | None = None) -> str:
    """`data` as block-style YAML text in its own key order, with an optional comment header."""
    text = yaml.dump(
        data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100
    )
    if header:
        text = "".join(f"# {line}\n" if line else "#\n" for line in header.splitlines()) + text
    return text
