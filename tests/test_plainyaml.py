"""The fast reader of plain YAML (`universe.storage.plainyaml`) against libyaml's path of
`parse_yaml`: the same data and the same line index, or a decline that leaves everything (and
every message) to libyaml. The property tests are in test_plainyaml_properties.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.plainyamlcheck import assert_read_alike, libyaml_parse, plain_read, refusal
from universe.exchange.generate import generated_documents, tiny_documents, two_kind_documents
from universe.storage import yamlfile
from universe.storage.yamlfile import dump_yaml

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = sorted((ROOT / "data").rglob("*.yaml"))

# Texts the reader must read itself (not decline), each equal to libyaml's reading.
READ = {
    "indentless lists": "entities:\n- id: a\n  aliases:\n  - A\n  - B\n  status:\n  - at: S1\n    status: alive\n- id: b\n",
    "indented lists": "entities:\n  - id: a\n    aliases:\n      - A\n  - id: b\nnext: 1\n",
    "comments everywhere": "# head\n\nitems:  # trailing\n  # inside\n- a # after\n\n- b\n# end\n",
    "resolved scalars": "a: yes\nb: No\nc: ~\nd: null\ne: 1e3\nf: 0x1F\ng: '012'\nh: 012\ni: 1_000\nj: .inf\nk: -.INF\n"
                        "l: .nan\nm: 2024-01-31\nn: 2001-12-14t21:59:43.10-05:00\no: 1:20\np: -0b101\nq: +12.5\nr: on\n",
    "keys resolved too": "1: one\nfalse: yes\n~: none\n1.5: float\n'1': text\n",
    "empty values": "a:\nb: # nothing\nc:\n- \n-\n- x\n",
    "quoted": "a: 'it''s: # here'\nb: \"tab\\there \\\"q\\\" \\u00e9 \\x41 \\U0001F600 \\\\ \\/ \\N \\_ \\L \\P \\0\"\nc: ''\nd: \"\"\n",
    "quoted keys": "'yes': 1\n\"a: b\": 2\n'null': [x]\n",
    "folded quoted": "a: 'one\n  two\n\n  three   \n\n\n  four'\nb: \"x\\\n  y\\\n  \\ z\n\n  w\"\nc: x\n",
    "plain over lines": "a: one\n  two\n\n  three\nb:\n  alone\n  too\nc:\n- item\n  more\n- next\n",
    "colons and hashes in plain": "a: http://x.org/a#b\nb: a:b\nc: 'x' \nd: C# and F#\n",
    "block scalars": "a: |\n  line\n   more\n\n  last\nb: >-\n  folded\n  text\n\n  para\n   indented\n  back\nc: |+\n  keep\n\n"
                     "d: >\n\n  after blank\ne: |-\n  strip\n\nf: x\n",
    "block scalar in a list": "items:\n- |\n  one\n  two\n- >-\n  three\n  four\n- plain\n",
    "flow": "a: [x, 'y z', \"w\", 1, true, null]\nb: []\nc: {}\nd: {k: v, n: 2, q: 'a, b'}\ne: {s: [a, b], m: {x: 1}}\nf: [-1, -x]\n",
    "imported statements": "statements:\n- {subject: ned, relation: friend, object: arya, from: \"1.10\", weight: 3, sources: [dataset]}\n"
                           "- {subject: a, relation: b, object: c, weight: -2.5, note: \"x\\ny\"}\n",
    "compact nesting": "a:\n- - x\n  - y\n- -   z\n- k: v\n  l:\n  - m\n-   deep: 1\n    more: 2\n",
    "top-level list": "- a\n- b: c\n- [d]\n",
    "unicode": "name: 남온조 — Ünïcødé 😀\n\"é\": 'ß'\nnbsp: a\xa0b\xa0\n",
    "no index for nested lists": "top:\n  inner:\n  - a\nlist:\n- b\n",
    "byte order mark": "\ufeffa:\n- 1\n",
    "indented document": "  a: 1\n  b:\n  - c\n",
    "only comments": "# nothing here\n\n",
    "long integer within the cap": "n: " + "9" * 100 + "\n",
    "dates stay text": "on: 2026-11-29\nat: 2026-11-29 10:00:00\n",
}

# Texts the reader must decline (libyaml reads or refuses them: either way, its messages).
DECLINED = {
    "anchor and alias": "a: &x 1\nb: *x\n",
    "tag": "a: !!python/object:os.system x\n",
    "local tag": "a: !thing x\n",
    "merge key": "base: {a: 1}\n<<: {b: 2}\n",
    "duplicate key": "a: 1\nb: 2\na: 3\n",
    "duplicate key resolved alike": "1: a\n0x1: b\n",
    "duplicate key in flow": "a: {k: 1, k: 2}\n",
    "bad indentation": "a:\n  b: 1\n c: 2\n",
    "deeper line after a value": "a: 'x'\n  b: 1\n",
    "tab": "a:\n\tb: 1\n",
    "document marker": "---\na: 1\n",
    "document end": "a: 1\n...\n",
    "directive": "%YAML 1.1\n---\na: 1\n",
    "no final line break": "a: 1",
    "carriage return": "a: 1\r\nb: 2\r\n",
    "complex key": "? a\n: b\n",
    "integer too long": "n: " + "9" * 101 + "\n",
    "unclosed quote": "a: 'x\n",
    "mapping in a plain value": "a: b: c\n",
    "plain with colon at end": "a: b:\n",
    "multi-line flow": "a: [x,\n  y]\n",
    "block scalar with indentation indicator": "a: |2\n   x\n",
    "surrogate escape": "a: \"\\ud800\"\n",
    "unknown escape": "a: \"\\q\"\n",
    "key without value in flow": "a: {k}\n",
    "control character": "a: \x07\n",
    "delete character": "a: \x7f\n",
    "control character beside unicode": "a: é\x07\n",
    "byte order mark inside": "a: x\ufeffy\n",
    "line separator": "a: x\u2028y\n",
    "top-level scalar": "just text\n",
    "empty text": "",
}


@pytest.mark.parametrize("text", READ.values(), ids=READ.keys())
def test_reads_like_libyaml(text):
    assert plain_read(text) is not None, "declined a text it should read"
    assert_read_alike(text)


@pytest.mark.parametrize("text", DECLINED.values(), ids=DECLINED.keys())
def test_declines_and_libyaml_decides(text):
    assert plain_read(text) is None
    assert_read_alike(text)


@pytest.mark.parametrize("text", [t for t in DECLINED.values() if t], ids=[k for k, t in DECLINED.items() if t])
def test_a_refused_file_says_what_it_said_before(text):
    """parse_yaml's message (file, line and words) is libyaml's, whether or not the reader ran."""
    before = refusal(lambda raw: libyaml_parse(raw))
    now = refusal(lambda raw: yamlfile.parse_yaml(raw, "f.yaml", {}))
    assert now(text) == before(text)


def test_messages_of_refused_files_name_file_and_line():
    message = refusal(lambda raw: yamlfile.parse_yaml(raw, "f.yaml", {}))
    assert message("a: 1\nb: 2\na: 3\n") == "f.yaml:3: duplicate key 'a'"
    assert message("a: &x 1\nb: *x\n").startswith("f.yaml:1: YAML anchors and aliases are not allowed")
    assert message("a: !thing x\n") == "f.yaml:1: YAML tag '!thing' is not allowed"
    assert message("a:\n  b: 1\n c: 2\n").startswith("f.yaml:3: ")


def test_index_is_left_alone_when_declined():
    index: dict = {"kept": [1]}
    assert yamlfile.read_plain("a: &x [1]\n", yamlfile._implicit_tag, yamlfile._SCALARS, index) is None
    assert index == {"kept": [1]}


def test_index_is_the_first_line_of_each_item_and_the_end():
    text = "# c\nstatements:\n- a: 1\n  b: 2\n-\n  c: 3\n- # empty\n- [x]\n\n# gap\nother: [p, q]\nnone: []\nmap:\n  - z\n"
    index: dict = {}
    assert plain_read(text, index) is not None
    assert index == {"statements": [2, 5, 6, 7, 10], "other": [10, 10, 10], "none": [11], "map": [13, 14]}
    assert_read_alike(text)


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_bundled_file(path):
    text = path.read_text(encoding="utf-8")
    assert plain_read(text) is not None, "the bundled universe is plain YAML: read without libyaml"
    assert_read_alike(text)


@pytest.mark.parametrize("documents", [
    tiny_documents,
    lambda: generated_documents(300, statements=1500, status_changes=300, seed=7, chunk=400),
    lambda: two_kind_documents(60, 120, appearances=600, seed=3, chunk=250),
], ids=["tiny", "generated", "two kinds"])
def test_generated_universes(documents):
    universe, facts = documents()
    for data in [universe, *facts.values()]:
        text = dump_yaml(data)
        assert plain_read(text) is not None
        assert_read_alike(text)


def test_yaml_that_libyaml_refuses_is_never_read():
    """Texts libyaml refuses are declined, whatever they look like (a sample of near misses)."""
    for text in ["a: b\n  c: d\n", "- a\nb: c\n", "a:\n- b\n  - c\n", "a: [b\n", "a: 'b' c\n", "a: \"b\" c\n",
                 "a: |\n  x\n y\n", "a: >\n  x\n   y\n z\n", "a:\n  - b\n  c\n", "'a': 'b': c\n", "a: @x\n", "a: `x\n",
                 "a: %x\n", "- - a\n -b\n", "a: - b\n", "a: b\n  # c\n  d\n", "{a: 1}\n", "a: {b: 1\n"]:
        assert_read_alike(text)
