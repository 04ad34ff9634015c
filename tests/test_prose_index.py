"""The prose spoiler check finds names by their words in one pass over each text (an index by
first word, word count and written form), not one match per name: many names sharing a first
word, names in any case, and common words are found exactly as a match per name finds them."""

from __future__ import annotations

import copy

from universe.exchange.generate import tiny_documents
from universe.storage import prose
from universe.storage.store import universe_from_documents


def universe_of(extra: list[dict], titles: dict[str, str] | None = None):
    universe, facts = copy.deepcopy(tiny_documents())
    kind = facts["facts.yaml"]["entities"][1]["kind"]
    for entity in extra:
        facts["facts.yaml"]["entities"].append({"kind": kind, **entity})
    for point in universe["story_time"]["points"]:
        if titles and point["id"] in titles:
            point["title"] = titles[point["id"]]
    return universe_from_documents(universe, facts)


def messages(universe) -> list[str]:
    return [m.message for m in prose.later_mentions(universe)]


def test_many_names_sharing_a_first_word_are_each_found_once_where_written():
    heroes = [{"id": f"night-{n}", "name": f"Night Warden {n} Prime" if n % 2 else f"Night Falcon Nr{n}", "revealed": "S2"}
              for n in range(300)]
    text = "Before Night Warden 7 Prime, Night Falcon Nr10 and Night  Warden 9 Prime there was night."
    found = messages(universe_of(heroes + [{"id": "reader", "name": "Reader", "description": text}]))
    named = sorted(m.split("names ")[1].split(" (")[0] for m in found if m.startswith("reader:"))
    assert named == ["'Night Falcon Nr10'", "'Night Warden 7 Prime'", "'Night Warden 9 Prime'"]


def test_a_numbered_name_whose_lower_case_has_more_words_is_still_found():
    # "İ" in lower case is "i" and a combining dot, which is no letter: "İstanbul" folded is two
    # words. The name was matched over the folded name's words and never found.
    universe = universe_of([
        {"id": "unit", "name": "Unit 731 İstanbul", "revealed": "S2"},
        {"id": "reader", "name": "Reader", "description": "Then Unit 731 İstanbul arrived."},
    ])
    assert any(m.startswith("reader:") and "(unit)" in m for m in messages(universe))


def test_a_name_written_in_lower_case_elsewhere_is_a_common_word_however_many_share_its_words():
    others = [{"id": f"the-{n}", "name": f"The Hybrids {n}x", "revealed": "S2"} for n in range(50)]
    universe = universe_of(others + [
        {"id": "hybrids", "name": "The Hybrids", "revealed": "S2"},
        {"id": "reader", "name": "Reader", "description": "The Hybrids came; the hybrids were many."},
    ])
    assert not [m for m in messages(universe) if "(hybrids)" in m]


def test_a_story_point_title_the_prose_writes_in_lower_case_is_a_common_word():
    titles = {"S2": "The End"}
    named = universe_of([{"id": "reader", "name": "Reader", "description": "It was The End."}], titles)
    assert any("'The End'" in m for m in messages(named))
    common = universe_of([{"id": "reader", "name": "Reader", "description": "It was The End."},
                          {"id": "other", "name": "Other", "description": "Not the end of it."}], titles)
    assert not any("'The End'" in m for m in messages(common))


def test_a_title_ending_in_a_sign_is_still_checked_for_lower_case_use():
    titles = {"S2": "The End!"}
    common = universe_of([{"id": "reader", "name": "Reader", "description": "It was The End!"},
                          {"id": "other", "name": "Other", "description": "Not the end! Not yet."}], titles)
    assert not any("'The End!'" in m for m in messages(common))
    named = universe_of([{"id": "reader", "name": "Reader", "description": "It was The End!"}], titles)
    assert any("'The End!'" in m for m in messages(named))
