"""The Overview's queries, made to answer without an index of every entity's statements or the
changes of every story point, give exactly what their plain definitions give."""

from __future__ import annotations

import pytest

from universe.exchange.generate import generated_documents, tiny_universe, two_kind_documents
from universe.queries.changes import changes_by_point, latest_changes
from universe.queries.summary import main_characters
from universe.storage.store import universe_from_documents


def _main_characters_by_definition(snapshot, limit, kinds):
    """The entities of `kinds` with the most visible relations (portrayals aside), ties by name."""
    relations = snapshot.universe.relations
    ranked = [(entity, sum(1 for s in snapshot.relations_of(entity.id) if not relations[s.relation].portrayal))
              for entity in snapshot.of_kind(*kinds)]
    ranked.sort(key=lambda pair: (-pair[1], pair[0].name.casefold()))
    return ranked[:limit]


def _latest_by_definition(snapshot):
    changed = [c for c in changes_by_point(snapshot) if not c.is_empty]
    return changed[-1] if changed else None


@pytest.fixture(scope="module")
def universes():
    generated = universe_from_documents(*generated_documents(400, statements=2_000, status_changes=400), name="generated")
    two_kinds = universe_from_documents(*two_kind_documents(60, 120, appearances=900, years=3), name="two kinds")
    return [tiny_universe(), generated, two_kinds]


def _snapshots(universe):
    points = universe.timeline.points
    for horizon in [None, points[0].id, points[len(points) // 2].id, points[-1].id]:
        for evidence in ("canon", "fan-theory"):
            yield universe.as_of(horizon, evidence)


def test_main_characters_are_those_with_the_most_relations(universes):
    for universe in universes:
        kinds = {e.kind for e in universe.entities.values()}
        for snapshot in _snapshots(universe):
            for kind in [universe.principal, *sorted(kinds)]:
                wanted = (kind,) if isinstance(kind, str) else tuple(kind)
                for limit in (1, 8, 10_000):
                    assert main_characters(snapshot, limit=limit, kind=kind) == _main_characters_by_definition(snapshot, limit, wanted)


def test_a_statement_from_an_entity_to_itself_counts_once():
    universe, facts = generated_documents(30, statements=60, status_changes=0)
    statements = next(doc["statements"] for doc in facts.values() if doc.get("statements"))
    loop = next(dict(s) for s in statements if s.get("relation") in ("rival", "killed"))
    loop["object"] = loop["subject"]
    statements.append(loop)
    snapshot = universe_from_documents(universe, facts, name="loop").as_of(None)
    assert any(s.object == s.subject for s in snapshot.statements)
    kinds = tuple(sorted({e.kind for e in snapshot.entities.values()}))
    assert main_characters(snapshot, limit=100, kind=kinds) == _main_characters_by_definition(snapshot, 100, kinds)


def test_the_latest_changes_are_the_last_point_where_anything_changed(universes):
    seen = 0
    for universe in universes:
        for snapshot in _snapshots(universe):
            latest = latest_changes(snapshot)
            assert latest == _latest_by_definition(snapshot)
            seen += latest is not None
    assert seen > 0
