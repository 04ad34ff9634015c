"""universe: a story-universe wiki and character graph with a spoiler horizon.

The core library: load a universe folder, take a snapshot as of a story point, query it.

>>> from universe.exchange.generate import tiny_universe
>>> snapshot = tiny_universe().as_of("S1E2", "canon")
>>> snapshot.status_at("alice")
'dead'

The public names below are imported on first use, so that ``import universe`` (and with it
``universe --version``) stays instant; the layers they come from are described in
docs/architecture.md.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

#: public name -> the module that defines it
_PUBLIC = {
    "EntityNotFound": "universe.errors",
    "FileRefused": "universe.errors",
    "InvalidUniverseId": "universe.errors",
    "Problem": "universe.errors",
    "StoryPointNotFound": "universe.errors",
    "UniverseError": "universe.errors",
    "UniverseInvalid": "universe.errors",
    "UniverseNotFound": "universe.errors",
    "UnknownEvidence": "universe.errors",
    "Evidence": "universe.story.evidence",
    "Rank": "universe.story.evidence",
    "Entity": "universe.story.model",
    "Kind": "universe.story.model",
    "RelationType": "universe.story.model",
    "Statement": "universe.story.model",
    "Status": "universe.story.model",
    "StatusChange": "universe.story.model",
    "Universe": "universe.story.snapshot",
    "Snapshot": "universe.story.snapshot",
    "as_of": "universe.story.snapshot",
    "Span": "universe.story.timeline",
    "StoryPoint": "universe.story.timeline",
    "Timeline": "universe.story.timeline",
    "check_universe": "universe.storage.store",
    "data_dir": "universe.storage.store",
    "list_universes": "universe.storage.store",
    "load_universe": "universe.storage.store",
    "universe_from_documents": "universe.storage.store",
    "universe_path": "universe.storage.store",
    "from_networkx": "universe.exchange.importers.nxgraph",
}

__all__ = [
    "Entity",
    "EntityNotFound",
    "Evidence",
    "FileRefused",
    "InvalidUniverseId",
    "Kind",
    "Problem",
    "Rank",
    "RelationType",
    "Snapshot",
    "Span",
    "Statement",
    "Status",
    "StatusChange",
    "StoryPoint",
    "StoryPointNotFound",
    "Timeline",
    "Universe",
    "UniverseError",
    "UniverseInvalid",
    "UniverseNotFound",
    "UnknownEvidence",
    "as_of",
    "check_universe",
    "data_dir",
    "from_networkx",
    "list_universes",
    "load_universe",
    "universe_from_documents",
    "universe_path",
]


def __getattr__(name: str):
    try:
        module = _PUBLIC[name]
    except KeyError:
        raise AttributeError(f"module 'universe' has no attribute {name!r}") from None
    value = getattr(import_module(module), name)
    globals()[name] = value  # once imported, an ordinary attribute
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_PUBLIC})


if TYPE_CHECKING:  # for type checkers and editors: the same names, imported eagerly
    from universe.errors import (
        EntityNotFound,
        FileRefused,
        InvalidUniverseId,
        Problem,
        StoryPointNotFound,
        UniverseError,
        UniverseInvalid,
        UniverseNotFound,
        UnknownEvidence,
    )
    from universe.exchange.importers.nxgraph import from_networkx
    from universe.storage.store import (
        check_universe,
        data_dir,
        list_universes,
        load_universe,
        universe_from_documents,
        universe_path,
    )
    from universe.story.evidence import Evidence, Rank
    from universe.story.model import Entity, Kind, RelationType, Statement, Status, StatusChange
    from universe.story.snapshot import Snapshot, Universe, as_of
    from universe.story.timeline import Span, StoryPoint, Timeline
