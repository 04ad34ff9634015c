"""The changes of an arc on the Arcs page: add one, edit or remove one, promote one into canon.

Every field is a picker over the universe's vocabularies (`universe.views.pickers`): entities by
name, relation types, statuses, story points, evidence, plot threads, sources. Only changes a
viewer may see at the sidebar's horizon and evidence level are listed (an arc holds spoilers like
canon does). Saves go through `universe.writing.arcstore` and `universe.writing.promotion` with the version of the
arc the writer was looking at (`universe.views.saving`).
"""

from __future__ import annotations

from typing import Any, Mapping

import streamlit as st

from universe.exchange.importers.builder import slugify
from universe.story.evidence import Evidence
from universe.story.snapshot import Universe
from universe.views import state
from universe.views.arcchoice import ArcLayer
from universe.views.pickers import (
    entity_value,
    optional,
    pick_entity,
    pick_evidence,
    pick_kind,
    pick_plot,
    pick_point,
    pick_relation,
    pick_sources,
    pick_statement,
    pick_status,
)
from universe.views.saving import FormIncomplete, value, write
from universe.views.text import md
from universe.writing.arcs import Arc, Change
from universe.writing.arcstore import add_change, remove_change, update_change
from universe.writing.promotion import promote

__all__ = ["KINDS", "show_add", "show_changes", "read_change", "SCOPE"]

SCOPE = "arcs"
#: What a new change can do, as the form offers it.
KINDS = {
    "status": "A status change",
    "statement": "A new relation",
    "entity": "A new entity",
    "end": "A canon relation ends",
    "retract": "A canon relation is retracted",
}


# -- the fields of a change ----------------------------------------------------------------


def _fields(view: state.ViewState, arc: Arc, prefix: str, kind: str, old: Mapping[str, Any] | None) -> None:
    """Draw the widgets of a change of `kind` (inside a form), filled from `old` when editing."""
    snapshot, universe, timeline = view.snapshot, view.universe, view.universe.timeline
    body = dict(old.get(kind) or {}) if old else {}
    if kind == "status":
        kinds = {e.kind for e in universe.entities.values() if e.status}  # the kinds that have a status
        pick_entity("Who", snapshot, view.key, f"{prefix}.entity", kinds=kinds, default=body.get("entity"))
        left, right = st.columns(2)
        with left:
            pick_point("From", timeline, f"{prefix}.at", default=body.get("at"))
        with right:
            pick_status("Status", universe, f"{prefix}.status", default=body.get("status"))
        st.text_input("Note", value=body.get("note") or "", key=f"{prefix}.note", max_chars=500)
    elif kind == "statement":
        left, middle, right = st.columns(3)
        with left:
            pick_entity("Subject", snapshot, view.key, f"{prefix}.subject", default=body.get("subject"))
        with middle:
            pick_relation("Relation", universe, f"{prefix}.relation", default=body.get("relation"))
        with right:
            pick_entity("Object", snapshot, view.key, f"{prefix}.object", default=body.get("object"))
        left, right = st.columns(2)
        with left:
            pick_point("Holds from", timeline, f"{prefix}.from", default=body.get("from"), allow_none=True, none_label="the start")
        with right:
            pick_point("Holds until", timeline, f"{prefix}.until", default=body.get("until"), allow_none=True, none_label="the end")
        st.text_input("Note", value=body.get("note") or "", key=f"{prefix}.note", max_chars=500)
    elif kind == "entity":
        left, right = st.columns(2)
        with left:
            st.text_input("Name", value=body.get("name") or "", key=f"{prefix}.name", max_chars=200)
        with right:
            pick_kind("Kind", universe, f"{prefix}.kind", default=body.get("kind"))
        aliases = [a if isinstance(a, str) else a.get("name", "") for a in body.get("aliases") or []]
        st.text_input("Also known as (separate names with ;)", value="; ".join(aliases), key=f"{prefix}.aliases", max_chars=500)
        st.text_area("Description", value=body.get("description") or "", key=f"{prefix}.description", max_chars=5000)
        pick_point("First seen", timeline, f"{prefix}.revealed", default=body.get("revealed"), allow_none=True,
                   none_label="from the start", help="The story point where the audience first meets it.")
    elif kind in ("end", "retract"):
        if old:
            st.markdown(f"**Relation**: {md(body.get('statement', ''))}")
        else:
            own = arc.file
            statements = [s for s in snapshot.statements if s.origin != own]
            pick_statement("Relation", universe, statements, f"{prefix}.statement")
        if kind == "end":
            pick_point("It holds until (inclusive)", timeline, f"{prefix}.until", default=body.get("until"))
    st.text_area("Rationale: why do you believe it?", value=(old or {}).get("rationale") or "",
                 key=f"{prefix}.rationale", max_chars=5000)
    left, middle, right = st.columns(3)
    with left:
        pick_evidence("Evidence", f"{prefix}.evidence", default=Evidence((old or {}).get("evidence") or "speculation"),
                      help="How sure you are: a teaser makes it teased; your own idea is speculation.")
    with middle:
        pick_plot("Plot thread", snapshot, view.key, f"{prefix}.plot", default=(old or {}).get("plot"))
    with right:
        sources = [s if isinstance(s, str) else s.get("source") for s in (old or {}).get("sources") or []]
        pick_sources("Sources", snapshot, view.key, f"{prefix}.sources", default=sources)


def _set(body: dict, key: str, found: Any) -> None:
    if found in (None, "", []):
        body.pop(key, None)
    else:
        body[key] = found


def read_change(prefix: str, kind: str, universe: Universe, old: Mapping[str, Any] | None = None) -> dict:
    """The change a submitted form describes, as written in an arc file (raises FormIncomplete)."""
    body = dict(old.get(kind) or {}) if old else {}
    if kind == "status":
        body.update(entity=entity_value(f"{prefix}.entity"), at=value(f"{prefix}.at"), status=value(f"{prefix}.status"))
        _set(body, "note", value(f"{prefix}.note"))
    elif kind == "statement":
        body.update(subject=entity_value(f"{prefix}.subject"), relation=value(f"{prefix}.relation"),
                    object=entity_value(f"{prefix}.object"))
        _set(body, "from", optional(value(f"{prefix}.from")))
        _set(body, "until", optional(value(f"{prefix}.until")))
        _set(body, "note", value(f"{prefix}.note"))
    elif kind == "entity":
        name = value(f"{prefix}.name")
        if not name:
            raise FormIncomplete("A new entity needs a name.")
        if "id" not in body:
            body["id"] = _new_id(universe, name)
        body.update(kind=value(f"{prefix}.kind"), name=name)
        aliases = [a.strip() for a in (value(f"{prefix}.aliases") or "").split(";") if a.strip()]
        _set(body, "aliases", aliases)
        _set(body, "description", value(f"{prefix}.description"))
        _set(body, "revealed", optional(value(f"{prefix}.revealed")))
    elif kind in ("end", "retract"):
        if not old:
            statement = value(f"{prefix}.statement")
            if not statement:
                raise FormIncomplete("Choose the relation the change is about.")
            body["statement"] = statement
        if kind == "end":
            body["until"] = value(f"{prefix}.until")
    rationale = value(f"{prefix}.rationale")
    if not rationale:
        raise FormIncomplete("Every change needs a rationale: say why you believe it.")
    change: dict[str, Any] = {kind: body, "rationale": rationale, "evidence": value(f"{prefix}.evidence") or "speculation"}
    _set(change, "plot", optional(entity_value(f"{prefix}.plot")))
    _set(change, "sources", list(value(f"{prefix}.sources") or []))
    return change


def _new_id(universe: Universe, name: str) -> str:
    """A fresh entity id from a name (``the-hybrids-band``, ``-2`` when taken)."""
    base = slugify(name) or "entity"
    found, count = base, 1
    while found in universe.entities:
        count += 1
        found = f"{base}-{count}"
    return found


def _clear(prefix: str) -> None:
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith(prefix + ".")]:
        del st.session_state[key]


ADD_ROUND = "arcs.add.round"  # how many changes this session added: each new form has new widgets


def _added(prefix: str) -> None:
    """After a change was added: a fresh, empty form. Deleting the widgets' values alone is not
    enough, as the browser keeps showing (and sends again) what the old widgets held; widgets
    under new keys start empty, so a second click cannot save the same change twice."""
    _clear(prefix)
    st.session_state[ADD_ROUND] = st.session_state.get(ADD_ROUND, 0) + 1


# -- adding ----------------------------------------------------------------------------------


def show_add(view: state.ViewState, arc: Arc) -> None:
    """The form that appends a change to `arc` (at the version shown)."""
    kind = st.segmented_control("What does the change do?", list(KINDS), format_func=KINDS.get,
                                default="status", key="arcs.add.kind") or "status"
    added = st.session_state.get(ADD_ROUND, 0)
    prefix = f"arcs.add.{kind}" + (f".{added}" if added else "")
    with st.form(prefix):
        _fields(view, arc, prefix, kind, None)
        universe, folder, version = view.universe, view.folder, arc.version

        def save():
            return add_change(folder, arc.id, version, read_change(prefix, kind, universe))

        st.form_submit_button("Add the change", type="primary", icon=":material/add:", on_click=write, args=(
            SCOPE, lambda result: f"Added the change {result.changes[-1].id!r} to the arc.", save, lambda _: _added(prefix),
            f"{prefix}@{version}"))
    st.caption("Entities, relations and story points come from this universe; what is not visible at "
               "your spoiler horizon is not offered (set it to everything to see all).")


# -- the changes, one at a time --------------------------------------------------------------


def show_changes(view: state.ViewState, arc: Arc, layer: ArcLayer | None, read_only: bool) -> None:
    """Pick one of the arc's visible changes; edit, remove or promote it."""
    if layer is None or layer.diff is None:
        _broken(view, arc, read_only)
        return
    rows = {r.change: r for r in layer.diff.as_of(view.horizon, view.min_evidence).rows if r.arc == arc.id}
    visible = [c for c in arc.changes if c.id in rows]
    hidden = len(arc.changes) - len(visible)
    if hidden:
        st.caption(f"{hidden} change{'s' if hidden != 1 else ''} of this arc lie beyond your spoiler horizon or "
                   "evidence level: set them to everything to edit them.")
    if not visible:
        st.info("No change to show here yet." if not arc.changes else "Nothing of this arc is visible at this point.")
        return
    chosen = st.selectbox("Change", [c.id for c in visible], key="arcs.change",
                          format_func=lambda c: f"{rows[c].summary} ({c})")
    change = arc.change(chosen)
    row = rows[chosen]
    st.markdown(f"**{md(row.action.capitalize())}** · {md(row.summary)}")
    st.caption(f"Rationale: {md(change.rationale)}")
    if read_only:
        return
    _edit(view, arc, change)
    left, right = st.columns(2)
    with left:
        _promote(view, arc, change)
    with right:
        st.markdown("**Remove it**")
        st.caption("The arc's history keeps it: Undo brings it back.")
        folder, version = view.folder, arc.version
        st.button("Remove this change", key=f"arcs.remove.{change.id}", icon=":material/delete:", on_click=write, args=(
            SCOPE, f"Removed the change {change.id!r}.", lambda: remove_change(folder, arc.id, version, change.id)))


def _edit(view: state.ViewState, arc: Arc, change: Change) -> None:
    old = change.as_dict()
    prefix = f"arcs.edit.{arc.version}.{change.id}"
    with st.expander("Edit this change", icon=":material/edit:"):
        with st.form(prefix):
            _fields(view, arc, prefix, change.kind, old)
            folder, universe, version = view.folder, view.universe, arc.version

            def save():
                return update_change(folder, arc.id, version, change.id, read_change(prefix, change.kind, universe, old))

            st.form_submit_button("Save the change", type="primary", icon=":material/save:", on_click=write,
                                  args=(SCOPE, f"Saved the change {change.id!r}.", save))


def _promote(view: state.ViewState, arc: Arc, change: Change) -> None:
    st.markdown("**Promote it into canon**")
    st.caption("When an episode confirms it: it moves into canon's files with its sources and a note "
               "saying where it came from, and leaves the arc. Canon needs a source: name the one that "
               "confirms it. Undo (on this page or the wiki) takes both back.")
    prefix = f"arcs.promote.{arc.version}.{change.id}"
    with st.form(prefix):
        pick_sources("Confirmed by", view.snapshot, view.key, f"{prefix}.sources")
        pick_evidence("Evidence in canon", f"{prefix}.evidence", default=Evidence.CANON)
        st.text_input("Note", key=f"{prefix}.note", max_chars=500)
        st.checkbox("Write it into canon's files", key=f"{prefix}.confirm")
        folder, version = view.folder, arc.version

        def save():
            sources = list(value(f"{prefix}.sources") or [])
            if not sources:
                raise FormIncomplete("Choose the source that confirms it under 'Confirmed by': canon needs one.")
            if not value(f"{prefix}.confirm"):
                raise FormIncomplete("Tick 'Write it into canon's files' to confirm the promotion.")
            return promote(folder, arc.id, change.id, sources, version=version,
                           evidence=value(f"{prefix}.evidence") or "canon", note=value(f"{prefix}.note"))

        def said(result) -> str:
            warnings = f" Note: {' '.join(result.warnings)}" if result.warnings else ""
            return f"Promoted {change.id!r} into canon ({result.file}).{warnings}"

        st.form_submit_button("Promote into canon", icon=":material/verified:", on_click=write,
                              args=(SCOPE, said, save, None, prefix))  # the prefix names the arc's version


def _broken(view: state.ViewState, arc: Arc, read_only: bool) -> None:
    """An arc that does not apply: its changes can still be removed (or fixed as YAML)."""
    st.warning("This arc does not apply to canon as it is now (its problems are shown above): remove the change "
               "at fault, undo, or fix the file in Settings.")
    if read_only or view.horizon is not None:
        st.caption("Set the spoiler horizon to everything to list its changes.")
        return
    if not arc.changes:
        return
    chosen = st.selectbox("Change", [c.id for c in arc.changes], key="arcs.change.broken")
    folder, version = view.folder, arc.version
    st.button("Remove this change", key=f"arcs.remove.broken.{chosen}", icon=":material/delete:", on_click=write, args=(
        SCOPE, f"Removed the change {chosen!r}.", lambda: remove_change(folder, arc.id, version, chosen)))
