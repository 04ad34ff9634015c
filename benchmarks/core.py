"""Benchmark of the core: load + validate, snapshot and graph build on a generated universe.

Run with `make bench` (or `python -m benchmarks.core --entities 20000 --statements 100000`).
Prints figures beside a floor measured in the same run: reading and parsing the same bytes with
the fastest YAML parser available (libyaml through PyYAML's CSafeLoader). It is not a test.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

from universe.exchange.generate import generated_documents, write_documents

_CHILD = textwrap.dedent(
    """
    import json, resource, sys, time
    start = time.perf_counter()
    mode, folder = sys.argv[1], sys.argv[2]
    if mode == "floor":
        import yaml
        from pathlib import Path
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        t0 = time.perf_counter()
        for path in sorted(Path(folder).glob("*.yaml")):
            yaml.load(path.read_bytes(), Loader=loader)
        elapsed = time.perf_counter() - t0
        result = {"seconds": elapsed}
    else:
        from universe.storage.store import load_universe
        t0 = time.perf_counter()
        universe = load_universe(folder)
        elapsed = time.perf_counter() - t0
        result = {"seconds": elapsed, "entities": len(universe.entities), "statements": len(universe.statements)}
        if mode == "all":
            from universe.queries.graph import build_graph
            horizon = universe.timeline.leaves[len(universe.timeline.leaves) // 2]
            snaps, graphs = [], []
            for _ in range(5):
                t = time.perf_counter(); snap = universe.as_of(horizon, "canon"); snaps.append(time.perf_counter() - t)
            for _ in range(5):
                t = time.perf_counter(); full = universe.as_of(); snaps.append(time.perf_counter() - t)
            for _ in range(3):
                t = time.perf_counter(); G = build_graph(full); graphs.append(time.perf_counter() - t)
            result.update(snapshot_mid=sorted(snaps[:5])[2], snapshot_all=sorted(snaps[5:])[2],
                          graph=sorted(graphs)[1], nodes=G.number_of_nodes(), edges=G.number_of_edges(),
                          visible_mid=len(snap.statements))
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))
    """
)


def child(mode: str, folder: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", _CHILD, mode, str(folder)], check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entities", type=int, default=20_000)
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--status-changes", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each timing (the median is shown)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "generated"
        t0 = time.perf_counter()
        write_documents(folder, *generated_documents(args.entities, args.statements, args.status_changes))
        size = sum(p.stat().st_size for p in folder.glob("*.yaml"))
        print(f"generated {args.entities:,} entities, {args.statements:,} statements, "
              f"{args.status_changes:,} status changes: {size / 1e6:.1f} MB of YAML in {time.perf_counter() - t0:.1f} s")
        floors = [child("floor", folder) for _ in range(args.repeat)]
        loads = [child("load", folder) for _ in range(args.repeat)]
        full = child("all", folder)
    floor = statistics.median(r["seconds"] for r in floors)
    load = statistics.median(r["seconds"] for r in loads)
    print(f"floor: libyaml parse of the same bytes     {floor:7.2f} s   (peak {max(r['peak_mb'] for r in floors):,.0f} MB)")
    print(f"cold load + validate                       {load:7.2f} s   = {load / floor:.2f}x the floor   (aim: < 3x and < 5 s)")
    print(f"peak memory of load + snapshot + graph     {full['peak_mb']:7,.0f} MB  (aim: < 1,500 MB)")
    print(f"snapshot as_of(mid-story, canon)           {full['snapshot_mid'] * 1000:7.0f} ms  ({full['visible_mid']:,} statements visible; aim: < 300 ms)")
    print(f"snapshot as_of(everything)                 {full['snapshot_all'] * 1000:7.0f} ms  = {full['snapshot_all'] / floor:.3f}x the floor")
    print(f"graph build (everything)                   {full['graph'] * 1000:7.0f} ms  ({full['nodes']:,} nodes, {full['edges']:,} edges)")


if __name__ == "__main__":
    main()
