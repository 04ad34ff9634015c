"""Generated universes: a tiny one for examples and tests, and large random ones for benchmarks.

Everything here produces documents in the project's own file format, so generated universes go
through the same validation as hand-written ones.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from universe.storage.regularfile import write_text_atomic
from universe.storage.store import universe_from_documents
from universe.storage.yamlfile import dump_yaml
from universe.story.snapshot import Universe

__all__ = [
    "tiny_documents", "tiny_universe", "generated_documents", "two_kind_documents", "write_documents", "STANDARD_VOCABULARY",
]

STANDARD_VOCABULARY: dict[str, Any] = {
    "kinds": {
        "character": {"label": "Character", "plural": "Characters"},
        "person": {"label": "Person", "plural": "People"},
        "location": {"label": "Location", "plural": "Locations"},
        "group": {"label": "Group", "plural": "Groups"},
        "plot": {"label": "Plot thread", "plural": "Plot threads"},
        "source": {"label": "Source", "plural": "Sources"},
    },
    "statuses": {
        "alive": {"label": "Alive", "color": "#2e7d32"},
        "infected": {"label": "Infected", "color": "#f9a825"},
        "dead": {"label": "Dead", "color": "#424242", "terminal": True},
        "unknown": {"label": "Unknown", "color": "#9e9e9e"},
    },
    "relations": {
        "friend": {"label": "friend of", "symmetric": True, "family": "social"},
        "parent": {"label": "parent of", "inverse": "child of", "family": "family"},
        "rival": {"label": "rival of", "symmetric": True, "family": "conflict"},
        "killed": {"label": "killed", "inverse": "killed by", "family": "conflict"},
        "member-of": {"label": "member of", "inverse": "has member", "family": "group"},
        "located-at": {"label": "at", "inverse": "location of", "family": "place"},
        "part-of": {"label": "part of", "inverse": "contains", "family": "place", "containment": True},
        "involved-in": {"label": "involved in", "inverse": "involves", "family": "plot"},
        "plays": {
            "label": "plays", "inverse": "played by", "family": "production",
            "subject": ["person"], "object": ["character"], "posthumous": True, "portrayal": True,
        },
        "viewing-figures": {"label": "viewing figures", "family": "real-world", "value": True},
    },
}


def tiny_documents() -> tuple[dict, dict[str, dict]]:
    """A five-character universe over two seasons, with a death, a late reveal and a theory."""
    universe = {
        "format": 1,
        "id": "tiny",
        "title": "Tiny",
        "story_time": {
            "levels": ["season", "episode"],
            "points": [
                {"id": "S1", "title": "Season 1", "points": [{"id": f"S1E{n}", "title": f"Episode {n}"} for n in (1, 2, 3)]},
                {"id": "S2", "title": "Season 2"},
            ],
        },
        **STANDARD_VOCABULARY,
    }
    facts = {
        "facts.yaml": {
            "entities": [
                {"id": "notes", "kind": "source", "name": "Notes"},
                {"id": "alice", "kind": "character", "name": "Alice", "aliases": ["Ali", {"name": "The Ghost", "revealed": "S1E3"}],
                 "status": [{"at": "S1E1", "status": "alive"}, {"at": "S1E2", "status": "dead"},
                            {"at": "S2", "status": "alive", "evidence": "fan-theory", "note": "A theory."}]},
                {"id": "bob", "kind": "character", "name": "Bob", "status": [{"at": "S1E1", "status": "alive"}]},
                {"id": "carol", "kind": "character", "name": "Carol", "status": [{"at": "S1E1", "status": "alive"}, {"at": "S1E3", "status": "infected"}]},
                {"id": "ghost", "kind": "character", "name": "Ghost", "revealed": "S1E3", "status": [{"at": "S1E3", "status": "unknown"}]},
                {"id": "dan", "kind": "person", "name": "Dan Actor"},
                {"id": "school", "kind": "location", "name": "School"},
                {"id": "town", "kind": "location", "name": "Town"},
            ],
            "statements": [
                {"subject": "alice", "relation": "friend", "object": "bob", "sources": ["notes"]},
                {"subject": "bob", "relation": "killed", "object": "alice", "from": "S1E2"},
                {"subject": "carol", "relation": "parent", "object": "bob"},
                {"subject": "ghost", "relation": "rival", "object": "carol", "from": "S1E3"},
                {"subject": "dan", "relation": "plays", "object": "alice", "from": "S1"},
                {"subject": "school", "relation": "part-of", "object": "town"},
                {"subject": "alice", "relation": "located-at", "object": "school", "from": "S1E1", "until": "S1E2"},
                {"subject": "carol", "relation": "friend", "object": "alice", "evidence": "teased", "from": "S2"},
            ],
        }
    }
    return universe, facts


def tiny_universe() -> Universe:
    """The tiny universe, loaded (see `tiny_documents`)."""
    universe, facts = tiny_documents()
    return universe_from_documents(universe, facts, name="tiny")


def generated_documents(
    entities: int = 1000,
    statements: int = 5000,
    status_changes: int | None = None,
    *,
    seasons: int = 8,
    episodes: int = 10,
    seed: int = 1,
    chunk: int = 10_000,
) -> tuple[dict, dict[str, dict]]:
    """A random universe: characters with status timelines, people, locations (a containment
    tree), groups and plots; statements between them with random spans, reveals and evidence.

    Split into fact files of at most `chunk` items each.
    """
    rng = random.Random(seed)
    points = [
        {"id": f"S{s}", "title": f"Season {s}", "points": [{"id": f"S{s}E{e}", "title": f"Episode {e}"} for e in range(1, episodes + 1)]}
        for s in range(1, seasons + 1)
    ]
    leaves = [p["id"] for season in points for p in season["points"]]
    universe = {
        "format": 1,
        "id": "generated",
        "title": f"Generated universe ({entities:,} entities)",
        "story_time": {"levels": ["season", "episode"], "points": points},
        **STANDARD_VOCABULARY,
    }
    status_changes = entities if status_changes is None else status_changes
    n_chars = max(2, int(entities * 0.7))
    n_people = max(1, int(entities * 0.1))
    n_locations = max(2, int(entities * 0.1))
    n_groups = max(1, int(entities * 0.05))
    n_plots = max(1, entities - n_chars - n_people - n_locations - n_groups - 1)
    evidence = ["canon"] * 6 + ["official", "reported", "teased", "speculation", "fan-theory"]
    ents: list[dict] = [{"id": "src", "kind": "source", "name": "Generator"}]
    ids_by_kind: dict[str, list[str]] = {}

    def add(kind: str, count: int, prefix: str) -> None:
        for n in range(count):
            entity_id = f"{prefix}-{n}"
            ids_by_kind.setdefault(kind, []).append(entity_id)
            ents.append({"id": entity_id, "kind": kind, "name": f"{prefix.title()} {n}", "aliases": [f"{prefix[0].upper()}{n}"]})

    add("character", n_chars, "char")
    add("person", n_people, "person")
    add("location", n_locations, "place")
    add("group", n_groups, "group")
    add("plot", n_plots, "plot")
    chars = ids_by_kind["character"]
    per_char: dict[int, int] = {}
    for _ in range(status_changes):
        per_char[rng.randrange(n_chars)] = per_char.get(rng.randrange(n_chars), 0) + 1
    for index, count in per_char.items():
        entity = ents[1 + index]
        cuts = sorted(rng.sample(range(len(leaves)), min(len(leaves), count + 1)))
        timeline = [{"at": leaves[cuts[0]], "status": "alive"}]
        for cut in cuts[1 : count]:
            timeline.append({"at": leaves[cut], "status": rng.choice(["infected", "alive", "unknown", "dead"]),
                             "evidence": rng.choice(evidence)})
        entity["status"] = timeline
    places = ids_by_kind["location"]
    stmts: list[dict] = []
    for n in range(1, len(places)):  # a containment tree: no cycles
        stmts.append({"subject": places[n], "relation": "part-of", "object": places[rng.randrange(n)]})
    social = ["friend", "rival", "parent", "killed"]
    while len(stmts) < statements:
        roll = rng.random()
        if roll < 0.7:
            a, b = rng.sample(chars, 2)
            statement = {"subject": a, "relation": rng.choice(social), "object": b}
        elif roll < 0.8:
            statement = {"subject": rng.choice(chars), "relation": "member-of", "object": rng.choice(ids_by_kind["group"])}
        elif roll < 0.9:
            statement = {"subject": rng.choice(chars), "relation": "located-at", "object": rng.choice(places)}
        elif roll < 0.97:
            statement = {"subject": rng.choice(chars), "relation": "involved-in", "object": rng.choice(ids_by_kind["plot"])}
        else:
            statement = {"subject": rng.choice(ids_by_kind["person"]), "relation": "plays", "object": rng.choice(chars)}
        start = rng.randrange(len(leaves))
        statement["from"] = leaves[start]
        if rng.random() < 0.3:
            statement["until"] = leaves[rng.randrange(start, len(leaves))]
        if rng.random() < 0.2:
            statement["revealed"] = leaves[rng.randrange(start, len(leaves))]
        statement["evidence"] = rng.choice(evidence)
        statement["sources"] = ["src"]
        stmts.append(statement)
    facts: dict[str, dict] = {}
    for n in range(0, len(ents), chunk):
        facts[f"entities-{n // chunk:03d}.yaml"] = {"entities": ents[n : n + chunk]}
    for n in range(0, len(stmts), chunk):
        facts[f"statements-{n // chunk:03d}.yaml"] = {"statements": stmts[n : n + chunk]}
    return universe, facts


def two_kind_documents(
    characters: int = 6_500, issues: int = 12_500, appearances: int = 100_000, *, years: int = 20, seed: int = 1,
    chunk: int = 10_000,
) -> tuple[dict, dict[str, dict]]:
    """A random two-kind universe shaped like a comic's character network: characters, the
    issues they appear in (one a month over `years` years), and appearances linking them (a
    few characters appear in most issues, most in a handful)."""
    rng = random.Random(seed)
    points = [{"id": f"Y{y}", "title": f"Year {y}", "points": [{"id": f"Y{y}M{m}", "title": f"Month {m}"} for m in range(1, 13)]}
              for y in range(1, years + 1)]
    leaves = [p["id"] for year in points for p in year["points"]]
    universe = {
        "format": 1,
        "id": "comic",
        "title": f"Generated comic ({characters:,} characters, {issues:,} issues)",
        "story_time": {"levels": ["year", "month"], "points": points},
        "kinds": {
            "character": {"label": "Character", "plural": "Characters"},
            "issue": {"label": "Issue", "plural": "Issues"},
            "source": {"label": "Source", "plural": "Sources"},
        },
        "principal_kinds": ["character"],
        "statuses": {"alive": {"label": "Alive"}, "dead": {"label": "Dead", "terminal": True}},
        "relations": {"appears-in": {"label": "appears in", "inverse": "features", "family": "appearance",
                                     "subject": ["character"], "object": ["issue"]}},
    }
    published = sorted(rng.randrange(len(leaves)) for _ in range(issues))
    ents: list[dict] = [{"id": "src", "kind": "source", "name": "Generator"}]
    ents += [{"id": f"issue-{n}", "kind": "issue", "name": f"Issue {n}", "point": leaves[published[n]]} for n in range(issues)]
    ents += [{"id": f"hero-{n}", "kind": "character", "name": f"Hero {n}", "aliases": [f"H{n}"]} for n in range(characters)]
    seen: set[tuple[int, int]] = set()
    stmts: list[dict] = []
    while len(stmts) < min(appearances, characters * issues):
        pair = (int(characters * rng.random() ** 3), rng.randrange(issues))
        if pair in seen:
            continue
        seen.add(pair)
        stmts.append({"subject": f"hero-{pair[0]}", "relation": "appears-in", "object": f"issue-{pair[1]}",
                      "from": leaves[published[pair[1]]], "sources": ["src"]})
    facts: dict[str, dict] = {}
    for n in range(0, len(ents), chunk):
        facts[f"entities-{n // chunk:03d}.yaml"] = {"entities": ents[n : n + chunk]}
    for n in range(0, len(stmts), chunk):
        facts[f"appearances-{n // chunk:03d}.yaml"] = {"statements": stmts[n : n + chunk]}
    return universe, facts


def write_documents(folder: "str | Path", universe: dict, facts: dict[str, dict]) -> Path:
    """Write documents as a universe folder (universe.yaml plus one file per fact document)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    write_text_atomic(folder / "universe.yaml", dump_yaml(universe))
    for name, doc in facts.items():
        write_text_atomic(folder / name, dump_yaml(doc))
    return folder
