"""Drawing a network in a browser: vis-network data, its scripts, and the offline HTML file.

`render` turns a graph into vis-network's nodes and edges (the only module that touches pyvis, for
the script its wheel ships); `standalone` writes the self-contained HTML file.
"""
