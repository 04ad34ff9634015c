"""Benchmark of the exports at the size of the data, beside networkx writing the same graph.

Run with ``python -m benchmarks.export [--entities 20000 --statements 100000]``. A generated
universe of that size is written to a temporary folder once; then each measurement runs in a
fresh process that loads it (through the derived cache, so loading costs little) and does one
thing: our export in each format (`universe export`: the graph built from the snapshot, then
written), or networkx writing the same nodes and edges (names, kinds, weights, relation) with
``nx.write_graphml`` / ``nx.write_gexf``, the graph built before the clock starts. For each it
prints seconds, the peak resident memory of the process while it ran (sampled every 5 ms; the
loaded universe included), the peak of what Python allocated for it (tracemalloc, in a second
untimed run), and the file's size, with the ratios to networkx.

Goals (issue 10): within 5x of networkx's time and memory, and a peak under 500 MB.
It is not a test: figures on a shared machine vary; the ratios are what to read.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
from pathlib import Path

_CHILD = "--child"


def _rss() -> int:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


class _Peak:
    """The highest resident memory seen while the block runs."""

    def __enter__(self):
        self.peak, self._stop = _rss(), threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()
        return self

    def _watch(self):
        while not self._stop.wait(0.005):
            self.peak = max(self.peak, _rss())

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, _rss())


def _networkx_graph(snapshot, directed: bool):
    import networkx as nx

    G = nx.MultiDiGraph() if directed else nx.MultiGraph()
    for entity in snapshot.entities.values():
        G.add_node(entity.id, name=entity.name, kind=entity.kind)
    for statement in snapshot.statements:
        if statement.object is not None:
            G.add_edge(statement.subject, statement.object, key=statement.id, relation=statement.relation,
                       weight=1.0 if statement.weight is None else statement.weight)
    return G


def child(folder: str, task: str, out: str) -> None:
    """One measurement, in a fresh process; prints a JSON line."""
    import networkx as nx

    from universe.exchange.export import export
    from universe.storage.store import load_universe

    snapshot = load_universe(folder).as_of(None)
    directed = not all(r.symmetric for r in snapshot.universe.relations.values() if not r.value)
    G = _networkx_graph(snapshot, directed) if task.startswith("networkx") else None
    def run():
        if task == "networkx-graphml":
            nx.write_graphml(G, out)
        elif task == "networkx-gexf":
            nx.write_gexf(G, out)
        else:
            export(snapshot, task, out)

    before = _rss()
    with _Peak() as peak:
        started = time.perf_counter()
        run()
        seconds = time.perf_counter() - started
    size = sum(p.stat().st_size for p in Path(out).iterdir()) if Path(out).is_dir() else os.path.getsize(out)
    tracemalloc.start()  # again, counting what Python allocates for the task (slower: not timed)
    run()
    allocated = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(json.dumps({"task": task, "seconds": seconds, "peak": peak.peak, "above": peak.peak - before,
                      "allocated": allocated, "bytes": size}))


def measure(folder: Path, task: str, out: Path) -> dict:
    done = subprocess.run([sys.executable, "-m", "benchmarks.export", _CHILD, str(folder), task, str(out)],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entities", type=int, default=20_000)
    parser.add_argument("--statements", type=int, default=100_000)
    args = parser.parse_args()

    from universe.exchange.generate import generated_documents, write_documents
    from universe.storage.store import load_universe

    with tempfile.TemporaryDirectory() as tmp:
        folder = write_documents(Path(tmp) / "generated", *generated_documents(args.entities, args.statements))
        started = time.perf_counter()
        load_universe(folder)  # fills the derived cache for the children
        print(f"{args.entities:,} entities, {args.statements:,} statements; first load {time.perf_counter() - started:.1f} s")
        rows = {}
        for task in ("networkx-graphml", "graphml", "networkx-gexf", "gexf", "json", "nodelink", "csv"):
            out = Path(tmp) / (f"out-{task}" + ("" if task == "csv" else ".out"))
            rows[task] = measure(folder, task, out)
        print("seconds: the export's time; peak MB: the process's resident peak while it ran (the loaded universe "
              "included); alloc MB: the peak of what Python allocated for the export (tracemalloc); file MB")
        print(f"{'':18} {'seconds':>8} {'peak MB':>8} {'alloc MB':>9} {'file MB':>8}   ratio to networkx (time, alloc, size)")
        for task, row in rows.items():
            base = rows.get(f"networkx-{task}")
            ratio = ""
            if base:
                ratio = (f"   {row['seconds'] / base['seconds']:.1f}x, {row['allocated'] / max(base['allocated'], 1):.1f}x, "
                         f"{row['bytes'] / base['bytes']:.1f}x")
            print(f"{task:18} {row['seconds']:8.2f} {row['peak'] / 2**20:8.0f} {row['allocated'] / 2**20:9.0f} "
                  f"{row['bytes'] / 2**20:8.1f}{ratio}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == _CHILD:
        child(*sys.argv[2:5])
    else:
        main()
