"""Property tests of the fast plain YAML reader against libyaml's path of `parse_yaml`: what
`dump_yaml` and the importers write from random data, generated universes, and random texts
built from YAML's pieces. Equal data and equal line index, or a decline (then libyaml decides,
messages and all)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.plainyamlcheck import assert_read_alike
from tests.test_plainrecords import lines_read_by_runs
from universe.exchange.generate import generated_documents, two_kind_documents
from universe.exchange.importers.yamltext import yaml_text
from universe.storage.yamlfile import dump_yaml

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

TRICKY = ["yes", "no", "No", "ON", "off", "y", "n", "~", "null", "Null", "NULL", "true", "False", "1e3", "1.5e-3",
          "0x1F", "0o17", "012", "09", "1_000", "1:20", "190:20:30", ".inf", "-.Inf", ".NaN", "+1", "-0", "0.", ".5",
          "2024-01-31", "2001-12-14t21:59:43.10-05:00", "2002-12-14", "a: b", "a:b", "key:", ":x", "- x", "-x", "? x",
          "#x", "a #b", "a#b", "'quoted'", '"double"', "it's", "<<", "=", "!tag", "&anchor", "*alias", "%x", "@x",
          "`x", "|", ">-", "[x]", "{x: y}", ",", " leading", "trailing ", "  both  ", "", " ", "\n", "one\ntwo",
          "one\n\ntwo\n", "line \n next", "tab\there", "cr\rhere", "nul\x00", "bell\x07", "\x85next", "a\u2028b",
          "\ufeffbom", "é", "남온조", "😀", "\xa0nbsp\xa0", "---", "...", "--- x", "a\n---\nb", "a\n...\nb",
          "x" * 130, ("word " * 40).strip(), ("w:" * 60), "\\", "\\n", "a\\", "'", '"', "''", "#", "-", "?", ":"]

texts = st.one_of(
    st.sampled_from(TRICKY),
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30),
    st.lists(st.sampled_from(list(" -:#'\"\n\\ab1.e_~\t") + ["yes", "null", "0x"]), max_size=25).map("".join),
    st.lists(st.sampled_from(TRICKY), min_size=2, max_size=4).map(" ".join),
    st.lists(st.sampled_from(["word", "x", "1", "a: b", "#", "'", "\n", " ", "\n\n", "long" * 20]), max_size=30).map("".join),
)
scalars = st.one_of(
    texts, st.integers(), st.integers(min_value=-(10**120), max_value=10**120), st.floats(), st.booleans(), st.none(),
)
keys = st.one_of(texts, st.integers(), st.booleans(), st.none(), st.floats(allow_nan=False))
# YAML 1.1 reads these as line breaks; dump_yaml writes them raw inside quotes: left to libyaml.
UNICODE_BREAKS = {"\x85", "\u2028", "\u2029"}
words = texts.filter(lambda text: not UNICODE_BREAKS & set(text))
documents = st.recursive(
    scalars,
    lambda children: st.one_of(st.lists(children, max_size=5), st.dictionaries(keys, children, max_size=5)),
    max_leaves=30,
)


@SETTINGS
@given(st.dictionaries(keys, documents, max_size=6))
def test_dump_yaml_of_random_data_reads_alike(data):
    assert_read_alike(dump_yaml(data))


@SETTINGS
@given(documents)
def test_dump_yaml_of_any_document_reads_alike(data):
    assert_read_alike(dump_yaml(data))


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.from_regex(r"[a-z][a-z_-]{0,8}", fullmatch=True), st.lists(st.dictionaries(
    st.from_regex(r"[a-z]{1,6}", fullmatch=True), st.one_of(words, st.integers(), st.booleans(), st.floats(allow_nan=False),
                                                           st.lists(st.sampled_from(TRICKY[:40]), max_size=3)),
    max_size=4), max_size=6), min_size=1, max_size=3))
def test_plain_facts_are_read_without_libyaml(data):
    """Fact files as the project writes them (keys are words, lists of records) are always read
    by the fast reader, never left to libyaml, whatever text they hold (but Unicode's line breaks)."""
    assert assert_read_alike(dump_yaml(data, header="A header\n\nover lines"))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.fixed_dictionaries(
    {"subject": st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True), "relation": st.sampled_from(["friend", "appears-in"]),
     "object": texts},
    optional={"from": st.sampled_from(["1.10", "S1E1", "Y1M2", "2024-01-31", "yes", "1e3"]), "weight": st.floats(allow_nan=False, allow_infinity=False),
              "count": st.integers(), "sources": st.lists(texts, max_size=3), "note": texts}), min_size=1, max_size=8))
def test_imported_statements_read_alike(statements):
    """The importers write statements one a line in flow style: read without libyaml (but a
    byte order mark inside a text, written raw, which the reader leaves to libyaml)."""
    text = yaml_text({"statements": statements}, "imported")
    assert assert_read_alike(text) or "\ufeff" in text


@settings(max_examples=12, deadline=None)
@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=2, max_value=80))
def test_generated_universes_are_read_alike(seed, size):
    for universe, facts in [generated_documents(size, statements=3 * size, seed=seed, chunk=50),
                            two_kind_documents(size, size, appearances=3 * size, seed=seed, chunk=50)]:
        for data in [universe, *facts.values()]:
            assert assert_read_alike(dump_yaml(data))


# Random texts from YAML's pieces: most are odd, many refused by libyaml; none may be read
# differently from libyaml.
INDENTS = st.sampled_from(["", " ", "  ", "   ", "    ", "      "])
KEYS = st.sampled_from(["a", "b", "key", "'q'", '"d"', "1", "yes", "~", "a b", "a:b", "-k", "? k", "a #c", "&x a", "!t a"])
VALUES = st.sampled_from(["", " x", " 1", " yes", " ~", " 'q''s'", ' "e\\n\\u00e9"', " 'open", ' "open', " |", " >-", " |+",
                          " |2", " [a, b]", " [a, [b]]", " {k: v}", " {}", " []", " # c", " x # c", " a: b", " *x", " &x v",
                          " !!str 1", " -1", " - x", " @x", " 'x' y", "x", " http://a", " 0x1F", " 2024-01-31", " .inf"])
LINE = st.one_of(
    st.tuples(INDENTS, KEYS, st.just(":"), VALUES).map("".join),
    st.tuples(INDENTS, st.sampled_from(["- ", "-", "- - ", "-  "]), st.one_of(VALUES.map(str.lstrip), KEYS.map(lambda k: k + ": v"))).map("".join),
    st.tuples(INDENTS, st.sampled_from(["text", "more text", "'close'", 'end"', "# comment", "", "---", "...", "\tx", "x\r"])).map("".join),
)


@settings(max_examples=600, deadline=None)
@given(st.lists(LINE, min_size=1, max_size=12).map(lambda lines: "\n".join(lines) + "\n"))
def test_random_texts_are_read_alike_or_declined(text):
    assert_read_alike(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(INDENTS, st.sampled_from(["text", "  more", "", " ", "# not a comment", "- x", "a: b", "'q", "\\"])),
                max_size=8), st.sampled_from(["|", "|-", "|+", ">", ">-", ">+", "| # c", "'a", '"a\\', "plain"]),
       st.sampled_from(["", "- ", "  - "]))
def test_block_and_folded_scalars_read_alike(body, header, lead):
    lines = "".join(f"{indent}{text}\n" for indent, text in body)
    text = f"{lead}key: {header}\n{lines}after: 1\n"
    assert_read_alike(text)


# Hand-written styles: random choices of how people write the same data (lists indented under
# their key or not, flow lists, quotes of either kind, block scalars, comments, blank lines).
# The text need not mean the data: libyaml's reading of it is what the reader must match.
WORD = st.from_regex(r"[A-Za-z][A-Za-z0-9 _.-]{0,12}[A-Za-z0-9]", fullmatch=True)
VALUE = st.one_of(WORD, texts, st.integers(-1000, 1000), st.sampled_from(TRICKY))
TREE = st.recursive(VALUE, lambda children: st.one_of(
    st.lists(children, min_size=1, max_size=4), st.dictionaries(WORD, children, min_size=1, max_size=4)), max_leaves=20)


def _scalar(value, rng) -> str:
    text = str(value)
    form = rng.choice(["plain", "single", "double"])
    if form == "plain" or "\n" in text and form == "single" and rng.random() < 0.5:
        return text.replace("\n", " ")
    if form == "single":
        return "'" + text.replace("'", "''") + "'"
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _write(node, indent: int, rng, out: list[str], lead: str = "") -> None:
    pad, step = " " * indent, rng.choice([2, 4])
    comment = lambda: rng.choice(["", "", "", "  # note", " #x"])
    if isinstance(node, dict):
        for key, value in node.items():
            head = f"{lead or pad}{_scalar(key, rng) if rng.random() < 0.2 else key}:"
            lead = ""
            if rng.random() < 0.1:
                out.append("")
            if isinstance(value, (dict, list)):
                out.append(head + comment())
                inner = indent if isinstance(value, list) and rng.random() < 0.5 else indent + step
                _write(value, inner, rng, out)
            elif isinstance(value, str) and "\n" in value and rng.random() < 0.5:
                out.append(f"{head} {rng.choice(['|', '|-', '|+', '>', '>-'])}")
                out.extend(f"{pad}{' ' * step}{line}" if line else "" for line in value.split("\n"))
            else:
                out.append(f"{head} {_scalar(value, rng)}{comment()}")
    elif isinstance(node, list) and all(not isinstance(v, (dict, list)) for v in node) and rng.random() < 0.3:
        out.append(f"{lead or pad}- [{', '.join(_scalar(v, rng) for v in node)}]")
    else:
        for value in node:
            if isinstance(value, (dict, list)):
                _write(value, indent + 2, rng, out, lead=f"{pad}- ")
            else:
                out.append(f"{pad}- {_scalar(value, rng)}{comment()}")


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(WORD, TREE, min_size=1, max_size=4), st.randoms(use_true_random=False))
def test_hand_written_styles_read_alike(data, rng):
    out: list[str] = []
    _write(data, 0, rng, out)
    assert_read_alike("\n".join(out) + "\n")


# Fact files as runs of flat items (`plainrecords`): items of plain keys and values, lists of
# plain values or of flat items below a key, at either column, blank and comment lines anywhere;
# then, in some, odd top-level keys and one line of noise
# at a random place (a comment, a blank line, a value over lines, other indentation, a tab, a
# quoted or flow value, a key twice). A clean text is read by the runs whole; any text alike.
RECORD_KEYS = ["id", "subject", "from", "a b", "yes", "2", "~", "-k", "1.5", "x_y-z"]
RECORD_VALUES = ["hero-211", "Y15M3", "Char 0", "yes", "No", "~", "null", "1e3", "0x1F", "012", "1_000", "1:20", ".inf",
                 "-.Inf", "2024-01-31", "-x", "-5", "http://x.org/a#b", "it's", "a  b", "남온조", "é", "C#"]
NOISE = ["  # note", "", "  ", "    more", "\tx: 1", "  - loose", "   k: v", "-", "- ", "  k:", "x: 1", "# top", "  id: 9",
         "  from: 'q: x'", "  from: [a, b]", "  from: |", "    text", " odd: 1", "  a: b: c", "  -k: 1", "  from:  x",
         "  from: x # c", "  k: v ", "- 'q': 1", "  \"k\": 1", "a: b:", "k #c:", "'q':", "-x:", "? k:", "x:", "yes:", "  x:"]


@st.composite
def record_texts(draw):
    values = st.sampled_from(RECORD_VALUES)
    clean = draw(st.booleans())
    tops = ["statements", "entities", "s t"] + ([] if clean else ["a: b", "k #c", "'q'", "-x", "? k", "yes", "1", "~"])
    lines: list[str] = []
    for top in draw(st.lists(st.sampled_from(tops), min_size=1, max_size=2, unique=True)):
        lines.append(f"{top}:")
        indent = draw(st.sampled_from([0, 2]))
        for _ in range(draw(st.integers(1, 4))):
            _record(draw, values, indent, lines, depth=0)
    for blank in draw(st.lists(st.sampled_from(["# c", "  # c: x", "", "   ", "      # deep", "#"]), max_size=3)):
        lines.insert(draw(st.integers(0, len(lines))), blank)  # nothing in YAML, anywhere here
    if not clean and draw(st.booleans()):
        lines.insert(draw(st.integers(1, len(lines))), draw(st.sampled_from(NOISE)))
    return "\n".join(lines) + "\n", clean


def _record(draw, values, indent: int, lines: list[str], depth: int) -> None:
    pad, key_pad = " " * indent, " " * (indent + 2)
    for n, key in enumerate(draw(st.lists(st.sampled_from(RECORD_KEYS), min_size=1, max_size=4, unique=True))):
        lead = f"{pad}- " if n == 0 else key_pad
        kind = draw(st.sampled_from(["value", "value", "list", "items"] if depth == 0 else ["value", "list"]))
        if kind == "value":
            lines.append(f"{lead}{key}: {draw(values)}")
            continue
        lines.append(f"{lead}{key}:")
        column = indent + draw(st.sampled_from([2, 4]))
        for _ in range(draw(st.integers(1, 3))):
            if kind == "list":
                lines.append(f"{' ' * column}- {draw(values)}")
            else:
                _record(draw, values, column, lines, depth + 1)


@settings(max_examples=400, deadline=None)
@given(record_texts())
def test_runs_of_flat_items_read_alike(case):
    text, clean = case
    if clean:
        assert assert_read_alike(text)
        content = sum(1 for line in text.splitlines() if line.startswith((" ", "-")) and line.strip(" ")[:1] not in ("", "#"))
        assert lines_read_by_runs(text) >= content, "a clean fact file is read by the runs, every item"
    else:
        assert_read_alike(text)
