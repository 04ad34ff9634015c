"""Benchmark of parsing alone: the fast plain YAML reader (`parse_yaml` now), libyaml's path of
`parse_yaml` (as it was before the reader), and `json.loads` of the same data, on the files of a
generated universe.

Run with ``python -m benchmarks.yamlparse`` (``--size 20000``, ``--keep DIR`` to reuse the
generated folders, ``--repeats 3``). For each folder (a generated universe and its two-kind twin,
as `benchmarks.startup` makes them) it prints the CPU seconds of each (the median of the repeats,
the three taking turns, the garbage collector paused as a load pauses it, short values remembered
by neither at the start) and the ratios to
`json.loads`, and the share of the lines the reader's fast path for fact files (the runs of flat
items of `plainrecords`) read itself. It prints figures; it is not a test.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import time
from pathlib import Path
from unittest import mock

from universe.storage import yamlfile
from universe.storage.plainrecords import RecordRuns


def _cpu(function) -> float:
    yamlfile._FastComposer._memo.clear()  # each run starts as a fresh process does: nothing remembered
    gc.collect()
    gc.disable()
    try:
        start = time.process_time()
        function()
        return time.process_time() - start
    finally:
        gc.enable()


def _libyaml(raw: bytes) -> object:
    with mock.patch.object(yamlfile, "read_plain", lambda *args: None):
        return yamlfile.parse_yaml(raw, "f.yaml", {})


def _lines_read_by_runs(raws: list[bytes]) -> int:
    """How many lines the runs of flat items (`plainrecords`) read, outermost runs only (not timed)."""
    counted, depth = [0], [0]
    original = RecordRuns.read

    def counting(self, i, indent, result, starts):  # noqa: ANN001 - RecordRuns.read's own
        depth[0] += 1
        try:
            after = original(self, i, indent, result, starts)
        finally:
            depth[0] -= 1
        counted[0] += (after - i) if depth[0] == 0 else 0
        return after

    with mock.patch.object(RecordRuns, "read", counting):
        for raw in raws:
            yamlfile.read_plain(raw.decode("utf-8"), yamlfile._implicit_tag, yamlfile._SCALARS)
    return counted[0]


def measure(folder: Path, repeats: int) -> dict:
    raws = [path.read_bytes() for path in sorted(folder.glob("*.yaml"))]
    blob = json.dumps([yamlfile.parse_yaml(raw, "f.yaml") for raw in raws])
    declined = sum(yamlfile.read_plain(raw.decode("utf-8"), yamlfile._implicit_tag, yamlfile._SCALARS) is None for raw in raws)
    by_runs = _lines_read_by_runs(raws)
    steps = {
        "plain reader (parse_yaml)": lambda: [yamlfile.parse_yaml(raw, "f.yaml", {}) for raw in raws],
        "libyaml path (before)": lambda: [_libyaml(raw) for raw in raws],
        "json.loads": lambda: json.loads(blob),
    }
    times: dict[str, list[float]] = {name: [] for name in steps}
    for _ in range(repeats):
        for name, step in steps.items():
            times[name].append(_cpu(step))
    return {"files": len(raws), "bytes": sum(map(len, raws)), "declined": declined, "by runs": by_runs,
            "lines": sum(raw.count(b"\n") for raw in raws),
            **{name: statistics.median(spent) for name, spent in times.items()}}


def main() -> None:
    from benchmarks.startup import _folders

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=20_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="generate into (and reuse) this folder")
    args = parser.parse_args()
    print(f"Parsing alone, CPU seconds (median of {args.repeats}) and the ratio to json.loads of the same data")
    for label, folder in _folders(args.keep, args.size):
        result = measure(folder, args.repeats)
        base = result["json.loads"]
        print(f"{label}: {result['files']} files, {result['bytes'] / 1e6:.1f} MB of YAML, {result['declined']} left to libyaml, "
              f"{result['by runs'] / result['lines']:.1%} of the lines read by the runs of flat items")
        for name in ("plain reader (parse_yaml)", "libyaml path (before)", "json.loads"):
            print(f"  {name:<28} {result[name]:7.2f} s  {result[name] / base:5.1f}x")
        print(f"  the plain reader takes {result['plain reader (parse_yaml)'] / result['libyaml path (before)']:.2f} of libyaml's time")


if __name__ == "__main__":
    main()
