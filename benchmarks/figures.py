"""Printing benchmark figures: milliseconds, growth between sizes beside n log n, the scale tables."""

from __future__ import annotations

import math

__all__ = ["NOISE", "SLACK", "growth", "ms", "print_core", "print_pages"]

NOISE = 0.02  # seconds: below this, growth ratios are timer noise and not flagged
SLACK = 1.25  # a ratio this much above n log n's is flagged


def growth(times: list[float | None], statements: list[int], baselines: list[float | None] | None = None) -> str:
    """``x4.1 (base x4.6)`` per step between sizes: how much longer it took, beside how much
    longer its baseline took; ``!`` flags a step growing faster than n log n (statements)."""
    parts = []
    for index, ((t1, s1), (t2, s2)) in enumerate(zip(zip(times, statements), zip(times[1:], statements[1:]))):
        if t1 is None or t2 is None:
            parts.append("-")
            continue
        nlogn = (s2 * math.log(s2)) / (s1 * math.log(s1))
        ratio = t2 / t1 if t1 > 0 else math.inf
        flag = " !" if ratio > nlogn * SLACK and t2 > NOISE else ""
        base = ""
        if baselines and baselines[index] and baselines[index + 1]:
            base = f" (base x{baselines[index + 1] / baselines[index]:.1f})"
        parts.append(f"x{ratio:.1f}{flag}{base}")
    return "  ".join(parts)


def ms(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds * 1000:,.0f}" if seconds >= 0.01 else f"{seconds * 1000:.1f}"


def print_core(sizes: list[int], results: list[dict], statements: list[int]) -> None:
    print("Core steps, ms: ours | baseline (same run, same data) | ours / baseline")
    print("  baselines: cold load = libyaml parse of the same files; snapshot and graph build = nx.Graph from the "
          "same edge list; layout = nx.spring_layout; centrality and communities = networkx on that plain graph")
    print("  " + "  ".join(f"{s:,} entities: {r['statements']:,} statements, {r['edges']:,} edges" for s, r in zip(sizes, results)))
    header = f"{'step':<30}" + "".join(f"{f'{s:,}':>26}" for s in sizes) + "   growth (statements " + "  ".join(
        f"x{b / a:.1f}" for a, b in zip(statements, statements[1:])) + "; n log n " + "  ".join(
        f"x{b * math.log(b) / (a * math.log(a)):.1f}" for a, b in zip(statements, statements[1:])) + ")"
    print(header)
    for step in results[0]["steps"]:
        cells, ours, bases = [], [], []
        for result in results:
            mine, base = result["steps"][step]
            ours.append(mine)
            bases.append(base)
            ratio = f"{mine / base:.2f}x" if base and mine is not None else "-"
            cells.append(f"{ms(mine):>9} |{ms(base):>8} |{ratio:>6}")
        print(f"{step:<30}" + "".join(f"{c:>26}" for c in cells) + "   " + growth(ours, statements, bases))
    print()


def print_pages(sizes: list[int], results: list[dict], statements: list[int]) -> None:
    print("Pages under AppTest, ms: first visit | horizon change | rerun (aim: every rerun under 1,000 ms at 20,000)")
    print("  baseline, a one-title script under AppTest: first run " + ", ".join(f"{ms(r['first baseline'])} ms" for r in results)
          + "; rerun " + ", ".join(f"{ms(r['baseline'])} ms" for r in results))
    print("  app cold start (load the universe): " + ", ".join(f"{r['cold start']:.1f} s" for r in results))
    print(f"{'page':<34}" + "".join(f"{f'{s:,}':>24}" for s in sizes) + "   growth of the first visit")
    for page in results[0]["pages"]:
        cells = [" |".join(f"{ms(t):>6}" for t in result["pages"][page][:3]) for result in results]
        firsts = [result["pages"][page][0] for result in results]
        print(f"{page:<34}" + "".join(f"{c:>24}" for c in cells) + "   " + growth(firsts, statements))
    print(f"\nKB sent to the browser by a rerun (every element but vis-network's script)\n{'page':<34}"
          + "".join(f"{f'{s:,}':>12}" for s in sizes))
    for page in results[0]["pages"]:
        sent = [result["pages"][page][3] if len(result["pages"][page]) > 3 else None for result in results]
        print(f"{page:<34}" + "".join(f"{'-' if b is None else f'{b / 1000:,.0f}':>12}" for b in sent))
    worst = max(max(r["pages"][p][2] for p in r["pages"]) for r in results)
    print(f"\nslowest rerun: {ms(worst)} ms; slowest first visit or horizon change at {sizes[-1]:,}: "
          f"{ms(max(max(t[:2]) for t in results[-1]['pages'].values()))} ms")
