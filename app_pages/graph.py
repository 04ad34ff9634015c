"""The Graph page."""

from universe.views import graph

graph.render()
