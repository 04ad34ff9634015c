"""Whole-universe checks that need every fact at once: containment cycles, suspicious data (and
prose that mentions later story: `universe.storage.prose`)."""

from __future__ import annotations

from typing import Mapping

from universe.storage.prose import report_later_mentions
from universe.storage.report import Report
from universe.story.evidence import Evidence
from universe.story.model import Entity, RelationType, Statement, Status
from universe.story.timeline import StoryPoint, Timeline

__all__ = ["containment_cycles", "suspicious_data"]


def containment_cycles(statements: list[Statement], where: list, relations: Mapping[str, RelationType], report: Report) -> None:
    """Report every cycle among containment relations (a room inside itself, at any depth)."""
    containment = {name for name, rtype in relations.items() if rtype.containment}
    edges = [(statement, position) for statement, position in zip(statements, where)
             if statement.object is not None and statement.relation in containment]
    if not edges or _acyclic([(statement.subject, statement.object) for statement, _ in edges]):
        return  # nothing to report: networkx (a tenth of a second to import) is not needed
    import networkx as nx

    graph = nx.DiGraph()
    located: dict[tuple[str, str], tuple[str, tuple]] = {}
    for statement, position in edges:
        graph.add_edge(statement.subject, statement.object)
        located.setdefault((statement.subject, statement.object), position)
    for component in nx.strongly_connected_components(graph):
        members = sorted(component)
        if len(members) == 1 and not graph.has_edge(members[0], members[0]):
            continue
        cycle = nx.find_cycle(graph.subgraph(members))
        names = " -> ".join([cycle[0][0]] + [edge[1] for edge in cycle])
        file, path = located[cycle[-1][0], cycle[-1][1]]
        report(file, path, f"containment cycle: {names}")


def _acyclic(edges: list[tuple[str, str]]) -> bool:
    """Whether the directed graph of `edges` has no cycle (a self-loop is one): Kahn's peeling."""
    successors: dict[str, list[str]] = {}
    incoming: dict[str, int] = {}
    for start, end in set(edges):
        successors.setdefault(start, []).append(end)
        incoming[end] = incoming.get(end, 0) + 1
        incoming.setdefault(start, 0)
    ready = [node for node, count in incoming.items() if count == 0]
    peeled = 0
    while ready:
        node = ready.pop()
        peeled += 1
        for end in successors.get(node, ()):
            incoming[end] -= 1
            if incoming[end] == 0:
                ready.append(end)
    return peeled == len(incoming)


def suspicious_data(
    entities: Mapping[str, Entity],
    statements: list[Statement],
    where: list,
    entity_where: Mapping[str, tuple[str, tuple]],
    statuses: Mapping[str, Status],
    relations: Mapping[str, RelationType],
    report: Report,
    timeline: Timeline | None = None,
) -> None:
    """Warn about what is allowed but probably wrong: a return from death on fan-theory
    evidence alone, a relation that starts after a character's death or ends before they
    first appear; with the `timeline`, a passage, note or status note that mentions a later
    story point or entity (`prose.report_later_mentions`)."""
    if timeline is not None:
        report_later_mentions(timeline, entities, statements, entity_where, where, report)
    lifetimes: dict[str, tuple[StoryPoint, StoryPoint | None, str | None]] = {}
    for entity in entities.values():
        if not entity.status:
            continue
        death = None
        for index, (before, after) in enumerate(zip(entity.status, entity.status[1:])):
            if statuses.get(before.status, None) and statuses[before.status].terminal:
                if after.status in statuses and not statuses[after.status].terminal and after.evidence <= Evidence.FAN_THEORY:
                    file, path = entity_where[entity.id]
                    report(file, path + ("status", index + 1), f"{entity.id}: status goes from {before.status!r} back to {after.status!r} at {after.at.id} on {after.evidence.value} evidence only", "warning")
        for change in entity.status:
            status = statuses.get(change.status)
            if status is not None and status.terminal:
                death = change
                break
        lifetimes[entity.id] = (entity.status[0].at, death.at if death else None, death.status if death else None)
    for statement, (file, path) in zip(statements, where) if lifetimes else ():
        if statement.object is None or (statement.subject not in lifetimes and statement.object not in lifetimes):
            continue  # neither end has a status: nothing to say (most statements, said at once)
        rtype = relations.get(statement.relation)
        if rtype is None or rtype.posthumous:
            continue
        for end in (statement.subject, statement.object):
            life = lifetimes.get(end)
            if life is None:
                continue
            born, died, how = life
            start, until = statement.span.start, statement.span.until
            if start is not None and died is not None and start.start > died.end:
                report(file, path + ("from",), f"{statement.relation!r} from {start.id} starts after {end} is {how} ({died.id})", "warning")
            elif until is not None and until.end < born.start:
                report(file, path + ("until",), f"{statement.relation!r} until {until.id} ends before {end} first appears ({born.id})", "warning")
