"""Presentational pieces shared by the blocks: the chart card, download buttons, KPI cards.

Each piece is built once, when the page is built; callbacks then update their props
(a figure, a text, a Markdown string) rather than replacing them, which is what keeps a
filter click cheap in the browser.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.presentation import ids

# Any: dcc.Graph's hint is a TypedDict that omits the locale options plotly.js takes.
GRAPH_CONFIG: Any = {
    "locale": "fr",
    "displaylogo": False,
    "showSendToCloud": False,  # plotly.js 4 would otherwise offer to upload the data to cloud.plotly.com
    "responsive": True,
    # The geo subplot's base map comes from our own assets, never from cdn.plot.ly.
    "topojsonURL": "/assets/1-vendor/topojson/",
    "modeBarButtonsToRemove": [
        "select2d",
        "lasso2d",
        "zoom2d",
        "pan2d",
        "zoomIn2d",
        "zoomOut2d",
        "autoScale2d",
        "resetScale2d",
        "zoomInGeo",
        "zoomOutGeo",
        "resetGeo",
        "hoverClosestGeo",
    ],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}
FORMATS = ("csv", "xlsx")


def download_control(key: str, title: str) -> html.Div:
    """CSV and XLSX buttons for the data behind one block; each says what it downloads."""

    def button(file_format: str) -> html.Button:
        return html.Button(
            file_format.upper(),
            id=ids.download_button(key, file_format),
            className="btn btn-sm btn-outline-primary ms-1",
            type="button",
            **aria(label=f"Télécharger les données « {title} » en {file_format.upper()}"),
        )

    return html.Div(
        [html.Span("Télécharger les données :", className="small"), *(button(f) for f in FORMATS)],
        className="download-control d-flex align-items-center flex-wrap mb-2",
        role="group",
        **aria(label=f"Télécharger les données « {title} »"),
    )


def data_details(key: str, title: str, label: str = "Afficher les données du graphique (tableau)") -> html.Details:
    """The data behind a chart as a table, folded (RGAA: an alternative to the picture).

    The table's Markdown waits in a store and is drawn only while the details are open
    (a clientside callback, see ``web/callbacks.py``): folded tables cost nothing per click.
    A table wider than its card scrolls sideways in a box the keyboard can reach."""
    return html.Details(
        [
            html.Summary(label),
            html.Div(
                dcc.Markdown(id=ids.data_table(key), className="data-table"),
                className="table-responsive mt-2",
                tabIndex="0",
                role="region",
                **aria(label=f"Données du graphique « {title} »"),
            ),
            dcc.Store(id=ids.table_data(key)),
        ],
        id=ids.details(key),
        open=False,
        className="chart-data mt-2",
    )


def chart_card(key: str, title: str, description: str, height: int, controls=None) -> dbc.Card:
    """A chart with what makes it usable without seeing it: a title, a one-sentence
    summary and the data as a table, all updated by the block's callback."""
    return dbc.Card(
        dbc.CardBody(
            [
                html.H2(title, className="h5 card-title"),
                html.P(description, className="chart-description"),
                download_control(key, title),
                controls,
                html.P(id=ids.note(key), className="chart-note"),
                html.P(id=ids.summary(key), className="chart-summary"),
                dcc.Graph(id=ids.graph(key), config=GRAPH_CONFIG, style={"height": f"{height}px"}),
                data_details(key, title),
            ]
        ),
        className="h-100 chart-card",
        id=f"{key}-card",
    )


@dataclass(frozen=True)
class KpiCard:
    key: str
    label: str
    value: str
    reference: str  # what the value is measured against
    ratio: float | None  # value / reference, for the progress bar; None: no bar
    note: str = ""


def kpi_card(card: KpiCard) -> dbc.Col:
    body: list = [
        html.P(card.label, className="kpi-label mb-1"),
        html.P(
            [
                html.Span(card.value, id=ids.kpi_value(card.key), className="kpi-value"),
                html.Span(f" {card.reference}", className="kpi-reference"),
            ],
            className="mb-2",
        ),
    ]
    if card.ratio is not None:
        percent = round(min(card.ratio, 1.0) * 100)
        # A plain Bootstrap progress bar: dbc.Progress takes no ARIA attributes.
        body.append(
            html.Div(
                html.Div(className="progress-bar", style={"width": f"{percent}%"}),
                className="progress kpi-progress",
                role="progressbar",
                **aria(
                    valuenow=str(percent),
                    valuemin="0",
                    valuemax="100",
                    label=f"{card.label} : {percent} % de la référence",
                ),
            )
        )
    if card.note:
        body.append(html.P(card.note, className="kpi-note mt-2 mb-0"))
    return dbc.Col(
        dbc.Card(dbc.CardBody(body), className="h-100 kpi-card", id=f"kpi-{card.key}"),
        xs=12,
        sm=6,
        lg=4,
        xxl=2,
        className="mb-3",
    )


def aria(**attributes: str) -> dict[str, Any]:
    """ARIA attributes for a Dash component, written as Python names:
    ``**aria(label="Fil d'Ariane", live="polite")`` gives ``aria-label``, ``aria-live``."""
    return {f"aria-{name.replace('_', '-')}": value for name, value in attributes.items()}
