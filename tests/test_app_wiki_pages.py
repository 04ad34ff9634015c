"""Wiki pages like a fan wiki's: relations grouped by family (the universe's own) and by the other
entity, each entity once with all its relations; first and last appearance and the number of
episodes from ``appears-in`` statements; cast credits in words; a hub's page stays short."""

from __future__ import annotations

import copy

import pytest
from apptest import Explorer, plain
from universes import HOSTILE

from universe.exchange.generate import tiny_documents, write_documents

HUB_FRIENDS = 240


def wiki_documents() -> tuple[dict, dict]:
    """The tiny universe with episodes as works Alice and Carol appear in, a second credit for
    Dan (Season 2, announced), and a hub with hundreds of friends and a few rivals."""
    universe, facts = copy.deepcopy(tiny_documents())
    universe["id"] = "pages"
    universe["kinds"]["work"] = {"label": "Work", "plural": "Works"}
    universe["relations"]["appears-in"] = {"label": "appears in", "inverse": "features", "family": "production",
                                           "posthumous": True, "object": ["work"]}
    entities = facts["facts.yaml"]["entities"]
    statements = facts["facts.yaml"]["statements"]
    for number in (1, 2, 3):
        entities.append({"id": f"ep{number}", "kind": "work", "name": f"Episode {number} (the work)"})
    for who, episodes in (("alice", (1, 2)), ("carol", (1, 3))):
        statements += [{"subject": who, "relation": "appears-in", "object": f"ep{n}", "from": f"S1E{n}",
                        "until": f"S1E{n}"} for n in episodes]
    statements.append({"subject": "dan", "relation": "plays", "object": "alice", "from": "S2", "evidence": "official"})
    entities.append({"id": "hub", "kind": "character", "name": "Hub", "status": [{"at": "S1E1", "status": "alive"}]})
    for number in range(HUB_FRIENDS):
        entities.append({"id": f"fan-{number}", "kind": "character", "name": f"Fan {number:03d}"})
        statements.append({"subject": "hub", "relation": "friend", "object": f"fan-{number}"})
    statements += [{"subject": "hub", "relation": "rival", "object": f"fan-{n}"} for n in range(3)]
    return universe, facts


@pytest.fixture
def folder(tmp_path, data_root):
    write_documents(tmp_path / "pages", *wiki_documents())
    data_root(tmp_path)
    return tmp_path / "pages"


def clean(at):
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


def markdown(at) -> list[str]:
    return [plain(m.value) for m in at.markdown]


def links(at) -> list[str]:
    return [plain(e.proto.label) for e in Explorer.elements(at, sidebar=False) if type(e).__name__ == "PageLink"]


def credit(at, name: str) -> str:
    """The credits written right after the infobox's link to `name` (one horizontal row)."""
    elements = Explorer.elements(at, sidebar=False)
    for index, element in enumerate(elements):
        if type(element).__name__ == "PageLink" and plain(element.proto.label) == name:
            following = elements[index + 1] if index + 1 < len(elements) else None
            if type(following).__name__ == "Markdown" and plain(following.value).startswith("("):
                return plain(following.value)
    raise AssertionError(f"no credit after a link to {name!r}")


def test_relations_come_by_family_in_the_universes_order_each_entity_once(explorer, folder):
    at = clean(explorer.open("wiki", entity="bob", as_of="S1E3"))
    headings = [m for m in markdown(at) if m.startswith("#### ")]
    assert headings == ["#### Social · 1", "#### Family · 1"]  # friend (social) is declared before parent
    alice = [m for m in markdown(at) if "friend of" in m]
    assert len(alice) == 1 and "killed" in alice[0]  # Alice once, with both relations
    assert not any(m.startswith("**killed**") and "friend of" not in m for m in markdown(at))


def test_the_infobox_shows_first_and_last_appearance_and_the_count(explorer, folder):
    at = clean(explorer.open("wiki", entity="carol", as_of="S1E3"))
    text = "\n".join(markdown(at))
    assert "**First appearance** Season 1 · Episode 1" in text
    assert "**Last appearance** Season 1 · Episode 3" in text
    assert "**Episodes** 2" in text
    assert "Episode 1 (the work)" not in links(at)  # summed up in the infobox, not listed one by one
    early = "\n".join(markdown(clean(explorer.open("wiki", entity="carol", as_of="S1E2"))))
    assert "**Episodes** 1" in early and "Last appearance" not in early  # nothing past the horizon


def test_a_page_without_appearances_says_nothing_of_them(explorer, folder):
    text = "\n".join(markdown(clean(explorer.open("wiki", entity="bob", as_of="S1E3"))))
    assert "appearance" not in text


def test_cast_credits_read_naturally(explorer, folder):
    at = clean(explorer.open("wiki", entity="alice", as_of="everything"))
    assert credit(at, "Dan Actor") == "(Season 1; Season 2, announced)"
    actor = clean(explorer.open("wiki", entity="dan", as_of="everything"))
    assert credit(actor, "Alice") == "(Season 1; Season 2, announced)"
    early = clean(explorer.open("wiki", entity="alice", as_of="S1E3"))
    assert credit(early, "Dan Actor") == "(Season 1)"  # the announcement is not known yet


def test_a_hub_page_stays_short_with_counts_top_entries_and_the_rest_on_demand(explorer, folder):
    at = clean(explorer.open("wiki", entity="hub", as_of="S1E3"))
    assert f"#### Social · {HUB_FRIENDS:,}" in markdown(at)
    counts = [plain(c.value) for c in at.caption if "friend of" in plain(c.value)]
    assert counts == [f"friend of {HUB_FRIENDS:,} · rival of 3"]
    fans = [label for label in links(at) if label.startswith("Fan ")]
    assert len(fans) <= 12 + 60  # the top entries (and backlinks' own cap), not all 240
    assert "Fan 000" in fans  # the fan who is also a rival comes first: more relations
    more = next(t for t in at.toggle if t.label.startswith("Show the other"))
    more.set_value(True).run()
    assert len([label for label in links(clean(at)) if label.startswith("Fan ")]) > len(fans)


def test_hostile_credits_stay_text(explorer, tmp_path, data_root):
    universe, facts = wiki_documents()
    for entity in facts["facts.yaml"]["entities"]:
        if entity["id"] == "dan":
            entity["name"] = f"Dan {HOSTILE['link']}"
    write_documents(tmp_path / "pages", universe, facts)
    data_root(tmp_path)
    at = clean(explorer.open("wiki", entity="alice", as_of="everything"))
    labels = [e.proto.label for e in Explorer.elements(at, sidebar=False) if type(e).__name__ == "PageLink"]
    assert any(label.startswith("Dan \\[x\\]\\(javascript") for label in labels)
