"""The Overview page."""

from universe.views import overview

overview.render()
