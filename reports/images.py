"""Static images of plotly figures (PNG, SVG) through kaleido driving Debian's Chromium, offline.

Why kaleido's own API and not ``plotly.io.to_image``: plotly passes kaleido no MathJax setting unless one is
configured, and kaleido then loads MathJax from a CDN; the figures here use no LaTeX, so MathJax is turned
off (``mathjax=False``) and plotly.js comes from the plotly package on disk. Nothing is downloaded, and no
browser is ever fetched: the browser is ``/usr/bin/chromium`` (or ``$CHROMIUM_PATH``); without it
:class:`ImagesUnavailable` says so (``texts.EXPORT_IMAGES_UNAVAILABLE``, in the language in use).

One Chromium is started on the first image and kept for the process (kaleido's sync server), so a report of
ten charts starts the browser once.
"""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import plotly.graph_objects as go

import texts

#: Where the browser is looked for, in order.
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
FORMATS = ("png", "svg")
#: The empty world base layer plotly.js asks for on every map (``static/``, as the app serves it), so a map
#: renders offline too: without it kaleido fetches ``world_110m.json`` from plotly's CDN and fails offline.
TOPOJSON_URL = (Path(__file__).resolve().parent.parent / "static").as_uri() + "/"

_lock = threading.Lock()
_started = False


class ImagesUnavailable(RuntimeError):
    """No Chromium to draw static images with; ``str()`` says in Swedish what to install."""


def chromium_path() -> str:
    """The Chromium kaleido drives: ``$CHROMIUM_PATH`` or the first of :data:`CHROMIUM_CANDIDATES`."""
    candidates = [os.environ.get("CHROMIUM_PATH", ""), *CHROMIUM_CANDIDATES]
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return candidate
    found = shutil.which("chromium")
    if found:
        return found
    raise ImagesUnavailable(texts.EXPORT_IMAGES_UNAVAILABLE)


def _ensure_server() -> None:
    global _started
    with _lock:
        if _started:
            return
        os.environ["BROWSER_PATH"] = chromium_path()  # choreographer (kaleido's browser driver) reads this
        import kaleido

        kaleido.start_sync_server(mathjax=False, silence_warnings=True)
        _started = True


def figure_image(
    figure: go.Figure, fmt: str = "png", *, width: int = 1200, height: int = 675, scale: float = 2
) -> bytes:
    """``figure`` as PNG or SVG bytes, at ``width`` × ``height`` CSS pixels (PNG at ``scale`` × that)."""
    if fmt not in FORMATS:
        raise ValueError(f"figure_image: format {fmt!r} not in {FORMATS}")
    _ensure_server()
    import kaleido

    options = {"format": fmt, "width": int(width), "height": int(height), "scale": scale if fmt == "png" else 1}
    with _lock:  # one request at a time: kaleido's sync server is a single browser tab per call
        return kaleido.calc_fig_sync(figure.to_dict(), opts=options, topojson=TOPOJSON_URL)
