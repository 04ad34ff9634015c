"""Arcs: reading arc files, applying them to canon (validated like canon), diffs and promotion."""

import re
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest

from universe.exchange.generate import tiny_documents, write_documents
from universe.storage.revisions import EditConflict
from universe.storage.store import load_universe
from universe.story.evidence import Evidence, Rank
from universe.writing.arcdiff import diff
from universe.writing.arcs import ArcInvalid, ChangeNotFound, change_id, parse_arc, read_arc
from universe.writing.arcstore import arc_universe, load_arc
from universe.writing.overlay import apply_arc, arc_chain
from universe.writing.promotion import promote

ROOT = Path(__file__).resolve().parent.parent
AOUAD = ROOT / "data" / "all-of-us-are-dead"

HEADER = "arc:\n  id: what-if\n  title: What if Alice lives\nchanges:\n"


@pytest.fixture
def folder(tmp_path):
    return write_documents(tmp_path / "tiny", *tiny_documents())


def write_arc(folder: Path, body: str, arc_id: str = "what-if", header: str | None = None) -> Path:
    path = folder / "arcs" / f"{arc_id}.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text((header or HEADER.replace("what-if", arc_id)) + textwrap.dedent(body), encoding="utf-8")
    return path


def arc(body: str, arc_id: str = "what-if"):
    return parse_arc(HEADER.replace("what-if", arc_id) + textwrap.dedent(body), f"arcs/{arc_id}.yaml", arc_id)


# -- reading ---------------------------------------------------------------------------------


def test_a_change_defaults_to_speculation_and_gets_an_id():
    read = arc("""\
        - status: {entity: alice, at: S2, status: alive}
          rationale: A teaser shows her.
        """)
    (change,) = read.changes
    assert (change.id, change.kind, change.evidence) == ("status-alice-s2", "status", Evidence.SPECULATION)
    assert change.subject == "alice" and change.body["at"] == "S2"
    assert read.version and read.title == "What if Alice lives"


@pytest.mark.parametrize("kind, body, expected", [
    ("entity", {"id": "eve"}, "entity-eve"),
    ("statement", {"subject": "eve", "relation": "friend", "object": "bob"}, "statement-eve-friend-bob"),
    ("statement", {"subject": "show", "relation": "viewing-figures", "value": "12 million"}, "statement-show-viewing-figures-12-million"),
    ("status", {"entity": "alice", "at": "S1E2", "status": "dead"}, "status-alice-s1e2"),
    ("end", {"statement": "alice/friend/bob", "until": "S2"}, "end-alice-friend-bob"),
    ("retract", {"statement": "carol/parent/bob"}, "retract-carol-parent-bob"),
])
def test_derived_change_ids_say_what_the_change_does(kind, body, expected):
    assert change_id(kind, body) == expected


def test_repeated_derived_ids_are_numbered():
    read = arc("""\
        - {status: {entity: alice, at: S2, status: alive}, rationale: one}
        - {status: {entity: alice, at: S2, status: dead}, rationale: two}
        """)
    assert [c.id for c in read.changes] == ["status-alice-s2", "status-alice-s2-2"]


@pytest.mark.parametrize("body, line, message", [
    ("- {status: {entity: alice, at: S2, status: alive}}\n", 5, "missing key 'rationale'"),
    ("- {rationale: why}\n", 5, "exactly one of entity, statement, status, end, retract (found: none)"),
    ("- {rationale: why, end: {statement: a, until: S2}, retract: {statement: a}}\n", 5, "(found: end, retract)"),
    ("- {rationale: why, retract: {statement: a}, evidence: rumour}\n", 5, "unknown evidence level 'rumour'"),
    ("- {rationale: why, retract: {statement: a}, colour: red}\n", 5, "unknown key 'colour'"),
    ("- {rationale: why, status: {entity: alice, at: S2}}\n", 5, "missing key 'status'"),
    ("- {id: x, rationale: a, retract: {statement: a}}\n- {id: x, rationale: b, retract: {statement: b}}\n", 6, "duplicate change id 'x'"),
    ("- just text\n", 5, "a change is a mapping"),
])
def test_malformed_changes_are_reported_with_line(body, line, message):
    with pytest.raises(ArcInvalid) as caught:
        arc(body)
    (problem,) = caught.value.problems
    assert problem.file == "arcs/what-if.yaml" and problem.line == line
    assert message in problem.message


def test_the_arc_id_must_match_the_file_name(folder):
    path = write_arc(folder, "", arc_id="what-if")
    path.rename(folder / "arcs" / "other.yaml")
    with pytest.raises(ArcInvalid, match="arc id 'what-if' differs from the file name 'other'"):
        read_arc(folder / "arcs" / "other.yaml")


@pytest.mark.parametrize("text, message", [
    ("arc: &a {id: x, title: X}\nchanges: *a\n", "anchors and aliases are not allowed"),
    ("arc: !!python/object:os.system {}\n", "not allowed"),
    ("changes: []\n", "'arc:'"),
    ("arc: {id: x, title: X}\nchanges: {a: 1}\n", "'changes:' must be a list"),
    ("arc: {id: Not A Slug, title: X}\n", "is not an id"),
])
def test_unsafe_or_malformed_arc_files_are_refused(text, message):
    with pytest.raises(ArcInvalid, match=re.escape(message)):
        parse_arc(text, "arcs/x.yaml", "x")


# -- applying --------------------------------------------------------------------------------


def test_an_arc_status_change_shows_with_the_arc_and_not_without(folder):
    canon = load_universe(folder)
    what_if = arc("""\
        - status: {entity: alice, at: S2, status: infected}
          rationale: A teaser shows her bitten.
          evidence: teased
          sources: [notes]
        """)
    with_arc = apply_arc(canon, what_if)
    assert with_arc.as_of("S2").status_at("alice") == "infected"
    assert canon.as_of("S2").status_at("alice") == "alive"  # canon's fan theory
    assert with_arc.as_of("S1E3").status_at("alice") == "dead"  # the arc's change is an S2 spoiler
    change = with_arc.entities["alice"].status[-1]
    assert (change.evidence, change.origin, [r.source for r in change.sources]) == (Evidence.TEASED, "arcs/what-if.yaml", ["notes"])
    assert with_arc.as_of("S2", "canon").status_at("alice") == "dead"  # teased is weaker than canon
    assert with_arc.version != canon.version and with_arc.path == canon.path


def test_entities_and_statements_added_by_an_arc(folder):
    with_arc = apply_arc(load_universe(folder), arc("""\
        - entity: {id: eve, kind: character, name: Eve, status: [{at: S2, status: alive}]}
          rationale: A new girl in Season 2.
        - statement: {subject: eve, relation: friend, object: bob, from: S2}
          rationale: They meet.
          evidence: fan-theory
        """))
    eve = with_arc.entities["eve"]
    assert eve.evidence is Evidence.SPECULATION and eve.status[0].evidence is Evidence.SPECULATION
    assert eve.origin == "arcs/what-if.yaml"
    (added,) = [s for s in with_arc.statements if s.subject == "eve"]
    assert (added.id, added.evidence, added.origin) == ("eve/friend/bob/S2", Evidence.FAN_THEORY, "arcs/what-if.yaml")
    assert "eve" not in with_arc.as_of("S1E3").entities


def test_end_and_retract_change_canon_statements(folder):
    canon = load_universe(folder)
    with_arc = apply_arc(canon, arc("""\
        - end: {statement: alice/friend/bob, until: S1E2}
          rationale: They fall out.
        - retract: {statement: carol/parent/bob}
          rationale: She is his aunt.
        """))
    ids = {s.id: s for s in with_arc.statements}
    assert str(ids["alice/friend/bob"].span) == "until S1E2"
    assert "carol/parent/bob" not in ids
    assert "carol/parent/bob" in {s.id for s in canon.statements}  # canon untouched
    assert [s.id for s in with_arc.statements if s.id != "alice/friend/bob"] == [
        s.id for s in canon.statements if s.id not in ("alice/friend/bob", "carol/parent/bob")]


@pytest.mark.parametrize("body, line, message", [
    ("- {status: {entity: alice, at: S9, status: alive}, rationale: r}\n", 5, "unknown story point 'S9'"),
    ("- {status: {entity: alice, at: S2, status: alvie}, rationale: r}\n", 5, "unknown status 'alvie'"),
    ("- {status: {entity: alicia, at: S2, status: alive}, rationale: r}\n", 5, "unknown entity 'alicia'"),
    ("- rationale: r\n  statement: {subject: alice, relation: frend, object: bob}\n", 6, "unknown relation type 'frend'"),
    ("- rationale: r\n  statement:\n    subject: alice\n    relation: friend\n    object: bobby\n", 9, "unknown entity 'bobby'"),
    ("- {end: {statement: alice/friend/bob, until: S9}, rationale: r}\n", 5, "unknown story point 'S9'"),
    ("- {end: {statement: nope, until: S2}, rationale: r}\n", 5, "unknown statement 'nope'"),
    ("- {retract: {statement: nope}, rationale: r}\n", 5, "unknown statement 'nope'"),
    ("- {entity: {id: bob, kind: character, name: Bob 2}, rationale: r}\n", 5, "duplicate entity id 'bob'"),
    ("- {entity: {id: eve, kind: dragon, name: Eve}, rationale: r}\n", 5, "unknown kind 'dragon'"),
    ("- {status: {entity: alice, at: S2, status: alive}, rationale: r, plot: bob}\n", 5, "'bob' is a character, not a plot thread"),
    ("- {status: {entity: alice, at: S2, status: alive}, rationale: r, plot: nope}\n", 5, "unknown plot thread 'nope'"),
    ("- {retract: {statement: carol/parent/bob}, rationale: r, sources: [bob]}\n", 5, "'bob' is cited as a source but is a character"),
    ("- {status: {entity: alice, at: S2, status: alive}, rationale: r, sources: [nobody]}\n", 5, "unknown source 'nobody'"),
    ("- {retract: {statement: carol/parent/bob}, rationale: r}\n- {retract: {statement: carol/parent/bob}, rationale: again}\n", 6, "already retracted"),
])
def test_arc_problems_name_the_arc_file_and_line(folder, body, line, message):
    path = write_arc(folder, body)
    with pytest.raises(ArcInvalid) as caught:
        apply_arc(load_universe(folder), read_arc(path))
    errors = [p for p in caught.value.problems if p.is_error]
    assert errors[0].file == str(path) and errors[0].line == line, errors
    assert message in errors[0].message


def test_a_valid_end_inside_the_span_applies(folder):
    path = write_arc(folder, "- {end: {statement: alice/located-at/school/S1E1, until: S1E1}, rationale: r}\n")
    with_arc = apply_arc(load_universe(folder), read_arc(path))
    assert str(next(s for s in with_arc.statements if s.id == "alice/located-at/school/S1E1").span) == "in S1E1"


def test_an_arc_ending_a_statement_before_it_starts_is_refused_at_the_arc_line(folder):
    path = write_arc(folder, "- rationale: r\n  end:\n    statement: bob/killed/alice/S1E2\n    until: S1E1\n")
    with pytest.raises(ArcInvalid) as caught:
        apply_arc(load_universe(folder), read_arc(path))
    problem = next(p for p in caught.value.problems if p.is_error)
    assert (problem.file, problem.line) == (str(path), 8) and "range ends before it starts" in problem.message


def test_arcs_build_on_a_base_arc(folder):
    write_arc(folder, "- {entity: {id: eve, kind: character, name: Eve}, rationale: r}\n"
                      "- {statement: {subject: eve, relation: friend, object: bob, id: eve-and-bob}, rationale: r}\n", "base-arc")
    top = write_arc(folder, "- {status: {entity: eve, at: S2, status: dead}, rationale: r}\n"
                            "- {retract: {statement: eve-and-bob}, rationale: r}\n", "top",
                    header="arc:\n  id: top\n  title: Top\n  base: base-arc\nchanges:\n")
    chain = arc_chain(read_arc(top), folder=folder)
    assert [a.id for a in chain] == ["base-arc", "top"]
    with_arcs = arc_universe(folder, "top")
    assert with_arcs.entities["eve"].status[0].status == "dead"
    assert "eve-and-bob" not in {s.id for s in with_arcs.statements}
    rows = diff(load_universe(folder), read_arc(top)).rows
    assert {(r.arc, r.change) for r in rows} >= {("base-arc", "entity-eve"), ("top", "retract-eve-and-bob")}


@pytest.mark.parametrize("bases, message", [
    ({"top": "missing"}, "unknown base arc 'missing'"),
    ({"top": "middle", "middle": "top"}, "arcs build on each other in a cycle: top -> middle -> top"),
])
def test_missing_or_circular_bases_are_refused(folder, bases, message):
    for arc_id, base in bases.items():
        write_arc(folder, "", arc_id, header=f"arc:\n  id: {arc_id}\n  title: T\n  base: {base}\nchanges: []\n")
    with pytest.raises(ArcInvalid, match=re.escape(message)):
        arc_universe(folder, "top")


def test_an_arc_applies_to_canon_as_it_is_on_disk(folder):
    canon = load_universe(folder)
    what_if = arc("- {status: {entity: alice, at: S2, status: infected}, rationale: r}\n")
    first = apply_arc(canon, what_if)
    assert apply_arc(folder, what_if).version == first.version  # a folder works as well
    (folder / "facts.yaml").write_text((folder / "facts.yaml").read_text().replace("name: Bob", "name: Robert"))
    second = apply_arc(canon, what_if)
    assert second.entities["bob"].name == "Robert" and second.version != first.version


# -- diffs -----------------------------------------------------------------------------------


def test_the_diff_lists_each_change_with_its_kind_rationale_and_evidence(folder):
    what_if = arc("""\
        - entity: {id: eve, kind: character, name: Eve}
          rationale: New girl.
        - status: {entity: alice, at: S2, status: infected}
          rationale: Bitten.
          evidence: teased
        - statement: {subject: eve, relation: friend, object: bob, from: S2}
          rationale: They meet.
        - end: {statement: alice/friend/bob, until: S1E2}
          rationale: They fall out.
        - retract: {statement: carol/parent/bob}
          rationale: Not her son.
        """)
    result = diff(load_universe(folder), what_if)
    assert [(r.action, r.kind, r.change) for r in result.rows] == [
        ("added", "entity", "entity-eve"),
        ("added", "status", "status-alice-s2"),
        ("added", "statement", "statement-eve-friend-bob"),
        ("changed", "statement", "end-alice-friend-bob"),
        ("retracted", "statement", "retract-carol-parent-bob"),
    ]
    rows = {r.change: r for r in result.rows}
    assert rows["status-alice-s2"].summary == "Alice: Alive → Infected at S2"
    assert (rows["status-alice-s2"].evidence, rows["status-alice-s2"].rationale) == (Evidence.TEASED, "Bitten.")
    assert (rows["end-alice-friend-bob"].before, rows["end-alice-friend-bob"].after) == ("open", "S1E2")
    assert rows["retract-carol-parent-bob"].summary == "Carol parent of Bob: retracted"
    assert result.added_nodes == {"eve"} and result.changed_nodes == {"alice"}
    assert result.highlight_edges == {"eve/friend/bob/S2", "alice/friend/bob"}
    assert result.faded_edges == {"carol/parent/bob"}
    assert [s.id for s in result.retracted] == ["carol/parent/bob"]
    assert result.records()[0]["evidence"] == "speculation"


def test_the_diff_respects_the_spoiler_horizon_and_evidence(folder):
    result = diff(load_universe(folder), replace(arc("""\
        - {status: {entity: alice, at: S2, status: infected}, rationale: r, evidence: teased}
        - {end: {statement: alice/friend/bob, until: S1E2}, rationale: r, evidence: fan-theory}
        """), revealed="S1E1"))  # the arc itself is revealed from the start: its rows one by one
    assert [r.change for r in result.as_of("S1E3").rows] == ["end-alice-friend-bob"]
    assert [r.change for r in result.as_of("S1E3", "teased").rows] == []
    assert [r.change for r in result.as_of(None, "teased").rows] == ["status-alice-s2"]
    assert result.as_of("S1E1").highlight_nodes == frozenset()


# -- promotion -------------------------------------------------------------------------------


PROMOTABLE = """\
- entity: {id: eve, kind: character, name: Eve}
  rationale: New girl.
  sources: [notes]
- status: {entity: eve, at: S2, status: alive}
  rationale: She lives.
- statement: {subject: eve, relation: friend, object: bob, from: S2}
  rationale: They meet.
- end: {statement: alice/friend/bob, until: S1E2}
  rationale: They fall out.
- retract: {statement: carol/parent/bob}
  rationale: Not her son.
"""


def test_promote_moves_each_kind_of_change_into_canon(folder):
    write_arc(folder, PROMOTABLE)
    result = promote(folder, "what-if", "entity-eve", ["notes"], version=load_arc(folder, "what-if").version)
    assert result.file.endswith("facts.yaml") and "entity-eve" not in [c.id for c in result.arc.changes]
    for change_id_ in ("status-eve-s2", "statement-eve-friend-bob", "end-alice-friend-bob", "retract-carol-parent-bob"):
        promote(folder, "what-if", change_id_, ["notes"], evidence="official")
    canon = load_universe(folder)
    eve = canon.entities["eve"]
    assert eve.evidence is Evidence.CANON and [r.source for r in eve.sources] == ["notes"]
    assert eve.note.startswith("Promoted from arc 'what-if' (change entity-eve) on ") and eve.note.endswith(": New girl.")
    assert (eve.status[0].status, eve.status[0].evidence) == ("alive", Evidence.OFFICIAL)
    statements = {s.id: s for s in canon.statements}
    assert statements["eve/friend/bob/S2"].evidence is Evidence.OFFICIAL
    assert str(statements["alice/friend/bob"].span) == "until S1E2"
    assert statements["carol/parent/bob"].rank is Rank.DEPRECATED
    assert statements["carol/parent/bob"].note.startswith("Retracted. Promoted from arc 'what-if'")
    assert load_arc(folder, "what-if").changes == ()


def test_promoting_a_change_that_needs_another_first_is_refused(folder):
    path = write_arc(folder, PROMOTABLE)
    before = {p: p.read_bytes() for p in folder.rglob("*.yaml")}
    with pytest.raises(Exception, match="'eve' is not in canon yet: promote the change that adds it first"):
        promote(folder, "what-if", "status-eve-s2", ["notes"])
    with pytest.raises(ChangeNotFound):
        promote(folder, "what-if", "nope")
    assert {p: p.read_bytes() for p in folder.rglob("*.yaml")} == before and path.exists()


def test_promoting_from_a_stale_arc_is_refused(folder):
    write_arc(folder, PROMOTABLE)
    stale = load_arc(folder, "what-if").version
    promote(folder, "what-if", "entity-eve", ["notes"])
    with pytest.raises(EditConflict, match="changed since you read it"):
        promote(folder, "what-if", "retract-carol-parent-bob", version=stale)


def test_promotion_finishes_after_a_crash_between_its_two_writes(folder):
    path = write_arc(folder, PROMOTABLE)
    text = path.read_text()
    promote(folder, "what-if", "entity-eve", ["notes"])
    path.write_text(text)  # as if killed after writing canon, before writing the arc
    with pytest.raises(ArcInvalid, match="duplicate entity id 'eve'"):
        arc_universe(folder, "what-if")
    result = promote(folder, "what-if", "entity-eve")
    assert result.file == "" and "entity-eve" not in [c.id for c in load_arc(folder, "what-if").changes]
    assert list(load_universe(folder).entities).count("eve") == 1


def test_promote_into_a_chosen_file(folder):
    write_arc(folder, PROMOTABLE)
    (folder / "more.yaml").write_text("entities: []\n")
    assert promote(folder, "what-if", "entity-eve", ["notes"], file="more.yaml").file.endswith("more.yaml")
    assert load_universe(folder).entities["eve"].origin.endswith("more.yaml")
    with pytest.raises(Exception, match=r"no fact file 'nope.yaml' in this universe \(files: facts.yaml, more.yaml\)"):
        promote(folder, "what-if", "statement-eve-friend-bob", ["notes"], file="nope.yaml")


def test_statement_labels_for_pickers(folder):
    from universe.writing.arcdiff import statement_label

    universe = load_universe(folder)
    labels = {s.id: statement_label(universe, s) for s in universe.statements}
    assert labels["alice/located-at/school/S1E1"] == "Alice at School (S1E1–S1E2)"
    assert labels["carol/parent/bob"] == "Carol parent of Bob (always)"
