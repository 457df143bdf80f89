"""Build the Dash app around a validated dataset."""

from __future__ import annotations

import sys
from functools import partial

import flask
from dash import Dash
from flask import send_file

from dashboard.blocks import BLOCKS
from dashboard.blocks.map_figure import GEOJSON_URL, OVERVIEW_GEOJSON_URL, REGIONS_GEOJSON_URL
from dashboard.data.isolated_load import load_in_child, load_one_at_a_time
from dashboard.data.loader import Dataset, DatasetError
from dashboard.data.reference import (
    BOUNDARIES_FILE,
    DATA_DIR,
    OVERVIEW_BOUNDARIES_FILE,
    REGIONS_BOUNDARIES_FILE,
    load_reference,
)
from dashboard.data.store import DatasetHolder
from dashboard.presentation.layout import build_layout, with_props
from dashboard.presentation.presenters import data_banner
from dashboard.web.callbacks import register_callbacks, register_status_callback
from dashboard.web.config import ROOT, Settings, SettingsError
from dashboard.web.guard import add_request_guard
from dashboard.web.rendering import BlockRenderer
from dashboard.web.security import add_login, add_security_headers
from dashboard.web.static_files import PrecompressedStaticFiles

TITLE = "Fabriques de territoire — tableau de bord ANCT"

# Dash's default page, with the language set for screen readers and hyphenation, a
# skip link, and the scripts in a <div> (Dash's <footer> would be a second
# "contentinfo" landmark beside the site's footer).
INDEX_STRING = """<!DOCTYPE html>
<html lang="fr">
    <head>
        {%metas%}
        <title>{%title%}</title>
        {%favicon%}
        {%css%}
    </head>
    <body>
        <a class="skip-link" href="#main-content">Aller au contenu</a>
        {%app_entry%}
        <div class="dash-scripts">
            {%config%}
            {%scripts%}
            {%renderer%}
        </div>
    </body>
</html>"""


# Open pages ask for news of the data this many times less often than each worker
# looks at the file: the banner lags the file by at most a few checks.
STATUS_POLL_FACTOR = 3
STATUS_ROUTE = "/_data-status"
HOLDER_EXTENSION = "fabriques_dataset_holder"


class LeanDash(Dash):
    """Dash, without two scripts every Dash page loads and this one never uses: Babel's
    polyfill for browsers older than React 18 supports (29 KB on the wire; it also
    replaces ``String.prototype.trim`` with a slower one), and dash_table's bundle (no
    DataTable here). ``interpolate_index`` is Dash's documented hook to shape the page."""

    UNUSED_SCRIPTS = ("/deps/polyfill@", "/dash_table/bundle.")

    def interpolate_index(self, **kwargs):  # type: ignore[override]  # Dash passes every part by name
        kwargs["scripts"] = "\n".join(
            line for line in kwargs.get("scripts", "").split("\n") if not any(s in line for s in self.UNUSED_SCRIPTS)
        )
        return super().interpolate_index(**kwargs)


def create_app(dataset: Dataset, settings: Settings | None = None) -> Dash:
    """The app serving ``dataset``; with the default settings the file it was read from
    is watched for changes (datasets built in memory are not)."""
    settings = settings or Settings()
    app = _dash_app(settings)
    # New versions of the file are loaded by a thread of each worker, in a child process
    # within the time budget, like at start-up: no request ever waits for a load.
    holder = DatasetHolder(
        dataset, check_every=settings.reload_check_seconds, loader=partial(load_one_at_a_time, limits=settings.limits)
    )
    app.server.extensions[HOLDER_EXTENSION] = holder
    poll_seconds = max(settings.reload_check_seconds, 1.0) * STATUS_POLL_FACTOR if holder.watching else None

    renderer = BlockRenderer(BLOCKS)

    def layout():
        state = holder.state()
        page = build_layout(state.dataset, BLOCKS, data_banner(state.dataset, state.failure, None), poll_seconds)
        return with_props(page, renderer.initial_props(state.dataset))

    app.layout = layout
    register_callbacks(app, holder.current, renderer)
    add_geojson_routes(app)
    register_status_callback(app, holder.state)
    add_status_route(app, holder)

    # Flask runs before_request hooks in this order: login first, so that nothing,
    # not even a reload check or a 400 for a malformed body, happens for a stranger.
    add_login(app, settings)
    add_request_guard(app)
    # Starts the worker's watching thread on its first request (gunicorn.conf.py starts
    # it as soon as the worker boots); afterwards a pid comparison.
    app.server.before_request(holder.ensure_watching)
    # Last: the CSP lists the hashes of every inline script, clientside callbacks included.
    add_security_headers(app, settings)
    return app


def _dash_app(settings: Settings) -> Dash:
    """The Dash app itself: page template, assets, precompressed static files, secret key."""
    app = LeanDash(
        __name__,
        title=TITLE,
        update_title=None,  # type: ignore[arg-type]  # Dash accepts None (no "Updating..." title); its hint says str
        assets_folder=str(ROOT / "assets"),
        serve_locally=True,
        compress=True,
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
        # With a layout function, Dash would otherwise build the page once at start-up and
        # ship it inside every page's HTML for the browser to check callbacks against (88 KB,
        # with the start-up's data); the tests check the callbacks instead.
        suppress_callback_exceptions=True,
    )
    app.index_string = INDEX_STRING
    app.server.extensions["precompressed_static_files"] = PrecompressedStaticFiles.install(
        app, extra_paths=(GEOJSON_URL, OVERVIEW_GEOJSON_URL, REGIONS_GEOJSON_URL)
    )
    app.server.secret_key = settings.flask_secret_key
    return app


def add_geojson_routes(app: Dash) -> None:
    """The boundaries are fetched once by the browser for every map, instead of riding in
    each figure; served from data/, compressed once like the static files."""
    for url, file_name in (
        (GEOJSON_URL, BOUNDARIES_FILE),
        (OVERVIEW_GEOJSON_URL, OVERVIEW_BOUNDARIES_FILE),
        (REGIONS_GEOJSON_URL, REGIONS_BOUNDARIES_FILE),
    ):
        app.server.add_url_rule(url, endpoint=file_name, view_func=_geojson_view(file_name))


def _geojson_view(file_name: str):
    # A named function, not a functools.partial: extensions (flask-limiter) read __name__.
    def serve_geojson():
        return send_file(DATA_DIR / file_name, mimetype="application/geo+json")

    return serve_geojson


def add_status_route(app: Dash, holder: DatasetHolder) -> None:
    """``GET /_data-status``: which data this worker serves, for operators and the load
    test (behind the login like every route). Names the file, never its folder."""

    def data_status():
        state = holder.state()
        dataset = state.dataset
        failure = state.failure
        return flask.jsonify(
            {
                "fichier": dataset.source.rsplit("/", 1)[-1],
                "version": dataset.version,
                "lignes": len(dataset.sites),
                "charge_le": dataset.loaded_at.isoformat(timespec="seconds"),
                "en_attente": state.pending,
                "rechargement_refuse": None
                if failure is None
                else {
                    "fichier": failure.error.file_name,
                    "le": failure.at.isoformat(timespec="seconds"),
                    "problemes": [str(problem) for problem in failure.error.problems],
                },
            }
        )

    app.server.add_url_rule(STATUS_ROUTE, "data_status", data_status, methods=["GET"])


def create_app_from_settings(settings: Settings | None = None) -> Dash:
    """Load the configured dataset and build the app; raises DatasetError."""
    settings = settings or Settings.from_environment()
    return create_app(load_in_child(settings.data_file, load_reference(), settings.limits), settings)


def create_app_or_exit() -> Dash:
    """For start-up: a bad dataset or setting stops the process with its message, not a traceback."""
    try:
        settings = Settings.from_environment()
        app = create_app_from_settings(settings)
    except (DatasetError, SettingsError) as error:
        print(f"Fabriques Monitor ne peut pas démarrer.\n{error}", file=sys.stderr, flush=True)
        raise SystemExit(2) from None
    if settings.debug:
        # Dash's debug mode sets the app up further when it starts (error handlers, hot
        # reload), which Flask refuses once a request has been served: no warming.
        return app
    # Compress the static files before the first visitor asks for them (with gunicorn
    # --preload, once in the master for every worker).
    with app.server.extensions[HOLDER_EXTENSION].not_watching():  # the master serves no one
        app.server.extensions["precompressed_static_files"].warm(app, ROOT / "assets")
    return app
