"""Every user-facing string lives in ``texts/``: no Swedish text literal is left in the pages, the UI
helpers, the chart builders or the exports and reports (docstrings and column identifiers such as
``stadsdel_kod`` aside)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FILES = [
    ROOT / "dashboard.py",
    *(f for folder in ("pages", "ui", "charts", "reports") for f in sorted((ROOT / folder).glob("*.py"))),
]
SWEDISH = re.compile(
    r"[åäöÅÄÖ]|\b(och|av|för|med|inte|som|till|stadsdel\w*|kommun\w*|andel\w*|insats\w*|visa\w*|dolt|saknas|färre)\b",
    re.IGNORECASE,
)
#: Column names, keys and paths; or an environment variable's name (``STADSDEL_FONT_DIR``).
IDENTIFIER = re.compile(r"^([a-z0-9_.:#/]+|[A-Z][A-Z0-9_]+)$")
#: Bound at import time, before a language is chosen, so it is said in both languages at once.
ALLOWED = {"Läser in data … · Loading data …"}


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def swedish_literals(path: Path, root: Path = ROOT) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = _docstrings(tree)
    return [
        f"{path.relative_to(root)}:{node.lineno}: {node.value[:60]!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and not IDENTIFIER.match(node.value)
        and node.value not in ALLOWED
        and SWEDISH.search(node.value)
    ]


def test_the_scan_finds_a_planted_literal(tmp_path):
    planted = tmp_path / "page.py"
    planted.write_text('"""Doc för sidan."""\nimport streamlit as st\nst.title("Översikt")\nst.write("stadsdel_kod")\n')
    assert [hit.split(": ", 1)[1] for hit in swedish_literals(planted, tmp_path)] == ["'Översikt'"]


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_swedish_text_outside_the_catalogue(path):
    assert swedish_literals(path) == []


def test_no_frozen_imports_of_texts():
    """``from texts import NAME`` would bind one language at import time."""
    pattern = re.compile(r"^from texts import (?!en\b|sv\b)", re.MULTILINE)
    offenders = [
        str(f.relative_to(ROOT))
        for f in ROOT.rglob("*.py")
        if ".venv" not in f.parts and pattern.search(f.read_text(encoding="utf-8"))
    ]
    assert offenders == []
