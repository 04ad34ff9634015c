"""The explorer's pages: the only code that imports streamlit. Each page module has render()."""

__all__: list[str] = []
