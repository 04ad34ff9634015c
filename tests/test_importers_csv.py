"""CSV node and edge lists: the quirks of real files, column mapping, time slices, bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from universe.errors import ImportFailed
from universe.exchange.importers import Columns, ImportOptions, build_documents, import_csv, read_csv_lists
from universe.exchange.importers.builder import Dataset
from universe.storage.store import load_universe

DATA = Path(__file__).parent / "data" / "importers"
THRONES_EDGES = str(DATA / "thrones" / "got-s{slice}-edges.csv")
THRONES_NODES = str(DATA / "thrones" / "got-s{slice}-nodes.csv")
CREDIT = Dataset(credit="The test suite", licence="CC0-1.0", url="https://example.org/data")


@pytest.fixture(scope="module")
def thrones(tmp_path_factory):
    target = tmp_path_factory.mktemp("data") / "thrones"
    report = import_csv(
        THRONES_EDGES, target, nodes=THRONES_NODES,
        options=ImportOptions(title="Thrones", slices="season", dataset=CREDIT),
    )
    return report, load_universe(target)


def write(path: Path, text: str, newline: str = "\n", bom: bool = False) -> Path:
    path.write_bytes((("\ufeff" if bom else "") + text.replace("\n", newline)).encode("utf-8"))
    return path


def test_fixture_files_keep_their_quirks():
    assert (DATA / "thrones" / "got-s1-nodes.csv").read_bytes().startswith(b"\xef\xbb\xbfId,Label\r\n")
    cr_only = (DATA / "thrones" / "got-s2-nodes.csv").read_bytes()
    assert b"\r" in cr_only and b"\n" not in cr_only
    assert b'"Stark, Arya"' in cr_only


def test_one_file_per_season_becomes_story_points_in_natural_order(thrones):
    report, universe = thrones
    assert [p.id for p in universe.timeline.points] == ["S1", "S2", "S10"]
    assert [p.title for p in universe.timeline.points] == ["Season 1", "Season 2", "Season 10"]
    assert report.story_points == 3 and report.relations == 7  # 3 + 3 + 1 pairs
    assert report.kinds == {"character": 7, "source": 1}


def test_upper_case_ids_become_slugs_with_the_label_as_name(thrones):
    _, universe = thrones
    jon = universe.entity("jon-snow")
    assert jon.name == "Jon"  # first seen wins a tie between "Jon" and "Jon Snow"
    assert [a.name for a in jon.aliases] == ["Jon Snow", "JON_SNOW"]
    assert jon.attributes["dataset id"] == "JON_SNOW"
    assert [a.name for a in universe.entity("arya").aliases] == ["Stark, Arya", "ARYA"]  # quoted comma


def test_an_id_missing_from_the_node_lists_becomes_its_name(thrones):
    _, universe = thrones
    assert universe.entity("ghost-wolf").name == "GHOST WOLF"


def test_repeated_pairs_are_summed_and_self_loops_dropped(thrones):
    report, universe = thrones
    weights = {(s.subject, s.object, s.span.start.id): s.weight for s in universe.statements}
    assert weights[("ned", "robert", "S1")] == 200  # NED,ROBERT,192 + ROBERT,NED,8
    assert weights[("maester-aemon", "melisandre", "S2")] == 1.5
    assert weights[("arya", "jon-snow", "S2")] == 4  # a quoted number
    assert not any(s.subject == s.object for s in universe.statements)
    assert any("1 self-loop dropped" in note and "got-s1-edges.csv:5" in note for note in report.notes)
    assert any("1 repeated pair summed" in note for note in report.notes)


def test_relations_hold_in_their_season_only(thrones):
    _, universe = thrones
    statement = next(s for s in universe.statements if {s.subject, s.object} == {"ned", "robert"})
    assert (statement.span.start.id, statement.span.until.id) == ("S1", "S1")
    assert universe.as_of("S1").relations_of("ned", holding=True)
    assert not universe.as_of("S2").relations_of("ned", holding=True)


def test_the_horizon_hides_characters_who_come_later(thrones):
    _, universe = thrones
    early = universe.as_of("S1")
    assert "melisandre" not in early.entities and "ghost-wolf" not in early.entities
    assert "melisandre" in universe.as_of("S2").entities


def test_presence_per_season_drives_the_survivors_logic(thrones):
    _, universe = thrones
    snapshot = universe.as_of("S2")
    present = {entity.id for entity, _ in snapshot.survivors(statuses=["present"])}
    assert present == {"jon-snow", "arya", "maester-aemon", "melisandre"}
    assert snapshot.status_at("ned") == "absent"
    assert [(c.at.id, c.status) for c in universe.entity("arya").status] == [("S1", "present"), ("S10", "absent")]


def test_the_dataset_is_credited_and_every_fact_is_canon_and_cited(thrones):
    _, universe = thrones
    source = universe.entity("dataset")
    assert source.kind == "source" and source.url == "https://example.org/data"
    assert source.attributes["licence"] == "CC0-1.0" and source.attributes["credit"] == "The test suite"
    assert all(s.evidence.value == "canon" and s.sources[0].source == "dataset" for s in universe.statements)
    assert all(e.sources[0].source == "dataset" for e in universe.entities.values() if e.kind == "character")
    assert universe.relations["interacts"].symmetric


@pytest.mark.parametrize(
    "header, row",
    [
        ("Source,Target,Weight", "a,b,3"),
        ("source,target,weight", "a,b,3"),
        (" SOURCE ; TARGET ; WEIGHT ", "a;b;3"),
        ("from\tto\tvalue", "a\tb\t3"),
        ("Node 1|Node 2|Count", "a|b|3"),
        ('"Source","Target","Weight"', '"a","b","3"'),
    ],
)
def test_header_variations(tmp_path, header, row):
    network = read_csv_lists(write(tmp_path / "edges.csv", f"{header}\n{row}\n"))
    assert network.links == {(None, "a", "b"): 3}


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize("bom", [False, True])
def test_line_endings_and_byte_order_mark(tmp_path, newline, bom):
    edges = write(tmp_path / "edges.csv", "Source,Target,Weight\nA,B,1\n\nB,C,2\n", newline, bom)
    nodes = write(tmp_path / "nodes.csv", 'Id,Label\nA,"Ann, the first"\nB,Bo\n', newline, bom)
    network = read_csv_lists(edges, nodes)
    assert network.links == {(None, "A", "B"): 1, (None, "B", "C"): 2}
    assert network.nodes["A"].label == "Ann, the first"


def test_an_edge_file_alone_gives_names_from_ids(tmp_path):
    network = read_csv_lists(DATA / "edges-only.csv")
    assert network.links[(None, "Alice", "Bob")] == 5
    universe = build_documents(network, "edges-only").load()
    assert universe.entity("carol-the-elder").name == "Carol; the Elder"
    assert universe.timeline.points[0].id == "whole" and not universe.statuses


def test_columns_named_on_the_command_line(tmp_path):
    edges = write(tmp_path / "e.csv", "Char A,Char B,N,Ep\nx,y,4,2\ny,z,1,1\n")
    nodes = write(tmp_path / "n.csv", "Key,Full name,Side\nx,Xavier,Light\ny,Yoda,Light\nz,Zed,Dark\n")
    columns = Columns(source="char a", target="CHAR B", weight="n", time="Ep", id="key", label="full name", type="side")
    network = read_csv_lists(edges, nodes, columns=columns)
    assert network.links == {("2", "x", "y"): 4, ("1", "y", "z"): 1}
    universe = build_documents(network, "columns", ImportOptions(slices="episode")).load()
    assert set(universe.kinds) == {"light", "dark", "source"}
    assert universe.entity("yoda").kind == "light" and universe.kinds["dark"].label == "Dark"
    assert [p.id for p in universe.timeline.points] == ["I", "II"]


def test_a_season_column_gives_slices_without_file_patterns(tmp_path):
    edges = write(tmp_path / "all.csv", "Source,Target,Weight,Season\na,b,1,2\na,b,5,1\n")
    assert read_csv_lists(edges).links == {("2", "a", "b"): 1, ("1", "a", "b"): 5}


def test_directed_links_keep_both_directions(tmp_path):
    edges = write(tmp_path / "e.csv", "Source,Target\na,b\nb,a\na,b\n")
    assert read_csv_lists(edges, directed=True).links == {(None, "a", "b"): 2, (None, "b", "a"): 1}
    universe = build_documents(read_csv_lists(edges, directed=True), "directed").load()
    assert not universe.relations["interacts"].symmetric


@pytest.mark.parametrize(
    "name, message",
    [
        ("bad-weight.csv", r"bad-weight\.csv:3: weight 'lots' is not a number"),
        ("missing-target.csv", r"missing-target\.csv:1: no target column among Source, Weight; name it with --target-col"),
        ("short-row.csv", r"short-row\.csv:3: 1 field where the header has 3 \(no 'Target'\)"),
        ("not-utf8.csv", r"not-utf8\.csv:3: not UTF-8 text"),
    ],
)
def test_bad_files_name_the_file_line_and_problem(name, message):
    with pytest.raises(ImportFailed, match=message):
        read_csv_lists(DATA / "bad" / name)


def test_a_slice_the_scheme_cannot_read_names_its_line(tmp_path):
    network = read_csv_lists(DATA / "bad" / "seasons.csv")
    with pytest.raises(ImportFailed, match=r"seasons\.csv:3: time slice 'first' is not a number"):
        build_documents(network, "seasons", ImportOptions(slices="season"))


def test_a_column_that_is_not_there(tmp_path):
    with pytest.raises(ImportFailed, match=r"got-s1-edges\.csv:1: no column 'Episode' for the time \(columns: Source, Target, Weight, Season\)"):
        read_csv_lists(DATA / "thrones" / "got-s1-edges.csv", columns=Columns(time="Episode"))


def test_a_pattern_that_matches_nothing():
    with pytest.raises(ImportFailed, match="no edge file matches this path"):
        read_csv_lists(str(DATA / "nowhere-{slice}.csv"))
