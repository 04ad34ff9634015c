import json
import pathlib
import re
from html.parser import HTMLParser

import pytest
from universes import HOSTILE, hostile_documents

from universe.drawing.colouring import status_palette
from universe.drawing.palette import NO_STATUS_COLOUR
from universe.drawing.render import COLOUR_BY, EDGE_STYLES, NO_VALUE, PALETTE, draw, vis_network_js
from universe.drawing.standalone import standalone_html
from universe.errors import UniverseError
from universe.exchange.generate import tiny_documents, tiny_universe
from universe.queries.graph import build_graph, centrality
from universe.queries.layout import positions
from universe.storage.store import universe_from_documents
from universe.story.evidence import Evidence


@pytest.fixture(scope="module")
def snapshot():
    return tiny_universe().as_of("S1E3")


@pytest.fixture(scope="module")
def G(snapshot):
    return build_graph(snapshot)


@pytest.fixture(scope="module")
def hostile():
    universe, facts = hostile_documents()
    return universe_from_documents(universe, facts, name="hostile").as_of()


def nodes_by_id(drawing):
    return {node["id"]: node for node in drawing.nodes}


def edges_by_id(drawing):
    return {edge["id"]: edge for edge in drawing.edges}


def test_nodes_are_coloured_by_status_and_shaped_by_kind(G, snapshot):
    nodes = nodes_by_id(draw(G, snapshot.universe))
    colours = status_palette(snapshot.universe)
    assert nodes["alice"]["color"] == colours["dead"] and nodes["carol"]["color"] == colours["infected"]
    assert nodes["school"]["color"] == NO_STATUS_COLOUR  # no status
    assert nodes["alice"]["shape"] == "dot" and nodes["dan"]["shape"] == "square" and nodes["school"]["shape"] == "diamond"
    assert nodes["alice"]["label"] == "Alice" and nodes["alice"]["info"][:2] == ["Alice", "Character · Dead"]


@pytest.mark.parametrize("evidence", list(Evidence))
def test_edge_dashes_follow_evidence(evidence):
    universe, facts = tiny_documents()
    facts["facts.yaml"]["statements"] = [{"subject": "alice", "relation": "friend", "object": "bob", "evidence": evidence.value}]
    snapshot = universe_from_documents(universe, facts).as_of()
    (edge,) = draw(build_graph(snapshot), snapshot.universe).edges
    assert edge.get("dashes", False) == EDGE_STYLES[evidence][1]  # solid is vis-network's default
    expected = {"canon": False, "official": False, "reported": False, "teased": [8, 6], "speculation": [2, 5], "fan-theory": [2, 5]}
    assert edge.get("dashes", False) == expected[evidence.value]


def test_edges_are_coloured_by_relation_type_and_read_in_words(G, snapshot):
    edges = edges_by_id(draw(G, snapshot.universe))
    friend, killed = edges["alice/friend/bob"], edges["bob/killed/alice/S1E2"]
    assert friend["color"] != killed["color"]
    assert friend["arrows"] == "" and "arrows" not in killed  # friend is symmetric; an arrow is the default
    assert killed["info"][0] == "Bob killed Alice"
    assert edges["carol/parent/bob"]["info"][0] == "Carol is parent of Bob"


def test_ended_relations_are_faded(G, snapshot):
    edges = edges_by_id(draw(G, snapshot.universe))
    assert edges["alice/located-at/school/S1E1"]["color"]["opacity"] < 1
    assert "No longer holds at the horizon" in edges["alice/located-at/school/S1E1"]["info"]
    assert isinstance(edges["alice/friend/bob"]["color"], str)  # plain colour, fully opaque


def test_parallel_edges_curve_apart(G, snapshot):
    edges = edges_by_id(draw(G, snapshot.universe))
    curved = [e for e in (edges["alice/friend/bob"], edges["bob/killed/alice/S1E2"]) if "smooth" in e]
    assert len(curved) == 1


@pytest.mark.parametrize("colour_by", list(COLOUR_BY))
def test_every_colouring_colours_every_node_and_has_a_legend(G, snapshot, colour_by):
    drawing = draw(G, snapshot.universe, colour_by=colour_by)
    assert all(node["color"] for node in drawing.nodes)
    sections = {entry.section for entry in drawing.legend}
    assert any(section.startswith("Colour") for section in sections)
    assert {"Shape: kind", "Edge colour: relation", "Edge style: evidence"} <= sections


def test_colour_by_community_names_communities_after_a_member(G, snapshot):
    drawing = draw(G, snapshot.universe, colour_by="community")
    labels = [e.label for e in drawing.legend if e.section.startswith("Colour")]
    assert labels and all(label.startswith("Around ") or label == "Alone" for label in labels)


def test_colour_by_group_puts_members_with_their_group():
    universe, facts = tiny_documents()
    facts["facts.yaml"]["entities"].append({"id": "club", "kind": "group", "name": "Club"})
    facts["facts.yaml"]["statements"] += [
        {"subject": "alice", "relation": "member-of", "object": "club"},
        {"subject": "bob", "relation": "member-of", "object": "club"},
    ]
    snapshot = universe_from_documents(universe, facts).as_of()
    drawing = draw(build_graph(snapshot), snapshot.universe, colour_by="group")
    nodes = nodes_by_id(drawing)
    assert nodes["alice"]["color"] == nodes["bob"]["color"] == nodes["club"]["color"] == PALETTE[0]
    assert nodes["carol"]["color"] == NO_VALUE
    assert [(e.label, e.colour) for e in drawing.legend if e.section.startswith("Colour")] == [("Club", PALETTE[0]), ("No group", NO_VALUE)]


def test_unknown_colouring_raises(G, snapshot):
    with pytest.raises(UniverseError, match="'shoe size'"):
        draw(G, snapshot.universe, colour_by="shoe size")


@pytest.mark.parametrize("colour", ["red; background: url(https://evil.example/x)", "#12", "expression(alert(1))", ""])
def test_unsafe_vocabulary_colours_fall_back_to_the_palette(colour):
    universe, facts = tiny_documents()
    universe["statuses"]["dead"]["color"] = colour
    snapshot = universe_from_documents(universe, facts).as_of("S1E2")
    nodes = nodes_by_id(draw(build_graph(snapshot), snapshot.universe))
    assert nodes["alice"]["color"] == status_palette(snapshot.universe)["dead"]
    assert re.fullmatch(r"#[0-9a-f]{6}", nodes["alice"]["color"]) and nodes["alice"]["color"] != colour


def test_sizes_follow_centrality(G, snapshot):
    nodes = nodes_by_id(draw(G, snapshot.universe, sizes=centrality(G, "degree"), size_label="Degree"))
    assert nodes["alice"]["size"] > nodes["town"]["size"] > 0
    assert nodes["alice"]["rank"] < nodes["town"]["rank"] and nodes["alice"]["weight"] > nodes["town"]["weight"]


def test_tooltips_read_counts_as_counts_and_other_measures_as_ranks(G, snapshot):
    """Not "Degree (number of relations): 0.0321": a count of relations, and a rank."""
    counts = {node: G.degree(node) for node in G}
    nodes = nodes_by_id(draw(G, snapshot.universe, sizes=centrality(G, "degree"), size_label="Degree (number of relations)", counts=counts))
    assert f"Degree: {counts['alice']} relations" in nodes["alice"]["info"]
    assert not any(re.search(r"\d\.\d", line) for line in nodes["alice"]["info"])
    scores = centrality(G, "pagerank")
    nodes = nodes_by_id(draw(G, snapshot.universe, sizes=scores, size_label="PageRank (linked by the well-linked)", counts=counts))
    best = max(scores, key=scores.get)
    assert f"PageRank: ranked 1st of {len(scores)}" in nodes[best]["info"]
    assert f"Degree: {counts[best]} relation{'' if counts[best] == 1 else 's'}" in nodes[best]["info"]


def test_positions_turn_physics_off(G, snapshot):
    xy = positions(G)
    laid_out = draw(G, snapshot.universe, positions=xy)
    assert laid_out.options["physics"] == {"enabled": False}
    assert all((node["x"], node["y"]) == xy[node["id"]] for node in laid_out.nodes)
    assert draw(G, snapshot.universe).options["physics"]["enabled"] is True


def test_the_focus_has_a_heavy_ring_and_a_halo(G, snapshot):
    drawing = draw(G, snapshot.universe, focus="bob")
    nodes = nodes_by_id(drawing)
    assert nodes["bob"]["borderWidth"] == 5 and nodes["bob"]["shadow"]["enabled"] and "borderWidth" not in nodes["alice"]
    assert "shapeProperties" not in nodes["bob"]  # solid: an arc's changes are dashed
    assert ("Ring", "solid ring and halo: the focus") in [(e.section, e.label) for e in drawing.legend]


def test_data_is_json_with_a_signature_that_follows_the_content(G, snapshot):
    one = draw(G, snapshot.universe).data()
    again = draw(G, snapshot.universe).data()
    other = draw(G, snapshot.universe, colour_by="kind").data()
    assert json.loads(json.dumps(one)) == one
    assert one["signature"] == again["signature"] != other["signature"]


def test_hostile_strings_stay_data(hostile):
    drawing = draw(build_graph(hostile), hostile.universe)
    alice = nodes_by_id(drawing)["alice"]
    assert alice["label"] == f"Alice {HOSTILE['img']}"  # kept verbatim: the canvas and textContent show it as text
    assert "title" not in alice  # no HTML tooltips: the browser builds them with textContent


# -- the standalone file ---------------------------------------------------------------------


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.attributes, self.scripts, self._in_script = [], [], [], False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += [(tag, name, value) for name, value in attrs]
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


@pytest.fixture(scope="module")
def hostile_html(hostile):
    G = build_graph(hostile)
    drawing = draw(G, hostile.universe, sizes=centrality(G), positions=positions(G), horizon=HOSTILE["script"])
    return standalone_html(drawing, title=hostile.universe.title, subtitle=HOSTILE["script"])


def test_standalone_html_has_only_its_own_markup(hostile_html):
    parser = Tags()
    parser.feed(hostile_html)
    assert set(parser.tags) <= {"html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "p", "div", "section", "ul", "li", "span", "script"}
    assert parser.tags.count("script") == 3  # the data, vis-network, the drawing code
    assert "img" not in parser.tags
    assert not [a for a in parser.attributes if a[1].startswith("on") or a[1] in ("src", "href")]


@pytest.mark.parametrize("fragment", ["<img", "onerror=", "<script>alert", "</script><script>"])
def test_standalone_html_never_carries_hostile_markup(hostile_html, fragment):
    assert fragment not in hostile_html.replace(vis_network_js(), "")  # (vis-network sets image.onerror)


def test_standalone_html_shows_hostile_names_escaped(hostile_html):
    assert "<title>Hostile &lt;img src&#61;x onerror&#61;alert(1)&gt;</title>" in hostile_html
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in hostile_html  # the subtitle
    assert "Characters &lt;img" in hostile_html  # the legend names the kind


def test_standalone_html_data_round_trips(hostile, hostile_html):
    payload = re.search(r'<script type="application/json" id="network-data">(.*?)</script>', hostile_html, re.S).group(1)
    data = json.loads(payload)
    names = {node["id"]: node["label"] for node in data["nodes"]}
    assert names["alice"] == hostile.entities["alice"].name
    assert data["options"]["physics"] == {"enabled": False}


def test_standalone_html_loads_nothing_from_anywhere(hostile_html):
    assert "default-src 'none'" in hostile_html  # the Content-Security-Policy forbids any fetch
    own = hostile_html.replace(vis_network_js(), "")
    assert not re.search(r"https?://", own)  # only vis-network's licence comments name URLs
    assert not re.search(r"url\(|@import|<link", own)


def test_vis_network_comes_from_the_pyvis_wheel():
    js = vis_network_js()
    assert js.startswith("/**\n * vis-network") and "@version 9.1.2" in js[:400]
    assert "</script" not in js  # safe to inline


STATIC_FILES = sorted(pathlib.Path(__file__).resolve().parent.parent.glob("universe/*/static/*"))


def test_every_browser_file_is_checked():
    assert {p.name for p in STATIC_FILES} >= {"network.js", "component.js", "component.css", "standalone.css"}


@pytest.mark.parametrize("path", STATIC_FILES, ids=lambda p: p.name)
def test_browser_code_never_writes_markup(path):
    code = path.read_text(encoding="utf-8")
    assert "innerHTML" not in code and "outerHTML" not in code and "insertAdjacentHTML" not in code
    assert not re.search(r"https?://", code)
