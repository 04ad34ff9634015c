"""`universe check` warns about prose that spoils: a description passage, note or status note that
names a story point or an entity revealed after the text itself. Labels come from the universe's
own timeline, names from its own entities; common words and earlier points are not warnings."""

from __future__ import annotations

import copy

import pytest
from click.testing import CliRunner

from universe.cli.main import cli
from universe.exchange.generate import tiny_documents, write_documents
from universe.storage.store import check_universe, load_universe

BUNDLED = "data/all-of-us-are-dead"


def universe_with(tmp_path, change) -> str:
    """The tiny universe (S1E1-S1E3, S2; Ghost revealed at S1E3; Alice alias The Ghost at S1E3),
    changed by `change(universe, entities, statements)`, written to a folder."""
    universe, facts = copy.deepcopy(tiny_documents())
    listed = facts["facts.yaml"]["entities"]
    entities = {e["id"]: e for e in listed}
    change(universe, entities, facts["facts.yaml"]["statements"])
    listed += [e for e in entities.values() if all(e is not old for old in listed)]  # the ones `change` added
    return str(write_documents(tmp_path / "tiny", universe, facts))


def prose_warnings(folder) -> list[str]:
    """The prose warnings of `universe check` (the tiny universe has others of its own)."""
    return [str(p) for p in check_universe(folder)
            if not p.is_error and ("revealed later" in p.message or "later story point" in p.message)]


def describe(entity: dict, *passages) -> None:
    entity["description"] = [dict(text=text, **({"revealed": at} if at else {})) for text, at in passages]


@pytest.mark.parametrize(
    "text, revealed, named",
    [
        ("She is bitten in episode 3.", "S1E1", "S1E3"),
        ("She is bitten in Episode 03.", "S1E2", "S1E3"),
        ("Back in S2 she returns.", "S1E3", "S2"),
        ("Back in s02 she returns.", None, "S2"),
        ("Season 2 brings her back.", "S1", "S2"),
        ("In Season 1, Episode 3 she turns.", "S1E1", "S1E3"),
        ("In S1E3 she turns.", None, "S1E3"),
    ],
)
def test_a_passage_naming_a_later_story_point_is_a_warning_with_file_and_line(tmp_path, text, revealed, named):
    folder = universe_with(tmp_path, lambda u, e, s: describe(e["bob"], ("Bob is a student.", None), (text, revealed)))
    (warning,) = prose_warnings(folder)
    file, line, _ = warning.split(":", 2)
    assert file.endswith("tiny/facts.yaml")
    assert text in (tmp_path / "tiny" / "facts.yaml").read_text().splitlines()[int(line) - 1]  # the passage's own line
    assert f"({named})" in warning and "bob: description" in warning


@pytest.mark.parametrize(
    "text, revealed",
    [
        ("She is bitten in episode 3.", "S1E3"),  # its own point
        ("After Episode 1 and Episode 2, she turns in Episode 3.", "S1E3"),
        ("Everything in Season 1 happens at school.", "S1E1"),  # an enclosing point
        ("A student since episode 1.", None),
        ("Season 2 brings her back.", "S2"),
        ("She has 3 episodes and 2 seasons.", None),  # numbers, not labels
    ],
)
def test_a_passage_may_name_its_own_point_an_enclosing_one_and_earlier_ones(tmp_path, text, revealed):
    folder = universe_with(tmp_path, lambda u, e, s: describe(e["bob"], (text, revealed)))
    assert prose_warnings(folder) == []


def test_a_passage_naming_an_entity_revealed_later_is_a_warning(tmp_path):
    folder = universe_with(tmp_path, lambda u, e, s: describe(e["bob"], ("Bob meets Ghost at school.", "S1E2")))
    (warning,) = prose_warnings(folder)
    assert "names 'Ghost' (ghost), revealed later (S1E3)" in warning


def test_an_alias_revealed_later_counts_from_its_own_point(tmp_path):
    """Alice is seen from S1E1, her alias The Ghost only from S1E3."""
    folder = universe_with(tmp_path, lambda u, e, s: describe(e["bob"], ("Bob fears The Ghost.", "S1E2"), ("Ali is kind.", "S1E1")))
    warnings = prose_warnings(folder)
    assert any("'The Ghost' (alice), revealed later (S1E3)" in w for w in warnings), warnings
    assert not any("'Ali'" in w for w in warnings)


def test_a_name_revealed_by_then_is_not_a_warning(tmp_path):
    folder = universe_with(tmp_path, lambda u, e, s: describe(e["bob"], ("Bob meets Ghost and The Ghost.", "S1E3")))
    assert prose_warnings(folder) == []


def test_a_name_that_is_also_a_common_word_is_not_matched(tmp_path):
    def change(universe, entities, statements):
        universe["kinds"]["group"] = {"label": "Group", "plural": "Groups"}
        entities["band"] = {"id": "band", "kind": "group", "name": "Band", "revealed": "S2",
                            "aliases": ["The Ghosts"]}
        describe(entities["bob"], ("Band practice is on Mondays; the band is loud.", "S1E1"),
                 ("He hunts the ghosts.", "S1E1"))
        describe(entities["carol"], ("The Ghosts scare her.", "S1E1"))

    folder = universe_with(tmp_path, change)
    assert prose_warnings(folder) == []  # "band" and "the ghosts" are words of the prose


def test_status_notes_and_relation_notes_are_checked(tmp_path):
    def change(universe, entities, statements):
        entities["bob"]["status"][0]["note"] = "Alive until S2."
        statements[0]["note"] = "Friends until Ghost comes."  # alice/friend/bob: visible from the start

    folder = universe_with(tmp_path, change)
    warnings = prose_warnings(folder)
    assert len(warnings) == 2, warnings
    assert any("status note" in w and "(S2)" in w for w in warnings)
    assert any("statement 1: note" in w and "'Ghost'" in w for w in warnings)


def test_a_title_shared_by_seasons_means_the_one_of_the_texts_own_season(tmp_path):
    def change(universe, entities, statements):
        universe["story_time"]["points"][1]["points"] = [
            {"id": f"S2E{n}", "title": f"Episode {n}"} for n in (1, 2, 3)
        ]
        describe(entities["bob"], ("In Episode 2 he returns.", "S2E1"), ("Since Episode 2 he is back.", "S2E3"))

    folder = universe_with(tmp_path, change)
    (warning,) = prose_warnings(folder)
    assert "(S2E2)" in warning and "revealed at S2E1" in warning


def test_story_points_titled_with_words_are_matched_as_written(tmp_path):
    def change(universe, entities, statements):
        universe["story_time"]["points"].append({"id": "coda", "title": "The Reckoning"})
        describe(entities["bob"], ("Before The Reckoning he hides.", "S1E1"))
        describe(entities["carol"], ("a reckoning of debts", "S1E1"))

    folder = universe_with(tmp_path, change)
    (warning,) = prose_warnings(folder)
    assert "(coda)" in warning and "bob" in warning


def test_universe_check_prints_the_warning_and_exits_zero(tmp_path):
    folder = universe_with(tmp_path, lambda u, e, s: describe(e["bob"], ("He dies in S2.", "S1E1")))
    result = CliRunner().invoke(cli, ["check", folder], catch_exceptions=False)
    assert result.exit_code == 0
    assert "facts.yaml:" in result.output and "mentions 'S2', a later story point (S2)" in result.output


def test_the_check_is_a_function_of_the_loaded_universe():
    from universe.storage.prose import later_mentions

    universe = load_universe(BUNDLED)
    assert later_mentions(universe) == later_mentions(universe)


def test_the_bundled_universe_has_no_prose_that_spoils():
    from universe.storage.prose import later_mentions

    assert later_mentions(load_universe(BUNDLED)) == []


def test_a_work_named_after_its_story_point_is_said_once(tmp_path):
    def change(universe, entities, statements):
        universe["kinds"]["work"] = {"label": "Work", "plural": "Works"}
        entities["ep3"] = {"id": "ep3", "kind": "work", "name": "Episode 3", "revealed": "S1E3", "point": "S1E3"}
        describe(entities["bob"], ("Bob turns in Episode 3.", "S1E1"))

    (warning,) = prose_warnings(universe_with(tmp_path, change))
    assert "a later story point (S1E3)" in warning


def test_a_name_with_a_number_is_matched_in_any_case(tmp_path):
    def change(universe, entities, statements):
        universe["kinds"]["group"] = {"label": "Group", "plural": "Groups"}
        entities["unit"] = {"id": "unit", "kind": "group", "name": "Unit 7", "revealed": "S1E3"}
        describe(entities["bob"], ("Bob joins unit 7 early.", "S1E1"))
        describe(entities["carol"], ("Carol leads unit 7.", "S1E3"))  # by then it is revealed

    (warning,) = prose_warnings(universe_with(tmp_path, change))
    assert "bob: description" in warning and "'Unit 7' (unit), revealed later (S1E3)" in warning


def test_the_same_name_never_written_in_lower_case_is_matched(tmp_path):
    def change(universe, entities, statements):
        universe["kinds"]["group"] = {"label": "Group", "plural": "Groups"}
        entities["band"] = {"id": "band", "kind": "group", "name": "Band", "revealed": "S2"}
        describe(entities["bob"], ("Band practice is on Mondays.", "S1E1"))

    (warning,) = prose_warnings(universe_with(tmp_path, change))
    assert "'Band' (band), revealed later (S2)" in warning
