"""Starting is cheap: `universe --version` and a warm start load none of the heavy libraries,
and after an edit in the app the next load parses only the edited file."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap

from universe.exchange.generate import tiny_documents, write_documents
from universe.storage import loader as loader_module
from universe.storage.documents import UNIVERSE_ID_PATTERN
from universe.storage.store import _ID

HEAVY = ("pydantic", "networkx", "pandas", "numpy", "streamlit", "universe.storage.loader")


def _imported_after(code: str) -> set[str]:
    """The heavy modules a fresh interpreter has imported after running `code`."""
    probe = textwrap.dedent(code) + f"\nimport sys\nprint(sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    out = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True).stdout
    return set(eval(out.strip().splitlines()[-1]))  # a list of names printed by the probe above


def test_universe_version_loads_no_heavy_library():
    loaded = _imported_after("""
        import re
        from click.testing import CliRunner
        from universe.cli.main import cli
        result = CliRunner().invoke(cli, ["--version"])
        assert re.match(r"universe, version \\d", result.output), result.output
    """)
    assert loaded == set()


def test_universe_help_lists_every_command_and_loads_no_heavy_library():
    loaded = _imported_after("""
        from click.testing import CliRunner
        from universe.cli.main import cli
        result = CliRunner().invoke(cli, ["--help"])
        assert result.exit_code == 0 and "import " in result.output and "Writers' arcs" in result.output, result.output
    """)
    assert loaded == set()


def test_the_help_listed_for_a_command_not_loaded_yet_is_its_own():
    import click
    from click.testing import CliRunner

    from universe.cli import main

    lazy = CliRunner().invoke(main.cli, ["--help"]).output
    context = click.Context(main.cli)
    for name, (_, _, summary) in main._COMMANDS.items():
        command = main.cli.get_command(context, name)  # imports its module
        assert " ".join(command.help.split("\n\n")[0].split()) == summary, name
    assert CliRunner().invoke(main.cli, ["--help"]).output == lazy  # every command loaded now


def test_a_warm_start_loads_neither_pydantic_nor_networkx(tmp_path):
    folder = write_documents(tmp_path / "tiny", *tiny_documents())
    first = f"from universe.storage.store import load_universe\nload_universe({str(folder)!r})"
    assert "universe.storage.loader" in _imported_after(first)  # the first load derives
    assert _imported_after(first) == set()  # the second reads the cache


def test_the_store_knows_the_format_s_universe_ids():
    assert _ID.pattern == UNIVERSE_ID_PATTERN


def test_after_an_edit_the_next_load_in_the_app_parses_only_the_edited_file(tmp_path, monkeypatch):
    from universe.views.loading import load

    universe, facts = tiny_documents()
    facts["people.yaml"] = {"entities": [{"id": "eve", "kind": "person", "name": "Eve Actor"}]}
    folder = write_documents(tmp_path / "tiny", universe, facts)
    assert load(folder).universe is not None
    parsed = []
    real = loader_module.parse_file
    monkeypatch.setattr(loader_module, "parse_file", lambda file: parsed.append(file.label) or real(file))
    path = folder / "people.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Eve Actor", "Eve Edited"), encoding="utf-8")
    loaded = load(folder)
    assert loaded.universe.entities["eve"].name == "Eve Edited"
    assert [re.sub(r".*/", "", label) for label in parsed] == ["people.yaml"]


def test_lines_read_from_the_text_are_the_lines_composing_gives(tmp_path):
    """LineFinder reads ``key: value`` of a list item from its text (composing it only when
    unsure): for every key of every item, the same line as composing the item."""
    import shutil

    from universe.exchange.generate import generated_documents
    from universe.storage.store import BUNDLED, data_dir
    from universe.storage.yamlfile import LineFinder, read_yaml_indexed

    folders = [write_documents(tmp_path / "generated", *generated_documents(200, 1000, 200)), tmp_path / BUNDLED]
    shutil.copytree(data_dir() / BUNDLED, folders[1], ignore=shutil.ignore_patterns(".cache", ".history"))
    checked = 0
    for path in sorted(p for folder in folders for p in folder.glob("*.yaml")):
        data, text, index = read_yaml_indexed(path)
        fast, composed = LineFinder(text, index), LineFinder(text, index)
        composed.read_keys = False
        for top, items in data.items() if isinstance(data, dict) else ():
            for number, item in enumerate(items if isinstance(items, list) else []):
                for key in [*(item if isinstance(item, dict) else ()), "no-such-key"]:
                    assert fast.line((top, number, key)) == composed.line((top, number, key)), (path, top, number, key)
                    checked += 1
    assert checked > 5000
