"""Canon editing on a wiki page: the entity's names and description, its status changes and the
statements about it, edited through forms as a wiki's fans do.

Every save goes through `universe.writing.editing`: validated exactly as the files are (an invalid edit
is refused with its file:line problem and nothing is written), atomic, kept in the history (Undo
steps back), and refused when someone saved the page since it was shown (the message shows what
they changed). The editor shows the whole page, spoilers included, so it opens only at the
horizon "everything", when asked (a toggle); a read-only deployment shows no editor at all.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

import streamlit as st

from universe.errors import EntityNotFound
from universe.story.evidence import Evidence
from universe.views import state
from universe.views.pickers import (
    entity_value,
    optional,
    pick_entity,
    pick_evidence,
    pick_point,
    pick_relation,
    pick_status,
)
from universe.views.saving import FormIncomplete, is_read_only, show_outcome, value, write
from universe.views.text import md
from universe.views.versioncache import per_version
from universe.writing.arcdiff import statement_label
from universe.writing.editing import (
    EntityRecord,
    add_statement,
    add_status_change,
    edit_entity,
    edit_statement,
    read_entity,
    remove_statement,
    remove_status_change,
    undo_canon,
    update_status_change,
)

__all__ = ["show_editor", "SCOPE", "OPEN", "TABS"]

SCOPE = "editor"
OPEN = "editor.open"
TABS = ["Names and description", "Status changes", "Relations", "Undo"]


def show_editor(view: state.ViewState, entity_id: str) -> None:
    """The "Edit this page" box of entity `entity_id` (nothing in a read-only deployment)."""
    if is_read_only():
        return
    with st.container():  # the same layout with or without a message: the browser keeps its place
        if show_outcome(SCOPE) is not None:
            st.session_state[OPEN] = True
    # A toggle, not an expander: a closed editor sends nothing (its pickers list every entity).
    if not st.toggle("Edit this page", key=OPEN, help="Edit canon's files: names, description, status changes, relations."):
        return
    with st.container(border=True):
        if view.horizon is not None:
            st.caption("The editor shows the whole page, spoilers included: set “I have watched up to...” "
                       "to everything to edit it.")
            return
        canon = state.load(view.folder).universe
        try:
            record = _record(view.folder, canon.version, entity_id)
        except EntityNotFound:
            st.caption("This entity is not in canon: it comes from the arc shown. Edit it on the Arcs page.")
            return
        key = (view.folder, canon.version, state.EVERYTHING, Evidence.FAN_THEORY.value, "")
        if view.arc:
            st.caption("You are editing canon, not the arc shown.")
        tabs = st.tabs(TABS, key="editor.tabs", on_change="rerun")  # only the open tab runs
        sections = (_page, lambda v, r: _statuses(v, r, key), lambda v, r: _statements(v, r, key), _undo)
        for tab, section in zip(tabs, sections):
            if tab.open is not False:
                with tab:
                    section(view, record)


@per_version(st.cache_resource, max_entries=64, show_spinner="Reading the page from its files...")
def _record(folder: str, canon_version: str, entity_id: str) -> EntityRecord:
    """The page as written, read once per version of canon (reading builds the whole universe)."""
    return read_entity(folder, entity_id)


def _page(view: state.ViewState, record: EntityRecord) -> None:
    data, folder, version = record.data, view.folder, record.version
    prefix = f"editor.{record.id}.{version}.page"
    aliases = list(data.get("aliases") or [])
    names = [a if isinstance(a, str) else a.get("name", "") for a in aliases]
    parts = isinstance(data.get("description"), list)
    with st.form(prefix):
        st.text_input("Name", value=data.get("name", ""), key=f"{prefix}.name", max_chars=200)
        st.text_input("Also known as (separate names with ;)", value="; ".join(names), key=f"{prefix}.aliases", max_chars=2000)
        if parts:
            st.caption("The description is in parts with their own reveal points: edit it in the file.")
        else:
            st.text_area("Description", value=data.get("description") or "", key=f"{prefix}.description", max_chars=20_000)

        def save() -> EntityRecord:
            name = value(f"{prefix}.name")
            if not name:
                raise FormIncomplete("An entity needs a name.")
            wanted = [a.strip() for a in (value(f"{prefix}.aliases") or "").split(";") if a.strip()]
            kept = {n: a for n, a in zip(names, aliases)}  # an alias with its own reveal point keeps it
            fields: dict[str, Any] = {"name": name, "aliases": [kept.get(a, a) for a in wanted]}
            if not parts:
                fields["description"] = value(f"{prefix}.description")
            return edit_entity(folder, record.id, version, **fields)

        st.form_submit_button("Save", type="primary", icon=":material/save:", on_click=write,
                              args=(SCOPE, _said("Saved the page."), save, None, prefix))  # a double click saves once


def _said(message: str):
    """A success message, with any arc the edit broke."""
    def say(result: EntityRecord) -> str:
        return message + ("" if not result.warnings else " Careful: " + " ".join(result.warnings))
    return say


# -- status changes ---------------------------------------------------------------------------


def _status_fields(view: state.ViewState, prefix: str, old: Mapping[str, Any]) -> None:
    timeline, universe = view.universe.timeline, view.universe
    left, middle, right = st.columns(3)
    with left:
        pick_point("From", timeline, f"{prefix}.at", default=old.get("at"))
    with middle:
        pick_status("Status", universe, f"{prefix}.status", default=old.get("status"))
    with right:
        pick_evidence("Evidence", f"{prefix}.evidence", default=Evidence(old.get("evidence") or "canon"))
    st.text_input("Note", value=old.get("note") or "", key=f"{prefix}.note", max_chars=1000)


def _status_from(prefix: str, old: Mapping[str, Any]) -> dict:
    change = {**old, "at": value(f"{prefix}.at"), "status": value(f"{prefix}.status")}
    _set(change, "evidence", None if value(f"{prefix}.evidence") == "canon" else value(f"{prefix}.evidence"))
    _set(change, "note", value(f"{prefix}.note"))
    return change


def _set(data: dict, key: str, found: Any) -> None:
    if found in (None, "", []):
        data.pop(key, None)
    else:
        data[key] = found


def _statuses(view: state.ViewState, record: EntityRecord, key: tuple) -> None:
    folder, version, entity_id = view.folder, record.version, record.id
    steps = record.data.get("status")
    steps = list(steps) if isinstance(steps, list) else []
    statuses = view.universe.statuses
    if steps:
        labels = [f"{s.get('at')} · {statuses[s['status']].label if s.get('status') in statuses else s.get('status')}"
                  for s in steps]
        index = st.selectbox("Status change", range(len(steps)), format_func=lambda i: labels[i], key=f"editor.{entity_id}.status")
        prefix = f"editor.{entity_id}.{version}.status.{index}"
        with st.form(prefix):
            _status_fields(view, prefix, steps[index])
            left, right = st.columns(2)
            left.form_submit_button("Save this status change", icon=":material/save:", on_click=write, args=(
                SCOPE, _said("Saved the status change."),
                lambda p=prefix, i=index: update_status_change(folder, entity_id, version, i, _status_from(p, steps[i]))))
            right.form_submit_button("Remove this status change", icon=":material/delete:", on_click=write, args=(
                SCOPE, _said("Removed the status change."), lambda i=index: remove_status_change(folder, entity_id, version, i)))
    st.markdown("**Add a status change**")
    prefix = f"editor.{entity_id}.{version}.status.new"
    with st.form(prefix):
        _status_fields(view, prefix, {})
        st.form_submit_button("Add the status change", icon=":material/add:", on_click=write, args=(
            SCOPE, _said("Added the status change."),
            lambda p=prefix: add_status_change(folder, entity_id, version, _status_from(p, {})), None, prefix))


# -- statements -------------------------------------------------------------------------------


def _statement_fields(view: state.ViewState, key: tuple, prefix: str, old: Mapping[str, Any]) -> None:
    snapshot, timeline = state.snapshot_of(key), view.universe.timeline
    left, middle, right = st.columns(3)
    with left:
        pick_entity("Subject", snapshot, key, f"{prefix}.subject", default=old.get("subject"))
    with middle:
        pick_relation("Relation", snapshot.universe, f"{prefix}.relation", default=old.get("relation"))
    with right:
        pick_entity("Object", snapshot, key, f"{prefix}.object", default=old.get("object"))
    left, middle, right = st.columns(3)
    with left:
        pick_point("Holds from", timeline, f"{prefix}.from", default=old.get("from"), allow_none=True, none_label="the start")
    with middle:
        pick_point("Holds until", timeline, f"{prefix}.until", default=old.get("until"), allow_none=True, none_label="the end")
    with right:
        pick_evidence("Evidence", f"{prefix}.evidence", default=Evidence(old.get("evidence") or "canon"))
    st.text_input("Note", value=old.get("note") or "", key=f"{prefix}.note", max_chars=1000)


def _statement_from(prefix: str, old: Mapping[str, Any]) -> dict:
    statement = {**old, "subject": entity_value(f"{prefix}.subject"), "relation": value(f"{prefix}.relation"),
                 "object": entity_value(f"{prefix}.object")}
    statement.pop("value", None)
    _set(statement, "from", optional(value(f"{prefix}.from")))
    _set(statement, "until", optional(value(f"{prefix}.until")))
    _set(statement, "evidence", None if value(f"{prefix}.evidence") == "canon" else value(f"{prefix}.evidence"))
    _set(statement, "note", value(f"{prefix}.note"))
    return statement


def _statements(view: state.ViewState, record: EntityRecord, key: tuple) -> None:
    folder, version, entity_id = view.folder, record.version, record.id
    canon = state.snapshot_of(key).universe
    known = {s.id: s for s in canon.statements}
    editable = [s for s in record.statements if s.data.get("object") is not None]
    if editable:
        labels = {s.id: statement_label(canon, known[s.id]) if s.id in known else s.id for s in editable}
        chosen = st.selectbox("Relation", [s.id for s in editable], format_func=labels.get, key=f"editor.{entity_id}.statement")
        found = next(s for s in editable if s.id == chosen)
        prefix = f"editor.{entity_id}.{version}.statement.{chosen}"
        with st.form(prefix):
            _statement_fields(view, key, prefix, found.data)
            left, right = st.columns(2)
            left.form_submit_button("Save this relation", icon=":material/save:", on_click=write, args=(
                SCOPE, _said("Saved the relation."),
                lambda p=prefix: edit_statement(folder, entity_id, version, chosen, _statement_from(p, found.data))))
            right.form_submit_button("Remove this relation", icon=":material/delete:", on_click=write, args=(
                SCOPE, _said("Removed the relation."), lambda: remove_statement(folder, entity_id, version, chosen)))
    st.markdown("**Add a relation**")
    prefix = f"editor.{entity_id}.{version}.statement.new"
    with st.form(prefix):
        _statement_fields(view, key, prefix, {"subject": entity_id})
        st.form_submit_button("Add the relation", icon=":material/add:", on_click=write, args=(
            SCOPE, _said("Added the relation."),
            lambda p=prefix: add_statement(folder, entity_id, version, _statement_from(p, {})), None, prefix))


def _undo(view: state.ViewState, record: EntityRecord) -> None:
    folder = view.folder
    files = sorted({Path(record.file).name, *(Path(s.file).name for s in record.statements)})
    st.caption("Every saved version is kept in the universe's .history folder: undo steps back one edit of a file "
               "(whoever made it).")
    for name in files:
        st.button(f"Undo the last edit of {md(name)}", key=f"editor.{record.id}.undo.{name}", icon=":material/undo:",
                  on_click=write, args=(SCOPE, f"Undid the last edit of {name}.", lambda n=name: undo_canon(folder, n)))
    st.caption(md(f"This page lives in {Path(record.file).name}."))
