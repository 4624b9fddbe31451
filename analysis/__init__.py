"""Pure-Python analysis for the stadsdel dashboard: loaders, validation, rates, indices, the CLI.

Nothing in this package imports streamlit or plotly (see README, "Lager").
"""
