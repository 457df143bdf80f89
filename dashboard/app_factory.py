"""Build the Dash app around a validated dataset."""

from __future__ import annotations

import sys

from dash import Dash
from flask import send_file

from dashboard.callbacks import register_callbacks
from dashboard.config import ROOT, Settings
from dashboard.layout import build_layout
from dashboard.loader import Dataset, DatasetError, load_dataset
from dashboard.maps import GEOJSON_URL
from dashboard.reference import BOUNDARIES_FILE, DATA_DIR, load_reference
from dashboard.store import DatasetHolder

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


def create_app(dataset: Dataset) -> Dash:
    app = Dash(
        __name__,
        title=TITLE,
        update_title=None,
        assets_folder=str(ROOT / "assets"),
        serve_locally=True,
        compress=True,
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
    )
    app.index_string = INDEX_STRING
    holder = DatasetHolder(dataset)
    app.layout = lambda: build_layout(holder.current())
    register_callbacks(app, holder.current)

    @app.server.route(GEOJSON_URL)
    def departement_boundaries():
        # Fetched once by the browser for every map, instead of riding in each figure.
        return send_file(DATA_DIR / BOUNDARIES_FILE, mimetype="application/geo+json", max_age=86400)

    return app


def create_app_from_settings(settings: Settings | None = None) -> Dash:
    """Load the configured dataset and build the app; raises DatasetError."""
    settings = settings or Settings.from_environment()
    return create_app(load_dataset(settings.data_file, load_reference()))


def create_app_or_exit() -> Dash:
    """For start-up: a bad dataset stops the process with its message, not a traceback."""
    try:
        return create_app_from_settings()
    except DatasetError as error:
        print(f"Fabriques Monitor ne peut pas démarrer.\n{error}", file=sys.stderr, flush=True)
        raise SystemExit(2) from None
