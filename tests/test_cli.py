import json

import pytest
from click.testing import CliRunner

from universe.cli.main import cli
from universe.exchange.generate import tiny_documents, write_documents


@pytest.fixture
def tiny_dir(tmp_path):
    return str(write_documents(tmp_path / "tiny", *tiny_documents()))


def run(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return result


def test_check_a_valid_universe_exits_0(tiny_dir):
    result = run("check", tiny_dir)
    assert result.exit_code == 0
    assert "ok: 0 errors, 2 warnings" in result.output
    assert "warning: alice: status goes from 'dead' back to 'alive'" in result.output


def test_check_lists_every_error_and_exits_1(tmp_path):
    universe, facts = tiny_documents()
    facts["facts.yaml"]["statements"][0]["relation"] = "frend"
    facts["facts.yaml"]["entities"][1]["status"][0]["status"] = "alvie"
    folder = write_documents(tmp_path / "bad", universe, facts)
    result = run("check", folder)
    assert result.exit_code == 1
    assert "facts.yaml:" in result.output
    assert "unknown relation type 'frend'" in result.output and "unknown status 'alvie'" in result.output
    assert "2 errors" in result.output
    assert "Traceback" not in result.output


def test_usage_errors_exit_2(tiny_dir):
    assert run("stats", tiny_dir, "--min-evidence", "rumour").exit_code == 2
    assert run("export", "-u", tiny_dir).exit_code == 2  # --format is required
    assert run("frobnicate").exit_code == 2


def test_missing_folder_and_bad_ids_are_clear_errors(tmp_path):
    result = run("check", tmp_path)
    assert result.exit_code == 1 and "no universe here" in result.output
    result = run("stats", "Not-A-Slug")
    assert result.exit_code == 1 and "invalid universe id" in result.output


def test_stats_json_counts(tiny_dir):
    result = run("stats", tiny_dir, "--as-of", "S1E2", "--min-evidence", "canon", "--json")
    data = json.loads(result.output)
    assert data["horizon"] == "S1E2"
    assert data["kinds"] == {"character": 3, "location": 2, "person": 1, "source": 1}
    assert data["statuses"] == {"alive": 2, "dead": 1}
    assert data["evidence"] == {"canon": 6}


def test_stats_text(tiny_dir):
    result = run("stats", tiny_dir)
    assert result.exit_code == 0
    assert "Entities by kind:" in result.output and "Characters" in result.output


def test_show_by_alias_any_case(tiny_dir):
    result = run("show", "ALI", "-u", tiny_dir, "--as-of", "S1E2")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Alice  (Character)")
    assert "Played by: Dan Actor" in result.output
    assert "Status: Dead" in result.output
    assert "The Ghost" not in result.output  # a spoiler alias revealed at S1E3


def test_show_hides_entities_beyond_the_horizon(tiny_dir):
    result = run("show", "ghost", "-u", tiny_dir, "--as-of", "S1E2")
    assert result.exit_code == 1 and "no entity named 'ghost'" in result.output


def test_show_json(tiny_dir):
    page = json.loads(run("show", "carol", "-u", tiny_dir, "--json").output)
    assert page["status"] == "infected"
    assert {r["label"] for r in page["relations"]} == {"parent of", "rival of", "friend of"}


def test_survivors_table_and_filter(tiny_dir):
    result = run("survivors", "-u", tiny_dir, "--as-of", "S1E3", "--min-evidence", "canon")
    assert "Alice" in result.output and "Dead" in result.output
    data = json.loads(run("survivors", "-u", tiny_dir, "--as-of", "S1E3", "--status", "alive", "--json").output)
    assert [row["id"] for row in data["rows"]] == ["bob"]
    bad = run("survivors", "-u", tiny_dir, "--status", "undead")
    assert bad.exit_code == 2 and "unknown status 'undead'" in bad.output


@pytest.mark.parametrize("fmt, marker", [("graphml", "<graphml"), ("gexf", "<gexf"), ("json", '"links"'), ("csv", "id,subject,relation")])
def test_export_formats_to_stdout(tiny_dir, fmt, marker):
    result = run("export", "-u", tiny_dir, "--format", fmt, "--as-of", "S1E3")
    assert result.exit_code == 0 and marker in result.output


def test_export_to_file(tiny_dir, tmp_path):
    out = tmp_path / "g.graphml"
    assert run("export", "-u", tiny_dir, "--format", "graphml", "-o", out).exit_code == 0
    assert out.read_text().startswith("<?xml")


def test_bad_story_point_is_a_clear_error(tiny_dir):
    result = run("stats", tiny_dir, "--as-of", "S9")
    assert result.exit_code == 1 and "unknown story point 'S9'" in result.output


# -- one spelling of the universe argument, the other accepted ------------------------------


@pytest.mark.parametrize("command", [["check"], ["stats"], ["survivors"], ["export", "--format", "json"], ["show", "alice"], ["arc", "list"]])
def test_every_command_takes_the_universe_as_argument_or_with_u(tiny_dir, command):
    as_argument = run(*command, tiny_dir)
    with_u = run(*command, "-u", tiny_dir)
    assert as_argument.exit_code == 0, as_argument.output
    assert with_u.exit_code == 0, with_u.output
    assert as_argument.output == with_u.output


def test_two_different_universes_are_a_usage_error(tiny_dir, tmp_path):
    result = run("stats", tiny_dir, "-u", tmp_path)
    assert result.exit_code == 2 and "two universes given" in result.output


def test_a_broken_pipe_exits_quietly(tiny_dir):
    import os
    import subprocess
    import sys

    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader has gone, like `| head -1` after its line
    try:
        done = subprocess.run(
            [sys.executable, "-c", "from universe.cli.main import main; main()", "stats", tiny_dir],
            stdout=write_end, stderr=subprocess.PIPE, timeout=600,
        )
    finally:
        os.close(write_end)
    assert done.stderr.decode() == ""
    assert done.returncode == 0


def test_check_dot_inside_the_universe_does_not_warn_about_the_folder_name(tiny_dir, monkeypatch):
    monkeypatch.chdir(tiny_dir)
    result = run("check", ".")
    assert result.exit_code == 0
    assert "differs from the folder name" not in result.output


def _network_universe(tmp_path, names, **kwargs):
    import networkx as nx

    from universe.exchange.importers import from_networkx

    G = nx.Graph()
    for n, name in enumerate(names):
        G.add_node(n, name=name)
    for n in range(1, len(names)):
        G.add_edge(0, n, weight=1, **kwargs.get("edge", {}))
    folder = tmp_path / "network"
    from_networkx(G, universe_id="network", **{k: v for k, v in kwargs.items() if k != "edge"}).write(folder)
    return folder


def test_show_uses_the_wiki_search_and_says_which_entity_it_chose(tmp_path):
    folder = _network_universe(tmp_path, ["Jean Valjean", "Javert", "Cosette"])
    result = CliRunner().invoke(cli, ["show", "Valjean", str(folder)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Jean Valjean  (Character)")
    assert "showing Jean Valjean, the best match for 'Valjean'" in result.stderr
    typo = CliRunner().invoke(cli, ["show", "Cosete", str(folder)])
    assert typo.exit_code == 0 and typo.stdout.startswith("Cosette")
    exact = CliRunner().invoke(cli, ["show", "javert", str(folder)])
    assert exact.exit_code == 0 and exact.stderr == ""


def test_did_you_mean_offers_only_close_names(tmp_path):
    folder = _network_universe(tmp_path, ["Robert Baratheon", "Chella", "Hobb", "Oberyn Martel", "Ellaria Sand"])
    far = run("show", "Tywin Lannister", folder)
    assert far.exit_code == 1 and "no entity named 'Tywin Lannister'" in far.output
    assert "did you mean" not in far.output
    near = run("show", "Obern Marell", folder)
    assert near.exit_code == 0 and "Oberyn Martel" in near.output
    from universe.cli.lookup import close_names
    from universe.storage.store import load_universe

    snapshot = load_universe(folder).as_of(None)
    hints = close_names(snapshot, "Oberyn Martell")
    assert hints == ["Oberyn Martel"]
    assert close_names(snapshot, "Ellara Snd") == ["Ellaria Sand"]


def test_a_story_point_an_importer_labelled_1_is_accepted_as_as_of_1(tmp_path):
    import networkx as nx

    from universe.exchange.importers import from_networkx

    G = nx.Graph()
    G.add_edge("ned", "robert", book="1")
    G.add_edge("jon", "sam", book="2")
    from_networkx(G, universe_id="books", time_attr="book", slices="book").write(tmp_path / "books")
    result = run("stats", tmp_path / "books", "--as-of", "1", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["horizon"] == "B1"
