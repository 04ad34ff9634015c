"""Build universe documents from an imported network: ids, names, story time, credit, weights.

Every importer ends here: `build_documents(network, universe_id, options)` returns `Documents`
(universe.yaml and fact files as plain data), which load in memory (`Documents.load()`) or are
written as a universe folder, validated before they replace anything (`Documents.write(target)`).
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from universe.errors import ImportFailed
from universe.exchange.importers.network import Network, Node
from universe.exchange.importers.plurals import plural
from universe.exchange.importers.slices import StoryTime, story_time
from universe.exchange.importers.staging import Documents, ImportReport, Progress, collector_paused
from universe.storage.documents import UNIVERSE_ID_PATTERN

__all__ = ["Dataset", "ImportOptions", "Documents", "build_documents", "write_network", "slugify", "title_case", "plural", "SOURCE_ID", "CO_APPEARS"]

SOURCE_ID = "dataset"
CHUNK = 20_000  # statements per fact file


@dataclass(frozen=True)
class Dataset:
    """Where the data comes from, credited on the universe's source entity."""

    credit: str | None = None  # who made it: "Andrew Beveridge and Michael Chemers"
    licence: str | None = None  # "CC BY-NC-SA 4.0"
    url: str | None = None
    name: str | None = None  # the source entity's name; default: the credit, or the title


@dataclass(frozen=True)
class ImportOptions:
    """How a network becomes a universe (see docs/importers.md)."""

    title: str | None = None  # default: the universe id in words
    dataset: Dataset = Dataset()
    slices: str = "plain"  # how time slices become story points: season, episode, book, chapter, plain
    relation: str = "interacts"
    relation_label: str | None = None  # default: "interacts with", or the relation id in words
    kind: str = "character"  # the kind of a node without a type
    title_case: bool = False  # "DARTH VADER" -> "Darth Vader" (the raw name stays an alias)
    presence: bool = True  # give characters a present/absent status per time slice
    principal_kinds: tuple[str, ...] = ()  # the node types the character pages follow (default: character)
    co_appearance: bool = False  # also link principal entities that share a work (weighted by works shared)


def slugify(text: str, limit: int = 80) -> str:
    """An id from a name: ``'Mme. Thénardier'`` -> ``'mme-thenardier'`` ('' when nothing is left).

    >>> slugify("ADDAM_MARBRAND")
    'addam-marbrand'
    """
    folded = str(text).casefold()
    if folded.isascii():  # nothing to decompose
        ascii_text = folded
    else:
        decomposed = unicodedata.normalize("NFKD", folded)
        ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:limit].strip("-")


def title_case(name: str) -> str:
    """``'QUI-GON JINN'`` -> ``'Qui-Gon Jinn'`` for a name in capitals; names in mixed case and
    names with digits (``C-3PO``, ``R2-D2``) stay as they are."""
    if name != name.upper() or any(c.isdigit() for c in name):
        return name
    return re.sub(r"[^\s-]+", lambda match: match.group().capitalize(), name)


def universe_id_for(target: "str | os.PathLike[str]") -> str:
    """The universe id a folder name gives; raises ImportFailed when it is not a slug."""
    name = Path(target).name
    if not re.fullmatch(UNIVERSE_ID_PATTERN, name):
        raise ImportFailed(str(target), None, f"folder name {name!r} is not a universe id (use lower-case letters, digits and hyphens)")
    return name


class _Ids:
    """Unique slugs: ``jon``, ``jon-2``... in the order asked, never a reserved one."""

    def __init__(self, reserved=()):
        self.taken = set(reserved)
        self.numbered: dict[str, int] = {}  # base: the last number tried (every one below is taken)
        self.collisions = 0
        self.example: tuple[str, str] | None = None  # the first (name, id) numbered, for the report

    def claim(self, *candidates: str, fallback: "str | Callable[[], str]") -> str:
        """The first candidate's slug that is not empty, else `fallback` (or what it makes), numbered."""
        base = next((slug for slug in (slugify(c) for c in candidates if c) if slug), "")
        if not base:
            base = fallback() if callable(fallback) else fallback
        n = self.numbered.get(base, 1)  # a thousand "Unknown" are not a million tries
        slug = base if n == 1 else f"{base[:70]}-{n}"
        while slug in self.taken:
            n += 1
            slug = f"{base[:70]}-{n}"
        self.numbered[base] = n
        if n > 1:
            self.collisions += 1
            if self.example is None:
                self.example = (next((c for c in candidates if c), base), slug)
        self.taken.add(slug)
        return slug


def write_network(network: Network, universe_id: str, target: "str | os.PathLike[str]", options: ImportOptions, *,
                  force: bool = False, progress: Progress | None = None) -> ImportReport:
    """The last step of every file importer: `network` as the universe folder `target`
    (validated, atomic; see `place_universe`)."""
    if progress:
        progress(0.6, "building the universe")
    with collector_paused():
        documents = build_documents(network, universe_id, options)
        del network  # the caller passes it on: its memory is free for the check
        return documents.write(target, force=force, progress=progress)


def build_documents(network: Network, universe_id: str, options: ImportOptions = ImportOptions()) -> Documents:
    """Universe documents for `network`: characters as entities citing the dataset, one
    statement per linked pair and time slice (holding in that slice, with its weight), slices as
    story points. Raises ImportFailed for slices the scheme cannot read.
    """
    if not re.fullmatch(UNIVERSE_ID_PATTERN, universe_id):
        raise ImportFailed(universe_id, None, "not a universe id (use lower-case letters, digits and hyphens)")
    story = story_time(network.slices, options.slices)
    title = options.title or universe_id.replace("-", " ").title()
    dataset = options.dataset
    relation = slugify(options.relation) or "interacts"
    kinds = _kinds(network, options.kind)
    ids = _Ids(reserved={SOURCE_ID})
    entities, entity_ids = [], {}
    for node in network.nodes.values():
        entity = _entity(node, network, options, kinds, ids, story)
        entity_ids[node.key] = entity["id"]
        entities.append(entity)
    statements = _statements(network, entity_ids, relation, story)
    principal = _principal(kinds, options)
    relations = {relation: _relation(relation, options, network.directed)}
    if options.co_appearance:
        shared = _co_appearances(network, entity_ids, {k for k, (_, raws) in kinds.items() if k in principal}, kinds, options, story)
        if shared:
            relations[CO_APPEARS] = {"label": "appears with", "symmetric": True, "family": "co-appearance",
                                     "description": "Both appear in the same work; the weight counts the works they share."}
            statements.extend(shared)
    presence = options.presence and bool(story.order)
    universe = {
        "format": 1,
        "id": universe_id,
        "title": title,
        "description": _description(network, dataset),
        "story_time": {"levels": list(story.levels), "points": list(story.points)},
        "kinds": {**{k: v for k, (v, _) in kinds.items()}, "source": {"label": "Source", "plural": "Sources"}},
        "principal_kinds": list(principal),
        "statuses": _STATUSES if presence else {},
        "relations": relations,
    }
    if not presence:
        for entity in entities:
            entity.pop("status", None)
    facts = {"sources.yaml": {"entities": [_source(network, dataset, title)]}}
    for kind, (declaration, _) in kinds.items():
        name = f"{slugify(declaration['plural']) or kind}.yaml"
        if name in facts or name.startswith(("universe.", "relations")):
            name = f"{kind}-entities.yaml"
        facts[name] = {"entities": [e for e in entities if e["kind"] == kind]}
    for n in range(0, len(statements), CHUNK):
        facts["relations.yaml" if n == 0 else f"relations-{n // CHUNK + 1}.yaml"] = {"statements": statements[n : n + CHUNK]}
    header = f"Imported from {_files(network) or 'a graph'} ({_credit_line(dataset)}).\nWritten by `universe import`."
    notes = network.notes()
    if ids.collisions:
        name, numbered = ids.example
        notes.append(f"{ids.collisions} name{'s' * (ids.collisions != 1)} shared an id; numbered (e.g. {name!r} became {numbered})")
    if len(kinds) > 1:
        types = ", ".join(f"{next(iter(raws))} ({sum(1 for e in entities if e['kind'] == k):,})" for k, (_, raws) in kinds.items())
        chosen = ", ".join(kinds[k][0]["plural"] for k in principal)
        notes.append(f"node types {types}: the character pages follow {chosen} (principal_kinds in universe.yaml); "
                     "if some types are works the others appear in (comics, films), name the character types "
                     "with --principal-kind TYPE, and --co-appearance links characters who share a work")
    return Documents(universe, facts, {name: header for name in ["universe.yaml", *facts]}, tuple(notes))


_STATUSES = {
    "present": {"label": "Present", "color": "#2e7d32", "description": "Appears in this part of the story."},
    "absent": {"label": "Absent", "color": "#9e9e9e", "description": "Not in this part of the story."},
}


CO_APPEARS = "co-appears"

def _principal(kinds: dict[str, tuple[dict, set]], options: ImportOptions) -> tuple[str, ...]:
    """The kinds the character pages follow: those asked for (by node type or kind id), else
    the default kind (character), else every kind (the import report then asks which)."""
    if options.principal_kinds:
        chosen = []
        for wanted in options.principal_kinds:
            found = next((k for k, (_, raws) in kinds.items() if wanted == k or wanted in raws or slugify(wanted) == k), None)
            if found is None:
                known = ", ".join(sorted({r for _, raws in kinds.values() for r in raws}))
                raise ImportFailed("--principal-kind", None, f"no node type {wanted!r} in the data (types: {known})")
            chosen.append(found)
        return tuple(dict.fromkeys(chosen))
    default = slugify(options.kind) or "character"
    return (default,) if default in kinds else tuple(kinds)


def _co_appearances(network: Network, entity_ids: dict[str, str], principal: set[str], kinds, options: ImportOptions,
                    story: StoryTime) -> list[dict]:
    """Principal entities linked by the works (other nodes) they share, per time slice."""
    kind_of = {}
    for node in network.nodes.values():
        raw = node.kind or options.kind
        kind_of[node.key] = next(k for k, (_, raws) in kinds.items() if raw in raws)
    members: dict[tuple, set] = {}
    for (slice_label, source, target) in network.links:
        for person, work in ((source, target), (target, source)):
            if kind_of[person] in principal and kind_of[work] not in principal:
                members.setdefault((slice_label, work), set()).add(entity_ids[person])
    shared: dict[tuple, int] = {}
    for (slice_label, _), people in members.items():
        ordered = sorted(people)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1:]:
                shared[(slice_label, a, b)] = shared.get((slice_label, a, b), 0) + 1
    statements = []
    for (slice_label, a, b), count in sorted(shared.items(), key=lambda item: (str(item[0][0]), -item[1])):
        statement: dict = {"subject": a, "relation": CO_APPEARS, "object": b}
        if slice_label is not None:
            point = story.point_of[slice_label]
            statement["from"] = statement["until"] = point
        statement["weight"] = count
        statement["sources"] = [SOURCE_ID]
        statements.append(statement)
    return statements


def _kinds(network: Network, default: str) -> dict[str, tuple[dict, set]]:
    """kind id -> (its declaration, the dataset types it stands for)."""
    kinds: dict[str, tuple[dict, set]] = {}
    for node in network.nodes.values():
        raw = node.kind or default
        kind = slugify(raw) or slugify(default) or "character"
        if kind == "source":
            kind = "source-kind"
        if kind not in kinds:
            label = raw.strip().replace("-", " ").replace("_", " ")
            label = label[:1].upper() + label[1:]
            kinds[kind] = ({"label": label, "plural": plural(label)}, set())
        kinds[kind][1].add(raw)
    if not kinds:
        label = default.replace("-", " ").replace("_", " ").strip().capitalize() or "Character"
        kinds[slugify(default) or "character"] = ({"label": label, "plural": plural(label)}, {default})
    return kinds


def _entity(node: Node, network: Network, options: ImportOptions, kinds, ids: _Ids, story: StoryTime) -> dict:
    raw_name = node.label or (node.key.replace("_", " ").strip() if network.keys_are_names else node.key)
    name = title_case(raw_name) if options.title_case else raw_name
    key_is_name = network.keys_are_names and len(re.findall(r"[^\W\d_]", node.key)) >= 2
    def fallback() -> str:  # (a name of no letters or digits: rare, so made only then)
        return f"{slugify(options.kind) or 'entity'}-{hashlib.sha1(node.key.encode()).hexdigest()[:8]}"

    entity_id = ids.claim(*((node.key, name) if key_is_name else (name, node.key)), fallback=fallback)
    aliases = [label for label in node.labels if label != name]
    if raw_name != name and raw_name not in aliases:
        aliases.append(raw_name)
    if key_is_name and node.key not in (name, *aliases):
        aliases.append(node.key)
    kind = next(k for k, (_, raws) in kinds.items() if (node.kind or options.kind) in raws)
    entity: dict = {"id": entity_id, "kind": kind, "name": name}
    if aliases:
        entity["aliases"] = aliases
    if node.description:
        entity["description"] = node.description
    places = sorted({story.position[story.point_of[s]] for s in node.slices})
    if places:
        entity["revealed"] = story.leaves[places[0]]
    entity["sources"] = [SOURCE_ID]
    entity["attributes"] = {"dataset id": node.key}
    if places:
        entity["status"] = _presence(places, story.leaves)
    return entity


def _presence(places: list[int], leaves: tuple[str, ...]) -> list[dict]:
    """Status changes: present where the character appears (`places`: positions in `leaves`,
    sorted), absent from the next point it does not. Visits its own points only, not every point."""
    changes = []
    for index, place in enumerate(places):
        if index == 0 or places[index - 1] != place - 1:
            changes.append({"at": leaves[place], "status": "present"})
        if place + 1 < len(leaves) and (index + 1 == len(places) or places[index + 1] != place + 1):
            changes.append({"at": leaves[place + 1], "status": "absent"})
    return changes


def _statements(network: Network, entity_ids: dict[str, str], relation: str, story: StoryTime) -> list[dict]:
    position = {label: n for n, label in enumerate(story.order)}
    rows = sorted(network.links.items(), key=lambda item: (position.get(item[0][0], -1), -item[1]))
    statements = []
    for (slice_label, source, target), weight in rows:
        subject, obj = entity_ids[source], entity_ids[target]
        if not network.directed and obj < subject:
            subject, obj = obj, subject
        statement: dict = {"subject": subject, "relation": relation, "object": obj}
        if slice_label is not None:
            point = story.point_of[slice_label]
            statement["from"] = point
            statement["until"] = point
        statement["weight"] = int(weight) if float(weight).is_integer() else float(weight)
        statement["sources"] = [SOURCE_ID]
        statements.append(statement)
    return statements


def _relation(relation: str, options: ImportOptions, directed: bool) -> dict:
    label = options.relation_label or ("interacts with" if relation == "interacts" else relation.replace("-", " "))
    declared = {
        "label": label,
        "symmetric": not directed,
        "family": "social",
        "description": "Recorded by the dataset; the weight counts how often (interactions or co-appearances).",
    }
    if directed:  # how it reads from the other end, on the wiki page of the one it points to
        declared["inverse"] = "interacted with by" if label == "interacts with" else f"{label} (from the other side)"
    return declared


def _credit_line(dataset: Dataset) -> str:
    parts = [f"credit: {dataset.credit}"] if dataset.credit else []
    parts.append(f"licence: {dataset.licence or 'not stated'}")
    if dataset.url:
        parts.append(dataset.url)
    return "; ".join(parts)


def _description(network: Network, dataset: Dataset) -> str:
    what = dataset.name or _files(network) or "a graph"
    return f"A character network imported from {what} ({_credit_line(dataset)})."


def _files(network: Network, limit: int = 4) -> str:
    names = [os.path.basename(f) for f in network.files]
    return ", ".join(names[:limit]) + (", ..." if len(names) > limit else "")


def _source(network: Network, dataset: Dataset, title: str) -> dict:
    source: dict = {
        "id": SOURCE_ID,
        "kind": "source",
        "name": dataset.name or dataset.credit or f"{title} dataset",
        "description": f"The data this universe was imported from ({_credit_line(dataset)}).",
    }
    if dataset.url:
        source["url"] = dataset.url
    attributes = {"licence": dataset.licence or "not stated"}
    if dataset.credit:
        attributes["credit"] = dataset.credit
    if network.files:
        attributes["files"] = ", ".join(os.path.basename(f) for f in network.files)[:1000]
    source["attributes"] = attributes
    return source
