"""Benchmark of the importers on the real datasets, and what the core shows of what they import.

Run with ``python -m benchmarks.importers`` (datasets from ``../shared/datasets``, or
``--datasets PATH``; ``--synthetic 1000,10000,100000`` sizes of generated edge lists).
For each dataset it times reading the files into a network, building the documents, writing them
with validation (a full load) and renaming into place, and a cold load of the result, beside a
baseline measured in the same run on the same files: ``pandas.read_csv`` for CSV, ``json.load``
for JSON, splitting the lines for the Stanford GraphBase file. Then, for Game of Thrones, the most
central characters per season and the Louvain communities, checked against networkx on the raw
files. Everything is written under a temporary folder. It is not a test.

Then a generated two-kind network (``--network 5000,19000`` nodes, five links a node: a comic's
characters and issues linked by appearances, see ``benchmarks.comicnet``), each step a whole
process with its peak memory: ``pandas.read_csv`` + ``nx.Graph`` of the same files (the
baseline), ``universe import csv``, ``universe check`` and ``universe show NAME``, cold
(``UNIVERSE_CACHE=off``) and warm; ratios against the baseline of the same run, and the growth
between sizes beside n log n. ``--only-network`` measures that alone.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx
import pandas as pd

from benchmarks.comicnet import measure_network
from benchmarks.figures import growth
from universe.exchange.importers import Dataset, ImportOptions, build_documents, read_csv_lists, read_nodelink, read_sgb
from universe.queries.graph import build_graph, centrality, character_graph, simple_graph
from universe.storage.store import load_universe

ROOT = Path(__file__).resolve().parent.parent


def timed(function, repeats: int):
    """(median seconds, last result) of `repeats` calls."""
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def datasets(root: Path) -> list[dict]:
    got = root / "got_tv_seasons" / "data"
    sw = root / "starwars_episodes" / "networks"
    lm = root / "lesmis_complete_chapters"
    return [
        {
            "id": "got", "title": "Game of Thrones",
            "read": lambda: read_csv_lists(str(got / "got-s{slice}-edges.csv"), str(got / "got-s{slice}-nodes.csv")),
            "baseline": lambda: [pd.read_csv(p) for p in sorted(got.glob("got-s*-*.csv"))],
            "options": ImportOptions(title="Game of Thrones", slices="season",
                                     dataset=Dataset(credit="Andrew Beveridge and Michael Chemers", licence="CC BY-NC-SA 4.0")),
        },
        {
            "id": "star-wars", "title": "Star Wars",
            "read": lambda: read_nodelink(str(sw / "starwars-episode-{slice}-interactions-allCharacters.json")),
            "baseline": lambda: [json.loads(p.read_text(encoding="utf-8")) for p in sorted(sw.glob("starwars-episode-*-interactions-allCharacters.json"))],
            "options": ImportOptions(title="Star Wars", slices="episode", title_case=True,
                                     dataset=Dataset(credit="Evelina Gabasova", licence="CC BY 4.0")),
        },
        {
            "id": "les-miserables", "title": "Les Misérables (SGB)",
            "read": lambda: read_sgb(lm / "jean-complete.dat"),
            "baseline": lambda: (lm / "jean-complete.dat").read_text(encoding="utf-8").splitlines(),
            "options": ImportOptions(title="Les Misérables", slices="chapter", relation="appears-with",
                                     dataset=Dataset(credit="Michal Ginsburg, after Donald Knuth", licence="CC BY 4.0")),
        },
        {
            "id": "les-miserables-csv", "title": "Les Misérables (Gephi CSV)",
            "read": lambda: read_csv_lists(lm / "parsed_data" / "jean-complete-edge.csv", lm / "parsed_data" / "jean-complete-node.csv",
                                           columns=__import__("universe.exchange.importers", fromlist=["Columns"]).Columns(time="Label")),
            "baseline": lambda: [pd.read_csv(lm / "parsed_data" / n) for n in ("jean-complete-edge.csv", "jean-complete-node.csv")],
            "options": ImportOptions(title="Les Misérables", slices="chapter", relation="appears-with",
                                     dataset=Dataset(credit="Michal Ginsburg", licence="CC BY 4.0")),
        },
    ]


def run_import(spec: dict, folder: Path, repeats: int) -> dict:
    baseline, _ = timed(spec["baseline"], repeats)
    read, network = timed(spec["read"], repeats)
    build, documents = timed(lambda: build_documents(network, spec["id"], spec["options"]), repeats)
    target = folder / spec["id"]
    write, report = timed(lambda: documents.write(target, force=True), repeats)
    load, universe = timed(lambda: load_universe(target), repeats)
    return {"title": spec["title"], "baseline": baseline, "read": read, "build": build, "write": write, "load": load,
            "report": report, "universe": universe}


def print_import(row: dict) -> None:
    report, total = row["report"], row["read"] + row["build"] + row["write"]
    print(f"\n{row['title']}: {report.entities:,} entities, {report.relations:,} relations, {report.story_points} story points")
    for note in report.notes:
        print(f"  note: {note}")
    print(f"  {'baseline (same files)':<28}{row['baseline'] * 1000:9.1f} ms")
    for stage in ("read", "build", "write"):
        label = {"read": "read files -> network", "build": "build documents", "write": "write + validate + rename"}[stage]
        print(f"  {label:<28}{row[stage] * 1000:9.1f} ms   {row[stage] / row['baseline']:7.1f}x baseline")
    print(f"  {'import, total':<28}{total * 1000:9.1f} ms   {total / row['baseline']:7.1f}x baseline")
    print(f"  {'cold load of the result':<28}{row['load'] * 1000:9.1f} ms")


def synthetic(folder: Path, edges: int, seasons: int = 8, seed: int = 1) -> tuple[Path, Path]:
    """A generated edge list per season in the GoT shape (upper-case ids, weights, repeats)."""
    rng = random.Random(seed)
    characters = max(10, edges // 10)
    base = folder / f"synthetic-{edges}"
    base.mkdir(parents=True, exist_ok=True)
    for season in range(1, seasons + 1):
        rows = ["Source,Target,Weight,Season"]
        for _ in range(edges // seasons):
            a, b = rng.sample(range(characters), 2)
            rows.append(f"CHARACTER_{a},CHARACTER_{b},{rng.randint(1, 50)},{season}")
        (base / f"s{season}-edges.csv").write_text("\r\n".join(rows) + "\r\n", encoding="utf-8")
    return base, base / "s{slice}-edges.csv"


def print_scaling(folder: Path, sizes: list[int], repeats: int) -> None:
    print("\nGenerated edge lists (8 seasons, ids CHARACTER_n, weights, ~1 repeat in 20):")
    print(f"  {'edges':>8} {'pandas':>9} {'read':>9} {'build':>9} {'write+validate':>15} {'total':>9} {'x pandas':>9}")
    previous = None
    for size in sizes:
        base, pattern = synthetic(folder, size)
        baseline, _ = timed(lambda: [pd.read_csv(p) for p in sorted(base.glob("*.csv"))], repeats)
        read, network = timed(lambda: read_csv_lists(str(pattern)), repeats)
        build, documents = timed(lambda: build_documents(network, "synthetic", ImportOptions(slices="season")), 1)
        write, _ = timed(lambda: documents.write(folder / "synthetic", force=True), 1)
        total = read + build + write
        growth = "" if previous is None else f"  time x{total / previous[1]:.1f} for size x{size / previous[0]:.0f}"
        print(f"  {size:>8,} {baseline * 1000:8.0f}ms {read * 1000:8.0f}ms {build * 1000:8.0f}ms {write * 1000:14.0f}ms "
              f"{total * 1000:8.0f}ms {total / baseline:8.1f}x{growth}")
        previous = (size, total)


def season_graph(universe, season: str) -> nx.MultiDiGraph:
    """Characters and the relations holding in `season` (those with a link in it).

    A copy, not `G.subgraph(nodes)`: a subgraph view iterates its nodes in set order, which
    changes with the hash seed, and Louvain's result depends on node order."""
    G = nx.MultiDiGraph(character_graph(build_graph(universe.as_of(season), holding_only=True)))
    G.remove_nodes_from([n for n in list(G) if G.degree(n) == 0])
    return G


def print_thrones(universe, got: Path) -> None:
    names = {e.id: e.name for e in universe.entities.values()}
    print("\nGame of Thrones, most central characters per season (relations holding in the season):")
    agree = True
    for n in range(1, 9):
        G = season_graph(universe, f"S{n}")
        top = {m: sorted(centrality(G, m).items(), key=lambda kv: (-kv[1], kv[0]))[:5] for m in ("degree", "pagerank")}
        print(f"  S{n} ({G.number_of_nodes()} characters, {G.number_of_edges()} relations)")
        for measure, ranked in top.items():
            print(f"     {measure:<9} " + ", ".join(f"{names[i]} {score:.3f}" for i, score in ranked))
        raw = nx.from_pandas_edgelist(pd.read_csv(got / f"got-s{n}-edges.csv"), "Source", "Target", "Weight")
        raw_top = sorted(nx.pagerank(raw, weight="Weight").items(), key=lambda kv: (-kv[1], kv[0]))[:5]
        ours = [universe.entity(i).attributes["dataset id"] for i, _ in top["pagerank"]]
        agree = agree and ours == [key for key, _ in raw_top]
    print(f"  PageRank top 5 equal to networkx on the raw files, every season: {'yes' if agree else 'NO'}")
    print("\nGame of Thrones, Louvain communities (weighted, seed=1), the four largest, leaders by weighted degree:")
    for season in [f"S{n}" for n in range(1, 9)] + [None]:
        G = season_graph(universe, season) if season else character_graph(build_graph(universe.as_of()))
        H = simple_graph(G)
        communities = sorted(nx.community.louvain_communities(H, weight="weight", seed=1), key=len, reverse=True)
        strength = dict(H.degree(weight="weight"))
        parts = []
        for community in communities[:4]:
            leaders = sorted(community, key=lambda i: (-strength[i], i))[:3]
            parts.append(f"{len(community)}: " + "/".join(names[i] for i in leaders))
        print(f"  {season or 'all':<4} {len(communities):>2} communities; " + "; ".join(parts))


def print_top(universe, title: str) -> None:
    names = {e.id: e.name for e in universe.entities.values()}
    H = simple_graph(character_graph(build_graph(universe.as_of())))
    strength = sorted(H.degree(weight="weight"), key=lambda kv: -kv[1])[:5]
    print(f"\n{title}, strongest characters (weights summed over all slices): "
          + ", ".join(f"{names[i]} {w:g}" for i, w in strength))


def print_network(sizes: list[int], results: list[dict], links: list[int]) -> None:
    """The two-kind network's steps as whole processes, beside pandas + networkx in the same run."""
    load = os.getloadavg()
    print(f"\nTwo-kind network (a third characters, two thirds issues, linked by appearances, a Year column; "
          f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}).")
    print("Whole processes, median of the repeats: wall s | CPU s | peak MB, and ours / baseline (wall, CPU, peak).")
    baseline = "pandas + networkx"
    for size, result, count in zip(sizes, results, links):
        print(f"  {size:,} nodes, {count:,} links (show: {result['hero']!r})")
        base = result[baseline]
        for step, figures in result.items():
            if step == "hero":
                continue
            ratio = "" if step == baseline else (f"   {figures['wall'] / base['wall']:5.1f}x {figures['cpu'] / base['cpu']:5.1f}x "
                                                 f"{figures['peak'] / base['peak']:5.1f}x")
            print(f"    {step:<24}{figures['wall']:8.2f} |{figures['cpu']:7.2f} |{figures['peak']:6.0f}{ratio}")
    if len(results) > 1:
        print(f"  growth from {sizes[0]:,} to {sizes[-1]:,} nodes (wall; beside the baseline's; ! = faster than n log n):")
        for step in results[0]:
            if step != "hero":
                times = [results[0][step]["wall"], results[-1][step]["wall"]]
                bases = [results[0][baseline]["wall"], results[-1][baseline]["wall"]]
                print(f"    {step:<24}{growth(times, [links[0], links[-1]], bases)}  (CPU "
                      f"{growth([results[0][step]['cpu'], results[-1][step]['cpu']], [links[0], links[-1]])})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", type=Path, default=ROOT.parent / "shared" / "datasets")
    parser.add_argument("--synthetic", default="1000,10000,100000", help="edge counts of generated lists ('' for none)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--network", default="5000,19000",
                        help="node counts of two-kind networks measured as whole processes ('' for none)")
    parser.add_argument("--only-network", action="store_true", help="measure the two-kind networks alone")
    args = parser.parse_args()
    sizes = [int(s) for s in args.network.split(",") if s.strip()]
    if args.only_network:
        with tempfile.TemporaryDirectory(prefix="universe-import-bench-") as temporary:
            network(Path(temporary), sizes, args.repeats)
        return
    with tempfile.TemporaryDirectory(prefix="universe-import-bench-") as temporary:
        folder = Path(temporary)
        results = {}
        if args.datasets.is_dir():
            for spec in datasets(args.datasets):
                results[spec["id"]] = row = run_import(spec, folder, args.repeats)
                print_import(row)
            print_thrones(results["got"]["universe"], args.datasets / "got_tv_seasons" / "data")
            print_top(results["star-wars"]["universe"], "Star Wars")
            print_top(results["les-miserables"]["universe"], "Les Misérables")
        else:
            print(f"no datasets at {args.datasets}: generated lists only")
        synthetic_sizes = [int(s) for s in args.synthetic.split(",") if s.strip()]
        if synthetic_sizes:
            print_scaling(folder, synthetic_sizes, args.repeats)
        if sizes:
            network(folder, sizes, args.repeats)


def network(folder: Path, sizes: list[int], repeats: int) -> None:
    links = [round(size * 96_000 / 19_000) for size in sizes]
    universe = [str(Path(sys.executable).with_name("universe"))]
    if not Path(universe[0]).exists():
        universe = [sys.executable, "-m", "universe.cli.main"]
    results = [measure_network(folder, size, count, repeats, universe) for size, count in zip(sizes, links)]
    print_network(sizes, results, links)


if __name__ == "__main__":
    main()
