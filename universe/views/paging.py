"""Long tables a page at a time: a browser receives every row of an ``st.dataframe`` on every
rerun, so a table of 20,000 entities is sent as pages of `ROWS` with a page picker."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

__all__ = ["page_of", "ROWS"]

ROWS = 500


def page_of(frame: pd.DataFrame, *, key: str, container=None, what: str = "rows") -> pd.DataFrame:
    """The rows of `frame` to show: all of them up to `ROWS`; above, one page of `ROWS`, chosen
    with a page picker (widget `key`) drawn in `container`, with a note of which rows these are."""
    if len(frame) <= ROWS:
        return frame
    container = container if container is not None else st.container()
    pages = math.ceil(len(frame) / ROWS)
    if not 1 <= st.session_state.get(key, 1) <= pages:  # fewer rows than when it was chosen
        st.session_state[key] = 1
    left, right = container.columns([1, 4], vertical_alignment="bottom")
    page = left.number_input(f"Page (of {pages:,})", min_value=1, max_value=pages, step=1, key=key)
    start = (page - 1) * ROWS
    right.caption(f"{what.capitalize()} {start + 1:,}-{min(start + ROWS, len(frame)):,} of {len(frame):,}, "
                  f"{ROWS:,} a page; sorting a column sorts this page. Search or filter to narrow them.")
    return frame.iloc[start : start + ROWS]
