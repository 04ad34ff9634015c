"""The Graph page (placeholder: the graph helper replaces this module)."""

import streamlit as st

__all__ = ["render"]


def render() -> None:
    st.info("The graph is coming")
