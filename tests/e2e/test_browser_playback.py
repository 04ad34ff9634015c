"""Playback on the Graph page, in a real browser: the story point by point on a fixed layout,
stopping at the viewer's horizon, each point showing exactly what the data says was known then."""

import re

import pytest
from playwright.sync_api import expect

from universe.drawing.colouring import status_palette
from universe.drawing.palette import NO_STATUS_COLOUR
from universe.queries.graph import build_graph
from universe.queries.playback import frames
from universe.queries.selection import select
from universe.storage.store import load_universe

pytestmark = pytest.mark.browser

KEY = "graph.network"
STATE = f"window.__universeNetworks['{KEY}']"


@pytest.fixture(scope="module")
def bundled(data_folder):
    return load_universe(data_folder / "all-of-us-are-dead")


def expected_frames(bundled, horizon: str):
    snapshot = bundled.as_of(horizon)
    G = select(build_graph(snapshot), kinds={"character", "group"}, isolated=False).G
    return snapshot, frames(snapshot, G)


def visible(app) -> dict:
    """Node id -> its background colour, for the nodes drawn now; and the edges drawn now."""
    return app.page.evaluate(
        f"""() => {{
            const s = {STATE};
            const nodes = {{}};
            s.nodes.get().filter(n => !n.hidden).forEach(n => nodes[n.id] = typeof n.color === 'string' ? n.color : n.color.background);
            return {{nodes, edges: s.edges.get().filter(e => !e.hidden).map(e => e.id), positions: s.network.getPositions()}};
        }}"""
    )


def test_a_link_plays_the_story_from_a_point_and_stops_at_the_horizon(app, bundled):
    page = app.open("/graph?as_of=S1E6&play=S1E2")
    app.network()
    page.wait_for_function(f"{STATE}.playback && !{STATE}.playback.playing && {STATE}.playback.index === {STATE}.playback.frames.length - 1")
    shown = page.evaluate(f"{STATE}.playback.shown")
    assert shown == ["S1E2", "S1E3", "S1E4", "S1E5", "S1E6"]  # at least three points, never past S1E6
    assert page.evaluate(f"{STATE}.playback.frames.map(f => f.point)") == [f"S1E{n}" for n in range(1, 7)]
    expect(page.locator(".universe-point")).to_have_text("Season 1 · Episode 6 (6 of 6)")
    assert page.get_by_role("switch", name="Play the story").is_checked()


def test_each_point_shows_what_was_known_then_on_fixed_positions(app, bundled):
    snapshot, expected = expected_frames(bundled, "S1E6")
    palette = status_palette(bundled)
    page = app.open("/graph?as_of=S1E6&play=S1E6")  # starts at the horizon: nothing plays
    app.network()
    page.wait_for_function(f"{STATE}.playback && {STATE}.playback.shown.length === 1")
    at_horizon = visible(app)
    page.get_by_role("button", name="The first story point").click()
    seen = []
    for index, frame in enumerate(expected):
        if index:
            page.get_by_role("button", name="The next story point").click()
        expect(page.locator(".universe-point")).to_contain_text(f"({index + 1} of {len(expected)})")
        now = visible(app)
        assert set(now["nodes"]) == set(frame.statuses), frame.point
        assert now["nodes"] == {node: palette.get(status, NO_STATUS_COLOUR) for node, status in frame.statuses.items()}, frame.point
        assert set(now["edges"]) == set(frame.edges), frame.point
        assert now["positions"] == {node: at_horizon["positions"][node] for node in now["positions"]}  # nothing moves
        seen.append(len(now["nodes"]))
    assert seen == sorted(seen) and seen[0] < seen[-1]  # the cast grows as the story goes
    changed = [node for node in expected[0].statuses if expected[0].statuses[node] != expected[-1].statuses.get(node)]
    assert changed, "some status changes between the first episode and the sixth"


def test_playback_never_passes_the_viewers_horizon(app):
    page = app.open("/graph?as_of=S1E3&play=S1E9")
    app.network()
    expect(page.get_by_text(re.compile("Playback starts at a point up to your horizon"))).to_be_visible()
    page.wait_for_function(f"{STATE}.playback && !{STATE}.playback.playing && {STATE}.playback.index === {STATE}.playback.frames.length - 1")
    assert page.evaluate(f"{STATE}.playback.frames.map(f => f.point)") == ["S1E1", "S1E2", "S1E3"]
    assert page.evaluate(f"{STATE}.playback.shown") == ["S1E1", "S1E2", "S1E3"]


def test_the_play_toggle_starts_at_the_beginning(app):
    page = app.open("/graph?as_of=S1E3")
    app.network()
    page.get_by_text("Play the story").click()
    page.wait_for_url(re.compile(r"play=S1E1"))
    app.wait()
    page.wait_for_function(f"{STATE}.playback && {STATE}.playback.shown[0] === 'S1E1'")
