"""Read one YAML file safely, and find the line of any entry in it.

Safe means: at most `MAX_FILE_BYTES`, strict UTF-8, no tags that build Python objects, no anchors
or aliases (an alias bomb is refused before anything walks it), and dates kept as plain text.
The fast path parses with libyaml (CSafeLoader); a file that might hold an anchor or alias is
re-read by the pure-Python loader, which refuses the first one with its line.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, Sequence

import yaml

from .errors import FileRefused

__all__ = ["MAX_FILE_BYTES", "read_yaml", "parse_yaml", "LineFinder", "dump_yaml", "write_text_atomic"]

MAX_FILE_BYTES = 32 * 1024 * 1024

# A '&' or '*' that starts a YAML token: a cheap, conservative test for anchors and aliases.
_MAYBE_ANCHOR = re.compile(rb"(?:^|[\s\[\{,:?-])[&*][^\s,\[\]\{\}]", re.MULTILINE)


def _without_timestamps(resolvers: dict) -> dict:
    return {
        first: [(tag, regexp) for tag, regexp in entries if tag != "tag:yaml.org,2002:timestamp"]
        for first, entries in resolvers.items()
    }


class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's safe loader, with dates left as strings."""


_FastLoader.yaml_implicit_resolvers = _without_timestamps(yaml.SafeLoader.yaml_implicit_resolvers)


class _StrictLoader(yaml.SafeLoader):
    """The pure-Python safe loader, refusing anchors and aliases, with dates left as strings."""

    def compose_node(self, parent, index):  # noqa: ANN001 - PyYAML's signature
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise yaml.MarkedYAMLError(
                problem=f"YAML anchors and aliases are not allowed (found {event.anchor!r})",
                problem_mark=event.start_mark,
            )
        return super().compose_node(parent, index)


_StrictLoader.yaml_implicit_resolvers = _without_timestamps(yaml.SafeLoader.yaml_implicit_resolvers)


def read_yaml(path: "str | os.PathLike[str]", *, label: str | None = None) -> tuple[Any, str]:
    """Read and parse the YAML file at `path`; return ``(data, text)``.

    `label` is how messages name the file (default: the path). Raises FileRefused with a
    ``file:line: message`` text for a file too large, not UTF-8, or not safe, valid YAML.
    """
    path = Path(path)
    name = label or str(path)
    try:
        size = path.stat().st_size
    except OSError as error:
        raise FileRefused(name, None, f"cannot read: {error.strerror}") from None
    if size > MAX_FILE_BYTES:
        raise FileRefused(
            name, None, f"file is {size:,} bytes, over the {MAX_FILE_BYTES:,}-byte limit; split it"
        )
    with open(path, "rb") as handle:
        raw = handle.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        raise FileRefused(name, None, f"file is over the {MAX_FILE_BYTES:,}-byte limit; split it")
    return parse_yaml(raw, name), raw.decode("utf-8", errors="replace")


def parse_yaml(raw: bytes, name: str) -> Any:
    """Parse YAML bytes under the rules above; `name` labels messages."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        bad = raw[error.start : error.end]
        raise FileRefused(name, line, f"not UTF-8 text (bytes {bad!r})") from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise FileRefused(name, line, "NUL character in file")
    loader = _StrictLoader if _MAYBE_ANCHOR.search(raw) else _FastLoader
    try:
        return yaml.load(text, Loader=loader)  # noqa: S506 - both loaders are safe loaders
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
    """Finds the line of an entry, given its path of keys and indexes (parsed on first use)."""

    def __init__(self, text: str):
        self._text = text
        self._root: yaml.Node | None = None
        self._parsed = False

    def line(self, path: Sequence[object]) -> int | None:
        """The 1-based line of the deepest node along `path` that exists, or None."""
        if not self._parsed:
            self._parsed = True
            try:
                self._root = yaml.compose(self._text, Loader=_FastLoader)
            except yaml.YAMLError:
                self._root = None
        node = self._root
        if node is None:
            return None
        for step in path:
            child = None
            if isinstance(node, yaml.MappingNode):
                for key, value in node.value:
                    if isinstance(key, yaml.ScalarNode) and key.value == str(step):
                        child = value if not isinstance(value, yaml.ScalarNode) else value
                        break
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
                if 0 <= step < len(node.value):
                    child = node.value[step]
            if child is None:
                break
            node = child
        return node.start_mark.line + 1


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Block-style YAML with lists indented under their key, as people write it."""

    def increase_indent(self, flow: bool = False, indentless: bool = False):  # noqa: D401
        return super().increase_indent(flow, False)


def dump_yaml(data: Any, header: str | None = None) -> str:
    """`data` as block-style YAML text in its own key order, with an optional comment header."""
    text = yaml.dump(
        data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100
    )
    if header:
        text = "".join(f"# {line}\n" if line else "#\n" for line in header.splitlines()) + text
    return text


def write_text_atomic(path: "str | os.PathLike[str]", text: str) -> None:
    """Write `text` to `path` so a crash leaves the old file or the new one, never a torn one."""
    path = Path(path)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(temporary, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
    try:
        directory = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
