"""The runs of flat items (`universe.storage.plainrecords`), the fast path of the plain YAML
reader for fact files: at each edge of what it reads, the same data and line index as libyaml,
or the item left to the general reader (or the whole text to libyaml). `lines_read_by_runs`
counts what the path itself read, so each test also says which side of the edge a text is on."""

from __future__ import annotations

from unittest import mock

import pytest

from tests.plainyamlcheck import assert_read_alike, plain_read
from universe.storage import plainyaml
from universe.storage.plainrecords import RecordRuns


def lines_read_by_runs(text: str) -> int:
    """How many lines of `text` the runs read (outermost runs only), reading it once."""
    counted: list[int] = []
    depth = [0]
    original = RecordRuns.read

    def counting(self, i, indent, result, starts):  # noqa: ANN001 - RecordRuns.read's own
        depth[0] += 1
        try:
            after = original(self, i, indent, result, starts)
        finally:
            depth[0] -= 1
        if depth[0] == 0:
            counted.append(after - i)
        return after

    with mock.patch.object(RecordRuns, "read", counting):
        plain_read(text)
    return sum(counted)


def item_lines(text: str) -> int:
    """The lines of a text but its top-level keys (the lines the runs should read)."""
    return sum(1 for line in text.splitlines() if line.startswith((" ", "-")))


FACTS = ("statements:\n- subject: hero-211\n  relation: appears-in\n  object: issue-8893\n  from: Y15M3\n  sources:\n  - src\n"
         "- subject: hero-1\n  relation: appears-in\n  object: issue-2\n")
ENTITIES = ("entities:\n- id: a\n  name: Char A\n  aliases:\n  - A\n  - Ay\n  status:\n  - at: S1E5\n    status: alive\n"
            "  - at: S3E2\n    status: dead\n    evidence: canon\n- id: b\n  kind: place\n")

# Texts the runs read whole (every item line), each equal to libyaml's reading.
WHOLE = {
    "statements": FACTS,
    "entities with nested status items": ENTITIES,
    "lists indented under their key": "entities:\n  - id: a\n    aliases:\n      - A\n    status:\n      - at: S1\n        status: alive\n  - id: b\n",
    "entries deeper than their key": "s:\n- a: 1\n  b:\n    - x\n    - y\n  c: yes\n",
    "two keys of runs and a scalar after": "entities:\n- id: a\nstatements:\n- subject: a\n  object: b\nversion: 2\n",
    "a header comment first": "# written by hand\n\n# over lines\nstatements:\n- subject: a\n  relation: b\n",
    "resolved values": "s:\n- a: yes\n  b: ~\n  c: 1e3\n  d: 0x1F\n  e: 012\n  f: 1_000\n  g: 1:20\n  h: .inf\n  i: 2024-01-31\n  j: -5\n  k: null\n",
    "resolved keys": "s:\n- 2: two\n  yes: true\n  ~: none\n  1.5: x\n",
    "plain values with inner colons, hashes and quotes": "s:\n- a: http://x.org/a#b\n  b: C# and F#\n  c: it's \"so\"\n  d: a  b\n",
    "unicode": "s:\n- name: 남온조 — Ünïcødé 😀\n  alias: é\n",
    "the first key with a list": "s:\n- sources:\n  - a\n  b: 1\n- tags:\n    - x\n",
    "a list of items, then plain entries": "s:\n- status:\n  - at: 1\n  - plain\n",
    "plain entries and items in one list": "s:\n- id:\n  - loose\n  - k: v\n  - more\n  - j:\n    - x\n",
    "nested items with their own lists": "s:\n- id: a\n  status:\n  - at: 1\n    tags:\n    - x\n    - y\n  - at: 2\n",
}

# Texts where an item is the general reader's (or the text libyaml's): read alike all the same.
EDGES = {
    "a key repeated": "s:\n- a: 1\n  b: 2\n  a: 3\n",
    "a key repeated in a nested item": "s:\n- id: a\n  status:\n  - at: 1\n    at: 2\n",
    "keys resolved alike": "s:\n- on: 1\n  yes: 2\n",
    "keys equal once resolved": "s:\n- 1: one\n  yes: true\n",
    "a list key repeated": "s:\n- a:\n  - x\n  a: 1\n",
    "a comment line inside an item": "s:\n- a: 1\n  # note\n  b: 2\n- c: 3\n",
    "a comment after a value": "s:\n- a: 1 # note\n- b: 2\n",
    "a comment between items": "s:\n- a: 1\n# note\n- b: 2\n",
    "a blank line inside an item": "s:\n- a: 1\n\n  b: 2\n- c: 3\n",
    "a blank line at the end of a list": "s:\n- a: 1\n\nt: 2\n",
    "quoted values": "s:\n- a: 'x: y'\n  b: \"q\\tr\"\n- c: 1\n",
    "a quoted key": "s:\n- 'a': 1\n- \"b\": 2\n",
    "a flow value": "s:\n- a: [x, y]\n  b: {k: v}\n",
    "a block scalar": "s:\n- a: |\n    text\n  b: 1\n",
    "a nested mapping": "s:\n- a: 1\n  meta:\n    x: 1\n    y: 2\n- b: 2\n",
    "an item that is a scalar": "s:\n- a: 1\n- plain\n- b: 2\n- [x]\n-\n- c: 3\n",
    "an empty value": "s:\n- a:\n  b: 1\n- c:\n",
    "an empty list key at the end": "s:\n- a: 1\n  b:\n",
    "a value over lines": "s:\n- a: one\n    two\n  b: 1\n",
    "an entry over lines": "s:\n- a:\n  - one\n    two\n",
    "entries at two columns": "s:\n- a:\n  - x\n    - y\n",
    "entries deeper, then shallower": "s:\n- a:\n    - x\n  - y\n",
    "keys deeper in an item": "s:\n-   a: 1\n    b: 2\n- c: 3\n",
    "a key deeper than the first": "s:\n- a: 1\n    b: 2\n",
    "a key shallower than the first": "s:\n- a: 1\n b: 2\n",
    "a value after a list": "s:\n- a:\n  - x\n  b: 1\n  - y\n",
    "a nested item after plain entries": "s:\n- a:\n  - x\n  - k: v\n",
    "two spaces after the colon": "s:\n- a:  1\n",
    "a trailing space": "s:\n- a: 1 \n- b: 2\n",
    "a colon and space in a value": "s:\n- a: b: c\n",
    "a value ending with a colon": "s:\n- a: b:\n",
    "an indicator first": "s:\n- a: &x 1\n- b: *x\n",
    "a tag": "s:\n- a: !!str 1\n",
    "a dash value": "s:\n- a: - x\n",
    "a dash then spaces": "s:\n- a:\n  -   x\n",
    "a tab": "s:\n- a: 1\n\tb: 2\n",
    "no final line break": "s:\n- a: 1\n- b: 2",
    "a carriage return": "s:\n- a: 1\r\n",
    "a very long key": "s:\n- " + "k" * 1100 + ": 1\n",
    "a long value": "s:\n- a: " + "word " * 60 + "end\n",
    "a top-level key twice": "a:\n- x: 1\na:\n- y: 2\n",
    "a top-level key with a value after runs": "a:\n- x: 1\nb: 2\nc:\n- y: 3\n",
    "a deeper line after a run": "a:\n- x: 1\n  y: 2\n   z: 3\n",
    "a sequence at the top after a key": "a:\n- x: 1\n-x\n",
    "a compact nested sequence": "a:\n- - x: 1\n  - y: 2\n",
    "a document marker after": "a:\n- x: 1\n---\n",
    "an odd key": "a:\n- a b: 1\n  -k: 2\n  ?x: 3\n  a#b: 4\n",
    "a merge key": "a:\n- <<: 1\n",
    "a top-level key line with a colon and space": "a: b:\n- x: 1\n",
    "a later top-level key line with a colon and space": "a:\n- x: 1\nb: c:\n- y: 1\n",
    "a top-level key line with a comment": "a #c:\n- x: 1\n",
    "a dash at the column of a deeper sequence": "   - a: v\n - - \n",
    "a dash at the column of an indented sequence": "a:\n  - k: v\n- - x\n",
    "a key deeper than a nested list's items": "s:\n- id:\n  - k: v\n  - loose\n    subject:\n    - x\n",
    "an item after plain entries, and a key": "s:\n- id:\n  - loose\n  - id:\n    - x\n  k: 1\n",
}


@pytest.mark.parametrize("text", WHOLE.values(), ids=WHOLE.keys())
def test_runs_read_fact_files_whole(text):
    assert assert_read_alike(text)
    assert lines_read_by_runs(text) == item_lines(text)


@pytest.mark.parametrize("text", EDGES.values(), ids=EDGES.keys())
def test_edges_read_alike(text):
    assert_read_alike(text)


def test_an_item_the_runs_leave_is_read_by_the_general_reader_and_the_runs_go_on():
    text = "s:\n- a: 1\n- b: 'q'\n  c: 2\n- d: 3\n- e: 4\n"
    assert assert_read_alike(text)
    assert lines_read_by_runs(text) == 3  # "- a: 1" and then "- d: 3", "- e: 4" after the quoted item


def test_a_quoted_value_takes_back_only_the_item_it_is_in():
    text = "s:\n- a: 1\n- b: 2\n  q: 'x'\n  c: 3\n- d: 4\n"
    assert assert_read_alike(text)
    assert lines_read_by_runs(text) == 2


@pytest.mark.parametrize("text", [
    "s:\n- a: 1\n  # note\n  b: 2\n# between\n\n- c: 3\n   \n  d:\n  # before the entries\n  - x\n\n  - y\n# at the end\n\n",
    "s:\n- a: 1\n\n\nt:\n- b: 2\n  # note: with a colon\n  c: 3\n",
    "s:\n- id: a\n  status:\n  # c\n  - at: 1\n\n    status: x\n  # c\n  - at: 2\n# c\nt: 1\n",
], ids=["in and between items", "before the next key, with a colon", "in nested items"])
def test_blank_and_comment_lines_are_passed_over(text):
    assert assert_read_alike(text)
    assert lines_read_by_runs(text) == sum(1 for line in text.splitlines() if not line.startswith(("s:", "t:")))


@pytest.mark.parametrize("text", [
    "s:\n- a: one\n\n    two\n", "s:\n- a: one\n  # c\n    two\n", "s:\n- a:\n  - x\n\n    y\n",
    "s:\n- a: 1\n# c\n b: 2\n", "s:\n- a:\n\n  b: 1\n",
], ids=["a value over a blank line", "a value after a comment", "an entry over a blank line", "odd indentation after a comment",
        "a list key with no entries after a blank line"])
def test_what_follows_a_blank_or_comment_line_still_decides(text):
    assert_read_alike(text)


def test_a_fact_file_of_runs_never_computes_the_indentation_of_its_lines():
    computed = []
    original = plainyaml._Reader.levels.func

    def levels(self):  # noqa: ANN001
        computed.append(1)
        return original(self)

    with mock.patch.object(plainyaml._Reader, "levels", plainyaml.cached_property(levels)):
        plainyaml._Reader.levels.__set_name__(plainyaml._Reader, "levels")
        assert plain_read(FACTS) is not None
        assert computed == []
        assert plain_read(FACTS + "other: 1\n") is not None
        assert computed == [1]


def test_index_of_runs_and_of_items_left_to_the_general_reader():
    text = "# head\nstatements:\n- a: 1\n- b: 'q'\n- c:\n  - x\nentities:\n  - id: a\n  - id: b\nn: 1\n"
    index: dict = {}
    assert plain_read(text, index) is not None
    assert index == {"statements": [2, 3, 4, 6], "entities": [7, 8, 9]}
    assert_read_alike(text)


def test_memos_keep_values_apart_by_column():
    """The same line means another thing in a sequence at another column."""
    text = "a:\n- k: 1\n  - x\nb:\n  - k:\n    - x\n"
    assert_read_alike(text)
    text = "a:\n- k:\n  - x\n  j: 1\nb:\n  - k:\n    - x\n    j: 1\n"
    assert assert_read_alike(text)
