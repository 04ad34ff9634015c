"""The explorer's web layer: the only code that imports streamlit.

Each page module has `render()`; `state` holds the sidebar's controls (universe, horizon, evidence,
arc), `loading` the shared loaded universes, `network` the vis-network component.
"""

__all__: list[str] = []
