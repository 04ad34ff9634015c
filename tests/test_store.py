"""Validation: every problem reported in one run, each with file, line and value."""

import textwrap
from pathlib import Path

import pytest

from universe.errors import InvalidUniverseId, UniverseInvalid, UniverseNotFound
from universe.exchange.generate import tiny_documents, write_documents
from universe.storage import regularfile
from universe.storage.store import check_universe, list_universes, load_universe, universe_path
from universe.storage.yamlfile import dump_yaml

FACTS = """\
entities:
  - id: notes
    kind: source
    name: Notes
  - id: alice
    kind: character
    name: Alice
    status:
      - at: S1E1
        status: alive
  - id: bob
    kind: character
    name: Bob
  - id: school
    kind: location
    name: School
  - id: town
    kind: location
    name: Town
statements:
  - subject: alice
    relation: friend
    object: bob
    sources: [notes]
"""


def make_universe(tmp_path: Path, facts: str = FACTS, name: str = "tiny") -> Path:
    folder = tmp_path / name
    universe, _ = tiny_documents()
    universe["id"] = name
    folder.mkdir()
    (folder / "universe.yaml").write_text(dump_yaml(universe), encoding="utf-8")
    (folder / "facts.yaml").write_text(textwrap.dedent(facts), encoding="utf-8")
    return folder


def problems_of(folder: Path, severity: str = "error"):
    return [p for p in check_universe(folder) if p.severity == severity]


def replace(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


def test_a_valid_universe_has_no_problems(tmp_path):
    folder = make_universe(tmp_path)
    assert check_universe(folder) == []
    universe = load_universe(folder)
    assert set(universe.entities) == {"notes", "alice", "bob", "school", "town"}
    assert [s.id for s in universe.statements] == ["alice/friend/bob"]


@pytest.mark.parametrize(
    "old, new, line, message",
    [
        ("kind: character\n    name: Alice", "kind: charcter\n    name: Alice", 6, "unknown kind 'charcter'"),
        ("relation: friend", "relation: frend", 22, "unknown relation type 'frend'"),
        ("status: alive", "status: alvie", 10, "unknown status 'alvie'"),
        ("sources: [notes]", "sources: [notse]", 24, "unknown source 'notse'"),
        ("object: bob", "object: bobby", 23, "unknown entity 'bobby'"),
        ("subject: alice", "subject: alicia", 21, "unknown entity 'alicia'"),
        ("at: S1E1", "at: S1E9", 9, "unknown story point 'S1E9'"),
        ("statements:", "  - id: alice\n    kind: character\n    name: Alice again\nstatements:", 20, "duplicate entity id 'alice' (first defined at "),
        ("id: school", "id: School", 14, "id 'School' is not an id"),
        ("    name: Bob\n", "    name: Bob\n    nmae: Bobby\n", 14, "unknown key 'nmae'"),
        ("sources: [notes]", "sources: [notes]\n    evidence: cannon", 25, "unknown evidence level 'cannon'"),
        ("sources: [notes]", "sources: [notes]\n    from: S1E3\n    until: S1E1", 26, "range ends before it starts: from S1E3 until S1E1"),
        ("sources: [notes]", "sources: [notes]\n    rank: best", 25, "unknown rank 'best'"),
        ("kind: source", "kind: location", 24, "'notes' is cited as a source but is a location"),
    ],
)
def test_each_problem_names_file_line_and_value(tmp_path, old, new, line, message):
    folder = make_universe(tmp_path, replace(FACTS, old, new))
    errors = problems_of(folder)
    assert len(errors) == 1, errors
    assert errors[0].file.endswith("facts.yaml")
    assert errors[0].line == line
    assert message in errors[0].message


def test_every_problem_is_reported_in_one_run(tmp_path):
    facts = replace(replace(replace(FACTS, "relation: friend", "relation: frend"), "status: alive", "status: alvie"), "kind: location\n    name: Town", "kind: planet\n    name: Town")
    errors = problems_of(make_universe(tmp_path, facts))
    assert [e.line for e in errors] == sorted(e.line for e in errors)
    assert {m.message.split(" (")[0] for m in errors} == {
        "unknown status 'alvie'", "unknown kind 'planet'", "unknown relation type 'frend'",
    }


def test_malformed_yaml_reports_its_line(tmp_path):
    folder = make_universe(tmp_path, FACTS + "  - subject: [unclosed\n")
    (error,) = problems_of(folder)
    assert error.file.endswith("facts.yaml") and error.line in (25, 26)
    assert "flow sequence" in error.message or "expected" in error.message


def test_a_statement_to_a_missing_statement_id_is_a_duplicate_error(tmp_path):
    facts = FACTS + "  - id: pact\n    subject: alice\n    relation: friend\n    object: bob\n  - id: pact\n    subject: bob\n    relation: friend\n    object: alice\n"
    (error,) = problems_of(make_universe(tmp_path, facts))
    assert error.line == 29 and "duplicate statement id 'pact'" in error.message


def test_containment_cycles_are_errors(tmp_path):
    facts = FACTS + (
        "  - subject: school\n    relation: part-of\n    object: town\n"
        "  - subject: town\n    relation: part-of\n    object: school\n"
    )
    (error,) = problems_of(make_universe(tmp_path, facts))
    assert "containment cycle" in error.message and "school" in error.message and "town" in error.message


def test_a_containment_self_loop_is_a_cycle(tmp_path):
    facts = FACTS + "  - subject: town\n    relation: part-of\n    object: town\n"
    (error,) = problems_of(make_universe(tmp_path, facts))
    assert error.message == "containment cycle: town -> town"


def test_relation_kind_constraints_are_checked(tmp_path):
    facts = FACTS + "  - subject: alice\n    relation: plays\n    object: bob\n"
    (error,) = problems_of(make_universe(tmp_path, facts))
    assert "'plays' takes a subject of kind person, not character 'alice'" in error.message


def test_value_relations_take_values_not_entities(tmp_path):
    facts = FACTS + "  - subject: town\n    relation: viewing-figures\n    object: bob\n  - subject: town\n    relation: friend\n    value: lots\n"
    messages = sorted(p.message for p in problems_of(make_universe(tmp_path, facts)))
    assert messages == [
        "relation 'friend' needs an 'object:' entity",
        "relation 'viewing-figures' takes a 'value:', not an entity",
        "relation 'viewing-figures' takes a 'value:', not an object entity",
    ]


def test_a_resurrection_on_fan_theory_alone_is_a_warning(tmp_path):
    facts = replace(FACTS, "status: alive\n", "status: alive\n      - at: S1E2\n        status: dead\n      - at: S2\n        status: alive\n        evidence: fan-theory\n")
    folder = make_universe(tmp_path, facts)
    assert problems_of(folder) == []
    (warning,) = problems_of(folder, "warning")
    assert warning.line == 13
    assert "from 'dead' back to 'alive' at S2 on fan-theory evidence only" in warning.message
    assert load_universe(folder).warnings == (warning,)


def test_a_resurrection_shown_on_screen_is_not_suspicious(tmp_path):
    facts = replace(FACTS, "status: alive\n", "status: alive\n      - at: S1E2\n        status: dead\n      - at: S2\n        status: alive\n")
    assert problems_of(make_universe(tmp_path, facts), "warning") == []


def test_a_relation_after_death_is_a_warning(tmp_path):
    facts = replace(FACTS, "status: alive\n", "status: alive\n      - at: S1E2\n        status: dead\n")
    facts = replace(facts, "sources: [notes]", "sources: [notes]\n    from: S1E3")
    (warning,) = problems_of(make_universe(tmp_path, facts), "warning")
    assert "'friend' from S1E3 starts after alice is dead (S1E2)" in warning.message


def test_status_changes_out_of_story_order_are_errors(tmp_path):
    facts = replace(FACTS, "status: alive\n", "status: alive\n      - at: S1E3\n        status: dead\n      - at: S1E2\n        status: alive\n")
    (error,) = problems_of(make_universe(tmp_path, facts))
    assert "listed after one at S1E3" in error.message


def test_load_universe_raises_with_every_error(tmp_path):
    folder = make_universe(tmp_path, replace(replace(FACTS, "relation: friend", "relation: frend"), "status: alive", "status: alvie"))
    with pytest.raises(UniverseInvalid) as raised:
        load_universe(folder)
    assert len(raised.value.problems) == 2
    assert "2 errors in universe" in str(raised.value)


def test_a_folder_without_universe_yaml_is_not_found(tmp_path):
    with pytest.raises(UniverseNotFound, match="no universe.yaml"):
        load_universe(tmp_path)


# -- hostile input ------------------------------------------------------------------------


def test_an_alias_bomb_is_refused_before_it_expands(tmp_path):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + n)}: &{chr(98 + n)} [{', '.join(['*' + chr(97 + n)] * 9)}]\n" for n in range(8)
    )
    folder = make_universe(tmp_path, bomb)
    (error,) = problems_of(folder)
    assert error.line == 1 and "anchors and aliases are not allowed" in error.message


def test_a_plain_asterisk_or_ampersand_in_text_is_fine(tmp_path):
    facts = replace(FACTS, "name: Bob", "name: \"Bob & *Sons*\"")
    assert problems_of(make_universe(tmp_path, facts)) == []


def test_python_tags_cannot_build_objects(tmp_path):
    facts = FACTS + "  - subject: !!python/object/apply:os.system ['touch pwned']\n    relation: friend\n    object: bob\n"
    (error,) = problems_of(make_universe(tmp_path, facts))
    assert error.line == 25 and "not allowed" in error.message
    assert not Path("pwned").exists()


def test_files_over_the_size_cap_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(regularfile, "MAX_FILE_BYTES", 4000)  # the limit of reading a universe's file
    (error,) = problems_of(make_universe(tmp_path, FACTS + "# padding\n" * 500))
    assert error.file.endswith("facts.yaml") and "over the 4,000-byte limit" in error.message


def test_non_utf8_bytes_are_reported_with_their_line(tmp_path):
    folder = make_universe(tmp_path)
    raw = (folder / "facts.yaml").read_bytes().replace(b"name: Bob", b"name: B\xe9b")
    (folder / "facts.yaml").write_bytes(raw)
    (error,) = problems_of(folder)
    assert error.line == 13 and "not UTF-8" in error.message and "\\xe9" in error.message


def test_a_fact_file_that_is_not_a_mapping_is_an_error(tmp_path):
    (error,) = problems_of(make_universe(tmp_path, "- just\n- a list\n"))
    assert "must be a mapping" in error.message


@pytest.mark.parametrize("bad", ["../../etc", "..", "/etc", "Tiny", "a/b", "", "x" * 80, "tiny\n"])
def test_universe_ids_that_could_escape_are_rejected(bad):
    with pytest.raises(InvalidUniverseId):
        universe_path(bad)


def test_list_universes_finds_folders_with_universe_yaml(tmp_path):
    make_universe(tmp_path, name="one")
    make_universe(tmp_path, name="two")
    (tmp_path / "not-one").mkdir()
    (tmp_path / "Bad Name").mkdir()
    assert list_universes(tmp_path) == ["one", "two"]


def test_generated_documents_round_trip_through_files(tmp_path):
    universe_doc, facts = tiny_documents()
    folder = write_documents(tmp_path / "tiny", universe_doc, facts)
    universe = load_universe(folder)
    assert len(universe.entities) == 8 and len(universe.statements) == 8
    assert universe.version and universe.version == load_universe(folder).version
