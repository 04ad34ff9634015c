"""The Timeline page."""

from universe.views import timeline

timeline.render()
