"""`reveals.resolve_reveals` reads the statements by column; its defaults are those of its plain
definition (`plainreveals`, statement by statement), on universes of both shapes."""

from __future__ import annotations

from dataclasses import replace

import pytest
from plainreveals import plain_defaults

from universe.exchange.generate import generated_documents, two_kind_documents, write_documents
from universe.storage.loader import Loader
from universe.storage.reveals import resolve_reveals


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
    plain = plain_defaults(loaded.timeline, entities, explicit, statements)
    assert got[0] == plain[0] and got[1] == plain[1]
    assert sum(s.revealed is None for s in statements) > 100
