"""How a relation reads between two names, for any label a universe or an importer declares.

Its own module, free of networkx: the pages that write sentences (the Overview's latest changes,
the wiki) need it before any graph is built.
"""

from __future__ import annotations

__all__ = ["relation_phrase"]

_PREPOSITIONS = {"of", "by", "to", "with", "at", "in", "from", "for", "on", "into", "about", "as", "against", "under", "over", "behind"}
_ARTICLES = {"a", "an", "the"}
_VERBS = {"is", "was", "are", "were", "has", "had", "have", "can", "will", "does", "did", "knows", "owns", "leads", "rules", "loves", "hates"}
_NOT_VERBS = ("ss", "us", "is", "ics", "ous")


def _reads_as_verb(word: str) -> bool:
    """``interacts``, ``appears``, ``bullies``, ``killed``: a verb in the present or past."""
    word = word.casefold()
    if word in _VERBS:
        return True
    return (word.endswith("s") and not word.endswith(_NOT_VERBS) and len(word) > 3) or word.endswith("ed")


def relation_phrase(label: str) -> str:
    """A relation's label as it reads between two names, for any label a universe or an
    importer declares: ``friend of`` -> ``is friend of``; ``interacts with``, ``bullies`` and
    ``killed`` stay; a bare noun gets ``is ... of`` (``mentor`` -> ``is mentor of``).

    >>> [relation_phrase(l) for l in ("member of", "appears with", "located at", "ally", "rescued")]
    ['is member of', 'appears with', 'is located at', 'is ally of', 'rescued']
    """
    text = " ".join(label.replace("_", " ").split())
    words = text.split()
    if not words:
        return text
    first, last = words[0].casefold(), words[-1].casefold()
    if first == "is" or (len(words) > 1 and first in {"was", "are", "were"}):
        return text
    if _reads_as_verb(first) and not (first.endswith("ed") and last in _PREPOSITIONS):
        return text
    if last in _PREPOSITIONS or first in _ARTICLES or first.endswith("ed"):
        return "is " + text
    return f"is {text} of"
