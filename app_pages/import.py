"""The Import page."""

from universe.views import importer

importer.render()
