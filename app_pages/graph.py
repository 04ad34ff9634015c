"""The Graph page."""

from universe.web import graph

graph.render()
