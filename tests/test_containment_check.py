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
