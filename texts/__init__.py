"""Every user-facing string of the dashboard, in one place: ``texts/sv.py`` (Swedish, the default) and
``texts/en.py`` (English), with the same names.

Write ``import texts`` and then ``texts.APP_TITLE``: a name is looked up in the catalogue of the language
in use *at that moment* (PEP 562 module ``__getattr__``). Never ``from texts import APP_TITLE``: that
would freeze one language at import time.

The language in use is a ``ContextVar``. Streamlit runs each session's script in its own thread and a
new thread starts with the default context, so one user's English never leaks into another user's
Swedish; ``ui.context.page()`` sets it at the top of every run. This module imports neither streamlit
nor plotly, so ``charts/`` can take its labels from here too.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from types import ModuleType

from texts import en, sv

#: Language code → catalogue. Swedish first: it is the default and the source of truth.
LANGUAGES: dict[str, ModuleType] = {"sv": sv, "en": en}
#: Each language's name written in that language, for the switch.
LANGUAGE_NAMES = {"sv": "Svenska", "en": "English"}
DEFAULT_LANGUAGE = "sv"

_language: ContextVar[str] = ContextVar("language", default=DEFAULT_LANGUAGE)


def use(language: str | None) -> str:
    """Make ``language`` the one in use in this thread; an unknown code falls back to Swedish.
    Returns the code now in use."""
    code = language if language in LANGUAGES else DEFAULT_LANGUAGE
    _language.set(code)
    return code


def current() -> str:
    """Code of the language in use ("sv" or "en")."""
    return _language.get()


@contextmanager
def language(code: str):
    """Use ``code`` inside a ``with`` block (tests, exports), then go back."""
    token = _language.set(code if code in LANGUAGES else DEFAULT_LANGUAGE)
    try:
        yield
    finally:
        _language.reset(token)


def __getattr__(name: str):
    if name.startswith("__"):
        raise AttributeError(name)
    return getattr(LANGUAGES[_language.get()], name)
