"""The Arcs page."""

from universe.views import arcs

arcs.render()
