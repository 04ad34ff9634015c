"""The Arcs page: a writer's what-ifs beside canon (``/arcs?arc=<id>``).

Lists the universe's arcs revealed by the viewer's horizon (an arc's id, title and description
are spoilers like any fact: see `universe.writing.arcdiff.arc_reveal`); creates, imports, renames, duplicates and deletes them; for the arc
chosen in the sidebar shows its diff against canon (spoiler-safe at the horizon), its changes
(add, edit, remove, promote: `universe.views.arcchanges`), its history with undo, and its file to
download. In a read-only deployment (UNIVERSE_READ_ONLY=1) the page shows arcs and diffs only.
"""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from universe.errors import UniverseError
from universe.exchange.importers.builder import slugify
from universe.storage.revisions import read_versioned
from universe.views import state
from universe.views.arcchanges import SCOPE, show_add, show_changes
from universe.views.arcchoice import CANON, ArcLayer, arc_layer, visible_summaries
from universe.views.pickers import optional, pick_point
from universe.views.saving import FormIncomplete, is_read_only, show_outcome, value, write
from universe.views.text import md
from universe.writing.arcs import Arc, ArcInvalid
from universe.writing.arcstore import (
    arc_history,
    arc_path,
    create_arc,
    delete_arc,
    deleted_arcs,
    duplicate_arc,
    import_arc,
    load_arc,
    rename_arc,
    save_arc_text,
    undo_arc,
    update_arc,
)

__all__ = ["render", "diff_table"]

TABS = "arcs.tabs"
ACTION_MARKS = {"added": "+ added", "changed": "~ changed", "retracted": "− retracted"}
REVEALED_HELP = ("An arc's title is a spoiler like any fact: a viewer before this story point never sees the "
                 "arc, its title or its description. Left empty, the latest point its changes touch.")


def _choose(arc_id: str | None) -> None:
    """After a create, import, rename, duplicate or delete: show that arc (or canon) everywhere."""
    st.session_state["state.arc"] = arc_id or CANON
    if arc_id:
        st.query_params["arc"] = arc_id
    else:
        st.query_params.pop("arc", None)


def render() -> None:
    view = state.current()
    read_only = is_read_only()
    st.title("Arcs")
    st.caption("A writer's what-if beside canon: pick an arc in the sidebar and every page shows canon plus "
               "its changes. Nothing here overwrites canon until you promote a change.")
    if read_only:
        st.info("This site is read-only: arcs can be viewed and compared, not changed.", icon=":material/lock:")
    # Containers keep the page's layout the same from run to run, whatever they hold, so the
    # browser keeps the tab a writer is on when a message comes or goes.
    with st.container():
        show_outcome(SCOPE)
    arc_id = st.session_state.get("state.arc") or None
    with st.container():
        _list(view)
    if not read_only:
        with st.container():
            _new(view)
    if arc_id is None:
        st.info("Choose an arc in the sidebar (or in the table above) to see its diff and its changes.")
        return
    st.divider()
    try:
        arc = load_arc(view.folder, arc_id)
    except ArcInvalid as invalid:
        _malformed(view, arc_id, invalid, read_only)
        return
    except UniverseError as error:
        st.error(md(str(error)))
        return
    canon = state.load(view.folder).universe
    layer = arc_layer(view.folder, canon.version, arc_id) if canon is not None else None
    with st.container():
        _header(view, arc, read_only)
    names = ["Diff against canon", "Changes", "History", "Share"]
    if not read_only:
        names[2:2] = ["Add a change", "Settings"]
    if st.session_state.get(TABS) not in (None, *names):
        del st.session_state[TABS]
    # Only the open tab runs: its pickers list a big universe's entities, nothing else is sent.
    tabs = dict(zip(names, st.tabs(names, key=TABS, on_change="rerun")))
    shown = {name: tab for name, tab in tabs.items() if tab.open is not False}
    if "Diff against canon" in shown:
        with shown["Diff against canon"]:
            _diff(view, layer)
    if "Changes" in shown:
        with shown["Changes"]:
            show_changes(view, arc, layer, read_only)
    if "Add a change" in shown:
        with shown["Add a change"]:
            if layer is not None and layer.universe is not None:
                show_add(view, arc)
            else:
                st.caption("Fix the arc first: changes are checked against canon plus the arc.")
    if "Settings" in shown:
        with shown["Settings"]:
            _settings(view, arc)
    if "History" in shown:
        with shown["History"]:
            _history(view, arc_id)
    if "Share" in shown:
        with shown["Share"]:
            _share(arc)


# -- every arc ------------------------------------------------------------------------------


def _visible(view: state.ViewState):
    """The arcs a viewer at the sidebar's horizon may know of."""
    canon = state.load(view.folder).universe
    return visible_summaries(view.folder, canon, view.horizon) if canon is not None else []


def _list(view: state.ViewState) -> None:
    summaries = _visible(view)
    if view.horizon is not None:  # said whether or not arcs lie beyond: no hint that some do
        st.caption(f"Only the arcs revealed by **{md(view.horizon_label)}** are listed: set the horizon to "
                   "everything to see, and edit, every arc.")
    if not summaries:
        st.caption("No arc to show here." if view.horizon is not None else "This universe has no arc yet.")
        return
    frame = pd.DataFrame([{
        "arc": s.title, "author": s.author or "", "builds on": s.base or "canon", "changes": s.changes,
        "revealed": s.revealed.id if s.revealed else "", "file": s.file,
        "problem": (s.error or "").splitlines()[0] if s.error else "", "id": s.id,
    } for s in summaries])
    if not frame["problem"].any():
        frame = frame.drop(columns="problem")
    st.dataframe(frame.drop(columns="id"), hide_index=True, width="stretch", key="arcs.list",
                 on_select=partial(_picked, list(frame["id"])), selection_mode="single-row")
    st.caption("Select a row to show that arc on every page.")


def _picked(ids: list[str]) -> None:
    rows = st.session_state["arcs.list"].selection.rows
    if rows:
        _choose(ids[rows[0]])


def _new(view: state.ViewState) -> None:
    folder = view.folder
    left, right = st.columns(2)
    with left, st.expander("New arc", icon=":material/add:"):
        with st.form("arcs.create"):
            st.text_input("Title", key="arcs.create.title", max_chars=200, placeholder="What if...?")
            st.text_input("Id (optional)", key="arcs.create.id", max_chars=80,
                          help="Its file name, a slug; made from the title when left empty.")
            st.text_input("Author", key="arcs.create.author", max_chars=200)
            bases = [CANON, *(s.id for s in _visible(view) if s.error is None)]
            st.selectbox("Builds on", bases, key="arcs.create.base", format_func=lambda b: b or "canon")
            st.text_area("Description", key="arcs.create.description", max_chars=5000)
            pick_point("Revealed at", view.universe.timeline, "arcs.create.revealed", allow_none=True,
                       none_label="by its changes", help=REVEALED_HELP)

            def create() -> Arc:
                title = value("arcs.create.title")
                if not title:
                    raise FormIncomplete("A new arc needs a title.")
                arc_id = value("arcs.create.id") or slugify(title) or "arc"
                return create_arc(folder, arc_id, title, author=value("arcs.create.author"),
                                  base=value("arcs.create.base") or None, description=value("arcs.create.description"),
                                  revealed=optional(value("arcs.create.revealed")))

            st.form_submit_button("Create the arc", type="primary", on_click=write, args=(
                SCOPE, lambda arc: f"Created the arc {arc.id!r}.", create, lambda arc: _choose(arc.id)))
    with right, st.expander("Import an arc", icon=":material/upload:"):
        st.file_uploader("An arc file (.yaml)", type=["yaml", "yml"], key="arcs.import.file")
        st.text_area("...or paste it", key="arcs.import.text", max_chars=500_000)
        st.text_input("Save it as (optional id)", key="arcs.import.id", max_chars=80,
                      help="When its id is taken here.")

        def imported() -> Arc:
            upload = st.session_state.get("arcs.import.file")
            text = upload.getvalue().decode("utf-8", errors="replace") if upload is not None else value("arcs.import.text")
            if not text:
                raise FormIncomplete("Choose an arc file, or paste one.")
            return import_arc(folder, text, value("arcs.import.id"))

        st.button("Import", key="arcs.import", on_click=write, args=(
            SCOPE, lambda arc: f"Imported the arc {arc.id!r}.", imported, lambda arc: _choose(arc.id)))
    gone = deleted_arcs(folder) if view.horizon is None else []  # their reveal points are unknown
    if gone:
        with st.expander(f"Deleted arcs ({len(gone)})", icon=":material/restore_from_trash:"):
            for arc_id in gone:
                st.button(f"Bring back {arc_id}", key=f"arcs.restore.{arc_id}", on_click=write, args=(
                    SCOPE, f"Brought back the arc {arc_id!r}.", lambda a=arc_id: undo_arc(folder, a), lambda arc: _choose(arc.id if arc else None)))


# -- one arc --------------------------------------------------------------------------------


def _header(view: state.ViewState, arc: Arc, read_only: bool) -> None:
    st.header(md(arc.title))
    facts = [f"{len(arc.changes)} change{'s' if len(arc.changes) != 1 else ''}", f"builds on {arc.base or 'canon'}",
             f"file {arc.file}"]
    if arc.author:
        facts.insert(0, f"by {arc.author}")
    st.caption(md(" · ".join(facts)))
    if arc.description:
        st.markdown(md(arc.description))
    if not read_only:
        folder, version = view.folder, arc.version
        st.button("Undo the last change", key="arcs.undo", icon=":material/undo:", on_click=write, args=(
            SCOPE, f"Undid the last change to {arc.id!r}.", lambda: undo_arc(folder, arc.id, version),
            lambda restored: _choose(restored.id if restored else None)))


def diff_table(rows) -> pd.DataFrame:
    """Diff rows as a table: what, about what, why, how sure, and when a viewer learns it."""
    return pd.DataFrame([{
        "": ACTION_MARKS.get(r.action, r.action), "change": r.summary, "rationale": r.rationale,
        "evidence": r.evidence.label, "plot": r.plot or "", "revealed": r.revealed.id if r.revealed else "",
        "arc": r.arc, "id": r.change,
    } for r in rows], columns=["", "change", "rationale", "evidence", "plot", "revealed", "arc", "id"])


def _diff(view: state.ViewState, layer: ArcLayer | None) -> None:
    if layer is None or layer.diff is None:
        st.caption("This arc does not apply to canon, so it has no diff: see its problems above.")
        return
    shown = layer.diff.as_of(view.horizon, view.min_evidence)
    hidden = len(layer.diff.rows) - len(shown.rows)
    st.caption(f"What the arc adds (+), changes (~) and retracts (−), as seen after **{md(view.horizon_label)}**.")
    if hidden:
        st.caption(f"{hidden} more change{'s' if hidden != 1 else ''} lie beyond your spoiler horizon or evidence level.")
    if not shown.rows:
        st.info("Nothing of this arc is visible at this point.")
        return
    table = diff_table(shown.rows)
    if (table["arc"] == layer.arc).all():
        table = table.drop(columns="arc")
    st.dataframe(table, hide_index=True, width="stretch", key="arcs.diff",
                 column_config={"rationale": st.column_config.TextColumn(width="large")})


def _settings(view: state.ViewState, arc: Arc) -> None:
    folder, version = view.folder, arc.version
    with st.form(f"arcs.header.{version}"):
        st.text_input("Title", value=arc.title, key=f"arcs.header.{version}.title", max_chars=200)
        st.text_input("Author", value=arc.author or "", key=f"arcs.header.{version}.author", max_chars=200)
        st.text_area("Description", value=arc.description or "", key=f"arcs.header.{version}.description", max_chars=5000)
        pick_point("Revealed at", view.universe.timeline, f"arcs.header.{version}.revealed", default=arc.revealed,
                   allow_none=True, none_label="by its changes", help=REVEALED_HELP)

        def header() -> Arc:
            prefix = f"arcs.header.{version}"
            if not value(f"{prefix}.title"):
                raise FormIncomplete("An arc needs a title.")
            return update_arc(folder, arc.id, version, title=value(f"{prefix}.title"),
                              author=value(f"{prefix}.author"), description=value(f"{prefix}.description"),
                              revealed=optional(value(f"{prefix}.revealed")))

        st.form_submit_button("Save", on_click=write, args=(SCOPE, "Saved the arc's header.", header))
    left, right = st.columns(2)
    with left, st.form(f"arcs.rename.{version}"):
        st.text_input("New id", key="arcs.rename.id", max_chars=80, help="A slug: lower-case letters, digits, hyphens.")

        def rename() -> Arc:
            new_id = value("arcs.rename.id")
            if not new_id:
                raise FormIncomplete("Give the arc its new id.")
            return rename_arc(folder, arc.id, version, new_id)

        st.form_submit_button("Rename", on_click=write, args=(
            SCOPE, lambda new: f"Renamed the arc to {new.id!r}.", rename, lambda new: _choose(new.id)))
    with right, st.form(f"arcs.duplicate.{version}"):
        st.text_input("Id of the copy", key="arcs.duplicate.id", max_chars=80)

        def duplicate() -> Arc:
            new_id = value("arcs.duplicate.id") or f"{arc.id}-copy"
            return duplicate_arc(folder, arc.id, new_id)

        st.form_submit_button("Duplicate", on_click=write, args=(
            SCOPE, lambda new: f"Copied the arc as {new.id!r}.", duplicate, lambda new: _choose(new.id)))
    with st.expander("Delete this arc", icon=":material/delete:"):
        sure = st.checkbox("Yes, delete it (its history keeps it: it can be brought back)", key=f"arcs.delete.sure.{version}")
        st.button("Delete the arc", key="arcs.delete", disabled=not sure, on_click=write, args=(
            SCOPE, f"Deleted the arc {arc.id!r}.", lambda: delete_arc(folder, arc.id, version), lambda _: _choose(None)))
    _yaml(view, arc.id, arc.text, arc.version)


def _yaml(view: state.ViewState, arc_id: str, text: str, version: str) -> None:
    """The arc's file as text, to fix or rewrite by hand (validated before it is saved)."""
    folder = view.folder
    with st.expander("Edit the file", icon=":material/code:"):
        if view.horizon is not None:  # the whole file, spoilers included
            st.caption("Set the spoiler horizon to everything to edit the whole file.")
            return
        with st.form(f"arcs.yaml.{version}"):
            st.text_area("YAML", value=text, height=400, key=f"arcs.yaml.{version}.text", max_chars=500_000)
            st.form_submit_button("Save the file", on_click=write, args=(
                SCOPE, "Saved the arc's file.",
                lambda: save_arc_text(folder, arc_id, version, st.session_state.get(f"arcs.yaml.{version}.text") or "")))


def _malformed(view: state.ViewState, arc_id: str, invalid: ArcInvalid, read_only: bool) -> None:
    st.header(md(arc_id))
    st.error("This arc's file cannot be read: nothing of it is shown on the other pages.")
    st.code("\n".join(str(p) for p in invalid.problems if p.is_error), language=None)
    if read_only:
        return
    text, version = read_versioned(arc_path(view.folder, arc_id))
    folder = view.folder
    st.button("Undo the last change", key="arcs.undo", icon=":material/undo:", on_click=write, args=(
        SCOPE, f"Undid the last change to {arc_id!r}.", lambda: undo_arc(folder, arc_id, version)))
    if text is not None:
        _yaml(view, arc_id, text, version)
    _history(view, arc_id)


def _history(view: state.ViewState, arc_id: str) -> None:
    kept = arc_history(view.folder, arc_id)
    if not kept:
        st.caption("No earlier version is kept yet.")
        return
    frame = pd.DataFrame([{"#": r.seq, "when (UTC)": r.time, "what": r.action, "version": r.version}
                          for r in reversed(kept)])
    st.caption("Every saved version is kept in the universe's .history folder; Undo steps back one at a time.")
    st.dataframe(frame, hide_index=True, width="stretch", key="arcs.history")


def _share(arc: Arc) -> None:
    st.caption("An arc is one file: send it, or put it in a pull request; the Import box above reads it back.")
    st.download_button(f"Download {arc.id}.yaml", arc.text, file_name=f"{arc.id}.yaml", mime="application/x-yaml",
                       on_click="ignore", icon=":material/download:", key="arcs.download")
