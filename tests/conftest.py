"""Shared fixtures: small universes written to temporary folders, and the explorer under AppTest."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest

from universe.generate import tiny_documents, write_documents

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
BUNDLED = ROOT / "data"
PAGES = ["overview", "wiki", "graph", "survivors", "connections", "timeline"]

#: Strings that would run script or make links if a page trusted them.
HOSTILE = {
    "img": "<img src=x onerror=alert(1)>",
    "script": "</script><script>alert(1)</script>",
    "link": "[x](javascript:alert(1))",
}


def plain(markdown: str) -> str:
    """Markdown as it reads: backslash escapes removed."""
    return re.sub(r"\\(.)", r"\1", markdown)


def hostile_documents() -> tuple[dict, dict[str, dict]]:
    """The tiny universe with every story string replaced by markup that must stay text."""
    universe, facts = copy.deepcopy(tiny_documents())
    universe["id"] = "hostile"
    universe["title"] = f"Hostile {HOSTILE['img']}"
    universe["description"] = f"{HOSTILE['link']} {HOSTILE['script']}"
    universe["kinds"]["character"]["plural"] = f"Characters {HOSTILE['img']}"
    universe["relations"]["friend"]["label"] = f"friend {HOSTILE['link']}"
    universe["statuses"]["alive"]["label"] = f"Alive {HOSTILE['img']}"
    entities = facts["facts.yaml"]["entities"]
    for entity in entities:
        entity["name"] = f"{entity['name']} {HOSTILE['img']}"
    alice = next(e for e in entities if e["id"] == "alice")
    alice["aliases"] = [HOSTILE["script"], {"name": HOSTILE["link"], "revealed": "S1E3"}]
    alice["description"] = f"{HOSTILE['link']} {HOSTILE['script']} *bold* # heading"
    alice["attributes"] = {"motto": HOSTILE["img"]}
    for change in alice["status"]:
        change["note"] = HOSTILE["script"]
    for statement in facts["facts.yaml"]["statements"]:
        statement["note"] = f"{HOSTILE['link']} {HOSTILE['img']}"
    facts["facts.yaml"]["statements"].append(
        {"subject": "notes", "relation": "viewing-figures", "value": HOSTILE["link"], "date": "2024-01", "evidence": "reported"}
    )
    return universe, facts


@pytest.fixture
def tiny_root(tmp_path) -> Path:
    """A data folder holding the tiny universe (``tiny``)."""
    universe, facts = tiny_documents()
    write_documents(tmp_path / "tiny", universe, facts)
    return tmp_path


@pytest.fixture
def hostile_root(tmp_path) -> Path:
    """A data folder holding the hostile universe (``hostile``) and the tiny one."""
    universe, facts = hostile_documents()
    write_documents(tmp_path / "hostile", universe, facts)
    tiny_universe, tiny_facts = tiny_documents()
    write_documents(tmp_path / "tiny", tiny_universe, tiny_facts)
    return tmp_path


@pytest.fixture
def invalid_root(tmp_path) -> Path:
    """A data folder whose only universe (``broken``) refers to an entity that does not exist."""
    universe, facts = tiny_documents()
    universe["id"] = "broken"
    facts["facts.yaml"]["statements"].append({"subject": "alice", "relation": "friend", "object": "nobody-at-all"})
    write_documents(tmp_path / "broken", universe, facts)
    return tmp_path


@pytest.fixture
def data_root(monkeypatch):
    """Point the app at a data folder: ``data_root(path)`` sets UNIVERSE_DATA for this test."""

    def use(path: Path) -> Path:
        monkeypatch.setenv("UNIVERSE_DATA", str(path))
        return path

    return use


class Explorer:
    """The explorer under AppTest: open a page with query parameters, read what it shows."""

    timeout = 30

    def open(self, page: str = "overview", **params: str):
        from streamlit.testing.v1 import AppTest

        at = AppTest.from_file(APP, default_timeout=self.timeout)
        for name, value in params.items():
            at.query_params[name] = value
        at.run()
        if page != "overview" and not at.exception and not at.error:
            at.switch_page(f"app_pages/{page}.py").run()
        return at

    @staticmethod
    def elements(at, *, sidebar: bool = True):
        """Every element of the page (without the sidebar's controls: `sidebar=False`)."""

        def walk(node):
            yield node
            for child in getattr(node, "children", {}).values():
                yield from walk(child)

        return list(walk(at._tree if sidebar else at.main))

    @classmethod
    def text(cls, at) -> str:
        """Everything the page's main area shows as text or sends as data (charts, the
        network's JSON), one element a line; scripts it ships (vis-network) are left out."""
        lines = []
        for element in cls.elements(at, sidebar=False):
            name = type(element).__name__
            proto = getattr(element, "proto", None)
            if name == "Dataframe":
                lines.append(element.value.to_csv(index=False))
            elif name == "PageLink":
                lines.append(proto.label)
            elif name == "UnknownElement" and proto is not None:
                for field in ("spec", "datasets", "json", "html_content"):
                    if hasattr(proto, field):
                        lines.append(str(getattr(proto, field)))
            elif hasattr(element, "label") and hasattr(element, "options"):
                lines.append(f"{element.label}: {' | '.join(map(str, element.options))}")
            elif name == "Metric":
                lines.append(f"{element.label}: {element.value}")
            elif hasattr(element, "value") and isinstance(element.value, str):
                lines.append(element.value)
            elif hasattr(element, "label") and isinstance(element.label, str):
                lines.append(element.label)
        return "\n".join(lines)


@pytest.fixture
def explorer() -> Explorer:
    return Explorer()
