"""The documentation's examples are real: every YAML example in docs/data-format.md is valid."""

import re
from pathlib import Path

import pytest

from universe.storage.documents import FactsDoc, UniverseDoc
from universe.storage.yamlfile import parse_yaml

DOC = Path(__file__).resolve().parent.parent / "docs" / "data-format.md"


def universe_and_fact_examples():
    """The YAML examples of universe.yaml and of fact files (arc examples are tested with arcs)."""
    examples = []
    for block in re.findall(r"```yaml\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S):
        if block.startswith("  - "):  # a fragment of an entity list
            block = "entities:\n" + block
        data = parse_yaml(block.encode(), "docs/data-format.md")
        if isinstance(data, dict) and ("format" in data or (data and set(data) <= {"entities", "statements"})):
            examples.append(data)
    return examples


def test_the_format_doc_has_examples():
    assert len(universe_and_fact_examples()) >= 4


@pytest.mark.parametrize("data", universe_and_fact_examples(), ids=lambda d: next(iter(d)))
def test_each_example_is_valid(data):
    model = UniverseDoc if "format" in data else FactsDoc
    model.model_validate(data)


# -- docs/importers.md and the README say what the commands do ------------------------------

IMPORTERS_DOC = Path(__file__).resolve().parent.parent / "docs" / "importers.md"


def test_every_import_option_is_documented():
    from universe.cli.imports import import_group

    text = IMPORTERS_DOC.read_text(encoding="utf-8")
    missing = []
    for name, command in import_group.commands.items():
        for param in command.params:
            for opt in getattr(param, "opts", []):
                if opt.startswith("--") and opt not in ("--help", "--license") and opt not in text:
                    missing.append(f"universe import {name} {opt}")
    assert not missing, f"options not in docs/importers.md: {missing}"


def test_every_export_format_says_what_it_keeps_in_the_docs():
    from universe.exchange.export import FORMATS

    text = IMPORTERS_DOC.read_text(encoding="utf-8")
    section = text.split("## Exports", 1)[1]
    for fmt in FORMATS:
        assert f"| `{fmt}` |" in section, fmt
    assert "leading `'`" in section and "`=`, `+`, `-`, `@`" in section  # the CSV formula rule
    assert "undirected" in section and "U+FFFD" in section


def test_the_readme_command_table_is_one_table():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    table = readme.split("| command | what it does |", 1)[1].split("\n\n", 1)[0]
    for command in ("new", "check", "stats", "show", "survivors", "export", "import", "serve", "arc"):
        assert f"| `universe {command}" in table, command
    assert ".venv/bin/universe" in readme and "make run UNIVERSE=" in readme and "PORT=8600" in readme
    assert re.search(r"`make test`[^.]*took \d+ minutes\s+on a 2-core machine", readme)
