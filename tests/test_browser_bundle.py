"""The vendored plotly.js bundle draws every trace type it is built with (headless Chromium)."""

import pytest
from dash import Dash, dcc

from dashboard.config import ROOT
from dashboard.layout import GRAPH_CONFIG

pytestmark = pytest.mark.browser

SQUARE = {"type": "FeatureCollection", "features": [{
    "type": "Feature", "id": "67", "properties": {},
    "geometry": {"type": "Polygon", "coordinates": [[[7.0, 48.0], [7.0, 49.0], [8.0, 49.0], [8.0, 48.0], [7.0, 48.0]]]},
}]}

FIGURES = {
    "bar-pie-scatter": {"data": [{"type": "bar", "x": ["a", "b"], "y": [1, 2]},
                                 {"type": "scatter", "x": ["a", "b"], "y": [2, 1]},
                                 {"type": "pie", "labels": ["x", "y"], "values": [1, 3], "domain": {"x": [0.7, 1]}}],
                        "layout": {"xaxis": {"domain": [0, 0.6]}}},
    "map": {"data": [{"type": "choropleth", "geojson": SQUARE, "locations": ["67"], "z": [3]},
                     {"type": "scattergeo", "lon": [7.75], "lat": [48.58], "mode": "markers"}],
            "layout": {"geo": {"fitbounds": "locations", "visible": False}}},
}


def test_the_bundle_draws_bars_pies_lines_and_maps(dash_duo):
    app = Dash(__name__, assets_folder=str(ROOT / "assets"), serve_locally=True)
    app.layout = [dcc.Graph(id=name, figure=figure, config=GRAPH_CONFIG) for name, figure in FIGURES.items()]
    dash_duo.start_server(app)
    for selector in ("#bar-pie-scatter .barlayer .point", "#bar-pie-scatter .scatterlayer .trace",
                     "#bar-pie-scatter .pielayer .slice", "#map .choroplethlayer path", "#map .scattergeo .point"):
        dash_duo.wait_for_element(selector, timeout=15)
    assert dash_duo.driver.execute_script("return typeof Plotly.register") == "function"
    assert dash_duo.get_logs() == []
