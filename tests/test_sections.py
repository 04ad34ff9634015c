"""universe.queries.sections: relations by family and other entity, appearances, credits."""

from __future__ import annotations

import pytest
from test_app_wiki_pages import HUB_FRIENDS, wiki_documents

from universe.exchange.generate import write_documents
from universe.queries.profile import links_of, profile
from universe.queries.sections import appearances, credit_text, families, family_label
from universe.storage.store import load_universe


@pytest.fixture
def universe(tmp_path):
    write_documents(tmp_path / "pages", *wiki_documents())
    return load_universe(tmp_path / "pages")


@pytest.mark.parametrize("family, label", [("social", "Social"), ("real-world", "Real world"), ("", "Other")])
def test_family_labels(family, label):
    assert family_label(family) == label


def test_each_other_entity_is_listed_once_under_its_first_family(universe):
    snapshot = universe.as_of("S1E3")
    found = families(snapshot, links_of(snapshot, "hub"))
    social = next(f for f in found if f.id == "social")
    assert len(social.entries) == HUB_FRIENDS
    assert all(f.id != "conflict" for f in found)  # the rivals are friends too: listed once, in social
    assert social.counts == (("friend of", HUB_FRIENDS), ("rival of", 3))
    assert [link.label for link in social.entries[0].links] == ["friend of", "rival of"]


def test_appearances_count_points_up_to_the_horizon(universe):
    seen = appearances(universe.as_of("S1E3"), "carol")
    assert (seen.first.id, seen.last.id, seen.count, seen.level) == ("S1E1", "S1E3", 2, "episode")
    assert appearances(universe.as_of("S1E3"), "bob") is None
    assert appearances(universe.as_of("S1E1"), "alice").count == 1


def test_appears_in_statements_are_summed_up_not_listed(universe):
    page = profile(universe.as_of("S1E3"), "alice")
    listed = [link.other.id for family in page.families for entry in family.entries for link in entry.links]
    assert "ep1" not in listed and page.appearances.count == 2


def test_credits_say_how_sure_a_credit_beyond_the_story_on_screen_is(universe):
    snapshot = universe.as_of(None)
    plays = [s for s in snapshot.statements if s.relation == "plays" and s.object == "alice"]
    assert credit_text(snapshot, plays) == "Season 1; Season 2, announced"
    assert credit_text(universe.as_of("S1E3"), [s for s in universe.as_of("S1E3").statements if s.relation == "plays"]) == "Season 1"
