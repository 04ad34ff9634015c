"""`reveals.resolve_reveals` reads the statements by column; its defaults are those of its plain
definition (written out here, statement by statement), on universes of both shapes."""

from __future__ import annotations

from dataclasses import replace

import pytest

from universe.exchange.generate import generated_documents, two_kind_documents, write_documents
from universe.storage.loader import Loader
from universe.storage.reveals import earliest, resolve_reveals


def _plain(timeline, entities, explicit, statements):
    mentioned = {e for e, entity in entities.items() if not explicit[e] and not entity.status}
    mentions = {}
    for statement in statements:
        if statement.revealed is not None:
            for end in (statement.subject, statement.object):
                if end in mentioned:
                    mentions.setdefault(end, []).append(statement.revealed)
    resolved, pending = dict(entities), []
    for entity_id, entity in entities.items():
        if explicit[entity_id]:
            continue
        found, point = earliest(c.revealed for c in entity.status)
        if not found:
            found, point = earliest(mentions.get(entity_id, ()))
        if not found:
            pending.append(entity_id)
        resolved[entity_id] = replace(entity, revealed=point)
    final = []
    for statement in statements:
        revealed = statement.revealed
        if revealed is None:
            revealed = timeline.later(resolved[statement.subject].revealed, resolved[statement.object].revealed if statement.object else None)
        if statement.spoils is not None:
            revealed = timeline.later(revealed, statement.spoils)
        final.append(statement if revealed is statement.revealed else replace(statement, revealed=revealed))
    citing = {}
    for entity in resolved.values():
        for ref in entity.sources:
            citing.setdefault(ref.source, []).append(entity.revealed)
        for change in entity.status:
            for ref in change.sources:
                citing.setdefault(ref.source, []).append(change.revealed)
    for statement in final:
        for ref in statement.sources:
            citing.setdefault(ref.source, []).append(statement.revealed)
    for entity_id in pending:  # never mentioned: first cited
        found, point = earliest(citing.get(entity_id, ()))
        if found and point is not None:
            resolved[entity_id] = replace(resolved[entity_id], revealed=point)
    return resolved, final


@pytest.mark.parametrize("documents", [
    lambda: generated_documents(300, statements=1500, status_changes=300),
    lambda: two_kind_documents(100, 200, appearances=1500),
])
def test_defaults_are_those_of_the_plain_definition(tmp_path, documents):
    universe, facts = documents()
    folder = write_documents(tmp_path / universe["id"], universe, facts)
    loader = Loader(folder)
    loaded = loader.run()
    # the entities and statements as built, before defaults: every revealed point as written
    entities = {e: replace(entity, revealed=None) for e, entity in loaded.entities.items()}
    explicit = {e: False for e in entities}
    statements = [replace(s, revealed=None) if i % 3 == 0 else s for i, s in enumerate(loaded.statements)]
    got = resolve_reveals(loaded.timeline, entities, explicit, statements)
    plain = _plain(loaded.timeline, entities, explicit, statements)
    assert got[0] == plain[0] and got[1] == plain[1]
    assert sum(s.revealed is None for s in statements) > 100
