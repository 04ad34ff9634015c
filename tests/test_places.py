"""Places: containment and who was there."""

import pytest

from universe.exchange.generate import STANDARD_VOCABULARY, tiny_documents
from universe.queries.places import containers, contents, visitors
from universe.storage.store import universe_from_documents


@pytest.fixture(scope="module")
def city():
    universe, facts = tiny_documents()
    facts["facts.yaml"]["entities"] += [
        {"id": "lab", "kind": "location", "name": "Lab"},
        {"id": "cupboard", "kind": "location", "name": "Cupboard", "revealed": "S1E3"},
    ]
    facts["facts.yaml"]["statements"] += [
        {"subject": "lab", "relation": "part-of", "object": "school"},
        {"subject": "cupboard", "relation": "part-of", "object": "lab"},
        {"subject": "bob", "relation": "located-at", "object": "lab", "from": "S1E2"},
        {"subject": "carol", "relation": "located-at", "object": "cupboard", "from": "S1E3"},
    ]
    assert STANDARD_VOCABULARY["relations"]["part-of"]["containment"]
    return universe_from_documents(universe, facts)


def test_contents_are_transitive_and_breadth_first(city):
    assert [(e.id, d) for e, d in contents(city.as_of(), "town")] == [("school", 1), ("lab", 2), ("cupboard", 3)]


def test_contents_respect_the_horizon(city):
    assert [e.id for e, _ in contents(city.as_of("S1E2"), "town")] == ["school", "lab"]


def test_containers_run_innermost_first(city):
    assert [e.id for e in containers(city.as_of(), "cupboard")] == ["lab", "school", "town"]


def test_visitors_include_those_in_contained_places(city):
    visits = [(v.entity.id, v.place.id) for v in visitors(city.as_of(), "school")]
    assert visits == [("alice", "school"), ("bob", "lab"), ("carol", "cupboard")]
    assert [v.entity.id for v in visitors(city.as_of(), "school", inside=False)] == ["alice"]


def test_visitors_respect_the_horizon(city):
    assert [v.entity.id for v in visitors(city.as_of("S1E2"), "school")] == ["alice", "bob"]
