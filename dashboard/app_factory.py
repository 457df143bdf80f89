"""Build the Dash app around a validated dataset."""

from __future__ import annotations

import sys

from dash import Dash

from dashboard.callbacks import register_callbacks
from dashboard.config import ROOT, Settings
from dashboard.isolated_load import load_dataset_isolated
from dashboard.layout import build_layout
from dashboard.loader import Dataset, DatasetError
from dashboard.reference import load_reference
from dashboard.static_files import PrecompressedStaticFiles
from dashboard.store import DatasetHolder

TITLE = "Fabriques de territoire — tableau de bord ANCT"

# Dash's default page, with the language set for screen readers and hyphenation.
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
        <footer>
            {%config%}
            {%scripts%}
            {%renderer%}
        </footer>
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
    app.server.extensions["precompressed_static_files"] = PrecompressedStaticFiles.install(app)
    holder = DatasetHolder(dataset)
    app.layout = lambda: build_layout(holder.current())
    register_callbacks(app, holder.current)
    return app


def create_app_from_settings(settings: Settings | None = None) -> Dash:
    """Load the configured dataset and build the app; raises DatasetError."""
    settings = settings or Settings.from_environment()
    return create_app(load_dataset_isolated(settings.data_file, load_reference()))


def create_app_or_exit() -> Dash:
    """For start-up: a bad dataset stops the process with its message, not a traceback."""
    try:
        app = create_app_from_settings()
    except DatasetError as error:
        print(f"Fabriques Monitor ne peut pas démarrer.\n{error}", file=sys.stderr, flush=True)
        raise SystemExit(2) from None
    # Compress the static files before the first visitor asks for them (with gunicorn
    # --preload, once in the master for every worker).
    app.server.extensions["precompressed_static_files"].warm(app, ROOT / "assets")
    return app
