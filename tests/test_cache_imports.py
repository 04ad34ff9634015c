"""A warm load (everything from the derived cache) parses no YAML, and so imports no YAML parser;
the cache's code version still covers the version of PyYAML that parses the files."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from types import SimpleNamespace

from cached import tiny_folder

from universe.storage import derivedcache
from universe.storage.derivedcache import load_folder

YAML_MODULES = ("yaml", "universe.storage.yamlfile", "universe.storage.plainyaml", "universe.storage.loader", "pydantic")


def _warm_load_imports(folder: Path) -> tuple[bool, list[str]]:
    """Load `folder` (its cache written here), then again in a fresh interpreter: whether that
    load came from the cache, and which YAML modules it imported. The fresh interpreter takes
    this one's code version (another engineer's edit of the code in between would make another)."""
    assert not load_folder(folder).from_cache
    probe = textwrap.dedent(f"""
        import sys
        from universe.storage import derivedcache
        derivedcache._code_version = {derivedcache.code_version()!r}
        print(derivedcache.load_folder({str(folder)!r}).from_cache)
        print(sorted(m for m in {YAML_MODULES!r} if m in sys.modules))
    """)
    out = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True).stdout.splitlines()
    return eval(out[-2]), eval(out[-1])  # what the probe above printed


def test_a_warm_load_imports_no_yaml_parser(tmp_path):
    assert _warm_load_imports(tiny_folder(tmp_path)) == (True, [])


def test_a_warm_load_of_a_universe_with_problems_imports_no_yaml_parser(tmp_path):
    folder = tiny_folder(tmp_path)
    (folder / "people.yaml").write_text("entities:\n  - {id: eve, kind: no-such-kind, name: Eve}\n", encoding="utf-8")
    assert _warm_load_imports(folder) == (True, [])  # the problems' lines are in the entry


def test_the_code_version_covers_pyyaml(monkeypatch, tmp_path):
    real = importlib.util.find_spec("yaml")
    copy = tmp_path / "yaml"
    copy.mkdir()
    shutil.copy(Path(real.origin), copy / "__init__.py")
    found = importlib.util.find_spec

    def find_spec(name, *args):
        return SimpleNamespace(origin=str(copy / "__init__.py")) if name == "yaml" else found(name, *args)

    monkeypatch.setattr(derivedcache.importlib.util, "find_spec", find_spec)
    monkeypatch.setattr(derivedcache, "_code_version", None)
    same = derivedcache.code_version()
    (copy / "__init__.py").write_text((copy / "__init__.py").read_text(encoding="utf-8").replace("__version__ = '", "__version__ = '9"),
                                      encoding="utf-8")
    monkeypatch.setattr(derivedcache, "_code_version", None)
    assert derivedcache.code_version() != same


def test_the_store_and_the_history_of_edits_import_no_yaml_parser():
    """What the explorer's first page imports besides the load (the store, its folder swaps, the
    history of edits) writes files through `regularfile`, not `yamlfile`."""
    probe = textwrap.dedent(f"""
        import sys
        import universe.storage.store, universe.storage.revisions, universe.storage.folderswap
        print(sorted(m for m in {YAML_MODULES!r} if m in sys.modules))
    """)
    out = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True).stdout.splitlines()
    assert eval(out[-1]) == []  # what the probe above printed
