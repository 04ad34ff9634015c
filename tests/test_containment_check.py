"""The containment-cycle check: networkx only when a cycle may exist, the same reports."""

from __future__ import annotations

import random
import subprocess
import sys

import networkx as nx

from universe.exchange.generate import generated_documents, write_documents
from universe.storage.checks import _acyclic, containment_cycles
from universe.story.model import RelationType, Statement


def test_acyclic_agrees_with_networkx_on_random_graphs():
    rng = random.Random(10)
    for _ in range(400):
        nodes = [f"n{i}" for i in range(rng.randint(1, 9))]
        edges = [(rng.choice(nodes), rng.choice(nodes)) for _ in range(rng.randint(1, 14))]
        assert _acyclic(edges) == nx.is_directed_acyclic_graph(nx.DiGraph(edges)), edges


def _report_of(pairs):
    relations = {"in": RelationType("in", "inside", containment=True), "knows": RelationType("knows", "knows")}
    statements = [Statement(id=f"s{i}", subject=a, relation=r, object=b) for i, (a, r, b) in enumerate(pairs)]
    where = [("facts.yaml", ("statements", i)) for i in range(len(pairs))]
    found = []
    containment_cycles(statements, where, relations, lambda file, path, message: found.append((file, path, message)))
    return found


def test_cycles_are_reported_and_other_relations_ignored():
    assert _report_of([("a", "in", "b"), ("b", "in", "c"), ("c", "knows", "a")]) == []
    assert sorted(_report_of([("a", "in", "b"), ("b", "in", "a"), ("c", "in", "c"), ("d", "in", "a")])) == [
        ("facts.yaml", ("statements", 1), "containment cycle: a -> b -> a"),
        ("facts.yaml", ("statements", 2), "containment cycle: c -> c"),
    ]


def test_a_cold_load_without_a_cycle_does_not_import_networkx(tmp_path):
    folder = write_documents(tmp_path / "generated-300", *generated_documents(300, statements=1500, status_changes=300))
    probe = (
        "import os, sys\nos.environ['UNIVERSE_CACHE'] = 'off'\n"
        "from universe.storage.derivedcache import load_folder\n"
        f"outcome = load_folder({str(folder)!r})\n"
        "assert not any('containment cycle' in p.message for p in outcome.problems)\n"
        "print(len(outcome.universe.statements), 'networkx' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True).stdout.split()
    assert int(out[0]) > 0 and out[1] == "False"


def test_suspicious_data_reports_what_its_plain_definition_reports(tmp_path):
    """The lifetime checks skip statements neither of whose ends has a status; the warnings are
    those of checking every statement (the definition, written out plainly here)."""
    from universe.storage.assembly import assemble
    from universe.storage.checks import suspicious_data
    from universe.storage.loader import Loader
    from universe.story.evidence import Evidence

    folder = write_documents(tmp_path / "generated-400", *generated_documents(400, statements=2000, status_changes=400))
    seen = {}

    def keep(loader, doc, universe_file, fact_docs):
        seen["loader"] = loader
        return assemble(loader, doc, universe_file, fact_docs)

    import universe.storage.loader as loader_module
    original, loader_module.assemble = loader_module.assemble, keep
    try:
        universe = Loader(folder).run()
    finally:
        loader_module.assemble = original
    loader = seen["loader"]
    statements = list(universe.statements)
    where = [(s.origin, ("statements", i)) for i, s in enumerate(statements)]
    entity_where = {e: (entity.origin, ("entities", i)) for i, (e, entity) in enumerate(universe.entities.items())}
    found = []
    suspicious_data(universe.entities, statements, where, entity_where, loader.statuses, loader.relations,
                    lambda *args: found.append(args))
    expected = []
    for entity in universe.entities.values():
        for index, (before, after) in enumerate(zip(entity.status, entity.status[1:])):
            if loader.statuses[before.status].terminal and not loader.statuses[after.status].terminal and after.evidence <= Evidence.FAN_THEORY:
                file, path = entity_where[entity.id]
                expected.append((file, path + ("status", index + 1), f"{entity.id}: status goes from {before.status!r} back to {after.status!r} at {after.at.id} on {after.evidence.value} evidence only", "warning"))
    lifetimes = {}
    for entity in universe.entities.values():
        if entity.status:
            death = next((c for c in entity.status if loader.statuses[c.status].terminal), None)
            lifetimes[entity.id] = (entity.status[0].at, death.at if death else None, death.status if death else None)
    for statement, (file, path) in zip(statements, where):
        rtype = loader.relations[statement.relation]
        if rtype.posthumous or statement.object is None:
            continue
        for end in (statement.subject, statement.object):
            if end not in lifetimes:
                continue
            born, died, how = lifetimes[end]
            start, until = statement.span.start, statement.span.until
            if start is not None and died is not None and start.start > died.end:
                expected.append((file, path + ("from",), f"{statement.relation!r} from {start.id} starts after {end} is {how} ({died.id})", "warning"))
            elif until is not None and until.end < born.start:
                expected.append((file, path + ("until",), f"{statement.relation!r} until {until.id} ends before {end} first appears ({born.id})", "warning"))
    assert found == expected and len(expected) > 10
