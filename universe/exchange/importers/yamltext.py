"""The YAML text of an imported universe's documents, written directly (PyYAML's emitter took
most of an import's writing time: 10 s for a 19,000-node network).

Statements are written one a line in flow style, so a file of 100,000 relations stays readable
and greppable; everything else in block style, lists under their key. A text is written plain
only when it cannot read back as anything else; otherwise double-quoted (JSON's escapes, which
YAML reads the same). Every value reads back, through PyYAML's safe loader and the project's
reader, as the value written (tested against both).
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any

from universe.storage.yamlfile import dump_yaml

__all__ = ["yaml_text", "yaml_text_indexed", "block_yaml", "flow_yaml"]

_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9_-]*(?:[./][A-Za-z0-9_-]+)*")
# Plain in block style (never in flow style, where ',' is a separator): a letter first, words,
# single spaces and a few signs inside, no ':' or '#' (a key or a comment), no '&' or '*' (anchors).
_BLOCK_PLAIN = re.compile(r"[^\W\d_](?:(?! {2})[\w .,;()'/!?-])*[\w.)!?']|[^\W\d_]")
# Characters YAML does not allow raw, or reads as line breaks, even inside double quotes.
_UNPRINTABLE = re.compile("[^\t\n\r\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_RESERVED = frozenset({"true", "false", "yes", "no", "on", "off", "y", "n", "null", "nan", "inf"})


def yaml_text(data: dict, header: str | None) -> str:
    """YAML text of a document, with `header` as a comment at the top."""
    return yaml_text_indexed(data, header)[0]


def yaml_text_indexed(data: dict, header: str | None) -> tuple[str, dict | None]:
    """`yaml_text`, and the index of its lines that reading it gives (`parse_yaml`'s: the first
    line of each item of each top-level list, then the line after the list; 0-based), or None
    when PyYAML wrote it."""
    comment = "".join(f"# {line}\n" if line else "#\n" for line in header.splitlines()) if header else ""
    first = comment.count("\n")
    statements = data.get("statements") if set(data) == {"statements"} else None
    if statements:
        lines = [comment, "statements:\n"]
        texts: dict = {}  # ids, points and sources repeat: each part's form found once
        lines.extend(f"- {_flow_mapping(statement, texts)}\n" for statement in statements)
        return "".join(lines), {"statements": list(range(first + 1, first + 2 + len(statements)))}
    try:
        index: dict = {}
        text = block_yaml(data, index)
    except TypeError:  # a value this writer does not know: PyYAML's
        return dump_yaml(data, header), None
    return comment + text, {key: [line + first for line in lines] for key, lines in index.items()}


def _flow_mapping(statement: Any, texts: dict) -> str:
    """`flow_yaml(statement)`, remembering in `texts` the form of each text (relations, points,
    sources and ids repeat), of each list of texts (by its tuple) and of each sequence of keys (a
    ``{a: {}, b: {}}`` pattern, by the keys after None)."""
    if type(statement) is not dict:
        return flow_yaml(statement)
    known = texts.get
    forms = []
    for value in statement.values():
        kind = type(value)
        if kind is str:
            text = known(value)
            if text is None:
                text = texts[value] = flow_yaml(value)
        elif kind is int:
            text = str(value)
        elif kind is list:
            key = tuple(value)
            text = known(key) if all(type(item) is str for item in key) else None
            if text is None:
                text = flow_yaml(value)
                if all(type(item) is str for item in key):
                    texts[key] = text
        else:
            text = flow_yaml(value)
        forms.append(text)
    keys = (None, *statement)  # (None first: not a list of texts)
    pattern = known(keys)
    if pattern is None:
        pattern = texts[keys] = "{{" + ", ".join(flow_yaml(str(key)).replace("{", "{{").replace("}", "}}") + ": {}"
                                                  for key in keys[1:]) + "}}"
    return pattern.format(*forms)


def block_yaml(data: dict, index: dict | None = None) -> str:
    """`data` (a dict of str, int, float, bool, None, list and dict) as block-style YAML; the
    lines of its top-level lists' items go in `index` (see `yaml_text_indexed`).

    Raises TypeError for anything else (keys that are not texts too)."""
    if not isinstance(data, dict):
        raise TypeError(f"cannot write {type(data).__name__} as a YAML document")
    if not data:
        return "{}\n"
    out: list[str] = []
    _mapping(data, 0, out, "", index)
    out.append("")
    return "\n".join(out)


def _mapping(data: dict, indent: int, out: list[str], lead: str, index: dict | None = None) -> None:
    pad = " " * indent
    append = out.append
    for key, value in data.items():
        head = _head(lead, key)  # raises TypeError for a key this writer does not write
        lead = pad
        kind = type(value)
        if kind is str:  # the most common: a text on the key's line
            append(head + " " + _text(value))
        elif isinstance(value, dict) and value:
            append(head)
            _mapping(value, indent + 2, out, " " * (indent + 2))
        elif isinstance(value, (list, tuple)) and value:
            append(head)
            _sequence(value, indent, out, index.setdefault(key, []) if index is not None else None)
        else:
            if index is not None and isinstance(value, (list, tuple)):
                index[key] = [len(out)]  # an empty list ends where it is written
            append(f"{head} {_scalar(value)}")


@lru_cache(maxsize=1 << 12)  # a few leads and keys, on every entity
def _head(lead: str, key: Any) -> str:
    if not isinstance(key, str) or len(key) > 200:  # YAML's keys on one line are short
        raise TypeError(f"cannot write the key {key!r:.40} as YAML here")
    return f"{lead}{_text(key)}:"


def _sequence(items, indent: int, out: list[str], starts: list[int] | None = None) -> None:
    pad = " " * indent
    dash = pad + "- "
    for item in items:
        if starts is not None:
            starts.append(len(out))
        if type(item) is str:
            out.append(dash + _text(item))
        elif isinstance(item, dict) and item:
            _mapping(item, indent + 2, out, dash)
        else:
            out.append(f"{dash}{_scalar(item)}")
    if starts is not None:
        starts.append(len(out))


def _scalar(value: Any) -> str:
    if isinstance(value, str):
        return _text(value)
    return flow_yaml(value)  # numbers, booleans, None, and lists inside lists on one line


@lru_cache(maxsize=1 << 16)  # keys, kinds, ids of points and sources repeat on every entity
def _text(value: str) -> str:
    if _BLOCK_PLAIN.fullmatch(value) and value.casefold() not in _RESERVED:
        return value
    return flow_yaml(value)


def flow_yaml(value: Any) -> str:
    """`value` (str, int, float, bool, None, list, dict) as one line of flow-style YAML that
    reads back as the same value: plain words stay plain, anything else is double-quoted.

    >>> flow_yaml({"subject": "ned", "from": "1.10", "weight": 3, "sources": ["dataset"]})
    '{subject: ned, from: "1.10", weight: 3, sources: [dataset]}'
    """
    if isinstance(value, str):
        if _PLAIN.fullmatch(value) and value.casefold() not in _RESERVED:
            return value
        return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(value, ensure_ascii=False))
    if isinstance(value, float) and value == value and abs(value) != float("inf"):
        mantissa, _, exponent = repr(value).partition("e")
        # YAML 1.1 reads a float only with a dot in it: 1e-05 must be written 1.0e-05
        return (mantissa if "." in mantissa else mantissa + ".0") + (f"e{exponent}" if exponent else "")
    if value is None or isinstance(value, (bool, int)):
        return json.dumps(value)  # null, true, 3
    if isinstance(value, dict):
        return "{" + ", ".join(f"{flow_yaml(str(k))}: {flow_yaml(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(flow_yaml(item) for item in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} as YAML")
