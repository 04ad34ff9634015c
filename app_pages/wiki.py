"""The Wiki page."""

from universe.web import wiki

wiki.render()
