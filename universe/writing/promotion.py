"""Promotion: move one change of an arc into canon once the story confirms it.

`promote` writes the change into canon's files (an entity, a statement or a status change added;
a statement ended; a retracted statement ranked ``deprecated``, as Wikidata ranks a claim known
to be wrong, so its sources stay beside it), with the evidence the confirmation gives (default
``canon``), the change's sources plus the new ones, and a note recording where it came from
(``Promoted from arc 'x' (change y) on DATE: rationale``). Then it removes the change from the
arc. Canon needs a source: a promotion names at least one source confirming the change (an
episode, an interview), or is refused (`SourceNeeded`). Both files are validated first (canon must
load, the rest of the arc must still apply) and written as one save under one lock, canon first:
undoing either file undoes both (`universe.writing.undoing`). Were the process killed in between,
the change would be in both places, and promoting it again finishes the job (the note marks it
as already in canon).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable

from universe.errors import EntityNotFound
from universe.storage.revisions import transaction
from universe.storage.roundtrip import dump_roundtrip, load_roundtrip, to_yaml
from universe.storage.store import file_label
from universe.story.evidence import Evidence, Rank
from universe.writing.arcs import ARCS_FOLDER, Arc, ArcError, Change, parse_arc, thaw
from universe.writing.arcstore import arc_path
from universe.writing.canon import Canon
from universe.writing.editing import CanonEdit, StatementNotFound
from universe.writing.overlay import apply_arc, compose

__all__ = ["Promotion", "SourceNeeded", "promote"]


class SourceNeeded(ArcError):
    """A promotion into canon that names no source confirming the change."""


@dataclass(frozen=True)
class Promotion:
    """What `promote` did: the canon file it wrote, the arc as it is now, and any warnings."""

    change: Change
    file: str
    arc: Arc
    warnings: tuple[str, ...] = ()


def _sources(*groups: Iterable[Any]) -> list[Any]:
    out, seen = [], set()
    for group in groups:
        for ref in group:
            key = ref if isinstance(ref, str) else ref.get("source")
            if key not in seen:
                seen.add(key)
                out.append(ref)
    return out


def _note(existing: str | None, provenance: str) -> str:
    return f"{existing.rstrip()} {provenance}" if existing else provenance


def promote(
    folder: "str | os.PathLike[str]",
    arc_id: str,
    change_id: str,
    sources: Iterable[str] = (),
    *,
    version: str | None = None,
    evidence: "Evidence | str" = Evidence.CANON,
    note: str | None = None,
    file: str | None = None,
) -> Promotion:
    """Move change `change_id` of arc `arc_id` into canon.

    `sources` are source ids confirming it (an episode recap); `version` is the arc's version
    the caller read; `evidence` is the new evidence level; `note` is added to the provenance;
    `file` chooses the canon file (by label) for an added entity or statement.

    Raises SourceNeeded (no source), ChangeNotFound, EditConflict (stale arc), ArcError (a change
    that depends on one not promoted yet), UniverseInvalid/ArcInvalid (nothing written), ReadOnly.
    """
    folder = Path(folder)
    sources = [str(s).strip() for s in sources if s and str(s).strip()]
    level = Evidence.parse(evidence)
    path = arc_path(folder, arc_id)
    with transaction(folder) as tx:
        text = tx.expect(path, version)
        if text is None:
            raise ArcError(f"no arc {arc_id!r}")
        arc = parse_arc(text, file_label(path), arc_id)
        change = arc.change(change_id)
        edit = CanonEdit(folder, tx)
        today = datetime.now(timezone.utc).date().isoformat()
        marker = f"Promoted from arc {arc.id!r} (change {change.id})"
        provenance = f"{marker} on {today}: {change.rationale.strip()}" + (f" {note.strip()}" if note else "")
        done = any(marker in t for t in edit.canon.texts.values())  # a promotion cut short
        if not done and not sources:
            raise SourceNeeded(f"promoting {change.id!r} writes it into canon, and canon needs a source: name the "
                               "source that confirms it (an episode, an interview). Nothing was written.")
        label = ""
        if not done:
            composition = compose(edit.canon, arc)
            applied = next(a for a in composition.applied if a.change.id == change.id and a.arc == arc.id)
            label = _write(edit, arc, change, applied, sources, level, provenance, file)

        data, style = load_roundtrip(text, arc.file)
        del data["changes"][change.index]
        new_text = dump_roundtrip(data, style)
        remaining = parse_arc(new_text, arc.file, arc_id)

        def check(canon: Canon) -> None:
            apply_arc(canon, remaining)

        canon = edit.finish("promote", check) if not done else edit.canon
        if done:
            check(canon)
        tx.write(path, new_text, "promote")
        warnings = tuple(w for w in edit.arc_warnings(canon) if f"arc {arc_id!r}" not in w)
        return Promotion(change, label, remaining, warnings)


def _write(edit: CanonEdit, arc: Arc, change: Change, applied, sources: list, level: Evidence,
           provenance: str, file: str | None) -> str:
    """Write the change into canon's round-trip documents; return the file label."""
    body = thaw(change.body)
    refs = _sources(body.get("sources") or [], change.as_dict().get("sources") or [], sources)
    if change.kind in ("entity", "statement", "status"):
        body.pop("evidence", None)
        if level is not Evidence.CANON:
            body["evidence"] = level.value
        if refs:
            body["sources"] = refs
        body["note"] = _note(body.get("note"), provenance)
    if change.kind == "entity":
        label = edit.fact_label(file) if file else edit.entity_file(body.get("kind", ""))
        edit.data(label).setdefault("entities", to_yaml([])).append(to_yaml(body))
        return label
    if change.kind == "statement":
        label = edit.fact_label(file) if file else edit.statement_file(body["subject"])
        if "id" not in body and _named_elsewhere(edit.folder, applied.statement, arc):
            body = {"id": applied.statement, **body}
        edit.statements(label).append(to_yaml(body))
        return label
    if change.kind == "status":
        entity_id = body.pop("entity")
        try:
            label = edit.entity_place(entity_id)[0]
        except EntityNotFound:
            raise ArcError(f"{entity_id!r} is not in canon yet: promote the change that adds it first") from None
        timeline = edit.timeline(entity_id)
        timeline.insert(edit.position(timeline, body.get("at", "")), to_yaml(body))
        return label
    try:
        label, index = edit.statement_place(change.statement)
    except StatementNotFound:
        raise ArcError(f"statement {change.statement!r} is not in canon yet: promote the change that adds it first") from None
    item = edit.statements(label)[index]
    if change.kind == "end":
        item["until"] = body["until"]
    else:
        item["rank"] = Rank.DEPRECATED.value
        provenance = "Retracted. " + provenance
    if refs:
        item["sources"] = to_yaml(_sources(item.get("sources") or [], refs))
    item["note"] = to_yaml(_note(item.get("note"), provenance))
    return label


def _named_elsewhere(folder: Path, statement_id: str | None, arc: Arc) -> bool:
    """True when a change of any arc names the statement (so its id must not move)."""
    if not statement_id:
        return False
    if any(c.statement == statement_id for c in arc.changes):
        return True
    return any(path.stem != arc.id and statement_id in path.read_text(encoding="utf-8", errors="replace")
               for path in (folder / ARCS_FOLDER).glob("*.yaml"))
