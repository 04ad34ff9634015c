"""Importers: character-network data in other shapes becomes a universe folder.

Each format has a reader (files -> `Network`) and an importer (files -> a validated universe
folder, written atomically, with an `ImportReport`); every importer takes a
``progress(fraction, message)`` callback so the app can show a progress bar:

>>> import networkx as nx
>>> from universe.importers import from_networkx
>>> from_networkx(nx.les_miserables_graph(), universe_id="les-miserables").load()
<Universe 'les-miserables': 78 entities, 254 statements>
"""

from ..errors import ImportFailed
from .builder import Dataset, Documents, ImportOptions, build_documents
from .csvlists import Columns, import_csv, read_csv_lists
from .network import Network
from .nodelink import import_nodelink, read_nodelink
from .nxgraph import from_networkx, read_graph
from .sgb import import_sgb, read_sgb
from .slices import SCHEMES
from .staging import ImportReport, place_universe

__all__ = [
    "IMPORTERS",
    "SCHEMES",
    "Columns",
    "Dataset",
    "Documents",
    "ImportFailed",
    "ImportOptions",
    "ImportReport",
    "Network",
    "build_documents",
    "from_networkx",
    "import_csv",
    "import_nodelink",
    "import_sgb",
    "place_universe",
    "read_csv_lists",
    "read_graph",
    "read_nodelink",
    "read_sgb",
]

#: Format name -> importer; each is called as ``importer(files, target, options=..., force=...,
#: progress=...)`` and returns an ImportReport.
IMPORTERS = {"csv": import_csv, "json": import_nodelink, "sgb": import_sgb}
