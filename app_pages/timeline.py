"""The Timeline page."""

from universe.web import timeline

timeline.render()
