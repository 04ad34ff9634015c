"""The shipped example arc over the bundled universe: it applies, the format docs' example applies,
and it promotes in a copy."""

import difflib
import re
import shutil
from pathlib import Path

from universe.storage.store import load_universe
from universe.story.evidence import Evidence
from universe.writing.arcdiff import diff
from universe.writing.arcs import parse_arc
from universe.writing.arcstore import arc_universe, load_arc
from universe.writing.overlay import apply_arc
from universe.writing.promotion import promote

ROOT = Path(__file__).resolve().parent.parent
AOUAD = ROOT / "data" / "all-of-us-are-dead"

def test_the_shipped_arc_brings_cheong_san_back_as_a_hybrid():
    canon = load_universe(AOUAD)
    with_arc = arc_universe(AOUAD, "cheong-san-returns")
    assert canon.as_of("S2").status_at("lee-cheong-san") == "presumed-dead"
    assert with_arc.as_of("S2").status_at("lee-cheong-san") == "hybrid"
    assert with_arc.as_of("S1E12").status_at("lee-cheong-san") == "presumed-dead"  # no S2 spoiler
    assert with_arc.as_of("S2", "official").status_at("lee-cheong-san") == "presumed-dead"  # teased < official
    result = diff(canon, load_arc(AOUAD, "cheong-san-returns"))
    rows = {r.change: r for r in result.rows}
    assert rows["cheong-san-is-a-hybrid"].summary == "Lee Cheong-san: Presumed dead → Hybrid (halfbie) at S2"
    assert rows["cheong-san-is-a-hybrid"].evidence is Evidence.TEASED
    assert rows["cheong-san-is-a-hybrid"].plot == "cheong-sans-possible-return"
    assert "hybrid-band" in result.added_nodes and "lee-cheong-san" in result.changed_nodes
    assert "lee-cheong-san/member-of/class-2-5" in result.changed_edges


def test_the_format_docs_arc_example_applies_to_the_bundled_universe():
    doc = (ROOT / "docs" / "data-format.md").read_text(encoding="utf-8")
    (example,) = [b for b in re.findall(r"```yaml\n(.*?)```", doc, flags=re.S) if b.startswith("arc:")]
    example_arc = parse_arc(example, "docs/data-format.md", "cheong-san-returns")
    assert {c.kind for c in example_arc.changes} == {"entity", "statement", "status", "end", "retract"}
    with_arc = apply_arc(AOUAD, example_arc)
    assert with_arc.as_of("S2").status_at("lee-cheong-san") == "hybrid"
    assert "cheong-san-confesses-to-on-jo" not in {s.id for s in with_arc.statements}


def test_promoting_the_shipped_example_in_a_copy_of_the_bundled_universe(tmp_path):
    copy = shutil.copytree(AOUAD, tmp_path / "all-of-us-are-dead")
    before = (copy / "characters.yaml").read_text(encoding="utf-8")
    promote(copy, "cheong-san-returns", "cheong-san-is-a-hybrid", ["newsx-s2-filming-wrap"])
    after = (copy / "characters.yaml").read_text(encoding="utf-8")
    assert load_universe(copy).as_of("S2", "canon").status_at("lee-cheong-san") == "hybrid"
    changed = [line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line[:1] in "+-"]
    assert all(line.startswith("+ ") for line in changed)  # nothing removed: every comment kept
    added = [line[2:].strip() for line in changed]
    assert added[:2] == ["- at: S2", "status: hybrid"]
    assert "Promoted from arc 'cheong-san-returns' (change cheong-san-is-a-hybrid) on " in added[2]
    assert added[3:] == ["sources:", "- mxdwn-cheong-san-alive", "- newindianexpress-s2-production", "- newsx-s2-filming-wrap"]
    assert len(changed) <= 8


