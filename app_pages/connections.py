"""The Connections page."""

from universe.views import connections

connections.render()
