"""Command line: ``python -m analysis validate FILE --data DIR`` and ``python -m analysis rates …``.

Exit codes: 0 success (warnings allowed), 1 errors in the data or an unusable file, 2 wrong usage.
The user never sees a traceback: every exception is caught in ``main`` and turned into a short Swedish
message, and no message repeats a personal identity number (see ``analysis.validation``).
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

import pandas as pd

EXIT_OK = 0
EXIT_DATA = 1
EXIT_USAGE = 2

RATE_COLUMNS = ("n", "positive", "rate", "ci_low", "ci_high")
BY_CHOICES = ("ar", "stadsdel_kod", "insats", "malgrupp", "kon")

# argparse's own messages are English; these cover the ones a user meets.
_ARGPARSE_SWEDISH = {
    "the following arguments are required": "följande argument krävs",
    "unrecognized arguments": "okända argument",
    "invalid choice": "ogiltigt val",
    "choose from": "välj bland",
    "expected one argument": "väntade ett värde",
    "invalid int value": "ogiltigt heltal",
    "argument": "argument",
}


class _SwedishFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        # prefix "" is argparse computing a subcommand's prog name; only the shown usage line is translated.
        return super().add_usage(usage, actions, groups, prefix="användning: " if prefix is None else prefix)


class _UsageError(Exception):
    """Wrong use of the command line (exit code 2)."""


class _Parser(argparse.ArgumentParser):
    """ArgumentParser with Swedish headings and errors that raise instead of exiting."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _SwedishFormatter)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = "argument"
        self._optionals.title = "flaggor"
        self.add_argument("-h", "--help", action="help", help="visa den här hjälptexten och avsluta")

    def error(self, message: str):
        for english, swedish in _ARGPARSE_SWEDISH.items():
            message = message.replace(english, swedish)
        raise _UsageError(f"{self.format_usage()}{self.prog}: fel: {message}")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (Swedish help texts)."""
    parser = _Parser(
        prog="python -m analysis",
        description="Kontrollera datafiler och räkna utfall per stadsdel för stadsdelsdashboarden.",
    )
    commands = parser.add_subparsers(dest="command", title="kommandon", metavar="KOMMANDO", parser_class=_Parser)

    validate = commands.add_parser(
        "validate",
        help="kontrollera en datafil (t.ex. deltagare.csv eller .xlsx) och skriv en rapport",
        description=(
            "Kontrollerar en fil mot formatet i docs/dataformat.md och skriver en rapport: rader lästa, "
            "godkända och avvisade, och en rad per problem (rad som i Excel, kolumn, orsak). "
            "Slutkod 0 utan fel (varningar tillåts), 1 vid fel."
        ),
    )
    validate.add_argument("file", metavar="FIL", help="filen som ska kontrolleras")
    validate.add_argument(
        "--data",
        metavar="MAPP",
        required=True,
        help="datamängdens mapp; dess stadsdelar.csv och insatser.csv ger de giltiga koderna",
    )

    rates = commands.add_parser(
        "rates",
        help="andel positiva utfall med 95 %%-konfidensintervall, som CSV eller JSON",
        description=(
            "Räknar andelen avslutade deltaganden med positivt utfall (arbete, praktik, studier) per grupp, "
            "med Wilsonintervall. Grupper med färre än MIN_N avslutade visas utan siffror (suppressed)."
        ),
    )
    rates.add_argument("--data", metavar="MAPP", required=True, help="datamängdens mapp")
    rates.add_argument(
        "--by",
        metavar="KOLUMNER",
        required=True,
        help=f"kommaseparerade grupperingskolumner bland: {', '.join(BY_CHOICES)} (tomt = allt)",
    )
    rates.add_argument("--format", choices=("csv", "json"), default="csv", help="utdataformat (standard: csv)")
    rates.add_argument(
        "--min-n",
        type=int,
        default=None,
        metavar="N",
        help="minsta antal personer en visad siffra får bygga på (standard: STADSDEL_MIN_N eller 5)",
    )
    return parser


def _parse_by(text: str) -> list[str]:
    by = [part.strip() for part in text.split(",") if part.strip()]
    unknown = [b for b in by if b not in BY_CHOICES]
    if unknown:
        raise _UsageError(
            f"--by: okända kolumner: {', '.join(u[:30] for u in unknown)}; välj bland {', '.join(BY_CHOICES)}"
        )
    if len(set(by)) != len(by):
        raise _UsageError("--by: samma kolumn angiven flera gånger")
    return by


def _validate(args, out: TextIO, err: TextIO) -> int:
    from analysis import dataset, loaders

    district_codes, programme_codes = dataset.load_codes(args.data)
    report = loaders.validate_file(Path(args.file), district_codes, programme_codes)
    print(report.format_text(), file=out)
    return EXIT_OK if report.ok else EXIT_DATA


def _rates(args, out: TextIO, err: TextIO) -> int:
    by = _parse_by(args.by)
    from analysis import dataset, loaders, settings
    from analysis.suppression import mask_counts

    min_n = args.min_n if args.min_n is not None else settings.from_environment().min_n
    if min_n < 1:
        raise _UsageError("--min-n måste vara minst 1")
    from analysis import rates  # imported late: its module is owned and tested separately

    folder = Path(args.data)
    district_codes, programme_codes = dataset.load_codes(folder)
    path = next((folder / n for n in dataset.PARTICIPANT_FILES if (folder / n).is_file()), None)
    if path is None:
        print(f"Ingen deltagarfil ({' eller '.join(dataset.PARTICIPANT_FILES)}) i {folder}.", file=err)
        return EXIT_DATA
    participants, report = loaders.load_participants(path, district_codes, programme_codes)
    if report.rows_rejected:
        print(
            f"{report.file}: {report.rows_rejected} rader avvisades och räknas inte; "
            f"kör 'python -m analysis validate {path} --data {folder}' för detaljer.",
            file=err,
        )
    table = rates.outcome_rates(participants, by, min_n)
    columns = [*by, *RATE_COLUMNS, "suppressed"]
    table = table[columns].copy()
    # Belt and braces: whatever rates.py returns, a suppressed row carries no numbers out of this program.
    suppressed = table["suppressed"].astype(bool)
    for column in RATE_COLUMNS:
        table[column] = table[column].astype("Float64" if column in ("rate", "ci_low", "ci_high") else "Int64")
        table.loc[suppressed, column] = pd.NA
    # A count of 1..min_n-1 people is never printed on its own, even beside a rate over n >= min_n.
    table["positive"] = mask_counts(table["positive"], min_n)
    if args.format == "json":
        out.write(_to_json(table))
        out.write("\n")
    else:
        table.to_csv(out, index=False, lineterminator="\n")
    return EXIT_OK


def _to_json(table: pd.DataFrame) -> str:
    def plain(value):
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            return None
        if hasattr(value, "item"):  # numpy scalars
            return value.item()
        return value

    records = [{k: plain(v) for k, v in row.items()} for row in table.to_dict(orient="records")]
    return json.dumps(records, ensure_ascii=False)


def main(argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run the command line and return the exit code (0 ok, 1 data errors, 2 wrong usage).

    ``out``/``err`` default to stdout/stderr; tests pass ``io.StringIO`` objects.
    """
    out = out or sys.stdout
    err = err or sys.stderr
    from analysis.validation import DataError

    parser = build_parser()
    try:
        try:
            args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
        except SystemExit as exc:  # --help exits 0 after printing
            return int(exc.code or 0)
        if args.command is None:
            parser.print_help(err)
            return EXIT_USAGE
        handler = {"validate": _validate, "rates": _rates}[args.command]
        return handler(args, out, err)
    except _UsageError as exc:
        print(str(exc), file=err)
        return EXIT_USAGE
    except DataError as exc:
        print(str(exc), file=err)
        return EXIT_DATA
    except BrokenPipeError:
        # The reader (e.g. `| head`) stopped listening; nothing left to report.
        return EXIT_OK
    except KeyboardInterrupt:
        print("Avbrutet.", file=err)
        return 130
    except Exception as exc:
        # The exception text could quote a cell of the user's file; only its type is shown.
        print(
            f"Ett oväntat fel inträffade ({type(exc).__name__}); inget resultat skrevs. "
            "Kontrollera filen och försök igen, eller kontakta förvaltaren av verktyget.",
            file=err,
        )
        return EXIT_DATA


def utf8_stdout() -> TextIO:
    """stdout (and stderr) switched to UTF-8 so Swedish letters survive a console with another locale."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and (stream.encoding or "").lower() not in ("utf-8", "utf8"):
            stream.reconfigure(encoding="utf-8")
    return sys.stdout
