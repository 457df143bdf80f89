"""The page: header, filters, KPI cards, the three charts, sources."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import ids
from dashboard.loader import Dataset
from dashboard.presenters import DataBanner, KpiCard

GRAPH_CONFIG = {
    "locale": "fr",
    "displaylogo": False,
    "showSendToCloud": False,  # plotly.js 4 would otherwise offer to upload the data to cloud.plotly.com
    "responsive": True,
    # The geo subplot's base map comes from our own assets, never from cdn.plot.ly.
    "topojsonURL": "/assets/1-vendor/topojson/",
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "zoom2d", "pan2d", "zoomIn2d", "zoomOut2d",
                               "autoScale2d", "resetScale2d"],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}

DROPDOWN_LABELS = {
    "select_all": "Tout sélectionner", "deselect_all": "Tout désélectionner",
    "selected_count": "{num_selected} sélectionnée(s)", "search": "Rechercher",
    "clear_search": "Effacer la recherche", "clear_selection": "Effacer la sélection",
    "no_options_found": "Aucun résultat",
}

SOURCE_MENTION = "ANCT, liste des Fabriques de territoire, mise à jour du 26/01/2024"


def wave_options(dataset: Dataset) -> list[dict]:
    counts = dataset.cube.groupby("wave")["laureats"].sum()
    return [{"label": f"{row.wave_label} ({int(counts.get(row.wave, 0))})", "value": row.wave}
            for row in dataset.reference.waves.itertuples()]


def region_options(dataset: Dataset) -> list[dict]:
    counts = dataset.cube.groupby("region_code")["laureats"].sum()
    regions = dataset.reference.regions.sort_values("region", key=lambda s: s.str.normalize("NFKD"))
    return [{"label": f"{row.region} ({int(counts.get(row.region_code, 0))})", "value": row.region_code}
            for row in regions.itertuples()]


def kpi_card(card: KpiCard) -> dbc.Col:
    percent = round(min(card.ratio or 0.0, 1.0) * 100)
    body = [
        html.P(card.label, className="kpi-label mb-1"),
        html.P([html.Span(card.value, id=ids.kpi_value(card.key), className="kpi-value"),
                html.Span(f" {card.reference}", className="kpi-reference")], className="mb-2"),
        # A plain Bootstrap progress bar: dbc.Progress takes no ARIA attributes.
        html.Div(html.Div(className="progress-bar", style={"width": f"{percent}%"}),
                 className="progress kpi-progress", role="progressbar",
                 **{"aria-valuenow": str(percent), "aria-valuemin": "0", "aria-valuemax": "100",
                    "aria-label": f"{card.label} : {percent} % de la référence"}),
    ]
    if card.note:
        body.append(html.P(card.note, className="kpi-note mt-2 mb-0"))
    return dbc.Col(dbc.Card(dbc.CardBody(body), className="h-100 kpi-card", id=f"kpi-{card.key}"),
                   xs=12, sm=6, lg=4, xl=2, className="mb-3")


def chart_card(title: str, description: str, graph_id: str, note_id: str | None = None,
               height: int = 360) -> dbc.Card:
    return dbc.Card(dbc.CardBody([
        html.H2(title, className="h5 card-title"),
        html.P(description, className="chart-description"),
        html.P(id=note_id, className="chart-note") if note_id else None,
        dcc.Loading(dcc.Graph(id=graph_id, config=GRAPH_CONFIG, style={"height": f"{height}px"}),
                    type="dot", delay_show=300),
    ]), className="h-100 chart-card")


def filters(dataset: Dataset) -> dbc.Card:
    return dbc.Card(dbc.CardBody(dbc.Row([
        dbc.Col([
            html.Label("Vagues de labellisation", htmlFor=ids.WAVE_FILTER, className="form-label"),
            dcc.Dropdown(id=ids.WAVE_FILTER, options=wave_options(dataset), value=[], multi=True,
                         placeholder="Toutes les vagues", labels=DROPDOWN_LABELS),
        ], md=5),
        dbc.Col([
            html.Label("Régions", htmlFor=ids.REGION_FILTER, className="form-label"),
            dcc.Dropdown(id=ids.REGION_FILTER, options=region_options(dataset), value=[], multi=True,
                         placeholder="Toutes les régions", labels=DROPDOWN_LABELS),
        ], md=5),
        dbc.Col(dbc.Button("Réinitialiser", id=ids.RESET_BUTTON, color="secondary", outline=True,
                           className="w-100"), md=2, className="d-flex align-items-end mt-2 mt-md-0"),
    ], className="g-3")), className="mb-3 filters-card")


def data_banner_children(banner: DataBanner | None) -> list:
    """The banner's content. Texts from the file (values, names) go in as strings,
    which React renders as text: never as HTML."""
    if banner is None:
        return []
    children: list = [html.P(banner.title, className="mb-1 fw-semibold")]
    if banner.lines:
        children.append(html.Ul([html.Li(line) for line in banner.lines], className="mb-0 data-problems"))
    return children


def data_status(dataset: Dataset, banner: DataBanner | None, poll_seconds: float | None) -> html.Div:
    """The data banner, the version this page was built with, and the timer that asks
    the server for news (absent when the file is not watched)."""
    return html.Div([
        dbc.Alert(data_banner_children(banner), id=ids.DATA_ALERT, color=banner.color if banner else "info",
                  is_open=banner is not None, className="data-status-alert"),
        dcc.Store(id=ids.DATA_VERSION, data=dataset.version),
        dcc.Interval(id=ids.STATUS_INTERVAL, interval=int((poll_seconds or 0) * 1000) or 60_000,
                     disabled=not poll_seconds),
    ], **{"aria-live": "polite"})


def footer(dataset: Dataset) -> html.Footer:
    return html.Footer(dbc.Container([
        html.P([
            "Source : ", html.Strong(SOURCE_MENTION), " (Licence Ouverte 2.0), enrichie de communiqués ",
            "officiels et d'articles de presse cités ligne à ligne. Le type, le territoire et le montant ne sont ",
            "publiés pour chaque fabrique par aucun fichier public : ils sont soit sourcés, soit dérivés par une ",
            "règle indiquée, soit « non précisé ». Les montants suivent le barème publié (150 000 € sur 3 ans, ",
            "+100 000 € pour une fabrique numérique, 50 000 € pour la vague 2023) sauf montant publié.",
        ], className="mb-1"),
        html.P(f"Jeu de données : {dataset.source.rsplit('/', 1)[-1]} · {len(dataset.sites)} lignes · "
               f"chargé le {dataset.loaded_at:%d/%m/%Y à %H:%M} UTC"
               + (f" · version {dataset.short_version}" if dataset.version else ""),
               className="mb-0 text-secondary", id=ids.DATA_FOOTER),
    ], fluid=True), className="site-footer py-3 mt-4")


def build_layout(dataset: Dataset, banner: DataBanner | None = None, poll_seconds: float | None = None) -> html.Div:
    return html.Div([
        html.Header(dbc.Container([
            html.H1("Fabriques de territoire", className="h3 mb-0"),
            html.P("Tableau de bord du programme « Nouveaux lieux, nouveaux liens » — ANCT", className="mb-0"),
        ], fluid=True), className="site-header py-3 mb-3"),
        html.Main(dbc.Container([
            data_status(dataset, banner, poll_seconds),
            filters(dataset),
            html.P(id=ids.SELECTION_SUMMARY, className="selection-summary", **{"aria-live": "polite"}),
            dbc.Alert("Aucune fabrique ne correspond à cette sélection. Modifiez les filtres ou cliquez sur "
                      "« Réinitialiser ».", id=ids.EMPTY_ALERT, color="info", is_open=False),
            dbc.Row(id=ids.KPI_ROW, className="kpi-row"),
            dbc.Row([
                dbc.Col(chart_card("Financement engagé par vague",
                                   "Montant engagé par vague et par type de fabrique, cumul et enveloppe du "
                                   "programme.", ids.FUNDING_GRAPH, ids.FUNDING_NOTE, height=400), lg=12,
                        className="mb-3"),
                dbc.Col(chart_card("Répartition QPV / rural",
                                   "Nombre de lauréats en quartier prioritaire (QPV), en zone rurale ou dont le "
                                   "territoire n'est pas précisé, face aux cibles du programme.",
                                   ids.TERRITORY_GRAPH, ids.TERRITORY_NOTE), lg=6, className="mb-3"),
                dbc.Col(chart_card("Fabriques numériques et ressources par vague",
                                   "Nombre de lauréats par vague selon le type de fabrique.", ids.TYPE_GRAPH),
                        lg=6, className="mb-3"),
            ]),
        ], fluid=True), id="main-content"),
        footer(dataset),
    ])
