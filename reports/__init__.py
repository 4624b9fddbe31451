"""Exports, the board report and slides: on top of ``analysis/`` and ``charts/``, never imported by them.

Pages only call this package (through ``ui/``); it imports no streamlit. ``python -m reports`` is its
command line (board report, slides).
"""
