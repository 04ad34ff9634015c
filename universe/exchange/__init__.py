"""Universes in and out: importers, exporters and generated universes.

`importers` turn character-network data (CSV, node-link JSON, Stanford GraphBase, networkx graphs)
into universe folders; `export` writes a snapshot as GraphML, GEXF, JSON or CSV; `generate` makes
universes of any size for tests and benchmarks.
"""
