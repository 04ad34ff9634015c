"""The Survivors page."""

from universe.views import survivors

survivors.render()
