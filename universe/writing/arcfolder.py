"""Where a universe keeps its arcs: the folder's name, alone in a module.

The web app looks for arc files at every page (to notice a changed one); this name is all it
needs until there is an arc, so reading it imports nothing (the arc files' shapes need pydantic).
"""

__all__ = ["ARCS_FOLDER"]

#: The folder, inside a universe's folder, holding its arc files (``<id>.yaml``).
ARCS_FOLDER = "arcs"
