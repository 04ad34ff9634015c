"""`reveals.resolve_reveals` by column (ranks, long lists in C, source lists shared by many
statements) gives the defaults of its plain definition, statement by statement, on random
universes: points seen together (a season of one episode: the same end and start), statements
with and without points, `spoils`, entities with and without status changes, sources cited by
one shared list, by several, or by lists of their own."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from plainreveals import plain_defaults as plain
from plainreveals import plain_earliest

from universe.storage import reveals
from universe.storage.reveals import earliest, resolve_reveals
from universe.story.model import Entity, SourceRef, Statement, StatusChange
from universe.story.timeline import Timeline

# S1 has one episode (S1 and S1E1 are seen together), S2 three, S3 one (S3 and S3E1 together)
TIMELINE = Timeline.build(["season", "episode"], [
    {"id": "S1", "points": [{"id": "S1E1"}]},
    {"id": "S2", "points": [{"id": "S2E1"}, {"id": "S2E2"}, {"id": "S2E3"}]},
    {"id": "S3", "points": [{"id": "S3E1"}]},
])
POINTS = list(TIMELINE.points)


point_or_none = st.one_of(st.none(), st.sampled_from(POINTS))


@st.composite
def universes(draw):
    count = draw(st.integers(1, 8))
    ids = [f"e{n}" for n in range(count)]
    # source lists: a few shared by many statements, and lists made for one statement
    shared = [tuple(SourceRef(s) for s in draw(st.lists(st.sampled_from(ids), min_size=1, max_size=3)))
              for _ in range(draw(st.integers(0, 3)))]
    entities, explicit = {}, {}
    for entity_id in ids:
        given_point = draw(st.booleans())
        status = tuple(
            StatusChange(entity_id, draw(st.sampled_from(POINTS)), "alive", revealed=draw(point_or_none),
                         sources=tuple(SourceRef(s) for s in draw(st.lists(st.sampled_from(ids), max_size=2))))
            for _ in range(draw(st.integers(0, 2) if draw(st.booleans()) else st.just(0)))
        )
        sources = tuple(SourceRef(s) for s in draw(st.lists(st.sampled_from(ids), max_size=2)))
        entities[entity_id] = Entity(entity_id, "thing", entity_id.upper(), revealed=draw(point_or_none) if given_point else None,
                                     sources=sources, status=status)
        explicit[entity_id] = given_point
    statements = []
    for index in range(draw(st.integers(0, 40))):
        subject = draw(st.sampled_from(ids))
        obj = draw(st.one_of(st.none(), st.sampled_from(ids)))
        how = draw(st.sampled_from(["none", "shared", "own"]))
        sources = () if how == "none" or (how == "shared" and not shared) else (
            draw(st.sampled_from(shared)) if how == "shared" else
            tuple(SourceRef(s) for s in draw(st.lists(st.sampled_from(ids), min_size=1, max_size=2))))
        statements.append(Statement(f"s{index}", subject, "knows", obj, None if obj else "v", revealed=draw(point_or_none),
                                    spoils=draw(st.one_of(st.none(), st.none(), st.sampled_from(POINTS))), sources=sources))
    return entities, explicit, statements


@settings(max_examples=400, deadline=None)
@given(universes())
def test_defaults_by_column_are_those_of_the_plain_definition(universe):
    entities, explicit, statements = universe
    got = resolve_reveals(TIMELINE, entities, explicit, statements)
    want = plain(TIMELINE, entities, explicit, statements)
    assert got[0] == want[0] and list(got[0]) == list(want[0])
    assert got[1] == want[1]
    # the same points, not just equal ones: S1 and S1E1 are equal in time, not the same point
    assert [e.revealed.id if e.revealed else None for e in got[0].values()] == \
           [e.revealed.id if e.revealed else None for e in want[0].values()]
    assert [s.revealed.id if s.revealed else None for s in got[1]] == [s.revealed.id if s.revealed else None for s in want[1]]


@settings(max_examples=300, deadline=None)
@given(st.lists(point_or_none, max_size=30))
def test_earliest_of_a_long_or_short_list_is_the_first_of_the_earliest(points):
    assert earliest(points) == plain_earliest(points)
    assert earliest(iter(points)) == plain_earliest(points)
    if any(p is not None for p in points):
        found = earliest([p for p in points if p is not None])[1]
        assert found is plain_earliest([p for p in points if p is not None])[1]  # the very point


def test_points_seen_together_are_ranked_by_position_and_each_other_point_by_itself():
    s1, s1e1, s2e1 = (TIMELINE.parse(p) for p in ("S1", "S1E1", "S2E1"))
    assert (s1.start, s1.end) == (s1e1.start, s1e1.end)
    numbers, point_of = reveals._ranked([s2e1, None, s1e1, s1, s2e1])
    assert point_of(min(numbers)) is s1e1  # the first of the two seen together
    numbers, point_of = reveals._ranked([s2e1, None, s1, s2e1])
    assert numbers == [1, 2, 0, 1] and point_of(0) is s1 and point_of(2) is None


def test_a_source_cited_by_one_shared_list_and_by_lists_of_its_own_is_first_cited_in_statement_order():
    entities = {e: Entity(e, "thing", e) for e in ("a", "src", "other")}
    explicit = dict.fromkeys(entities, False)
    s1, s1e1, s2e1 = (TIMELINE.parse(p) for p in ("S1", "S1E1", "S2E1"))
    shared = (SourceRef("src"),)
    statements = [Statement("x", "a", "knows", None, "v", revealed=s2e1, sources=shared),
                  Statement("y", "a", "knows", None, "v", revealed=s1e1, sources=shared),
                  Statement("z", "a", "knows", None, "v", revealed=s1, sources=(SourceRef("src"), SourceRef("other")))]
    # two lists citing src, interleaved: the first of the two seen together is the own list's S1
    interleaved = [statements[0], statements[2], statements[1]]
    for listed in (statements, statements[:2], statements[2:] + statements[:2], interleaved):
        got, want = resolve_reveals(TIMELINE, entities, explicit, listed), plain(TIMELINE, entities, explicit, listed)
        assert got == want and got[0]["src"].revealed is want[0]["src"].revealed
