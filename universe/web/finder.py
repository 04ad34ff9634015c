"""A search-first entity finder: a select box when there are a few hundred entities to choose
from, a search box and its best matches when there are thousands (a select box of 20,000 options
is slow to send on every rerun and to scroll).
"""

from __future__ import annotations

from typing import Callable, Sequence

import streamlit as st

from universe.story.snapshot import Snapshot
from universe.web import state

__all__ = ["entity_finder", "PLAIN_LIMIT", "MATCHES"]

PLAIN_LIMIT = 500  # up to this many options, a plain select box
MATCHES = 25  # search results offered at once


def entity_finder(
    container,
    label: str,
    snapshot: Snapshot,
    options: Sequence[str],
    *,
    key: str,
    param: str,
    default: str,
    format_func: Callable[[str], str],
    help: str | None = None,
    disabled: bool = False,
) -> str:
    """A select box of entity ids `options` (in `container`) whose value lives in
    ``st.session_state[key]`` and in the URL parameter `param` (`default` leaves it out; seed it
    with `state.seed_widget` first). Above `PLAIN_LIMIT` options, a search box comes first:
    typing a name picks the best match, and the select box offers the other matches."""
    if len(options) <= PLAIN_LIMIT:
        return container.selectbox(
            label, options, key=key, format_func=format_func, help=help, disabled=disabled,
            on_change=state.sync_widget, args=(param, key, default),
        )
    allowed = set(options)
    search = f"{key}.search"
    with container:
        query = st.text_input(
            f"Search: {label.lower()}", key=search, max_chars=200, icon=":material/search:", disabled=disabled,
            placeholder=f"a name among {len(options):,}", on_change=_pick_best,
            args=(snapshot, allowed, key, search, param, default),
        )
        current = st.session_state.get(key, default)
        shown = [option for option in (default, current) if option in allowed]
        if query and query.strip():
            shown += [match.entity.id for match in snapshot.search(query, limit=MATCHES) if match.entity.id in allowed]
        shown = list(dict.fromkeys(shown)) or list(options[:MATCHES])  # in order, once each
        return st.selectbox(
            label, shown, key=key, format_func=format_func, disabled=disabled, on_change=state.sync_widget,
            args=(param, key, default),
            help=(help + " " if help else "") + "Search above: the select box offers the best matches.",
        )


def _pick_best(snapshot: Snapshot, allowed: set, key: str, search: str, param: str, default: str) -> None:
    """on_change of the search box: the best visible match becomes the value."""
    query = st.session_state.get(search) or ""
    if not query.strip():
        return
    for match in snapshot.search(query, limit=MATCHES):
        if match.entity.id in allowed:
            st.session_state[key] = match.entity.id
            state.sync_widget(param, key, default)
            return
