"""The pages' caches of what they derive from one version of a universe folder, shared by every
session, and dropped with that version.

A page caches what it computes from a version of a folder (a snapshot, a summary, a graph, a
profile) with ``st.cache_resource`` or ``st.cache_data``, keyed by that version. Nothing used to
drop those entries when the folder changed: each kept its version alive until evicted (the
snapshots' cache holds 64). The builds of unchanged files are shared between versions, so an old
version cost its own containers, the edited file's records and the pages' views of it: at 20,000
entities the explorer's memory grew by about 7 MB with every edit in the app (`docs/scale.md`).

`per_version` makes such a cache: the decorated function's first arguments name the folder and
its version, either as a view's key ``(folder, version, ...)`` or as ``folder, version, ...``.
Each call is recorded under its folder and version, at most as many per function as the cache
keeps (the least recently used first out). `drop_other_versions` (called by the load when a
folder's files changed) clears every entry of that folder's other versions, in every such cache;
the other folders' entries stay. An arc over canon is a version of its own (canon's and the arc
file's): `drop_version` drops an arc's earlier layer when its file changed. The cached functions
are Streamlit's own, so the spinner, the per-entry lock and the statistics are unchanged.
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

__all__ = ["drop_other_versions", "drop_version", "per_version"]

_lock = threading.Lock()
# folder: version: cached function: the calls made with it, (args, kwargs), least recently used first
_calls: dict[str, dict[str, dict[Callable, OrderedDict]]] = {}


def _folder_and_version(args: tuple) -> tuple[str, str] | None:
    first = args[0] if args else None
    if isinstance(first, tuple) and len(first) >= 2 and isinstance(first[0], str) and isinstance(first[1], str):
        return first[0], first[1]
    if isinstance(first, str) and len(args) >= 2 and isinstance(args[1], str):
        return first, args[1]
    return None


def per_version(cache: Callable, *, max_entries: int, show_spinner: "bool | str" = False) -> Callable:
    """A decorator: `cache` (``st.cache_resource`` or ``st.cache_data``) with `max_entries` and
    `show_spinner`, whose entries `drop_other_versions` drops by folder and version."""

    def decorate(function: Callable) -> Callable:
        cached = cache(max_entries=max_entries, show_spinner=show_spinner)(function)

        @functools.wraps(function)
        def call(*args: Any, **kwargs: Any) -> Any:
            where = _folder_and_version(args)
            if where is not None:
                _record(where, cached, (args, tuple(sorted(kwargs.items()))), max_entries)
            return cached(*args, **kwargs)

        call.clear = cached.clear  # type: ignore[attr-defined]
        return call

    return decorate


def _record(where: tuple[str, str], cached: Callable, made: tuple, limit: int) -> None:
    folder, version = where
    try:
        hash(made)
    except TypeError:  # an argument Streamlit hashes by value but Python cannot: not recorded
        return
    with _lock:
        calls = _calls.setdefault(folder, {}).setdefault(version, {}).setdefault(cached, OrderedDict())
        calls[made] = None
        calls.move_to_end(made)
        if len(calls) > limit:  # the cache has evicted its least recently used entry by now
            calls.popitem(last=False)


def drop_other_versions(folder: str, version: str | None) -> int:
    """Clear every recorded entry of `folder`'s versions other than `version` (None: all of its
    versions) from the caches `per_version` made; return how many entries were cleared."""
    return _drop(folder, lambda seen: seen != version)


def drop_version(folder: str, version: str) -> int:
    """Clear every recorded entry of `folder`'s `version` alone (an arc's layer over canon, edited:
    canon's own entries stay); return how many entries were cleared."""
    return _drop(folder, lambda seen: seen == version)


def _drop(folder: str, stale: Callable[[str], bool]) -> int:
    with _lock:
        versions = _calls.get(folder, {})
        dropped = [versions.pop(seen) for seen in [seen for seen in versions if stale(seen)]]
    cleared = 0
    for functions in dropped:
        for cached, calls in functions.items():
            for args, kwargs in calls:
                cached.clear(*args, **dict(kwargs))
                cleared += 1
    return cleared
