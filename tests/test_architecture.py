"""The package's architecture, kept: layers import only downwards, and nothing imports in a circle.

The layers, lowest first (docs/architecture.md says what each owns):

    errors                      small specific exceptions and problems
    story                       the story model and the spoiler horizon (the snapshot)
    storage, queries            universe folders on disk / what pages ask of a snapshot
    writing, drawing            arcs and canon editing / vis-network drawings and the offline file
    exchange                    importers, exporters, generated universes
    cli, views                  the two front ends (views: the web app)
    universe (the package root) the public names, imported on first use

A module may import from its own subpackage and from lower layers only; two subpackages of the
same layer never import each other. Imports under ``if TYPE_CHECKING:`` count like any other:
a circle that only type checkers walk is still a circle in the design.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "universe"

LAYERS = {
    "errors": 0,
    "story": 1,
    "storage": 2,
    "queries": 2,
    "writing": 3,
    "drawing": 3,
    "exchange": 4,
    "cli": 5,
    "views": 5,
    "": 6,  # universe/__init__.py and __main__.py
}
MAX_LINES = 400


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def subpackage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] != "__main__" else ""


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _type_checking_block(node: ast.AST) -> bool:
    test = getattr(node, "test", None)
    return isinstance(node, ast.If) and (
        (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING")
        or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")
    )


def imports(path: Path) -> list[tuple[str, bool]]:
    """(imported module of this package, only for type checking) for every import in `path`,
    at any depth (a function's late import counts as much as one at the top)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    me = module_name(path)
    package = me if path.name == "__init__.py" else me.rpartition(".")[0]
    found = []

    def visit(node: ast.AST, typing_only: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if _type_checking_block(child):
                for inner in child.body:
                    visit_one(inner, True)
                for inner in child.orelse:
                    visit_one(inner, typing_only)
            else:
                visit_one(child, typing_only)

    def visit_one(node: ast.AST, typing_only: bool) -> None:
        if isinstance(node, ast.Import):
            found.extend((alias.name, typing_only) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:  # `from universe.story import snapshot` imports a module
                candidate = f"{target}.{alias.name}"
                found.append((candidate if candidate in MODULES else target, typing_only))
        visit(node, typing_only)

    visit(tree, False)
    return [(name, typing_only) for name, typing_only in found if name in MODULES and name != me]


EDGES = [(module, target, typing_only) for module, path in MODULES.items() for target, typing_only in imports(path)]


def test_the_folder_list_is_the_architecture():
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert folders == set(LAYERS) - {"", "errors"}
    loose = {p.name for p in PACKAGE.glob("*.py")}
    assert loose == {"__init__.py", "__main__.py", "errors.py"}, "a module belongs in a subpackage"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_a_module_imports_only_its_own_subpackage_and_lower_layers(module):
    mine = subpackage(module)
    wrong = [
        target for source, target, _ in EDGES
        if source == module and subpackage(target) != mine and LAYERS[subpackage(target)] >= LAYERS[mine]
    ]
    assert not wrong, f"{module} (layer {mine or 'root'}) imports from the same or a higher layer: {wrong}"


def test_no_module_imports_another_in_a_circle():
    graph = nx.DiGraph((source, target) for source, target, _ in EDGES)
    circles = [sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1]
    assert not circles, f"modules importing each other in a circle: {circles}"


def test_no_subpackage_imports_another_in_a_circle():
    graph = nx.DiGraph(
        (subpackage(source), subpackage(target)) for source, target, _ in EDGES if subpackage(source) != subpackage(target)
    )
    circles = [sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1]
    assert not circles, f"subpackages importing each other in a circle: {circles}"


def test_the_layer_test_sees_real_imports():
    """Guard against a checker that checks nothing: known edges are found, with their kind."""
    assert ("universe.story.snapshot", "universe.story.names", False) in EDGES
    assert ("universe.cli.arguments", "universe.story.snapshot", True) in EDGES  # under TYPE_CHECKING
    assert any(source.startswith("universe.views.") and target == "universe.story.snapshot" for source, target, _ in EDGES)


PROJECT_FILES = sorted(
    p for folder in ("universe", "tests", "benchmarks", "scripts", "app_pages") for p in (ROOT / folder).rglob("*.py")
) + [ROOT / "app.py"]


@pytest.mark.parametrize("path", PROJECT_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_is_over_400_lines(path):
    """The package's modules, and the tests, benchmarks and scripts beside them."""
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(ROOT)} has {lines} lines: the design is asking for a new noun"


def test_only_the_web_layer_imports_streamlit():
    for module, path in MODULES.items():
        if subpackage(module) == "views":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        names |= {n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
        assert "streamlit" not in names, f"{module} imports streamlit outside the web layer"


def test_the_public_names_are_importable_as_documented():
    import universe

    for name in universe.__all__:
        assert getattr(universe, name) is not None
    from universe import as_of, from_networkx, load_universe  # noqa: F401 - the README's example
