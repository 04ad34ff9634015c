"""universe: a story-universe wiki and character graph with a spoiler horizon.

The core library: load a universe folder, take a snapshot as of a story point, query it.

>>> from universe.generate import tiny_universe
>>> snapshot = tiny_universe().as_of("S1E2", "canon")
>>> snapshot.status_at("alice")
'dead'
"""

from .errors import (
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
from .evidence import Evidence, Rank
from .model import Entity, Kind, RelationType, Statement, Status, StatusChange, Universe
from .snapshot import Snapshot, as_of
from .store import check_universe, data_dir, list_universes, load_universe, universe_from_documents, universe_path
from .importers import from_networkx
from .timeline import Span, StoryPoint, Timeline

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
