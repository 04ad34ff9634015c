"""Putting the fact files together: the checks across files and the universe they make.

Each fact file comes either as its checked documents (built here, entry by entry, with the
loader's `entity` and `statement`) or as a `FileBuild` kept by the derived cache (its records
built before, alone, reporting nothing). Either way the same checks run in the same order:
duplicate ids, derived statement ids, references to entities of other files and their kinds,
cited sources, containment cycles, reveal defaults and suspicious data; so a load through kept
builds gives exactly what a load from the files gives (tests/test_cache_differential.py).
"""

from __future__ import annotations

from itertools import compress, repeat
from operator import and_, attrgetter, is_, is_not
from types import MappingProxyType

from universe.storage.checks import containment_cycles, suspicious_data
from universe.storage.filebuild import FileBuild, KeptBuild, build_alone
from universe.storage.records import from_rows, make_records
from universe.storage.reveals import resolve_reveals
from universe.storage.statementids import derived_base
from universe.story.model import Entity, Statement
from universe.story.snapshot import Universe

__all__ = ["assemble"]

_ID, _KIND = attrgetter("id"), attrgetter("kind")
_CITING = attrgetter("sources", "status")  # where an entity may cite a source


def assemble(loader, doc, universe_file: str, fact_docs: list) -> Universe:
    """The universe of `fact_docs` ``[(file, (entity docs, statement docs) or FileBuild)]``;
    every problem goes to ``loader.report``."""
    report = loader.report
    loader.cited = cited = []  # the derived cache's shared vocabulary is taken before (`Loader.build`)
    fact_docs = [(file, _built(loader, file, docs)) for file, docs in fact_docs]
    entities: dict[str, Entity] = {}
    explicit_reveal: dict[str, bool] = {}
    where: dict[str, tuple[str, tuple]] = {}
    for file, docs in fact_docs:
        if isinstance(docs, FileBuild):
            _built_entities(report, file, docs, entities, explicit_reveal, where, cited)
            continue
        for path, item in docs[0]:
            if item.id in entities:
                _duplicate_entity(report, file, path, item.id, where[item.id])
                continue
            entities[item.id] = loader.entity(item, file, path)
            where[item.id] = (file, path)
            explicit_reveal[item.id] = item.revealed is not None

    statements: list[Statement] = []
    statement_where: list[tuple[str, tuple]] = []
    reserved = set()
    for _, docs in fact_docs:
        if isinstance(docs, FileBuild):
            reserved.update(compress(docs.keys, docs.explicit))
        else:
            reserved.update(item.id for _, item in docs[1] if item.id is not None)
    ids = _StatementIds(report, reserved)

    parts = []  # (file, its build, the positions of its statements kept): see `assembledentry`
    kinds = dict(zip(entities, map(_KIND, entities.values())))
    for file, docs in fact_docs:
        if isinstance(docs, FileBuild):
            kept, made_ids = _statements_of(loader, file, docs, entities, ids, kinds)
            parts.append((file, docs, kept))
            made = _records(loader.shapes, file, docs, kept, made_ids)
            statements.extend(made)
            statement_where.extend(zip(repeat(file), zip(repeat("statements"), kept)))
            continue
        rows = []  # each statement's fields: the file's records made at once (`records.from_rows`)
        for path, item in docs[1]:
            if item.id is not None:
                made_id = ids.one(file, path, item.id, True)
                if made_id is None:
                    continue
            else:
                start = loader.lookup(item.from_)
                made_id = ids.one(file, path, derived_base(item.subject, item.relation, item.object, item.value, start.id if start is not None else item.from_), False)
            row = loader.statement_row(item, file, path, entities, made_id)
            if row is not None:
                rows.append(row)
                statement_where.append((file, path))
        statements.extend(from_rows(Statement, rows))
    loader.builds = parts  # every file's that has a build (`buildmemory` remembers them)
    loader.assembled = parts if len(parts) == len(fact_docs) else None
    return _finish(loader, doc, universe_file, entities, explicit_reveal, where, statements, statement_where)


def _records(shapes, file: str, built: FileBuild, kept: list[int], made_ids: list[str]) -> list[Statement]:
    """The statement records of a build's `kept` positions with ids `made_ids` (the same ones
    the last load made of the same build, when the derived cache remembers them)."""
    def make() -> list[Statement]:
        fields = built.statements
        if len(kept) == len(built) and all(type(column) is list for column in fields.values()):
            return make_records(Statement, {"id": made_ids, **fields})  # every statement kept: the columns as they are
        return make_records(Statement, {"id": made_ids, **{name: [column[i] for i in kept] for name, column in fields.items()}})

    remembered = getattr(shapes, "records", None)
    return make() if remembered is None else remembered(file, built, kept, made_ids, make)


def _built_entities(report, file: str, built: FileBuild, entities: dict, explicit_reveal: dict, where: dict, cited: list) -> None:
    """A kept file's entities added to `entities` (with whether each gave a reveal point, and
    where it is), the sources they cite to `cited`, a repeated id reported: at once, a column at
    a time, when no id repeats one seen before (the usual case); one by one otherwise."""
    records, given = built.entities, built.revealed_given
    ids = list(map(_ID, records))
    if len(set(ids)) < len(ids) or not entities.keys().isdisjoint(ids):
        for index, (entity, explicit) in enumerate(zip(records, given)):
            if entity.id in entities:
                _duplicate_entity(report, file, ("entities", index), entity.id, where[entity.id])
                continue
            _cited_by_entity(file, index, entity, cited)
            entities[entity.id] = entity
            where[entity.id] = (file, ("entities", index))
            explicit_reveal[entity.id] = explicit
        return
    for index in compress(range(len(records)), map(any, map(_CITING, records))):  # the few citing a source
        _cited_by_entity(file, index, records[index], cited)
    entities.update(zip(ids, records))
    where.update(zip(ids, zip(repeat(file), zip(repeat("entities"), range(len(ids))))))
    explicit_reveal.update(zip(ids, given))


def _cited_by_entity(file: str, index: int, entity: Entity, cited: list) -> None:
    """The sources entity `index` of `file` cites (in its status changes, then itself), in the
    order `Loader.cited` lists them."""
    path = ("entities", index)
    for number, change in enumerate(entity.status):
        here = path + ("status", number)
        cited.extend([(ref.source, file, here, i) for i, ref in enumerate(change.sources)])
    cited.extend([(ref.source, file, path, i) for i, ref in enumerate(entity.sources)])


def _duplicate_entity(report, file: str, path: tuple, entity_id: str, first: tuple) -> None:
    report(file, path + ("id",), lambda i=entity_id, f=first: f"duplicate entity id {i!r} (first defined at {report.where(*f)})")


def _built(loader, file: str, docs):
    """A file's documents as kept (decoded), built alone and kept when it can be, or as they are."""
    shapes = loader.shapes
    if isinstance(docs, KeptBuild):  # the entry the derived cache found for the file
        return shapes.kept_build(file, docs.data, loader)
    loader.built += 1
    if shapes is None or not hasattr(shapes, "kept_build") or file not in loader.clean:
        return docs
    built = docs if isinstance(docs, FileBuild) else build_alone(loader, file, *docs)  # by column: `Loader.by_column`
    if built is None:
        return docs
    shapes.keep_build(file, built)
    return built


def _statements_of(loader, file: str, built: FileBuild, entities: dict, ids: "_StatementIds", kinds: dict) -> tuple[list[int], list[str]]:
    """The checks across files of one kept file's statements (what `Loader.statement` checks
    against other files, in its order): the positions kept and their ids. When the file gives
    no ids (so that none can be reported twice), the checks run by column, and statement by
    statement only for those that name a missing entity or one of a kind their relation refuses."""
    fields, keys = built.statements, built.keys
    subjects, objects, relations, refs = fields["subject"], fields["object"], fields["relation"], fields["sources"]
    if any(built.explicit):
        kept, made_ids = [], []
        for index, (key, explicit) in enumerate(zip(keys, built.explicit)):
            path = ("statements", index)
            made = ids.one(file, path, key, explicit)
            if made is None:
                continue
            ok = _references(loader, file, path, entities, subjects[index], relations[index], objects[index])
            if refs[index]:
                loader.cited.extend([(ref.source, file, path, i) for i, ref in enumerate(refs[index])])
            if ok:
                kept.append(index)
                made_ids.append(made)
        return kept, made_ids
    # each end's kind (None: no such entity), and the distinct (relation, kind) pairs checked once
    positions = range(len(keys))
    subject_kinds, object_kinds = list(map(kinds.get, subjects)), list(map(kinds.get, objects))
    suspects = set(compress(positions, map(is_, subject_kinds, repeat(None))))
    suspects.update(compress(positions, map(and_, map(is_, object_kinds, repeat(None)), map(is_not, objects, repeat(None)))))
    for found, side in ((subject_kinds, "subject_kinds"), (object_kinds, "object_kinds")):
        allowed = {r: getattr(t, side) for r, t in loader.relations.items() if getattr(t, side)}
        if allowed:
            wrong = {(r, kind) for r, kind in set(zip(relations, found)) if kind is not None and r in allowed and kind not in allowed[r]}
            if wrong:
                suspects.update(compress(positions, map(wrong.__contains__, zip(relations, found))))
    dropped = {i for i in sorted(suspects)
               if not _references(loader, file, ("statements", i), entities, subjects[i], relations[i], objects[i])}
    loader.cited.append(_Citations(file, refs))
    made_ids = ids.derived(keys)
    if not dropped:
        return list(range(len(keys))), made_ids
    kept = [i for i in range(len(keys)) if i not in dropped]
    return kept, [made_ids[i] for i in kept]


def _references(loader, file: str, path: tuple, entities: dict, subject_id: str, relation: str, object_id: str | None) -> bool:
    """Report what `Loader.statement` reports about a statement's entities, in its order;
    False when one is missing (the statement is left out)."""
    report, broken = loader.report, loader.broken
    ok = True
    rtype = loader.relations[relation]
    subject = entities.get(subject_id)
    if subject is None:
        if subject_id not in broken:
            report(file, path + ("subject",), f"unknown entity {subject_id!r}")
        ok = False
    obj = None
    if object_id is not None:
        obj = entities.get(object_id)
        if obj is None:
            if object_id not in broken:
                report(file, path + ("object",), f"unknown entity {object_id!r}")
            ok = False
    if subject is not None and rtype.subject_kinds and subject.kind not in rtype.subject_kinds:
        report(file, path + ("subject",), f"{relation!r} takes a subject of kind {' or '.join(rtype.subject_kinds)}, not {subject.kind} {subject_id!r}")
    if obj is not None and rtype.object_kinds and obj.kind not in rtype.object_kinds:
        report(file, path + ("object",), f"{relation!r} takes an object of kind {' or '.join(rtype.object_kinds)}, not {obj.kind} {object_id!r}")
    return ok


class _Citations:
    """Every citation of one kept file's statements, in the order `Loader.cited` lists them:
    checked by distinct source, and one by one only when one of them is wrong."""

    __slots__ = ("file", "refs")

    def __init__(self, file: str, refs: list):
        self.file, self.refs = file, refs

    def sources(self) -> set[str]:
        return {ref.source for refs in dict(zip(map(id, self.refs), self.refs)).values() for ref in refs}

    def each(self):
        for index, refs in enumerate(self.refs):
            for number, ref in enumerate(refs):
                yield ref.source, self.file, ("statements", index), number


class _StatementIds:
    """Statement ids as `Loader` gives them: explicit ones once each, derived ones unique among
    themselves and the explicit ones (``~2``, ``~3``...)."""

    def __init__(self, report, reserved: set[str]):
        self.report, self.reserved = report, reserved
        self.explicit: dict[str, tuple[str, tuple]] = {}
        self.counts: dict[str, int] = {}

    def one(self, file: str, path: tuple, key: str, explicit: bool) -> str | None:
        """The statement's id, or None after reporting a duplicate explicit one."""
        report = self.report
        if explicit:
            if key in self.explicit:
                first = self.explicit[key]
                report(file, path + ("id",), lambda i=key, f=first: f"duplicate statement id {i!r} (first defined at {report.where(*f)})")
                return None
            self.explicit[key] = (file, path)
            return key
        counts = self.counts
        counts[key] = counts.get(key, 0) + 1
        made = key if counts[key] == 1 else f"{key}~{counts[key]}"
        while made in self.reserved:
            counts[key] += 1
            made = f"{key}~{counts[key]}"
        return made

    def derived(self, keys: list[str]) -> list[str]:
        """``[self.one(..., key, False) for key in keys]``: derived ids, which report nothing."""
        counts, reserved, made_ids = self.counts, self.reserved, []
        for key in keys:
            count = counts.get(key, 0) + 1
            made = key if count == 1 else f"{key}~{count}"
            while made in reserved:
                count += 1
                made = f"{key}~{count}"
            counts[key] = count
            made_ids.append(made)
        return made_ids


def _finish(loader, doc, universe_file: str, entities: dict, explicit_reveal: dict, where: dict,
            statements: list, statement_where: list) -> Universe:
    report, kinds = loader.report, loader.kinds
    def wrong(source: str) -> bool:
        return source not in entities or ("source" in kinds and entities[source].kind != "source")

    for entry in loader.cited:
        if type(entry) is _Citations:
            if not any(map(wrong, entry.sources())):
                continue
            cited = entry.each()
        else:
            cited = (entry,)
        for source, file, path, index in cited:
            if source not in entities:
                report(file, path + ("sources", index), f"unknown source {source!r}")
            elif "source" in kinds and entities[source].kind != "source":
                report(file, path + ("sources", index), f"{source!r} is cited as a source but is a {entities[source].kind}")
    if doc.work is not None and doc.work not in entities:
        report(universe_file, ("work",), f"unknown entity {doc.work!r} (the work)")

    containment_cycles(statements, statement_where, loader.relations, report)
    entities, final = resolve_reveals(loader.timeline, entities, explicit_reveal, statements)
    suspicious_data(entities, final, statement_where, where, loader.statuses, loader.relations, report, loader.timeline)

    return Universe(
        id=doc.id,
        title=doc.title,
        description=doc.description,
        work=doc.work,
        timeline=loader.timeline,
        kinds=MappingProxyType(kinds),
        statuses=MappingProxyType(loader.statuses),
        relations=MappingProxyType(loader.relations),
        entities=MappingProxyType(entities),
        statements=tuple(final),
        path=loader.folder,
        version=loader.digest.hexdigest()[:16],
        warnings=(),  # filled in by the caller's view of problems
        principal_kinds=tuple(k for k in doc.principal_kinds if k in kinds),
    )
