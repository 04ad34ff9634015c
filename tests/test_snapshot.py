"""Snapshots: the spoiler horizon and evidence filter, by example and by property."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from universe.errors import EntityNotFound, StoryPointNotFound, UnknownEvidence
from universe.exchange.generate import generated_documents, tiny_universe
from universe.storage.store import universe_from_documents
from universe.story.evidence import Evidence
from universe.story.snapshot import as_of


@pytest.fixture(scope="module")
def tiny():
    return tiny_universe()


def test_no_horizon_shows_everything(tiny):
    snapshot = tiny.as_of()
    assert set(snapshot.entities) == set(tiny.entities)
    assert len(snapshot.statements) == len(tiny.statements)


def test_an_entity_revealed_later_is_hidden_everywhere(tiny):
    snapshot = tiny.as_of("S1E2")
    assert "ghost" not in snapshot.entities
    assert all("ghost" not in (s.subject, s.object) for s in snapshot.statements)
    assert not snapshot.search("Ghost", limit=10) or all(m.entity.id != "ghost" for m in snapshot.search("Ghost"))
    with pytest.raises(EntityNotFound, match="no entity 'ghost'"):
        snapshot.entity("ghost")


def test_a_spoiler_alias_is_hidden_until_revealed(tiny):
    assert [a.name for a in tiny.as_of("S1E2").entity("alice").aliases] == ["Ali"]
    assert [a.name for a in tiny.as_of("S1E3").entity("alice").aliases] == ["Ali", "The Ghost"]
    with pytest.raises(EntityNotFound):
        tiny.as_of("S1E2").find("The Ghost")
    assert tiny.as_of("S1E3").find("the ghost").id == "alice"


def test_status_changes_after_the_horizon_are_hidden(tiny):
    early = tiny.as_of("S1E1")
    assert early.status_at("alice") == "alive"
    assert early.status_at("alice", "S1E3") == "alive"  # asking past the horizon reveals nothing
    assert [c.status for c in early.entity("alice").status] == ["alive"]
    assert tiny.as_of("S1E2").status_at("alice") == "dead"


def test_minimum_evidence_filters_facts(tiny):
    canon = tiny.as_of(None, "canon")
    assert canon.status_at("alice") == "dead"  # the fan theory of her return is not canon
    assert tiny.as_of(None, "fan-theory").status_at("alice") == "alive"
    assert all(s.evidence is Evidence.CANON for s in canon.statements)
    assert len(tiny.as_of(None, "teased").statements) == len(canon.statements) + 1


def test_relations_hold_in_their_span(tiny):
    snapshot = tiny.as_of("S1E3")
    located = next(s for s in snapshot.statements if s.relation == "located-at")
    assert not snapshot.holds(located)
    assert snapshot.holds(located, tiny.timeline.parse("S1E2"))
    assert located not in snapshot.relations_of("alice", holding=True)
    assert located in snapshot.relations_of("alice")


def test_the_end_of_a_relation_is_not_shown_before_it_comes(tiny):
    early = next(s for s in tiny.as_of("S1E1").statements if s.relation == "located-at")
    assert early.span.until is None and str(early.span) == "from S1E1"
    late = next(s for s in tiny.as_of("S1E2").statements if s.relation == "located-at")
    assert late.span.until.id == "S1E2"


def test_survivors_at_a_point(tiny):
    rows = {e.id: c.status for e, c in tiny.as_of("S1E3", "canon").survivors()}
    assert rows == {"alice": "dead", "bob": "alive", "carol": "infected", "ghost": "unknown"}
    alive = tiny.as_of("S1E3", "canon").survivors(statuses=["alive"])
    assert [e.id for e, _ in alive] == ["bob"]


def test_find_understands_names_aliases_and_case(tiny):
    snapshot = tiny.as_of()
    assert snapshot.find("ALI").id == "alice"
    assert snapshot.find("dan actor").id == "dan"
    with pytest.raises(EntityNotFound, match="did you mean 'Alice'"):
        snapshot.find("Alicia")


def test_bad_labels_are_clear_errors(tiny):
    with pytest.raises(StoryPointNotFound, match="'S9E9'"):
        tiny.as_of("S9E9")
    with pytest.raises(UnknownEvidence, match="'rumour'"):
        tiny.as_of(None, "rumour")


def test_a_statement_from_a_season_is_seen_from_its_first_episode(tiny):
    snapshot = tiny.as_of("S1E1")
    assert "dan" in snapshot.entities
    assert any(s.relation == "plays" for s in snapshot.statements)


# -- the spoiler invariant, for generated universes ----------------------------------------


@st.composite
def universes(draw):
    seed = draw(st.integers(0, 10_000))
    entities = draw(st.integers(10, 60))
    statements = draw(st.integers(5, 150))
    universe_doc, facts = generated_documents(entities, statements, entities, seasons=3, episodes=4, seed=seed)
    # sprinkle explicit reveals, spoiler aliases and description parts on some entities
    leaves = [p["id"] for season in universe_doc["story_time"]["points"] for p in season["points"]]
    for name, doc in facts.items():
        for entity in doc.get("entities", []):
            roll = draw(st.integers(0, 5))
            if roll == 0:
                entity["revealed"] = draw(st.sampled_from(leaves + ["S2", "S3"]))
            elif roll == 1:
                entity.setdefault("aliases", []).append({"name": f"secret {entity['id']}", "revealed": draw(st.sampled_from(leaves))})
            elif roll == 2:
                entity["description"] = [{"text": "known"}, {"text": "later", "revealed": draw(st.sampled_from(leaves))}]
            elif roll == 3:
                entity["evidence"] = draw(st.sampled_from([e.value for e in Evidence]))
        for statement in doc.get("statements", []):
            if draw(st.integers(0, 9)) == 0:
                statement["spoils"] = draw(st.sampled_from(leaves))
    return universe_from_documents(universe_doc, facts)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(universe=universes(), horizon_index=st.integers(0, 11), level=st.sampled_from(list(Evidence)))
def test_no_snapshot_contains_anything_revealed_after_its_horizon(universe, horizon_index, level):
    horizon = universe.timeline.leaves[horizon_index]
    snapshot = as_of(universe, horizon, level)

    def seen(point):
        return point is None or point.end <= horizon.end

    for entity in snapshot.entities.values():
        assert seen(entity.revealed) and level.admits(entity.evidence)
        assert all(seen(a.revealed) for a in entity.aliases)
        assert all(seen(p.revealed) and level.admits(p.evidence) for p in entity.description)
        assert all(seen(c.revealed) and level.admits(c.evidence) for c in entity.status)
        assert all(ref.source in snapshot.entities for ref in entity.sources)
        assert all(ref.source in snapshot.entities for c in entity.status for ref in c.sources)
    for statement in snapshot.statements:
        assert seen(statement.revealed) and level.admits(statement.evidence)
        assert seen(statement.spoils)
        assert statement.span.until is None or seen(statement.span.until)
        assert all(ref.source in snapshot.entities for ref in statement.sources)
        assert statement.subject in snapshot.entities
        assert statement.object is None or statement.object in snapshot.entities
    # and it hides nothing that was revealed in time
    visible = {s.id for s in snapshot.statements}
    for statement in universe.statements:
        if (seen(statement.revealed) and level.admits(statement.evidence)
                and statement.subject in snapshot.entities
                and (statement.object is None or statement.object in snapshot.entities)):
            assert statement.id in visible


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(universe=universes(), a=st.integers(0, 11), b=st.integers(0, 11))
def test_a_later_horizon_sees_a_superset(universe, a, b):
    early, late = sorted((a, b))
    first = as_of(universe, universe.timeline.leaves[early])
    second = as_of(universe, universe.timeline.leaves[late])
    assert set(first.entities) <= set(second.entities)
    assert {s.id for s in first.statements} <= {s.id for s in second.statements}


def test_the_vocabularies_a_viewer_sees_are_those_in_use_by_the_horizon():
    """Filters and legends list statuses and relation types from the snapshot: at the first point
    of a story nobody is dead yet, so "dead" is not offered (it would say what is coming)."""
    universe = tiny_universe()
    early, late = universe.as_of("S1E1"), universe.as_of(None)
    assert "dead" not in early.statuses and "dead" in late.statuses
    assert set(early.statuses) <= set(universe.statuses)
    assert list(late.statuses) == [s for s in universe.statuses if s in late.statuses]  # declared order
    used = {s.relation for s in early.statements}
    assert set(early.relation_types) == used and set(late.relation_types) >= used
