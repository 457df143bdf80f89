"""The page and its presentational pieces (KPI cards, breadcrumb, sites table, site card).

Everything that comes from the data is passed to Dash components as text, never as
HTML, and links are only made of http(s) URLs.
"""

from __future__ import annotations

from urllib.parse import urlparse

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard.analysis.navigation import FRANCE
from dashboard.data.loader import Dataset
from dashboard.presentation import ids
from dashboard.presentation.formatting import format_eur, format_number
from dashboard.presentation.maps import MEASURES
from dashboard.presentation.presenters import ANCT_LIST_URL_PART, DataBanner, KpiCard, first_press_url

GRAPH_CONFIG = {
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

SOURCE_MENTION = "ANCT, liste des Fabriques de territoire, mise à jour du 26/01/2024"
SITES_PAGE_SIZE = 20
# (column, header, sort key or None)
SITE_COLUMNS = (
    ("name", "Nom", "name"),
    ("commune", "Commune", "commune"),
    ("wave_label", "Vague", "wave_order"),
    ("type", "Type", "type"),
    ("territory", "Territoire", "territory"),
    ("qpv_name", "QPV", "qpv_name"),
    ("amount_eur", "Montant engagé", "amount_eur"),
    ("provenance", "Provenance", None),
    ("source", "Source", None),
)
DEFAULT_SORT = {"column": None, "ascending": True}


# --- options of the filters ---------------------------------------------------------


def wave_options(dataset: Dataset) -> list[dict]:
    counts = dataset.cube.groupby("wave", observed=True)["laureats"].sum()
    return [
        {"label": f"{row.wave_label} ({int(counts.get(row.wave, 0))})", "value": row.wave}
        for row in dataset.reference.waves.itertuples()
    ]


def _by_name(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    return frame.sort_values(column, key=lambda s: s.str.normalize("NFKD").str.lower())


def region_options(dataset: Dataset) -> list[dict]:
    counts = dataset.cube.groupby("region_code", observed=True)["laureats"].sum()
    return [
        {"label": f"{row.region} ({int(counts.get(row.region_code, 0))})", "value": row.region_code}
        for row in _by_name(dataset.reference.regions, "region").itertuples()
    ]


def departement_options(dataset: Dataset, regions: tuple[str, ...] = ()) -> list[dict]:
    """Options of the native select; the first one ("") means no département."""
    counts = dataset.cube.groupby("departement_code", observed=True)["laureats"].sum()
    departements = dataset.reference.departements
    if regions:
        departements = departements[departements["region_code"].isin(regions)]
    return [{"label": "Tous les départements", "value": ""}] + [
        {
            "label": f"{row.departement_code} – {row.departement} ({int(counts.get(row.departement_code, 0))})",
            "value": row.departement_code,
        }
        for row in departements.itertuples()
    ]


# --- presentational pieces ----------------------------------------------------------


def kpi_card(card: KpiCard) -> dbc.Col:
    percent = round(min(card.ratio or 0.0, 1.0) * 100)
    body = [
        html.P(card.label, className="kpi-label mb-1"),
        html.P(
            [
                html.Span(card.value, id=ids.kpi_value(card.key), className="kpi-value"),
                html.Span(f" {card.reference}", className="kpi-reference"),
            ],
            className="mb-2",
        ),
        # A plain Bootstrap progress bar: dbc.Progress takes no ARIA attributes.
        html.Div(
            html.Div(className="progress-bar", style={"width": f"{percent}%"}),
            className="progress kpi-progress",
            role="progressbar",
            **{
                "aria-valuenow": str(percent),
                "aria-valuemin": "0",
                "aria-valuemax": "100",
                "aria-label": f"{card.label} : {percent} % de la référence",
            },
        ),
    ]
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


def breadcrumb(crumbs: list[tuple[str, str]]) -> html.Ol:
    """``crumbs``: (level, label) from France down to the current level."""
    items = []
    for position, (level, label) in enumerate(crumbs):
        if position == len(crumbs) - 1:
            items.append(html.Li(label, className="breadcrumb-item active", **{"aria-current": "page"}))
        else:
            items.append(
                html.Li(
                    html.Button(
                        label, id={"type": ids.CRUMB, "level": level}, className="btn btn-link p-0 align-baseline"
                    ),
                    className="breadcrumb-item",
                )
            )
    return html.Ol(items, className="breadcrumb mb-0")


def external_link(url: str) -> html.A | str:
    """A link for an http(s) URL, labelled with its host ("liste ANCT" for ANCT's own
    file); anything else stays text."""
    parsed = urlparse(url.strip())
    if parsed.scheme not in {"http", "https"} or not parsed.netloc:
        return url
    label = "liste ANCT" if ANCT_LIST_URL_PART in url else parsed.netloc.removeprefix("www.")
    return html.A(label, href=url.strip(), target="_blank", rel="noopener noreferrer")


def provenance_list(row) -> html.Ul:
    return html.Ul(
        [
            html.Li(f"{label} : {row[column]}")
            for label, column in (
                ("type", "type_status"),
                ("territoire", "territory_status"),
                ("montant", "amount_status"),
            )
        ],
        className="list-unstyled mb-0 provenance",
    )


def site_rows(rows: pd.DataFrame, selected_site: str | None) -> list[html.Tr]:
    if rows.empty:
        return [
            html.Tr(
                html.Td(
                    "Aucune fabrique labellisée pour cette sélection.",
                    colSpan=len(SITE_COLUMNS),
                    className="text-center py-4",
                )
            )
        ]
    body = []
    for row in rows.to_dict("records"):
        url = first_press_url(row["sources"])
        amount = row["amount_eur"]
        body.append(
            html.Tr(
                [
                    html.Td(
                        html.Button(
                            row["name"],
                            id={"type": ids.SITE_LINK, "site": row["id"]},
                            className="btn btn-link p-0 text-start site-link",
                        )
                    ),
                    html.Td(row["commune"]),
                    html.Td(row["wave_label"]),
                    html.Td(row["type"]),
                    html.Td(row["territory"]),
                    html.Td(row["qpv_name"] or "–"),
                    html.Td(format_eur(amount) if amount == amount else "inconnu", className="text-end text-nowrap"),
                    html.Td(provenance_list(row), className="small"),
                    html.Td(external_link(url) if url else "–", className="small"),
                ],
                className="table-active" if row["id"] == selected_site else None,
            )
        )
    return body


def source_links(source: str) -> list:
    """Each "|"-separated part of a source cell: a link if it is an http(s) URL, else text."""
    children: list = []
    for part in (p.strip() for p in str(source).split("|")):
        if part:
            children += [" · "] if children else []
            children.append(external_link(part))
    return children


def _labelled(label: str, value, status: str | None = None, source: str | None = None) -> list:
    return [
        html.Dt(label, className="col-sm-4"),
        html.Dd(
            [
                html.Span(value if value not in ("", None) else "–"),
                html.Span(f" ({status})", className="text-secondary") if status else None,
                html.Br() if source else None,
                html.Small(source_links(source), className="source-text") if source else None,
            ],
            className="col-sm-8",
        ),
    ]


def site_detail(row: dict | None) -> list:
    """The card of one site; every value shown with its provenance and sources."""
    if row is None:
        return [
            html.H2("Fiche de la fabrique", className="h5 card-title"),
            html.P(
                "Cliquez sur le nom d'une fabrique dans le tableau, ou sur son point sur la carte d'un "
                "département, pour afficher sa fiche.",
                className="text-secondary mb-0",
            ),
        ]
    amount = row["amount_eur"]
    return [
        html.H2(row["name"], className="h5 card-title"),
        html.P(
            f"{row['commune']} ({row['commune_code']}) · {row['departement']} · {row['region']}",
            className="text-secondary",
        ),
        html.Dl(
            [
                *_labelled("Porteur", row["porteur"]),
                *_labelled(
                    "Vague",
                    f"{row['wave_label']} (selon la presse : {row['wave_detail'] or 'non précisé'})",
                    row["wave_status"],
                    row["wave_source"],
                ),
                *_labelled("Type", row["type"], row["type_status"], row["type_source"]),
                *_labelled("Territoire", row["territory"], row["territory_status"], row["territory_source"]),
                *_labelled("QPV", row["qpv_name"]),
                *_labelled(
                    "Montant engagé",
                    format_eur(amount) if amount == amount else "inconnu",
                    row["amount_status"],
                    row["amount_source"],
                ),
                *_labelled("Notes", row["notes"]),
                *_labelled("Sources", "", None, row["sources"]),
            ],
            className="row site-detail-list mb-0",
        ),
    ]


def download_control(target: str, title: str) -> html.Div:
    """CSV and XLSX buttons for the data behind one block; each says what it downloads."""

    def button(file_format: str) -> html.Button:
        return html.Button(
            file_format.upper(),
            id={"type": ids.DOWNLOAD_BUTTON, "target": target, "format": file_format},
            className="btn btn-sm btn-outline-primary ms-1",
            type="button",
            **{"aria-label": f"Télécharger les données « {title} » en {file_format.upper()}"},
        )

    return html.Div(
        [html.Span("Télécharger les données :", className="small"), button("csv"), button("xlsx")],
        className="download-control d-flex align-items-center flex-wrap mb-2",
        role="group",
        **{"aria-label": f"Télécharger les données « {title} »"},
    )


def _cell(column: str, value) -> str:
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return "–"
    if isinstance(value, str):
        return value
    if "(€)" in column:
        return format_eur(value)
    if "(%)" in column:
        return f"{format_number(value, 1)}\u00a0%"
    return format_number(value)


def data_table(frame: pd.DataFrame, caption: str) -> html.Table:
    """An accessible HTML table of an export frame, numbers in French format."""
    numeric = {column for column in frame.columns if pd.api.types.is_numeric_dtype(frame[column])}
    return html.Table(
        [
            html.Caption(caption, className="visually-hidden"),
            html.Thead(
                html.Tr(
                    [
                        html.Th(column, scope="col", className="text-end" if column in numeric else None)
                        for column in frame.columns
                    ]
                )
            ),
            html.Tbody(
                [
                    html.Tr(
                        [
                            html.Td(_cell(column, value), className="text-end" if column in numeric else None)
                            for column, value in zip(frame.columns, row)
                        ]
                    )
                    for row in frame.itertuples(index=False)
                ]
            ),
        ],
        className="table table-sm data-table mb-0",
    )


def chart_card(
    title: str,
    description: str,
    graph_id: str,
    download_target: str,
    note_id: str | None = None,
    height: int = 360,
    controls=None,
) -> dbc.Card:
    """A chart with what makes it usable without seeing it: a title, a one-sentence
    summary and the data as a table, all updated by the chart's callback."""
    return dbc.Card(
        dbc.CardBody(
            [
                html.H2(title, className="h5 card-title"),
                html.P(description, className="chart-description"),
                download_control(download_target, title),
                controls,
                html.P(id=note_id, className="chart-note") if note_id else None,
                html.P(id=ids.summary(graph_id), className="chart-summary"),
                dcc.Loading(
                    dcc.Graph(id=graph_id, config=GRAPH_CONFIG, style={"height": f"{height}px"}),
                    type="dot",
                    delay_show=300,
                ),
                html.Details(
                    [
                        html.Summary("Afficher les données du graphique (tableau)"),
                        html.Div(id=ids.data_table(graph_id), className="table-responsive mt-2"),
                    ],
                    className="chart-data mt-2",
                ),
            ]
        ),
        className="h-100 chart-card",
    )


def filters(dataset: Dataset) -> html.Section:
    """Native checkboxes and select: keyboard and screen-reader friendly (Dash 4's
    dcc.Dropdown puts its keyboard focus on an aria-hidden input). On small screens the
    filters fold behind a "Filtres" button."""
    waves = html.Fieldset(
        [
            html.Legend("Vagues de labellisation", className="form-label fs-6"),
            dbc.Checklist(id=ids.WAVE_FILTER, options=wave_options(dataset), value=[], inline=True),
            html.P("Aucune case cochée : toutes les vagues.", className="form-text mb-0"),
        ]
    )
    regions = html.Fieldset(
        [
            html.Legend("Régions", className="form-label fs-6"),
            html.Div(
                dbc.Checklist(id=ids.REGION_FILTER, options=region_options(dataset), value=[]),
                className="region-list",
                tabIndex="0",
                role="group",
                **{"aria-label": "Liste des régions"},
            ),
            html.P("Aucune case cochée : France entière.", className="form-text mb-0"),
        ]
    )
    departement = html.Div(
        [
            html.Label("Département", htmlFor=ids.DEPARTEMENT_FILTER, className="form-label"),
            dbc.Select(id=ids.DEPARTEMENT_FILTER, options=departement_options(dataset), value=""),
        ]
    )
    return html.Section(
        [
            html.H2("Filtres", className="visually-hidden", id="filters-title"),
            dbc.Button(
                "Filtres",
                id=ids.FILTERS_TOGGLE,
                color="primary",
                outline=True,
                className="d-md-none mb-2 w-100",
                n_clicks=0,
            ),
            dbc.Collapse(
                dbc.Card(
                    dbc.CardBody(
                        dbc.Row(
                            [
                                dbc.Col(waves, md=12, xl=4),
                                dbc.Col(regions, md=6, xl=4),
                                dbc.Col(
                                    [
                                        departement,
                                        dbc.Button(
                                            "Réinitialiser",
                                            id=ids.RESET_BUTTON,
                                            color="secondary",
                                            outline=True,
                                            className="w-100 mt-3",
                                        ),
                                    ],
                                    md=6,
                                    xl=4,
                                ),
                            ],
                            className="g-3",
                        )
                    ),
                    className="filters-card",
                ),
                id=ids.FILTERS_COLLAPSE,
                is_open=False,
                className="filters-collapse",
            ),
        ],
        className="mb-3",
        **{"aria-labelledby": "filters-title"},
    )


def sites_card() -> dbc.Card:
    headers = []
    for column, label, sort_key in SITE_COLUMNS:
        if sort_key:
            headers.append(
                html.Th(
                    html.Button(
                        label,
                        id={"type": ids.SORT_BUTTON, "column": sort_key},
                        className="btn btn-link p-0 sort-button",
                    ),
                    id={"type": ids.SORT_HEADER, "column": sort_key},
                    scope="col",
                )
            )
        else:
            headers.append(html.Th(label, scope="col"))
    return dbc.Card(
        dbc.CardBody(
            [
                html.H2("Fabriques de la sélection", className="h5 card-title"),
                download_control("sites", "Fabriques de la sélection"),
                dbc.Row(
                    [
                        dbc.Col(
                            [
                                html.Label("Rechercher une fabrique", htmlFor=ids.SITES_SEARCH, className="form-label"),
                                dcc.Input(
                                    id=ids.SITES_SEARCH,
                                    type="search",
                                    debounce=0.3,
                                    className="form-control",
                                    placeholder="Nom, commune, QPV…",
                                    autoComplete="off",
                                ),
                            ],
                            md=6,
                        ),
                        dbc.Col(html.P(id=ids.SITES_COUNT, className="mb-0 mt-md-4", **{"aria-live": "polite"}), md=6),
                    ],
                    className="mb-2 g-2 sites-card-search",
                ),
                html.Div(
                    html.Table(
                        [html.Thead(html.Tr(headers)), html.Tbody(id=ids.SITES_BODY)],
                        className="table table-sm table-hover align-middle sites-table",
                    ),
                    className="table-responsive",
                ),
                dbc.Pagination(
                    id=ids.SITES_PAGINATION,
                    max_value=1,
                    active_page=1,
                    fully_expanded=False,
                    first_last=True,
                    previous_next=True,
                    size="sm",
                    className="mb-0",
                ),
            ]
        ),
        className="h-100",
    )


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
    return html.Div(
        [
            dbc.Alert(
                data_banner_children(banner),
                id=ids.DATA_ALERT,
                color=banner.color if banner else "info",
                is_open=banner is not None,
                className="data-status-alert",
            ),
            dcc.Store(id=ids.DATA_VERSION, data=dataset.version),
            dcc.Interval(
                id=ids.STATUS_INTERVAL, interval=int((poll_seconds or 0) * 1000) or 60_000, disabled=not poll_seconds
            ),
        ],
        **{"aria-live": "polite"},
    )


def footer(dataset: Dataset) -> html.Footer:
    return html.Footer(
        dbc.Container(
            [
                html.P(
                    [
                        "Source : ",
                        html.Strong(SOURCE_MENTION),
                        " (Licence Ouverte 2.0), enrichie de communiqués ",
                        "officiels et d'articles de presse cités ligne à ligne. Le type, le territoire et le montant ne sont ",
                        "publiés pour chaque fabrique par aucun fichier public : ils sont soit sourcés, soit dérivés par une ",
                        "règle indiquée, soit « non précisé ». Les montants suivent le barème publié (150 000 € sur 3 ans, ",
                        "+100 000 € pour une fabrique numérique, 50 000 € pour la vague 2023) sauf montant publié.",
                    ],
                    className="mb-1",
                ),
                html.P(
                    f"Jeu de données : {dataset.source.rsplit('/', 1)[-1]} · {len(dataset.sites)} lignes · "
                    f"chargé le {dataset.loaded_at:%d/%m/%Y à %H:%M} UTC"
                    + (f" · version {dataset.short_version}" if dataset.version else ""),
                    className="mb-0 text-secondary",
                    id=ids.DATA_FOOTER,
                ),
            ],
            fluid=True,
        ),
        className="site-footer py-3 mt-4",
    )


def build_layout(dataset: Dataset, banner: DataBanner | None = None, poll_seconds: float | None = None) -> html.Div:
    # A fieldset gives the radio group its accessible name (dbc.RadioItems takes no ARIA attributes).
    measure_switch = html.Fieldset(
        [
            html.Legend("Mesure affichée", className="form-label fs-6 mb-1"),
            dbc.RadioItems(
                id=ids.MAP_MEASURE,
                value="laureats",
                inline=True,
                options=[{"label": label, "value": value} for value, label in MEASURES.items()],
            ),
        ],
        className="mb-1",
    )
    return html.Div(
        [
            dcc.Location(id=ids.URL, refresh=False),
            dcc.Store(id=ids.PAGE_TITLE),
            dcc.Download(id=ids.DOWNLOAD),
            dcc.Store(id=ids.SITE_STATE, data=None),
            dcc.Store(id=ids.SITES_SORT, data=DEFAULT_SORT),
            html.Header(
                dbc.Container(
                    [
                        html.H1("Fabriques de territoire", className="h3 mb-0"),
                        html.P(
                            "Tableau de bord du programme « Nouveaux lieux, nouveaux liens » — ANCT", className="mb-0"
                        ),
                    ],
                    fluid=True,
                ),
                className="site-header py-3 mb-3",
            ),
            html.Main(
                dbc.Container(
                    [
                        data_status(dataset, banner, poll_seconds),
                        filters(dataset),
                        html.Nav(
                            breadcrumb([(FRANCE, "France entière")]),
                            id=ids.BREADCRUMB,
                            className="mb-2",
                            **{"aria-label": "Fil d'Ariane"},
                        ),
                        html.P(id=ids.SELECTION_SUMMARY, className="selection-summary", **{"aria-live": "polite"}),
                        html.Div(id=ids.URL_NOTICE, className="url-notice small", role="status"),
                        dbc.Alert(
                            "Aucune fabrique ne correspond à cette sélection. Modifiez les filtres ou cliquez sur "
                            "« Réinitialiser ».",
                            id=ids.EMPTY_ALERT,
                            color="info",
                            is_open=False,
                        ),
                        html.Div(
                            [
                                html.H2("Indicateurs clés", className="h5 mb-0 me-3"),
                                download_control("kpis", "Indicateurs clés"),
                            ],
                            className="d-flex align-items-center flex-wrap mb-2",
                        ),
                        dbc.Row(id=ids.KPI_ROW, className="kpi-row"),
                        dbc.Row(
                            [
                                dbc.Col(
                                    chart_card(
                                        "Carte des départements",
                                        "Cliquez sur un département pour ouvrir sa région, puis sur un département "
                                        "de la région pour voir ses fabriques. Outre-mer en encadrés.",
                                        ids.MAP_GRAPH,
                                        "map",
                                        ids.MAP_NOTE,
                                        height=480,
                                        controls=measure_switch,
                                    ),
                                    lg=6,
                                    className="mb-3",
                                ),
                                dbc.Col(
                                    chart_card(
                                        "Financement engagé par vague",
                                        "Montant engagé par vague et par type de fabrique, cumul et enveloppe du "
                                        "programme.",
                                        ids.FUNDING_GRAPH,
                                        "funding",
                                        ids.FUNDING_NOTE,
                                        height=480,
                                    ),
                                    lg=6,
                                    className="mb-3",
                                ),
                                dbc.Col(
                                    chart_card(
                                        "Répartition QPV / rural",
                                        "Nombre de lauréats en quartier prioritaire (QPV), en zone rurale ou dont le "
                                        "territoire n'est pas précisé, face aux cibles du programme.",
                                        ids.TERRITORY_GRAPH,
                                        "territory",
                                        ids.TERRITORY_NOTE,
                                    ),
                                    lg=6,
                                    className="mb-3",
                                ),
                                dbc.Col(
                                    chart_card(
                                        "Fabriques numériques et ressources par vague",
                                        "Nombre de lauréats par vague selon le type de fabrique.",
                                        ids.TYPE_GRAPH,
                                        "types",
                                    ),
                                    lg=6,
                                    className="mb-3",
                                ),
                                dbc.Col(sites_card(), xl=8, className="mb-3"),
                                dbc.Col(
                                    dbc.Card(dbc.CardBody(site_detail(None), id=ids.SITE_DETAIL), className="h-100"),
                                    xl=4,
                                    className="mb-3",
                                ),
                            ]
                        ),
                    ],
                    fluid=True,
                ),
                id="main-content",
            ),
            footer(dataset),
        ]
    )
