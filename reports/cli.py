"""Command line: ``python -m reports board --data DIR --ar YEAR [--lang sv|en] --out FILE.pdf`` and
``python -m reports slides --data DIR --ar YEAR [--lang sv|en] [--skarmar mal,trend,...] --out FILE.pptx``.

Exit codes as ``analysis.cli``: 0 success, 1 an unusable data set or a file that cannot be made or written
(no Chromium, no fonts, a missing folder), 2 wrong usage (an unknown option, a year the data set lacks, an
unknown screen). The user never sees a traceback: every exception is turned into a short message (Swedish
help and usage; the language asked for once the arguments are read). Settings (``STADSDEL_MIN_N`` …) come
from the environment, as in the dashboard.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

import texts
from analysis import settings as settings_module
from analysis.cli import EXIT_DATA, EXIT_OK, EXIT_USAGE, _Parser, _UsageError

KINDS = ("board", "slides")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (help in Swedish, the default language)."""
    from reports.screens import SCREENS

    words, names = texts.REPORTS_CLI, texts.REPORTS_CLI_METAVARS
    parser = _Parser(prog="python -m reports", description=words["description"])
    commands = parser.add_subparsers(
        dest="command", title=words["commands"], metavar=names["command"], parser_class=_Parser
    )
    for kind in KINDS:
        command = commands.add_parser(kind, help=words[kind], description=words[kind])
        command.add_argument("--data", required=True, metavar=names["data"], help=words["data"])
        command.add_argument("--ar", required=True, type=int, metavar=names["year"], help=words["year"])
        command.add_argument(
            "--lang", choices=list(texts.LANGUAGES), default=texts.DEFAULT_LANGUAGE, help=words["lang"]
        )
        listed = ",".join(SCREENS)
        command.add_argument(
            "--skarmar", metavar=names["screens"], default=listed, help=f"{words['screens']} ({listed})"
        )
        command.add_argument("--datum", metavar=names["date"], help=words["date"])
        command.add_argument("--out", required=True, metavar=names["out"], help=words["out"])
    return parser


def _screens(value: str) -> list[str]:
    from reports.screens import SCREENS

    chosen = [key.strip() for key in value.split(",") if key.strip()]
    unknown = [key for key in chosen if key not in SCREENS]
    if unknown or not chosen:
        raise _UsageError(texts.reports_cli_bad_screens(", ".join(unknown) or "–", ", ".join(SCREENS)))
    return list(dict.fromkeys(chosen))


def _date(value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise _UsageError(texts.reports_cli_bad_date(value[:20])) from exc


def _run(args, out: TextIO) -> int:
    from analysis.files_in.dataset import load_dataset

    keys = _screens(args.skarmar)
    today = _date(args.datum)
    target = Path(args.out)
    if not target.parent.is_dir():
        raise _CannotWrite(texts.reports_cli_no_folder(str(target.parent)))
    data = load_dataset(Path(args.data))
    if args.ar not in data.years:
        raise _UsageError(texts.reports_cli_bad_year(args.ar, data.kommun_namn, texts.period_span(data.years)))
    settings = settings_module.from_environment()
    if args.command == "board":
        from reports import board

        built = board.build(data, args.ar, settings, today, keys=keys)
        content, count = built.pdf, built.pages
    else:
        from reports import slides

        built = slides.build(data, args.ar, settings, today, keys=keys)
        content, count = built.pptx, built.slides
    try:
        target.write_bytes(content)
    except OSError as exc:
        raise _CannotWrite(texts.reports_cli_not_written(str(target), exc.strerror or type(exc).__name__)) from exc
    print(texts.reports_cli_wrote(str(target), count, slides=args.command == "slides"), file=out)
    return EXIT_OK


class _CannotWrite(Exception):
    """The file cannot be made or written (exit code 1)."""


def main(argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run the command line and return the exit code (0 ok, 1 data or file errors, 2 wrong usage)."""
    out = out or sys.stdout
    err = err or sys.stderr
    from analysis.files_in.validation import DataError
    from reports.board import FontsUnavailable
    from reports.images import ImagesUnavailable

    with texts.language(texts.DEFAULT_LANGUAGE):
        parser = build_parser()
        try:
            args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
        except SystemExit as exc:  # --help exits 0 after printing
            return int(exc.code or 0)
        except _UsageError as exc:
            print(str(exc), file=err)
            return EXIT_USAGE
        if args.command is None:
            parser.print_help(err)
            return EXIT_USAGE
    with texts.language(args.lang):
        try:
            return _run(args, out)
        except _UsageError as exc:
            print(str(exc), file=err)
            return EXIT_USAGE
        except (DataError, ImagesUnavailable, FontsUnavailable, _CannotWrite) as exc:
            print(str(exc), file=err)
            return EXIT_DATA
        except KeyboardInterrupt:
            return 130
        except Exception as exc:
            # The exception text could quote a cell of the user's file; only its type is shown.
            print(texts.reports_cli_unexpected(type(exc).__name__), file=err)
            return EXIT_DATA
