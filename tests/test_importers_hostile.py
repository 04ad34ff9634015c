"""Hostile importer input: huge numbers and deep nesting get a short message naming the file and
the line, through `universe import` as through the library; never a traceback, nothing written."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from universe.cli.main import cli
from universe.errors import ImportFailed
from universe.exchange.importers import import_csv, import_nodelink

DIGITS_400 = "9" * 400
DIGITS_5000 = "7" * 5000
DEEP = 100_000


def node_link(weight: str, pad: int = 0) -> str:
    """Two nodes and a link whose weight is written as `weight`; the link on line 3 + pad."""
    return '{"nodes": [{"id": "a"}, {"id": "b"}],\n' + "\n" * pad + '"links": [\n{"source": "a", "target": "b", "weight": ' + weight + "}]}\n"


JSON_CASES = {
    "400-digit integer weight": (node_link(DIGITS_400, 2), 5, "too large"),
    "5,000-digit integer weight": (node_link(DIGITS_5000), 3, "too large"),
    "5,000-digit float weight": (node_link(DIGITS_5000 + ".5"), 3, "not a finite number"),
    "5,000-digit exponent": (node_link("1e" + DIGITS_5000), 3, "not a finite number"),
    "100k-deep nesting in the nodes": ('{"nodes":\n' + "[" * DEEP + "]" * DEEP + ', "links": []}', 2, "nested more than"),
    "100k-deep nesting in a name": ('{"nodes": [\n{"id": "a", "name": ' + "[" * DEEP + "]" * DEEP + "}]}", 2, "nested more than"),
    "500-deep name (parses, is not text)": ('{"nodes": [\n{"id": "a", "name": ' + "[" * 500 + "]" * 500 + "}]}", 2, "must be text"),
}


@pytest.mark.parametrize("case", list(JSON_CASES))
def test_hostile_node_link_json_is_refused_with_file_and_line(tmp_path, case):
    text, line, words = JSON_CASES[case]
    source = tmp_path / "graph.json"
    source.write_text(text)
    with pytest.raises(ImportFailed) as refused:
        import_nodelink(source, tmp_path / "out")
    assert refused.value.file == str(source) and refused.value.line == line, refused.value
    assert words in refused.value.message
    assert len(str(refused.value)) < 300  # the value is quoted cut short, not 5,000 digits
    assert not (tmp_path / "out").exists()


CSV_CASES = {
    "400-digit weight": (DIGITS_400, "too large"),
    "5,000-digit weight": (DIGITS_5000, "too large"),
    "negative 400 digits": ("-" + DIGITS_400, "too large"),
    "huge float": ("1e400", "not a finite number"),
    "5,000-digit decimal": (DIGITS_5000 + ".25", "not a finite number"),
}


@pytest.mark.parametrize("case", list(CSV_CASES))
def test_hostile_csv_weights_are_refused_with_file_and_line(tmp_path, case):
    weight, words = CSV_CASES[case]
    source = tmp_path / "edges.csv"
    source.write_text(f"Source,Target,Weight\na,b,1\nb,c,{weight}\n")
    with pytest.raises(ImportFailed) as refused:
        import_csv(source, tmp_path / "out")
    assert (refused.value.file, refused.value.line) == (str(source), 3)
    assert words in refused.value.message and len(str(refused.value)) < 300


def test_large_but_sane_weights_still_import(tmp_path):
    source = tmp_path / "edges.csv"
    source.write_text("Source,Target,Weight\na,b,1000000000000000\nb,c,2.5e3\n")
    report = import_csv(source, tmp_path / "out")
    assert report.relations == 2


def test_a_long_numeric_node_id_is_an_id_not_a_crash(tmp_path):
    source = tmp_path / "graph.json"
    source.write_text('{"nodes": [{"id": ' + DIGITS_5000 + '}, {"id": 2}], "links": [{"source": ' + DIGITS_5000 + ', "target": 2}]}')
    report = import_nodelink(source, tmp_path / "out")
    assert report.relations == 1


@pytest.mark.parametrize("command, name, text", [
    ("json", "graph.json", node_link(DIGITS_5000)),
    ("json", "deep.json", '{"nodes": ' + "[" * DEEP + "]" * DEEP + "}"),
    ("csv", "edges.csv", f"Source,Target,Weight\na,b,{DIGITS_400}\n"),
])
def test_the_command_says_file_and_line_without_a_traceback(tmp_path, command, name, text):
    source = tmp_path / name
    source.write_text(text)
    result = CliRunner().invoke(cli, ["import", command, str(source), "--licence", "CC0", "-o", str(tmp_path / "out")])
    assert result.exit_code == 1, result.output
    assert f"{source}:" in result.output and "Traceback" not in result.output
    assert not isinstance(result.exception, (RecursionError, ValueError, OverflowError))
    assert len(result.output) < 400
