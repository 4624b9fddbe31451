"""Command line: ``python -m analysis validate FILE --data DIR``, ``rates …``, ``import-scb FILE …``,
``fetch-scb --kommun CODE --out DIR [--geometri]``, ``indices FILE --group COL --total COL``, and
``import FILE --data DIR [--ny-nyckel]`` / ``versions --data DIR`` for the local store, ``granskning
[--csv FIL] [--kontrollera]`` for its audit log, and ``losenord`` to make a password hash for secrets.toml.

Who acts on the command line: the operating system's user name, as a data steward
(``audit.cli_actor``); every import is recorded in the store's audit log under that name.

Exit codes: 0 success (warnings allowed), 1 errors in the data or an unusable file, 2 wrong usage.
The user never sees a traceback: every exception is caught in ``main`` and turned into a short Swedish
message, and no message repeats a personal identity number (see ``analysis.files_in.validation``).
"""

from __future__ import annotations

import argparse
import io
import json
import math
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
#: Grouping columns of free text (issue 10): a hidden group's value is replaced by HIDDEN_GROUP in ``rates``.
FREE_TEXT_BY = ("malgrupp",)
HIDDEN_GROUP = "(dold grupp)"

# argparse's own messages are English; these cover the ones a user meets.
_ARGPARSE_SWEDISH = {
    "the following arguments are required": "följande argument krävs",
    "unrecognized arguments": "okända argument",
    "invalid choice": "ogiltigt val",
    "choose from": "välj bland",
    "expected one argument": "väntade ett värde",
    "invalid int value": "ogiltigt heltal",
    "invalid float value": "ogiltigt decimaltal",
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
    validate.add_argument("--blad", dest="sheet", metavar="BLAD", help="bladet i en Excelfil (standard: det första)")
    validate.add_argument(
        "--manad-forst",
        dest="month_first",
        action="store_true",
        help="läs datum som 3/1/2024 med månaden först (standard: dagen först, 1/3/2024 = 1 mars)",
    )

    rates = commands.add_parser(
        "rates",
        help="andel positiva utfall med 95 %%-konfidensintervall, som CSV eller JSON",
        description=(
            "Räknar andelen avslutade deltaganden med positivt utfall (arbete, praktik, studier) per grupp, "
            "med Wilsonintervall. Antal avrundas till närmaste MIN_N och andelarna räknas från de avrundade "
            "antalen; grupper med färre än MIN_N avslutade, eller där färre än MIN_N fick eller inte fick "
            "ett positivt utfall, visas utan siffror (suppressed)."
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
    protection = commands.add_parser(
        "skydd",
        help="vad skyddet av små tal kostar: andelar som döljs och hur mycket avrundningen flyttar dem",
        description=(
            "Jämför andelarna med positivt utfall som visas nu (analysis.disclosure: antal avrundade till "
            "närmaste MIN_N, andelar dolda när färre än MIN_N fick eller inte fick utfallet) med regeln före: "
            "andelar som döljs, och avrundningens avvikelse i procentenheter, per gruppering."
        ),
    )
    protection.add_argument("--data", metavar="MAPP", required=True, help="datamängdens mapp")
    protection.add_argument("--format", choices=("csv", "json"), default="csv", help="utdataformat (standard: csv)")
    _add_scb_commands(commands)
    _add_indices_command(commands)
    _add_store_commands(commands)
    _add_audit_commands(commands)
    _add_backup_commands(commands)
    return parser


SCB_KINDS = ("omradestyp", "nyckel", "geometri")


def _add_scb_commands(commands) -> None:
    from analysis.files_in.scb import STATISTICS_VALUE_COLUMNS

    imp = commands.add_parser(
        "import-scb",
        help="läs en SCB-fil (Statistikdatabasen-CSV, JSON-stat2, DeSO/RegSO-nyckel, geometri) till projektets format",
        description=(
            "Läser en fil från SCB och skriver den i projektets format (docs/dataformat.md): statistik.csv för "
            "tabeller (en kolumn fylld), stadsdelar.csv eller nyckeln för nyckelfilen, stadsdelar.geojson för "
            "geometri. Skriver en sammanfattning: områden lästa, matchade och ej matchade (med namn). "
            "Slutkod 0 när filen skrevs, 1 när filen inte kunde användas, 2 vid fel användning."
        ),
    )
    imp.add_argument("file", metavar="FIL", help="SCB-filen (.csv, .json, .xlsx, .gpkg eller .geojson)")
    imp.add_argument(
        "--kind",
        choices=(*SCB_KINDS, *STATISTICS_VALUE_COLUMNS),
        metavar="SLAG",
        default=None,
        help=(
            "vad filen innehåller: omradestyp (SCB:s områdestyper → omradestyp_scb), en kolumn i statistik.csv "
            f"({', '.join(STATISTICS_VALUE_COLUMNS)}), nyckel (DeSO→RegSO) eller geometri; "
            "utelämnat: geometri och nyckel känns igen själva"
        ),
    )
    imp.add_argument("--key", metavar="NYCKELFIL", help="SCB:s nyckel DeSO→RegSO, för att hitta RegSO-koder från namn")
    imp.add_argument("--kommun", metavar="KOD", help="bara den här kommunen (kod som 1283, eller namn)")
    imp.add_argument(
        "--aggregate-regso",
        action="store_true",
        help="summera DeSO till RegSO (geometri eller JSON-stat2 med DeSO-koder; kräver nyckel eller RegSO-kolumn)",
    )
    imp.add_argument(
        "--out", metavar="UTFIL", required=True, help="filen som skrivs (CSV, eller .geojson för geometri)"
    )
    imp.add_argument(
        "--merge",
        action="store_true",
        help="fyll i kolumnen i en befintlig statistik.csv (UTFIL) i stället för att skriva en ny fil",
    )
    imp.add_argument("--force", action="store_true", help="skriv över UTFIL om den redan finns")

    fetch = commands.add_parser(
        "fetch-scb",
        help="hämta områdesstatistik (och gränser) per RegSO för en kommun från SCB (kräver internet)",
        description=(
            "Hämtar tabellerna bakom stadsdelsindikatorerna för kommunens RegSO från SCB:s PxWeb-API (v2) och "
            "skriver statistik.csv och stadsdelar.csv i MAPP; med --geometri även SCB:s RegSO-gränser (öppna "
            "geodata, CC0) som stadsdelar.geojson. Slutkod 0 när allt hämtades, 1 när SCB inte kunde nås eller "
            "något inte kunde hämtas (det som hämtades skrivs ändå), 2 vid fel användning."
        ),
    )
    fetch.add_argument("--kommun", metavar="KOD", required=True, help="kommunkod med fyra siffror, t.ex. 1283")
    fetch.add_argument(
        "--out", metavar="MAPP", required=True, help="mappen där statistik.csv, stadsdelar.csv (och .geojson) skrivs"
    )
    fetch.add_argument(
        "--geometri",
        action="store_true",
        help="hämta också kommunens RegSO-gränser från SCB:s geodatatjänst och skriv stadsdelar.geojson i MAPP",
    )
    fetch.add_argument(
        "--bara-geometri", action="store_true", help="hämta bara gränserna (stadsdelar.geojson), ingen statistik"
    )
    fetch.add_argument(
        "--geometri-niva",
        choices=("regso", "deso"),
        default="regso",
        help="hämta RegSO direkt (standard) eller DeSO som slås ihop till RegSO",
    )
    fetch.add_argument(
        "--geoserver", metavar="URL", default=None, help="SCB:s WFS-adress (standard: SCB:s öppna geodata)"
    )
    fetch.add_argument("--key", metavar="NYCKELFIL", help="SCB:s nyckel DeSO→RegSO: ger kommunens RegSO och namn")
    fetch.add_argument("--data", metavar="MAPP", help="en datamängd vars stadsdelar.csv anger vilka RegSO som hämtas")
    fetch.add_argument(
        "--merge", action="store_true", help="fyll i kolumnerna i en befintlig statistik.csv i MAPP i stället"
    )
    fetch.add_argument("--force", action="store_true", help="skriv över statistik.csv om den redan finns")
    fetch.add_argument("--api", metavar="URL", default=None, help="SCB:s API-adress (standard: SCB:s PxWeb API v2)")


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
    from analysis.files_in import dataset, intake, loaders
    from analysis.files_in.validation import DataError, Issue, ValidationReport

    district_codes, programme_codes = dataset.load_codes(args.data)
    path = Path(args.file)
    if not loaders.is_participant_file(path):
        # The strategy tables: linked indicators are checked against the data set's own action plan, and
        # a plan workbook gives one report per sheet ("Åtgärder", "Indikatorer").
        strategy_file = loaders.strategy_kind(path) is not None
        reports = loaders.validate_file_reports(
            path,
            district_codes,
            programme_codes,
            plan_ids=dataset.load_plan_ids(args.data) if strategy_file else None,
            sheet=args.sheet,
            day_first=not args.month_first,
        )
        for report in reports:
            print(report.format_text(), file=out)
        return EXIT_OK if all(report.ok for report in reports) else EXIT_DATA
    # A participant file is checked exactly as the Data page imports it, identity columns included: they
    # are pseudonymised with a throwaway key (nothing is kept), so checking needs no configured secret.
    try:
        preview = intake.preview_participants(
            path,  # a path: reading checks its size before it reads it
            path.name,
            district_codes=district_codes,
            programme_codes=programme_codes,
            key=intake.throwaway_key(),
            sheet=args.sheet,
            day_first=not args.month_first,
        )
    except DataError as exc:
        report = exc.report or ValidationReport(path.name, 0, 0, 0, [Issue(None, None, exc.message)])
        print(report.format_text(), file=out)
        return EXIT_DATA
    print(preview.report.format_text(), file=out)
    if preview.notices:
        print(f"Noter ({len(preview.notices)}):", file=out)
        for notice in preview.notices:
            print(f"{preview.file_name}: {notice}", file=out)
    return EXIT_OK if preview.report.ok else EXIT_DATA


def _rates(args, out: TextIO, err: TextIO) -> int:
    by = _parse_by(args.by)
    from analysis import settings
    from analysis.files_in import dataset, loaders

    configured = settings.from_environment().min_n
    min_n = args.min_n if args.min_n is not None else configured
    if min_n < configured:
        # A lower threshold would print what the dashboard hides (analysis.disclosure); it may only be raised.
        raise _UsageError(f"--min-n kan bara höjas: minst {configured} (STADSDEL_MIN_N)")
    from analysis.stats import rates  # imported late: its module is owned and tested separately

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
    # A target group is free text typed into the register: a hidden one is counted (its row stays), never
    # named, since a value held by fewer than MIN_N people can itself point at them (as on the pages).
    free = [c for c in by if c in FREE_TEXT_BY]
    for column in free:
        table[column] = table[column].astype("string").mask(suppressed, HIDDEN_GROUP)
    if free:  # hidden groups last within their year/programme/…, so their place says nothing of their name
        keys = [c for c in by if c not in free]
        table = table.assign(_dold=suppressed).sort_values([*keys, "_dold"], kind="stable").drop(columns="_dold")
    if args.format == "json":
        out.write(_to_json(table))
        out.write("\n")
    else:
        table.to_csv(out, index=False, lineterminator="\n")
    return EXIT_OK


def _protection(args, out: TextIO, err: TextIO) -> int:
    """``skydd``: the cost of the small-number rule on a data set (``analysis.disclosure.loss_report``).

    It compares published figures with exact ones inside this program and prints only how many rates are
    hidden and how far the published ones lie from the exact ones, never an exact figure.
    """
    from analysis import disclosure, settings
    from analysis.files_in import dataset

    folder = Path(args.data)
    participants = dataset.load_dataset(folder).participants
    table = disclosure.loss_report(participants, settings.from_environment().min_n)
    if args.format == "json":
        out.write(_to_json(table))
        out.write("\n")
    else:
        table.to_csv(out, index=False, lineterminator="\n")
    return EXIT_OK


def _check_out(path: Path, merge: bool, force: bool) -> None:
    if merge and force:
        raise _UsageError("--merge och --force kan inte användas samtidigt")
    if merge and not path.is_file():
        raise _UsageError(f"--merge: {path} finns inte; utan --merge skrivs en ny fil")
    if path.exists() and not (merge or force):
        raise _UsageError(f"{path} finns redan; använd --merge för att fylla i den eller --force för att skriva över")


def _write_statistics_checked(frame: pd.DataFrame, out: Path, merge: bool, columns: list[str]) -> list[str]:
    """Write statistik.csv (merged into ``out`` when asked), loading the result back before it replaces
    ``out``: a file the dashboard cannot read is never left behind. Returns summary lines."""
    from analysis.files_in import loaders, scb

    lines = []
    if merge:
        merged = loaders.load_statistics(out)
        for column in columns:
            merged, result = scb.merge_statistics(merged, frame, column)
            lines.append(result.summary())
        frame = merged
    tmp = out.with_name(f".{out.name}.kontroll.csv")
    try:
        scb.write_statistics(frame, tmp)
        loaders.load_statistics(tmp)
        tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)
    return lines


def _detect_kind(path: Path) -> str:
    if path.suffix.lower() in (".gpkg", ".geojson"):
        return "geometri"
    if path.suffix.lower() in (".csv", ".xlsx") and path.is_file():
        head = path.read_bytes()[:2000]
        if path.suffix.lower() == ".xlsx" or b"deso" in head.lower():
            return "nyckel"
    raise _UsageError(f"ange --kind: välj bland {', '.join(SCB_KINDS)} eller en kolumn i statistik.csv")


def _import_scb(args, out: TextIO, err: TextIO) -> int:
    from analysis.files_in import scb

    path, target = Path(args.file), Path(args.out)
    kind = args.kind or _detect_kind(path)
    if args.aggregate_regso and kind not in ("geometri", *scb.STATISTICS_VALUE_COLUMNS, "omradestyp"):
        raise _UsageError("--aggregate-regso gäller geometri och tabeller")
    if args.merge and kind in ("geometri", "nyckel"):
        raise _UsageError("--merge gäller bara tabeller som skrivs till statistik.csv")
    _check_out(target, args.merge, args.force)
    key = scb.read_deso_regso_key(args.key) if args.key else None
    kommun = args.kommun.strip() if args.kommun else None

    if kind == "nyckel":
        table = scb.read_deso_regso_key(path)
        print(scb.key_summary(table), file=out)
        if kommun:
            if not scb.KOMMUN_CODE.fullmatch(kommun):
                raise _UsageError("--kommun: ange kommunkoden med fyra siffror, t.ex. 0360")
            districts = scb.to_districts(table, kommun)
            scb.write_districts(districts, target)
            print(scb.key_summary(table, kommun), file=out)
            print(f"Skrev {len(districts)} stadsdelar (RegSO) till {target}.", file=out)
        else:
            scb.write_text_atomic(target, table.to_csv(index=False, lineterminator="\n"))
            print(f"Skrev nyckeln ({len(table)} DeSO) till {target}.", file=out)
        return EXIT_OK

    if kind == "geometri":
        if target.suffix.lower() not in (".geojson", ".json"):
            raise _UsageError("--out: geometri skrivs som GeoJSON (.geojson)")
        gdf = scb.read_scb_geometry(path, key=key, aggregate_to_regso=args.aggregate_regso, kommun=kommun)
        for note in gdf.attrs.get("notes", []):
            print(note, file=out)
        scb.write_geojson(gdf, target)
        level = "RegSO" if gdf.attrs.get("level") == "regso" else "DeSO"
        print(f"Skrev {len(gdf)} områden ({level}) i EPSG:3006 till {target}.", file=out)
        return EXIT_OK

    column = scb.KIND_COLUMNS[kind]
    if path.suffix.lower() == ".json":
        frame = scb.read_jsonstat2(path)
        tidy = scb.tidy_from_jsonstat(frame, key=key, kommun=kommun, aggregate_to_regso=args.aggregate_regso)
    else:
        if args.aggregate_regso:
            raise _UsageError("--aggregate-regso för tabeller gäller JSON-stat2 med DeSO-koder (.json)")
        tidy = scb.read_statdb_csv(path, key=key, kommun=kommun)
    print(tidy.summary(), file=out)
    if not tidy.labels_resolved:
        hint = " Ange nyckelfilen med --key." if key is None else ""
        print(f"Inget område kunde matchas mot en RegSO-kod; ingen fil skrevs.{hint}", file=err)
        return EXIT_DATA
    statistics = scb.to_statistics(tidy, column)
    for line in _write_statistics_checked(statistics, target, args.merge, [column]):
        print(line, file=out)
    print(f"Skrev {len(statistics)} stadsdel-år (kolumnen {column}) till {target}.", file=out)
    if tidy.unresolved:
        side = target.with_name(f"{target.stem}_ej_matchade.csv")
        scb.write_text_atomic(side, tidy.unresolved_frame().to_csv(index=False, lineterminator="\n"))
        print(f"De {len(tidy.unresolved)} ej matchade områdena med orsak finns i {side}.", file=out)
    return EXIT_OK


def _fetch_scb(args, out: TextIO, err: TextIO) -> int:
    from analysis.files_in import loaders, scb

    kommun = args.kommun.strip()
    if not scb.KOMMUN_CODE.fullmatch(kommun):
        raise _UsageError("--kommun: ange kommunkoden med fyra siffror, t.ex. 0360")
    folder = Path(args.out)
    if folder.exists() and not folder.is_dir():
        raise _UsageError(f"--out: {folder} är en fil, inte en mapp")
    statistics_wanted = not args.bara_geometri
    geometry_wanted = args.geometri or args.bara_geometri
    if args.bara_geometri and args.merge:
        raise _UsageError("--merge fyller i statistik; med --bara-geometri hämtas ingen statistik")
    if statistics_wanted:
        _check_out(folder / "statistik.csv", args.merge, args.force)
    geometry_path = folder / "stadsdelar.geojson"
    if geometry_wanted and geometry_path.exists() and not args.force:
        hint = "hämta gränserna för sig med --bara-geometri --force" if args.merge else "använd --force"
        raise _UsageError(f"{geometry_path} finns redan; {hint} för att skriva över den")
    key = scb.read_deso_regso_key(args.key) if args.key else None
    codes = None
    if args.data:
        codes = list(loaders.load_districts(Path(args.data) / "stadsdelar.csv")["stadsdel_kod"])
    status = EXIT_OK
    if statistics_wanted:
        status = _fetch_statistics(args, kommun, folder, key, codes, out, err)
    if geometry_wanted:
        status = max(status, _fetch_geometry(args, kommun, folder, key, codes, out, err))
    return status


def _fetch_statistics(args, kommun: str, folder: Path, key, codes, out: TextIO, err: TextIO) -> int:
    from analysis.files_in import pxweb, scb

    statistics_path = folder / "statistik.csv"
    # Looked up at call time so tests can replace the network function.
    result = pxweb.fetch_kommun(
        kommun, fetch=pxweb.urllib_fetch, key=key, district_codes=codes, base=args.api or pxweb.SCB_API_BASE
    )
    print(result.summary(), file=out)
    folder.mkdir(parents=True, exist_ok=True)
    for line in _write_statistics_checked(result.statistics, statistics_path, args.merge, list(result.columns)):
        print(line, file=out)
    print(f"Skrev {len(result.statistics)} stadsdel-år till {statistics_path}.", file=out)
    districts_path = folder / "stadsdelar.csv"
    if districts_path.exists():
        print(f"{districts_path} fanns redan och lämnades orörd.", file=out)
    else:
        scb.write_districts(result.districts, districts_path)
        print(f"Skrev {len(result.districts)} stadsdelar till {districts_path}.", file=out)
    if result.failed:
        print(f"{len(result.failed)} tabell(er) kunde inte hämtas; se ovan.", file=err)
        return EXIT_DATA
    return EXIT_OK


def _fetch_geometry(args, kommun: str, folder: Path, key, codes, out: TextIO, err: TextIO) -> int:
    """SCB's boundaries for the kommun into ``folder/stadsdelar.geojson``; the codes compared with the data
    set's districts (``--data``, else a ``stadsdelar.csv`` in the folder). A failure here leaves the
    statistics already written and exits 1 with the reason."""
    from analysis.files_in import geodata, loaders
    from analysis.files_in.validation import DataError

    try:
        # fetch_boundaries looks up geodata.urllib_fetch when called, so tests can replace the network.
        boundaries = geodata.fetch_boundaries(
            kommun, args.geometri_niva, key=key, base=args.geoserver or geodata.WFS_URL
        )
    except DataError as exc:
        print(f"Gränserna kunde inte hämtas: {exc}", file=err)
        return EXIT_DATA
    if boundaries.empty:
        for note in boundaries.attrs.get("notes", []):
            print(note, file=err)
        print("Ingen stadsdelar.geojson skrevs.", file=err)
        return EXIT_DATA
    for note in boundaries.attrs.get("notes", []):
        print(note, file=out)
    districts_path = folder / "stadsdelar.csv"
    if codes is None and districts_path.is_file():
        codes = list(loaders.load_districts(districts_path)["stadsdel_kod"])
    path = geodata.write_boundaries(boundaries, folder / "stadsdelar.geojson")
    print(f"Skrev {len(boundaries)} områden (RegSO) i EPSG:3006 till {path}.", file=out)
    if codes is not None:
        match = geodata.match_codes(boundaries["stadsdel_kod"], codes)
        print(match.summary(), file=out)
        if not match.complete:
            print(
                "Obs: gränserna och stadsdelslistan har inte samma koder; datamängden går inte att läsa in "
                "förrän de stämmer.",
                file=err,
            )
    return EXIT_OK


# ----------------------------------------------------------------------------- indices

INDEX_TEXTS = {
    "dissimilarity": (
        "Olikhetsindex D",
        "andelen av gruppen som skulle behöva flytta till ett annat område för att alla områden skulle få "
        "samma andel (0 = jämnt fördelad, 1 = helt åtskild)",
    ),
    "isolation": (
        "Isolering",
        "andelen ur gruppen i det område där en genomsnittlig gruppmedlem bor; jämför med gruppens andel av alla",
    ),
    "exposure": (
        "Exponering",
        "andelen övriga invånare i det område där en genomsnittlig gruppmedlem bor (isolering + exponering = 1)",
    ),
    "entropy": (
        "Entropiindex H",
        "hur mycket mindre blandade områdena är än helheten (Theils H; 0 = lika blandade, 1 = en grupp per område)",
    ),
    "gini": (
        "Gini",
        "skillnaden i gruppens andel mellan alla par av områden, vägd efter folkmängd (0 = ingen, 1 = helt åtskild)",
    ),
    "atkinson": (
        "Atkinson",
        "ojämn fördelning; b under 0,5 väger områden där gruppen är underrepresenterad tyngre, över 0,5 där den "
        "är överrepresenterad (0 = jämn, 1 = helt åtskild)",
    ),
}
_MISSING_SYMBOLS = ("..", ".", "-", "–", "x")


def _b_value(text: str) -> float:
    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text[:20]!r} är inte ett tal") from None
    if not 0 < value < 1:
        raise argparse.ArgumentTypeError("b måste vara större än 0 och mindre än 1 (standard 0,5)")
    return value


def _add_indices_command(commands) -> None:
    indices = commands.add_parser(
        "indices",
        help="segregationsindex (D, isolering, exponering, H, Gini, Atkinson) ur antal per område",
        description=(
            "Räknar segregationsindex för en grupp (t.ex. utrikes födda) mot övriga ur en CSV- eller Excelfil "
            "med antal personer per område, t.ex. statistik.csv: olikhetsindex D, isolering, exponering, "
            "Theils entropiindex H, Gini och Atkinson. Med --year en uppsättning per år. "
            "Slutkod 0 när indexen räknades, 1 vid fel i data (raden och kolumnen anges), 2 vid fel användning."
        ),
    )
    indices.add_argument("file", metavar="FIL", help="filen med antal per område (.csv eller .xlsx)")
    indices.add_argument("--group", metavar="KOLUMN", required=True, help="antal personer i gruppen per område")
    indices.add_argument(
        "--total", metavar="KOLUMN", required=True, help="antal personer totalt per område (gruppen inräknad)"
    )
    indices.add_argument(
        "--area",
        metavar="KOLUMN",
        default=None,
        help="områdets kod eller namn, för kontroll av dubbletter och i meddelanden (standard: stadsdel_kod om "
        "den finns, annars radnumret)",
    )
    indices.add_argument("--year", metavar="KOLUMN", default=None, help="år: en uppsättning index per år (t.ex. ar)")
    indices.add_argument(
        "--b", type=_b_value, default=0.5, metavar="B", help="Atkinsons parameter b, mellan 0 och 1 (standard 0,5)"
    )
    indices.add_argument("--format", choices=("text", "json"), default="text", help="utdataformat (standard: text)")


class _ColumnMissing(Exception):
    """A column named on the command line that the file lacks (a data error: exit 1)."""


def _find_column(columns: Sequence[str], wanted: str, flag: str) -> str:
    from analysis.files_in import reading

    if wanted in columns:
        return wanted
    key = reading.normalise_header(wanted)
    matches = [c for c in columns if reading.normalise_header(c) == key]
    if len(matches) == 1:
        return matches[0]
    from analysis.files_in.validation import echo

    shown = ", ".join(echo(c) or "(dold)" for c in columns)
    raise _ColumnMissing(f"kolumnen {echo(wanted) or '(dold)'} ({flag}) finns inte i filen; kolumnerna är: {shown}")


def _parse_count(text: str) -> tuple[float | None, str | None]:
    """A cell as a number of persons: ``(value, None)``, or ``(None, reason)`` for a missing or bad cell."""
    from analysis.files_in.validation import echo

    cleaned = text.strip()
    if not cleaned:
        return None, "värde saknas; varje område måste ha ett antal"
    if cleaned in _MISSING_SYMBOLS:
        return None, f'värde saknas ("{cleaned}" betyder dolt eller saknat värde); varje område måste ha ett antal'
    compact = cleaned.replace(" ", "").replace("\u00a0", "").replace("\u202f", "").replace(",", ".")
    try:
        value = float(compact)
    except ValueError:
        value = float("nan")
    if not math.isfinite(value):
        return None, f"{echo(cleaned) or 'värdet'} är inte ett tal; ange antal personer"
    if value < 0:
        return None, "negativt antal; antal personer är 0 eller mer"
    if value != math.floor(value):
        hint = " (ser ut som en andel)" if value < 1 else ""
        return None, f"inte ett heltal{hint}; ange antal personer, inte andelar"
    return value, None


def _read_counts(args):
    """The file's counts as ``(file, frame)`` with columns area, year, group, total (floats); DataError
    listing every bad cell by Excel row and column."""
    from analysis.files_in import reading
    from analysis.files_in.validation import Issue, echo, error_from_issues, file_error

    path = Path(args.file)
    wanted = [c for c in (args.group, args.total, args.area, args.year) if c]
    table = reading.read_table(path, known_columns=wanted)
    columns = list(table.frame.columns)
    try:
        group = _find_column(columns, args.group, "--group")
        total = _find_column(columns, args.total, "--total")
        year = _find_column(columns, args.year, "--year") if args.year else None
        if args.area:
            area = _find_column(columns, args.area, "--area")
        else:
            area = next((c for c in columns if reading.normalise_header(c) == "stadsdel_kod"), None)
    except _ColumnMissing as exc:
        raise file_error(table.file, str(exc), len(table.frame)) from None
    if group == total:
        raise _UsageError("--group och --total måste vara olika kolumner")

    def label(column: str) -> str:
        letter = table.letters.get(column)
        return f"{column} ({letter})" if letter else column

    frame = table.frame
    used = [c for c in (area, year, group, total) if c]
    frame = frame[(frame[used] != "").any(axis=1)]  # empty rows are not areas
    issues: list[Issue] = []
    records = []
    seen: dict[tuple[str, str], int] = {}
    for row, cells in frame.iterrows():
        x, x_reason = _parse_count(cells[group])
        t, t_reason = _parse_count(cells[total])
        for column, reason in ((group, x_reason), (total, t_reason)):
            if reason:
                issues.append(Issue(int(row), label(column), reason))
        if x is not None and t is not None and x > t:
            issues.append(Issue(int(row), label(group), f"större än {total} på samma rad; gruppen ingår i totalen"))
        year_value = cells[year].strip() if year else ""
        if year and not year_value:
            issues.append(Issue(int(row), label(year), "år saknas"))
        name = cells[area].strip() if area else f"rad {row}"
        if area and not name:
            issues.append(Issue(int(row), label(area), "området saknar kod eller namn"))
        elif area:
            first = seen.setdefault((year_value, name), int(row))
            if first != row and not year:
                # One message, not one per row: a file with several years is the usual cause.
                raise file_error(
                    table.file,
                    f"{echo(name) or 'ett område'} i kolumnen {label(area)} förekommer på både rad {first} och "
                    f"rad {row}; varje område ska finnas en gång. Har filen flera år, ange årskolumnen med --year",
                    len(table.frame),
                )
            if first != row:
                where = f"samma år ({echo(year_value) or '?'})"
                message = f"{echo(name) or 'området'} förekommer också på rad {first} {where}"
                issues.append(Issue(int(row), label(area), message))
        records.append((name, year_value, x, t))
    if issues:
        raise error_from_issues(table.file, issues, len(table.frame))
    if not records:
        raise file_error(table.file, "filen har inga rader med antal", len(table.frame))
    counts = pd.DataFrame(records, columns=["area", "year", "group", "total"])
    return table.file, counts


def _year_key(value: str):
    return (0, int(value), "") if value.lstrip("-").isdigit() else (1, 0, value)


def _swedish(value: float, decimals: int = 3) -> str:
    if round(value, decimals) == 0:
        value = 0.0  # never "−0,000"
    return f"{value:.{decimals}f}".replace(".", ",").replace("-", "−")


def _indices(args, out: TextIO, err: TextIO) -> int:
    from analysis.files_in.validation import DataError
    from analysis.stats import segregation

    file, counts = _read_counts(args)
    results = []
    for year in sorted(counts["year"].unique(), key=_year_key) if args.year else [None]:
        rows = counts if year is None else counts[counts["year"] == year]
        try:
            result = segregation.two_group_indices(
                rows["group"].to_numpy(), rows["total"].to_numpy(), b=args.b, areas=list(rows["area"])
            )
        except segregation.SegregationInputError as exc:
            where = f"{file}, år {year}" if year is not None else file
            raise DataError(f"{where} (--group {args.group}, --total {args.total}): {exc}") from None
        share = rows["group"].sum() / rows["total"].sum()
        shown_year = int(year) if year is not None and _year_key(year)[0] == 0 else year
        results.append((shown_year, len(rows), share, result))

    if args.format == "json":
        records = [({"year": y} if args.year else {}) | result.as_dict() | {"areas": n} for y, n, _, result in results]
        out.write(json.dumps(records if args.year else records[0], ensure_ascii=False))
        out.write("\n")
        return EXIT_OK

    b_text = _swedish(args.b, 2).rstrip("0").rstrip(",")
    print(f"Segregationsindex för {args.group} av {args.total} i {file} (Atkinsons b = {b_text})", file=out)
    if not args.year:
        _, n, share, result = results[0]
        print(f"{n} områden; gruppen är {_swedish(100 * share, 1)} % av alla.", file=out)
        width = max(len(name) for name, _ in INDEX_TEXTS.values())
        for key, value in result.as_dict().items():
            name, explanation = INDEX_TEXTS[key]
            print(f"  {name:<{width}}  {_swedish(value)}  {explanation}", file=out)
    else:
        names = ["År", "Områden", "Andel i gruppen", *(INDEX_TEXTS[k][0] for k in segregation.INDEX_NAMES)]
        lines = [
            [str(y), str(n), f"{_swedish(100 * share, 1)} %", *(_swedish(v) for v in result.as_dict().values())]
            for y, n, share, result in results
        ]
        widths = [max(len(names[i]), *(len(line[i]) for line in lines)) for i in range(len(names))]
        print("  ".join(h.rjust(w) for h, w in zip(names, widths, strict=True)), file=out)
        for line in lines:
            print("  ".join(c.rjust(w) for c, w in zip(line, widths, strict=True)), file=out)
        print("Så läser du indexen:", file=out)
        for name, explanation in INDEX_TEXTS.values():
            print(f"  {name}: {explanation}", file=out)
    print(
        "Alla index beror på områdesindelningen (fler och mindre områden ger högre värden); jämför bara "
        "resultat med samma slags områden.",
        file=out,
    )
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


# ----------------------------------------------------------------------------- the local store

STORE_KINDS = (
    "deltagare",
    "statistik",
    "geometri",
    "handlingsplan",
    "handlingsplan_indikatorer",
    "placeringar",
    "aktiviteter",
)


def _add_store_commands(commands) -> None:
    imp = commands.add_parser(
        "import",
        help="importera en deltagarfil, handlingsplan, placeringar eller aktiviteter till datalagret som på sidan Data",
        description=(
            "Läser, skyddar (personnummer blir pseudonymer med nyckeln i .streamlit/secrets.toml eller "
            "STADSDEL_PSEUDONYM_KEY) och kontrollerar en deltagarfil precis som sidan Data, och sparar de godkända "
            "raderna som en ny version i datalagret (STADSDEL_STORE_DIR, annars lokal_data/), med nyckelns "
            "fingeravtryck. Är nyckeln en annan än den aktiva versionens sparas inget utan --ny-nyckel. "
            "En fil vars namn börjar med handlingsplan, handlingsplan_indikatorer, placeringar eller aktiviteter "
            "kontrolleras och sparas som den tabellen (utan pseudonymer: de tabellerna har inga personer). "
            "Slutkod 0 när en version sparades, 1 när inget sparades."
        ),
    )
    imp.add_argument("file", metavar="FIL", help="deltagarfilen (.csv eller .xlsx)")
    imp.add_argument(
        "--data", metavar="MAPP", required=True, help="datamängdens mapp: ger kommunen och de giltiga koderna"
    )
    imp.add_argument("--blad", dest="sheet", metavar="BLAD", help="bladet i en Excelfil (standard: det första)")
    imp.add_argument(
        "--manad-forst",
        dest="month_first",
        action="store_true",
        help="läs datum som 3/1/2024 med månaden först (standard: dagen först, 1/3/2024 = 1 mars)",
    )
    # Issue 13: the name on an import comes from who runs the command, never from a flag. Still accepted, so an
    # old script gets a clear word instead of a usage error, and ignored.
    imp.add_argument("--vem", dest="who", metavar="NAMN", help=argparse.SUPPRESS)
    imp.add_argument(
        "--ny-nyckel",
        dest="new_key",
        action="store_true",
        help=(
            "spara även när nyckeln för pseudonymer inte är den aktiva versionens (eller inte går att jämföra): "
            "pseudonymerna stämmer då inte med tidigare versioner"
        ),
    )

    versions = commands.add_parser(
        "versions",
        help="lista de sparade versionerna i datalagret, med vilken nyckel för pseudonymer var och en gjordes",
        description=(
            "Listar varje sparad version av en tabell i datalagret (nyast först): tid, fil, antal rader, vem, "
            "nyckelns fingeravtryck (okänd för versioner sparade innan nycklar registrerades) och vilken som "
            "används, och säger om den inställda nyckeln är den aktiva versionens."
        ),
    )
    where = versions.add_mutually_exclusive_group(required=True)
    where.add_argument("--data", metavar="MAPP", help="datamängdens mapp (ger kommunen)")
    where.add_argument("--kommun", metavar="KOD", help="kommunkod med fyra siffror, t.ex. 1283")
    versions.add_argument(
        "--typ", dest="kind", choices=STORE_KINDS, default="deltagare", help="tabellen (standard: deltagare)"
    )


def _add_audit_commands(commands) -> None:
    audit_log = commands.add_parser(
        "granskning",
        help="visa, exportera eller kontrollera datalagrets granskningslogg",
        description=(
            "Visar granskningsloggen i datalagret (STADSDEL_STORE_DIR, annars lokal_data/): varje import, "
            "versionsbyte, inloggning och nekad åtgärd, med vem, när, vad och utfall, nyast först. Med --csv "
            "skrivs hela loggen som CSV (semikolon, UTF-8) och med --kontrollera prövas kedjan: att ingen rad "
            "har ändrats eller tagits bort. Slutkod 0 när loggen är hel, 1 när något är fel."
        ),
    )
    audit_log.add_argument("--csv", metavar="FIL", help="skriv hela loggen som CSV till FIL (- för standard ut)")
    audit_log.add_argument("--kontrollera", action="store_true", help="kontrollera att kedjan av rader är hel")
    audit_log.add_argument(
        "--antal", type=int, default=50, metavar="N", help="så många av de senaste posterna visas (standard: 50)"
    )
    commands.add_parser(
        "losenord",
        help="gör en lösenordshash (argon2id) för [anvandare.NAMN] i .streamlit/secrets.toml",
        description=(
            "Läser ett lösenord (två gånger vid en terminal, annars första raden på standard in) och skriver "
            "dess argon2id-hash, med eget salt, att klistra in som losenord_hash under [anvandare.NAMN] i "
            ".streamlit/secrets.toml. Lösenordet självt skrivs aldrig ut eller sparas. Ett för kort eller "
            "lättgissat lösenord avvisas (slutkod 1)."
        ),
    )


#: Swedish headers of the audit log as the command line prints it.
AUDIT_HEADERS = {
    "n": "nr",
    "when": "tid (UTC)",
    "who": "vem",
    "role": "roll",
    "method": "inloggning",
    "action": "åtgärd",
    "what": "vad",
    "outcome": "utfall",
    "detail": "detalj",
}


def _audit_log(args, out: TextIO, err: TextIO) -> int:
    from analysis.keeping import audit
    from analysis.keeping.store import Store

    log = audit.AuditLog(Store().root)
    entries = log.entries()
    if args.csv:
        data = audit.to_csv(entries.rename(columns=AUDIT_HEADERS))
        if args.csv == "-":
            out.write(data.decode("utf-8-sig"))
        else:
            Path(args.csv).write_bytes(data)
            print(f"Skrev {len(entries)} poster till {args.csv}.", file=out)
    elif not args.kontrollera:
        if entries.empty:
            print(f"Granskningsloggen i {log.root} är tom.", file=out)
        else:
            newest = entries.iloc[::-1].head(max(args.antal, 0)).fillna("")
            print(newest.rename(columns=AUDIT_HEADERS).to_string(index=False), file=out)
    if args.kontrollera:
        problems = log.verify()
        if problems:
            print(f"Granskningsloggen {log.path} är inte hel:", file=err)
            for problem in problems:
                print(f"- {problem}", file=err)
            return EXIT_DATA
        print(f"Granskningsloggen är hel: {len(entries)} poster, ingen rad ändrad eller borttagen.", file=out)
    return EXIT_OK


def _read_password(err: TextIO) -> str:
    """The password: asked twice at a terminal (without echo), else the first line of standard input."""
    import getpass

    if sys.stdin is not None and sys.stdin.isatty():
        first = getpass.getpass("Lösenord: ")
        if getpass.getpass("Samma lösenord igen: ") != first:
            from analysis.files_in.validation import DataError

            raise DataError("Lösenorden var inte lika. Inget skrevs ut.")
        return first
    line = sys.stdin.readline() if sys.stdin is not None else ""
    return line.rstrip("\r\n")


def _password_hash(args, out: TextIO, err: TextIO) -> int:
    from analysis.keeping import audit

    print(audit.hash_password(_read_password(err)), file=out)
    print(
        'Klistra in raden ovan som losenord_hash = "…" under [anvandare.NAMN] i .streamlit/secrets.toml.',
        file=err,
    )
    return EXIT_OK


def _configured_key() -> bytes:
    """The pseudonym key as the Data page finds it: ``.streamlit/secrets.toml`` in the working folder, then
    ``STADSDEL_PSEUDONYM_KEY``. MissingKeyError (Swedish, a DataError) when it is missing or weak."""
    import os

    from analysis.files_in import keys

    return keys.pseudonym_key(keys.read_secrets_file(), os.environ)


def _ignored_who(args, err: TextIO) -> None:
    if getattr(args, "who", None):
        print(
            "Obs: --vem används inte längre. Importen sparas i ditt namn som inloggad användare på datorn; "
            "det är det som står i versionslistan och granskningsloggen.",
            file=err,
        )


def _refused(exc, path: Path, out: TextIO, err: TextIO) -> int:
    """A file that cannot be imported at all: its report (or the reason) and "nothing was kept"."""
    from analysis.files_in.validation import Issue, ValidationReport

    report = exc.report or ValidationReport(path.name, 0, 0, 0, [Issue(None, None, exc.message)])
    print(report.format_text(), file=out)
    print("Inget sparades.", file=err)
    return EXIT_DATA


def _shown_acceptable(preview, out: TextIO, err: TextIO) -> bool:
    """Print an import's validation report and reading notices; True when at least one row was accepted."""
    print(preview.report.format_text(), file=out)
    for notice in preview.notices:
        print(f"{preview.file_name}: {notice}", file=out)
    if not preview.acceptable:
        print("Inget sparades: ingen rad godkändes.", file=err)
    return preview.acceptable


def _import_table(args, kind: str, out: TextIO, err: TextIO) -> int:
    """An action plan, its linked indicators, placements or an activity log into the store, as on the Data page."""
    from analysis.files_in import dataset, intake
    from analysis.files_in.validation import DataError
    from analysis.keeping import audit
    from analysis.keeping.store import Store

    kommun = dataset.read_meta(args.data)["kommun_kod"]
    district_codes, programme_codes = dataset.load_codes(args.data)
    store = Store()
    path = Path(args.file)
    plan_ids = None
    if kind == "handlingsplan_indikatorer":
        active = store.active(kommun, "handlingsplan")
        shipped = dataset.load_plan_ids(args.data)
        plan_ids = set(store.load(kommun, "handlingsplan", active.id)["atgard_id"]) if active else shipped
    try:
        preview = intake.preview_table(
            kind,
            path.read_bytes() if path.is_file() else path,
            path.name,
            district_codes=district_codes,
            programme_codes=programme_codes,
            plan_ids=plan_ids,
            sheet=args.sheet,
            day_first=not args.month_first,
        )
    except DataError as exc:
        return _refused(exc, path, out, err)
    if not _shown_acceptable(preview, out, err):
        return EXIT_DATA
    version = intake.accept_table(preview, store, kommun, actor=audit.cli_actor())
    print(f"Sparat som version {version.id}: {version.rows} rader. Alla sidor visar nu den här versionen.", file=out)
    return EXIT_OK


def _import_participants(args, out: TextIO, err: TextIO) -> int:
    from analysis.files_in import dataset, intake, keys, loaders, reading
    from analysis.files_in.validation import DataError
    from analysis.keeping import audit
    from analysis.keeping.store import Store

    _ignored_who(args, err)
    kind = loaders.strategy_kind(args.file)
    if kind is not None:  # the file name says it is one of the integration strategy's tables
        return _import_table(args, kind, out, err)
    kommun = dataset.read_meta(args.data)["kommun_kod"]
    district_codes, programme_codes = dataset.load_codes(args.data)
    key = _configured_key()
    store = Store()
    path = Path(args.file)
    # The mapping saved on the Data page, in the same place (ui.importer.mapping_path).
    mapping = reading.load_mapping(Path(store.root) / kommun / "deltagare_kolumnmappning.json")
    try:
        preview = intake.preview_participants(
            path.read_bytes() if path.is_file() else path,
            path.name,
            district_codes=district_codes,
            programme_codes=programme_codes,
            key=key,
            mapping=mapping or None,
            sheet=args.sheet,
            day_first=not args.month_first,
        )
    except DataError as exc:
        return _refused(exc, path, out, err)
    if not _shown_acceptable(preview, out, err):
        return EXIT_DATA
    change = intake.key_change(store, kommun, preview.key_fingerprint)
    if change is not None and not args.new_key:
        print(
            f"{change.message()}\nInget sparades. Ange --ny-nyckel för att ändå spara importen med den här nyckeln.",
            file=err,
        )
        return EXIT_DATA
    if change is not None:
        print(f"Obs: {change.message()}", file=err)
    version = intake.accept(preview, store, kommun, actor=audit.cli_actor())
    print(
        f"Sparat som version {version.id}: {version.rows} rader, nyckel {keys.key_fingerprint(key)}. "
        "Alla sidor visar nu den här versionen.",
        file=out,
    )
    return EXIT_OK


def _versions(args, out: TextIO, err: TextIO) -> int:
    from analysis.files_in import dataset, intake
    from analysis.files_in.keys import MissingKeyError, key_fingerprint
    from analysis.keeping.store import Store

    kommun = dataset.read_meta(args.data)["kommun_kod"] if args.data else args.kommun
    store = Store()
    versions = store.versions(kommun, args.kind)
    if not versions:
        print(f"Inga sparade versioner av {args.kind} för kommun {kommun} i {store.root}.", file=out)
        return EXIT_OK
    active = store.active(kommun, args.kind)
    participants = args.kind == intake.PARTICIPANTS
    rows = [
        {
            "version": v.id,
            "sparad (UTC)": v.created[:16].replace("T", " "),
            "fil": v.file_name,
            "lästa": v.rows_read,
            "godkända": v.rows_accepted,
            "avvisade": v.rows_rejected,
            "av": v.who or "",
            **({"nyckel": v.key_fingerprint or "okänd"} if participants else {}),
            "används": "ja" if active is not None and v.id == active.id else "",
        }
        for v in versions
    ]
    print(pd.DataFrame(rows).to_string(index=False), file=out)
    if participants:
        try:
            fingerprint = key_fingerprint(_configured_key())
        except MissingKeyError:
            print(
                "Ingen giltig nyckel för pseudonymer är inställd (pseudonym_key i .streamlit/secrets.toml eller "
                "STADSDEL_PSEUDONYM_KEY; import säger hur en bra nyckel skapas).",
                file=out,
            )
            return EXIT_OK
        if active is None or active.key_fingerprint is None:
            relation = "den aktiva versionens nyckel är okänd"
        elif active.key_fingerprint == fingerprint:
            relation = "samma som den aktiva versionens"
        else:
            relation = "inte den aktiva versionens: en import nu ger nya pseudonymer"
        print(f"Inställd nyckel: {fingerprint} ({relation}).", file=out)
    return EXIT_OK


def _add_backup_commands(commands) -> None:
    backup_cmd = commands.add_parser(
        "sakerhetskopia",
        help="spara hela datalagret (alla versioner, kolumnmappningar, granskningsloggen) i en zipfil",
        description=(
            "Sparar hela datalagret (STADSDEL_STORE_DIR, annars lokal_data/) i en ny zipfil: varje kommuns "
            "versioner och versionsförteckningar, sparade kolumnmappningar och granskningsloggen, med en "
            "förteckning över varje fils SHA-256. Tabellernas lås hålls medan förteckningarna läses, så en "
            "import under tiden kommer antingen med helt eller inte alls. Slutkod 0 när kopian sparades, 1 när "
            "inget sparades (t.ex. en skadad version, eller filen finns redan)."
        ),
    )
    backup_cmd.add_argument(
        "--till", dest="target", metavar="FIL", required=True, help="den nya zipfilen (får inte finnas sedan förut)"
    )
    restore_cmd = commands.add_parser(
        "aterstall",
        help="återställ datalagret från en säkerhetskopia (till en ny eller tom mapp)",
        description=(
            "Kontrollerar en säkerhetskopia (filnamn, storlek, varje fils SHA-256, varje tabells "
            "versionsförteckning) och återställer den till en ny eller tom mapp. Ett datalager som inte är tomt "
            "skrivs bara över med --skriv-over, och då flyttas det gamla innehållet åt sidan först. Stoppa "
            "dashboarden innan. Slutkod 0 när allt återställdes, 1 när inget återställdes."
        ),
    )
    restore_cmd.add_argument("file", metavar="FIL", help="säkerhetskopian (.zip)")
    restore_cmd.add_argument(
        "--till",
        dest="target",
        metavar="MAPP",
        help="mappen att återställa till (standard: STADSDEL_STORE_DIR, annars lokal_data/)",
    )
    restore_cmd.add_argument(
        "--skriv-over",
        dest="force",
        action="store_true",
        help="återställ även till en mapp som inte är tom (dess innehåll flyttas till MAPP.fore-aterstallning-TID)",
    )
    restore_cmd.add_argument(
        "--kontrollera",
        dest="check_only",
        action="store_true",
        help="kontrollera bara säkerhetskopian; inget återställs",
    )


def _backup(args, out: TextIO, err: TextIO) -> int:
    from analysis.keeping import backup
    from analysis.keeping.store import Store

    info = backup.backup(Store().root, args.target)
    print(info.describe(), file=out)
    return EXIT_OK


def _restore(args, out: TextIO, err: TextIO) -> int:
    from analysis.keeping import audit, backup

    if args.check_only:
        problems = backup.verify(args.file)
        if problems:
            print(f"Säkerhetskopian {args.file} går inte att återställa:", file=err)
            for problem in problems:
                print(f"- {problem}", file=err)
            return EXIT_DATA
        print(f"Säkerhetskopian {args.file} är hel: varje fil stämmer med sin kontrollsumma.", file=out)
        return EXIT_OK
    info = backup.restore(args.file, args.target, force=args.force)
    # The restore itself is a change to the store: recorded in the restored log, under the OS user's name.
    audit.AuditLog(info.root).record(
        audit.cli_actor(), audit.RESTORE, f"från säkerhetskopian {Path(args.file).name}", audit.OK
    )
    print(info.describe(), file=out)
    return EXIT_OK


def main(argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run the command line and return the exit code (0 ok, 1 data errors, 2 wrong usage).

    ``out``/``err`` default to stdout/stderr; tests pass ``io.StringIO`` objects.
    """
    out = out or sys.stdout
    err = err or sys.stderr
    from analysis.files_in.validation import DataError

    parser = build_parser()
    try:
        try:
            args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
        except SystemExit as exc:  # --help exits 0 after printing
            return int(exc.code or 0)
        if args.command is None:
            parser.print_help(err)
            return EXIT_USAGE
        handler = {
            "validate": _validate,
            "rates": _rates,
            "skydd": _protection,
            "import-scb": _import_scb,
            "fetch-scb": _fetch_scb,
            "indices": _indices,
            "import": _import_participants,
            "versions": _versions,
            "granskning": _audit_log,
            "sakerhetskopia": _backup,
            "aterstall": _restore,
            "losenord": _password_hash,
        }[args.command]
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
