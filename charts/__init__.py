"""Plotly figure builders: frames in, ``go.Figure`` out. Never imports streamlit.

One place fixes colour scales, Swedish number formats, hover text and the no-data colours.
"""
