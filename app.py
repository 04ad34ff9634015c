"""The explorer's frame: page config, the global controls (or a clear error), the pages."""

import streamlit as st

from universe.views import overview, state

# An emoji favicon is drawn locally; a :material/...: one would be fetched from fonts.gstatic.com.
# A 288 px sidebar (Streamlit's default is 300) leaves an 800 px window room for the pages.
st.set_page_config(page_title="universe explorer", page_icon="🕸️", layout="wide", initial_sidebar_state=288)

PAGES = [
    st.Page("app_pages/overview.py", title="Overview", icon=":material/home:", url_path="home", default=True),
    st.Page("app_pages/wiki.py", title="Wiki", icon=":material/menu_book:", url_path="wiki"),
    st.Page("app_pages/graph.py", title="Graph", icon=":material/hub:", url_path="graph"),
    st.Page("app_pages/survivors.py", title="Survivors", icon=":material/groups:", url_path="survivors"),
    st.Page("app_pages/connections.py", title="Connections", icon=":material/conversion_path:", url_path="connections"),
    st.Page("app_pages/timeline.py", title="Timeline", icon=":material/timeline:", url_path="timeline"),
    st.Page("app_pages/arcs.py", title="Arcs", icon=":material/alt_route:", url_path="arcs"),
    st.Page("app_pages/import.py", title="Import", icon=":material/upload_file:", url_path="import"),
]

# The default page is served at "/" only (its url_path is reserved, never served): a hidden alias
# makes "/overview" work too, so a link to any page reads /<page>?...
ALIASES = [st.Page(overview.render, title="Overview", url_path="overview", visibility="hidden")]

page = st.navigation(PAGES + ALIASES)
if page.url_path != "import":  # importing needs no universe loaded, and works when none loads
    state.frame()
page.run()
