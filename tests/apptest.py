"""The explorer under AppTest: open a page with query parameters, read what it shows."""

from __future__ import annotations

import re
from pathlib import Path

__all__ = ["APP", "BUNDLED", "PAGES", "Explorer", "plain"]

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
BUNDLED = ROOT / "data"
PAGES = ["overview", "wiki", "graph", "survivors", "connections", "timeline", "arcs"]


def plain(markdown: str) -> str:
    """Markdown as it reads: backslash escapes removed."""
    return re.sub(r"\\(.)", r"\1", markdown)


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
