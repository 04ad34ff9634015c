"""Edit a YAML file in place: ruamel.yaml's round-trip mode keeps its comments, order and layout.

PyYAML (`universe.storage.yamlfile`) reads files for loading; it forgets comments, so saving what it read
would erase every comment a writer put in a hand-written file. Edits go through here instead: the
text is first checked by `yamlfile.parse_yaml` (size cap, UTF-8, no tags, no anchors or aliases),
then loaded round-trip, changed, and dumped with the file's own indentation and no re-wrapping, so
an edit changes the lines it touches and no others.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

from universe.errors import FileRefused
from universe.storage.regularfile import MAX_FILE_BYTES
from universe.storage.yamlfile import parse_yaml

__all__ = ["Style", "load_roundtrip", "dump_roundtrip", "to_yaml", "plain", "update_in_place"]

_WIDTH = 1_000_000  # never re-fold a long line someone wrote on one line


@dataclass(frozen=True, slots=True)
class Style:
    """How a file indents: mappings by `mapping`, list items' dashes by `offset` under their key."""

    mapping: int = 2
    offset: int = 2

    @classmethod
    def of(cls, text: str) -> "Style":
        """The indentation `text` uses (the project's own style when it shows none)."""
        mapping = offset = None
        lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
        for previous, line in zip(lines, lines[1:]):
            if not previous.rstrip().endswith(":"):
                continue
            stripped = previous.lstrip()
            column = len(previous) - len(stripped) + (2 if stripped.startswith("- ") else 0)
            indent = len(line) - len(line.lstrip())
            if line.lstrip().startswith("- "):
                if offset is None and indent >= column:
                    offset = indent - column
            elif mapping is None and indent > column:
                mapping = indent - column
            if mapping is not None and offset is not None:
                break
        return cls(mapping or 2, 2 if offset is None else offset)


def _yaml(style: Style) -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = _WIDTH
    yaml.allow_unicode = True
    yaml.indent(mapping=style.mapping, sequence=style.offset + 2, offset=style.offset)
    return yaml


def load_roundtrip(text: str, label: str) -> tuple[Any, Style]:
    """Parse `text` for editing: ``(data, style)``, data being ruamel's commented structures.

    Raises FileRefused (``file:line: message``) for text too large, unsafe or invalid.
    """
    raw = text.encode("utf-8")
    if len(raw) > MAX_FILE_BYTES:
        raise FileRefused(label, None, f"file is over the {MAX_FILE_BYTES:,}-byte limit; split it")
    parse_yaml(raw, label)  # the safety rules of every read: refuses tags, anchors, aliases
    style = Style.of(text)
    try:
        data = _yaml(style).load(text)
    except YAMLError as error:  # pragma: no cover - parse_yaml refuses the same text first
        raise FileRefused(label, None, f"invalid YAML: {error}") from None
    return (CommentedMap() if data is None else data), style


def dump_roundtrip(data: Any, style: Style = Style()) -> str:
    """`data` (as loaded by `load_roundtrip`, then edited) as YAML text in `style`."""
    out = io.StringIO()
    _yaml(style).dump(data, out)
    return out.getvalue()


_FLOW_SAFE = re.compile(r"\w[\w .'()-]*(?<! )")
_RESOLVER = yaml.resolver.Resolver()
_STR = "tag:yaml.org,2002:str"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"  # read as text by `yamlfile` anyway


def _reads_as_text(text: str) -> bool:
    """True when YAML 1.1 (how `yamlfile` reads) takes `text`, written plain, for a string.

    ruamel writes YAML 1.2, where ``no``, ``on`` or ``1:20`` are strings and need no quotes;
    our reader would take them for a boolean or a number, so they get quotes here.
    """
    return _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) in (_STR, _TIMESTAMP)


def _has_special(text: str) -> bool:
    """True when `text` holds characters YAML writes only as escapes (controls, odd line breaks)."""
    return any((ord(c) < 32 and c != "\n") or 0x7F <= ord(c) <= 0x9F or c in "\ufeff\u2028\u2029" for c in text)


def _is_block_text(text: str) -> bool:
    """True when `text` can be written as a literal block (no special characters, no line
    starting or ending with spaces); otherwise it is written quoted, with escapes."""
    return not _has_special(text) and all(line == line.strip(" ") for line in text.strip("\n").split("\n"))


def to_yaml(value: Any) -> Any:
    """Plain data made ready to insert into a round-trip document (multi-line text as a block,
    text that would read back as a boolean or a number quoted)."""
    if isinstance(value, str) and "\n" in value.strip() and _is_block_text(value):
        return LiteralScalarString(value)
    if isinstance(value, str) and (_has_special(value) or not _reads_as_text(value)):
        return DoubleQuotedScalarString(value)
    if isinstance(value, dict):
        out = CommentedMap()
        for key, item in value.items():
            out[key] = to_yaml(item)
        return out
    if isinstance(value, (list, tuple)):
        return CommentedSeq(to_yaml(item) for item in value)
    return value


def plain(value: Any) -> Any:
    """Round-trip data as plain dicts, lists and scalars (dates as their text)."""
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return str(value) if isinstance(value, str) else value
    return str(value)


def _flow_safe(value: Any) -> bool:
    """True when `value` can sit in a flow collection (``[a, b]``, ``{k: v}``) unquoted and safe."""
    if isinstance(value, str):
        return bool(_FLOW_SAFE.fullmatch(value)) and _reads_as_text(value)
    if isinstance(value, dict):
        return all(_flow_safe(item) for item in value.values())
    if isinstance(value, (list, tuple)):
        return all(_flow_safe(item) for item in value)
    return True


def update_in_place(target: Any, new: Any) -> Any:
    """Make the round-trip mapping `target` equal to the plain mapping `new`, keeping the
    comments and layout of every key that did not change; return the updated value.

    Mappings are updated key by key (keys missing from `new` are removed); anything else is
    replaced. A flow collection (``[a, b]``, ``{k: v}``) stays one while its values are simple.
    """
    if isinstance(target, dict) and isinstance(new, dict):
        for key in [k for k in target if k not in new]:
            del target[key]
        for key, value in new.items():
            if key in target and plain(target[key]) == plain(value):
                continue
            target[key] = update_in_place(target[key], value) if key in target else to_yaml(value)
        if isinstance(target, CommentedMap) and target.fa.flow_style() and not _flow_safe(new):
            target.fa.set_block_style()
        return target
    value = to_yaml(new)
    if isinstance(target, CommentedSeq) and isinstance(value, CommentedSeq) and target.fa.flow_style() \
            and all(isinstance(item, str) for item in new) and _flow_safe(new):
        value.fa.set_flow_style()  # [a, b] stays on one line
    return value
