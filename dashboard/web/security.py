"""Security headers and the optional login, both applied to every route of the server.

Headers come from flask-talisman: Dash's own documentation pairs it with
``app.csp_hashes()``, and it sets the whole family (CSP, X-Frame-Options,
X-Content-Type-Options, Referrer-Policy, Permissions-Policy, HSTS behind TLS, cookie
flags) from one declaration instead of header strings written by hand.

The login is dash-auth's ``BasicAuth`` (plotly's own package, which also brings
``OIDCAuth`` for ProConnect later: see the README), with two repairs noted below.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Mapping

import dash_auth
import flask
from dash import Dash
from flask_limiter import Limiter, RateLimitExceeded
from flask_limiter.util import get_remote_address
from flask_talisman import Talisman
from werkzeug.middleware.proxy_fix import ProxyFix

from dashboard.web.config import Settings

logger = logging.getLogger(__name__)

LOGIN_REALM = "Fabriques Monitor"
# Failed logins (401 to a request with credentials) allowed per client address; beyond, every request from that address
# gets a 429 until the window has passed. Counted per worker, in memory (flask-limiter's
# "memory://" storage): with 2 workers an address gets at most twice this.
LOGIN_FAILURES_LIMIT = "10 per minute;100 per day"
TOO_MANY_FAILURES = "Trop de tentatives de connexion depuis cette adresse : réessayez dans quelques minutes.\n"


def content_security_policy(app: Dash) -> dict[str, str | list[str]]:
    """Only the app's own origin; no inline script except Dash's own, by hash.

    Call it after every callback is registered: ``csp_hashes`` covers clientside
    callbacks too.
    """
    return {
        "default-src": "'self'",
        # Dash's renderer bootstrap is an inline <script>: allowed by its hash only.
        "script-src": ["'self'", *app.csp_hashes()],
        # 'unsafe-inline' is the minimum that works: plotly.js, dash-renderer and
        # Dash 4's core components all insert <style> elements at run time (modebar,
        # hover labels, dropdown menus); with style-src 'self' alone, headless Chromium
        # logs 28 CSP violations on the first page view. Their contents vary at run
        # time, so hashes cannot list them. Inline *styles* cannot run code, and
        # scripts stay locked down above.
        "style-src": ["'self'", "'unsafe-inline'"],
        # plotly.js's "download as PNG" and Bootstrap's form icons use data: URLs.
        "img-src": ["'self'", "data:"],
        "font-src": "'self'",
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }


# Features the dashboard never uses, refused to any script that might ask.
PERMISSIONS_POLICY = {
    "camera": "()",
    "microphone": "()",
    "geolocation": "()",
    "payment": "()",
    "usb": "()",
}


def add_security_headers(app: Dash, settings: Settings) -> Talisman:
    return Talisman(
        app.server,
        content_security_policy=content_security_policy(app),
        # TLS ends at the State's reverse proxy: redirecting here would loop.
        force_https=False,
        strict_transport_security=settings.https,
        session_cookie_secure=settings.https,
        frame_options="DENY",  # with frame-ancestors 'none', for browsers without CSP 2
        referrer_policy="same-origin",
        permissions_policy=PERMISSIONS_POLICY,
        # Feature-Policy and Document-Policy are superseded or experimental; Chromium
        # logs a console error for features it does not know.
        feature_policy={},
        document_policy={},
    )


class EnvironmentBasicAuth(dash_auth.BasicAuth):
    """HTTP Basic login on every route, users from ``FABRIQUES_AUTH_USERS``.

    Changes to dash-auth 2.3.0's ``BasicAuth``:
    - a malformed ``Authorization`` header (not Basic, bad base64, no colon) is a
      failed login (401), not an exception (500);
    - passwords are compared in constant time (``hmac.compare_digest``);
    - the check runs before anything reads the request body: dash-auth's hook reads
      ``body["output"]`` of callback requests first (to honour public callbacks, which
      this app has none of), and a malformed body made that a 500 before the login.
    """

    def __init__(self, app: Dash, users: Mapping[str, str]):
        self._passwords = {name: password.encode("utf-8") for name, password in users.items()}
        super().__init__(app, auth_func=self._check_password)

    def _check_password(self, username: str, password: str) -> bool:
        expected = self._passwords.get(username)
        # Compare even for an unknown user, so timing does not tell which users exist.
        matches = hmac.compare_digest(password.encode("utf-8"), expected or b"\0" * 16)
        return expected is not None and matches

    def is_authorized(self) -> bool:
        try:
            return super().is_authorized()
        except (IndexError, ValueError):  # binascii.Error and UnicodeDecodeError are ValueErrors
            return False

    def login_request(self) -> flask.Response:
        return flask.Response(
            "Connexion requise : identifiez-vous pour accéder au tableau de bord.\n",
            status=401,
            mimetype="text/plain",
            headers={"WWW-Authenticate": f'Basic realm="{LOGIN_REALM}", charset="UTF-8"'},
        )

    def _protect(self) -> None:
        @self.app.server.before_request
        def _require_login():
            if not self.is_authorized():
                return self.login_request()
            return None


def add_login_throttle(app: Dash, settings: Settings) -> Limiter:
    """Count failed logins per client address (flask-limiter); refuse with a 429 beyond
    ``LOGIN_FAILURES_LIMIT``. Registered before the login check, so a throttled address
    has no password checked at all."""
    if settings.behind_proxy:
        # The proxy's address is the peer's: take the client's from X-Forwarded-For.
        app.server.wsgi_app = ProxyFix(app.server.wsgi_app, x_for=1, x_proto=1)

    def too_many(_limit: object) -> None:
        logger.warning("Connexion : trop d'échecs depuis %s, requêtes refusées (429).", get_remote_address())

    @app.server.errorhandler(RateLimitExceeded)
    def _throttled(_error: RateLimitExceeded) -> flask.Response:
        return flask.Response(TOO_MANY_FAILURES, status=429, mimetype="text/plain", headers={"Retry-After": "60"})

    return Limiter(
        get_remote_address,
        app=app.server,
        application_limits=[LOGIN_FAILURES_LIMIT],
        # A wrong password, not a first request without credentials (every browser sends one).
        application_limits_deduct_when=lambda response: (
            response.status_code == 401 and "Authorization" in flask.request.headers
        ),
        storage_uri="memory://",
        strategy="moving-window",
        on_breach=too_many,
    )


def add_login(app: Dash, settings: Settings) -> EnvironmentBasicAuth | None:
    if not settings.auth_enabled:
        return None
    logger.info("Connexion requise pour %d utilisateur(s).", len(settings.auth_users))
    app.server.extensions["fabriques_login_throttle"] = add_login_throttle(app, settings)
    return EnvironmentBasicAuth(app, settings.auth_users)
