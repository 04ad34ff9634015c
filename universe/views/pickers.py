"""Form pickers over a universe's own vocabularies: entities by name, relation types, statuses,
story points, evidence levels, plot threads, sources, statements. Nobody types an id.

Each picker is a widget with a `key`: inside an ``st.form`` its value is read back from
``st.session_state[key]`` when the form is submitted (see `universe.views.saving`). Options are
ids; labels are the universe's words, shown as plain text by Streamlit's widgets.
"""

from __future__ import annotations

from typing import Iterable

import streamlit as st

from universe.story.evidence import Evidence
from universe.story.model import Statement
from universe.story.snapshot import Snapshot, Universe
from universe.story.timeline import Timeline
from universe.views.finder import resolve, with_aliases
from universe.views.saving import value
from universe.views.state import point_label, snapshot_of
from universe.views.versioncache import per_version
from universe.writing.arcdiff import statement_label

__all__ = [
    "NONE",
    "SOURCE_KIND",
    "PLOT_KIND",
    "entity_labels",
    "pick_entity",
    "entity_value",
    "pick_kind",
    "pick_relation",
    "pick_status",
    "pick_point",
    "pick_evidence",
    "pick_plot",
    "pick_sources",
    "pick_statement",
    "optional",
]

#: The value of an optional picker left empty.
NONE = ""
SOURCE_KIND = "source"
PLOT_KIND = "plot"


def optional(value: str | None) -> str | None:
    """A picker's value, None when it was left empty."""
    return None if value in (None, NONE) else value


def _index(options: list, default) -> int:
    return options.index(default) if default in options else 0


@per_version(st.cache_resource, max_entries=32, show_spinner=False)
def _labels(key: tuple) -> dict[str, str]:
    snapshot = snapshot_of(key)
    seen: dict[str, int] = {}
    for entity in snapshot.entities.values():
        seen[entity.name] = seen.get(entity.name, 0) + 1
    kinds = snapshot.universe.kinds
    labels = {}
    for entity in sorted(snapshot.entities.values(), key=lambda e: (e.name.casefold(), e.id)):
        kind = kinds[entity.kind].label if entity.kind in kinds else entity.kind
        labels[entity.id] = entity.name if seen[entity.name] == 1 else f"{entity.name} ({kind})"
    return labels


def entity_labels(key: tuple) -> dict[str, str]:
    """Entity id -> its name (with its kind when two share a name), sorted by name, for the
    snapshot of a ViewState key (shared: do not mutate)."""
    return _labels(key)


def pick_entity(label: str, snapshot: Snapshot, view_key: tuple, key: str, *, kinds: Iterable[str] = (),
                default: str | None = None, allow_none: bool = False, help: str | None = None) -> str | None:
    """An entity, chosen by name among those visible (of `kinds`, when given; sources, the
    articles and recaps that support facts, only when asked for). Its label carries the
    entity's aliases, and typed text + Enter is kept: read the value with `entity_value`,
    which resolves it with the Wiki's search."""
    labels = entity_labels(view_key)
    ids = [e for e in labels if _offered(snapshot.entities[e].kind, set(kinds)) or e == default]
    options = [NONE, *ids] if allow_none else ids
    st.session_state[_allowed_key(key)] = (view_key, tuple(kinds), default)
    return st.selectbox(label, options, index=_index(options, default), key=key,
                        help=(help + " " if help else "") + "Type any name, nickname or spelling: typos are forgiven.",
                        accept_new_options=True,
                        format_func=lambda e: with_aliases(snapshot, e, labels[e]) if e in labels else (e or "(none)"))


def _offered(kind: str, kinds: set[str]) -> bool:
    """Whether a picker of `kinds` (every kind but sources when empty) offers this kind."""
    return kind in kinds if kinds else kind != SOURCE_KIND


def _allowed_key(key: str) -> str:
    return f"{key}.picker"


def entity_value(key: str) -> str | None:
    """The entity a submitted `pick_entity` names: the chosen id, or the text typed there
    resolved with the Wiki's search among the same entities (the typed text itself when
    nothing matches, so that saving names it in its message); None when left empty."""
    found = value(key)
    remembered = st.session_state.get(_allowed_key(key))
    if not found or remembered is None:
        return found
    view_key, kinds, default = remembered
    snapshot = snapshot_of(view_key)
    if found in snapshot.entities:
        return found
    allowed = [e for e, entity in snapshot.entities.items() if _offered(entity.kind, set(kinds)) or e == default]
    return resolve(snapshot, found, allowed) or found


def pick_kind(label: str, universe: Universe, key: str, *, default: str | None = None) -> str:
    options = list(universe.kinds)
    return st.selectbox(label, options, index=_index(options, default), key=key,
                        format_func=lambda k: universe.kinds[k].label)


def pick_relation(label: str, universe: Universe, key: str, *, default: str | None = None) -> str:
    """A relation type between two entities (value relations, real-world claims, are left out)."""
    options = [rid for rid, rtype in universe.relations.items() if not rtype.value]
    return st.selectbox(label, options, index=_index(options, default), key=key,
                        format_func=lambda r: universe.relations[r].label)


def pick_status(label: str, universe: Universe, key: str, *, default: str | None = None) -> str:
    options = list(universe.statuses)
    return st.selectbox(label, options, index=_index(options, default), key=key,
                        format_func=lambda s: universe.statuses[s].label)


def pick_point(label: str, timeline: Timeline, key: str, *, default: str | None = None,
               allow_none: bool = False, none_label: str = "(none)", help: str | None = None) -> str | None:
    """A story point (a season, an episode...), in story order."""
    ids = [p.id for p in timeline.points]
    options = [NONE, *ids] if allow_none else ids
    return st.selectbox(label, options, index=_index(options, default), key=key, help=help,
                        format_func=lambda p: none_label if p == NONE else f"{p} · {point_label(timeline, timeline.find(p))}")


def pick_evidence(label: str, key: str, *, default: Evidence = Evidence.SPECULATION, help: str | None = None) -> str:
    options = [e.value for e in Evidence]
    return st.selectbox(label, options, index=_index(options, default.value), key=key, help=help,
                        format_func=lambda e: Evidence(e).label)


def pick_plot(label: str, snapshot: Snapshot, view_key: tuple, key: str, *, default: str | None = None) -> str | None:
    """A plot thread (an entity of kind ``plot``), or none."""
    if PLOT_KIND not in snapshot.universe.kinds:
        return None
    return pick_entity(label, snapshot, view_key, key, kinds=[PLOT_KIND], default=default, allow_none=True)


def pick_sources(label: str, snapshot: Snapshot, view_key: tuple, key: str, *, default: Iterable[str] = ()) -> list[str]:
    """Source entities (episode recaps, articles) that support the change."""
    labels = entity_labels(view_key)
    options = [e for e in labels if snapshot.entities[e].kind == SOURCE_KIND]
    chosen = [s for s in default if s in options]
    return st.multiselect(label, options, default=chosen, key=key, format_func=lambda e: labels.get(e, e),
                          placeholder="none", select_all=False)


def pick_statement(label: str, universe: Universe, statements: Iterable[Statement], key: str, *,
                   default: str | None = None) -> str | None:
    """A statement between two entities, as a reader says it (``Alice friend of Bob (always)``)."""
    found = {s.id: statement_label(universe, s) for s in statements if s.object is not None}
    options = sorted(found, key=lambda s: found[s].casefold())
    if not options:
        st.caption(f"{label}: nothing to choose from at this point of the story.")
        return None
    return st.selectbox(label, options, index=_index(options, default), key=key, format_func=found.get)
