"""Story text into Streamlit: markdown escaping, evidence and status badges, links between pages.

Every story string (names, notes, values, quotes) is untrusted. Streamlit's markdown already
escapes HTML; `md` also escapes markdown, so ``[x](javascript:...)`` shows as those characters
and no link, image or directive comes out of a name.
"""

from __future__ import annotations

import colorsys
import re
from typing import Iterable

import streamlit as st

from universe.story.evidence import Evidence
from universe.story.model import Entity, SourceRef
from universe.story.snapshot import Snapshot, Universe
from universe.views import state
from universe.views.text import md

__all__ = [
    "md",
    "evidence_badge",
    "status_badge",
    "status_colour",
    "badge_colour",
    "source_names",
    "entity_link",
    "WIKI_PAGE",
]

WIKI_PAGE = "app_pages/wiki.py"
_HEX = re.compile(r"#(?:[0-9a-fA-F]{3}){1,2}")
EVIDENCE_COLOURS = {
    Evidence.CANON: "green",
    Evidence.OFFICIAL: "blue",
    Evidence.REPORTED: "violet",
    Evidence.TEASED: "orange",
    Evidence.SPECULATION: "gray",
    Evidence.FAN_THEORY: "red",
}


def evidence_badge(evidence: Evidence) -> str:
    """A markdown badge naming the evidence level (``:green-badge[canon]``)."""
    return f":{EVIDENCE_COLOURS[evidence]}-badge[{evidence.label.lower()}]"


def badge_colour(hex_colour: str | None) -> str:
    """The nearest of Streamlit's badge colours to a CSS hex colour (gray when unknown).

    >>> badge_colour("#2e7d32"), badge_colour("#424242"), badge_colour("nonsense")
    ('green', 'gray', 'gray')
    """
    if not hex_colour or not _HEX.fullmatch(hex_colour):
        return "gray"
    digits = hex_colour[1:]
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    r, g, b = (int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4))
    hue, lightness, saturation = colorsys.rgb_to_hls(r, g, b)
    if saturation < 0.25 or lightness < 0.12:
        return "gray"
    degrees = hue * 360
    for limit, name in ((20, "red"), (45, "orange"), (70, "yellow"), (160, "green"), (250, "blue"), (330, "violet")):
        if degrees < limit:
            return name
    return "red"


def status_colour(universe: Universe, status: str | None) -> str:
    """The badge colour of a status of the universe's vocabulary."""
    declared = universe.statuses.get(status) if status else None
    return badge_colour(declared.color if declared else None)


def status_badge(universe: Universe, status: str | None) -> str:
    """A markdown badge with the status label (``:green-badge[Alive]``); empty for None."""
    if not status:
        return ""
    declared = universe.statuses.get(status)
    label = declared.label if declared else status
    return f":{status_colour(universe, status)}-badge[{md(label)}]"


def source_names(snapshot: Snapshot, refs: Iterable[SourceRef]) -> list[str]:
    """The names of the visible sources among `refs`. Hidden sources are left out, and so are
    sources about a story point beyond the horizon (a recap of a later episode, by its `point`):
    their titles alone can spoil."""
    names = []
    for ref in refs:
        source = snapshot.entities.get(ref.source)
        if source is not None and (source.point is None or source.point.is_seen_by(snapshot.horizon)):
            names.append(source.name + (f" ({ref.locator})" if ref.locator else ""))
    return names


def entity_link(entity: Entity, label: str | None = None, **kwargs) -> None:
    """A link to the entity's wiki page, keeping the global view parameters."""
    st.page_link(
        WIKI_PAGE,
        label=md(label if label is not None else entity.name),
        query_params=state.link_query(entity=entity.id),
        icon=kwargs.pop("icon", ""),
        **kwargs,
    )
