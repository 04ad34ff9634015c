"""The checks across files of kept builds, by column (`assembly`), are those of their plain
definitions, entity by entity and statement by statement, on random builds: ids repeated within
a file and across files (then one by one), entities citing sources in status changes and
themselves, statements naming missing entities (some already reported broken) or entities of a
kind their relation refuses, value statements without an object; the columns of a build whose
statements are all kept are passed as they are."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from universe.storage import assembly
from universe.storage.filebuild import FileBuild
from universe.story.model import Entity, RelationType, SourceRef, StatusChange, Statement
from universe.story.timeline import Timeline

TIMELINE = Timeline.build(["episode"], [{"id": "E1"}, {"id": "E2"}])
E1 = TIMELINE.parse("E1")
KINDS = ["person", "place", "thing"]
RELATIONS = {
    "knows": RelationType("knows", "knows", subject_kinds=("person",), object_kinds=("person",)),
    "in": RelationType("in", "in", object_kinds=("place", "thing")),
    "made": RelationType("made", "made", subject_kinds=("person", "thing")),
    "named": RelationType("named", "named", value=True),
    "near": RelationType("near", "near"),
}


class Recorder:
    """A report that keeps what is reported (messages made at once)."""

    def __init__(self):
        self.seen = []

    def __call__(self, file, path, message, severity="error"):
        self.seen.append((file, path, message() if callable(message) else message, severity))

    @staticmethod
    def where(file, path):
        return f"{file}@{path}"


refs = st.lists(st.sampled_from(["s1", "s2", "e0"]), max_size=2).map(lambda names: tuple(map(SourceRef, names)))


@st.composite
def entity_builds(draw):
    builds = []
    for _ in range(draw(st.integers(1, 3))):
        records = [Entity(draw(st.sampled_from([f"e{n}" for n in range(draw(st.sampled_from([4, 30])))])), draw(st.sampled_from(KINDS)), "N",
                          sources=draw(refs),
                          status=tuple(StatusChange("x", E1, "alive", sources=draw(refs)) for _ in range(draw(st.integers(0, 2)))))
                   for _ in range(draw(st.integers(0, 8)))]
        given = draw(st.lists(st.booleans(), min_size=len(records), max_size=len(records)))
        builds.append(FileBuild(records, given, {}, [], []))
    return builds


def plain_entities(report, file, built, entities, explicit_reveal, where, cited):
    for index, (entity, given_point) in enumerate(zip(built.entities, built.revealed_given)):
        path = ("entities", index)
        if entity.id in entities:
            first = where[entity.id]
            report(file, path + ("id",), f"duplicate entity id {entity.id!r} (first defined at {report.where(*first)})")
            continue
        for number, change in enumerate(entity.status):
            cited.extend([(ref.source, file, path + ("status", number), i) for i, ref in enumerate(change.sources)])
        cited.extend([(ref.source, file, path, i) for i, ref in enumerate(entity.sources)])
        entities[entity.id] = entity
        where[entity.id] = (file, path)
        explicit_reveal[entity.id] = given_point


@settings(max_examples=300, deadline=None)
@given(entity_builds())
def test_kept_entities_at_once_or_one_by_one_are_added_as_one_by_one(builds):
    states = []
    for add in (assembly._built_entities, plain_entities):
        report, state = Recorder(), ({}, {}, {}, [])
        for number, built in enumerate(builds):
            add(report, f"f{number}.yaml", built, *state)
        states.append((report.seen, state[0], list(state[0]), state[1], state[2], state[3]))
    assert states[0] == states[1]


@st.composite
def statement_builds(draw):
    ids = [f"e{n}" for n in range(6)]
    entities = {e: Entity(e, draw(st.sampled_from(KINDS)), e.upper()) for e in ids[:draw(st.integers(0, 6))]}
    count = draw(st.integers(0, 25))
    subjects, objects, relations = [], [], []
    for _ in range(count):
        relation = draw(st.sampled_from(sorted(RELATIONS)))
        relations.append(relation)
        subjects.append(draw(st.sampled_from(ids)))
        objects.append(None if RELATIONS[relation].value else draw(st.sampled_from(ids)))
    columns = {"subject": subjects, "object": objects, "relation": relations,
               "sources": [draw(refs) for _ in range(count)]}
    broken = set(draw(st.lists(st.sampled_from(ids), max_size=2)))
    return entities, FileBuild([], [], columns, [f"k{n % 4}" for n in range(count)], [False] * count), broken


class Loader:
    def __init__(self, broken):
        self.report, self.broken, self.relations, self.cited = Recorder(), broken, RELATIONS, []


@settings(max_examples=400, deadline=None)
@given(statement_builds())
def test_statements_checked_by_column_keep_and_report_what_checking_each_does(case):
    entities, built, broken = case
    loader = Loader(broken)
    kinds = {e: entity.kind for e, entity in entities.items()}
    kept, made = assembly._statements_of(loader, "f.yaml", built, entities, assembly._StatementIds(loader.report, set()), kinds)
    plain = Loader(broken)
    ids = assembly._StatementIds(plain.report, set())
    want_kept, want_made = [], []
    fields = built.statements
    for index, key in enumerate(built.keys):
        made_id = ids.one("f.yaml", ("statements", index), key, False)
        if assembly._references(plain, "f.yaml", ("statements", index), entities, fields["subject"][index],
                                fields["relation"][index], fields["object"][index]):
            want_kept.append(index)
            want_made.append(made_id)
    assert (kept, made) == (want_kept, want_made)
    assert loader.report.seen == plain.report.seen


def test_a_build_whose_statements_are_all_kept_gives_its_columns_as_they_are():
    columns = {name: [] for name in Statement.__dataclass_fields__ if name != "id"}
    for n in range(3):
        for name in columns:
            columns[name].append(None)
        columns["subject"][n], columns["relation"][n] = f"e{n}", "near"
    built = FileBuild([], [], columns, ["a", "b", "c"], [False] * 3)
    records = assembly._records(None, "f.yaml", built, [0, 1, 2], ["a", "b", "c"])
    assert [r.subject for r in records] == ["e0", "e1", "e2"] and [r.id for r in records] == ["a", "b", "c"]
    fewer = assembly._records(None, "f.yaml", built, [0, 2], ["a", "c"])
    assert [r.subject for r in fewer] == ["e0", "e2"] and [r.id for r in fewer] == ["a", "c"]
