"""Display tables: analysis frames turned into formatted text in the language in use ("visa som tabell").

Hidden values read "färre än N" so a table can never show what a chart hides.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

import texts
from charts import format as fmt
from charts.maps import value_text, value_texts  # one formatter for map hover and table alike
from charts.outcomes import FREE_TEXT


def _labelled(frame: pd.DataFrame, columns: Mapping[str, str], labels: Mapping[str, Mapping]) -> pd.DataFrame:
    out = pd.DataFrame(index=frame.index)
    for col, title in columns.items():
        values = frame[col]
        if col in labels:
            values = values.map(lambda v, m=labels[col]: m.get(v, v))
        elif col == "ar":
            values = values.map(lambda v: "" if pd.isna(v) else str(int(v)))
        out[title] = values.astype("string")
    return out


def rate_table(
    frame: pd.DataFrame,
    columns: Mapping[str, str],
    labels: Mapping[str, Mapping],
    min_n: int,
    *,
    rate_title: str | None = None,
) -> pd.DataFrame:
    """Key columns (renamed, codes replaced by labels) plus rate, 95 % interval and n as text.

    Hidden rows of a free-text key column (``charts.outcomes.FREE_TEXT``: ``roll``, ``malgrupp``) are not
    listed by name (a value typed into the register and held by fewer than ``min_n`` people can point at
    them) but folded into one last row that counts them.
    """
    rate_title = rate_title or texts.COLUMNS["rate"]
    frame = _fold_free_text(frame, [c for c in columns if c in FREE_TEXT])
    out = _labelled(frame, columns, labels)
    hidden = frame["suppressed"].astype(bool)
    out[rate_title] = [texts.HIDDEN_FIGURE if h else fmt.percent(r) for h, r in zip(hidden, frame["rate"], strict=True)]
    out[texts.COLUMNS["interval"]] = [
        "" if h else fmt.interval(lo, hi) for h, lo, hi in zip(hidden, frame["ci_low"], frame["ci_high"], strict=True)
    ]
    out[texts.COLUMNS["n_finished"]] = [
        texts.HIDDEN_FIGURE if h else fmt.number(n) for h, n in zip(hidden, frame["n"], strict=True)
    ]
    return out.reset_index(drop=True)


def _fold_free_text(frame: pd.DataFrame, free: list[str]) -> pd.DataFrame:
    """``frame`` with its hidden rows replaced by one row "N andra roller" in the free-text column."""
    folded = frame["suppressed"].astype(bool).to_numpy()
    if not free or not folded.any():
        return frame
    row = {free[0]: texts.hidden_free_text_row(free[0], int(folded.sum())), "suppressed": True}
    kept = frame.loc[~folded]
    parts = [kept, pd.DataFrame([row])] if len(kept) else [pd.DataFrame([row])]
    return pd.concat(parts, ignore_index=True).reindex(columns=frame.columns)


def goal_card(goal, min_n: int) -> tuple[str, str, str]:
    """One goal of ``analysis.stats.goals.goal_status`` as the card's three lines: the measure (which
    enrolments it counts, in which year), the count against the goal ("hittills" while the year runs) and
    what may be said about reaching it."""
    reading = texts.goal_reading(goal.status, min_n)
    # The count is published rounded to 5 (analysis.disclosure) and the verdict is taken on the exact count,
    # so "30 av 30" can be "not reached": the card then says why the two seem to disagree.
    if not pd.isna(goal.utfall) and not pd.isna(goal.malvarde):
        looks_reached = int(goal.utfall) >= int(goal.malvarde)
        reached = goal.status in ("reached", "reached_so_far")
        if goal.status in ("reached", "not_reached", "reached_so_far", "so_far") and looks_reached != reached:
            reading = f"{reading} {texts.goal_rounded(min_n)}"
    return (
        texts.goal_measure_label(goal.matt, int(goal.ar)),
        # "färre än 5" stays on one line: the card breaks before "av" instead.
        texts.goal_value(goal.period, fmt.count(goal.utfall, min_n).replace(" ", fmt.NBSP), fmt.number(goal.malvarde)),
        reading,
    )


def measure_table(
    frame: pd.DataFrame, *, kind: str, label: str, min_n: int, name_col: str = "stadsdel_namn"
) -> pd.DataFrame:
    """District measure values (``analysis.stats.measures`` shape) as text, one row per district (column
    by column: a national table has 6,160 rows)."""
    status = frame["status"].tolist()
    if kind == "area_type":
        shown = [texts.AREA_TYPE_LABELS.get(int(v), "") if not pd.isna(v) else "" for v in frame["value"].tolist()]
    else:
        shown = value_texts(frame["value"], kind)
    ci = fmt.intervals(frame["ci_low"], frame["ci_high"]) if kind in ("share", "rate") else [""] * len(frame)
    n = ["" if text == fmt.DASH else text for text in fmt.numbers(frame["n"])]
    rows = [
        (name, texts.HIDDEN_FIGURE, "", "")
        if state == "suppressed"
        else (name, texts.MISSING_VALUE, "", "")
        if state == "missing"
        else (name, value, interval, count)
        for name, state, value, interval, count in zip(frame[name_col].tolist(), status, shown, ci, n, strict=True)
    ]
    return pd.DataFrame(rows, columns=[texts.COLUMNS["district"], label, texts.COLUMNS["interval"], "n"])


def _cell(kind: str, value, ci_low, ci_high, n, status: str, min_n: int) -> str:
    if status == "suppressed":
        return texts.HIDDEN_FIGURE
    if status == "missing" or value is None or pd.isna(value):
        return texts.MISSING_VALUE
    if kind == "area_type":
        return texts.AREA_TYPE_LABELS.get(int(value), "")
    text = value_text(value, kind)
    if kind in ("share", "rate"):
        # The cell wraps in a narrow column: only between value, interval and n, never inside them (a word
        # joiner on each side of the interval's dash, no-break spaces around "=").
        interval = fmt.interval(ci_low, ci_high).replace(fmt.DASH, f"\u2060{fmt.DASH}\u2060")
        text += f" ({interval}; n{fmt.NBSP}={fmt.NBSP}{fmt.number(n)})"
    return text


def comparison_rows(
    every: pd.DataFrame,
    labels: Mapping[str, str],
    kinds: Mapping[str, str],
    chosen: list[str],
    municipal: str,
    min_n: int,
) -> list[list[str]]:
    """Jämför's table of every measure, one row per measure in ``every``'s order: label, the municipality
    (the reference, so it never scrolls out of view), then one cell per district of ``chosen``. ``every``
    has one row per measure (``matt``) and district, and one for the municipality (``stadsdel_kod``
    ``municipal``); the cells are looked up in one dict, not with one ``.loc`` per measure."""
    wanted = every[every["stadsdel_kod"].isin([*chosen, municipal])]
    cells = {(r["matt"], r["stadsdel_kod"]): r for r in wanted.to_dict("records")}
    rows = []
    for key in dict.fromkeys(every["matt"].tolist()):
        kind = kinds[key]
        muni = cells[(key, municipal)]
        muni_cell = "–" if kind == "area_type" else _cell_of(kind, muni, min_n)
        rows.append([labels[key], muni_cell, *(_cell_of(kind, cells[(key, code)], min_n) for code in chosen)])
    return rows


def _cell_of(kind: str, row: Mapping, min_n: int) -> str:
    return _cell(kind, row["value"], row["ci_low"], row["ci_high"], row["n"], row["status"], min_n)


def comparison_frame(values: pd.DataFrame, municipal: dict, names: Mapping[str, str]) -> pd.DataFrame:
    """Selected districts (indexed by code) plus the municipality, in the shape ``charts.outcomes.value_bars``
    takes: ``key, name, value, n, ci_low, ci_high, status``."""
    districts = values.reset_index().rename(columns={"stadsdel_kod": "key"})
    districts["name"] = districts["key"].map(names)
    muni = pd.DataFrame([{"key": "kommun", "name": texts.MUNICIPALITY, **municipal}])
    columns = ["key", "name", "value", "n", "ci_low", "ci_high", "status"]
    return pd.concat([districts[columns], muni[columns]], ignore_index=True)


def change_table(
    changes: pd.DataFrame,
    names: Mapping[str, str],
    *,
    kind: str,
    direction: int,
    base: int,
    year: int,
    min_n: int,
    key: str = "stadsdel_kod",
    first_column: str | None = None,
) -> tuple[pd.DataFrame, dict[str, list[str]]]:
    """``analysis.stats.change.change_between_years`` as text, one row per area: both years' values, the
    change by the one rule of ``charts.format.delta``, its interval (shares and rates), the reading in words
    and both years' n; plus the colours for ``ui.widgets.table``: the change green or red by whether it is
    good for the measure, the reading only when it is clear (a change that could be chance is not called good
    or bad)."""
    # Shares with one decimal: a change of 0,4 points between two values both shown as "44 %" would puzzle.
    decimals = 1 if kind in ("share", "rate") else 0
    rows, change_colours, verdict_colours = [], [], []
    for r in changes.itertuples():
        code = getattr(r, key)
        name = names.get(code, code)
        if r.status != "ok":
            hidden = texts.HIDDEN_FIGURE if r.status == "suppressed" else texts.MISSING_VALUE
            rows.append((name, hidden, hidden, hidden, "", "", "", ""))
            change_colours.append("gray")
            verdict_colours.append("gray")
            continue
        delta = fmt.measure_delta(r.value, kind, direction=direction, reading=r.reading)
        rows.append(
            (
                name,
                value_text(r.value_base, kind, decimals),
                value_text(r.value_now, kind, decimals),
                delta.text,
                fmt.change_interval(r.ci_low, r.ci_high, kind),
                delta.verdict(),
                "" if pd.isna(r.n_base) else fmt.number(r.n_base),
                "" if pd.isna(r.n) else fmt.number(r.n),
            )
        )
        change_colours.append(delta.colour)
        verdict_colours.append(delta.colour if delta.chance is False else "gray")
    columns = [
        first_column or texts.COLUMNS["area"],
        str(base),
        str(year),
        texts.COLUMNS["change"],
        texts.COLUMNS["interval_points"],
        texts.COLUMNS["verdict"],
        f"n {base}",
        f"n {year}",
    ]
    colours = {texts.COLUMNS["change"]: change_colours, texts.COLUMNS["verdict"]: verdict_colours}
    return pd.DataFrame(rows, columns=columns), colours


def funnel_table(funnel: pd.DataFrame, names: Mapping[str, str], min_n: int) -> pd.DataFrame:
    """``analysis.stats.programmes.programme_funnel`` as text, hidden counts as "färre än N"."""
    out = pd.DataFrame({texts.COLUMNS["programme"]: funnel["insats"].map(lambda c: names.get(c, c))})
    for col, title in (
        ("inskrivna", texts.COLUMNS["enrolled"]),
        ("avslutade", texts.COLUMNS["finished"]),
        ("pagaende", texts.COLUMNS["ongoing"]),
        ("positivt", texts.COLUMNS["positive"]),
    ):
        # A hidden positive count may be hidden for its complement (few without work): "färre än 5" could
        # then be false, so it says only that it is hidden.
        if col == "positivt":
            out[title] = [texts.HIDDEN_FIGURE if pd.isna(v) else fmt.number(v) for v in funnel[col]]
        else:
            out[title] = [fmt.count(v, min_n) for v in funnel[col]]
    return out.reset_index(drop=True)


def indices_table(indices: pd.DataFrame) -> pd.DataFrame:
    """Segregation indices per year as text with two decimals (the "visa som tabell" of the trend)."""
    out = pd.DataFrame({texts.COLUMNS["year"]: indices["ar"].map(lambda y: str(int(y)))})
    for key, label in texts.INDEX_LABELS.items():
        out[label] = [fmt.number(v, 3) for v in indices[key]]
    out[texts.COLUMNS["group_share"]] = [fmt.percent(v, 1) for v in indices["group_share"]]
    return out.reset_index(drop=True)


def area_type_table(distribution: pd.DataFrame) -> pd.DataFrame:
    """Districts and population share per area type and year, as text."""
    out = pd.DataFrame(
        {
            texts.COLUMNS["year"]: distribution["ar"].map(lambda y: str(int(y))),
            texts.COLUMNS["area_type"]: distribution["omradestyp"].map(
                lambda t: texts.UNKNOWN if pd.isna(t) else texts.AREA_TYPE_LABELS.get(int(t), str(t))
            ),
            texts.COLUMNS["districts"]: [fmt.number(v) for v in distribution["stadsdelar"]],
            texts.COLUMNS["residents"]: [fmt.number(v) for v in distribution["folkmangd"]],
            texts.COLUMNS["share_of_residents"]: [fmt.percent(v, 1) for v in distribution["andel_folkmangd"]],
        }
    )
    return out.reset_index(drop=True)


def targeting_table(table: pd.DataFrame, names: Mapping[str, str], min_n: int) -> pd.DataFrame:
    """Targeting ratio per programme as text."""
    rows = []
    for r in table.itertuples():
        hidden = bool(r.suppressed)
        rows.append(
            {
                texts.COLUMNS["programme"]: names.get(r.insats, r.insats),
                texts.COLUMNS["ratio"]: texts.HIDDEN_FIGURE if hidden else fmt.number(r.kvot, 1),
                texts.COLUMNS["interval"]: "" if hidden else f"{fmt.number(r.ci_low, 1)}–{fmt.number(r.ci_high, 1)}",
                texts.COLUMNS["share_in_type_1_2"]: "" if hidden else fmt.percent(r.andel_deltagare),
                "n": texts.HIDDEN_FIGURE if hidden else fmt.number(r.n),
            }
        )
    return pd.DataFrame(rows)


def reach_table(table: pd.DataFrame, names: Mapping[str, str], min_n: int) -> pd.DataFrame:
    """Participants per 1,000 residents 20–64 per district as text (column by column: a national table has
    6,160 rows)."""
    table = table.sort_values(["omradestyp", "stadsdel_kod"])
    hidden = table["suppressed"].astype(bool).to_numpy()
    low, high = fmt.numbers(table["ci_low"], 1), fmt.numbers(table["ci_high"], 1)
    types = [None if pd.isna(t) else int(t) for t in table["omradestyp"].to_numpy(dtype=object)]
    short = {t: texts.area_type_short(t) for t in set(types) if t is not None}
    return pd.DataFrame(
        {
            texts.COLUMNS["district"]: [names.get(c, c) for c in table["stadsdel_kod"].tolist()],
            texts.COLUMNS["area_type"]: ["" if t is None else short[t] for t in types],
            texts.COLUMNS["per_1000"]: [
                texts.suppressed(min_n) if h else v
                for h, v in zip(hidden, fmt.numbers(table["per_1000"], 1), strict=True)
            ],
            texts.COLUMNS["interval"]: ["" if h else f"{lo}–{hi}" for h, lo, hi in zip(hidden, low, high, strict=True)],
            texts.COLUMNS["participants"]: fmt.counts(table["deltagare"], min_n),
        }
    )


def lasting_table(table: pd.DataFrame, names: Mapping[str, str], min_n: int, *, key: str = "insats") -> pd.DataFrame:
    """Share still in work or studies at a follow-up, per group of ``key`` (a programme by default), as text;
    hidden groups of a free-text column are folded into one row that counts them (see `rate_table`)."""
    rows = []
    table = _fold_free_text(table, [key] if key in FREE_TEXT else [])
    for r in table.itertuples():
        hidden = bool(r.suppressed)
        rows.append(
            {
                texts.COLUMNS["group"]: names.get(getattr(r, key), getattr(r, key)),
                texts.COLUMNS["in_work_or_studies"]: texts.HIDDEN_FIGURE if hidden else fmt.percent(r.andel),
                texts.COLUMNS["interval"]: "" if hidden else fmt.interval(r.ci_low, r.ci_high),
                texts.COLUMNS["n_followed"]: texts.HIDDEN_FIGURE if hidden else fmt.number(r.n),
                texts.COLUMNS["not_followed"]: fmt.count(r.ej_uppfoljda, min_n),
            }
        )
    return pd.DataFrame(rows)


def time_table(table: pd.DataFrame, names: Mapping[str, str], min_n: int) -> pd.DataFrame:
    """Median days from start to a positive outcome per programme, as text."""
    rows = []
    for r in table.itertuples():
        hidden = bool(r.suppressed)
        rows.append(
            {
                texts.COLUMNS["programme"]: names.get(r.insats, r.insats),
                texts.COLUMNS["median_days"]: texts.suppressed(min_n) if hidden else fmt.number(r.median_dagar),
                texts.COLUMNS["interval"]: ""
                if hidden or pd.isna(r.ci_low)
                else f"{fmt.number(r.ci_low)}–{fmt.number(r.ci_high)}",
                texts.COLUMNS["quartiles"]: "" if hidden else f"{fmt.number(r.q1_dagar)}–{fmt.number(r.q3_dagar)}",
                "n": texts.HIDDEN_FIGURE if hidden else fmt.number(r.n),
            }
        )
    return pd.DataFrame(rows)


def funnel_flags(table: pd.DataFrame, names: Mapping[str, str], min_n: int) -> pd.DataFrame:
    """The funnel plot as a table: district, rate, n, p-value and where it falls (column by column: a
    national table has 6,160 rows)."""
    hidden = table["suppressed"].astype(bool).tolist()
    position = [texts.FUNNEL_FLAG_LABELS.get(f, "") for f in table["flag_998"].to_numpy(dtype=object)]

    def unless_hidden(values: list[str], instead: str) -> list[str]:
        return [instead if h else v for h, v in zip(hidden, values, strict=True)]

    return pd.DataFrame(
        {
            texts.COLUMNS["district"]: [names.get(c, c) for c in table["stadsdel_kod"].tolist()],
            texts.COLUMNS["rate"]: unless_hidden(fmt.percents(table["rate"]), texts.HIDDEN_FIGURE),
            texts.COLUMNS["n_finished"]: unless_hidden(fmt.numbers(table["n"]), texts.HIDDEN_FIGURE),
            texts.COLUMNS["p_value"]: unless_hidden(fmt.numbers(table["p_value"], 3), ""),
            texts.COLUMNS["position"]: unless_hidden(position, ""),
        }
    )


def area_type_history_text(history: pd.DataFrame) -> str:
    """``Typ 1 2016–2021, typ 2 2022–2025 (SCB 2022)``: runs of equal types, SCB's years named."""
    runs: list[list] = []
    for row in history.itertuples():
        kind = None if pd.isna(row.omradestyp) else int(row.omradestyp)
        if runs and runs[-1][0] == kind:
            runs[-1][2] = int(row.ar)
        else:
            runs.append([kind, int(row.ar), int(row.ar)])
    parts = [
        f"{texts.UNKNOWN if kind is None else texts.area_type_short(kind).lower()} {start}"
        + (f"–{end}" if end != start else "")
        for kind, start, end in runs
    ]
    scb_years = [str(int(y)) for y, k in zip(history["ar"], history["omradestyp_kalla"], strict=True) if k == "SCB"]
    text = ", ".join(parts)
    return text[:1].upper() + text[1:] + (texts.area_type_history_source(", ".join(scb_years)) if scb_years else "")


def series_table(series: pd.DataFrame, area_names: Mapping[str, str]) -> pd.DataFrame:
    """Indicator shares over time as text, one row per indicator, area and year."""
    return pd.DataFrame(
        {
            texts.COLUMNS["indicator"]: series["indikator"].map(lambda k: texts.MEASURE_LABELS.get(k, k)),
            texts.COLUMNS["area"]: series["omrade"].map(lambda a: area_names.get(a, a)),
            texts.COLUMNS["year"]: series["ar"].map(lambda y: str(int(y))),
            texts.COLUMNS["share"]: [fmt.percent(v) for v in series["andel"]],
            texts.COLUMNS["interval"]: [
                fmt.interval(lo, hi) for lo, hi in zip(series["ci_low"], series["ci_high"], strict=True)
            ],
            "n": [fmt.number(v) for v in series["namnare"]],
        }
    )


def _signed_points(share_difference, decimals: int = 1) -> str:
    """A difference of shares in signed percentage points, ``0.031`` → ``"+3,1"``."""
    text = fmt.number(float(share_difference) * 100, decimals)
    return text if text.startswith("−") or float(share_difference) * 100 == 0 else f"+{text}"


def _difference_cells(row, min_n_text: str) -> tuple[str, str, str]:
    """Difference, interval and what the interval says, as text; hidden rows say why."""
    if row.status == "suppressed":
        return min_n_text, "", ""
    if row.status != "ok" or pd.isna(row.difference):
        return texts.MISSING_VALUE, "", ""
    interval = f"{_signed_points(row.ci_low)} {fmt.DASH} {_signed_points(row.ci_high)}"
    verdict = texts.DIFFERENCE_VERDICTS["unclear" if pd.isna(row.clear) or not row.clear else "clear"]
    return fmt.percent_points(row.difference, 1), interval, verdict


def difference_table(differences: pd.DataFrame, names: Mapping[str, str]) -> pd.DataFrame:
    """``analysis.stats.compare.difference_from_municipality`` as text, one row per district."""
    rows = []
    for r in differences.itertuples():
        difference, interval, verdict = _difference_cells(r, texts.suppressed_short())
        rows.append(
            {
                texts.COLUMNS["district"]: names.get(r.stadsdel_kod, r.stadsdel_kod),
                texts.COLUMNS["difference"]: difference,
                texts.COLUMNS["interval_points"]: interval,
                texts.COLUMNS["verdict"]: verdict,
            }
        )
    return pd.DataFrame(rows)


def pairwise_table(pairs: pd.DataFrame, names: Mapping[str, str]) -> pd.DataFrame:
    """``analysis.stats.compare.pairwise_differences`` as text: "A − B" with the interval of the difference."""
    rows = []
    for r in pairs.itertuples():
        difference, interval, verdict = _difference_cells(r, texts.suppressed_short())
        rows.append(
            {
                texts.COLUMNS[
                    "pair"
                ]: f"{names.get(r.stadsdel_a, r.stadsdel_a)} − {names.get(r.stadsdel_b, r.stadsdel_b)}",
                texts.COLUMNS["difference_pair"]: difference,
                texts.COLUMNS["interval_points"]: interval,
                texts.COLUMNS["verdict"]: verdict,
            }
        )
    return pd.DataFrame(rows)
