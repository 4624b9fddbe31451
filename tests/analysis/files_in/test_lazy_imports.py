"""Nothing heavy at import: a start whose tables come validated from the table cache never loads pandera."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _loaded_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print(' '.join(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120, check=True
    )
    return set(out.stdout.split())


def test_the_app_imports_without_pandera_and_validation_still_uses_it():
    assert not any(m == "pandera" or m.startswith("pandera.") for m in _loaded_after("import ui.context"))
    # The schemas still work through the lazy proxy, and their first use loads pandera.
    loaded = _loaded_after(
        "from analysis.files_in import schemas; import pandas as pd; "
        "assert schemas.run_schema(schemas.districts_schema(), "
        "pd.DataFrame({'stadsdel_kod': ['A', 'A'], 'stadsdel_namn': ['x', 'y']}, index=[2, 3]))"
    )
    assert "pandera" in loaded


def test_a_start_from_the_table_cache_validates_nothing_and_needs_no_pandera(tmp_path, monkeypatch):
    # The register, statistics, districts, programmes, goals and geometry of a demo municipality; the
    # strategy files (plan, activities, placements), small and validated on every start, are left out.
    folder = tmp_path / "kommun"
    shutil.copytree(ROOT / "data" / "demo" / "helsingborg", folder)
    for name in ("aktiviteter.csv", "handlingsplan.csv", "handlingsplan_indikatorer.csv", "placeringar.csv"):
        (folder / name).unlink()
    monkeypatch.setenv("STADSDEL_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("STADSDEL_PSEUDONYM_KEY", "testnyckel-som-bara-finns-i-testerna")
    load = f"from analysis.files_in.dataset import load_dataset; load_dataset({str(folder)!r})"
    assert "pandera" in _loaded_after(load)  # the first start validates every file
    assert "pandera" not in _loaded_after(load)  # the next one takes them all from the cache
