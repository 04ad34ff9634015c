"""Untrusted text made literal for Streamlit's markdown (names, notes, values, URL parameters).

Streamlit renders as Markdown not only ``st.markdown`` and captions but every label a widget
draws: tab, expander, button, toggle, checkbox and page-link labels, metric labels, the options
of radios, pills and segmented controls, and help tooltips. Untrusted text reaches any of them
through `md` (a kind label ``![x](http://...)`` in a tab label was an image fetched from outside).
Selectbox and multiselect options are plain text and need nothing.
"""

from __future__ import annotations

import re
import string

__all__ = ["md"]

_SPECIAL = re.compile("([" + re.escape(string.punctuation) + "])")


def md(text: object) -> str:
    """`text` as literal markdown: every ASCII punctuation character backslash-escaped (the
    CommonMark way), line breaks folded into spaces. Streamlit already escapes HTML; this also
    stops links, images, emphasis and directives.

    >>> md("[x](javascript:alert(1)) *hi*")
    '\\\\[x\\\\]\\\\(javascript\\\\:alert\\\\(1\\\\)\\\\) \\\\*hi\\\\*'
    """
    flat = " ".join(str(text).split())
    return _SPECIAL.sub(r"\\\1", flat)
