"""Which entity a name typed on the command line means: the Wiki's search, and honest hints.

`universe show Valjean` finds "Jean Valjean" the way the Wiki's search box does (aliases,
romanisations, typos), and says which entity it chose when the name was not exact. When nothing
is close enough, the hints offered are names close to what was typed, never loose partial
matches ("Oberyn Martell" is not a hint for "Robert Baratheon").
"""

from __future__ import annotations

from universe.errors import EntityNotFound
from universe.story.model import Entity
from universe.story.names import normalise_name
from universe.story.snapshot import Snapshot

__all__ = ["choose_entity", "close_names"]

CHOSEN = 88  # a search hit at least this good is taken (prefixes and substrings score 90+)
CLOSE = 72  # a name at least this similar, as a whole, is a hint


def _similarity(typed: str, name: str) -> float:
    """How alike two names are as wholes (0-100): the whole folded text, or word for word."""
    from rapidfuzz import fuzz  # only when the name typed is not exact

    whole = fuzz.ratio(normalise_name(typed), normalise_name(name))
    words = fuzz.token_sort_ratio(typed.casefold(), name.casefold())
    return max(whole, words)


def close_names(snapshot: Snapshot, typed: str, limit: int = 3) -> list[str]:
    """Up to `limit` visible names close to `typed`, best first."""
    hits = []
    for match in snapshot.search(typed, limit=20):
        score = max(_similarity(typed, match.matched), _similarity(typed, match.entity.name))
        if score >= CLOSE:
            hits.append((score, match.entity.name))
    hits.sort(key=lambda hit: -hit[0])
    return list(dict.fromkeys(name for _, name in hits))[:limit]


def choose_entity(snapshot: Snapshot, typed: str) -> tuple[Entity, str | None]:
    """The entity `typed` names, and a sentence saying which one was chosen when the name was
    not exact (None when it was). Raises EntityNotFound with close hints, if any."""
    try:
        return snapshot.find(typed), None
    except EntityNotFound:
        pass
    hits = snapshot.search(typed, limit=5)
    if hits:
        best = hits[0]
        if best.score >= CHOSEN or _similarity(typed, best.matched) >= CLOSE:
            via = "" if best.matched == best.entity.name else f" (as {best.matched!r})"
            return best.entity, f"showing {best.entity.name}{via}, the best match for {typed!r}"
    hints = close_names(snapshot, typed)
    also = f"; did you mean {', '.join(repr(name) for name in hints)}?" if hints else ""
    raise EntityNotFound(f"no entity named {typed!r}{also}")
