"""Loading a universe folder for the web app: once per version of its files, shared by every session.

A folder that does not load gives a `Loaded` with the problems that stopped it, never an exception.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from universe.errors import Problem, UniverseError, UniverseInvalid
from universe.storage.store import load_universe
from universe.story.world import Universe

__all__ = ["EVERYTHING", "Loaded", "load"]

EVERYTHING = "everything"  # the horizon of a viewer with no spoiler limit


@dataclass(frozen=True)
class Loaded:
    """The outcome of loading a folder: a universe, or the problems that stopped it."""

    universe: Universe | None
    problems: tuple[Problem, ...] = ()
    message: str = ""



def _fingerprint(folder: Path) -> tuple:
    """Names, sizes and modification times of a folder's YAML files: changes when a file does."""
    if not folder.is_dir():
        return ()
    return tuple(
        sorted((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))
    )


@st.cache_resource(max_entries=16, show_spinner="Loading the universe...")
def _load(folder: str, fingerprint: tuple) -> Loaded:
    try:
        return Loaded(load_universe(folder))
    except UniverseInvalid as invalid:
        return Loaded(None, tuple(invalid.problems), str(invalid).splitlines()[0])
    except UniverseError as error:
        return Loaded(None, (), str(error))


def load(folder: "str | Path") -> Loaded:
    """The universe in `folder`, loaded once per version of its files (shared: do not mutate)."""
    folder = Path(folder)
    return _load(str(folder), _fingerprint(folder))
