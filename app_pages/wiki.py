"""The Wiki page."""

from universe.views import wiki

wiki.render()
