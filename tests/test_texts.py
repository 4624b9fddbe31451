"""The string catalogues: English has every Swedish name in the same shape, and the language in use is
per thread (per Streamlit session), never global."""

from __future__ import annotations

import inspect
import threading
from types import FunctionType

import pytest

import texts
from texts import en, sv


def public_names(module) -> dict[str, object]:
    return {
        name: value
        for name, value in vars(module).items()
        if not name.startswith("_") and (name.isupper() or isinstance(value, FunctionType)) and name != "annotations"
    }


def test_english_has_every_swedish_name_and_no_other():
    assert set(public_names(en)) == set(public_names(sv))


@pytest.mark.parametrize("name", sorted(public_names(sv)))
def test_each_entry_has_the_same_shape_in_both_languages(name):
    swedish, english = getattr(sv, name), getattr(en, name)
    assert type(swedish) is type(english)
    if isinstance(swedish, dict):
        assert swedish.keys() == english.keys()
        assert all(isinstance(v, str) and v.strip() for v in english.values())
    elif isinstance(swedish, FunctionType):
        assert inspect.signature(swedish) == inspect.signature(english)
    else:
        assert isinstance(english, str) and english.strip()


#: Strings that are the same in both languages on purpose: the bilingual switch label, a unit, and the names of
#: file formats on the download buttons.
SAME_IN_BOTH = {
    "LANGUAGE_LABEL",
    "MAP_PER_1000",
    "EXPORT_SVG",
    "EXPORT_CSV",
    "EXPORT_XLSX",
    "PLAN_FILTER_STATUS",  # "Status" in both
    "VALUE_COLUMN_SCENARIO",  # "Scenario" in both
}


def test_entries_are_translated_not_copied():
    """A string left identical in both catalogues is allowed only where it is listed as language-neutral."""
    same = {name for name, value in public_names(sv).items() if isinstance(value, str) and getattr(en, name) == value}
    assert same <= SAME_IN_BOTH


def test_lookup_follows_the_language_in_use():
    assert texts.current() == "sv"
    assert texts.APP_TITLE == sv.APP_TITLE
    with texts.language("en"):
        assert texts.APP_TITLE == en.APP_TITLE
        assert texts.suppressed(5) == "fewer than 5"
    assert texts.suppressed(5) == "färre än 5"


def test_unknown_language_falls_back_to_swedish():
    with texts.language("xx"):
        assert texts.current() == "sv"
    token = texts.use("klingon")
    assert token == "sv"


def test_language_is_per_thread():
    """Streamlit runs each session in its own thread: English there must not reach another session."""
    seen = {}

    def english_session():
        texts.use("en")
        seen["en"] = texts.APP_TITLE

    thread = threading.Thread(target=english_session)
    thread.start()
    thread.join()
    assert seen["en"] == en.APP_TITLE
    assert texts.APP_TITLE == sv.APP_TITLE


def test_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError):
        texts.NO_SUCH_TEXT  # noqa: B018
