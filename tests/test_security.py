"""Security headers, settings, the optional login and malformed requests (Flask test client)."""

import base64
import hashlib
import re
import subprocess
import sys

import pytest

from dashboard.presentation import ids
from dashboard.web.app_factory import STATUS_ROUTE, create_app
from dashboard.web.config import AUTH_USERS_ENV, SECRET_KEY_ENV, Settings, SettingsError, parse_auth_users
from dashboard.web.guard import CALLBACK_ROUTE, MAX_REQUEST_BYTES, MalformedCallbackRequest, check_callback_body
from tests.conftest import ROOT
from tests.dash_client import callback_body

SECRET = "Xq3-vT8pLw0_bN5rZk2YhM9sJc7GdF1aUe4"  # random, as secrets.token_urlsafe prints
USERS = {"alice": "mot de passe d'Alice", "bob": "autre:phrase de Bob"}


def overview_body(app, waves=("1",)) -> dict:
    """A well-formed request for the navigation callback (the one with most inputs), as
    the browser sends it after a wave click."""
    return callback_body(
        app,
        ids.VIEW,
        {ids.WAVE_FILTER: list(waves), ids.REGION_FILTER: []},
        changed=f"{ids.WAVE_FILTER}.value",
    )


def basic(username: str, password: str) -> dict:
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


@pytest.fixture
def protected_app(small_dataset):
    return create_app(small_dataset, Settings(secret_key=SECRET, auth_users=USERS))


# --- headers ---------------------------------------------------------------------


def csp_directives(response) -> dict[str, list[str]]:
    policy = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


@pytest.mark.parametrize(
    "method,path",
    [
        ("GET", "/"),
        ("GET", "/_dash-layout"),
        ("GET", "/_dash-dependencies"),
        ("GET", "/assets/2-site/app.css"),
        ("GET", "/_dash-component-suites/unknown/x.js"),
        ("GET", STATUS_ROUTE),
        ("POST", CALLBACK_ROUTE),
    ],
)
def test_security_headers_on_every_response(client, method, path):
    response = client.open(path, method=method, json={} if method == "POST" else None)
    assert response.status_code < 500
    directives = csp_directives(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in directives["script-src"] and "'unsafe-eval'" not in directives["script-src"]
    assert not any("http" in source for sources in directives.values() for source in sources)  # own origin only
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "Strict-Transport-Security" not in response.headers  # only behind TLS (FABRIQUES_HTTPS=1)


def test_csp_allows_exactly_the_inline_scripts_of_the_page(client):
    response = client.get("/")
    page = response.get_data(as_text=True)
    inline_scripts = [
        body
        for attributes, body in re.findall(r"<script([^>]*)>(.*?)</script>", page, re.S)
        if "src=" not in attributes and "application/json" not in attributes
    ]
    assert inline_scripts  # Dash's renderer bootstrap
    allowed = csp_directives(response)["script-src"]
    for script in inline_scripts:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in allowed


def test_headers_survive_compression(client):
    response = client.get(
        "/_dash-component-suites/dash/dash-renderer/build/dash_renderer.min.js", headers={"Accept-Encoding": "gzip"}
    )
    if response.status_code == 404:  # fingerprinted name: take it from the page
        script = re.search(
            r'src="(/_dash-component-suites/dash/dash-renderer/[^"]+)"', client.get("/").get_data(as_text=True)
        ).group(1)
        response = client.get(script, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert "Content-Security-Policy" in response.headers


def test_hsts_and_secure_cookie_behind_tls(small_dataset):
    app = create_app(small_dataset, Settings(https=True))
    response = app.server.test_client().get("/", base_url="https://fabriques.example")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    assert app.server.config["SESSION_COOKIE_SECURE"] is True


# --- settings ----------------------------------------------------------------------


def test_debug_is_off_unless_asked():
    assert Settings.from_environment({}).debug is False
    assert Settings.from_environment({"DASH_DEBUG": "true"}).debug is False
    assert Settings.from_environment({"DASH_DEBUG": "1"}).debug is True


def test_app_never_runs_in_debug_mode(app):
    assert app.server.debug is False
    assert app.server.secret_key  # a per-process key when none is configured


def test_secret_key_from_the_environment(small_dataset):
    settings = Settings.from_environment({SECRET_KEY_ENV: SECRET})
    assert create_app(small_dataset, settings).server.secret_key == SECRET


STRONG = "Tiers-lieux du Neuhof 2026"


def test_login_requires_a_secret_key():
    with pytest.raises(SettingsError, match=SECRET_KEY_ENV):
        Settings.from_environment({AUTH_USERS_ENV: f"alice:{STRONG}"})
    with pytest.raises(SettingsError, match="trop courte"):
        Settings.from_environment({AUTH_USERS_ENV: f"alice:{STRONG}", SECRET_KEY_ENV: "court"})
    settings = Settings.from_environment({AUTH_USERS_ENV: f"alice:{STRONG}, bob:a:b {STRONG}", SECRET_KEY_ENV: SECRET})
    assert settings.auth_users == {"alice": STRONG, "bob": f"a:b {STRONG}"} and settings.auth_enabled


@pytest.mark.parametrize("key", ["a" * 32, "k" * 40, "0123456789" * 4, "correct horse battery staple ok"])
def test_a_guessable_secret_key_is_refused(key):
    with pytest.raises(SettingsError, match=SECRET_KEY_ENV) as caught:
        Settings.from_environment({SECRET_KEY_ENV: key})
    assert key not in str(caught.value)


@pytest.mark.parametrize(
    "password", ["x", "secret", "motdepasse12", "aaaaaaaaaaaaaaaa", "alice-alice-alice", "azertyuiop123"]
)
def test_a_weak_password_is_refused_without_being_echoed(password):
    with pytest.raises(SettingsError, match="le mot de passe de « alice » est trop faible") as caught:
        parse_auth_users(f"alice:{password}")
    assert password not in str(caught.value).replace("alice", "")


@pytest.mark.parametrize(
    "value", ["alice", "alice:", ":Pw-123 a long phrase", "alice:Pw-123 un long mot,alice:Pw-456 un autre mot"]
)
def test_bad_user_lists_are_refused_without_echoing_passwords(value):
    with pytest.raises(SettingsError) as caught:
        parse_auth_users(value)
    assert AUTH_USERS_ENV in str(caught.value)
    assert "Pw-" not in str(caught.value)


@pytest.mark.parametrize(
    "name,value",
    [
        ("FABRIQUES_RELOAD_SECONDS", "souvent"),
        ("FABRIQUES_RELOAD_SECONDS", "-1"),
        ("FABRIQUES_MAX_FILE_MB", "abc"),
        ("FABRIQUES_MAX_FILE_MB", "-5"),
        ("FABRIQUES_MAX_FILE_MB", "0"),
        ("FABRIQUES_LOAD_TIMEOUT_SECONDS", "inf"),
        ("FABRIQUES_LOAD_TIMEOUT_SECONDS", "vite"),
    ],
)
def test_bad_numbers_are_refused(name, value):
    with pytest.raises(SettingsError, match=name):
        Settings.from_environment({name: value})


def test_start_up_with_login_but_no_secret_key_exits_with_a_french_message():
    result = subprocess.run(
        [sys.executable, "-c", "import app"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={AUTH_USERS_ENV: f"alice:{STRONG}", "PATH": "/usr/bin:/bin"},
        timeout=60,
    )
    assert result.returncode == 2
    assert "ne peut pas démarrer" in result.stderr and SECRET_KEY_ENV in result.stderr
    assert "Traceback" not in result.stderr and STRONG not in result.stderr


# --- login -------------------------------------------------------------------------


def every_route(app) -> list[tuple[str, str]]:
    """(method, url) for every rule of the server, variables filled with a plausible
    value: a route added later (downloads, drill-downs) is covered without editing."""
    routes = []
    for rule in app.server.url_map.iter_rules():
        url = re.sub(
            r"<(?:[^:>]+:)?([^>]+)>", lambda m: "2-site/app.css" if m.group(1) == "filename" else "x", rule.rule
        )
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            routes.append((method, url))
    return routes


def request(client, method, url, app, headers=None, address="127.0.0.1"):
    body = overview_body(app) if url == CALLBACK_ROUTE else None
    return client.open(url, method=method, json=body, headers=headers or {}, environ_base={"REMOTE_ADDR": address})


def test_every_route_requires_the_login_when_on(protected_app):
    client = protected_app.server.test_client()
    routes = every_route(protected_app)
    assert ("POST", CALLBACK_ROUTE) in routes and ("GET", "/assets/2-site/app.css") in routes
    assert ("GET", "/_dash-layout") in routes and ("GET", "/") in routes
    for number, (method, url) in enumerate(routes):
        response = request(client, method, url, protected_app)
        assert response.status_code == 401, (method, url)
        assert response.headers["WWW-Authenticate"].startswith('Basic realm="Fabriques Monitor"')
        assert "Content-Security-Policy" in response.headers
        # From another address each time: the login throttle counts failures per address.
        wrong = request(client, method, url, protected_app, basic("alice", "mauvais"), f"10.0.0.{number}")
        assert wrong.status_code == 401, (method, url)


@pytest.mark.parametrize(
    "header",
    [
        "Bearer abc",
        "Basic",
        "Basic !!!",
        "Basic " + base64.b64encode(b"sans-deux-points").decode(),
        "Basic " + base64.b64encode(b"\xff\xfe:\xff").decode(),
        "Basic " + base64.b64encode(b"inconnu:x").decode(),
    ],
)
def test_malformed_credentials_are_a_failed_login_not_an_error(protected_app, header):
    response = protected_app.server.test_client().get("/", headers={"Authorization": header})
    assert response.status_code == 401


def test_credentials_open_every_route(protected_app):
    client = protected_app.server.test_client()
    for username, password in USERS.items():
        assert client.get("/", headers=basic(username, password)).status_code == 200
        assert client.get("/assets/2-site/app.css", headers=basic(username, password)).status_code == 200
        response = client.post(CALLBACK_ROUTE, json=overview_body(protected_app), headers=basic(username, password))
        assert response.status_code == 200
        assert client.get(STATUS_ROUTE, headers=basic(username, password)).status_code == 200


def test_malformed_callback_body_without_credentials_is_401_not_500(protected_app):
    client = protected_app.server.test_client()
    for body in ([1, 2], {"inputs": []}, "x"):
        assert client.post(CALLBACK_ROUTE, json=body).status_code == 401


def test_routes_are_open_when_login_is_off(app, client):
    for method, url in every_route(app):
        response = request(client, method, url, app)
        assert response.status_code != 401, (method, url)
    assert client.get("/").status_code == 200


# --- malformed requests ------------------------------------------------------------


def test_well_formed_body_passes(app):
    check_callback_body(overview_body(app), app.callback_map)


@pytest.mark.parametrize(
    "change",
    [
        lambda b: [b],
        lambda b: {**b, "output": "nope.figure"},
        lambda b: {**b, "output": 3},
        lambda b: {k: v for k, v in b.items() if k != "inputs"},
        lambda b: {**b, "inputs": b["inputs"][:1]},
        lambda b: {**b, "inputs": [1, 2]},
        lambda b: {**b, "inputs": [{"id": "x", "property": "value"}] * 2},
        lambda b: {**b, "inputs": [{"id": {"type": "x"}, "property": "value"}] * 2},
        lambda b: {**b, "outputs": b["outputs"][:-1]},
        lambda b: {**b, "outputs": "x"},
        lambda b: {**b, "state": [{"id": "x", "property": "value"}]},
        lambda b: {**b, "changedPropIds": [{}]},
    ],
)
def test_malformed_bodies_are_rejected(app, change):
    with pytest.raises(MalformedCallbackRequest):
        check_callback_body(change(overview_body(app)), app.callback_map)


def test_malformed_callback_request_is_a_french_400(client):
    for kwargs in (
        {"json": {"output": "inconnu.children"}},
        {"data": "pas du JSON", "content_type": "text/plain"},
        {"data": "[" * 200_000, "content_type": "application/json"},
    ):
        response = client.post(CALLBACK_ROUTE, **kwargs)
        assert response.status_code == 400
        assert response.get_json() == {"erreur": "Requête invalide : rechargez la page."}


def test_oversized_request_is_refused(client):
    response = client.post(CALLBACK_ROUTE, data=b"x" * (MAX_REQUEST_BYTES + 1), content_type="application/json")
    assert response.status_code == 413


@pytest.mark.parametrize(
    "path",
    [
        "/_dash-component-suites/<script>alert(1)</script>/x.js",
        "/_dash-component-suites/dash/absent.js",
        "/assets/../app.py",
    ],
)
def test_unknown_resources_are_404_without_echo(client, path):
    response = client.get(path)
    assert response.status_code == 404
    body = response.get_data(as_text=True)
    assert body == "Page introuvable.\n"


def test_unexpected_error_is_logged_not_shown(small_dataset, caplog):
    app = create_app(small_dataset)

    @app.server.route("/_boom")
    def _boom():
        raise RuntimeError(f"secret detail in {ROOT}")

    response = app.server.test_client().get("/_boom")
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "Erreur interne" in body and "secret" not in body and str(ROOT) not in body
    assert "secret detail" in caplog.text  # the operator still gets the traceback


def test_a_bad_max_file_size_stops_the_start_up_with_exit_code_2():
    result = subprocess.run(
        [sys.executable, "-c", "import app"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"FABRIQUES_MAX_FILE_MB": "-5", "PATH": "/usr/bin:/bin"},
        timeout=60,
    )
    assert result.returncode == 2
    assert "ne peut pas démarrer" in result.stderr and "FABRIQUES_MAX_FILE_MB" in result.stderr
    assert "fichier de données" not in result.stderr  # the setting is blamed, not the data file


# --- login throttle ---------------------------------------------------------------------


def test_repeated_failed_logins_are_throttled_per_address(protected_app):
    client = protected_app.server.test_client()
    codes = [
        client.get(
            "/_data-status", headers=basic("alice", f"essai {n}"), environ_base={"REMOTE_ADDR": "10.1.1.1"}
        ).status_code
        for n in range(30)
    ]
    assert codes[:10] == [401] * 10 and set(codes[10:]) == {429}
    throttled = client.get(
        "/_data-status", headers=basic("alice", USERS["alice"]), environ_base={"REMOTE_ADDR": "10.1.1.1"}
    )
    assert throttled.status_code == 429 and throttled.headers["Retry-After"]  # no password checked meanwhile
    assert "Trop de tentatives" in throttled.get_data(as_text=True)
    assert "Content-Security-Policy" in throttled.headers
    other = client.get(
        "/_data-status", headers=basic("alice", USERS["alice"]), environ_base={"REMOTE_ADDR": "10.2.2.2"}
    )
    assert other.status_code == 200  # another address is not affected


def test_successful_logins_are_not_counted(protected_app):
    client = protected_app.server.test_client()
    for _ in range(40):
        assert client.get("/_data-status", headers=basic("bob", USERS["bob"])).status_code == 200


def test_behind_a_proxy_the_client_address_comes_from_x_forwarded_for(small_dataset):
    app = create_app(small_dataset, Settings(secret_key=SECRET, auth_users=USERS, behind_proxy=True))
    client = app.server.test_client()
    for n in range(10):
        client.get("/", headers={**basic("alice", f"x{n}"), "X-Forwarded-For": "203.0.113.7"})
    assert client.get("/", headers={**basic("alice", "x"), "X-Forwarded-For": "203.0.113.7"}).status_code == 429
    ok = client.get("/", headers={**basic("alice", USERS["alice"]), "X-Forwarded-For": "203.0.113.8"})
    assert ok.status_code == 200
