"""Sign-in and roles: who is using the dashboard, and what they may do.

``dashboard.py`` calls :func:`gate` at the top of every run, before the navigation runs: when sign-in is
configured and the user is not signed in, only the sign-in screen is drawn and the run stops, so no page,
no sidebar and no figure reaches the browser. The Data page calls it again (AppTest runs a page without
``dashboard.py``), and every steward action calls :func:`require`, which refuses, and records, an action
the signed-in user may not do; the store checks the actor once more itself
(:meth:`analysis.keeping.store.Store.save`).

Configuration, in ``.streamlit/secrets.toml`` (``st.secrets``)::

    [auth]                       # the company's identity provider: Streamlit's own OpenID Connect sign-in
    redirect_uri = "https://stadsdel.example.se/oauth2callback"
    cookie_secret = "long random string"
    client_id = "..."
    client_secret = "..."
    server_metadata_url = "https://idp.example.se/.well-known/openid-configuration"

    [behorighet]                 # roles; everyone signed in and not named here is "läsare"
    roll_claim = "roles"         # the ID token's claim with roles or groups (text or list); default "roles"
    dataansvarig_varden = ["stadsdel-dataansvarig"]   # claim values that make a data steward
    dataansvariga = ["anna@bolag.se"]                 # or stewards by e-mail / user name

    [anvandare.anna]             # password fallback, only when there is no [auth]
    losenord_hash = "$argon2id$..."   # python -m analysis losenord
    roll = "dataansvarig"             # or "läsare" (the default)

* **OpenID Connect** (``[auth]``): ``st.login()`` / ``st.user`` / ``st.logout()``; Streamlit (with Authlib)
  keeps the identity in a signed cookie. The name is the ``email`` claim (else ``preferred_username``,
  ``name``, ``sub``); the role comes from ``roll_claim`` or the ``dataansvariga`` list.
* **Passwords** (``[anvandare.*]``, no ``[auth]``): a form; the password is checked with argon2-cffi (constant
  time inside); an unknown user name is checked against a dummy hash, so a wrong name takes as long as a
  wrong password. Before each attempt the session waits 2^(n-1) s (at most 30 s) after n consecutive failures
  of that user name in the last 15 minutes, counted from the audit log, so the delay needs no memory of its
  own and survives a restart; unknown user names share one count and are never logged as typed. A success
  is kept in this session's ``st.session_state`` only: the role is read from the secrets file again on
  every run.
* **Unconfigured** (neither): the open demo, everyone a data steward (method ``oppen``), which the Data
  page says. Only while the server listens on this machine alone (``server.address`` loopback, no
  forwarding proxy in front): otherwise nothing is shown but a message to configure sign-in first.

A configuration that cannot be used (a user without a hash, an unknown role) stops every page with a
message: a mistake in the secrets file never opens the dashboard.

Sign-ins and sign-outs are recorded in the audit log (:mod:`analysis.keeping.audit`), once per session.
"""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import streamlit as st
from streamlit import config as streamlit_config  # AppTest patches get_option on this module
from streamlit.runtime.pages_manager import PagesManager

import texts
from analysis.keeping import audit
from analysis.keeping.audit import Actor, Refused
from ui import cache, safe

#: Session state: the user name (as configured) of a password sign-in. No widget has this key, so a
#: browser cannot set it; only :func:`_password_form` does, after the password was verified.
KEY_SIGNED_IN = "_auth_inloggad"
#: Session state: the identity whose sign-in this session has recorded (so a rerun records nothing).
KEY_RECORDED = "_auth_loggad"
#: The open demo's actor, when sign-in is not configured.
OPEN_ACTOR = Actor(name="(ingen inloggning)", role=audit.ROLE_STEWARD, method=audit.METHOD_OPEN)
#: Claims that name an OpenID Connect user, in order of preference.
NAME_CLAIMS = ("email", "preferred_username", "name", "sub")
#: Request headers a reverse proxy adds: the open demo refuses to run behind one.
PROXY_HEADERS = ("x-forwarded-for", "x-forwarded-host", "forwarded", "x-real-ip")
#: The sleep before a password attempt; tests replace it (``monkeypatch.setattr(auth, "SLEEP", …)``).
SLEEP: Callable[[float], None] = time.sleep


@dataclass(frozen=True)
class PasswordUser:
    """One ``[anvandare.NAME]`` entry: the name as configured, its argon2 hash and its role."""

    name: str
    password_hash: str
    role: str


@dataclass(frozen=True)
class AuthConfig:
    """Sign-in as configured in ``st.secrets`` (see the module docstring). ``problems``: what makes the
    configuration unusable (Swedish or English per the language in use), empty when it is fine."""

    oidc: bool = False
    users: Mapping[str, PasswordUser] = field(default_factory=dict)  # by casefolded name
    role_claim: str = "roles"
    steward_values: frozenset[str] = frozenset({audit.ROLE_STEWARD})
    stewards: frozenset[str] = frozenset()  # casefolded e-mail addresses or user names
    problems: tuple[str, ...] = ()

    @property
    def configured(self) -> bool:
        """Whether sign-in is configured at all (a broken configuration counts: it must not run open)."""
        return self.oidc or bool(self.users) or bool(self.problems)


def _secrets() -> dict:
    """``st.secrets`` as a plain dict; empty without a secrets file (st.secrets then raises)."""
    try:
        return st.secrets.to_dict()
    except Exception:
        try:
            return dict(st.secrets)
        except Exception:
            return {}


def _texts(value: object) -> list[str]:
    """A claim or setting that may be one text or a list of them, as a list of texts."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple | set | frozenset):
        return [str(v) for v in value if isinstance(v, str | int)]
    return []


def read_config(secrets: Mapping | None = None) -> AuthConfig:
    """The sign-in configuration from ``secrets`` (default ``st.secrets``)."""
    secrets = _secrets() if secrets is None else secrets
    problems: list[str] = []
    oidc = bool(secrets.get("auth"))
    roles = secrets.get("behorighet") or {}
    if not isinstance(roles, Mapping):
        problems.append(texts.auth_config_problem("behorighet", ""))
        roles = {}
    role_claim = roles.get("roll_claim", "roles")
    if not isinstance(role_claim, str) or not role_claim.strip():
        problems.append(texts.auth_config_problem("behorighet", "roll_claim"))
        role_claim = "roles"
    steward_values = frozenset(_texts(roles.get("dataansvarig_varden", [audit.ROLE_STEWARD])))
    stewards = frozenset(v.strip().casefold() for v in _texts(roles.get("dataansvariga", [])) if v.strip())
    users: dict[str, PasswordUser] = {}
    table = secrets.get("anvandare") or {}
    if not isinstance(table, Mapping):
        problems.append(texts.auth_config_problem("anvandare", ""))
        table = {}
    for name, entry in table.items():
        shown = str(name).strip()
        if not isinstance(entry, Mapping):
            problems.append(texts.auth_config_problem("anvandare", shown))
            continue
        password_hash = entry.get("losenord_hash")
        role = entry.get("roll", audit.ROLE_READER)
        if not isinstance(password_hash, str) or not password_hash.startswith("$argon2"):
            problems.append(texts.auth_config_problem(f"anvandare.{shown}", "losenord_hash"))
            continue
        if role not in audit.ROLES:
            problems.append(texts.auth_config_problem(f"anvandare.{shown}", "roll"))
            continue
        if shown.casefold() in stewards:
            role = audit.ROLE_STEWARD
        users[shown.casefold()] = PasswordUser(shown, password_hash, role)
    return AuthConfig(
        oidc=oidc,
        users=users if not oidc else {},  # the password fallback is for installations without [auth]
        role_claim=role_claim.strip(),
        steward_values=steward_values,
        stewards=stewards,
        problems=tuple(problems),
    )


def actor_from_claims(claims: Mapping, cfg: AuthConfig) -> Actor:
    """The actor of an OpenID Connect identity (``st.user``): named by its e-mail (or user name, name,
    subject), a data steward when the role claim holds one of ``dataansvarig_varden`` or the name is in
    ``dataansvariga``, else a reader."""
    names = [str(claims.get(c)).strip() for c in NAME_CLAIMS if isinstance(claims.get(c), str | int) and claims.get(c)]
    name = names[0] if names else audit.NOBODY
    values = set(_texts(claims.get(cfg.role_claim)))
    steward = bool(values & cfg.steward_values) or any(n.casefold() in cfg.stewards for n in names)
    return Actor(name=name, role=audit.ROLE_STEWARD if steward else audit.ROLE_READER, method=audit.METHOD_OIDC)


def listens_only_on_loopback() -> bool:
    """Whether the server can be reached from this machine only: ``server.address`` is a loopback address
    and the request did not come through a proxy. AppTest runs no server at all."""
    if streamlit_config.get_option("global.appTest"):
        return True
    address = streamlit_config.get_option("server.address")
    if not address:
        return False  # Streamlit then listens on every interface
    if address != "localhost":
        try:
            if not ipaddress.ip_address(address.strip("[]")).is_loopback:
                return False
        except ValueError:
            return False
    try:
        headers = {k.lower() for k in st.context.headers}
    except Exception:
        headers = set()
    return not headers & set(PROXY_HEADERS)


def _log() -> audit.AuditLog:
    return cache.local_store().audit


def _oidc_actor(cfg: AuthConfig) -> Actor | None:
    try:
        user = st.user.to_dict()
    except Exception:
        user = {}
    if not user.get("is_logged_in"):
        return None
    return actor_from_claims(user, cfg)


def _password_actor(cfg: AuthConfig) -> Actor | None:
    name = st.session_state.get(KEY_SIGNED_IN)
    user = cfg.users.get(name.casefold()) if isinstance(name, str) else None
    if user is None:  # removed from the secrets file meanwhile: signed out
        st.session_state.pop(KEY_SIGNED_IN, None)
        return None
    return Actor(name=user.name, role=user.role, method=audit.METHOD_PASSWORD)


def _signed_in(cfg: AuthConfig) -> Actor | None:
    return _oidc_actor(cfg) if cfg.oidc else _password_actor(cfg)


def _marker(actor: Actor) -> str:
    return f"{actor.method}\n{actor.role}\n{actor.name}"


def _record_sign_in_once(actor: Actor) -> None:
    """Record the sign-in the first time this session sees this identity (not on every rerun)."""
    if st.session_state.get(KEY_RECORDED) == _marker(actor):
        return
    _log().record(actor, audit.SIGN_IN, actor.method, audit.OK)
    st.session_state[KEY_RECORDED] = _marker(actor)


def _no_page_menu() -> None:
    """Before sign-in no menu either: on a fresh server Streamlit lists the files in ``pages/`` (its legacy
    navigation) until ``dashboard.py`` has once called ``st.navigation``, which a run stopped here never does.
    Turning that off and rerunning (as ``context._leave_legacy_navigation`` does) sends the sign-in screen
    alone. AppTest resets the flag before every run and shows no menu anyway."""
    if PagesManager.uses_pages_directory and not streamlit_config.get_option("global.appTest"):
        PagesManager.uses_pages_directory = False
        st.rerun()


def _hide_navigation(pages: list | None) -> None:
    """No menu before sign-in: ``pages`` (the app's ``st.Page`` list, from ``dashboard.py``) registered with
    the menu hidden, without running any, so every address keeps its place and shows the sign-in screen;
    without them (a page run on its own), Streamlit's legacy menu turned off. AppTest draws no menu, and
    once pages are registered it reruns a page without ``dashboard.py``, so there nothing is registered."""
    if pages and not streamlit_config.get_option("global.appTest"):
        st.navigation(pages, position="hidden")
    else:
        _no_page_menu()


def _stop(message: str, pages: list | None = None) -> None:
    _hide_navigation(pages)
    st.title(texts.AUTH_TITLE)
    st.error(message)
    st.stop()


def gate(pages: list | None = None) -> Actor:
    """The signed-in actor, or the sign-in screen and ``st.stop()``: call at the top of every run, before
    anything else is drawn. Unconfigured: the open actor (see the module docstring). ``pages``: the app's
    ``st.Page`` list (``dashboard.py``), registered hidden when the run stops here, so no menu is shown."""
    cfg = read_config()
    if cfg.problems:
        _stop(texts.auth_misconfigured([safe.md(problem) for problem in cfg.problems]), pages)
    if not cfg.configured:
        if not listens_only_on_loopback():
            _stop(texts.AUTH_OPEN_NOT_LOOPBACK, pages)
        return OPEN_ACTOR
    actor = _signed_in(cfg)
    if actor is None:
        _hide_navigation(pages)
        _sign_in_screen(cfg)
        st.stop()
    _record_sign_in_once(actor)
    return actor


class NotSignedIn(Refused):
    """An action asked for by no one signed in."""


def current() -> Actor:
    """The signed-in actor without drawing anything; :class:`NotSignedIn` when there is none (``gate`` has
    not let this run through)."""
    cfg = read_config()
    if not cfg.configured and listens_only_on_loopback():
        return OPEN_ACTOR
    actor = None if cfg.problems or not cfg.configured else _signed_in(cfg)
    if actor is None:
        raise NotSignedIn(texts.AUTH_NOT_SIGNED_IN)
    return actor


def require(action: str, what: str = "") -> Actor:
    """The signed-in actor when it may do ``action`` (one of ``audit.ACTIONS``); otherwise the refusal is
    recorded in the audit log (who, what, ``nekad``) and :class:`~analysis.keeping.audit.Refused` raised
    with a message in the language in use. Checked on the server for every action, whatever was drawn."""
    try:
        actor = current()
    except NotSignedIn:
        _log().record(None, action, what, audit.REFUSED)
        raise
    if not actor.may(action):
        _log().record(actor, action, what, audit.REFUSED)
        raise Refused(texts.auth_refused(texts.AUTH_ROLES.get(actor.role, actor.role), action))
    return actor


# ----------------------------------------------------------------------------- the sign-in screen


def _sign_in_screen(cfg: AuthConfig) -> None:
    st.title(texts.AUTH_TITLE)
    st.markdown(texts.AUTH_INTRO)
    if cfg.oidc:
        st.button(texts.AUTH_OIDC_BUTTON, type="primary", key="auth_logga_in", on_click=st.login)
    else:
        _password_form(cfg)


def attempt(cfg: AuthConfig, name: str, password: str, *, sleep: Callable[[float], None] | None = None) -> Actor | None:
    """One password sign-in attempt: wait the delay the audit log calls for, verify, record the outcome;
    the actor on success, else None. An unknown ``name`` is verified against ``audit.DUMMY_HASH`` (same
    time) and recorded as ``audit.UNKNOWN_USER``, never as typed."""
    user = cfg.users.get(name.strip().casefold())
    who = user.name if user is not None else audit.UNKNOWN_USER
    log = _log()
    failures = audit.recent_failures(log, who)
    delay = audit.sign_in_delay(failures)
    if delay:
        (sleep or SLEEP)(delay)
    good = audit.verify_password(user.password_hash if user is not None else None, password)
    actor = Actor(name=who, role=user.role if user is not None else audit.ROLE_READER, method=audit.METHOD_PASSWORD)
    log.record(actor, audit.SIGN_IN, audit.METHOD_PASSWORD, audit.OK if good else audit.REFUSED)
    return actor if good else None


def next_delay(cfg: AuthConfig, name: str) -> float:
    """The delay the next attempt with ``name`` will wait (0 when none)."""
    user = cfg.users.get(name.strip().casefold())
    return audit.sign_in_delay(audit.recent_failures(_log(), user.name if user else audit.UNKNOWN_USER))


def _password_form(cfg: AuthConfig) -> None:
    with st.form("auth_formular", clear_on_submit=True):
        name = st.text_input(texts.AUTH_USER, key="auth_namn", autocomplete="username")
        password = st.text_input(
            texts.AUTH_PASSWORD, type="password", key="auth_losenord", autocomplete="current-password"
        )
        submitted = st.form_submit_button(texts.AUTH_SUBMIT, type="primary")
    if not submitted:
        return
    actor = attempt(cfg, name, password)
    if actor is not None:
        st.session_state[KEY_SIGNED_IN] = actor.name
        st.session_state[KEY_RECORDED] = _marker(actor)
        st.rerun()
    st.error(texts.AUTH_FAILED)
    delay = next_delay(cfg, name)
    if delay:
        st.caption(texts.auth_delay(f"{delay:.0f}"))


# ----------------------------------------------------------------------------- signed in


def sign_out() -> None:
    """Record the sign-out and end it (the button's callback): a password sign-in is forgotten by the
    session; an OpenID Connect one goes through ``st.logout()`` (the cookie, then the provider)."""
    try:
        actor = current()
    except NotSignedIn:
        return
    _log().record(actor, audit.SIGN_OUT, actor.method, audit.OK)
    st.session_state.pop(KEY_SIGNED_IN, None)
    st.session_state.pop(KEY_RECORDED, None)
    if actor.method == audit.METHOD_OIDC:
        st.logout()


def account(actor: Actor) -> None:
    """Who is signed in, in which role, and a sign-out button, in the sidebar (nothing for the open demo)."""
    if actor.method == audit.METHOD_OPEN:
        return
    # The name comes from the identity provider or the secrets file: shown as typed, never as Markdown.
    st.sidebar.caption(texts.auth_signed_in(safe.md(actor.name), texts.AUTH_ROLES.get(actor.role, actor.role)))
    st.sidebar.button(texts.AUTH_SIGN_OUT, key="auth_logga_ut", on_click=sign_out)
