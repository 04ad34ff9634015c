"""The bundled universe, All of Us Are Dead: the model's queries on real data."""

import json

import pytest

from universe.queries.profile import profile_record
from universe.storage.store import check_universe, data_dir, load_universe
from universe.story.evidence import Evidence

SURVIVORS = ["nam-on-jo", "lee-su-hyeok", "yang-dae-su", "jang-ha-ri", "park-mi-jin", "seo-hyo-ryung"]


@pytest.fixture(scope="module")
def aouad():
    return load_universe(data_dir() / "all-of-us-are-dead")


def test_the_bundled_universe_has_no_errors():
    errors = [p for p in check_universe(data_dir() / "all-of-us-are-dead") if p.is_error]
    assert errors == []


@pytest.mark.parametrize(
    "entity, point, status",
    [
        ("nam-on-jo", "S1E12", "alive"),
        ("choi-nam-ra", "S1E5", "alive"),
        ("choi-nam-ra", "S1E6", "hybrid"),
        ("choi-nam-ra", "S1E12", "hybrid"),
        ("lee-cheong-san", "S1E10", "alive"),
        ("lee-cheong-san", "S1E11", "presumed-dead"),
        ("lee-cheong-san", "S1E12", "presumed-dead"),
        ("yoon-gwi-nam", "S1E5", "hybrid"),
        ("yoon-gwi-nam", "S1E12", "dead"),
        *((name, "S1E12", "alive") for name in SURVIVORS),
    ],
)
def test_status_at(aouad, entity, point, status):
    assert aouad.as_of(point, "canon").status_at(entity) == status


def test_survivors_at_the_end_of_season_1(aouad):
    snapshot = aouad.as_of("S1E12", "canon")
    alive = {e.id for e, _ in snapshot.survivors(statuses=["alive"])}
    assert set(SURVIVORS) <= alive
    hybrids = {e.id for e, _ in snapshot.survivors(statuses=["hybrid"])}
    assert "choi-nam-ra" in hybrids


def test_cheong_sans_return_is_kept_as_teased(aouad):
    everything = aouad.as_of(None, "fan-theory")
    about = everything.statements_about("lee-cheong-san") + everything.statements_about("yoon-chan-young")
    teased = [s for s in about if s.evidence is Evidence.TEASED]
    assert teased, "a teased statement about Cheong-san's possible return"
    assert all(s.revealed is not None and s.revealed.end >= aouad.timeline.parse("S1E11").end for s in teased)
    canon = aouad.as_of(None, "canon")
    assert canon.status_at("lee-cheong-san") == "presumed-dead"


@pytest.mark.parametrize("level", [e.value for e in Evidence])
def test_at_s1e3_cheong_sans_page_says_nothing_of_episode_11(aouad, level):
    snapshot = aouad.as_of("S1E3", level)
    page = profile_record(snapshot, "lee-cheong-san")
    assert page["status"] == "alive"
    text = json.dumps(page).lower()
    for spoiler in ("presumed", "s1e11", "episode 11", "recap-e11", "bomb", "sacrific", "bitten", "infected", "ending"):
        assert spoiler not in text, spoiler


@pytest.mark.parametrize(
    "name, entity_id",
    [
        ("Soo-hyuk", "lee-su-hyeok"),
        ("su-hyeok", "lee-su-hyeok"),
        ("Chung-san", "lee-cheong-san"),
        ("cheong san", "lee-cheong-san"),
        ("Lomon", "lomon"),
        ("Park Solomon", "lomon"),
        ("Kyung-soo", "han-gyeong-su"),
        ("Wu-jin", "jang-woo-jin"),
    ],
)
def test_names_and_romanisations_find_entities(aouad, name, entity_id):
    assert aouad.as_of().find(name).id == entity_id


def test_the_universe_is_as_big_as_promised(aouad):
    snapshot = aouad.as_of()
    characters = snapshot.of_kind("character")
    assert len(characters) >= 30
    assert all(c.status for c in characters), [c.id for c in characters if not c.status]
    kinds = {e.id: e.kind for e in snapshot.entities.values()}
    typed = [s for s in snapshot.statements if s.object and kinds[s.subject] == kinds[s.object] == "character"]
    assert len(typed) >= 40
    assert sum(1 for s in typed if s.span.start is not None) >= 40
    locations = snapshot.of_kind("location")
    assert len(locations) >= 15
    contained = {s.subject for s in snapshot.statements if snapshot.universe.relations[s.relation].containment}
    assert len(contained & {l.id for l in locations}) >= 12
    episodes = [p for p in aouad.timeline.leaves if p.parent == "S1"]
    assert len(episodes) == 12
    assert aouad.timeline.find("S2") is not None


def test_actors_play_characters(aouad):
    page = profile_record(aouad.as_of("S1E1"), "nam-on-jo")
    assert "Park Ji-hu" in [row["name"] for row in page["played_by"]]


def test_conflicting_claims_stand_side_by_side(aouad):
    claims = aouad.as_of().claims()
    values = " | ".join(c.value for c in claims)
    assert "474.26" in values and "560" in values
    seed = [c for c in claims if any(r.source == "seed-article" for r in c.sources)]
    assert any("2024" in c.value for c in seed), "the seed's early-2024 speculation is kept"
    assert any(c.evidence is Evidence.SPECULATION for c in seed)


def test_every_seed_fact_cites_the_seed(aouad):
    cited = [s for s in aouad.statements if any(r.source == "seed-article" for r in s.sources)]
    cited += [c for e in aouad.entities.values() for c in e.status if any(r.source == "seed-article" for r in c.sources)]
    assert len(cited) >= 15
