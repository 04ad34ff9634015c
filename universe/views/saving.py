"""Writes from the app's forms: run one as a button's callback, report its outcome on the run it
starts.

A callback's arguments are bound when the page is drawn, so a save carries the version of the
file the writer was looking at: if someone saved since, the core refuses it (`EditConflict`) and
the message shows what they changed. Nothing is ever written over silently; an invalid edit is
refused with its file:line problems and nothing is written. A form submitted twice (a double
click lands before the page is drawn again) names the same `once` token both times: the second
submission does nothing, so one submission saves once and its outcome stays the one shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import streamlit as st

from universe.errors import UniverseError, UniverseInvalid
from universe.storage.revisions import EditConflict, is_read_only
from universe.views.text import md

__all__ = ["Outcome", "FormIncomplete", "write", "show_outcome", "is_read_only", "value"]


class FormIncomplete(UniverseError):
    """A form was sent without something it needs (a rationale, a name)."""


@dataclass(frozen=True)
class Outcome:
    """What the last write of a page did: ``saved``, ``conflict``, ``invalid`` or ``refused``."""

    kind: str
    message: str
    detail: str = ""


_DONE = "saving.done"  # the `once` tokens of the submissions that saved


def _slot(scope: str) -> str:
    return f"{scope}.outcome"


def write(scope: str, success: "str | Callable[[Any], str]", action: Callable[[], Any],
          then: Callable[[Any], None] | None = None, once: str | None = None) -> None:
    """Callback body: run `action()` (which reads the form from ``st.session_state`` and calls the
    core), then `then(result)` when it worked; remember the outcome for `show_outcome(scope)`.

    `once` names the form as drawn (its key and the version it shows): a submission with a token
    that already saved is ignored."""
    done = st.session_state.setdefault(_DONE, set())
    if once is not None and once in done:
        return
    try:
        result = action()
    except EditConflict as conflict:
        head = str(conflict).split(" What changed:")[0]
        outcome = Outcome("conflict", head, "\n".join(conflict.changes) or "(the version you started from is not in the history)")
    except UniverseInvalid as invalid:
        errors = [p for p in invalid.problems if p.is_error]
        outcome = Outcome("invalid", "Refused: nothing was written. " + str(invalid).splitlines()[0],
                          "\n".join(str(p) for p in errors))
    except UniverseError as error:
        lines = str(error).splitlines()
        outcome = Outcome("refused", "Refused: nothing was written. " + (lines[0] if lines else type(error).__name__),
                          "\n".join(lines[1:]))
    else:
        outcome = Outcome("saved", success(result) if callable(success) else success)
        if once is not None:
            done.add(once)
        if then is not None:
            then(result)
    st.session_state[_slot(scope)] = outcome


def show_outcome(scope: str) -> Outcome | None:
    """Show (once) what the last write of `scope` did. Messages quote the data: verbatim code."""
    outcome = st.session_state.pop(_slot(scope), None)
    if not isinstance(outcome, Outcome):
        return None
    if outcome.kind == "saved":
        st.success(md(outcome.message), icon=":material/check_circle:")
    elif outcome.kind == "conflict":
        st.error(md(outcome.message), icon=":material/sync_problem:")
        st.code(outcome.detail, language="diff")
    else:
        st.error(md(outcome.message), icon=":material/block:")
    if outcome.detail and outcome.kind != "conflict":
        st.code(outcome.detail, language=None)
    return outcome


def value(key: str, default: Any = None) -> Any:
    """A form widget's submitted value (text stripped; empty text is None)."""
    found = st.session_state.get(key, default)
    if isinstance(found, str):
        found = found.strip()
        return found or None
    return found
