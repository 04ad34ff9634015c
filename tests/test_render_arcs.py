"""render.mark_arc: an arc's work marked on a drawing, the canon it retracts faded."""

import copy
from dataclasses import replace

from universe.drawing.render import ARC_COLOUR, draw, mark_arc
from universe.exchange.generate import tiny_universe
from universe.queries.graph import build_graph


def drawing():
    universe = tiny_universe()
    return universe, draw(build_graph(universe.as_of()), universe)


def test_marks_nodes_and_edges_and_leaves_the_drawing_as_it_was():
    universe, before = drawing()
    kept = copy.deepcopy(before)
    marked = mark_arc(before, universe, nodes={"bob"}, edges={"alice/friend/bob"})
    assert before == kept
    nodes = {n["id"]: n for n in marked.nodes}
    assert nodes["bob"]["color"]["border"] == ARC_COLOUR and nodes["bob"]["shapeProperties"]["borderDashes"]
    assert not isinstance(nodes["alice"]["color"], dict)
    edges = {e["id"]: e for e in marked.edges}
    assert edges["alice/friend/bob"]["width"] == 4 and "shadow" not in edges["bob/killed/alice/S1E2"]
    assert [e.label for e in marked.legend if e.section == "Arc"] == [
        "dashed ring: added or changed by the arc", "glowing: a relation the arc adds or ends"]


def test_the_focus_and_the_arcs_changes_are_told_apart():
    """The focus: a solid ring with a halo; the arc's work: a dashed ring in ARC_COLOUR, no halo;
    the focus changed by the arc keeps its halo and gets the dashes."""
    universe = tiny_universe()
    plain = draw(build_graph(universe.as_of()), universe, focus="alice")
    marked = {n["id"]: n for n in mark_arc(plain, universe, nodes={"bob", "alice"}).nodes}
    focus, changed = marked["alice"], marked["bob"]
    assert focus["shadow"]["enabled"] and "shadow" not in changed
    assert changed["shapeProperties"]["borderDashes"] and changed["color"]["border"] == ARC_COLOUR
    assert focus["shapeProperties"]["borderDashes"] and focus["borderWidth"] != changed["borderWidth"]


def test_retracted_statements_are_drawn_faded_between_nodes_shown_only():
    universe, before = drawing()
    friend = next(s for s in universe.statements if s.id == "alice/friend/bob")
    elsewhere = replace(friend, id="nobody/friend/bob", subject="nobody")  # one end not drawn
    marked = mark_arc(before, universe, retracted=[friend, elsewhere])
    added = [e for e in marked.edges if e["id"].startswith("retracted:")]
    assert [e["id"] for e in added] == ["retracted:alice/friend/bob"]
    assert added[0]["color"]["opacity"] < 0.5 and added[0]["dashes"]
    assert added[0]["info"][-1] == "Retracted by the arc (canon says it)"
    assert marked.legend[-1].label == "faded, dashed: canon the arc retracts"


def test_nothing_to_mark_changes_nothing():
    universe, before = drawing()
    assert mark_arc(before, universe).data() == before.data()
