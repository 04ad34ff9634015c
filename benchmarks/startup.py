"""Benchmark of starting: cold load, warm start from the derived cache, the load after an edit,
a CLI command, the explorer's first page, and `universe --version`.

Run with ``python -m benchmarks.startup`` (``--sizes 5000`` for a quicker run, ``--keep DIR`` to
reuse generated folders, ``--skip pages`` to leave the explorer's first page out, ``--skip app``
the page after an edit in the app, ``--skip loads`` for the
explorer's first page alone). For each size it generates
a universe of that many entities (5 statements and 1 status change each) and one of the same
size with two node kinds (characters and the comic issues they appear in, linked by
appearances), then measures each step in a fresh process, beside baselines measured in the same
run on the same data:

- ``json.loads`` of the same data (the YAML files' content as one JSON text), in-process;
- ``python -c pass`` and ``python -c 'import json; json.loads(...)'`` as whole processes, for the
  CLI (a command pays for starting Python).

Steps: cold load + validate (cache off), the first load that writes the cache, a warm load (the
cache holds everything), the load after editing one entity (one file changed, in a fresh
process; each repeat a new edit, the median shown), the next page after an edit while the app
runs (AppTest in one process: the first page warm, then an entity's file edited and the page
rerun, each rerun timed; the median of the reruns after the first, and the first apart, which
imports the loader), ``universe stats``
as a whole process (warm), the explorer's first page under AppTest after a start (warm), and
``universe --version``. Then the growth of each step from the smallest size to the largest,
beside the growth of its baseline and of n log n. It prints figures; it is not a test.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.figures import growth

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
SIZES = (5_000, 20_000)


# -- the child: one measurement in a fresh interpreter ------------------------------------------


def _json_blob(folder: Path) -> dict:
    """Write the YAML files' content as one JSON file beside the folder (the baseline's data)."""
    from universe.storage.yamlfile import read_yaml

    text = json.dumps([read_yaml(path)[0] for path in sorted(folder.glob("*.yaml"))])
    blob = folder.parent / f"{folder.name}.json"
    blob.write_text(text, encoding="utf-8")
    return {"bytes": len(text), "blob": str(blob)}


def _timed(function) -> tuple[float, float, object]:
    """(wall seconds, CPU seconds, result) of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = function()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def _load(folder: Path, repeats: int) -> dict:
    """One load of `folder`, and json.loads of the same data just before it, in this process
    (the machine is shared: a baseline measured moments apart is the only fair one)."""
    from universe.storage.derivedcache import load_folder

    text = (folder.parent / f"{folder.name}.json").read_text(encoding="utf-8")
    baselines = [_timed(lambda: json.loads(text))[:2] for _ in range(repeats)]
    wall, cpu, outcome = _timed(lambda: load_folder(folder))
    universe = outcome.universe
    return {"seconds": wall, "cpu": cpu, "json": statistics.median(b[0] for b in baselines),
            "json cpu": statistics.median(b[1] for b in baselines), "from_cache": outcome.from_cache,
            "parsed": outcome.parsed, "validated": getattr(outcome, "validated", None), "built": getattr(outcome, "built", None), "entities": len(universe.entities), "statements": len(universe.statements)}


def _first_page(root: Path, universe_id: str, repeats: int) -> dict:
    os.environ["UNIVERSE_DATA"] = str(root)
    from streamlit.testing.v1 import AppTest

    text = (root / f"{universe_id}.json").read_text(encoding="utf-8")
    baselines = [_timed(lambda: json.loads(text))[:2] for _ in range(repeats)]
    at = AppTest.from_file(APP, default_timeout=900)
    at.query_params["universe"] = universe_id
    wall, cpu, _ = _timed(at.run)
    if at.exception:
        raise SystemExit(f"first page: {at.exception[0].message}")
    return {"seconds": wall, "cpu": cpu, "json": statistics.median(b[0] for b in baselines),
            "json cpu": statistics.median(b[1] for b in baselines)}


def _app_edits(root: Path, universe_id: str, repeats: int) -> dict:
    """The next page after an edit while the app runs (AppTest, one process, as a server): the
    first page opened warm, then `repeats` times one entity's file edited and the page rerun;
    each rerun timed, beside json.loads of the same data just before it (the collector paused, as
    during the load). The first rerun also
    imports the loader (pydantic), as an app's first edit does."""
    os.environ["UNIVERSE_DATA"] = str(root)
    from streamlit.testing.v1 import AppTest

    from universe.views import loading

    folder = root / universe_id
    text = (root / f"{universe_id}.json").read_text(encoding="utf-8")
    at = AppTest.from_file(APP, default_timeout=900)
    at.query_params["universe"] = universe_id
    at.run()
    if at.exception:
        raise SystemExit(f"first page: {at.exception[0].message}")
    reruns = []
    for run in range(repeats):
        gc.disable()  # as the load does: in this process's large heap, the collector's passes would double json.loads
        try:
            baselines = [_timed(lambda: json.loads(text))[:2] for _ in range(3)]
        finally:
            gc.enable()
        path, before = _edit_one_entity(folder, f"Edited in the app {os.getpid()}-{time.time_ns()}-{run}")
        try:
            wall, cpu, _ = _timed(at.run)
            if at.exception:
                raise SystemExit(f"page after an edit: {at.exception[0].message}")
            loaded = loading.load(folder)
            reruns.append({"seconds": wall, "cpu": cpu, "json": statistics.median(b[0] for b in baselines),
                           "json cpu": statistics.median(b[1] for b in baselines), "parsed": loaded.parsed,
                           "built": loaded.built, "recalled": getattr(loaded, "recalled", None)})
        finally:
            path.write_text(before, encoding="utf-8")
            at.run()  # the file as it was: the app's next version, not timed
    later = sorted(reruns[1:], key=lambda r: r["seconds"])
    median = later[len(later) // 2] if later else reruns[0]
    return {**median, "first": reruns[0], "runs": reruns}


def _first_pages(folder: Path, repeats: int) -> dict:
    """The median of `repeats` first pages, each in a fresh interpreter (a first page is one
    run: one sample per start), the cache warm."""
    _run_child("load", folder, 1)  # the start before: the cache holds the universe
    pages = [_run_child("page", folder, repeats) for _ in range(repeats)]
    return sorted(pages, key=lambda page: page["seconds"])[len(pages) // 2]


def _pages_only(folder: Path, blob: dict, repeats: int) -> dict:
    """``--skip loads``: a warm load (for the sizes), then the first page alone."""
    warm = _run_child("load", folder, 1)
    steps = {"first page": _first_pages(folder, repeats)}
    return {"entities": warm["entities"], "statements": warm["statements"], "json bytes": blob["bytes"],
            "warm from cache": warm["from_cache"], "edit parsed": None, "edit checked": None, "steps": steps}


def child(mode: str, folder: Path, repeats: int) -> dict:
    if mode == "json":
        return _json_blob(folder)
    if mode == "load":
        return _load(folder, repeats)
    if mode == "page":
        return _first_page(folder.parent, folder.name, repeats)
    if mode == "app-edit":
        return _app_edits(folder.parent, folder.name, repeats)
    raise SystemExit(f"unknown mode {mode!r}")


# -- the parent ----------------------------------------------------------------------------------


def _run_child(mode: str, folder: Path, repeats: int, **env: str) -> dict:
    command = [sys.executable, "-m", "benchmarks.startup", "--child", mode, str(folder), "--repeats", str(repeats)]
    out = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True, cwd=ROOT, env={**os.environ, **env})
    return json.loads(out.stdout.strip().splitlines()[-1])


def _processes(commands: list[list[str]], repeats: int) -> list[float]:
    """Median wall seconds of running each command as a whole process, taking turns (so that
    each sees the same machine)."""
    times: list[list[float]] = [[] for _ in commands]
    for _ in range(repeats):
        for command, spent in zip(commands, times):
            start = time.perf_counter()
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
            spent.append(time.perf_counter() - start)
    return [statistics.median(spent) for spent in times]


def _folders(keep: Path | None, size: int) -> list[tuple[str, Path]]:
    """(label, folder) of the generated universe of `size` entities and its two-kind twin."""
    from universe.exchange.generate import generated_documents, two_kind_documents, write_documents

    root = keep if keep is not None else Path(tempfile.mkdtemp(prefix="universe-startup-"))
    made = []
    for label, universe_id, documents in (
        ("generated", f"generated-{size}", lambda: generated_documents(size, statements=5 * size, status_changes=size)),
        ("two kinds", f"comic-{size}", lambda: two_kind_documents(
            round(size * 0.325), round(size * 0.625), appearances=5 * size)),
    ):
        folder = root / universe_id
        if not (folder / "universe.yaml").exists():
            universe, facts = documents()
            universe["id"] = universe_id
            write_documents(folder, universe, facts)
        made.append((label, folder))
    return made


def _edit_one_entity(folder: Path, mark: str = "Edited") -> tuple[Path, str]:
    """Rename the first entity of the first entities file; return the file and its old text.
    (Each run of the edit step uses its own `mark`: bytes seen before would be a cache hit.)"""
    path = sorted(folder.glob("entities-*.yaml"))[0]
    text = path.read_text(encoding="utf-8")
    marker = "name: "
    at = text.index(marker) + len(marker)
    path.write_text(text[:at] + mark + " " + text[at:], encoding="utf-8")
    return path, text


def measure(folder: Path, repeats: int, pages: bool, loads: bool = True, app: bool = True) -> dict:
    blob = _run_child("json", folder, repeats)
    if not loads:
        result = _pages_only(folder, blob, repeats)
        Path(blob["blob"]).unlink(missing_ok=True)
        return result
    shutil.rmtree(folder / ".cache", ignore_errors=True)
    steps = {"cold": _run_child("load", folder, repeats, UNIVERSE_CACHE="off"), "first": _run_child("load", folder, repeats)}
    warm = [_run_child("load", folder, repeats) for _ in range(repeats)]
    steps["warm"] = sorted(warm, key=lambda w: w["seconds"])[len(warm) // 2]
    edits = []
    for run in range(repeats):
        path, text = _edit_one_entity(folder, f"Edited {os.getpid()}-{time.time_ns()}-{run}")
        try:
            edits.append(_run_child("load", folder, repeats))
        finally:
            path.write_text(text, encoding="utf-8")
        _run_child("load", folder, repeats)  # warm again
    steps["edit"] = sorted(edits, key=lambda e: e["seconds"])[len(edits) // 2]
    if app:
        _run_child("load", folder, 1)  # warm: the app starts from the cache
        edited = _run_child("app-edit", folder, repeats + 1)
        steps["app edit"], steps["app first edit"] = edited, edited["first"]
    stats, json_process = _processes([
        [sys.executable, "-c", "from universe.cli.main import main; main()", "stats", str(folder)],
        [sys.executable, "-c", f"import json; json.loads(open({blob['blob']!r}).read())"],
    ], repeats)
    steps["stats process"] = {"seconds": stats, "json": json_process}
    if pages:
        steps["first page"] = _first_pages(folder, repeats)
    Path(blob["blob"]).unlink(missing_ok=True)
    return {"entities": steps["first"]["entities"], "statements": steps["first"]["statements"], "json bytes": blob["bytes"],
            "warm from cache": all(w["from_cache"] for w in warm), "edit parsed": steps["edit"]["parsed"],
            "edit checked": steps["edit"].get("validated"), "edit built": steps["edit"].get("built"), "steps": steps}


STEPS = (
    # name, key, aim
    ("cold load + validate (cache off)", "cold", "< 10x"),
    ("first load, writing the cache", "first", ""),
    ("warm load (nothing changed)", "warm", "< 3x and < 2 s"),
    ("load after editing one entity", "edit", "< 2 s"),
    ("next page after an edit, in the app", "app edit", "< 2 s"),
    ("  the app's first edit (imports the loader)", "app first edit", "< 2 s"),
    ("`universe stats` process (warm)", "stats process", "< 3x and < 2 s"),
    ("explorer's first page (warm)", "first page", "< 3x and < 2 s"),
)


def report(results: dict[str, list[dict]], sizes: list[int], version: tuple[float, float]) -> None:
    print("Starting: seconds (wall) ours | baseline | ratio, and the ratio of CPU seconds (the machine is shared)")
    print("  baseline: json.loads of the same data, in the same process just before; for `universe stats`, a whole "
          "process running python -c 'json.loads(the same JSON file)', taking turns with it")
    for label, runs in results.items():
        for size, run in zip(sizes, runs):
            print(f"\n{label}, {size:,} entities asked: {run['entities']:,} entities, {run['statements']:,} statements, "
                  f"{run['json bytes'] / 1e6:.1f} MB as JSON (warm loads from the cache: {run['warm from cache']}; "
                  f"files parsed after the edit: {run['edit parsed']}, shape-checked: {run.get('edit checked')}, "
                  f"built: {run.get('edit built')}; in the app: parsed {run['steps'].get('app edit', {}).get('parsed')}, "
                  f"builds from memory {run['steps'].get('app edit', {}).get('recalled')})")
            for name, key, aim in STEPS:
                step = run["steps"].get(key)
                if step is None:
                    continue
                cpu = f" | cpu {step['cpu'] / step['json cpu']:5.1f}x" if "cpu" in step else " |" + " " * 10
                goal = f"  (aim {aim})" if aim else ""
                print(f"  {name:<36} {step['seconds']:7.2f} | {step['json']:6.2f} | {step['seconds'] / step['json']:5.1f}x{cpu}{goal}")
        if len(runs) > 1:
            statements = [run["statements"] for run in runs]
            print(f"  growth {sizes[0]:,} -> {sizes[-1]:,} (statements x{statements[-1] / statements[0]:.1f}):")
            for name, key, _ in STEPS:
                if key in runs[0]["steps"]:
                    steps = [run["steps"][key] for run in runs]
                    print(f"    {name:<34} {growth([s['seconds'] for s in steps], statements, [s['json'] for s in steps])}")
    ours, base = version
    print(f"\n`universe --version`: {ours * 1000:.0f} ms | python -c pass {base * 1000:.0f} ms | {ours / base:.1f}x  (aim < 3x)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="entities per universe, comma-separated")
    parser.add_argument("--repeats", type=int, default=3, help="runs of each timing (the median is shown)")
    parser.add_argument("--keep", type=Path, help="generate into (and reuse) this folder instead of a temporary one")
    parser.add_argument("--skip", default="", help="'pages' to leave the explorer's first page out, 'app' the next page "
                        "after an edit in the app, 'loads' to measure only the first page (after one warm load)")
    parser.add_argument("--json", type=Path, help="also save the raw figures to this file")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("args", nargs="*", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        print(json.dumps(child(options.child, Path(options.args[0]), options.repeats)))
        return
    sizes = [int(size) for size in options.sizes.split(",")]
    if options.keep:
        options.keep.mkdir(parents=True, exist_ok=True)
    results: dict[str, list[dict]] = {}
    for size in sizes:
        for label, folder in _folders(options.keep, size):
            print(f"... {label}, {size:,} entities", file=sys.stderr, flush=True)
            results.setdefault(label, []).append(measure(folder, options.repeats, "pages" not in options.skip,
                                                               "loads" not in options.skip, "app" not in options.skip))
    version = tuple(_processes([[str(Path(sys.executable).parent / "universe"), "--version"], [sys.executable, "-c", "pass"]], 9))
    if options.json:
        options.json.write_text(json.dumps({"sizes": sizes, "results": results, "version": version}, indent=1), encoding="utf-8")
    report(results, sizes, version)


if __name__ == "__main__":
    main()
