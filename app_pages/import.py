"""The Import page."""

from universe.web import importer

importer.render()
