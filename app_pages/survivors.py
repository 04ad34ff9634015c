"""The Survivors page."""

from universe.web import survivors

survivors.render()
