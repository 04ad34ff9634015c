"""Node-link JSON: links by index (d3, Star Wars), by name, by id (networkx), bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from universe.errors import ImportFailed
from universe.exchange.importers import ImportOptions, import_nodelink, read_nodelink
from universe.storage.store import load_universe

DATA = Path(__file__).parent / "data" / "importers"
EPISODES = str(DATA / "starwars" / "episode-{slice}.json")


@pytest.fixture(scope="module")
def star_wars(tmp_path_factory):
    target = tmp_path_factory.mktemp("data") / "star-wars"
    report = import_nodelink(EPISODES, target, options=ImportOptions(slices="episode", title_case=True))
    return report, load_universe(target)


def test_links_by_index_per_episode(star_wars):
    report, universe = star_wars
    weights = {(s.subject, s.object, s.span.start.id): s.weight for s in universe.statements}
    assert weights == {
        ("obi-wan", "qui-gon", "I"): 30,  # 26 + 4: the pair appears twice, either way round
        ("obi-wan", "r2-d2", "I"): 3,
        ("luke", "obi-wan", "IV"): 17,
        ("luke", "r2-d2", "IV"): 11,
    }
    assert any("self-loop dropped (first at" in note and "links[3]" in note for note in report.notes)


def test_episodes_are_roman_story_points_with_aliases(star_wars):
    _, universe = star_wars
    assert [p.id for p in universe.timeline.points] == ["I", "IV"]
    assert universe.timeline.parse("Episode 4").id == "IV"
    assert universe.timeline.parse("e1").id == "I"


def test_names_in_capitals_are_title_cased_but_keep_the_original(star_wars):
    _, universe = star_wars
    assert universe.entity("qui-gon").name == "Qui-Gon"
    assert [a.name for a in universe.entity("qui-gon").aliases] == ["QUI-GON"]
    assert universe.entity("r2-d2").name == "R2-D2"
    assert universe.entity("padme").name == "Padmé"  # accents survive, the id is plain
    assert universe.as_of("I").find("padmé").id == "padme"


def test_luke_appears_only_from_episode_four(star_wars):
    _, universe = star_wars
    assert "luke" not in universe.as_of("I").entities
    assert universe.as_of("IV").status_at("qui-gon") == "absent"


def test_links_by_name():
    network = read_nodelink(DATA / "named-links.json")
    assert network.links == {(None, "Alice", "Bob"): 2}


def test_networkx_shape_with_ids_edges_and_a_time_key():
    network = read_nodelink(DATA / "networkx-shape.json", time_key="season")
    assert network.links == {("2", "3", "7"): 1.5, ("1", "0", "7"): 1}
    assert network.nodes["7"].label == "Seven"


@pytest.mark.parametrize(
    "name, message",
    [
        ("bad-index.json", r"bad-index\.json:5: links\[1\]: target 5 is not a node index \(the file has 2 nodes\)"),
        ("broken.json", r"broken\.json:2: invalid JSON: Expecting ',' delimiter"),
    ],
)
def test_bad_files_name_the_file_line_and_problem(name, message):
    with pytest.raises(ImportFailed, match=message):
        read_nodelink(DATA / "bad" / name)


@pytest.mark.parametrize(
    "text, message",
    [
        ("[1, 2]", "expected node-link JSON"),
        ('{"nodes": [{"name": "A"}], "links": [{"source": 0}]}', r"links\[0\]: no 'target'"),
        ('{"nodes": [{"name": "A"}, {"name": "B"}], "links": [{"source": 0, "target": 1, "value": "x"}]}',
         r"links\[0\]: value \"x\" is not a number"),
        ('{"nodes": [{"id": "a"}], "links": [{"source": "a", "target": "b"}]}', r"target \"b\" is not a node id"),
        ('{"nodes": [{"colour": "red"}], "links": []}', r"nodes\[0\]: no 'name' \(keys: colour\)"),
    ],
)
def test_malformed_node_link_data(tmp_path, text, message):
    path = tmp_path / "graph.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ImportFailed, match=message):
        read_nodelink(path)


# -- a full export read back (the round trip of the bundled universe is in test_export.py) -----


def test_a_hostile_or_broken_full_export_is_a_clear_message(tmp_path):
    from click.testing import CliRunner

    from universe.cli.main import cli
    from universe.exchange.fullexport import EXPORT_FORMAT

    cases = {
        "deep.json": '{"universe": {"format": "%s"}, "x": %s1%s}' % (EXPORT_FORMAT, "[" * 100_000, "]" * 100_000),
        "digits.json": '{"universe": {"format": "%s", "n": %s}}' % (EXPORT_FORMAT, "9" * 5001),
        "shape.json": '{"universe": {"format": "%s", "universe.yaml": [], "files": {}}}' % EXPORT_FORMAT,
        "escape.json": '{"universe": {"format": "%s", "universe.yaml": {}, "files": {"../x.yaml": {}}}}' % EXPORT_FORMAT,
    }
    for name, text in cases.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        result = CliRunner().invoke(cli, ["import", "json", str(path), "-o", str(tmp_path / "out")])
        assert result.exit_code == 1, (name, result.output)
        assert "Traceback" not in result.output and str(path) in result.output, (name, result.output)
        assert not (tmp_path / "out").exists()
