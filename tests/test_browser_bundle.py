"""The vendored plotly.js bundle draws every trace type it is built with (headless Chromium)."""

import pytest
from dash import Dash, dcc

from dashboard.presentation.components import GRAPH_CONFIG
from dashboard.web.config import ROOT

pytestmark = pytest.mark.browser

SQUARE = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "id": "67",
            "properties": {},
            "geometry": {
                "type": "Polygon",
                "coordinates": [[[7.0, 48.0], [7.0, 49.0], [8.0, 49.0], [8.0, 48.0], [7.0, 48.0]]],
            },
        }
    ],
}

FIGURES = {
    # Everything the dashboard's charts use: stacked and horizontal bars with hatching,
    # a line, a dashed reference shape, an annotation, a legend.
    "bars-lines": {
        "data": [
            {
                "type": "bar",
                "x": ["a", "b"],
                "y": [1, 2],
                "marker": {"color": "#000091", "pattern": {"shape": "/", "bgcolor": "#000091"}},
            },
            {"type": "bar", "orientation": "h", "y": ["c"], "x": [3], "xaxis": "x2", "yaxis": "y2"},
            {"type": "scatter", "x": ["a", "b"], "y": [2, 1]},
        ],
        "layout": {
            "xaxis": {"domain": [0, 0.6]},
            "xaxis2": {"domain": [0.7, 1]},
            "yaxis2": {"anchor": "x2"},
            "shapes": [
                {"type": "line", "xref": "paper", "x0": 0, "x1": 1, "y0": 1.5, "y1": 1.5, "line": {"dash": "dash"}}
            ],
            "annotations": [{"text": "Enveloppe", "x": 0, "y": 1.5, "xref": "paper"}],
        },
    },
    "map": {
        "data": [
            {"type": "choropleth", "geojson": SQUARE, "locations": ["67"], "z": [3]},
            {"type": "scattergeo", "lon": [7.75], "lat": [48.58], "mode": "markers"},
        ],
        "layout": {"geo": {"fitbounds": "locations", "visible": False}},
    },
}


def test_the_bundle_draws_bars_lines_and_maps(dash_duo):
    app = Dash(__name__, assets_folder=str(ROOT / "assets"), serve_locally=True)
    app.layout = [dcc.Graph(id=name, figure=figure, config=GRAPH_CONFIG) for name, figure in FIGURES.items()]
    dash_duo.start_server(app)
    for selector in (
        "#bars-lines .barlayer .point",
        "#bars-lines .scatterlayer .trace",
        "#bars-lines .shapelayer path",
        "#bars-lines .annotation",
        "#bars-lines .legend",
        "#map .choroplethlayer path",
        "#map .scattergeo .point",
    ):
        dash_duo.wait_for_element(selector, timeout=15)
    assert dash_duo.driver.execute_script("return typeof Plotly.register") == "function"
    assert dash_duo.get_logs() == []
