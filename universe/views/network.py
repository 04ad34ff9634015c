"""The network component: vis-network drawn in the page (Custom Components v2), reporting the
node a viewer clicks back to Python.

Nothing is loaded from the internet: vis-network's script comes from pyvis' wheel. It travels in
a loader component of its own whose message never changes, so Streamlit sends it once per
session and a hash reference on later reruns; the network component itself is a few KB of code
plus the drawing's data.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from universe.drawing.render import script, vis_network_js

__all__ = ["show_network"]

STATIC = Path(__file__).parent / "static"  # the component's own script and styles


def _own(name: str) -> str:
    return (STATIC / name).read_text(encoding="utf-8")


_LOADER = st.components.v2.component(
    "universe_vis_network",
    js=vis_network_js() + "\nexport default function () {}\n",
)
_NETWORK = st.components.v2.component(
    "universe_network",
    html='<div class="universe-graph"><div class="universe-network"></div></div>',
    css=_own("component.css"),
    js=script("network.js") + "\n" + _own("component.js"),
)


def show_network(data: dict, *, key: str, height: int = 600, playback: dict | None = None) -> str | None:
    """Draw `data` (``Drawing.data()`` from universe.drawing.render) `height` pixels high, with a
    toolbar (search, zoom, fit) above and the legend below; with `playback`
    (``universe.drawing.playback.playback_data``) the toolbar plays the story point by point.

    Returns the id of the node clicked since the last run (a one-shot trigger), else None.
    """
    _LOADER(key=f"{key}.vis", height=0)
    payload = {**data, "key": key, "height": height}
    if playback is not None:
        payload["playback"] = playback
        payload["signature"] = f"{data['signature']}:{playback['signature']}"
    result = _NETWORK(key=key, data=payload, height="content", on_clicked_change=_ignore)
    return result.clicked


def _ignore() -> None:
    """The click is read from the component's result; declaring a callback names the trigger."""
