"""Importers: character-network data in other shapes becomes a universe folder.

Each format has a reader (files -> `Network`) and an importer (files -> a validated universe
folder, written atomically, with an `ImportReport`); every importer takes a
``progress(fraction, message)`` callback so the app can show a progress bar:

>>> import networkx as nx
>>> from universe.exchange.importers import from_networkx
>>> from_networkx(nx.les_miserables_graph(), universe_id="les-miserables").load()
<Universe 'les-miserables': 78 entities, 254 statements>
"""

from universe.errors import ImportFailed
from universe.exchange.importers.builder import Dataset, Documents, ImportOptions, build_documents
from universe.exchange.importers.csvlists import Columns, import_csv, read_csv_lists
from universe.exchange.importers.network import Network
from universe.exchange.importers.nodelink import import_nodelink, read_nodelink
from universe.exchange.importers.sgb import import_sgb, read_sgb
from universe.exchange.importers.slices import SCHEMES
from universe.exchange.importers.staging import ImportReport, place_universe

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


def __getattr__(name: str):
    """`from_networkx` and `read_graph` import networkx (a tenth of a second) only when used."""
    if name in ("from_networkx", "read_graph"):
        from universe.exchange.importers import nxgraph

        return getattr(nxgraph, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: Format name -> importer; each is called as ``importer(files, target, options=..., force=...,
#: progress=...)`` and returns an ImportReport.
IMPORTERS = {"csv": import_csv, "json": import_nodelink, "sgb": import_sgb}
