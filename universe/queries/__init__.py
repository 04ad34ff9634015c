"""What pages and commands ask of a snapshot: graphs, metrics, selections, layouts and tables.

Every function here takes a `Snapshot` (or a graph built from one), so it can only see what the
viewer may see. Builds on `universe.story`; reads no files.
"""
