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
