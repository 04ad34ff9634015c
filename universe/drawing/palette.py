"""Colours told apart by everyone: a universe's status colours, checked under colour blindness.

Universes declare a colour per status, and those are kept when they stand apart; a colour too
close to one already taken (for normal vision, or as a protan, deutan or tritan viewer sees it)
is replaced by the first colour of `CANDIDATES` that stands apart from all of them.

>>> status_colours(["#424242", "#454545"])[1] != "#454545"
True
"""

from __future__ import annotations

from typing import Iterable, Sequence

import numpy as np

__all__ = ["VISIONS", "CANDIDATES", "MIN_DISTANCE", "NO_STATUS_COLOUR", "simulate", "distance", "closest_pair", "status_colours"]

#: Machado, Oliveira and Fernandes (2009), severity 1.0: linear RGB -> linear RGB as each sees it.
VISIONS: dict[str, np.ndarray] = {
    "normal": np.eye(3),
    "protanopia": np.array([[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]]),
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]]),
    "tritanopia": np.array([[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]]),
}
#: Replacements, most distinct first: Okabe and Ito's palette, then Paul Tol's muted and light ones.
CANDIDATES = (
    "#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#882255",
    "#332288", "#88ccee", "#44aa99", "#117733", "#999933", "#ddcc77", "#cc6677", "#aa4499",
    "#77aadd", "#ee8866", "#ffaabb", "#bbcc33", "#dddddd", "#000000",
)  # fmt: skip
#: The smallest CIE76 distance (in CIELAB) between two colours of one palette, for every vision.
MIN_DISTANCE = 20.0
#: Entities without a status: a light grey, the first colour every palette is checked against.
NO_STATUS_COLOUR = "#c9d1d6"


def _rgb(colour: str) -> np.ndarray:
    text = colour.lstrip("#")
    if len(text) == 3:
        text = "".join(c * 2 for c in text)
    return np.array([int(text[i : i + 2], 16) for i in (0, 2, 4)], dtype=float) / 255.0


def _linear(rgb: np.ndarray) -> np.ndarray:
    return np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)


def _lab(linear: np.ndarray) -> np.ndarray:
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ linear
    xyz = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def simulate(colour: str, vision: str) -> np.ndarray:
    """`colour` (#rgb or #rrggbb) in CIELAB as a viewer with `vision` (a key of VISIONS) sees it."""
    linear = np.clip(VISIONS[vision] @ _linear(_rgb(colour)), 0.0, 1.0)
    return _lab(linear)


def distance(a: str, b: str) -> float:
    """The smallest CIE76 distance between `a` and `b` over every vision in VISIONS."""
    return min(float(np.linalg.norm(simulate(a, v) - simulate(b, v))) for v in VISIONS)


def closest_pair(colours: Sequence[str]) -> tuple[float, str, str]:
    """The two colours of `colours` nearest to each other (under any vision), and how near."""
    best = (float("inf"), "", "")
    for i, a in enumerate(colours):
        for b in colours[i + 1 :]:
            best = min(best, (distance(a, b), a, b))
    return best


def status_colours(declared: Iterable[str | None], *, taken: Sequence[str] = (NO_STATUS_COLOUR,)) -> list[str]:
    """A colour per status, in order: the declared one when it stands at least MIN_DISTANCE from
    every colour already chosen (and from `taken`) for every vision, else the first candidate
    that does (the one that stands furthest apart when none does). None means no declaration."""
    chosen = list(taken)
    result = []
    for colour in declared:
        if colour is None or not all(distance(colour, other) >= MIN_DISTANCE for other in chosen):
            pool = [c for c in CANDIDATES if c not in chosen]
            colour = next(
                (c for c in pool if all(distance(c, other) >= MIN_DISTANCE for other in chosen)),
                max(pool, key=lambda c: min((distance(c, other) for other in chosen), default=0.0)),
            )
        chosen.append(colour)
        result.append(colour)
    return result
