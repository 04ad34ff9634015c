"""Status colours told apart by everyone: the palette is checked under simulated protanopia,
deuteranopia and tritanopia (Machado et al. 2009) as well as normal vision."""

import pytest

from universe.drawing.colouring import status_palette
from universe.drawing.palette import (
    CANDIDATES,
    MIN_DISTANCE,
    NO_STATUS_COLOUR,
    VISIONS,
    closest_pair,
    distance,
    simulate,
    status_colours,
)
from universe.exchange.generate import tiny_documents
from universe.storage.store import load_universe, universe_from_documents


def test_the_simulation_confuses_what_colour_blind_viewers_confuse():
    red, green = "#d62728", "#2ca02c"
    seen = {vision: float(((simulate(red, vision) - simulate(green, vision)) ** 2).sum() ** 0.5) for vision in VISIONS}
    assert seen["normal"] > 60
    assert seen["deuteranopia"] < seen["normal"] / 2 and seen["protanopia"] < seen["normal"] / 2
    blue, green2 = "#0072b2", "#009e73"
    assert distance(blue, green2) < float(((simulate(blue, "normal") - simulate(green2, "normal")) ** 2).sum() ** 0.5)


def test_every_status_of_the_bundled_universe_is_told_apart_for_every_vision():
    universe = load_universe()
    colours = [NO_STATUS_COLOUR, *status_palette(universe).values()]
    gap, first, second = closest_pair(colours)
    assert gap >= MIN_DISTANCE, f"{first} and {second} are {gap:.1f} apart"
    declared = [status.color for status in universe.statuses.values()]
    assert closest_pair([NO_STATUS_COLOUR, *declared])[0] < MIN_DISTANCE  # the greys and browns the data declares were not


def test_declared_colours_are_kept_when_they_stand_apart():
    universe = load_universe()
    palette = status_palette(universe)
    assert palette["alive"] == universe.statuses["alive"].color
    assert palette["dead"] == universe.statuses["dead"].color


@pytest.mark.parametrize("declared", [["#424242", "#454545", "#474747", "#8d6e63", "#9e9e9e", "#9f9f9f", "#a0a0a0"], [None] * 7])
def test_colours_too_close_or_missing_are_replaced(declared):
    colours = status_colours(declared)
    assert len(colours) == len(declared) and len(set(colours)) == len(colours)
    assert closest_pair([NO_STATUS_COLOUR, *colours])[0] >= MIN_DISTANCE
    assert all(colour == wanted or colour in CANDIDATES for colour, wanted in zip(colours, declared))
    assert colours[1] != declared[1]  # #454545 beside #424242: replaced


def test_a_universe_of_greys_draws_in_distinct_colours():
    universe, facts = tiny_documents()
    for status in universe["statuses"].values():
        status["color"] = "#777777"
    palette = status_palette(universe_from_documents(universe, facts))
    assert closest_pair([NO_STATUS_COLOUR, *palette.values()])[0] >= MIN_DISTANCE


def test_the_survivors_lanes_use_the_graphs_status_colours():
    """A status has one colour everywhere: the lanes take the colour-blind-safe palette the graph
    draws with, not the declared colours it replaces."""
    import pandas as pd

    from universe.drawing.colouring import status_palette
    from universe.storage.store import load_universe
    from universe.views.fatecharts import lanes_spec

    universe = load_universe()
    used = [s for s in universe.statuses if s in {"alive", "infected", "zombie", "hybrid", "dead"}]
    lanes = pd.DataFrame([
        {"lane": i, "order": 0, "name": s, "point": "S1E1", "status": s, "changed": False, "previous": ""}
        for i, s in enumerate(used)
    ])
    spec = lanes_spec(universe, lanes, {"S1E1": "Episode 1"})
    ranges = [layer["encoding"]["color"]["scale"]["range"] for layer in spec.get("layer", [spec]) if "color" in layer.get("encoding", {})]
    palette = status_palette(universe)
    assert ranges and all(r == [palette[s] for s in used] for r in ranges[:1])
    assert any(palette[s] != universe.statuses[s].color for s in used)  # the palette really differs here
