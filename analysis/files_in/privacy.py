"""Privacy at import: keyed pseudonyms for identity numbers, and removal of names, addresses and contacts.

Run :func:`protect` on a participant frame straight after reading it, before anything else sees it (the
preview on the Data page, validation messages, the store): it returns a new frame in which

* every column of Swedish personal identity numbers (personnummer) or coordination numbers
  (samordningsnummer) is replaced by keyed pseudonyms (HMAC-SHA256 with a secret key, see
  :func:`pseudonym_key`); the first such column becomes ``deltagare_id`` unless the file has one;
* columns of names, addresses, phone numbers and e-mail addresses are dropped;
* an identity number anywhere else, in any cell of any column (a role, a comment, ``deltagare_id``
  itself), is replaced by its pseudonym, or, in a number column, the cell is emptied;
* a column header holding one is redacted (``[personnummer borttaget]``, numbered when several are);

together with Swedish notices that name the columns concerned (redacted), never their values.

What counts as an identity number (the rule is :mod:`analysis.files_in.identity`): a personnummer or
samordningsnummer (day + 60) with or without century, with any separator or none, also inside the date
(``1963-04-04-8215``, ``19660707_2615``, ``691010/7793``, ``720113.6673``, ``19780719:0298``,
``1963 04 04 8215``), alone or inside a text, and also a plausible date followed by four digits whose check
digit is wrong: that is a mistyped or miscopied real number, and it is treated as one (the notices say how
many failed the check). Dates, district and DeSO codes, phone numbers, postcodes and amounts are left alone;
an eight-digit date alone (``20240115``) is not an identity number, a date followed by four digits is. A
whole *column* counts as an identity column by its header, or when most of its values are *valid* numbers,
so a column of phone or order numbers that happen to look like dates is not made ``deltagare_id``.
Every spelling of one number gives one pseudonym: the HMAC is taken over its ten digits ``YYMMDDNNNC``.

Why a keyed hash: there are only a few hundred million possible identity numbers (a date and four digits),
so a plain SHA-256 of one can be reversed by trying them all in minutes. An HMAC cannot be computed, and
so cannot be reversed, without the secret key, which lives in configuration, never in the data.

What this module cannot do (limits of the heuristics, see :func:`personal_columns`): it finds names and
addresses by column header only, so a name typed into a free-text column stays. Keep free text out of the
files, or map only the template's columns on the Data page.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass, field

import pandas as pd

from analysis import vocab
from analysis.files_in import identity
from analysis.files_in.keys import (  # noqa: F401  (the key lives in keys.py; re-exported for callers)
    KEY_ENV,
    KEY_SECRET,
    MIN_KEY_CHARS,
    MissingKeyError,
    WeakKeyError,
    _key_help,
    key_fingerprint,
    key_strength,
    pseudonym_key,
)
from analysis.files_in.reading import normalise_header  # one header normalisation for mapping and privacy
from analysis.files_in.validation import looks_like_personnummer

#: The column that receives the pseudonyms when the file has no ``deltagare_id`` of its own.
ID_COLUMN = "deltagare_id"
#: A column is an identity column when more than this share of its non-empty values are identity numbers.
IDENTITY_SHARE = 0.5
#: Same rule for e-mail addresses and phone numbers found by content.
CONTACT_SHARE = 0.5
#: What replaces an identity number in a header, a file or sheet name, or a notice.
REDACTED = identity.REDACTED

_DASHES = str.maketrans({"–": "-", "—": "-", "‐": "-", "−": "-"})
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]{2,}")
_PHONE_CHARS = re.compile(r"[\d\s()+/.-]+")
# Swedish numbers: trunk 0 (or +46 / 0046), an area code starting 1–9, 7–10 digits in all after the trunk.
_PHONE_DIGITS = re.compile(r"(?:\+46|0046|0)[1-9]\d{6,9}")


# ----------------------------------------------------------------------------- pseudonyms


def _cell_text(value: object) -> str:
    """A cell as text; empty for missing values. Whole floats lose ``.0`` (Excel stores numbers as floats)."""
    if value is None or (not isinstance(value, str) and pd.api.types.is_scalar(value) and pd.isna(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _compact(text: str) -> str:
    """Dashes unified and whitespace removed: ``19121212 – 1212`` → ``19121212-1212``."""
    return re.sub(r"\s+", "", text.translate(_DASHES))


def normalise_personnummer(value: object, *, restore_zeros: bool = False) -> str | None:
    """The ten digits ``YYMMDDNNNC`` of a valid personnummer or samordningsnummer, or ``None``.

    Accepts every spelling :mod:`analysis.files_in.identity` finds: with or without century, with any
    separator or none, also inside the date (``1963-04-04-8215``); validity (date and check digit) is the
    ``personnummer`` package's. With ``restore_zeros``, a bare number of 7–9 digits is left-padded to 10 first: Excel
    stores ``0012311234`` (born 2000–2009) as the number 12311234. Only used inside a column already known
    to hold identity numbers, since elsewhere a 9-digit number is far more often something else.

    Why the century is dropped: the package reads ``121212-1212`` as born 2012 and ``19121212-1212`` as
    born 1912, yet registers write the same person both ways (and Excel loses the ``+`` that marks a
    centenarian). Ten digits give one person one form; two different people would have to be born on the
    same day exactly 100 years apart with the same birth number to collide, which a programme register of
    working-age tenants does not hold.
    """
    found = identity.whole(value, restore_zeros=restore_zeros)
    return found.digits if found is not None and found.valid else None


def pseudonym(value: object, key: bytes) -> str:
    """A stable pseudonym for an identity number: ``"P"`` + 16 base32 characters of HMAC-SHA256.

    The HMAC is taken over the normalised number (:func:`normalise_personnummer`), so ``19121212-1212``,
    ``191212121212``, ``121212-1212`` and ``1212121212`` give the same pseudonym. Without normalising
    first, each spelling would hash to a different value and one person would count as several
    participants, depending on how a case worker typed the number. A number shaped like one whose check
    digit is wrong is normalised the same way (its ten digits), so all its spellings still give one
    pseudonym. Any other value (a typo in an identity column) is pseudonymised as typed, after removing
    spaces, so it is never stored raw either.

    Stable for one key, different for another. 16 base32 characters are 80 bits: with even a million
    people the chance that two share a pseudonym is about 1 in 10^12, and a municipal register holds
    thousands. Truncating does not help an attacker: without the key no pseudonym can be computed at all,
    so none can be matched against a list of candidate numbers. Base32 rather than hex because its
    digits are 2–7 only: no month starts with those, so a pseudonym can never itself look like a
    personnummer (a hex one sometimes would, and would then be refused by validation).
    """
    if not isinstance(key, bytes) or len(key) < MIN_KEY_CHARS:
        raise ValueError("key must be bytes of at least 16 characters; get it with pseudonym_key()")
    found = identity.whole(value)  # valid or not: the ten digits, for every spelling
    text = found.digits if found is not None else _compact(_cell_text(value))
    if not text:
        raise ValueError("cannot pseudonymise an empty value")
    digest = hmac.new(key, text.encode("utf-8"), hashlib.sha256).digest()
    return "P" + base64.b32encode(digest[:10]).decode("ascii").lower()


def redact(text: object) -> str:
    """``text`` with every identity number, in any spelling (:mod:`analysis.files_in.identity`), replaced by
    ``[personnummer borttaget]``: for file, sheet and column names and notes, before they are shown or kept."""
    return identity.redact(text, REDACTED)


def _scrub(text: str, key: bytes) -> str:
    """Every identity number inside ``text`` replaced by its pseudonym (the same as for any other spelling)."""
    return identity.substitute(text, lambda found: pseudonym(found.digits, key))


def _scrub_cell(text: str, key: bytes) -> str:
    """:func:`_scrub`, and a cell that is a whole valid number without its leading zero is pseudonymised."""
    whole = identity.whole(text, restore_zeros=True)
    return pseudonym(whole.digits, key) if whole is not None else _scrub(text, key)


# ----------------------------------------------------------------------------- finding columns


_IDENTITY_NAMES = frozenset(
    {"personnummer", "pnr", "personnr", "persnr", "samordningsnummer", "samordningsnr", "samnr", "ssn"}
)


def _is_identity_header(name: object) -> bool:
    header = normalise_header(name)
    compact = header.replace("_", "")
    return (
        compact in _IDENTITY_NAMES
        or any(token in _IDENTITY_NAMES for token in header.split("_"))
        or "personnummer" in compact
        or "samordningsnummer" in compact
    )


def _as_text(values: pd.Series) -> pd.Series:
    """Every cell as stripped text (``string`` dtype, missing → ``""``), as :func:`_cell_text` gives it."""
    if pd.api.types.is_object_dtype(values) or pd.api.types.is_float_dtype(values):
        return values.map(_cell_text).astype("string")
    return values.astype("string").fillna("").str.strip()


def _non_empty_text(values: pd.Series) -> pd.Series:
    text = _as_text(values)
    return text[text != ""]


def _whole_numbers(values: pd.Series) -> pd.Series:
    """Boolean Series: which values are, as a whole, a *valid* identity number (zeros lost by Excel restored).

    Valid only (date and check digit, the ``personnummer`` package): this decides whether a whole column is
    an identity column, and a column of phone or order numbers that look like dates must not become one.
    Vectorised with a prefilter (:func:`analysis.files_in.identity.whole_mask`), so large files stay fast.
    """
    return identity.whole_mask(values, restore_zeros=True, valid_only=True)


def _contains_numbers(values: pd.Series) -> pd.Series:
    """Boolean Series: which values hold an identity number anywhere, valid or with a wrong check digit."""
    return identity.contains_mask(values)


def _identity_share(values: pd.Series) -> float:
    """Share of the non-empty values that are, as a whole, a valid identity number."""
    filled = _as_text(values) != ""
    if not filled.any():
        return 0.0
    return float(_whole_numbers(values[filled]).mean())


def identity_columns(frame: pd.DataFrame) -> list[str]:
    """Columns holding personal identity or coordination numbers, in frame order.

    A column counts when its header names one (after :func:`normalise_header`: ``personnummer``, ``pnr``,
    ``personnr``, ``samordningsnummer``, ``ssn`` and the like, also as a part such as ``pnr_deltagare``),
    or when more than half of its non-empty values are valid numbers as checked by the ``personnummer``
    package (date and Luhn digit). Requiring a valid date and a majority keeps out columns of order or
    customer numbers that pass the Luhn check by chance; empty cells do not count against a column.
    """
    return [c for c in frame.columns if _is_identity_header(c) or _identity_share(frame[c]) > IDENTITY_SHARE]


_NAME_NAMES = frozenset(
    {
        "namn", "name", "fornamn", "efternamn", "mellannamn", "tilltalsnamn", "fulltnamn",
        "fullstandigtnamn", "firstname", "lastname", "fullname", "surname", "givenname", "familyname",
        "kontaktperson", "handlaggare", "handledare", "coach", "jobbcoach",
    }
)  # fmt: skip
#: Headers ending in "namn" that name a place, programme or thing, not a person.
_NOT_PERSON_PREFIXES = (
    "stadsdel", "kommun", "insats", "program", "projekt", "omrade", "region", "deso", "regso", "lan",
    "roll", "organisation", "foretag", "arbetsgivare", "skola", "utbildning", "kurs", "fil", "kolumn",
    "variabel", "yrke", "befattning", "titel", "tjanst", "fastighet", "malgrupp", "aktivitet",
)  # fmt: skip
_ADDRESS_NAMES = frozenset(
    {
        "postnummer", "postnr", "zip", "zipcode", "postalcode", "postort", "co", "careof",
        "lagenhetsnummer", "lagenhetsnr", "lghnr", "lgh", "lghnummer",
    }
)  # fmt: skip
#: Parts of a longer header that mark an address column (``hem_postnr``); a bare ``lgh`` part does not
#: (``lgh_storlek`` is a size).
_ADDRESS_PARTS = frozenset({"postnummer", "postnr", "postort", "lagenhetsnummer", "lghnr"})
_PHONE_NAMES = frozenset({"tel", "telnr", "phone", "phonenumber", "mobile", "cellphone", "mobil", "mobilnr"})
_EMAIL_PARTS = ("epost", "email", "mejl", "mail")


def _personal_kind(name: object) -> str | None:
    """``"namn"``, ``"adress"``, ``"telefon"`` or ``"e-post"`` when the header names such a column."""
    header = normalise_header(name)
    compact = header.replace("_", "")
    tokens = set(header.split("_"))
    if any(part in compact for part in _EMAIL_PARTS):
        return "e-post"
    if "adress" in compact or "address" in compact or compact in _ADDRESS_NAMES or tokens & _ADDRESS_PARTS:
        return "adress"
    if "telefon" in compact or compact.startswith(("mobilnummer", "mobiltel")) or compact in _PHONE_NAMES:
        return "telefon"
    if tokens & _PHONE_NAMES:
        return "telefon"
    if compact in _NAME_NAMES or compact.endswith(("fornamn", "efternamn", "tilltalsnamn", "mellannamn")):
        return "namn"
    if (compact.endswith("namn") or header.endswith("_name")) and not compact.startswith(_NOT_PERSON_PREFIXES):
        return "namn"
    return None


def _contact_kind(values: pd.Series) -> str | None:
    """``"e-post"`` or ``"telefon"`` when most non-empty values are e-mail addresses or phone numbers."""
    text = _non_empty_text(values)
    if text.empty:
        return None
    if float(text.str.fullmatch(_EMAIL.pattern).fillna(False).mean()) > CONTACT_SHARE:
        return "e-post"
    digits = text.str.replace(r"[\s()/.-]", "", regex=True)
    phone = text.str.fullmatch(_PHONE_CHARS.pattern) & digits.str.fullmatch(_PHONE_DIGITS.pattern)
    phone = phone.fillna(False).astype(bool)
    if phone.any():
        # A valid identity number that happens to start with 0 (born 2000–2009) is not a phone number.
        phone[phone] = ~_whole_numbers(text[phone])
    if float(phone.mean()) > CONTACT_SHARE:
        return "telefon"
    return None


def personal_columns(frame: pd.DataFrame) -> list[str]:
    """Columns of names, addresses, phone numbers or e-mail addresses, in frame order.

    By header (after :func:`normalise_header`):

    * names: ``namn``, ``fornamn``, ``efternamn``, ``tilltalsnamn``, ``name``, ``first_name`` … and any
      header ending in ``namn`` (``deltagarnamn``, ``kontaktperson_namn``, ``anvandarnamn``) unless it
      starts with a place or thing (``stadsdel_namn``, ``kommunnamn``, ``insatsnamn``, ``rollnamn`` …);
      also ``kontaktperson``, ``handlaggare``, ``handledare``, ``coach``: staff names are names too, and
      the dashboard needs none;
    * addresses: anything containing ``adress``/``address`` (``gatuadress``, ``postadress``, ``hemadress``),
      ``postnummer``, ``postnr``, ``postort``, ``c/o`` and the apartment number (``lagenhetsnummer``,
      ``lgh_nr``), which points at one home as precisely as a street address. A plain ``ort`` is dropped
      only beside another address column: alone it usually names the town or district and identifies
      no one;
    * phone: anything containing ``telefon``, ``tel``, ``telnr``, ``mobil``, ``mobilnummer``, ``phone``;
    * e-mail: anything containing ``epost``/``e_post``, ``email``, ``mejl``, ``mail``.

    By content, for columns outside the participant template: more than half of the non-empty values are
    e-mail addresses (``x@y.se``), or Swedish phone numbers (0 or +46/0046, then an area code starting
    1–9, 8–11 digits in all, written with spaces, dashes or parentheses or without; a valid identity
    number is never taken for a phone number).

    Limits: names and street addresses cannot be recognised by content (any word could be a name), so a
    column of names under an unexpected header (``Deltagare``, ``Kontakt``) is not found; nor is a foreign
    phone number, nor contact details typed into a free-text column. Identity columns are never listed
    here (see :func:`identity_columns`).
    """
    return _personal_columns(frame, identity_columns(frame))


def _personal_columns(frame: pd.DataFrame, identity_list: list[str]) -> list[str]:
    identity = set(identity_list)
    found: list[str] = []
    for column in frame.columns:
        if column in identity:
            continue
        by_header = _personal_kind(column) is not None
        if by_header or (str(column) not in vocab.PARTICIPANT_COLUMNS and _contact_kind(frame[column]) is not None):
            found.append(column)
    if any(_personal_kind(c) == "adress" for c in found):
        found += [c for c in frame.columns if normalise_header(c) == "ort" and c not in found and c not in identity]
    return [c for c in frame.columns if c in found]


# ----------------------------------------------------------------------------- protect


@dataclass(frozen=True)
class ProtectResult:
    """What :func:`protect` made of a frame.

    ``frame`` is the new frame (same rows, same index); ``notices`` Swedish sentences for the user that
    name columns only; ``id_column`` the column holding the participants' pseudonyms (``None`` when the
    frame had no identity column); ``pseudonymised`` the identity columns whose values went into it;
    ``dropped`` every column removed; ``cells_replaced`` per column the number of single identity numbers
    replaced in other columns.
    """

    frame: pd.DataFrame
    notices: list[str] = field(default_factory=list)
    id_column: str | None = None
    pseudonymised: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    cells_replaced: dict[str, int] = field(default_factory=dict)


def _quoted(names: list[str]) -> str:
    return ", ".join(f"”{n}”" for n in names)


def _columns_phrase(names: list[str], *, start: bool = True) -> str:
    noun = "Kolumnen " if len(names) == 1 else "Kolumnerna "
    return (noun if start else noun.lower()) + _quoted(names)


def _shown(column: object) -> str:
    """A column name as it may appear in a notice or the output: never with an identity number in it."""
    return redact(column) if looks_like_personnummer(column) else str(column)


def _is_text_column(values: pd.Series) -> bool:
    return pd.api.types.is_object_dtype(values) or pd.api.types.is_string_dtype(values)


def _pseudonymise_column(values: pd.Series, key: bytes) -> tuple[list[str | None], int, int]:
    """Pseudonyms for one identity column; also how many non-empty values were not valid numbers, and how
    many of those were shaped like one but failed the check digit (treated as identity numbers all the same)."""
    out: list[str | None] = []
    invalid = wrong_check = 0
    for value in values:
        text = _cell_text(value)
        if not text:
            out.append(None)
            continue
        found = identity.whole(text, restore_zeros=True)
        if found is None:
            embedded = identity.find(text)  # "pnr 19121212-1212" in an identity column
            found = embedded[0] if embedded else None
        if found is None or not found.valid:
            invalid += 1
            wrong_check += found is not None
        out.append(pseudonym(found.digits if found is not None else text, key))
    return out, invalid, wrong_check


def _wrong_check(values: pd.Series) -> int:
    """How many identity numbers in ``values`` fail their check digit (or date check of the package)."""
    return sum(not hit.valid for text in values for hit in identity.find(_cell_text(text)))


def _unique(labels: list[str]) -> list[str]:
    """Headers made unique: two headers redacted to the same ``[personnummer borttaget]`` get ``(2)``, ``(3)``."""
    seen: dict[str, int] = {}
    out: list[str] = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        out.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return out


def _scrub_column(values: pd.Series, key: bytes, *, restore_zeros: bool = False) -> tuple[pd.Series, int, int, bool]:
    """Identity numbers in a non-identity column replaced; the column's dtype kept where possible.

    Text cells get the pseudonym in place of each number (valid or with a wrong check digit). A number
    column cannot hold a pseudonym, so a cell there that is an identity number is emptied (and the column
    becomes a nullable one if needed). With ``restore_zeros`` (``deltagare_id``, where a bare number is an
    id anyway), a valid number that lost its leading zero in Excel (``503152464``) counts too. Returns the
    column, the cells changed, how many numbers among them failed the check digit, and whether the cells
    were emptied (a number column) rather than pseudonymised.
    """
    mask = _contains_numbers(values)
    if restore_zeros:
        mask |= identity.whole_mask(values, restore_zeros=True, valid_only=True)
    count = int(mask.sum())
    if not count:
        return values, 0, 0, False
    wrong = _wrong_check(values[mask])
    if _is_text_column(values):
        replaced = values[mask].map(lambda v: _scrub_cell(_cell_text(v), key))
        result = values.copy()
        result[mask] = replaced
        return result, count, wrong, False
    if pd.api.types.is_integer_dtype(values) and not pd.api.types.is_extension_array_dtype(values):
        values = values.astype("Int64")
    return values.mask(mask), count, wrong, True


def _wrong_check_notice(count: int) -> str:
    what = "1 av dem såg ut som ett personnummer" if count == 1 else f"{count} av dem såg ut som personnummer"
    return (
        f"{what} men med fel kontrollsiffra; {'det' if count == 1 else 'de'} behandlas ändå som personnummer "
        "(ett felskrivet nummer är fortfarande någons), och alla skrivsätt av samma nummer får samma pseudonym."
    )


def protect(frame: pd.DataFrame, key: bytes) -> ProtectResult:
    """Pseudonymise identity numbers and drop personal columns; the input frame is never changed.

    * Identity columns (:func:`identity_columns`) are replaced by pseudonyms (:func:`pseudonym`). If the
      frame has no ``deltagare_id``, the first identity column becomes ``deltagare_id`` in its place; if
      ``deltagare_id`` itself holds identity numbers, it keeps its name. Where that column is empty in a
      row, the next identity column's number is used: case systems often keep personnummer and
      samordningsnummer (newly arrived) in two columns, one of them empty per person.
    * Other identity columns are then dropped, never stored even as pseudonyms: the participant already
      has an id, and a second number usually belongs to someone else (a partner, a guardian) who is not a
      participant; a pseudonymised number is still personal data, kept without purpose (GDPR's data
      minimisation). If ``deltagare_id`` exists and holds no identity numbers, every identity column is
      dropped.
    * Name, address, phone and e-mail columns (:func:`personal_columns`) are dropped.
    * Anywhere else, a cell holding an identity number gets the pseudonym in its place (in a number
      column the cell is emptied); a column header that is an identity number is redacted.

    Afterwards no cell and no header in the frame looks like an identity number (``looks_like_personnummer``).
    Row count and index are unchanged.
    """
    identity = identity_columns(frame)
    personal = _personal_columns(frame, identity)
    notices: list[str] = []
    dropped: list[str] = []
    pseudonymised: list[str] = []
    cells: dict[str, int] = {}

    target: object | None = None
    if ID_COLUMN in identity:
        target = ID_COLUMN
    elif identity and ID_COLUMN not in frame.columns:
        target = identity[0]

    columns: dict[int, object] = {}
    labels: list[str] = []
    if target is not None:
        sources = [target] + [c for c in identity if c != target]
        merged: list[str | None] = [None] * len(frame)
        invalid = wrong_check = 0
        for source in sources:
            values, bad, wrong = _pseudonymise_column(frame[source], key)
            before = sum(v is not None for v in merged)
            merged = [m if m is not None else v for m, v in zip(merged, values, strict=True)]
            if source == target or sum(v is not None for v in merged) > before:
                pseudonymised.append(source)
                invalid += bad
                wrong_check += wrong
        dtype = frame[target].dtype if isinstance(frame[target].dtype, pd.StringDtype) else "string"
        pseudonyms = pd.array(merged, dtype=dtype)
        used = [_shown(c) for c in pseudonymised]
        if target == ID_COLUMN:
            notices.append(f"{_columns_phrase(used)} innehöll personnummer; de ersattes med pseudonymer ({ID_COLUMN}).")
        else:
            notices.append(f"{_columns_phrase(used)} ersattes med pseudonymer ({ID_COLUMN}).")
        if len(pseudonymised) > 1:
            notices.append(f"Där {_quoted(used[:1])} var tom användes numret i nästa kolumn.")
        if invalid:
            what = "1 värde" if invalid == 1 else f"{invalid} värden"
            verb = "var inget giltigt" if invalid == 1 else "var inga giltiga"
            notices.append(
                f"{what} i {_columns_phrase(used, start=False)} {verb} personnummer eller samordningsnummer "
                "(fel datum eller kontrollsiffra); de ersattes också med pseudonymer. Kontrollera dem i källsystemet."
            )
        if wrong_check:
            notices.append(_wrong_check_notice(wrong_check))
    unused_identity = [c for c in identity if c not in pseudonymised]
    if unused_identity:
        reason = (
            f"{ID_COLUMN} finns redan, och personnummer sparas inte ens som pseudonymer när de inte behövs"
            if target is None
            else f"deltagarens pseudonym finns redan i {ID_COLUMN}, och fler personnummer sparas aldrig"
        )
        notices.append(f"{_columns_phrase([_shown(c) for c in unused_identity])} togs bort: {reason}.")
        dropped += [_shown(c) for c in unused_identity]
    if personal:
        notices.append(
            f"{_columns_phrase([_shown(c) for c in personal])} togs bort: namn, adresser, telefon och e-post "
            "lagras aldrig."
        )
        dropped += [_shown(c) for c in personal]

    removed = set(identity) | set(personal)
    scrubbed: dict[str, tuple[int, bool]] = {}
    for position, column in enumerate(frame.columns):
        if column == target:
            columns[len(labels)] = pseudonyms
            labels.append(ID_COLUMN)
            continue
        if column in removed:
            continue
        values, count, wrong, emptied = _scrub_column(frame.iloc[:, position], key, restore_zeros=column == ID_COLUMN)
        if count:
            cells[_shown(column)] = cells.get(_shown(column), 0) + count
            scrubbed[_shown(column)] = (wrong, emptied)
        columns[len(labels)] = values.array
        labels.append(_shown(column))
    for column, count in cells.items():
        what = "1 cell" if count == 1 else f"{count} celler"
        wrong, emptied = scrubbed[column]
        how = "som tömdes (kolumnen har tal)" if emptied else "som ersattes med pseudonymer"
        notices.append(f"{what} i kolumnen {_quoted([column])} innehöll personnummer, {how}.")
        if wrong:
            notices.append(_wrong_check_notice(wrong))
    renamed = [str(c) for c in frame.columns if looks_like_personnummer(c) and c not in removed]
    if renamed:
        what = "1 kolumnrubrik" if len(renamed) == 1 else f"{len(renamed)} kolumnrubriker"
        notices.append(f"{what} innehöll personnummer och ersattes med ”{REDACTED}”.")

    result = pd.DataFrame(columns, index=frame.index) if columns else pd.DataFrame(index=frame.index)
    result.columns = _unique(labels)
    return ProtectResult(
        frame=result,
        notices=notices,
        id_column=ID_COLUMN if target is not None else None,
        pseudonymised=[_shown(c) for c in pseudonymised],
        dropped=dropped,
        cells_replaced=cells,
    )
