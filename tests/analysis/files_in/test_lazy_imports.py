"""Nothing heavy at import: a start whose tables come validated from the table cache never loads pandera."""

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
