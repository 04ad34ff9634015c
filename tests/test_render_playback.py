"""Playback frames: what a viewer knew at each story point up to their horizon, and never more."""

import pytest

from universe.drawing.colouring import status_palette
from universe.drawing.palette import NO_STATUS_COLOUR
from universe.drawing.playback import playback_data
from universe.exchange.generate import tiny_universe
from universe.queries.graph import build_graph
from universe.queries.playback import EVERYTHING, frames, story_points
from universe.storage.store import load_universe


@pytest.fixture(scope="module")
def bundled():
    return load_universe()


@pytest.mark.parametrize("horizon, points", [("S1E3", ["S1E1", "S1E2", "S1E3"]), ("S1E1", ["S1E1"])])
def test_frames_stop_at_the_horizon(horizon, points):
    snapshot = tiny_universe().as_of(horizon)
    assert [frame.point for frame in frames(snapshot, build_graph(snapshot))] == points


def test_a_season_horizon_ends_on_the_season_and_no_horizon_on_everything(bundled):
    assert [p.id if p else None for p in story_points(bundled.as_of("S1"))][-2:] == ["S1E12", "S1"]
    last = frames(bundled.as_of(None, "canon"), build_graph(bundled.as_of(None, "canon")))[-1]
    assert last.point == EVERYTHING


@pytest.mark.parametrize("horizon", ["S1E3", "S1E6", "S1E12"])
def test_no_frame_shows_what_its_point_does_not_know(bundled, horizon):
    snapshot = bundled.as_of(horizon)
    G = build_graph(snapshot)
    found = frames(snapshot, G)
    for frame in found:
        there = bundled.as_of(frame.point)
        assert set(frame.statuses) <= set(there.entities)
        assert set(frame.edges) <= {statement.id for statement in there.statements}
        for node, status in frame.statuses.items():
            assert status == (there.status_at(node) or "")
    last = found[-1]
    assert set(last.statuses) == set(G) and set(last.edges) == {key for *_, key in G.edges(keys=True)}
    sizes = [len(frame.statuses) for frame in found]
    assert sizes == sorted(sizes) and sizes[0] < sizes[-1]


def test_statuses_change_and_relations_end_along_the_frames(bundled):
    snapshot = bundled.as_of("S1E12")
    found = {frame.point: frame for frame in frames(snapshot, build_graph(snapshot))}
    changed = [node for node, status in found["S1E1"].statuses.items() if found["S1E12"].statuses[node] != status]
    assert changed
    ended = [key for key, holds in found["S1E12"].edges.items() if not holds]
    assert ended and all(found["S1E1"].edges.get(key, True) for key in ended if key in found["S1E1"].edges)


def test_playback_data_colours_by_status_and_hides_what_is_missing():
    universe = tiny_universe()
    snapshot = universe.as_of("S1E3")
    data = playback_data(frames(snapshot, build_graph(snapshot)), universe, start=1)
    palette = status_palette(universe)
    first = data["frames"][0]
    assert data["start"] == 1 and data["autoplay"] is True and len(data["signature"]) == 16
    assert "ghost" not in first["nodes"]  # revealed later: hidden in the first frame
    assert first["nodes"]["alice"] == palette["alive"] and data["frames"][-1]["nodes"]["alice"] == palette["dead"]
    assert data["frames"][-1]["nodes"]["school"] == NO_STATUS_COLOUR
    assert set(first["edges"].values()) <= {0, 1}
    kinds = playback_data(frames(snapshot, build_graph(snapshot)), universe, colour_by="kind")
    assert {colour for frame in kinds["frames"] for colour in frame["nodes"].values()} == {""}  # the drawing's own colours
