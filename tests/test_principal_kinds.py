"""A two-kind network (heroes and the comics they appear in, no kind called `character`) works
like the bundled universe on every character page: Overview's main characters, Survivors,
Connections (and the CLI's survivors), and the Graph page's co-appearance view."""

from __future__ import annotations

import json

import networkx as nx
import pytest
from apptest import Explorer, plain
from click.testing import CliRunner

from universe.cli.main import cli
from universe.exchange.importers import from_networkx


def _comics_graph() -> nx.Graph:
    G = nx.Graph()
    heroes = ["Spider-Man", "Mary Jane", "Wolverine", "Storm", "Cyclops"]
    comics = {"ASM 1": ["Spider-Man", "Mary Jane"], "ASM 2": ["Spider-Man", "Mary Jane"],
              "X-Men 1": ["Wolverine", "Storm", "Cyclops", "Spider-Man"]}
    for hero in heroes:
        G.add_node(hero, type="hero")
    for comic, cast in comics.items():
        G.add_node(comic, type="comic")
        for hero in cast:
            G.add_edge(hero, comic, issue="1" if comic != "ASM 2" else "2")
    return G


@pytest.fixture
def comics_root(tmp_path, data_root):
    from_networkx(_comics_graph(), universe_id="comics", kind_attr="type", time_attr="issue", slices="plain",
                  principal_kinds=("hero",)).write(tmp_path / "comics")
    return data_root(tmp_path)


def test_overview_lists_the_main_heroes(comics_root, explorer):
    at = explorer.open("overview", universe="comics")
    assert not at.exception, at.exception
    text = plain(Explorer.text(at))
    assert "No characters yet" not in text
    assert "Spider-Man" in text and "Mary Jane" in text


def test_survivors_lists_the_heroes_not_the_comics(comics_root, explorer):
    at = explorer.open("survivors", universe="comics")
    assert not at.exception, at.exception
    text = plain(Explorer.text(at))
    assert "Spider-Man" in text and "Wolverine" in text
    assert "ASM 1" not in text


def test_connections_opens_on_two_heroes(comics_root, explorer):
    at = explorer.open("connections", universe="comics")
    assert not at.exception, at.exception
    text = plain(Explorer.text(at))
    assert "Fewer than two entities" not in text
    assert "Heroes only" in text
    assert "shortest connection" in text
    assert " is appears" not in text and " is interacts" not in text


def test_the_graph_page_draws_the_co_appearance_projection(comics_root, explorer):
    at = explorer.open("graph", universe="comics", coappear="1")
    assert not at.exception, at.exception
    text = plain(Explorer.text(at))
    assert "5 entities and " in text  # the heroes only, linked by the comics they share
    assert "appears with" in text


def test_cli_survivors_follow_the_principal_kinds(tmp_path):
    from_networkx(_comics_graph(), universe_id="comics", kind_attr="type", time_attr="issue",
                  principal_kinds=("hero",)).write(tmp_path / "comics")
    result = CliRunner().invoke(cli, ["survivors", str(tmp_path / "comics"), "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)["rows"]
    assert {row["name"] for row in rows} == {"Spider-Man", "Mary Jane", "Wolverine", "Storm", "Cyclops"}


def test_a_principal_kind_must_be_declared(tmp_path):
    from universe.exchange.generate import tiny_documents, write_documents
    from universe.storage.store import check_universe

    universe, facts = tiny_documents()
    universe["principal_kinds"] = ["hero"]
    problems = check_universe(write_documents(tmp_path / "tiny", universe, facts))
    assert any(p.is_error and "principal kind 'hero' is not a declared kind" in p.message for p in problems)
