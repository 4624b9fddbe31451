"""The pseudonym key: where it is found, whether it is strong enough, and a fingerprint to tell keys apart.

Pseudonyms are HMAC-SHA256 of an identity number with a secret key (:mod:`analysis.files_in.privacy`). The
key is the whole protection: whoever has it and a list of identity numbers can compute everyone's
pseudonym and so re-identify the stored table. So

* :func:`pseudonym_key` finds the key (``pseudonym_key`` in ``.streamlit/secrets.toml``, else the
  environment variable ``STADSDEL_PSEUDONYM_KEY``) and refuses one that is missing, short or guessable;
* :func:`key_strength` estimates how many guesses an attacker needs (zxcvbn, see below);
* :func:`key_fingerprint` gives a short code stored with every participant version, so that a version
  records which key made it and an import under another key can be warned about before it is kept.

Why a guess count and not a length: ``aaaaaaaaaaaaaaaa``, ``1234567890123456`` and ``passwordpassword`` are
16 characters each and found in a handful of guesses. An attacker who holds the store and knows one
participant's identity number (their own, say) can test candidate keys offline, as fast as HMAC runs
(billions a second on a graphics card), so a key must be out of reach of an offline search, not just of
someone typing guesses. The estimate is zxcvbn's (Dropbox's password-strength estimator, the maintained
Python port; pure Python, MIT): it finds dictionary words, names and common passwords (also in l33t and
reversed), keyboard walks (``qwerty``, ``1qaz2wsx``), repeats (``abcabc``), sequences (``12345``,
``abcdef``), dates and years, and counts everything else as 10 guesses a character. Its dictionaries are
English, so common Swedish passwords and this tool's own words (``lösenord``, ``sommar``, ``helsingborg``,
``stadsdel``, …) are added as extra words. A key is accepted when the estimate is at least
``10**MIN_GUESSES_LOG10`` (10^20, about 2^66): at ten billion guesses a second that is over 300 years.
``secrets.token_urlsafe(32)`` (43 characters) estimates 10^43, ``secrets.token_hex(32)`` 10^64; the
estimate is conservative for random keys (10 per character, where a random URL-safe character has 64
possibilities), so a random key needs about 20 characters to pass.

Why the fingerprint is safe to show and store (:func:`key_fingerprint`): it is the first 12 hex digits
(48 bits) of scrypt(key, salt = a fixed label), with the memory-hard "interactive" parameters (N = 2^14,
r = 8, p = 1: 16 MiB and about 50 ms per try).

* It cannot give the key back: scrypt is one-way, and 48 bits are far fewer than an accepted key holds
  (at least 66 bits by the estimate, 256 for ``token_urlsafe(32)``), so a vast number of keys share each
  fingerprint; even someone who could invert scrypt would not know which of them is the key.
* It does not let anyone test candidate keys cheaply: each candidate costs a full scrypt run (memory-hard,
  so graphics cards gain little), millions of times slower than the HMAC behind the pseudonyms, and only
  keys of at least 10^20 guesses are accepted in the first place. (Whoever holds the store and one known
  identity number can already test a candidate key by its pseudonym; the fingerprint adds no cheaper test.)
* It says nothing about any person: it depends on the key alone, not on the data.
* It tells keys apart: two different keys share a fingerprint with probability 2^-48.

A fingerprint is an identifier, not a secret; the key itself never appears in a message, a log, the store
or the page.
"""

from __future__ import annotations

import functools
import hashlib
import math
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass

from analysis.files_in.validation import DataError

#: Environment variable holding the pseudonym key when Streamlit's secrets do not.
KEY_ENV = "STADSDEL_PSEUDONYM_KEY"
#: Name of the key in ``.streamlit/secrets.toml``.
KEY_SECRET = "pseudonym_key"
#: Shortest accepted key, in characters. ``secrets.token_urlsafe(32)`` gives 43. Also the shortest key in
#: bytes :func:`analysis.files_in.privacy.pseudonym` accepts (random bytes need no estimate).
MIN_KEY_CHARS = 16
#: A key must take at least 10**MIN_GUESSES_LOG10 guesses by zxcvbn's estimate (module docstring).
MIN_GUESSES_LOG10 = 20
#: Hex digits of a fingerprint (48 bits).
FINGERPRINT_CHARS = 12
FINGERPRINT_PATTERN = re.compile(rf"[0-9a-f]{{{FINGERPRINT_CHARS}}}")
#: The fixed label (scrypt's salt) of the fingerprint. Changing it changes every fingerprint: never do.
FINGERPRINT_LABEL = b"stadsdel-dashboard/pseudonym-key-fingerprint/v1"
# scrypt's "interactive" parameters: 16 MiB of memory and about 50 ms per fingerprint.
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}
# zxcvbn refuses long input (its matching grows with the square of the length); a key is judged on its
# first characters, which only errs on the safe side: what follows can add guesses, never remove them.
_ESTIMATE_CHARS = 100

# zxcvbn's word lists are English. Common Swedish passwords and words, and this tool's own vocabulary,
# are added as extra words (most likely first: the rank is the guess count), with and without å, ä, ö.
_SWEDISH_TEXT = (
    "lösenord losenord hemligt hemlig nyckel nycklar pseudonym pseudonymer sommar vinter hösten hosten våren "
    "varen hejhej hejsan välkommen valkommen kärlek karlek sverige svensk stockholm göteborg goteborg malmö "
    "malmo uppsala helsingborg tierp lund örebro orebro västerås vasteras linköping linkoping norrköping "
    "norrkoping jönköping jonkoping umeå umea kanelbulle fotboll hockey blomma katten hunden mamma pappa "
    "älskling alskling prinsessa solros jultomte midsommar kräftor krafter fika semester måndag mandag "
    "fredag lördag lordag söndag sondag januari februari mars april juni juli augusti september oktober "
    "november december stadsdel stadsdelar stadsdelen allmännyttan allmannyttan bostad bostäder bostader "
    "bostadsbolag bostadsbolaget hyresgäst hyresgast hyresgäster hyresgaster kommun kommunen deltagare "
    "deltagarna insats insatser segregation dashboard personnummer samordningsnummer regso deso scb "
    "testnyckel nyckeln hemlignyckel admin administratör administrator"
)
_SWEDISH_WORDS = tuple(_SWEDISH_TEXT.split())


class MissingKeyError(DataError):
    """No usable pseudonym key is configured; ``str()`` says in Swedish how to set one."""


class WeakKeyError(MissingKeyError):
    """A key is configured but could be guessed; ``str()`` says in Swedish why and how to make a good one.

    A subclass of :class:`MissingKeyError`, so a caller that refuses to import without a key refuses
    a weak one the same way."""


def _key_help(problem: str) -> str:
    return (
        f"{problem} Importen avbryts, eftersom personnummer bara får sparas som pseudonymer, och "
        "pseudonymerna räknas fram med en hemlig nyckel som ingen ska kunna gissa.\n"
        "Skapa en slumpmässig nyckel (minst 16 tecken; ord, namn, årtal, upprepningar och tangentrader "
        "går att gissa oavsett längd) med\n"
        '    python -c "import secrets; print(secrets.token_urlsafe(32))"\n'
        "och lägg den i .streamlit/secrets.toml som\n"
        '    pseudonym_key = "…"\n'
        "eller i miljövariabeln innan appen startas:\n"
        "    export STADSDEL_PSEUDONYM_KEY=…\n"
        "Spara nyckeln säkert och behåll samma nyckel: en ny nyckel ger nya pseudonymer, så samma person "
        "får då ett annat deltagare_id än i tidigare importer. Lägg aldrig nyckeln i git."
    )


# ----------------------------------------------------------------------------- strength

#: Why zxcvbn's patterns make a key guessable, in Swedish (never quoting the part of the key it found).
_PATTERN_REASONS = {
    "dictionary": "den innehåller vanliga ord, namn eller lösenord",
    "spatial": "den följer tangenterna på tangentbordet (som qwerty eller 1qaz)",
    "repeat": "den upprepar ett kort mönster (som aaaa eller abcabc)",
    "sequence": "den innehåller en följd (som 12345 eller abcde)",
    "date": "den innehåller ett datum",
    "regex": "den innehåller ett årtal",
}


@dataclass(frozen=True)
class KeyStrength:
    """zxcvbn's estimate for a key: ``guesses_log10`` (log10 of the guesses needed), ``patterns`` the kinds
    of guessable parts it found (``dictionary``, ``spatial``, ``repeat``, ``sequence``, ``date``,
    ``regex``), ``strong`` whether the key is accepted."""

    guesses_log10: float
    patterns: tuple[str, ...]
    strong: bool

    def reasons(self) -> list[str]:
        """Why the key is weak, in Swedish (empty for a strong key)."""
        if self.strong:
            return []
        found = [_PATTERN_REASONS[p] for p in _PATTERN_REASONS if p in self.patterns]
        return found or ["den är för kort för att vara svår att gissa (en slumpmässig nyckel behöver minst 20 tecken)"]


def key_strength(key: str) -> KeyStrength:
    """How hard ``key`` is to guess, by zxcvbn's estimate (see the module docstring)."""
    from zxcvbn import zxcvbn  # imported when needed: its word lists take a moment to load

    text = key[:_ESTIMATE_CHARS]
    # Always the same extra words: zxcvbn keeps them in a module-level table, so one list for every
    # caller keeps concurrent sessions from seeing each other's.
    result = zxcvbn(text, user_inputs=_SWEDISH_WORDS, max_length=_ESTIMATE_CHARS)
    guesses_log10 = math.log10(max(float(result["guesses"]), 1.0))
    patterns = tuple(dict.fromkeys(m["pattern"] for m in result["sequence"] if m["pattern"] != "bruteforce"))
    return KeyStrength(guesses_log10, patterns, guesses_log10 >= MIN_GUESSES_LOG10)


def check_key(key: str, source: str = "nyckeln") -> None:
    """Raise :class:`MissingKeyError` (short) or :class:`WeakKeyError` (guessable) for a key that may not be
    used; ``source`` names where it was found, for the message. The key is never quoted."""
    if len(key) < MIN_KEY_CHARS:
        raise MissingKeyError(
            _key_help(f"Nyckeln för pseudonymer ({source}) är för kort: minst {MIN_KEY_CHARS} tecken krävs.")
        )
    strength = key_strength(key)
    if not strength.strong:
        exponent = max(0, math.floor(strength.guesses_log10))
        raise WeakKeyError(
            _key_help(
                f"Nyckeln för pseudonymer ({source}) är för lätt att gissa: {'; '.join(strength.reasons())}. "
                f"Den skulle hittas på ungefär 10^{exponent} försök, och en nyckel måste tåla minst "
                f"10^{MIN_GUESSES_LOG10} (annars kan den som kommer åt datalagret pröva sig fram till nyckeln "
                "och räkna ut vems pseudonymerna är)."
            )
        )


def pseudonym_key(secrets: Mapping | None = None, environ: Mapping | None = None) -> bytes:
    """The secret key for pseudonyms, as UTF-8 bytes.

    Looked up in ``secrets["pseudonym_key"]`` (pass Streamlit's ``st.secrets``; a missing secrets file
    counts as no key) and then in the environment variable ``STADSDEL_PSEUDONYM_KEY`` (``environ``
    defaults to ``os.environ``). Surrounding whitespace is ignored, so a key pasted with a newline still
    gives the same pseudonyms. Raises :class:`MissingKeyError` when neither holds a key of at least
    ``MIN_KEY_CHARS`` characters, and :class:`WeakKeyError` when the key could be guessed
    (:func:`key_strength`). The key itself never appears in a message.
    """
    environ = os.environ if environ is None else environ
    found: tuple[str, str] | None = None
    if secrets is not None:
        try:
            value = secrets[KEY_SECRET]
        except (KeyError, FileNotFoundError):  # st.secrets raises a FileNotFoundError without secrets.toml
            value = None
        if value is not None and str(value).strip():
            found = (str(value).strip(), "pseudonym_key i .streamlit/secrets.toml")
    if found is None and str(environ.get(KEY_ENV) or "").strip():
        found = (str(environ[KEY_ENV]).strip(), f"miljövariabeln {KEY_ENV}")
    if found is None:
        raise MissingKeyError(_key_help("Ingen nyckel för pseudonymer är inställd."))
    key, source = found
    check_key(key, source)
    return key.encode("utf-8")


def read_secrets_file(folder: str | os.PathLike[str] | None = None) -> dict:
    """``.streamlit/secrets.toml`` in ``folder`` (default: the working folder) as a dict, for the command
    line, which has no ``st.secrets``; empty when there is no such file. Raises MissingKeyError (Swedish)
    when the file is not valid TOML (the message never quotes it: it holds the key)."""
    import tomllib
    from pathlib import Path

    path = Path(folder or ".") / ".streamlit" / "secrets.toml"
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        return {}
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise MissingKeyError(
            f"{path} kan inte läsas som TOML ({exc.__class__.__name__}). Rätta filen; nyckeln skrivs som "
            'pseudonym_key = "…" på en egen rad.'
        ) from None


# ----------------------------------------------------------------------------- fingerprint


@functools.lru_cache(maxsize=8)
def _fingerprint(key: bytes) -> str:
    digest = hashlib.scrypt(key, salt=FINGERPRINT_LABEL, dklen=32, **_SCRYPT)
    return digest.hex()[:FINGERPRINT_CHARS]


def key_fingerprint(key: bytes | str) -> str:
    """A short code that tells keys apart without giving them away: 12 hex digits of scrypt(key, label).

    Stable for one key (the same key as text or as its UTF-8 bytes gives the same code), different for
    another; why it is safe to store and show is in the module docstring. Cached per process, since scrypt
    costs about 50 ms on purpose.
    """
    data = key.encode("utf-8") if isinstance(key, str) else key
    if not isinstance(data, bytes) or not data:
        raise ValueError("key must be non-empty bytes or text")
    return _fingerprint(data)


def same_key(fingerprint: str | None, other: str | None) -> bool | None:
    """Whether two fingerprints name the same key; ``None`` when either is unknown (a version saved
    before fingerprints were recorded)."""
    if fingerprint is None or other is None:
        return None
    return fingerprint == other
