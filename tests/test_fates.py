"""universe.queries.fates: lanes per character and fate counts, never beyond the horizon."""

from __future__ import annotations

import pytest
from test_app_survivors import fates_documents

from universe.exchange.generate import tiny_universe, write_documents
from universe.queries.fates import BUCKETS, fate_counts, fates, lane_table, sorted_fates, starting_status
from universe.storage.store import load_universe


@pytest.fixture
def universe(tmp_path):
    write_documents(tmp_path / "fates", *fates_documents())
    return load_universe(tmp_path / "fates")


def test_a_lane_starts_where_the_entity_is_first_seen_and_marks_each_change(universe):
    eve = next(f for f in fates(universe.as_of("S1E6")) if f.entity.id == "eve")
    assert [(p.id, s) for p, s in eve.track] == [("S1E3", "alive"), ("S1E4", "alive"), ("S1E5", "infected"), ("S1E6", "dead")]
    assert [p.id for p in eve.changed] == ["S1E5", "S1E6"] and eve.terminal


def test_lanes_stop_at_the_horizon(universe):
    found = {f.entity.id: f for f in fates(universe.as_of("S1E4"))}
    assert "fay" not in found  # first seen at S1E5
    assert found["eve"].status == "alive" and not found["eve"].changed  # her turn is later


@pytest.mark.parametrize("horizon", ["S1E1", "S1E3", "S1E6"])
def test_each_row_of_the_fate_counts_sums_to_everyone_known_by_then(universe, horizon):
    snapshot = universe.as_of(horizon)
    counts = fate_counts(snapshot)
    assert list(counts.columns) == list(BUCKETS)
    for point in counts.index:
        known = sum(1 for f in fates(snapshot) if f.first.start <= snapshot.timeline.find(point).start)
        assert counts.loc[point].sum() == known


def test_survival_is_the_status_most_start_in_not_a_status_name(universe):
    assert starting_status(fates(universe.as_of("S1E6"))) == "alive"
    assert starting_status([]) is None


def test_sorting_by_fate_puts_the_dead_first_by_when_then_the_turned_then_the_rest(universe):
    found = fates(universe.as_of("S1E6"))
    assert [f.entity.id for f in sorted_fates(found, "fate")] == ["ann", "eve", "ben", "cas", "dee", "fay"]
    assert [f.entity.id for f in sorted_fates(found, "changed")][:2] == ["eve", "ann"]  # latest change first
    assert [f.entity.id for f in sorted_fates(found, "first")][-1] == "fay"


def test_the_lane_table_says_from_what_each_change_came():
    snapshot = tiny_universe().as_of("S1E3")
    table = lane_table(snapshot, fates(snapshot))
    carol = table[(table["entity"] == "carol") & table["changed"]]
    assert list(zip(carol["point"], carol["was"], carol["label"])) == [("S1E3", "Alive", "Infected")]
