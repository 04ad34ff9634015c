"""Finding entities by name: any alias, any romanisation, any case, and typos.

"Soo-hyuk", "su hyeok" and "SUHYEOK" all find Lee Su-hyeok when the universe lists the alias;
a typo ("Cheongsna") still finds him through fuzzy matching (rapidfuzz).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable, Mapping

from rapidfuzz import fuzz, process

from universe.story.model import Entity

__all__ = ["normalise_name", "NameIndex", "Match"]


def normalise_name(text: str) -> str:
    """A name folded for lookup: case, accents, hyphens, spaces and punctuation removed.

    >>> normalise_name("Lee Su-hyeok") == normalise_name("lee suhyeok")
    True
    >>> normalise_name("Mme. Thénardier")
    'mmethenardier'
    """
    decomposed = unicodedata.normalize("NFKD", str(text).casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[\W_]+", "", stripped)


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
        self._exact: dict[str, list[str]] = {}
        self._choices: list[str] = []
        self._owners: list[tuple[str, str]] = []  # (entity id, original name)
        for entity in entities:
            self._entities[entity.id] = entity
            all_names = list(names[entity.id]) if names and entity.id in names else list(entity.names)
            for name in dict.fromkeys([entity.id, *all_names]):
                key = normalise_name(name)
                if not key:
                    continue
                owners = self._exact.setdefault(key, [])
                if entity.id not in owners:
                    owners.append(entity.id)
                if name != entity.id:
                    self._choices.append(key)
                    self._owners.append((entity.id, name))

    def lookup(self, name: str) -> list[Entity]:
        """Entities whose id, name or alias equals `name` once folded (several if ambiguous)."""
        return [self._entities[i] for i in self._exact.get(normalise_name(name), ())]

    def search(self, query: str, limit: int = 10, cutoff: float = 60) -> list[Match]:
        """The best matches for `query`: exact names first, then prefixes, then fuzzy ones."""
        key = normalise_name(query)
        if not key:
            return []
        best: dict[str, Match] = {}

        def offer(entity_id: str, name: str, score: float) -> None:
            current = best.get(entity_id)
            if current is None or score > current.score:
                best[entity_id] = Match(self._entities[entity_id], name, score)

        for index, choice in enumerate(self._choices):
            if choice == key:
                offer(*self._owners[index], 100.0)
            elif choice.startswith(key) or key in choice:
                offer(*self._owners[index], 90.0 + 9.0 * len(key) / len(choice))
        if len(best) < limit:
            for choice, score, index in process.extract(
                key, self._choices, scorer=fuzz.WRatio, limit=limit * 3, score_cutoff=cutoff
            ):
                offer(*self._owners[index], min(float(score), 89.0))
        ranked = sorted(best.values(), key=lambda m: (-m.score, m.entity.name))
        return ranked[:limit]
