"""The universe at a glance: counts, main characters, claims side by side, group memberships."""

from universe.exchange.generate import tiny_documents
from universe.queries.citations import citations
from universe.queries.groups import memberships
from universe.queries.summary import claim_groups, counts, main_characters
from universe.storage.store import universe_from_documents


def claimed():
    universe, facts = tiny_documents()
    facts["facts.yaml"]["entities"] += [
        {"id": "show", "kind": "group", "name": "The show"},
        {"id": "paper", "kind": "source", "name": "A paper", "point": "S1E3"},
    ]
    facts["facts.yaml"]["statements"] += [
        {"subject": "show", "relation": "viewing-figures", "value": "10 million", "evidence": "reported", "date": "2024-01", "sources": ["paper"]},
        {"subject": "show", "relation": "viewing-figures", "value": "12 million", "evidence": "official", "rank": "preferred", "date": "2023-12"},
        {"subject": "show", "relation": "viewing-figures", "value": "1 billion", "evidence": "fan-theory", "rank": "deprecated"},
        {"subject": "alice", "relation": "member-of", "object": "show", "until": "S1E1"},
        {"subject": "bob", "relation": "member-of", "object": "show"},
    ]
    return universe_from_documents(universe, facts)


def test_counts_follow_the_kinds_of_the_vocabulary():
    assert counts(claimed().as_of("S1E1"))[:2] == [("character", "Characters", 3), ("person", "People", 1)]


def test_main_characters_rank_by_relations_without_portrayals():
    ranked = [(e.id, n) for e, n in main_characters(claimed().as_of(), limit=3)]
    assert ranked[0] == ("alice", 5) and len(ranked) == 3


def test_conflicting_claims_stand_side_by_side_preferred_first():
    [group] = claim_groups(claimed().as_of())
    assert [s.value for s in group.statements] == ["12 million", "10 million", "1 billion"]
    assert group.is_disputed


def test_claims_respect_the_evidence_level():
    [group] = claim_groups(claimed().as_of(None, "reported"))
    assert [s.value for s in group.statements] == ["12 million", "10 million"]
    assert claim_groups(claimed().as_of(None, "canon")) == []


def test_memberships_at_a_point():
    snapshot = claimed().as_of()
    assert memberships(snapshot) == {"alice": ("show",), "bob": ("show",)}
    assert memberships(snapshot, "S1E2", holding=True) == {"bob": ("show",)}


def test_citations_list_what_cites_a_source():
    cited = citations(claimed().as_of(), "notes")
    assert [s.id for s, _ in cited.statements] == ["alice/friend/bob"] and len(cited) == 1
