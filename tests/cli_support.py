"""Running the command line from tests: in process (fast) and as a real subprocess (what a user runs)."""

import io
import subprocess
import sys
from pathlib import Path

from analysis import cli

ROOT = Path(__file__).resolve().parents[1]


def run(*argv: str) -> tuple[int, str, str]:
    """``python -m analysis ARGV`` in this process: exit code, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def run_subprocess(*argv: str) -> subprocess.CompletedProcess:
    """``python -m analysis ARGV`` as a separate process from the project root."""
    return subprocess.run(
        [sys.executable, "-m", "analysis", *argv],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
