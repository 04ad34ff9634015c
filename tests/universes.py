"""Universes for tests: a hostile one (markup in every story string) besides the generated ones."""

from __future__ import annotations

import copy

from universe.exchange.generate import tiny_documents

__all__ = ["HOSTILE", "hostile_documents", "IMAGE", "LINK", "labelled_documents"]

#: Strings that would run script or make links if a page trusted them.
HOSTILE = {
    "img": "<img src=x onerror=alert(1)>",
    "script": "</script><script>alert(1)</script>",
    "link": "[x](javascript:alert(1))",
}


def hostile_documents() -> tuple[dict, dict[str, dict]]:
    """The tiny universe with every story string replaced by markup that must stay text."""
    universe, facts = copy.deepcopy(tiny_documents())
    universe["id"] = "hostile"
    universe["title"] = f"Hostile {HOSTILE['img']}"
    universe["description"] = f"{HOSTILE['link']} {HOSTILE['script']}"
    universe["kinds"]["character"]["plural"] = f"Characters {HOSTILE['img']}"
    universe["relations"]["friend"]["label"] = f"friend {HOSTILE['link']}"
    universe["statuses"]["alive"]["label"] = f"Alive {HOSTILE['img']}"
    entities = facts["facts.yaml"]["entities"]
    for entity in entities:
        entity["name"] = f"{entity['name']} {HOSTILE['img']}"
    alice = next(e for e in entities if e["id"] == "alice")
    alice["aliases"] = [HOSTILE["script"], {"name": HOSTILE["link"], "revealed": "S1E3"}]
    alice["description"] = f"{HOSTILE['link']} {HOSTILE['script']} *bold* # heading"
    alice["attributes"] = {"motto": HOSTILE["img"]}
    for change in alice["status"]:
        change["note"] = HOSTILE["script"]
    for statement in facts["facts.yaml"]["statements"]:
        statement["note"] = f"{HOSTILE['link']} {HOSTILE['img']}"
    facts["facts.yaml"]["statements"].append(
        {"subject": "notes", "relation": "viewing-figures", "value": HOSTILE["link"], "date": "2024-01", "evidence": "reported"}
    )
    return universe, facts


#: Markdown that would fetch an image from outside, or make a link, if a widget trusted it.
IMAGE = "![x](http://example.com/pwn.png)"
LINK = "[click](javascript:alert(1))"


def labelled_documents() -> tuple[dict, dict]:
    """The tiny universe with Markdown in every vocabulary label and name a widget may show."""
    universe, facts = copy.deepcopy(tiny_documents())
    universe["id"] = "labels"
    universe["title"] = f"Labels {IMAGE}"
    for kind in universe["kinds"].values():
        kind.update(label=f"{kind['label']} {IMAGE}", plural=f"{kind['plural']} {IMAGE} {LINK}", description=IMAGE)
    for status in universe["statuses"].values():
        status.update(label=f"{status['label']} {IMAGE}", description=LINK)
    for relation in universe["relations"].values():
        relation.update(label=f"{relation['label']} {IMAGE}", description=IMAGE)
        if "inverse" in relation:
            relation["inverse"] = f"{relation['inverse']} {LINK}"
    for season in universe["story_time"]["points"]:
        season["title"] = f"{season['title']} {IMAGE}"
        for episode in season.get("points", ()):
            episode["title"] = f"{episode['title']} {LINK}"
    for entity in facts["facts.yaml"]["entities"]:
        entity["name"] = f"{entity['name']} {IMAGE}"
    return universe, facts
