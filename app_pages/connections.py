"""The Connections page."""

from universe.web import connections

connections.render()
