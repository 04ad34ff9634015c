"""The entity picker of every page and form: it finds by any name, alias, romanisation or typo,
exactly as the Wiki's search does (the snapshot's `NameIndex`).

A select box lists the entities by name with their aliases in the label, so Streamlit's own
filter finds "Chung-san" under "Lee Cheong-san · also Chung-san". It also accepts typed text:
Enter keeps what was typed, and the picker resolves it with the Wiki's search (typos forgiven,
best match first), so "Cheong" + Enter picks Lee Cheong-san, not the first label that starts
with "Cheong". Outside a form that happens at once (`entity_finder`); inside a form, when the
form is read (`universe.views.pickers.entity_value`).

Above `PLAIN_LIMIT` options (a select box of 20,000 options is slow to send on every rerun and to
scroll), a search box comes first and the select box offers its best matches.
"""

from __future__ import annotations

from typing import Callable, Iterable, Sequence

import streamlit as st

from universe.story.snapshot import Snapshot
from universe.views import state
from universe.views.text import md

__all__ = ["entity_finder", "resolve", "with_aliases", "PLAIN_LIMIT", "MATCHES", "ALIASES_SHOWN"]

PLAIN_LIMIT = 500  # up to this many options, a plain select box
MATCHES = 25  # search results offered at once
ALIASES_SHOWN = 6  # aliases written into an option's label (all of them are searched)


def with_aliases(snapshot: Snapshot, entity_id: str, label: str) -> str:
    """An option label with the entity's visible aliases after it (``Lee Cheong-san · also
    Cheong-san, Chung-san``), so a select box's own filter finds them too."""
    entity = snapshot.entities.get(entity_id)
    if entity is None or not entity.aliases:
        return label
    names = [a.name for a in entity.aliases if a.name != entity.name][:ALIASES_SHOWN]
    return f"{label} · also {', '.join(names)}" if names else label


def resolve(snapshot: Snapshot, text: str | None, allowed: Iterable[str] | None = None) -> str | None:
    """The id of the entity `text` names: `text` itself when it is an allowed id, else the best
    match of the Wiki's search among `allowed` (all visible entities when None); None when
    nothing matches.

    >>> from universe.exchange.generate import tiny_universe
    >>> snapshot = tiny_universe().as_of("S1E3")
    >>> resolve(snapshot, "alcie"), resolve(snapshot, "alice"), resolve(snapshot, "zzzz")
    ('alice', 'alice', None)
    """
    if text is None or not str(text).strip():
        return None
    wanted = None if allowed is None else set(allowed)
    if text in snapshot.entities and (wanted is None or text in wanted):
        return text
    for match in snapshot.search(str(text), limit=MATCHES):
        if wanted is None or match.entity.id in wanted:
            return match.entity.id
    return None


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
    with `state.seed_widget` first). Typed text + Enter picks the Wiki search's best match.
    Above `PLAIN_LIMIT` options, a search box comes first: typing a name picks the best match
    as you type, and the select box offers the other matches."""
    allowed = set(options)
    kept = f"{key}.kept"  # the last entity chosen, to fall back on when typed text matches nothing
    if st.session_state.get(key) in allowed:
        st.session_state[kept] = st.session_state[key]
    labels = lambda option: with_aliases(snapshot, option, format_func(option)) if option in allowed else str(option)
    args = (snapshot, allowed, key, param, default)
    _say_missed(container, key)
    if len(options) <= PLAIN_LIMIT:
        return container.selectbox(
            label, options, key=key, format_func=labels, help=_help(help), disabled=disabled,
            accept_new_options=True, on_change=_resolve_typed, args=args,
        )
    search = f"{key}.search"
    with container:
        query = st.text_input(
            f"Search: {label.lower()}", key=search, max_chars=200, icon=":material/search:", disabled=disabled,
            placeholder=f"a name among {len(options):,}", on_change=_pick_best, live=True,
            args=(snapshot, allowed, key, search, param, default),
        )
        current = st.session_state.get(key, default)
        shown = [option for option in (default, current) if option in allowed]
        if query and query.strip():
            shown += [match.entity.id for match in snapshot.search(query, limit=MATCHES) if match.entity.id in allowed]
        shown = list(dict.fromkeys(shown)) or list(options[:MATCHES])  # in order, once each
        return st.selectbox(
            label, shown, key=key, format_func=labels, disabled=disabled, accept_new_options=True,
            on_change=_resolve_typed, args=args,
            help=_help(help) + " Search above: the select box offers the best matches.",
        )


def _help(help: str | None) -> str:
    return (help + " " if help else "") + "Type any name, nickname or spelling, then Enter: typos are forgiven."


def _say_missed(container, key: str) -> None:
    missed = st.session_state.pop(f"{key}.missed", None)
    if missed:
        container.caption(f"Nothing visible at this point is called “{md(missed)}”.")


def _resolve_typed(snapshot: Snapshot, allowed: set, key: str, param: str, default: str) -> None:
    """on_change of the select box: text typed and kept with Enter becomes the entity the Wiki's
    search finds best; when nothing matches, the previous choice stays and the page says so."""
    typed = st.session_state.get(key)
    if typed not in allowed:
        found = resolve(snapshot, typed, allowed)
        if found is None:
            st.session_state[f"{key}.missed"] = str(typed)
            found = st.session_state.get(f"{key}.kept", default)
        st.session_state[key] = found
    state.sync_widget(param, key, default)


def _pick_best(snapshot: Snapshot, allowed: set, key: str, search: str, param: str, default: str) -> None:
    """on_change of the search box: the best visible match becomes the value."""
    found = resolve(snapshot, st.session_state.get(search) or "", allowed)
    if found is not None:
        st.session_state[key] = found
        state.sync_widget(param, key, default)
