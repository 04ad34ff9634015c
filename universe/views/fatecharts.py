"""The Survivors page's two charts (Vega-Lite specs): one lane per character across the story
points, coloured by status with a mark where it changed, and the fate counts per point
(introduced, surviving, turned, dead). Story strings reach Vega only as data values, which it
draws as text."""

from __future__ import annotations

import pandas as pd

from universe.drawing.colouring import status_palette
from universe.story.snapshot import Universe

__all__ = ["lanes_spec", "fates_spec", "LANE_HEIGHT", "FATE_COLOURS"]

FALLBACK_COLOUR = "#9e9e9e"
LANE_HEIGHT = 22  # pixels a character's lane takes
#: Okabe and Ito's palette, told apart with every common colour blindness.
FATE_COLOURS = {"introduced": "#56B4E9", "surviving": "#009E73", "turned": "#E69F00", "dead": "#000000"}
#: Drawn as SVG: names and points are text a browser (and a screen reader) can read.
_SVG = {"embedOptions": {"renderer": "svg"}}


def _colour(universe: Universe, status: str) -> str:
    return status_palette(universe).get(status, FALLBACK_COLOUR)  # the graph's colours, told apart for every vision


def lanes_spec(universe: Universe, lanes: pd.DataFrame, titles: dict[str, str], at: str | None = None) -> dict:
    """One row of cells per entity (in the order of its `lane` column), one column per story
    point, coloured by status; a dot where the status changed (its tooltip says from what); a
    rule at the point `at`. `titles` maps point ids to their full titles, for tooltips."""
    used = [s for s in universe.statuses if s in set(lanes["status"])]
    used += sorted(set(lanes["status"]) - set(used))
    labels = [universe.statuses[s].label if s in universe.statuses else s for s in used]
    values = [
        {**row, "title": titles.get(row["point"], row["point"]), "lane": int(row["lane"]), "order": int(row["order"]),
         "changed": bool(row["changed"])}
        for row in lanes.to_dict("records")
    ]
    names = list(dict.fromkeys(lanes.sort_values("lane")["name"]))
    points = list(dict.fromkeys(lanes.sort_values("order")["point"]))
    x = {"field": "point", "type": "ordinal", "sort": points, "title": None,
         "axis": {"orient": "top", "labelAngle": -45, "labelOverlap": True}}
    y = {"field": "name", "type": "nominal", "sort": names, "title": None, "axis": {"labelLimit": 220}}
    layers = [
        {
            "mark": {"type": "rect", "stroke": "white", "strokeWidth": 1},
            "encoding": {
                "x": x, "y": y,
                "color": {"field": "label", "type": "nominal", "title": "Status",
                          "scale": {"domain": labels, "range": [_colour(universe, s) for s in used]},
                          "legend": {"orient": "bottom", "direction": "horizontal"}},
                "tooltip": [{"field": "name", "title": "Who"}, {"field": "title", "title": "At"},
                            {"field": "label", "title": "Status"}],
            },
        },
        {
            "transform": [{"filter": "datum.changed"}],
            "mark": {"type": "point", "shape": "diamond", "filled": True, "size": 70, "color": "white",
                     "stroke": "black", "strokeWidth": 1.5},
            "encoding": {
                "x": x, "y": y,
                "tooltip": [{"field": "name", "title": "Who"}, {"field": "title", "title": "Changed at"},
                            {"field": "was", "title": "From"}, {"field": "label", "title": "To"}],
            },
        },
    ]
    if at is not None and at in points:
        layers.append({"data": {"values": [{"point": at}]},
                       "mark": {"type": "rule", "color": "#d81b60", "strokeWidth": 2, "strokeDash": [4, 3]},
                       "encoding": {"x": {**x, "bandPosition": 0.5}}})
    return {
        "data": {"values": values},
        "layer": layers,
        "height": {"step": LANE_HEIGHT},
        "config": {"view": {"stroke": None}, "axis": {"labelFontSize": 12}},
        "usermeta": _SVG,
    }


def fates_spec(counts: pd.DataFrame, titles: dict[str, str], starting: str | None, turned: list[str],
               dead: list[str]) -> dict:
    """Stacked bars per story point: introduced there, and of those seen before, surviving (in
    `starting`, the status people start in), turned (the statuses in `turned`) and dead (the
    terminal statuses in `dead`). Each bar is everyone known by that point."""
    names = {
        "introduced": "Introduced here",
        "surviving": f"Surviving ({starting})" if starting else "Surviving",
        "turned": "Turned or changed" + (f" ({', '.join(turned)})" if turned else ""),
        "dead": "Dead" + (f" ({', '.join(dead)})" if dead else ""),
    }
    values = [  # stacked from the dead up, the newly introduced on top
        {"order": order, "point": point, "title": titles.get(point, point), "fate": names[bucket],
         "rank": len(FATE_COLOURS) - rank, "count": int(counts.at[point, bucket])}
        for order, point in enumerate(counts.index)
        for rank, bucket in enumerate(FATE_COLOURS)
        if counts.at[point, bucket]
    ]
    return {
        "data": {"values": values},
        "mark": {"type": "bar"},
        "encoding": {
            "x": {"field": "point", "type": "ordinal", "sort": list(counts.index), "title": None,
                  "axis": {"labelAngle": -45, "labelOverlap": True}},
            "y": {"field": "count", "type": "quantitative", "title": "characters known", "stack": "zero"},
            "color": {"field": "fate", "type": "nominal", "title": None,
                      "scale": {"domain": list(names.values()), "range": list(FATE_COLOURS.values())},
                      "legend": {"orient": "bottom", "direction": "horizontal", "labelLimit": 400}},
            "order": {"field": "rank"},
            "tooltip": [{"field": "title", "title": "At"}, {"field": "fate", "title": "Fate"},
                        {"field": "count", "title": "Characters"}],
        },
        "usermeta": _SVG,
    }
