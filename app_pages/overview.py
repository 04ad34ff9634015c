"""The Overview page."""

from universe.web import overview

overview.render()
