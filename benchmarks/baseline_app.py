"""The same page served "the default way", for comparison only (never used by the product).

Same layout, callbacks, assets and boundary files as ``app.py``, except that Dash serves
plotly.js from the plotly wheel (the vendored partial bundle is ignored), every script Dash
adds by default is kept (``Dash``, not ``LeanDash``) and nothing is compressed. Run as
``gunicorn benchmarks.baseline_app:server``; ``FABRIQUES_DATA`` picks the dataset as for
the product.
"""

from __future__ import annotations

from dash import Dash

from dashboard.blocks import BLOCKS
from dashboard.data.loader import load_dataset
from dashboard.data.reference import load_reference
from dashboard.presentation.layout import build_layout, with_props
from dashboard.web.app_factory import INDEX_STRING, TITLE, add_geojson_routes
from dashboard.web.callbacks import register_callbacks
from dashboard.web.config import ROOT, Settings
from dashboard.web.rendering import BlockRenderer

VENDORED_PLOTLY = r"01-plotly-custom\.min\.js$"


def create_baseline_app() -> Dash:
    dataset = load_dataset(Settings.from_environment().data_file, load_reference())
    app = Dash(
        __name__,
        title=TITLE,
        update_title=None,
        assets_folder=str(ROOT / "assets"),
        assets_ignore=VENDORED_PLOTLY,  # Dash then serves plotly.min.js (4.8 MB) from the wheel
        serve_locally=True,
        compress=False,
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
    )
    app.index_string = INDEX_STRING
    renderer = BlockRenderer(BLOCKS)
    app.layout = lambda: with_props(build_layout(dataset, BLOCKS), renderer.initial_props(dataset))
    register_callbacks(app, lambda: dataset, renderer)
    add_geojson_routes(app)
    return app


app = create_baseline_app()
server = app.server

# Dash registers the script paths it may serve when it first builds the page: build it here,
# in the gunicorn master, so that no worker answers 404 for a script (as the product's warm-up
# does).
with server.test_client() as client:
    client.get("/")
