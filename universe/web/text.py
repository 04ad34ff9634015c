"""Untrusted text made literal for Streamlit's markdown (names, notes, values, URL parameters)."""

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
