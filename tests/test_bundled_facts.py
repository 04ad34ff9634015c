"""The bundled universe's facts as a fan wiki has them (issue 13): the six corrections, prose
that never speaks of a later episode, appearances per episode, roles, abilities, fights,
family, and the last state only where the story says so. Every test reads the real data."""

import re

import pytest

from universe import Evidence, Rank, load_universe

MAIN = [
    "nam-on-jo", "lee-cheong-san", "lee-su-hyeok", "choi-nam-ra", "yoon-gwi-nam", "lee-na-yeon",
    "lee-byeong-chan", "nam-so-ju", "jang-ha-ri", "yang-dae-su", "park-mi-jin", "seo-hyo-ryung",
    "han-gyeong-su", "jang-woo-jin", "min-eun-ji",
]


@pytest.fixture(scope="module")
def aouad():
    return load_universe()


def statement(universe, statement_id):
    (found,) = [s for s in universe.statements if s.id == statement_id]
    return found


def cited(item):
    return {ref.source for ref in item.sources}


def visible_text(snapshot, entity_id):
    entity = snapshot.entity(entity_id)
    notes = [c.note for c in entity.status if c.note]
    notes += [s.note for s in snapshot.statements_about(entity_id) if s.note]
    return " ".join([entity.text, *notes])


# -- the six corrections, and the two "also" items ----------------------------------------------


def test_the_474_million_hours_are_netflixs_17_day_total_of_2022_02_16(aouad):
    (claim,) = [s for s in aouad.statements if s.value and "474.26" in s.value]
    assert claim.date == "2022-02-16"
    assert claim.rank is Rank.NORMAL
    assert "17 days" in claim.value
    assert "sputniknews-three-weeks" in cited(claim)
    source = aouad.entity("sputniknews-three-weeks")
    assert source.url == (
        "https://sputniknews.com/20220216/"
        "all-of-us-are-dead-rules-supreme-on-netflix-for-three-consecutive-weeks-1093200759.html"
    )
    values = [s.value for s in aouad.statements if s.relation == "viewing-figures"]
    assert any("560" in v and "28 days" in v for v in values), "the 28-day figure stands beside it"


def test_cheong_san_confesses_at_the_rooftop_campfire_in_episode_8(aouad):
    confession = statement(aouad, "cheong-san-confesses-to-on-jo")
    assert confession.span.start.id == "S1E8"
    assert "asianwiki-recap-e8" in cited(confession)
    assert aouad.entity("asianwiki-recap-e8").url == "https://asianwiki.co/recap-all-of-us-are-dead-episode-8.html"
    assert "campfire" in confession.note
    assert "cheong-san-confesses-to-on-jo" in {s.id for s in aouad.as_of("S1E8", "canon").statements}
    assert "cheong-san-confesses-to-on-jo" not in {s.id for s in aouad.as_of("S1E7").statements}
    kiss = statement(aouad, "cheong-san-kisses-on-jo-goodbye")
    assert kiss.span.start.id == "S1E11" and "kiss" in kiss.note.lower()


@pytest.mark.parametrize("actor, role, source", [
    ("ha-seung-ri", "jang-ha-ri", "kstartrend-ha-seung-ri"),
    ("kim-bo-yoon", "seo-hyo-ryung", "kdramapal-kim-byung-chul"),
    ("lee-chae-eun", "hee-su", "kdramapal-kim-byung-chul"),
])
def test_the_actors_once_called_uncertain_are_confirmed(aouad, actor, role, source):
    (plays,) = [s for s in aouad.statements if s.subject == actor and s.relation == "plays" and s.object == role]
    assert source in cited(plays)
    assert aouad.entity(source).url.startswith("https://")
    for text in [plays.note or "", aouad.entity(actor).text]:
        assert "uncertain" not in text.lower() and "only" not in text.lower()


def test_2025_07_23_is_when_netflix_announced_production(aouad):
    season_2 = aouad.entity("all-of-us-are-dead-season-2").text
    assert "On 2025-07-23 Netflix announced" in season_2
    assert "announced that production" in aouad.timeline.find("S2").note
    everything = " ".join(e.text for e in aouad.entities.values())
    everything += " ".join((s.note or "") + (s.value or "") for s in aouad.statements)
    assert "production started on 2025-07-23" not in everything
    assert "production started 2025-07-23" not in aouad.timeline.find("S2").note


@pytest.mark.parametrize("actor, character, name", [
    ("lee-min-jae", "yong-maru", "Maru"),
    ("kim-si-eun", "ju-ran", "Ju-ran"),
    ("yoon-ga-i", "jong-a", "Jong-a"),
    ("roh-jae-won", "han-du-seok", "Han Du-seok"),
])
def test_the_new_season_2_characters_are_hidden_at_s1e12_and_shown_at_s2(aouad, actor, character, name):
    late, s2 = aouad.as_of("S1E12"), aouad.as_of("S2")
    assert character not in late.entities
    assert name not in late.entity(actor).text  # the actor's page does not name the role yet
    assert s2.entity(character).revealed.id == "S2"
    assert s2.find(name).id == character
    plays = [s for s in s2.statements if s.subject == actor and s.relation == "plays"]
    assert [s.object for s in plays] == [character]
    assert "daum-s2-casting" in cited(s2.entity(character)) or "daum-s2-casting" in cited(plays[0])


def test_maru_is_on_jos_senior_and_the_others_are_not_university_seniors(aouad):
    assert "senior" in aouad.entity("yong-maru").text
    for character in ("ju-ran", "jong-a"):
        assert "senior" not in aouad.entity(character).text
    assert aouad.entity("daum-s2-casting").url == "https://v.daum.net/v/20250723080753223"


def test_the_youth_behaviour_comment_is_dated_2022_and_about_season_1(aouad):
    (claim,) = [s for s in aouad.statements if s.value and s.value.startswith("Youth behaviour")]
    assert claim.date == "2022-02"
    assert claim.subject == "all-of-us-are-dead-season-1"
    assert "Korea Herald" in claim.note


# -- spoiler-clean prose ------------------------------------------------------------------------


def passages(universe):
    """(where, reveal point, text) of every description part, note, status note and claim."""
    for entity in universe.entities.values():
        for index, part in enumerate(entity.description):
            yield f"{entity.id} description[{index}]", part.revealed or entity.revealed, part.text
        if entity.note:
            yield f"{entity.id} note", entity.revealed, entity.note
        for change in entity.status:
            if change.note:
                yield f"{entity.id} status {change.at.id}", change.revealed, change.note
    for item in universe.statements:
        for field, text in (("note", item.note), ("value", item.value)):
            if text:
                yield f"{item.id} {field}", item.revealed, text


def mentioned_points(universe, text):
    found = [m.group(0) for m in re.finditer(r"\bS\d+(?:E\d+)?\b", text)]
    found += [f"S{n}" for n in re.findall(r"\bseasons?\s+(\d+)", text, re.IGNORECASE)]
    for numbers in re.findall(r"\bepisodes?\s+(\d+(?:\s*(?:,|to|and|or|-|–)\s*\d+)*)", text, re.IGNORECASE):
        found += [f"S1E{n}" for n in re.findall(r"\d+", numbers)]
    return [p for p in (universe.timeline.find(label) for label in found) if p is not None]


def leaks(universe):
    """Mentions of a story point that ends after the passage's reveal point, or of a name or
    alias of an entity revealed after it: the strictest reading of the prose check."""
    def end(point):
        return 0 if point is None else point.end

    names = []
    for entity in universe.entities.values():
        if entity.kind == "source":
            continue
        names.append((entity.name, entity.revealed))
        names += [(alias.name, alias.revealed or entity.revealed) for alias in entity.aliases]
    patterns = [(re.compile(r"(?<![\w-])" + re.escape(n) + r"(?![\w-])", re.IGNORECASE), n, r) for n, r in names]
    found = []
    for where, revealed, text in passages(universe):
        for point in mentioned_points(universe, text):
            if point.end > end(revealed):
                found.append(f"{where} (at {revealed}): mentions {point.id}")
        for pattern, name, name_revealed in patterns:
            if end(name_revealed) > end(revealed) and pattern.search(text):
                found.append(f"{where} (at {revealed}): names {name!r}, revealed at {name_revealed}")
    return found


def test_no_passage_note_or_claim_mentions_a_later_point_or_a_later_name(aouad):
    assert leaks(aouad) == []


@pytest.mark.parametrize("entity, point, spoilers", [
    ("min-eun-ji", "S1E6", ["Yong-nam", "fire", "bus", "camp"]),
    ("choi-nam-ra", "S1E6", ["strength", "roof", "smell", "hear"]),
    ("choi-nam-ra", "S1E7", ["strength", "throws"]),
    ("nam-so-ju", "S1E11", ["ribbon"]),
    ("school-rooftop", "S1E7", ["campfire", "helicopter", "SOS", "soldier"]),
    ("assemblywoman-eun-hee", "S1E3", ["episodes 3 to 6", "quarantine camp", "resignation"]),
    ("hee-su", "S1E3", ["after episode 3"]),
    ("lee-na-yeon", "S1E1", ["welfie"]),
    ("lee-cheong-san", "S1E6", ["confess", "kiss", "campfire"]),
    ("the-rooftop-escape", "S1E7", ["campfire", "SOS", "airlifted"]),
    ("halfbie", "S1E5", ["strength", "healing", "Nam-ra"]),
])
def test_pages_say_nothing_of_later_episodes(aouad, entity, point, spoilers):
    text = visible_text(aouad.as_of(point), entity)
    for spoiler in spoilers:
        assert spoiler.lower() not in text.lower(), spoiler


def test_the_leak_check_catches_a_planted_leak(aouad, tmp_path):
    import shutil

    copy = shutil.copytree(aouad.path, tmp_path / "all-of-us-are-dead")
    facts = copy / "characters.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace(
        "      - text: Bullying victim of Gwi-nam and his gang.",
        "      - text: Bullying victim of Gwi-nam; she turns Yong-nam in episode 7.",
    ), encoding="utf-8")
    found = leaks(load_universe(copy))
    assert any("mentions S1E7" in f for f in found) and any("'Yong-nam'" in f for f in found)


# -- last state only where the story says so ------------------------------------------------------


@pytest.mark.parametrize("entity, lost_at", [
    ("hee-su", "S1E4"),
    ("ho-cheol", "S1E9"),
    ("seon-mu", "S1E12"),
    ("jin-sus-mother", "S1E5"),
    ("min-eun-ji", "S1E10"),
    ("cheong-sans-mother", "S1E12"),
])
def test_characters_the_sources_lose_are_unknown_from_there(aouad, entity, lost_at):
    snapshot = aouad.as_of("S1E12", "canon")
    assert snapshot.status_at(entity) == "unknown"
    change = snapshot.status_change_at(entity)
    assert change.at.id == lost_at and change.note and change.sources


def test_no_one_is_alive_at_the_end_by_default_at_any_evidence_level(aouad):
    survivors = {"nam-on-jo", "lee-su-hyeok", "yang-dae-su", "jang-ha-ri", "park-mi-jin", "seo-hyo-ryung",
                 "hee-sus-baby", "song-jae-ik", "assemblywoman-eun-hee", "u-sin"}
    for level in ("canon", "fan-theory"):
        alive = {e.id for e, _ in aouad.as_of("S1E12", level).survivors(statuses=["alive"])}
        assert alive == survivors, level


def test_hee_su_is_seen_from_episode_2_and_is_not_alive_at_the_end(aouad):
    assert aouad.as_of("S1E3").status_at("hee-su") == "alive"
    assert aouad.as_of("S1E12").status_at("hee-su") != "alive"
    assert aouad.entity("hee-su").revealed.id == "S1E2"


# -- appearances per episode ----------------------------------------------------------------------


def appearances(snapshot, entity_id):
    return sorted(
        (snapshot.entities[s.object].point for s in snapshot.statements_about(entity_id)
         if s.relation == "appears-in" and s.subject == entity_id and snapshot.entities[s.object].point is not None
         and s.object.startswith("s1e")),
        key=lambda p: p.start,
    )


@pytest.mark.parametrize("entity", MAIN)
def test_each_main_character_has_sourced_appearances_per_episode(aouad, entity):
    canon = appearances(aouad.as_of(None, "canon"), entity)
    assert len(canon) >= 2, entity
    for item in aouad.statements:
        if item.subject != entity or item.relation != "appears-in" or not item.object.startswith("s1e"):
            continue
        episode = aouad.entity(item.object).point
        assert item.span.start == item.span.until == episode
        assert item.revealed == episode  # seen at that episode, never before
        assert item.sources and all(aouad.entity(s).url for s in cited(item))
        assert item.evidence in (Evidence.CANON, Evidence.SPECULATION)
        if item.evidence is Evidence.SPECULATION:
            assert "Inferred" in item.note


def test_appearances_give_first_and_last_episodes(aouad):
    everything = aouad.as_of(None, "canon")
    first_last = {e: (appearances(everything, e)[0].id, appearances(everything, e)[-1].id) for e in MAIN}
    assert first_last["nam-on-jo"] == ("S1E1", "S1E12")
    assert first_last["nam-so-ju"] == ("S1E1", "S1E11")  # shown in the first episode, not the third
    assert first_last["lee-cheong-san"] == ("S1E1", "S1E11")
    assert first_last["jang-woo-jin"] == ("S1E10", "S1E12")
    assert len(appearances(everything, "nam-on-jo")) >= 11
    early = aouad.as_of("S1E3")
    assert [p.id for p in appearances(early, "lee-cheong-san")] == ["S1E1", "S1E2", "S1E3"]


# -- roles, names, abilities, fights and family ----------------------------------------------------


@pytest.mark.parametrize("entity, relation, target, point", [
    ("choi-nam-ra", "has-role", "class-president", "S1E1"),
    ("jang-ha-ri", "has-role", "archery-club-captain", "S1E5"),
    ("lee-su-hyeok", "has-role", "former-delinquent", "S1E1"),
    ("lee-byeong-chan", "has-role", "science-teacher", "S1E1"),
    ("nam-so-ju", "has-role", "firefighter-paramedic", "S1E1"),
    ("choi-nam-ra", "has-ability", "heightened-hearing", "S1E7"),
    ("choi-nam-ra", "has-ability", "superhuman-strength", "S1E8"),
    ("yoon-gwi-nam", "has-ability", "rapid-healing", "S1E9"),
    ("hee-su", "parent", "hee-sus-baby", "S1E3"),
    ("jang-ha-ri", "sibling", "jang-woo-jin", "S1E10"),
])
def test_roles_abilities_and_family_are_statements_seen_from_their_episode(aouad, entity, relation, target, point):
    (found,) = [s for s in aouad.statements if s.subject == entity and s.relation == relation and s.object == target]
    assert found.revealed.id == point and found.sources
    start = aouad.timeline.find(point).start
    if start > 0:  # hidden one episode earlier
        before = aouad.timeline.leaves[start - 1]
        assert found.id not in {s.id for s in aouad.as_of(before).statements}


def test_fights_and_kills_are_relations(aouad):
    throw = statement(aouad, "nam-ra-throws-gwi-nam-off-the-roof")
    assert (throw.subject, throw.relation, throw.object, throw.span.start.id) == ("choi-nam-ra", "attacked", "yoon-gwi-nam", "S1E9")
    stab = statement(aouad, "cheong-san-stabs-gwi-nams-eye")
    assert (stab.subject, stab.relation, stab.object, stab.span.start.id) == ("lee-cheong-san", "attacked", "yoon-gwi-nam", "S1E5")
    kills = {(s.subject, s.object) for s in aouad.statements if s.relation == "killed"}
    assert {("yoon-gwi-nam", "principal"), ("choi-nam-ra", "jang-woo-jin"), ("yoon-gwi-nam", "jeong-min-jae")} <= kills
    infections = {(s.subject, s.object) for s in aouad.statements if s.relation == "infected"}
    assert ("han-gyeong-su", "cheong-sans-mother") in infections


@pytest.mark.parametrize("name, entity", [
    ("남온조", "nam-on-jo"), ("이수혁", "lee-su-hyeok"), ("최남라", "choi-nam-ra"), ("윤귀남", "yoon-gwi-nam"),
    ("이나연", "lee-na-yeon"), ("장하리", "jang-ha-ri"), ("서효령", "seo-hyo-ryung"), ("용마루", "yong-maru"),
])
def test_hangul_names_find_the_characters(aouad, name, entity):
    assert aouad.as_of().find(name).id == entity


def test_every_added_source_has_an_address(aouad):
    sources = [e for e in aouad.entities.values() if e.kind == "source"]
    missing = [e.id for e in sources if not e.url and e.id not in {"seed-article", "github-netflix-sql", "github-spanish-catalogue"}]
    assert missing == []


def test_teasers_of_where_the_story_goes_wait_for_the_end_of_the_first_season(aouad):
    """'The virus reaches Japan' hints at what follows the first season: not shown while watching it."""
    assert "virus-reaches-japan" not in aouad.as_of("S1E11").entities
    assert "virus-reaches-japan" in aouad.as_of("S1E12").entities
    assert "cheong-sans-possible-return" not in aouad.as_of("S1E10").entities
