"""The only Streamlit helpers shared by pages: the cache boundary, sidebar context and UI strings."""
