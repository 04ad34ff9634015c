"""Playback frames as the browser plays them: per story point, the colour of each node known
there (its status colour then, when nodes are coloured by status) and whether each edge known
there still holds."""

from __future__ import annotations

import hashlib
import json
from typing import Sequence

from universe.drawing.colouring import status_palette
from universe.drawing.palette import NO_STATUS_COLOUR
from universe.queries.playback import Frame
from universe.story.snapshot import Universe

__all__ = ["playback_data"]


def playback_data(frames: Sequence[Frame], universe: Universe, *, colour_by: str = "status", start: int = 0,
                  autoplay: bool = True) -> dict:
    """JSON for `universe.views.network.show_network(playback=...)`: the frames (``point``,
    ``label``, ``nodes``: id -> colour, or "" to keep the drawing's; ``edges``: id -> 1 holding,
    0 ended), the frame to start at and whether to play at once. Nodes and edges missing from a
    frame are hidden there."""
    palette = status_palette(universe) if colour_by == "status" else {}
    out = []
    for frame in frames:
        nodes = {node: (palette.get(status, NO_STATUS_COLOUR) if palette else "") for node, status in frame.statuses.items()}
        out.append({"point": frame.point, "label": frame.label, "nodes": nodes, "edges": {key: int(holds) for key, holds in frame.edges.items()}})
    body = {"frames": out, "start": start, "autoplay": autoplay}
    signature = hashlib.sha1(json.dumps(body, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]
    return {**body, "signature": signature}
