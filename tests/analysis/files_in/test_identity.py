"""Identity numbers in any spelling (issue 10): the rule in analysis.files_in.identity and where it is applied
(protect, redact, messages, reading), with the corpus of tests/fixtures/identity/corpus.json."""

from __future__ import annotations

import io
import secrets
import time

import openpyxl
import pandas as pd
import pytest

from analysis.files_in import identity, privacy, reading
from analysis.files_in.validation import DataError, Issue, ValidationReport, echo, looks_like_personnummer
from tests.identity_corpus import ALL_SPELLINGS, CORPUS, NUMBERS, leaks, spellings

KEY = secrets.token_bytes(32)
VALID = {n["digits"]: n["valid"] for n in CORPUS["numbers"]}
FALSE_POSITIVES = CORPUS["false_positives"]


# ----------------------------------------------------------------------------- the rule


@pytest.mark.parametrize("number", NUMBERS)
def test_every_spelling_of_every_number_is_found_as_itself(number):
    for spelling in spellings(number):
        found = identity.find(spelling)
        assert [f.digits for f in found] == [number[2:]], repr(spelling)
        assert found[0].valid is VALID[number], repr(spelling)
        assert identity.whole(spelling) is not None, repr(spelling)
        assert looks_like_personnummer(spelling), repr(spelling)


@pytest.mark.parametrize("spelling", CORPUS["reported"])
def test_the_spellings_reported_in_issue_10_are_found(spelling):
    assert looks_like_personnummer(spelling)
    assert looks_like_personnummer(f"drifttekniker {spelling}")
    assert privacy.redact(f"drifttekniker {spelling}") == "drifttekniker [personnummer borttaget]"


@pytest.mark.parametrize("template", CORPUS["embedded"])
def test_numbers_inside_text_are_found_and_replaced(template):
    for spelling in ALL_SPELLINGS[:60]:
        text = template.format(spelling)
        assert looks_like_personnummer(text), repr(text)
        redacted = privacy.redact(text)
        assert "[personnummer borttaget]" in redacted and not leaks(redacted), repr(text)


@pytest.mark.parametrize("value", FALSE_POSITIVES)
def test_dates_codes_phone_numbers_and_amounts_are_left_alone(value):
    assert not looks_like_personnummer(value)
    assert identity.whole(value) is None
    assert privacy.redact(value) == value.strip()
    assert privacy.redact(f"anteckning: {value}.") == f"anteckning: {value}."


def test_a_frame_of_false_positives_passes_protect_unchanged():
    values = FALSE_POSITIVES
    frame = pd.DataFrame(
        {
            "deltagare_id": [f"D{i}" for i in range(len(values))],
            "anteckning": values,
            "datum": ["2024-01-15", "20240115", "2024-01-15 10:30"] * (len(values) // 3) + [""] * (len(values) % 3),
        }
    )
    result = privacy.protect(frame, KEY)
    pd.testing.assert_frame_equal(result.frame, frame)
    assert result.notices == []


def test_a_date_followed_by_four_digits_is_one_but_a_date_alone_is_not():
    assert not looks_like_personnummer("20240115")
    assert not looks_like_personnummer("2024-01-15")
    assert looks_like_personnummer("2024-01-15 1234")
    assert looks_like_personnummer("20240115-1234")
    # A date range is two dates, not a number followed by "-12-31".
    assert not looks_like_personnummer("2024-01-15 - 2024-12-31")


def test_impossible_dates_are_not_numbers():
    assert not looks_like_personnummer("19630230-1234")  # 30 February
    assert not looks_like_personnummer("19631304-1234")  # month 13
    assert not looks_like_personnummer("19630460-1234")  # day 60 (coordination days are 61–91)
    assert looks_like_personnummer("19630461-1234")  # coordination number of 1 April
    assert looks_like_personnummer("20000229-1234") and not looks_like_personnummer("19000229-1234")
    assert not looks_like_personnummer(f"{pd.Timestamp.today().year + 1}0101-1234")  # born next year


def test_excel_number_forms_are_found():
    assert looks_like_personnummer(196304048215)
    assert looks_like_personnummer(196304048215.0)
    assert looks_like_personnummer(6304048215)
    assert identity.whole("1.96304048215E+11").digits == "6304048215"
    assert identity.whole("1,96304048215E+11").digits == "6304048215"
    assert identity.whole("1.96304E+11") is None  # Excel's shortened display: the number is gone already
    # Born 2005: Excel drops the leading zero; restored only where a column is known to hold ids.
    assert identity.whole(503152464) is None
    assert identity.whole(503152464, restore_zeros=True).digits == "0503152464"


def test_vectorised_masks_agree_with_the_scalar_rule():
    values = [*ALL_SPELLINGS[:200], *FALSE_POSITIVES, "", None, 196304048215, 1.5]
    mixed = pd.Series(values, dtype=object)
    assert identity.contains_mask(mixed).tolist() == [identity.contains(v) for v in values]
    text = pd.Series([v for v in values if isinstance(v, str)], dtype="str")  # pyarrow strings: RE2 prefilter
    assert identity.contains_mask(text).tolist() == [identity.contains(v) for v in text]
    whole = identity.whole_mask(mixed, valid_only=True).tolist()
    assert whole == [bool((hit := identity.whole(v)) and hit.valid) for v in values]


def test_all_spellings_of_one_number_give_one_pseudonym_even_with_a_wrong_check_digit():
    for number in NUMBERS:
        assert len({privacy.pseudonym(s, KEY) for s in spellings(number)}) == 1, number
    assert len({privacy.pseudonym(n, KEY) for n in NUMBERS}) == len(NUMBERS)


def test_normalise_accepts_every_spelling_of_a_valid_number_only():
    assert privacy.normalise_personnummer("1963-04-04-8215") == "6304048215"
    assert privacy.normalise_personnummer("19780719:0298") == "7807190298"
    assert privacy.normalise_personnummer("19850217-1232") is None  # wrong check digit: not *valid*


# ----------------------------------------------------------------------------- protect


def test_protect_removes_every_spelling_from_every_column_and_says_so():
    spelled = ALL_SPELLINGS[:120]
    n = len(spelled)
    frame = pd.DataFrame(
        {
            "deltagare_id": [s if i % 4 == 0 else f"D{i}" for i, s in enumerate(spelled)],
            "roll": [f"drifttekniker {s}" for s in spelled],
            "anteckning": [f"Ring {s} om praktiken" for s in spelled],
            # Mostly amounts, so not an identity column; every fourth cell an identity number as Excel holds it.
            "belopp": pd.array([int(NUMBERS[i % len(NUMBERS)]) if i % 4 == 0 else 100 * i for i in range(n)]),
        }
    )
    result = privacy.protect(frame, KEY)
    shown = result.frame.astype(str).to_csv() + "\n".join(result.notices)
    assert not leaks(shown)
    # A number column cannot hold a pseudonym: the cell is emptied, the other amounts stay.
    assert result.frame["belopp"].isna().tolist() == [i % 4 == 0 for i in range(n)]
    assert result.frame["roll"].str.fullmatch(r"drifttekniker P[a-z2-7]{16}").all()
    notices = "\n".join(result.notices)
    assert "fel kontrollsiffra" in notices and "behandlas ändå som personnummer" in notices
    assert "30 celler i kolumnen ”belopp” innehöll personnummer, som tömdes (kolumnen har tal)." in notices


def test_identity_column_with_wrong_check_digits_counts_them_in_the_notice():
    frame = pd.DataFrame({"Personnummer": ["1963-04-04-8215", "19850217-1232", "198502171232", "okänt"]})
    result = privacy.protect(frame, KEY)
    ids = result.frame["deltagare_id"]
    assert ids.iloc[1] == ids.iloc[2]  # two spellings of one mistyped number: one person
    assert any("3 värden i kolumnen ”Personnummer” var inga giltiga" in n for n in result.notices)
    assert any(n.startswith("2 av dem såg ut som personnummer men med fel kontrollsiffra") for n in result.notices)


def test_deltagare_id_holding_spellings_and_excel_numbers_is_pseudonymised():
    frame = pd.DataFrame({"deltagare_id": ["D1", "19660707_2615", "691010/7793", "503152464", "D5", "D6", "D7"]})
    result = privacy.protect(frame, KEY)
    ids = result.frame["deltagare_id"].tolist()
    assert ids[0] == "D1" and ids[4:] == ["D5", "D6", "D7"]
    assert ids[1] == privacy.pseudonym("196607072615", KEY)
    assert ids[3] == privacy.pseudonym("0503152464", KEY)  # the zero Excel dropped is restored here
    assert not leaks(str(ids))


def test_headers_holding_numbers_are_redacted_and_kept_apart():
    frame = pd.DataFrame({"19630404-8215": ["a"], "691010/7793": ["b"], "Kontakt 19121212-1212": ["c"]})
    result = privacy.protect(frame, KEY)
    assert list(result.frame.columns) == [
        "[personnummer borttaget]",
        "[personnummer borttaget] (2)",
        "Kontakt [personnummer borttaget]",
    ]
    assert not leaks(str(list(result.frame.columns)) + "".join(result.notices))


def test_protect_is_fast_on_a_large_file():
    n = 100_000
    people = [ALL_SPELLINGS[i % len(ALL_SPELLINGS)] for i in range(n)]
    frame = pd.DataFrame(
        {
            "Personnummer": people,
            "insats": ["jobbcoachning"] * n,
            "startdatum": ["2024-01-15"] * n,
            "roll": [f"drifttekniker {p}" if i % 50 == 0 else "drifttekniker" for i, p in enumerate(people)],
            "anteckning": ["ring 070-123 45 67 den 2024-01-15"] * n,
        }
    )
    start = time.perf_counter()
    result = privacy.protect(frame, KEY)
    elapsed = time.perf_counter() - start
    assert result.frame["deltagare_id"].nunique() == len(NUMBERS)
    assert elapsed < 30, f"protect took {elapsed:.1f} s for {n} rows"
    # Columns without candidates cost one vectorised pass.
    start = time.perf_counter()
    assert not identity.contains_mask(frame["anteckning"]).any()
    assert time.perf_counter() - start < 2


# ----------------------------------------------------------------------------- messages and names


def test_messages_reports_and_errors_never_carry_a_number():
    issue = Issue(3, "Kontakt 19121212-1212", "kolumnen ”691010/7793” är okänd")
    assert not leaks(issue.format("x.csv")) and "[personnummer borttaget]" in issue.message
    report = ValidationReport("deltagare 1963-04-04-8215.xlsx", 1, 1, 0, [issue])
    assert not leaks(report.format_text()) and not leaks(report.to_frame().to_csv())
    error = DataError("19660707_2615.csv: filen är tom")
    assert not leaks(str(error)) and not leaks(error.message)
    assert echo("720113.6673", "utfall") is None


def test_reading_never_quotes_a_sheet_file_or_column_name_with_a_number():
    workbook = openpyxl.Workbook()
    workbook.active.title = "19660707 2615"
    workbook.active.sheet_state = "hidden"
    data = workbook.create_sheet("Deltagare 19630404-8215")
    data.append(["deltagare_id", "insats", "720113.6673"])
    data.append(["A1", "jobbcoachning", "x"])
    workbook.create_sheet("720113.6673")
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = reading.read_table(buffer.getvalue(), "deltagare 1963-04-04-8215.xlsx")
    assert table.sheets == ["19660707 2615", "Deltagare 19630404-8215", "720113.6673"]  # to choose by
    assert not leaks(" ".join([table.file, *table.notes, *table.warnings]))
    assert not leaks(table.column_label("720113.6673"))
    with pytest.raises(DataError) as error:
        reading.read_table(buffer.getvalue(), "deltagare 1963-04-04-8215.xlsx", sheet="19780719-0298")
    assert not leaks(str(error.value)) and not leaks(error.value.report.format_text())
    duplicated = b"deltagare_id;19780719:0298;19780719:0298\r\nA1;x;y\r\n"
    with pytest.raises(DataError, match="förekommer mer än en gång") as error:
        reading.read_table(duplicated, "691010-7793.csv")
    assert not leaks(str(error.value))
