"""The Connections page (being built)."""

import streamlit as st

from . import state

__all__ = ["render"]


def render() -> None:
    view = state.current()
    st.title("Connections")
    st.caption(f"{view.universe.title}: as of {view.horizon_label}")
