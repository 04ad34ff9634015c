"""The Arcs page."""

from universe.web import arcs

arcs.render()
