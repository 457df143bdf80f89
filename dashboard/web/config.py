"""Settings read from the environment (documented in the README's Settings table).

Every variable is read here and nowhere else, so a wrong value stops the start-up with
one French message instead of surfacing later in a request.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from zxcvbn import zxcvbn

from dashboard.data.limits import LOAD_TIMEOUT_ENV, MAX_FILE_MB_ENV, LoadLimits

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATA_FILE = ROOT / "data" / "fabriques.csv"

DATA_ENV = "FABRIQUES_DATA"
DEBUG_ENV = "DASH_DEBUG"
SECRET_KEY_ENV = "FABRIQUES_SECRET_KEY"
AUTH_USERS_ENV = "FABRIQUES_AUTH_USERS"
RELOAD_SECONDS_ENV = "FABRIQUES_RELOAD_SECONDS"
HTTPS_ENV = "FABRIQUES_HTTPS"

BEHIND_PROXY_ENV = "FABRIQUES_BEHIND_PROXY"

DEFAULT_RELOAD_SECONDS = 10.0
# A shorter key is guessable offline from a session cookie; 32 characters is what
# `python -c "import secrets; print(secrets.token_urlsafe(32))"` prints (43, in fact).
MIN_SECRET_KEY_LENGTH = 32
# Strength as zxcvbn estimates it (log10 of the guesses an attacker needs): a random
# 43-character token scores ~42, 32 × "a" 2.6. Passwords: zxcvbn's score 3 ("safely
# unguessable": 10^8 guesses at least) and 12 characters.
MIN_SECRET_KEY_GUESSES_LOG10 = 20.0
MIN_PASSWORD_LENGTH = 12
MIN_PASSWORD_SCORE = 3


class SettingsError(Exception):
    """A setting is wrong; ``str()`` is a French message naming the variable."""


@dataclass(frozen=True)
class Settings:
    data_file: Path = DEFAULT_DATA_FILE
    debug: bool = False
    # None: no key was given, a random one is drawn per process (see ``flask_secret_key``).
    secret_key: str | None = None
    # Basic authentication: username -> password. Empty: no login (the default).
    auth_users: Mapping[str, str] = field(default_factory=dict)
    # How often each worker looks at the data file's date and size (0: never).
    reload_check_seconds: float = DEFAULT_RELOAD_SECONDS
    # Served behind TLS: send HSTS and mark the session cookie Secure.
    https: bool = False
    # Largest file accepted and longest load allowed (FABRIQUES_MAX_FILE_MB, FABRIQUES_LOAD_TIMEOUT_SECONDS).
    limits: LoadLimits = field(default_factory=LoadLimits)
    # Behind one reverse proxy: the client's address is the last one of X-Forwarded-For
    # (the login throttle counts failures per client address).
    behind_proxy: bool = False

    @property
    def auth_enabled(self) -> bool:
        return bool(self.auth_users)

    @property
    def flask_secret_key(self) -> str:
        # Without login nothing is kept in Flask's session, so a per-process key is
        # harmless; with login ``from_environment`` has already demanded a real one.
        return self.secret_key or secrets.token_urlsafe(32)

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> Settings:
        environ = os.environ if environ is None else environ

        def get(name: str) -> str:
            return environ.get(name, "").strip()

        data_file = get(DATA_ENV)
        secret_key = get(SECRET_KEY_ENV) or None
        auth_users = parse_auth_users(get(AUTH_USERS_ENV))
        if secret_key is not None:
            check_secret_key(secret_key)
        if auth_users and secret_key is None:
            raise SettingsError(
                f"{AUTH_USERS_ENV} active la connexion : {SECRET_KEY_ENV} doit alors être défini "
                "(clé secrète de production, la même pour tous les processus)."
            )
        try:
            limits = LoadLimits.from_environment({name: get(name) for name in (MAX_FILE_MB_ENV, LOAD_TIMEOUT_ENV)})
        except ValueError as error:
            raise SettingsError(str(error)) from None
        return cls(
            data_file=Path(data_file) if data_file else DEFAULT_DATA_FILE,
            limits=limits,
            debug=get(DEBUG_ENV) == "1",
            secret_key=secret_key,
            auth_users=auth_users,
            reload_check_seconds=_non_negative_float(
                get(RELOAD_SECONDS_ENV), RELOAD_SECONDS_ENV, DEFAULT_RELOAD_SECONDS
            ),
            https=get(HTTPS_ENV) == "1",
            behind_proxy=get(BEHIND_PROXY_ENV) == "1",
        )


GENERATE_KEY = 'générez-en une avec python -c "import secrets; print(secrets.token_urlsafe(32))"'


def check_secret_key(key: str) -> None:
    """A key of at least 32 characters that is not guessable (no repetition, no phrase)."""
    if len(key) < MIN_SECRET_KEY_LENGTH:
        raise SettingsError(
            f"{SECRET_KEY_ENV} est trop courte ({len(key)} caractères, minimum {MIN_SECRET_KEY_LENGTH}) : {GENERATE_KEY}"
        )
    if zxcvbn(key[:100])["guesses_log10"] < MIN_SECRET_KEY_GUESSES_LOG10:
        raise SettingsError(f"{SECRET_KEY_ENV} est trop facile à deviner (répétitions, mots, suites) : {GENERATE_KEY}")


def check_password(username: str, password: str) -> None:
    """Never repeats the password in the message."""
    if (
        len(password) < MIN_PASSWORD_LENGTH
        or zxcvbn(password[:100], user_inputs=[username])["score"] < MIN_PASSWORD_SCORE
    ):
        raise SettingsError(
            f"{AUTH_USERS_ENV} : le mot de passe de « {username} » est trop faible (au moins "
            f"{MIN_PASSWORD_LENGTH} caractères, et difficile à deviner : ni mot courant, ni nom, ni répétition, "
            "ni suite ; une phrase de quatre mots ou plus convient)."
        )


def parse_auth_users(value: str) -> dict[str, str]:
    """``"alice:secret,bob:autre"`` -> ``{"alice": "secret", "bob": "autre"}``.

    A username cannot hold ``:`` (HTTP Basic splits on the first one) and no entry can
    hold ``,``. Messages never repeat a password.
    """
    users: dict[str, str] = {}
    for position, entry in enumerate((e.strip() for e in value.split(",")), start=1):
        if not entry:
            continue
        username, colon, password = entry.partition(":")
        username = username.strip()
        if not colon or not username or not password:
            raise SettingsError(
                f"{AUTH_USERS_ENV}, entrée n° {position} : format attendu « utilisateur:mot de passe », "
                "entrées séparées par des virgules."
            )
        if username in users:
            raise SettingsError(f"{AUTH_USERS_ENV} : l'utilisateur « {username} » est défini deux fois.")
        check_password(username, password)
        users[username] = password
    return users


def _non_negative_float(value: str, name: str, default: float) -> float:
    if not value:
        return default
    try:
        number = float(value.replace(",", "."))
    except ValueError:
        number = -1.0
    if not number >= 0 or number == float("inf"):
        raise SettingsError(f"{name} doit être un nombre de secondes positif ou nul (reçu « {value} »).")
    return number
