"""Settings shared by every test."""

import pytest


@pytest.fixture(scope="session", autouse=True)
def _table_cache(tmp_path_factory):
    """The validated-table cache (``analysis.files_in.tablecache``) in a folder of this test run: tests start
    from an empty cache and never read or fill the user's own. Servers the tests start inherit it."""
    import os

    folder = tmp_path_factory.mktemp("tabellcache")
    saved = os.environ.get("STADSDEL_CACHE_DIR")
    os.environ["STADSDEL_CACHE_DIR"] = str(folder)
    yield folder
    if saved is None:
        os.environ.pop("STADSDEL_CACHE_DIR", None)
    else:
        os.environ["STADSDEL_CACHE_DIR"] = saved


@pytest.fixture(autouse=True)
def _collectable():
    """After each test, what ``ui.cache`` froze out of the garbage collector's reach (``gc.freeze``, for a
    server's long-lived data sets) is handed back to it. A test process builds and clears the caches again
    and again; frozen, each test's own garbage cycles alive at that moment would never be collected."""
    import gc

    yield
    gc.unfreeze()
