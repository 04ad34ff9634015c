"""Stanford GraphBase character files: the table, cliques per chapter, accents, bad lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from universe.errors import ImportFailed
from universe.exchange.importers import build_documents, import_sgb, read_sgb
from universe.exchange.importers.builder import ImportOptions
from universe.storage.store import load_universe

DATA = Path(__file__).parent / "data" / "importers"
SGB = DATA / "miserables.dat"


@pytest.fixture(scope="module")
def miserables(tmp_path_factory):
    target = tmp_path_factory.mktemp("data") / "miserables"
    import_sgb(SGB, target)
    return load_universe(target)


def test_the_character_table_gives_names_descriptions_and_codes():
    network = read_sgb(SGB)
    assert {key: node.label for key, node in network.nodes.items()} == {
        "MY": "Bishop Myriel",  # the short name after the tabs
        "MB": "Mlle Baptistine",  # no short name: the description up to its first comma
        "TH": "Thénardier",
        "FA": "Fantine",
        "CO": "Cosette",
        "VJ": "Valjean",
    }
    assert network.nodes["TH"].description == "Thénardier, innkeeper in Montfermeil, aka Jondrette"
    assert network.nodes["CO"].description is None


def test_each_clique_co_appears_and_repeats_add_up():
    links = read_sgb(SGB).links
    assert links[("1.1.1", "MB", "MY")] == 2  # MY,MB twice in chapter 1.1.1
    assert {key for key in links if key[0] == "1.2.1"} == {
        ("1.2.1", "FA", "TH"), ("1.2.1", "CO", "FA"), ("1.2.1", "CO", "TH"),
        ("1.2.1", "CO", "VJ"),  # "VJ,&" continues on the next line with "CO"
    }


def test_every_chapter_is_a_story_point_nested_in_volumes_and_books(miserables):
    timeline = miserables.timeline
    assert [p.id for p in timeline.leaves] == ["1.1.1", "1.1.2", "1.2.1", "1.2.2", "2.1.1"]
    assert [p.id for p in timeline.path(timeline.parse("1.2.1"))] == ["1", "1.2", "1.2.1"]
    assert timeline.label(timeline.parse("1.2.1")) == "Volume 1 · Book 2 · Chapter 1"
    assert timeline.levels == ("volume", "book", "chapter")


def test_codes_are_kept_as_dataset_ids_not_aliases(miserables):
    myriel = miserables.entity("bishop-myriel")
    assert myriel.attributes["dataset id"] == "MY"
    assert myriel.aliases == ()
    assert miserables.relations["appears-with"].label == "appears with"


def test_a_lone_character_is_present_without_company(miserables):
    valjean = miserables.entity("valjean")
    assert valjean.revealed.id == "1.1.1"
    assert [(c.at.id, c.status) for c in valjean.status] == [
        ("1.1.1", "present"), ("1.1.2", "absent"), ("1.2.1", "present"), ("1.2.2", "absent"), ("2.1.1", "present"),
    ]
    assert miserables.as_of("1.1.1").relations_of("valjean") == []


def test_a_volume_horizon_sees_its_chapters(miserables):
    snapshot = miserables.as_of("Volume 1")
    assert "thenardier" in snapshot.entities
    assert not any(s.span.start.id == "2.1.1" for s in snapshot.statements)


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_line_endings_do_not_matter(tmp_path, newline):
    path = tmp_path / "copy.dat"
    path.write_bytes(SGB.read_bytes().replace(b"\n", newline.encode()))
    assert read_sgb(path).links == read_sgb(SGB).links


@pytest.mark.parametrize(
    "text, message",
    [
        ("MY Myriel\nVJ Valjean\n\n1.1.1:MY,VJ\n1.1.2:MY,XX\n", r":5: unknown character code 'XX' in chapter 1.1.2"),
        ("MY Myriel\nMY Again\n", r":2: character code 'MY' is defined twice \(first at .*:1\)"),
        ("* only comments\n", "no character table"),
        ("MY Myriel\n\n1.1.1:MY\nnot a chapter line\n", r":4: expected a chapter line like '1.1.1:AA,BB;CC'"),
    ],
)
def test_bad_files_name_the_line_and_problem(tmp_path, text, message):
    path = tmp_path / "bad.dat"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ImportFailed, match=message):
        read_sgb(path)


def test_the_bad_fixture_names_file_and_line():
    with pytest.raises(ImportFailed, match=r"unknown-code\.dat:5: unknown character code 'XX'"):
        read_sgb(DATA / "bad" / "unknown-code.dat")


def test_plain_slices_keep_chapter_labels(tmp_path):
    universe = build_documents(read_sgb(SGB), "plain", ImportOptions(slices="plain")).load()
    assert [p.id for p in universe.timeline.points] == ["1.1.1", "1.1.2", "1.2.1", "1.2.2", "2.1.1"]
