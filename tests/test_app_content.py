"""What the pages say about the bundled universe, All of Us Are Dead, at a spoiler horizon."""

import re

import pytest
from apptest import BUNDLED, plain

SURVIVORS = ["Nam On-jo", "Lee Su-hyeok", "Yang Dae-su", "Jang Ha-ri", "Park Mi-jin", "Seo Hyo-ryung"]


@pytest.fixture(autouse=True)
def bundled(data_root):
    data_root(BUNDLED)


def test_at_s1e3_cheong_sans_page_says_alive_and_nothing_of_episode_11(explorer):
    at = explorer.open("wiki", as_of="S1E3", entity="lee-cheong-san")
    text = explorer.text(at)
    assert at.title[0].value == r"Lee Cheong\-san"
    assert ":green-badge[Alive]" in text
    assert "S1E11" not in text and "S1E12" not in text
    assert "Episode 11" not in text and not re.search("presumed", text, re.IGNORECASE)
    assert not re.search(r"\bS1E([4-9]|1\d)\b", text)  # nothing from a later episode, charts and graph included


def test_at_s1e12_cheong_san_is_presumed_dead(explorer):
    text = explorer.text(explorer.open("wiki", as_of="S1E12", entity="lee-cheong-san"))
    assert "Presumed dead" in text


def test_at_s1e12_the_survivors_table_lists_the_survivors(explorer):
    at = explorer.open("survivors", as_of="S1E12")
    table = at.dataframe[0].value.set_index("name")
    for name in SURVIVORS:
        assert table.at[name, "status_label"] == "Alive", name
    assert table.at["Choi Nam-ra", "status_label"].startswith("Hybrid")


def test_the_survivors_page_never_goes_beyond_the_horizon(explorer):
    at = explorer.open("survivors", as_of="S1E3", at="S1E12")
    assert any("Ignored the unknown story point 'S1E12'" in plain(w.value) for w in at.warning)
    box = at.selectbox(key="survivors.at")
    assert box.value == "S1E3" and "S1E4" not in box.options
    events = at.dataframe[-1].value
    assert set(events["point"]) <= {"S1E1", "S1E2", "S1E3"}


def test_the_survivors_filters_live_in_the_url(explorer):
    at = explorer.open("survivors", as_of="S1E12", status="alive", group="class-2-5")
    names = set(at.dataframe[0].value["name"])
    assert {"Nam On-jo", "Lee Su-hyeok", "Yang Dae-su"} <= names
    assert "Choi Nam-ra" not in names and "Jang Ha-ri" not in names
    at.multiselect(key="survivors.status").set_value(["alive", "hybrid"]).run()
    assert at.query_params["status"] == "alive,hybrid"
    assert "Choi Nam-ra" in set(at.dataframe[0].value["name"])


def test_selecting_a_survivor_opens_their_wiki_page(explorer):
    at = explorer.open("survivors", as_of="S1E3", evidence="canon")
    row = list(at.dataframe[0].value["name"]).index("Lee Cheong-san")
    at.session_state["survivors.table"] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    at.run()
    assert at.title[0].value == r"Lee Cheong\-san"
    assert dict(at.query_params) == {"as_of": "S1E3", "evidence": "canon", "entity": "lee-cheong-san"}


@pytest.mark.parametrize("query", ["Chung-san", "cheongsna", "suhyeok", "On jo"])
def test_wiki_search_finds_names_aliases_and_typos(explorer, query):
    at = explorer.open("wiki", as_of="S1E3")
    at.text_input(key="wiki.search").input(query).run()
    links = [e.proto.label for e in explorer.elements(at) if type(e).__name__ == "PageLink"]
    assert links, query
    assert any(name in links[0] for name in ("Cheong", "Su\\-hyeok", "On\\-jo"))


def test_a_search_lives_in_the_url(explorer):
    at = explorer.open("wiki", as_of="S1E3", q="Chung-san")
    assert at.text_input(key="wiki.search").value == "Chung-san"
    links = [e.proto.label for e in explorer.elements(at) if type(e).__name__ == "PageLink"]
    assert links[0] == r"Lee Cheong\-san"
    at.text_input(key="wiki.search").input("On-jo").run()
    assert at.query_params["q"] == "On-jo"


def test_the_wiki_index_opens_a_page_when_a_row_is_selected(explorer):
    at = explorer.open("wiki", as_of="S1E3")
    frame = at.dataframe[0].value
    row = list(frame["name"]).index("Lee Cheong-san")
    at.session_state["wiki.index.character"] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    at.run()
    assert at.query_params["entity"] == "lee-cheong-san"
    assert at.title[0].value == r"Lee Cheong\-san"


@pytest.mark.parametrize("entity", ["nobody-at-all", "../../etc", "<img src=x onerror=alert(1)>"])
def test_an_unknown_entity_shows_not_found_with_a_search(explorer, entity):
    at = explorer.open("wiki", as_of="S1E3", entity=entity)
    assert not at.exception
    assert at.title[0].value == "Not found"
    assert at.text_input(key="wiki.search") is not None


def test_a_hidden_entity_reads_exactly_like_an_unknown_one(explorer):
    from universe.storage.store import load_universe

    universe = load_universe(BUNDLED / "all-of-us-are-dead")
    early, late = universe.as_of("S1E1"), universe.as_of("S1E12")
    hidden = sorted(set(late.entities) - set(early.entities))[0]
    hidden_page = explorer.open("wiki", as_of="S1E1", entity=hidden)
    unknown_page = explorer.open("wiki", as_of="S1E1", entity="zz-unknown")
    assert hidden_page.title[0].value == unknown_page.title[0].value == "Not found"
    assert hidden_page.warning[0].value.replace(hidden.replace("-", "\\-"), "X") == unknown_page.warning[0].value.replace("zz\\-unknown", "X")
    # the search box starts with the id, and finds nothing hidden
    assert universe.entities[hidden].name.replace("-", "\\-") not in explorer.text(hidden_page)


def test_a_location_page_shows_who_was_there(explorer):
    text = explorer.text(explorer.open("wiki", as_of="everything", entity="hyosan-high-school"))
    assert "Who was here" in text and "Contains" in text


def test_a_person_page_shows_their_roles(explorer):
    text = explorer.text(explorer.open("wiki", as_of="S1E3", entity="yoon-chan-young"))
    assert "Roles" in text and r"Lee Cheong\-san" in text


def test_the_overview_shows_counts_main_characters_changes_and_claims(explorer):
    at = explorer.open(as_of="S1E3")
    text = explorer.text(at)
    assert "Main characters" in text and "What changed in Season 1 · Episode 3" in text
    assert "Real-world facts" in text and re.search(r":(violet|blue|orange|gray|red)-badge\[(reported|official|teased)", text)
    assert [m.label for m in at.metric][0] == "Characters"


def test_connections_explain_each_hop_in_words(explorer):
    at = explorer.open("connections", as_of="S1E12", **{"from": "nam-on-jo", "to": "nam-so-ju"})
    text = explorer.text(at)
    assert r"Nam On\-jo is child of Nam So\-ju" in text or r"Nam So\-ju is parent of Nam On\-jo" in text


def test_connections_respect_the_horizon(explorer):
    ends = {"from": "nam-on-jo", "to": "lee-cheong-san"}
    early = explorer.open("connections", as_of="S1E1", evidence="canon", **ends)
    late = explorer.open("connections", as_of="everything", **ends)
    early_text, late_text = explorer.text(early), explorer.text(late)
    assert r"Nam On\-jo is friend of Lee Cheong\-san" in early_text
    assert not re.search(r"\bS1E([2-9]|1\d)\b", early_text)
    assert re.search(r"\bS1E1[12]\b", late_text)  # the late view does know about the ending


def test_the_timeline_steps_through_the_episodes(explorer):
    at = explorer.open("timeline", as_of="S1E6", point="S1E3")
    assert at.subheader[0].value == "Season 1 · Episode 3"
    at.button(key="timeline.next").click().run()
    assert at.subheader[0].value == "Season 1 · Episode 4"
    assert at.query_params["point"] == "S1E4"
    at.button(key="timeline.previous").click().run().button(key="timeline.previous").click().run()
    assert at.query_params["point"] == "S1E2"
    table = at.dataframe[0].value
    assert list(table["title"])[-1] == "Season 1 · Episode 6"  # up to the horizon, no further
