"""ui.cache's shared resources are built once and then kept out of the cyclic garbage collector's passes."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import pytest

from ui import cache


@pytest.fixture
def unfrozen():
    """Start from nothing frozen, and leave it that way (the rest of the test run collects as usual)."""
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_a_built_resource_is_frozen_with_what_it_holds(unfrozen):
    calls = []

    @cache._shared(show_spinner=False)
    def table(n: int) -> dict:
        calls.append(n)
        return {"rows": [[i, i + 1] for i in range(n)]}

    assert gc.get_freeze_count() == 0
    value = table(3)
    assert value == {"rows": [[0, 1], [1, 2], [2, 3]]}
    frozen = gc.get_freeze_count()
    assert frozen > 0
    # The nested lists went with it: a full collection no longer walks them.
    assert not any(obj is value["rows"] for obj in gc.get_objects())

    assert table(3) is value  # shared, not rebuilt, and nothing new frozen
    assert calls == [3]
    assert gc.get_freeze_count() == frozen
    table.clear()


def test_a_frozen_resource_is_still_freed_when_its_cache_is_cleared(unfrozen):
    """Frozen objects leave the cyclic collector, not reference counting: an evicted data set goes."""
    import pandas as pd

    @cache._shared(show_spinner=False)
    def frame(n: int) -> pd.DataFrame:
        return pd.DataFrame({"stadsdel_kod": [f"K{i}" for i in range(n)], "varde": range(n)})

    held = weakref.ref(frame(1000))
    assert held() is not None and gc.get_freeze_count() > 0
    frame.clear()
    gc.collect()  # what only the cyclic collector frees (a cycle) would stay: frozen, it is never reached
    assert held() is None


def test_every_shared_resource_goes_through_the_freeze():
    source = Path(cache.__file__).read_text(encoding="utf-8")
    assert "@st.cache_resource" not in source, "use @_shared so the resource is frozen once built"
    assert source.count("@_shared(") >= 10
