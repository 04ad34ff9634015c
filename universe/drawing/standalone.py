"""A drawing as one standalone, offline HTML file: vis-network inlined, every story string escaped."""

from __future__ import annotations

import html
import json

from universe.drawing.render import NO_VALUE, Drawing, LegendEntry, safe_colour, script, vis_network_js

__all__ = ["standalone_html"]


def _json_for_html(data: object) -> str:
    """JSON safe inside a <script> element: no character that HTML or a script end could read."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("'", "\\u0027"), ("=", "\\u003d"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{css}</style>
</head>
<body>
<header><h1>{title}</h1><p>{subtitle}</p></header>
<div id="network" class="universe-network"></div>
<section class="legend">{legend}</section>
<script type="application/json" id="network-data">{data}</script>
<script>{vis}</script>
<script>{draw}
drawNetwork(vis, document.getElementById("network"), JSON.parse(document.getElementById("network-data").textContent), {{}});
</script>
</body>
</html>
"""


def standalone_html(drawing: Drawing, *, title: str, subtitle: str = "") -> str:
    """One self-contained HTML file: vis-network inlined, nothing fetched from anywhere (its
    Content-Security-Policy forbids it), tooltips and legend as text.

    Story strings in `title`, `subtitle` and the drawing are escaped.
    """
    sections: dict[str, list[LegendEntry]] = {}
    for entry in drawing.legend:
        sections.setdefault(entry.section, []).append(entry)
    legend = "".join(
        f"<div><h2>{_text(section)}</h2><ul>"
        + "".join(
            f'<li><span class="symbol"{_style(entry.colour)}>{_text(entry.symbol)}</span> {_text(entry.label)}</li>'
            for entry in entries
        )
        + "</ul></div>"
        for section, entries in sections.items()
    )
    data = {"nodes": drawing.nodes, "edges": drawing.edges, "options": drawing.options}
    return _PAGE.format(
        title=_text(title),
        subtitle=_text(subtitle),
        css=script("standalone.css"),
        legend=legend,
        data=_json_for_html(data),
        vis=vis_network_js(),
        draw=script("network.js"),
    )


def _text(value: str) -> str:
    """`value` as HTML text. ``=`` is escaped too, so no story string ever reads like an
    attribute (``onerror=``) even to a plain-text search of the file."""
    return html.escape(value).replace("=", "&#61;")


def _style(colour: str | None) -> str:
    return f' style="color: {safe_colour(colour, NO_VALUE)}"' if colour else ""

