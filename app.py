"""The explorer's frame: page config, the global controls (or a clear error), the pages."""

import streamlit as st

from universe.views import state

st.set_page_config(page_title="universe explorer", page_icon=":material/hub:", layout="wide")

PAGES = [
    st.Page("app_pages/overview.py", title="Overview", icon=":material/home:", url_path="overview", default=True),
    st.Page("app_pages/wiki.py", title="Wiki", icon=":material/menu_book:", url_path="wiki"),
    st.Page("app_pages/graph.py", title="Graph", icon=":material/hub:", url_path="graph"),
    st.Page("app_pages/survivors.py", title="Survivors", icon=":material/groups:", url_path="survivors"),
    st.Page("app_pages/connections.py", title="Connections", icon=":material/conversion_path:", url_path="connections"),
    st.Page("app_pages/timeline.py", title="Timeline", icon=":material/timeline:", url_path="timeline"),
]

page = st.navigation(PAGES)
state.frame()
page.run()
