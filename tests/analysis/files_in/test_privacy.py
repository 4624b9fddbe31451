"""Tests of analysis.files_in.privacy: pseudonym key, pseudonyms, identity and personal columns, protect."""

from __future__ import annotations

import random
import re

import pandas as pd
import pytest
from personnummer import personnummer

from analysis.files_in.privacy import (
    ID_COLUMN,
    MissingKeyError,
    identity_columns,
    normalise_personnummer,
    personal_columns,
    protect,
    pseudonym,
    pseudonym_key,
    redact,
)
from analysis.files_in.validation import DataError, looks_like_personnummer

KEY = b"testnyckel-som-ar-lang-nog"
OTHER_KEY = b"en-helt-annan-testnyckel"


def luhn_digit(nine: str) -> str:
    """The check digit of YYMMDDNNN (Luhn, doubling from the first digit), written independently of the package."""
    total = 0
    for i, ch in enumerate(nine):
        v = int(ch) * (2 - i % 2)
        total += v - 9 if v > 9 else v
    return str((10 - total % 10) % 10)


def make_pnr(date: str, birth: str) -> str:
    """``YYYYMMDD-NNNC`` from ``YYYYMMDD`` and the three birth digits."""
    number = f"{date}-{birth}{luhn_digit(date[2:] + birth)}"
    assert personnummer.valid(number), number
    return number


# Skatteverket's test number, a coordination number (day + 60), and a few generated ones.
PNR = "19121212-1212"
SAMORDNING = "19701063-2391"
PEOPLE = [PNR, SAMORDNING, make_pnr("19900101", "001"), make_pnr("20050315", "246"), make_pnr("19851130", "998")]


def all_forms(number: str) -> list[str]:
    """Every spelling of one number: 12 and 10 digits, with and without separator."""
    digits = number.replace("-", "")
    sep = "+" if int(digits[:4]) < 1926 else "-"  # 100 years or older: the short form uses +
    return [number, digits, f"{digits[2:8]}{sep}{digits[8:]}", digits[2:]]


def test_test_numbers_are_valid_and_luhn_helper_agrees():
    for number in [*PEOPLE, "121212-1212", "1212121212"]:
        assert personnummer.valid(number)
    assert luhn_digit("121212121") == "2"


# ----------------------------------------------------------------------------- key


# Strong keys (secrets.token_urlsafe(32)): 16 equal characters are refused now (see test_keys.py).
SECRET_KEY = "Jq3vR8mZ0pLx5TnW2cYb7HdK9sFg4Ua1eQiO6wVrNtM"
ENV_KEY = "u7Fh2KpX9qLs4ZwR1bTn8VcJ3mYd6GeA0oPiE5xWkQz"


def test_key_from_secrets_then_environment():
    assert pseudonym_key({"pseudonym_key": SECRET_KEY}, {}) == SECRET_KEY.encode()
    assert pseudonym_key({}, {"STADSDEL_PSEUDONYM_KEY": ENV_KEY}) == ENV_KEY.encode()
    assert pseudonym_key({"pseudonym_key": SECRET_KEY}, {"STADSDEL_PSEUDONYM_KEY": ENV_KEY}) == SECRET_KEY.encode()
    # Whitespace around a pasted key does not change it.
    assert pseudonym_key(None, {"STADSDEL_PSEUDONYM_KEY": " " + ENV_KEY + "\n"}) == ENV_KEY.encode()


def test_key_secrets_without_file_fall_back_to_environment():
    class NoSecretsFile(dict):  # st.secrets raises a FileNotFoundError subclass when secrets.toml is missing
        def __getitem__(self, key):
            raise FileNotFoundError("No secrets found")

    assert pseudonym_key(NoSecretsFile(), {"STADSDEL_PSEUDONYM_KEY": ENV_KEY}) == ENV_KEY.encode()


@pytest.mark.parametrize(
    ("secrets", "environ"),
    [(None, {}), ({}, {"STADSDEL_PSEUDONYM_KEY": ""}), ({"pseudonym_key": "kort-nyckel"}, {})],
)
def test_missing_or_short_key_says_how_to_set_one(secrets, environ):
    with pytest.raises(MissingKeyError) as info:
        pseudonym_key(secrets, environ)
    message = str(info.value)
    assert isinstance(info.value, DataError)
    assert ".streamlit/secrets.toml" in message
    assert 'pseudonym_key = "…"' in message
    assert "export STADSDEL_PSEUDONYM_KEY=" in message
    assert 'python -c "import secrets; print(secrets.token_urlsafe(32))"' in message
    assert "minst 16 tecken" in message
    assert "behåll samma nyckel" in message and "nya pseudonymer" in message
    assert "kort-nyckel" not in message  # never echoes the key


def test_short_key_message_names_its_source():
    with pytest.raises(MissingKeyError, match="för kort"):
        pseudonym_key({}, {"STADSDEL_PSEUDONYM_KEY": "abc"})


# ----------------------------------------------------------------------------- pseudonyms


@pytest.mark.parametrize("number", PEOPLE)
def test_pseudonym_equal_across_formats(number):
    forms = all_forms(number)
    forms += [number.replace("-", " "), number.replace("-", "–"), f" {number} "]
    assert len({pseudonym(f, KEY) for f in forms}) == 1
    assert len({normalise_personnummer(f) for f in forms}) == 1


def test_skatteverket_example_in_four_formats():
    forms = ["19121212-1212", "191212121212", "121212-1212", "1212121212"]
    assert len({pseudonym(f, KEY) for f in forms}) == 1
    assert normalise_personnummer("121212+1212") == "1212121212"
    # Excel turns numbers into floats or ints; the pseudonym stays the same.
    assert pseudonym(191212121212, KEY) == pseudonym(191212121212.0, KEY) == pseudonym(PNR, KEY)


def test_pseudonym_stable_for_one_key_and_different_across_keys():
    assert pseudonym(PNR, KEY) == pseudonym(PNR, KEY)
    assert pseudonym(PNR, KEY) != pseudonym(PNR, OTHER_KEY)
    assert len({pseudonym(p, KEY) for p in PEOPLE}) == len(PEOPLE)
    assert re.fullmatch(r"P[a-z2-7]{16}", pseudonym(PNR, KEY))


def test_pseudonym_rejects_bad_key_and_empty_value():
    with pytest.raises(ValueError, match="key"):
        pseudonym(PNR, b"short")
    with pytest.raises(ValueError, match="key"):
        pseudonym(PNR, "a-string-key-not-bytes")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="empty"):
        pseudonym("  ", KEY)


def test_pseudonyms_never_look_like_identity_numbers():
    values = [pseudonym(str(i), KEY) for i in range(20000)]
    assert not any(looks_like_personnummer(v) for v in values)


def test_normalise_restores_zeros_excel_dropped_only_when_asked():
    young = make_pnr("20031231", "123")  # 031231-1234 → Excel number 31231123x
    short = str(int(young.replace("-", "")[2:]))
    assert len(short) == 9
    assert normalise_personnummer(short) is None
    assert normalise_personnummer(short, restore_zeros=True) == young.replace("-", "")[2:]
    assert normalise_personnummer("19121212-1213") is None  # wrong check digit
    assert normalise_personnummer("19121312-1212") is None  # month 13


def test_redact_removes_numbers_from_text():
    assert redact(f"deltagare {PNR}.xlsx") == "deltagare [personnummer borttaget].xlsx"
    assert not looks_like_personnummer(redact("1912 1212 1212"))
    assert redact("rapport 2024-03-01.xlsx") == "rapport 2024-03-01.xlsx"


# ----------------------------------------------------------------------------- identity columns


def luhn_valid_order_numbers(n: int, seed: int = 3) -> list[str]:
    """Ten-digit numbers with a valid Luhn digit but no valid date (month 13–99), like order numbers."""
    rng = random.Random(seed)
    out = []
    while len(out) < n:
        nine = f"{rng.randrange(10**9):09d}"
        number = nine + luhn_digit(nine)
        if int(number[2:4]) >= 13:
            out.append(number)
    return out


def test_identity_column_found_by_content_in_every_format():
    frame = pd.DataFrame(
        {
            "id": [all_forms(p)[i % 4] for i, p in enumerate(PEOPLE)],
            "insats": ["eget_driv"] * len(PEOPLE),
        }
    )
    assert identity_columns(frame) == ["id"]


def test_identity_column_with_empty_cells_is_found():
    frame = pd.DataFrame({"nummer": [PNR, "", None, "", SAMORDNING, ""], "x": list("abcdef")})
    assert identity_columns(frame) == ["nummer"]


def test_identity_column_found_by_header_even_when_empty_or_odd():
    frame = pd.DataFrame(
        {
            "Personnummer": ["", "", ""],
            "Pers.nr": ["a", "b", "c"],
            "PNR": ["1", "2", "3"],
            "Samordningsnummer": ["", "", ""],
            "SSN": ["", "", ""],
            "Personnr deltagare": ["", "", ""],
            "insats": ["a", "b", "c"],
        }
    )
    assert identity_columns(frame) == list(frame.columns[:-1])


def test_luhn_valid_order_numbers_are_not_an_identity_column():
    orders = luhn_valid_order_numbers(50)
    assert all(personnummer._luhn(o[:9]) == int(o[9]) for o in orders)  # they do pass the Luhn check
    assert not any(personnummer.valid(o) for o in orders)
    frame = pd.DataFrame({"ordernummer": orders, "belopp": [str(i) for i in range(50)]})
    assert identity_columns(frame) == []


def test_minority_of_valid_numbers_does_not_make_an_identity_column():
    values = [*luhn_valid_order_numbers(7), PNR.replace("-", ""), SAMORDNING.replace("-", "")]
    assert identity_columns(pd.DataFrame({"kundnummer": values})) == []


def test_numbers_that_lost_their_leading_zero_in_excel_are_found():
    young = [make_pnr(f"200{y}0{m}1{d}", f"{y}{m}{d}") for y, m, d in [(1, 2, 3), (4, 5, 6), (7, 8, 9)]]
    as_numbers = pd.Series([int(p.replace("-", "")[2:]) for p in young], dtype="int64")
    frame = pd.DataFrame({"kolumn_a": as_numbers})
    assert identity_columns(frame) == ["kolumn_a"]
    result = protect(frame, KEY)
    assert list(result.frame[ID_COLUMN]) == [pseudonym(p, KEY) for p in young]


# ----------------------------------------------------------------------------- personal columns


def test_personal_columns_by_header():
    names = [
        "Namn", "Förnamn", "Efternamn", "Deltagarnamn", "Kontaktperson", "Handläggare", "Adress",
        "Gatuadress", "Postadress", "Postnummer", "Postort", "C/O", "Lägenhetsnummer", "Telefon", "Tel",
        "Mobil", "Mobilnummer", "Telefon hem", "E-post", "Epost", "Email", "Mejl", "E-postadress",
        "first_name", "Last Name",
    ]  # fmt: skip
    kept = ["stadsdel_kod", "Stadsdel namn", "Kommunnamn", "insats", "Insatsnamn", "roll", "utfall", "lgh_storlek"]
    frame = pd.DataFrame({c: ["x"] for c in names + kept})
    assert personal_columns(frame) == names


def test_ort_is_dropped_beside_an_address_but_kept_alone():
    assert personal_columns(pd.DataFrame({"Ort": ["Helsingborg"], "insats": ["a"]})) == []
    assert personal_columns(pd.DataFrame({"Ort": ["Helsingborg"], "Gatuadress": ["Storgatan 1"]})) == [
        "Ort",
        "Gatuadress",
    ]


def test_personal_columns_by_content():
    frame = pd.DataFrame(
        {
            "kontakt": ["anna@exempel.se", "", "bo.ek@firma.com", "ingen"],
            "nr": ["070-123 45 67", "042-12 34 56", "+46 70 765 43 21", ""],
            "datum": ["2024-03-01", "2024-03-02", "2024-03-03", ""],
            "stadsdel_kod": ["1283R005"] * 4,
            "belopp": ["0360", "0114", "12", ""],
            "unga": [make_pnr("20040101", "123"), make_pnr("20050202", "234"), "", ""],  # start with 0 as 10 digits
        }
    )
    frame["unga"] = frame["unga"].str.replace("-", "").str[2:]
    assert personal_columns(frame) == ["kontakt", "nr"]


def test_template_columns_are_not_dropped_by_content():
    frame = pd.DataFrame({"deltagare_id": ["0701234567", "0707654321"]})
    assert personal_columns(frame) == []


# ----------------------------------------------------------------------------- protect


def raw_register() -> pd.DataFrame:
    """A participant file as a case system exports it, read as text like the loaders do."""
    frame = pd.DataFrame(
        {
            "Personnummer": [PEOPLE[0], all_forms(PEOPLE[1])[1], "", all_forms(PEOPLE[3])[3], PEOPLE[4]],
            "Samordningsnummer": ["", "", all_forms(PEOPLE[2])[2], "", ""],
            "Namn": ["Anna A", "Bo B", "Cecilia C", "David D", "Eva E"],
            "Adress": ["Storgatan 1", "Lillgatan 2", "Torget 3", "Vägen 4", "Stigen 5"],
            "Telefon": ["070-111 11 11", "", "042-22 22 22", "", ""],
            "E-post": ["anna@exempel.se", "", "", "", "eva@exempel.se"],
            "insats": ["eget_driv"] * 5,
            "stadsdel_kod": ["1283R005"] * 5,
            "utfall": ["arbete", "praktik", "pagaende", "studier", "avbrott"],
            "Kommentar": [f"ring om {all_forms(PEOPLE[1])[2]}", "", "ok", f"bror: {PEOPLE[0]}", ""],
            "antal": pd.array([1, 2, 3, 4, 5], dtype="int64"),
        }
    )
    frame.index = pd.RangeIndex(2, 7, name="rad")
    return frame


def every_form_of_every_number() -> list[str]:
    return [form for person in PEOPLE for form in all_forms(person)]


def assert_no_identity_number(frame: pd.DataFrame, notices: list[str] = ()) -> None:
    for column in frame.columns:
        assert not looks_like_personnummer(column)
        for value in frame[column]:
            assert not looks_like_personnummer(value), (column, value)
            text = "" if value is None or value is pd.NA or value != value else str(value)
            assert not any(form in text for form in every_form_of_every_number()), (column, value)
    for notice in notices:
        assert not looks_like_personnummer(notice)


def test_protect_replaces_identity_columns_and_drops_personal_ones():
    raw = raw_register()
    before = raw.copy(deep=True)
    result = protect(raw, KEY)
    pd.testing.assert_frame_equal(raw, before)  # the input is not changed
    frame = result.frame
    assert list(frame.columns) == [ID_COLUMN, "insats", "stadsdel_kod", "utfall", "Kommentar", "antal"]
    assert len(frame) == len(raw) and frame.index.equals(raw.index)
    # Personnummer where given, else the samordningsnummer; any spelling gives the person's pseudonym.
    assert list(frame[ID_COLUMN]) == [pseudonym(p, KEY) for p in PEOPLE]
    assert frame["Kommentar"].iloc[0] == f"ring om {pseudonym(PEOPLE[1], KEY)}"
    assert frame["Kommentar"].iloc[3] == f"bror: {pseudonym(PEOPLE[0], KEY)}"
    assert frame["antal"].tolist() == [1, 2, 3, 4, 5]
    assert result.id_column == ID_COLUMN
    assert result.pseudonymised == ["Personnummer", "Samordningsnummer"]
    assert result.dropped == ["Namn", "Adress", "Telefon", "E-post"]
    assert result.cells_replaced == {"Kommentar": 2}
    assert_no_identity_number(frame, result.notices)


def test_protect_notices_name_columns_never_values():
    raw = raw_register()
    notices = protect(raw, KEY).notices
    assert notices[0] == "Kolumnerna ”Personnummer”, ”Samordningsnummer” ersattes med pseudonymer (deltagare_id)."
    assert "Kolumnerna ”Namn”, ”Adress”, ”Telefon”, ”E-post” togs bort: namn, adresser, telefon och e-post " in (
        " ".join(notices)
    )
    assert "2 celler i kolumnen ”Kommentar” innehöll personnummer, som ersattes med pseudonymer." in notices
    text = " ".join(notices)
    for column in ("Personnummer", "Namn", "Adress", "Telefon", "E-post", "Kommentar"):
        for value in raw[column]:
            if isinstance(value, str) and value and value not in ("ok",):
                assert value not in text, value


def test_single_identity_column_notice_matches_the_documented_form():
    frame = pd.DataFrame({"Personnummer": [PNR, SAMORDNING], "Namn": ["A", "B"], "Adress": ["x", "y"]})
    result = protect(frame, KEY)
    assert result.notices == [
        "Kolumnen ”Personnummer” ersattes med pseudonymer (deltagare_id).",
        "Kolumnerna ”Namn”, ”Adress” togs bort: namn, adresser, telefon och e-post lagras aldrig.",
    ]


def test_existing_deltagare_id_is_kept_and_identity_columns_dropped():
    frame = pd.DataFrame({"deltagare_id": ["D1", "D2"], "Pnr": [PNR, SAMORDNING], "utfall": ["arbete", "studier"]})
    result = protect(frame, KEY)
    assert list(result.frame.columns) == ["deltagare_id", "utfall"]
    assert list(result.frame["deltagare_id"]) == ["D1", "D2"]
    assert result.id_column is None and result.dropped == ["Pnr"]
    assert result.notices == [
        "Kolumnen ”Pnr” togs bort: deltagare_id finns redan, och personnummer sparas inte ens som pseudonymer "
        "när de inte behövs."
    ]


def test_deltagare_id_holding_identity_numbers_is_pseudonymised_in_place():
    frame = pd.DataFrame({"utfall": ["arbete", "studier"], "deltagare_id": [PNR, all_forms(SAMORDNING)[3]]})
    result = protect(frame, KEY)
    assert list(result.frame.columns) == ["utfall", "deltagare_id"]
    assert list(result.frame["deltagare_id"]) == [pseudonym(PNR, KEY), pseudonym(SAMORDNING, KEY)]
    assert result.notices == [
        "Kolumnen ”deltagare_id” innehöll personnummer; de ersattes med pseudonymer (deltagare_id)."
    ]


def test_a_few_numbers_typed_into_deltagare_id_are_replaced_cell_by_cell():
    frame = pd.DataFrame({"deltagare_id": ["D1", "D2", "D3", PNR]})
    result = protect(frame, KEY)
    assert list(result.frame["deltagare_id"]) == ["D1", "D2", "D3", pseudonym(PNR, KEY)]
    assert result.cells_replaced == {"deltagare_id": 1}


def test_invalid_values_in_an_identity_column_are_pseudonymised_too():
    frame = pd.DataFrame({"Personnummer": [PNR, "19121212-1213", "okänt", ""]})
    result = protect(frame, KEY)
    ids = result.frame[ID_COLUMN]
    assert ids.iloc[0] == pseudonym(PNR, KEY)
    assert ids.iloc[1] == pseudonym("19121212-1213", KEY) and ids.iloc[2] == pseudonym("okänt", KEY)
    assert pd.isna(ids.iloc[3])
    assert any("2 värden i kolumnen ”Personnummer” var inga giltiga personnummer" in n for n in result.notices)
    assert not any("1213" in n or "okänt" in n for n in result.notices)


def test_number_columns_lose_an_identity_number_cell_not_their_type():
    frame = pd.DataFrame({"deltagare_id": ["D1", "D2", "D3"], "kundnr": [191212121212, 5, 6]})
    result = protect(frame, KEY)
    assert str(result.frame["kundnr"].dtype) == "Int64"
    assert result.frame["kundnr"].isna().tolist() == [True, False, False]
    floats = protect(pd.DataFrame({"belopp": [191212121212.0, 1.5, 2.5]}), KEY).frame["belopp"]
    assert floats.isna().tolist() == [True, False, False]


def test_header_that_is_an_identity_number_is_redacted():
    # A file without header row: the first person's data became the header.
    frame = pd.DataFrame({PNR: ["arbete", "studier"], "insats": ["a", "b"]})
    result = protect(frame, KEY)
    assert list(result.frame.columns) == ["[personnummer borttaget]", "insats"]
    assert result.notices == ["1 kolumnrubrik innehöll personnummer och ersattes med ”[personnummer borttaget]”."]
    assert_no_identity_number(result.frame, result.notices)


def test_frame_without_personal_data_passes_unchanged():
    frame = pd.DataFrame({"deltagare_id": ["D1"], "utfall": ["arbete"], "fodelsear": pd.array([1990], dtype="Int64")})
    result = protect(frame, KEY)
    pd.testing.assert_frame_equal(result.frame, frame)
    assert result.notices == [] and result.id_column is None


def test_protect_output_holds_no_identity_number_anywhere_in_a_large_frame():
    rng = random.Random(7)
    dates = [f"19{rng.randrange(40, 99)}0{rng.randrange(1, 9)}1{rng.randrange(0, 9)}" for _ in range(200)]
    people = [make_pnr(date, f"{i + 1:03d}") for i, date in enumerate(dates)]
    frame = pd.DataFrame(
        {
            "PNR": [all_forms(p)[i % 4] for i, p in enumerate(people)],
            "Övrigt": [f"se även {all_forms(p)[(i + 1) % 4]}" if i % 3 == 0 else "" for i, p in enumerate(people)],
            "Namn": [f"Person {i}" for i in range(200)],
        }
    )
    result = protect(frame, KEY)
    forms = {form for p in people for form in all_forms(p)}
    for value in result.frame.to_numpy().ravel():
        text = "" if pd.isna(value) else str(value)
        assert not looks_like_personnummer(text)
        assert not any(form in text for form in forms)
    assert result.frame[ID_COLUMN].nunique() == 200
