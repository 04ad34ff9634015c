"""Putting the fact files together: the checks across files and the universe they make.

Each fact file comes either as its checked documents (built here, entry by entry, with the
loader's `entity` and `statement`) or as a `FileBuild` kept by the derived cache (its records
built before, alone, reporting nothing). Either way the same checks run in the same order:
duplicate ids, derived statement ids, references to entities of other files and their kinds,
cited sources, containment cycles, reveal defaults and suspicious data; so a load through kept
builds gives exactly what a load from the files gives (tests/test_cache_differential.py).
"""

from __future__ import annotations

from types import MappingProxyType

from universe.storage.checks import containment_cycles, suspicious_data
from universe.storage.filebuild import FileBuild, KeptBuild, build_alone
from universe.storage.records import make_records
from universe.storage.reveals import resolve_reveals
from universe.storage.statementids import derived_base
from universe.story.model import Entity, Statement
from universe.story.snapshot import Universe

__all__ = ["assemble"]


def assemble(loader, doc, universe_file: str, fact_docs: list) -> Universe:
    """The universe of `fact_docs` ``[(file, (entity docs, statement docs) or FileBuild)]``;
    every problem goes to ``loader.report``."""
    report = loader.report
    loader.cited = cited = []
    fact_docs = [(file, _built(loader, file, docs)) for file, docs in fact_docs]
    entities: dict[str, Entity] = {}
    explicit_reveal: dict[str, bool] = {}
    where: dict[str, tuple[str, tuple]] = {}
    for file, docs in fact_docs:
        if isinstance(docs, FileBuild):
            for index, (entity, given) in enumerate(zip(docs.entities, docs.revealed_given)):
                path = ("entities", index)
                if entity.id in entities:
                    _duplicate_entity(report, file, path, entity.id, where[entity.id])
                    continue
                for number, change in enumerate(entity.status):
                    here = path + ("status", number)
                    cited.extend([(ref.source, file, here, i) for i, ref in enumerate(change.sources)])
                cited.extend([(ref.source, file, path, i) for i, ref in enumerate(entity.sources)])
                entities[entity.id] = entity
                where[entity.id] = (file, path)
                explicit_reveal[entity.id] = given
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
    explicit_ids: dict[str, tuple[str, tuple]] = {}
    reserved = set()
    for _, docs in fact_docs:
        if isinstance(docs, FileBuild):
            reserved.update(key for key, given in zip(docs.keys, docs.explicit) if given)
        else:
            reserved.update(item.id for _, item in docs[1] if item.id is not None)
    counts: dict[str, int] = {}

    def statement_id(file: str, path: tuple, key: str, explicit: bool) -> str | None:
        """The statement's id, or None after reporting a duplicate explicit one."""
        if explicit:
            if key in explicit_ids:
                first = explicit_ids[key]
                report(file, path + ("id",), lambda i=key, f=first: f"duplicate statement id {i!r} (first defined at {report.where(*f)})")
                return None
            explicit_ids[key] = (file, path)
            return key
        counts[key] = counts.get(key, 0) + 1  # derived: unique among themselves and the explicit ones
        made = key if counts[key] == 1 else f"{key}~{counts[key]}"
        while made in reserved:
            counts[key] += 1
            made = f"{key}~{counts[key]}"
        return made

    for file, docs in fact_docs:
        if isinstance(docs, FileBuild):
            kept, ids = _statements_of(loader, file, docs, entities, statement_id)
            fields = docs.statements
            made = make_records(Statement, {"id": ids, **{name: [column[i] for i in kept] for name, column in fields.items()}})
            statements.extend(made)
            statement_where.extend([(file, ("statements", i)) for i in kept])
            continue
        for path, item in docs[1]:
            if item.id is not None:
                made_id = statement_id(file, path, item.id, True)
                if made_id is None:
                    continue
            else:
                start = loader.lookup(item.from_)
                made_id = statement_id(file, path, derived_base(item.subject, item.relation, item.object, item.value, start.id if start is not None else item.from_), False)
            statement = loader.statement(item, file, path, entities, made_id)
            if statement is not None:
                statements.append(statement)
                statement_where.append((file, path))
    return _finish(loader, doc, universe_file, entities, explicit_reveal, where, statements, statement_where)


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
    built = build_alone(loader, file, *docs)
    if built is None:
        return docs
    shapes.keep_build(file, built)
    return built


def _statements_of(loader, file: str, built: FileBuild, entities: dict, statement_id) -> tuple[list[int], list[str]]:
    """The checks across files of one kept file's statements (what `Loader.statement` checks
    against other files, in its order): the positions kept and their ids."""
    report, broken, relations, cited = loader.report, loader.broken, loader.relations, loader.cited
    fields = built.statements
    kept, ids = [], []
    for index, (key, explicit, subject_id, relation, object_id, refs) in enumerate(
        zip(built.keys, built.explicit, fields["subject"], fields["relation"], fields["object"], fields["sources"])
    ):
        path = ("statements", index)
        made = statement_id(file, path, key, explicit)
        if made is None:
            continue
        ok = True
        rtype = relations[relation]
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
        if refs:
            cited.extend([(ref.source, file, path, i) for i, ref in enumerate(refs)])
        if ok:
            kept.append(index)
            ids.append(made)
    return kept, ids


def _finish(loader, doc, universe_file: str, entities: dict, explicit_reveal: dict, where: dict,
            statements: list, statement_where: list) -> Universe:
    report, kinds = loader.report, loader.kinds
    for source, file, path, index in loader.cited:
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
