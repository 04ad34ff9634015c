"""An arc's own reveal point: its id, title and description are spoilers like any fact. The
library, the CLI, the sidebar's Arc control and the Arcs page show only the arcs a viewer at the
horizon may know of, and the arc's diff is cut before it."""

from __future__ import annotations

import json
import re

import pytest
from apptest import BUNDLED, plain
from click.testing import CliRunner

from universe.cli.main import cli
from universe.exchange.generate import tiny_documents, write_documents
from universe.storage.store import load_universe
from universe.writing import arcstore
from universe.writing.arcs import ArcInvalid
from universe.writing.arcstore import add_change, arc_diff, create_arc, load_arc, update_arc

SHIPPED = "cheong-san-returns"
BUNDLED_FOLDER = BUNDLED / "all-of-us-are-dead"
TITLE = "Bob falls in Season 2"
LATE = {"status": {"entity": "bob", "at": "S2", "status": "dead"}, "rationale": "Not in the S2 teaser."}
EARLY = {"statement": {"subject": "bob", "relation": "friend", "object": "carol", "from": "S1E2"}, "rationale": "r"}


@pytest.fixture
def folder(tmp_path, data_root):
    write_documents(tmp_path / "tiny", *tiny_documents())
    data_root(tmp_path)
    return tmp_path / "tiny"


@pytest.fixture
def bob_falls(folder):
    arc = create_arc(folder, "bob-falls", TITLE, description="Bob is gone when Season 2 opens.")
    arc = add_change(folder, "bob-falls", arc.version, EARLY)
    return add_change(folder, "bob-falls", arc.version, LATE)


# -- the library ------------------------------------------------------------------------------


def test_an_arc_is_revealed_at_the_latest_point_its_changes_touch(folder, bob_falls):
    assert arc_diff(folder, "bob-falls").revealed.id == "S2"
    assert [a.id for a in arcstore.arcs_at(folder, "S1E3")] == []
    assert [(a.id, a.revealed.id) for a in arcstore.arcs_at(folder, "S2")] == [("bob-falls", "S2")]
    assert [a.id for a in arcstore.arcs_at(folder)] == ["bob-falls"]  # no horizon: every arc


def test_the_shipped_arc_is_revealed_with_season_2_only():
    assert arc_diff(BUNDLED_FOLDER, SHIPPED).revealed.id == "S2"
    for point in ("S1E1", "S1E6", "S1E12", "S1"):
        assert arcstore.arcs_at(BUNDLED_FOLDER, point) == []


def test_the_diff_of_an_arc_is_empty_before_the_arc_is_revealed():
    """The shipped arc ends a membership at S1E12: its row was shown at S1E12, before its title."""
    shipped = arc_diff(BUNDLED_FOLDER, SHIPPED)
    assert shipped.as_of("S1E12").rows == ()
    assert shipped.as_of("S1E12").highlight_edges == frozenset()
    assert len(shipped.as_of("S2").rows) == len(shipped.rows)


def test_a_reveal_point_given_in_the_header_wins(folder, bob_falls):
    update_arc(folder, "bob-falls", bob_falls.version, revealed="S1E2")
    assert load_arc(folder, "bob-falls").revealed == "S1E2"
    found = arc_diff(folder, "bob-falls")
    assert found.revealed.id == "S1E2"
    assert [a.id for a in arcstore.arcs_at(folder, "S1E2")] == ["bob-falls"] and arcstore.arcs_at(folder, "S1E1") == []
    assert [r.change for r in found.as_of("S1E2").rows] == ["statement-bob-friend-carol"]  # rows keep their own points


def test_an_arc_that_builds_on_another_is_never_revealed_before_it(folder, bob_falls):
    create_arc(folder, "after", "After", base="bob-falls", revealed="S1E1")
    assert arc_diff(folder, "after").revealed.id == "S2"


def test_an_unknown_reveal_point_is_refused_with_its_line(folder, bob_falls):
    with pytest.raises(ArcInvalid, match=r"arcs/bob-falls\.yaml:\d+: unknown story point 'S9'"):
        update_arc(folder, "bob-falls", bob_falls.version, revealed="S9")
    assert load_arc(folder, "bob-falls").revealed is None  # nothing written


def test_a_broken_arc_is_listed_with_no_horizon_only(folder, bob_falls):
    (folder / "arcs" / "broken-thing.yaml").write_text("arc: {id: broken-thing, title: A secret}\nchanges: [1]\n")
    assert [a.id for a in arcstore.arcs_at(folder)] == ["bob-falls", "broken-thing"]
    assert [a.id for a in arcstore.arcs_at(folder, "S2")] == ["bob-falls"]


# -- the command line -------------------------------------------------------------------------


def run(*args):
    return CliRunner().invoke(cli, ["arc", *map(str, args)], catch_exceptions=False)


def test_arc_list_as_of_lists_only_the_arcs_revealed_by_then():
    early = run("list", "-u", BUNDLED_FOLDER, "--as-of", "S1E6")
    assert early.exit_code == 0, early.output
    assert "Cheong-san" not in early.output and SHIPPED not in early.output
    late = run("list", "-u", BUNDLED_FOLDER, "--as-of", "S2", "--json")
    assert [(a["id"], a["revealed"]) for a in json.loads(late.output)] == [(SHIPPED, "S2")]


# -- the explorer -----------------------------------------------------------------------------


def everything_shown(explorer, at) -> str:
    """Every text of the page, the sidebar's controls and their options included."""
    lines = []
    for element in explorer.elements(at):
        for attribute in ("value", "label", "placeholder", "help"):
            found = getattr(element, attribute, None)
            if isinstance(found, str):
                lines.append(found)
        options = getattr(element, "options", None)
        if options:
            lines.extend(map(str, options))
    return plain("\n".join(lines) + "\n" + explorer.text(at))


@pytest.mark.parametrize("page", ["overview", "arcs", "graph"])
@pytest.mark.parametrize("horizon", ["S1E1", "S1E6", "S1E12", "S1"])
def test_the_shipped_arc_is_nowhere_before_it_is_revealed(explorer, data_root, page, horizon):
    data_root(BUNDLED)
    shipped = load_arc(BUNDLED_FOLDER, SHIPPED)
    at = explorer.open(page, as_of=horizon)
    assert not at.exception
    arc_control = [s for s in at.sidebar.selectbox if s.key == "state.arc"]
    assert not arc_control or arc_control[0].options == ["Canon (no arc)"]
    text = everything_shown(explorer, at)
    assert shipped.title not in text
    assert " ".join(shipped.description.split())[:60] not in " ".join(text.split())
    assert SHIPPED not in text


def test_the_shipped_arc_is_offered_once_revealed(explorer, data_root):
    data_root(BUNDLED)
    at = explorer.open("arcs", as_of="S2")
    control = at.sidebar.selectbox(key="state.arc")
    assert load_arc(BUNDLED_FOLDER, SHIPPED).title in control.options


def test_a_link_to_an_arc_beyond_the_horizon_shows_canon_and_names_nothing_new(explorer, data_root):
    data_root(BUNDLED)
    at = explorer.open(as_of="S1E3", arc=SHIPPED)
    assert not at.exception
    warnings = [plain(w.value) for w in at.warning]
    assert warnings == [f"There is no arc '{SHIPPED}' at this point of the story; showing canon."]
    nowhere = explorer.open(as_of="S1E3", arc="no-such-arc")
    assert [plain(w.value) for w in nowhere.warning] == ["There is no arc 'no-such-arc' at this point of the story; showing canon."]
    assert "arc" not in at.query_params


def test_the_arcs_page_lists_only_arcs_revealed_by_the_horizon(explorer, folder, bob_falls):
    early = explorer.open("arcs", as_of="S1E3")
    assert not early.exception
    assert TITLE not in everything_shown(explorer, early)
    late = explorer.open("arcs", as_of="S2")
    assert TITLE in list(late.dataframe[0].value["arc"])


def story_words(universe) -> set[str]:
    """Every word of five letters or more in the universe's story: names, descriptions, notes."""
    texts = [universe.title, universe.description or ""]
    for entity in universe.entities.values():
        texts += [*entity.names, entity.text, entity.note or ""]
        texts += [c.note or "" for c in entity.status]
    texts += [s.note or "" for s in universe.statements]
    return {w.casefold() for w in re.findall(r"[^\W\d_]{5,}", " ".join(texts))}


def test_form_placeholders_and_examples_echo_nothing_of_the_story(explorer, data_root):
    """'The virus reaches Japan' was the New arc form's example title: a spoiler at S1E1."""
    data_root(BUNDLED)
    words = story_words(load_universe(BUNDLED_FOLDER))
    at = explorer.open("arcs", as_of="S1E1")
    examples = [getattr(e, "placeholder", None) for e in explorer.elements(at, sidebar=False)]
    examples = [e for e in examples if isinstance(e, str) and e]
    assert examples, "the page has no form with a placeholder"
    for example in examples:
        echoed = {w.casefold() for w in re.findall(r"[^\W\d_]{5,}", example)} & words
        assert not echoed, (example, echoed)
