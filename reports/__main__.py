"""``python -m reports``: the board report and the slides from the command line (see ``reports.cli``)."""

from analysis.cli import utf8_stdout
from reports.cli import main

raise SystemExit(main(out=utf8_stdout()))
