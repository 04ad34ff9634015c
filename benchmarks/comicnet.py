"""A two-kind network as CSV files (a comic's characters and issues, linked by appearances), and
the whole-process measurements `benchmarks.importers --network` prints.

The network is generated (seeded): characters named like a comic's (``NIGHT WARDEN/ANNA KOVAC``),
issues named by series and number (``TWF 12``), each issue in a year (the edges' ``Year`` column:
story time), a few characters in most issues and most in a handful, and a description on one
node in three that names other nodes (some first seen in a later year: what the prose spoiler
check finds). Files: ``nodes.csv`` (Id,Label,Type,Description) and ``edges.csv``
(Source,Target,Year).

Each step runs as a process of its own, measured by GNU ``/usr/bin/time`` (wall and CPU
seconds, and the peak resident memory of that process alone):

- the baseline: ``pandas.read_csv`` of both files and an ``nx.Graph`` built from them (node
  attributes and edges), in a fresh interpreter;
- ``universe import csv`` of the same files (the CLI, whole process);
- ``universe check`` and ``universe show NAME`` on the result, warm (the derived cache) and cold
  (``UNIVERSE_CACHE=off``).
"""

from __future__ import annotations

import csv
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

__all__ = ["write_network", "run_process", "measure_network", "BASELINE"]

TIME = "/usr/bin/time"  # GNU time: peak memory of the command alone

_SYLLABLES = ("ka", "ro", "vi", "an", "tel", "mor", "dra", "zen", "qui", "lo", "sar", "fen", "ix", "ul", "be", "tor",
              "na", "shi", "gar", "el", "ony", "pha", "rek", "sol")
_WORDS = ("NIGHT", "IRON", "SILVER", "CAPTAIN", "DOCTOR", "SHADOW", "STORM", "RED", "BLUE", "GHOST", "STEEL", "WILD",
          "MISTER", "LADY", "BLACK", "GOLDEN", "THUNDER", "FROST", "SCARLET", "ATOMIC")
_ROLES = ("WARDEN", "HAWK", "FANG", "WIDOW", "KNIGHT", "SPECTRE", "FALCON", "TITAN", "RAVEN", "COMET", "VIPER", "LYNX")


def _word(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(parts)).upper()


def write_network(folder: Path, nodes: int = 19_000, links: int = 96_000, *, years: int = 20, seed: int = 1) -> tuple[Path, Path]:
    """Write ``nodes.csv`` and ``edges.csv`` of a two-kind network (about a third characters,
    two thirds issues) under `folder`; return their paths."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    characters = round(nodes * 0.342)
    issues = nodes - characters
    names: list[str] = []
    taken: set[str] = set()
    while len(names) < characters:
        hero = f"{rng.choice(_WORDS)} {rng.choice(_ROLES)}" if rng.random() < 0.5 else _word(rng, 3)
        name = f"{hero}/{_word(rng, 2)} {_word(rng, 3)}" if rng.random() < 0.6 else hero
        if name not in taken:
            taken.add(name)
            names.append(name)
    series = sorted({_word(rng, 2)[:4] for _ in range(max(4, issues // 60))})
    numbers: dict[str, int] = {}
    issue_names, issue_year = [], []
    for n in range(issues):
        code = series[n % len(series)]
        numbers[code] = numbers.get(code, 0) + 1
        issue_names.append(f"{code} {numbers[code]}")
        issue_year.append(1 + min(years - 1, n * years // issues))
    seen: set[tuple[int, int]] = set()
    edges = []
    while len(edges) < min(links, characters * issues):
        pair = (int(characters * rng.random() ** 3), rng.randrange(issues))
        if pair not in seen:
            seen.add(pair)
            edges.append((names[pair[0]], issue_names[pair[1]], issue_year[pair[1]]))
    everyone = names + issue_names
    with open(folder / "nodes.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Id", "Label", "Type", "Description"])
        for index, name in enumerate(everyone):
            description = ""
            if rng.random() < 1 / 3:
                a, b = rng.choice(everyone), rng.choice(names)
                description = f"First seen beside {a}; later crosses paths with {b} in a story of {rng.randint(2, 9)} parts."
            writer.writerow([name, name.title() if index < characters else name, "hero" if index < characters else "comic",
                             description])
    with open(folder / "edges.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Source", "Target", "Year"])
        writer.writerows(edges)
    return folder / "nodes.csv", folder / "edges.csv"


BASELINE = """
import sys, pandas as pd, networkx as nx
nodes, edges = pd.read_csv(sys.argv[1]), pd.read_csv(sys.argv[2])
G = nx.Graph()
G.add_nodes_from((row.Id, {"label": row.Label, "type": row.Type, "description": row.Description})
                 for row in nodes.itertuples(index=False))
G.add_edges_from((row.Source, row.Target, {"year": row.Year}) for row in edges.itertuples(index=False))
print(G.number_of_nodes(), G.number_of_edges())
"""


def run_process(command: list[str], env: dict | None = None, cwd: Path | None = None) -> dict:
    """{wall, cpu (seconds), peak (resident MB of that process alone), out} of one command.

    Measured by /usr/bin/time: a child of this process would count this process's own memory in
    its peak (the image it had before exec)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, tempfile.NamedTemporaryFile("r") as timing:
        start = time.perf_counter()
        process = subprocess.Popen([TIME, "-f", "%e %U %S %M", "-o", timing.name, *command], stdout=out, stderr=err,
                                   env=env, cwd=cwd)
        code = process.wait()
        wall = time.perf_counter() - start
        out.seek(0), err.seek(0)
        text, problems = out.read().decode(errors="replace"), err.read().decode(errors="replace")
        figures = timing.read().split()[-4:]
    if code not in (0, 1):  # check exits 1 when the universe has errors
        sys.exit(f"{' '.join(command)} failed ({code}):\n{problems[-2000:]}")
    _, user, system, peak = (float(f) for f in figures)
    return {"wall": wall, "cpu": user + system, "peak": peak / 1024, "out": text}


def measure_network(folder: Path, nodes: int, links: int, repeats: int, universe: list[str]) -> dict:
    """Every step on a network of `nodes` and `links` written under `folder`: the baseline, the
    import, check and show cold and warm (`universe` is the command that runs the CLI). Each
    step's figures are the median of `repeats` runs ({wall, cpu, peak})."""
    node_file, edge_file = write_network(folder / f"net-{nodes}", nodes, links)
    target = folder / f"comic-{nodes}"
    hero = next(csv.reader(open(node_file, encoding="utf-8").readlines()[1:2]))[1]  # the busiest character
    env = {**os.environ}
    cold = {**env, "UNIVERSE_CACHE": "off"}
    steps = {
        "pandas + networkx": ([sys.executable, "-c", BASELINE, str(node_file), str(edge_file)], env),
        "universe import csv": ([*universe, "import", "csv", str(edge_file), "--nodes", str(node_file), "--time-col", "Year",
                                 "--principal-kind", "hero", "--licence", "generated", "-o", str(target), "--force"], env),
        "universe check, cold": ([*universe, "check", "-q", str(target)], cold),
        "universe check, warm": ([*universe, "check", "-q", str(target)], env),
        "universe show, cold": ([*universe, "show", hero, "-u", str(target)], cold),
        "universe show, warm": ([*universe, "show", hero, "-u", str(target)], env),
    }
    figures: dict[str, list[dict]] = {step: [] for step in steps}
    for _ in range(repeats):
        for step, (command, environment) in steps.items():
            if step.endswith("warm"):
                run_process(command, environment)  # fills the cache (the code may have changed since)
            figures[step].append(run_process(command, environment))
    median = {step: {key: sorted(run[key] for run in runs)[len(runs) // 2] for key in ("wall", "cpu", "peak")}
              for step, runs in figures.items()}
    median["hero"] = hero
    return median
