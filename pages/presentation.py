"""Presentation mode: one finding per screen for the board's projector (``ui.presentation``).

``dashboard.py`` runs this page at every address while ``presentation=1`` (or the sidebar's toggle) is on.
"""

from ui import presentation

presentation.show()
