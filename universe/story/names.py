"""Finding entities by name: any alias, any romanisation, any case, and typos.

"Soo-hyuk", "su hyeok" and "SUHYEOK" all find Lee Su-hyeok when the universe lists the alias;
a typo ("Cheongsna") still finds him through fuzzy matching (rapidfuzz).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from itertools import compress
from typing import Iterable, Mapping

from universe.story.model import Entity

__all__ = ["normalise_name", "NameIndex", "Match"]


def normalise_name(text: str) -> str:
    """A name folded for lookup: case, accents, hyphens, spaces and punctuation removed.

    >>> normalise_name("Lee Su-hyeok") == normalise_name("lee suhyeok")
    True
    >>> normalise_name("Mme. Thénardier")
    'mmethenardier'
    """
    text = str(text)
    if text.isascii():  # most names: the same folding, one C call (no accents to strip)
        return text.lower().translate(_ASCII_NON_WORD)
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_WORD.sub("", stripped)


def _normalise_all(texts: list) -> list[str]:
    """`normalise_name` of each text; ASCII texts (most names) folded all at once."""
    texts = list(map(str, texts))
    if texts and all(map(str.isascii, texts)):
        folded = b"\x80".join(map(str.encode, texts)).lower().translate(None, _ASCII_DELETED)
        return list(map(bytes.decode, folded.split(b"\x80")))  # 0x80: never in an ASCII text
    return list(map(normalise_name, texts))


_NON_WORD = re.compile(r"[\W_]+")
#: What `_NON_WORD` removes from an ASCII text once lower-cased: all but a-z and 0-9.
_ASCII_NON_WORD = {code: None for code in range(128) if not (chr(code).isascii() and chr(code).isalnum())}
_ASCII_DELETED = bytes(_ASCII_NON_WORD)


@dataclass(frozen=True, slots=True)
class Match:
    """A search hit: the entity, the name that matched, and a score out of 100."""

    entity: Entity
    matched: str
    score: float


class NameIndex:
    """Every visible name of a set of entities, for exact lookup and fuzzy search."""

    def __init__(self, entities: Iterable[Entity], names: Mapping[str, Iterable[str]] | None = None):
        self._entities: dict[str, Entity] = {}
        self._ids: list[str] = []  # a row per distinct name of each entity, its id first ...
        self._names: list[str] = []  # ... the name (the id itself first) ...
        for entity in entities:
            entity_id = entity.id
            self._entities[entity_id] = entity
            if names and entity_id in names:
                all_names = dict.fromkeys([entity_id, *names[entity_id]])
            elif entity.aliases:
                all_names = dict.fromkeys([entity_id, *entity.names])
            else:  # most entities: the id and the name, without building `entity.names`
                all_names = (entity_id,) if entity.name == entity_id else (entity_id, entity.name)
            self._ids.extend([entity_id] * len(all_names))
            self._names.extend(all_names)
        self._keys = _normalise_all(self._names)  # ... and the name folded (all at once)

    def lookup(self, name: str) -> list[Entity]:
        """Entities whose id, name or alias equals `name` once folded (several if ambiguous)."""
        key = normalise_name(name)
        if not key:
            return []
        found = dict.fromkeys(compress(self._ids, map(key.__eq__, self._keys)))  # one pass in C
        return [self._entities[i] for i in found]

    @cached_property
    def _searched(self) -> tuple[list[str], list[tuple[str, str]]]:
        """The folded names a search compares with (every name but the ids themselves), and the
        (entity id, original name) of each."""
        rows = [(key, (entity_id, name)) for key, entity_id, name in zip(self._keys, self._ids, self._names)
                if key and name != entity_id]
        return [key for key, _ in rows], [owner for _, owner in rows]

    def search(self, query: str, limit: int = 10, cutoff: float = 60) -> list[Match]:
        """The best matches for `query`: exact names first, then prefixes, then fuzzy ones."""
        key = normalise_name(query)
        if not key:
            return []
        best: dict[str, Match] = {}
        choices, owners = self._searched

        def offer(entity_id: str, name: str, score: float) -> None:
            current = best.get(entity_id)
            if current is None or score > current.score:
                best[entity_id] = Match(self._entities[entity_id], name, score)

        for index, choice in enumerate(choices):
            if choice == key:
                offer(*owners[index], 100.0)
            elif choice.startswith(key) or key in choice:
                offer(*owners[index], 90.0 + 9.0 * len(key) / len(choice))
        if len(best) < limit:
            from rapidfuzz import fuzz, process  # only a fuzzy search needs it (an exact lookup does not)

            for choice, score, index in process.extract(
                key, choices, scorer=fuzz.WRatio, limit=limit * 3, score_cutoff=cutoff
            ):
                offer(*owners[index], min(float(score), 89.0))
        ranked = sorted(best.values(), key=lambda m: (-m.score, m.entity.name))
        return ranked[:limit]
