"""The project's own conventions: layering, documentation, and the schema matching the model."""

import ast
import json
import re
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from universe.cli.main import cli
from universe.storage.documents import SCHEMA_DIR, json_schemas
from universe.storage.yamlfile import read_yaml

ROOT = Path(__file__).resolve().parent.parent
CORE = [p for p in (ROOT / "universe").rglob("*.py") if "views" not in p.relative_to(ROOT / "universe").parts]


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("path", CORE, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_core_never_imports_streamlit(path):
    assert "streamlit" not in imported_modules(path)


def test_only_one_module_imports_pyvis():
    importers = [p.relative_to(ROOT).as_posix() for p in (ROOT / "universe").rglob("*.py") if "pyvis" in imported_modules(p)]
    assert importers in ([], ["universe/drawing/render.py"])


@pytest.mark.parametrize("path", sorted((ROOT / "universe").rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_module_opens_with_a_docstring(path):
    assert ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))), f"{path} has no module docstring"


def commands(group, prefix=()):
    for name, command in group.commands.items():
        yield prefix + (name,), command
        if hasattr(command, "commands"):
            yield from commands(command, prefix + (name,))


@pytest.mark.parametrize("path, command", list(commands(cli)), ids=lambda x: " ".join(x) if isinstance(x, tuple) else "")
def test_every_command_has_help_and_a_readme_entry(path, command):
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0 and "Usage:" in result.output
    assert command.help, f"universe {' '.join(path)} has no help text"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"universe {' '.join(path)}" in readme, f"'universe {' '.join(path)}' is not in the README"


def test_checked_in_json_schemas_match_the_model():
    for name, schema in json_schemas().items():
        checked_in = json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
        assert checked_in == json.loads(json.dumps(schema)), (
            f"{name} drifted from universe/documents.py: run "
            "python -c 'from universe.storage.documents import write_json_schemas; write_json_schemas()'"
        )


def bundled_files():
    folder = ROOT / "data" / "all-of-us-are-dead"
    return sorted(folder.glob("*.yaml"))


@pytest.mark.parametrize("path", bundled_files(), ids=lambda p: p.name)
def test_bundled_files_validate_against_the_json_schema(path):
    schema_name = "universe.schema.json" if path.name == "universe.yaml" else "facts.schema.json"
    schema = json.loads((SCHEMA_DIR / schema_name).read_text(encoding="utf-8"))
    data, _ = read_yaml(path)
    jsonschema.validate(data, schema)


def test_the_json_schema_rejects_what_the_model_rejects():
    schema = json.loads((SCHEMA_DIR / "facts.schema.json").read_text(encoding="utf-8"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"statements": [{"subject": "a", "relation": "b", "evidence": "cannon"}]}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"entities": [{"id": "Not A Slug", "kind": "x", "name": "n"}]}, schema)


def test_the_readme_holds_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make run" in readme and "make test" in readme
    assert re.search(r"make test", (ROOT / ".ci" / "run").read_text())
