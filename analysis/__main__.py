"""``python -m analysis``: the command line (see ``analysis.cli``)."""

from analysis.cli import main, utf8_stdout

raise SystemExit(main(out=utf8_stdout()))
