"""What a viewer learns at each story point."""

import pytest

from universe.errors import StoryPointNotFound
from universe.exchange.generate import tiny_universe
from universe.queries.changes import changes_at, changes_by_point, changes_table, first_seen, statement_sentence


@pytest.fixture(scope="module")
def tiny():
    return tiny_universe()


def test_a_death_is_a_status_change_of_its_episode(tiny):
    changes = changes_at(tiny.as_of("S1E3"), "S1E2")
    assert [(s.entity.id, s.previous, s.change.status) for s in changes.statuses] == [("alice", "alive", "dead")]
    assert [statement_sentence(tiny.as_of(), s) for s in changes.relations] == ["Bob killed Alice"]


def test_first_appearances_are_newcomers_with_their_first_status(tiny):
    changes = changes_at(tiny.as_of("S1E3"), "S1E3")
    assert [e.id for e in changes.entities] == ["ghost"]
    assert ("ghost", None, "unknown") in [(s.entity.id, s.previous, s.change.status) for s in changes.statuses]


def test_a_relation_ends_at_its_until_point(tiny):
    assert [s.id for s in changes_at(tiny.as_of(), "S1E2").ended] == ["alice/located-at/school/S1E1"]


def test_nothing_beyond_the_horizon_is_a_change(tiny):
    snapshot = tiny.as_of("S1E2")
    assert changes_at(snapshot, "S1E3").is_empty
    assert [c.point.id for c in changes_by_point(snapshot)] == ["S1E1", "S1E2"]
    assert all(s.change.at.end <= 1 for c in changes_by_point(snapshot) for s in c.statuses)


def test_evidence_filters_changes(tiny):
    theory = changes_at(tiny.as_of(None, "fan-theory"), "S2")
    canon = changes_at(tiny.as_of(None, "canon"), "S2")
    assert [s.change.status for s in theory.statuses] == ["alive"]
    assert canon.statuses == () and canon.relations == ()


def test_a_season_gathers_the_changes_of_its_episodes(tiny):
    season = changes_at(tiny.as_of(), "S1")
    episodes = [changes_at(tiny.as_of(), p) for p in ("S1E1", "S1E2", "S1E3")]
    assert len(season) == sum(len(c) for c in episodes)


@pytest.mark.parametrize("revealed, leaf", [(None, 0)])
def test_first_seen_of_an_unrevealed_fact_is_the_start(revealed, leaf):
    assert first_seen(revealed) == leaf


def test_first_seen_of_a_season_is_its_last_episode(tiny):
    assert first_seen(tiny.timeline.parse("S1")) == tiny.timeline.parse("S1E3").start


def test_an_unknown_point_raises(tiny):
    with pytest.raises(StoryPointNotFound, match="S9"):
        changes_at(tiny.as_of(), "S9")


def test_the_changes_table_has_a_row_per_episode_up_to_the_horizon(tiny):
    table = changes_table(tiny.as_of("S1E3"))
    assert list(table["point"]) == ["S1E1", "S1E2", "S1E3"]
    assert table.set_index("point").at["S1E2", "what happens"] == "Alice: alive → dead"
