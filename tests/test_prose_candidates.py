"""The prose check files a name only when some text writes its first word (in any case): the
mentions are those found with every name filed, on random names and texts (regex signs, "İ" whose
lower case is two words, "ß" whose folded case is "ss", names that begin other names, names at
the edge of a word, numbered names in any case); a universe without prose gathers nothing."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from universe.storage import prose
from universe.story.model import Alias, Entity, Passage, Statement, StatusChange
from universe.story.timeline import Timeline

TIMELINE = Timeline.build(["season", "episode"], [
    {"id": "S1", "title": "Season 1", "points": [{"id": "S1E1", "title": "Pilot"}, {"id": "S1E2", "title": "The End"}]},
    {"id": "S2", "title": "Season 2", "points": [{"id": "S2E1", "title": "Episode 1"}]},
])
POINTS = list(TIMELINE.points)
WORDS = ["Night", "night", "NIGHT", "Warden", "İstanbul", "istanbul", "Straße", "STRASSE", "strasse", "Unit", "731",
         "2-5", "Class", "O'Brien", "O", "Brien", "a.b", "(x)", "x", "Mr.", "Mr", "C++", "Ab", "ab", "The", "End", "S1E2",
         "s01e02", "Episode", "Season", "2", "Pilot", "Ωmega", "ωmega"]
SEPARATORS = [" ", "  ", "\n", ", ", "-", ".", ""]


def phrase(draw, size):
    words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=size))
    out = words[0]
    for word in words[1:]:
        out += draw(st.sampled_from(SEPARATORS)) + word
    return out


@st.composite
def universes(draw):
    entities = {}
    for index in range(draw(st.integers(1, 10))):
        name = phrase(draw, 3)
        aliases = tuple(Alias(phrase(draw, 2), draw(st.one_of(st.none(), st.sampled_from(POINTS))))
                        for _ in range(draw(st.integers(0, 2))))
        description = tuple(Passage(phrase(draw, 8), draw(st.one_of(st.none(), st.sampled_from(POINTS))))
                            for _ in range(draw(st.integers(0, 2))))
        status = tuple(StatusChange(f"e{index}", draw(st.sampled_from(POINTS)), "alive", note=phrase(draw, 5) if draw(st.booleans()) else None)
                       for _ in range(draw(st.integers(0, 1))))
        entities[f"e{index}"] = Entity(f"e{index}", "thing", name, aliases=aliases, description=description,
                                       revealed=draw(st.one_of(st.none(), st.sampled_from(POINTS))), status=status,
                                       note=phrase(draw, 4) if draw(st.booleans()) else None)
    ids = list(entities)
    statements = [Statement(f"s{n}", draw(st.sampled_from(ids)), "knows", draw(st.sampled_from(ids)),
                            revealed=draw(st.one_of(st.none(), st.sampled_from(POINTS))),
                            note=phrase(draw, 5) if draw(st.booleans()) else None)
                  for n in range(draw(st.integers(0, 5)))]
    return entities, statements


def every_name(timeline, entities, tokens):
    """Every name and alias, whatever the prose writes (what `_findable` leaves out cannot be found)."""
    for entity in entities.values():
        yield entity.name, entity, entity.revealed
        for alias in entity.aliases:
            yield alias.name, entity, timeline.later(entity.revealed, alias.revealed)


@settings(max_examples=500, deadline=None)
@given(universes())
def test_names_filed_by_the_words_the_prose_writes_are_found_as_with_every_name_filed(monkeypatch_universe):
    entities, statements = monkeypatch_universe
    got = prose.mentions(TIMELINE, entities, statements)
    findable = prose._findable
    prose._findable = every_name
    try:
        want = prose.mentions(TIMELINE, entities, statements)
    finally:
        prose._findable = findable
    assert got == want


def test_a_name_is_found_by_its_first_word_in_any_case_and_across_signs():
    late = TIMELINE.parse("S2E1")
    entities = {
        "obrien": Entity("obrien", "thing", "O'Brien", revealed=late),
        "unit": Entity("unit", "thing", "Unit 731 İstanbul", revealed=late),
        "strasse": Entity("strasse", "thing", "Straße 12", revealed=late),
        "reader": Entity("reader", "thing", "Reader", description=(Passage("Then O'Brien met UNIT 731 İstanbul at STRASSE 12."),)),
    }
    found = {m.message.split("(")[-2].split(")")[0] for m in prose.mentions(TIMELINE, entities, [])}
    assert found == {"obrien", "unit", "strasse"}


def test_a_universe_without_prose_gathers_no_name_and_no_label(monkeypatch):
    def refuse(*args):
        raise AssertionError("gathered")

    monkeypatch.setattr(prose, "_findable", refuse)
    monkeypatch.setattr(prose, "_point_labels", refuse)
    entities = {f"e{n}": Entity(f"e{n}", "thing", f"Name {n}", revealed=POINTS[-1]) for n in range(50)}
    statements = [Statement("s", "e1", "knows", "e2")]
    assert prose.mentions(TIMELINE, entities, statements) == []
