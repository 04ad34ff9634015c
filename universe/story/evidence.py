"""Evidence levels (how sure we are of a fact) and ranks (how conflicting claims compare)."""

from __future__ import annotations

from enum import Enum

from universe.errors import UnknownEvidence

__all__ = ["Evidence", "Rank", "EVIDENCE_LEVELS", "RANKS"]


class Evidence(str, Enum):
    """How sure we are of a fact, strongest first.

    Comparison follows certainty: ``Evidence.CANON > Evidence.TEASED``.

    >>> Evidence.parse("fan theory") is Evidence.FAN_THEORY
    True
    >>> Evidence.TEASED.admits(Evidence.CANON), Evidence.CANON.admits(Evidence.TEASED)
    (True, False)
    """

    CANON = "canon"
    OFFICIAL = "official"
    REPORTED = "reported"
    TEASED = "teased"
    SPECULATION = "speculation"
    FAN_THEORY = "fan-theory"

    @property
    def strength(self) -> int:
        """5 for canon down to 0 for fan theory."""
        return _STRENGTH[self]

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def description(self) -> str:
        return _DESCRIPTIONS[self]

    def admits(self, other: "Evidence") -> bool:
        """True when a fact of evidence `other` passes this minimum level."""
        return other.strength >= self.strength

    def __lt__(self, other: object) -> bool:  # type: ignore[override]
        if not isinstance(other, Evidence):
            return NotImplemented
        return self.strength < other.strength

    def __le__(self, other: object) -> bool:  # type: ignore[override]
        if not isinstance(other, Evidence):
            return NotImplemented
        return self.strength <= other.strength

    def __gt__(self, other: object) -> bool:  # type: ignore[override]
        if not isinstance(other, Evidence):
            return NotImplemented
        return self.strength > other.strength

    def __ge__(self, other: object) -> bool:  # type: ignore[override]
        if not isinstance(other, Evidence):
            return NotImplemented
        return self.strength >= other.strength

    @classmethod
    def parse(cls, text: "str | Evidence") -> "Evidence":
        """The level named by `text` (``canon``, ``fan-theory``, ``Fan theory``...).

        Raises UnknownEvidence naming the value and the known levels.
        """
        if isinstance(text, Evidence):
            return text
        key = str(text).strip().lower().replace("_", "-").replace(" ", "-")
        try:
            return cls(key)
        except ValueError:
            known = ", ".join(e.value for e in cls)
            raise UnknownEvidence(f"unknown evidence level {text!r} (known: {known})") from None


_ORDER = list(Evidence)
_STRENGTH = {level: len(_ORDER) - 1 - index for index, level in enumerate(_ORDER)}
EVIDENCE_LEVELS = tuple(e.value for e in Evidence)
_LABELS = {
    Evidence.CANON: "Canon",
    Evidence.OFFICIAL: "Official",
    Evidence.REPORTED: "Reported",
    Evidence.TEASED: "Teased",
    Evidence.SPECULATION: "Speculation",
    Evidence.FAN_THEORY: "Fan theory",
}
_DESCRIPTIONS = {
    Evidence.CANON: "shown in the story itself",
    Evidence.OFFICIAL: "announced by the studio or network",
    Evidence.REPORTED: "reported by the press",
    Evidence.TEASED: "hinted in a teaser or by a creator",
    Evidence.SPECULATION: "an article's prediction",
    Evidence.FAN_THEORY: "a theory among fans",
}


class Rank(str, Enum):
    """Wikidata-style rank of a claim among conflicting claims."""

    PREFERRED = "preferred"
    NORMAL = "normal"
    DEPRECATED = "deprecated"


RANKS = tuple(r.value for r in Rank)
