"""Plural kind labels for imported node types: ``Hero`` -> ``Heroes``, never ``Heros``."""

from __future__ import annotations

__all__ = ["plural"]

_IRREGULAR = {"person": "people", "man": "men", "woman": "women", "child": "children", "mouse": "mice",
              "foot": "feet", "tooth": "teeth", "goose": "geese", "ox": "oxen", "wolf": "wolves", "elf": "elves",
              "dwarf": "dwarves", "thief": "thieves", "wife": "wives", "knife": "knives", "life": "lives",
              "leaf": "leaves", "half": "halves", "self": "selves", "series": "series", "species": "species",
              "sheep": "sheep", "deer": "deer", "fish": "fish", "staff": "staff", "crew": "crew"}
_OES = {"hero", "potato", "tomato", "echo", "veto", "torpedo", "embargo", "volcano"}


def plural(label: str) -> str:
    """The plural of a kind's label: ``Hero`` -> ``Heroes``, ``Actress`` -> ``Actresses``,
    ``Comic issue`` -> ``Comic issues``, ``Person`` -> ``People``, ``Film`` -> ``Films``; a label
    already plural (``Characters``) stays.

    >>> [plural(w) for w in ("Hero", "Actress", "Ally", "Boy", "Person", "Wolf", "Film", "Church", "Actors")]
    ['Heroes', 'Actresses', 'Allies', 'Boys', 'People', 'Wolves', 'Films', 'Churches', 'Actors']
    """
    head, _, last = label.rpartition(" ")
    prefix = head + " " if head else ""
    word = last.casefold()
    if word in _IRREGULAR:
        out = _IRREGULAR[word]
    elif word.endswith(("ss", "sh", "ch", "x", "z")) or word in _OES:
        out = word + "es"
    elif word.endswith("s"):
        out = word  # already plural: Characters, Actors
    elif len(word) > 1 and word.endswith("y") and word[-2] not in "aeiou":
        out = word[:-1] + "ies"
    else:
        out = word + "s"
    if last.isupper() and len(last) > 1:
        out = out.upper()
    elif last[:1].isupper():
        out = out[:1].upper() + out[1:]
    return prefix + out
