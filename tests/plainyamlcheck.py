"""Comparing the fast plain YAML reader with libyaml's path of `parse_yaml` (for the tests)."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any
from unittest import mock

from universe.errors import FileRefused
from universe.storage import yamlfile
from universe.storage.plainyaml import read_plain


def plain_read(text: str, index: dict | None = None) -> Any:
    """The fast reader's document (with `.data`), or None when it declines."""
    return read_plain(text, yamlfile._implicit_tag, yamlfile._SCALARS, index)


def libyaml_parse(raw: bytes, index: dict | None = None) -> Any:
    """parse_yaml as it was before the fast reader: libyaml (or PyYAML's strict loader) only."""
    with mock.patch.object(yamlfile, "read_plain", lambda *args: None):
        return yamlfile.parse_yaml(raw, "f.yaml", index)


def refusal(parse: Callable[[bytes], Any]) -> Callable[[str], str | None]:
    """A function giving the message of FileRefused for a text, or None when it is read."""
    def message(text: str) -> str | None:
        try:
            parse(text.encode("utf-8"))
        except FileRefused as refused:
            return str(refused)
        return None
    return message


def same(a: Any, b: Any) -> bool:
    """Equal data of the same types all the way down, in the same key order (NaN equals NaN)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(map(type, a)) == list(map(type, b)) and list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    if isinstance(a, float):
        return a == b and math.copysign(1, a) == math.copysign(1, b)
    return a == b


def assert_read_alike(text: str) -> bool:
    """The fast reader gives what libyaml's path gives (data and index), or declines; when it
    declines, parse_yaml is libyaml's path, messages and all. True when it read the text."""
    expected_index: dict = {}
    try:
        expected = libyaml_parse(text.encode("utf-8"), expected_index)
    except FileRefused as refused:
        expected, expected_index = refused, {}
    index: dict = {}
    read = plain_read(text, index)
    if read is None:
        assert index == {}
        got_index: dict = {}
        try:
            got = yamlfile.parse_yaml(text.encode("utf-8"), "f.yaml", got_index)
        except FileRefused as refused:
            assert isinstance(expected, FileRefused), f"refused now, read before: {refused}"
            assert str(refused) == str(expected)
            return False
        assert same(got, expected) and got_index == expected_index
        return False
    assert not isinstance(expected, FileRefused), f"read a text libyaml refuses ({expected}): {text!r}"
    assert same(read.data, expected), f"{text!r}: {read.data!r} != {expected!r}"
    assert index == expected_index, f"{text!r}: index {index} != {expected_index}"
    return True
