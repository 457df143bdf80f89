"""The page shell: header, filters, the blocks of the registry in a grid, footer.

What each block shows is declared in its own module (``dashboard/blocks/``); this module
only places them. Everything that comes from the data is passed to Dash components as
text, never as HTML.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html
from dash.development.base_component import Component

from dashboard.analysis.view import ViewState
from dashboard.data import schema
from dashboard.data.loader import Dataset
from dashboard.presentation import ids
from dashboard.presentation.components import aria
from dashboard.presentation.presenters import DataBanner

if TYPE_CHECKING:
    from dashboard.blocks.base import Block

# The select's "no département" value. Not "": dbc.Select keeps "" for its placeholder
# option, which would then show a blank instead of "Tous les départements".
ALL_DEPARTEMENTS = "tous"
SOURCE_MENTION = schema.DATA_SOURCE
SOURCE_URL = "https://github.com/anct-carto/superposeur-anct"  # ANCT's cartography service publishes the list there
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
SERVICE_NAME = "Fabriques de territoire"
ANCT_NAME = "Agence nationale de la cohésion des territoires"
ACCESSIBILITY_ANCHOR = "accessibilite"
METHODOLOGY_ANCHOR = "methodologie"  # the "Méthodologie et sources" block


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
    """Options of the native select; the first one means no département."""
    counts = dataset.cube.groupby("departement_code", observed=True)["laureats"].sum()
    departements = dataset.reference.departements
    if regions:
        departements = departements[departements["region_code"].isin(regions)]
    return [{"label": "Tous les départements", "value": ALL_DEPARTEMENTS}] + [
        {
            "label": f"{row.departement_code} – {row.departement} ({int(counts.get(row.departement_code, 0))})",
            "value": row.departement_code,
        }
        for row in departements.itertuples()
    ]


# --- the page shell --------------------------------------------------------------


def filters(dataset: Dataset) -> html.Section:
    """Native checkboxes and select: keyboard and screen-reader friendly (Dash 4's
    dcc.Dropdown puts its keyboard focus on an aria-hidden input). On small screens the
    filters fold behind a "Filtres" button."""
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
                _filters_card(dataset),
                id=ids.FILTERS_COLLAPSE,
                is_open=False,
                className="filters-collapse",
            ),
        ],
        className="mb-3",
        **aria(labelledby="filters-title"),
    )


def _filters_card(dataset: Dataset) -> dbc.Card:
    """The three filters side by side (stacked on small screens), the reset button under
    the département."""
    reset = dbc.Button("Réinitialiser", id=ids.RESET_BUTTON, color="secondary", outline=True, className="w-100 mt-3")
    return dbc.Card(
        dbc.CardBody(
            dbc.Row(
                [
                    dbc.Col(_wave_filter(dataset), md=12, xl=4),
                    dbc.Col(_region_filter(dataset), md=6, xl=4),
                    dbc.Col([_departement_filter(dataset), reset], md=6, xl=4),
                ],
                className="g-3",
            )
        ),
        className="filters-card",
    )


def _wave_filter(dataset: Dataset) -> html.Fieldset:
    return html.Fieldset(
        [
            html.Legend("Vagues de labellisation", className="form-label fs-6"),
            dbc.Checklist(id=ids.WAVE_FILTER, options=wave_options(dataset), value=[], inline=True),
            html.P("Aucune case cochée : toutes les vagues.", className="form-text mb-0"),
        ]
    )


def _region_filter(dataset: Dataset) -> html.Fieldset:
    """The régions as a scrolling list, focusable so that a keyboard can scroll it."""
    return html.Fieldset(
        [
            html.Legend("Régions", className="form-label fs-6"),
            html.Div(
                dbc.Checklist(id=ids.REGION_FILTER, options=region_options(dataset), value=[]),
                className="region-list",
                tabIndex="0",
                role="group",
                **aria(label="Liste des régions"),
            ),
            html.P("Aucune case cochée : France entière.", className="form-text mb-0"),
        ]
    )


def _departement_filter(dataset: Dataset) -> html.Div:
    return html.Div(
        [
            html.Label("Département", htmlFor=ids.DEPARTEMENT_FILTER, className="form-label"),
            dbc.Select(id=ids.DEPARTEMENT_FILTER, options=departement_options(dataset), value=ALL_DEPARTEMENTS),
        ]
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
        **aria(live="polite"),
    )


def bloc_marque() -> html.P:
    """The State's bloc marque ("République française"), drawn by the DSFR's ``fr-logo``
    (assets/1-vendor/dsfr/dsfr-lean.css): the Marianne, the words, the motto."""
    return html.P(["République", html.Br(), "Française"], className="fr-logo")


def operator() -> html.P:
    """The operator, next to the bloc marque (its official logo file can replace the text)."""
    return html.P(["ANCT", html.Small(ANCT_NAME)], className="brand__operator")


def header() -> html.Header:
    """The DSFR header: bloc marque, operator, then the service's name and tagline (a
    paragraph, as in the DSFR: the page's h1 is the view's heading)."""
    return html.Header(
        dbc.Container(
            html.Div(
                [
                    bloc_marque(),
                    operator(),
                    html.Div(
                        [
                            html.P(SERVICE_NAME, className="brand__title"),
                            html.P(
                                "Tableau de bord du programme « Nouveaux lieux, nouveaux liens »",
                                className="brand__tagline",
                            ),
                        ],
                        className="brand__service",
                    ),
                ],
                className="brand",
            ),
            fluid=True,
        ),
        className="site-header mb-3",
    )


def footer(dataset: Dataset) -> html.Footer:
    """The DSFR footer: bloc marque and operator, what the figures are made of, and the
    links every State service carries (accessibility status, method, source, licence)."""
    return html.Footer(
        dbc.Container(
            [
                html.Div(
                    [
                        html.Div([bloc_marque(), operator()], className="brand"),
                        html.Div(_footer_statements(), className="site-footer__content"),
                    ],
                    className="site-footer__body",
                ),
                html.Div([_footer_links(), _dataset_line(dataset)], className="site-footer__bottom"),
            ],
            fluid=True,
        ),
        className="site-footer mt-4",
    )


def _footer_statements() -> list[html.P]:
    """What the figures are made of, the data's date, the accessibility status."""
    return [
        html.P(
            [
                "Source : ",
                html.Strong(SOURCE_MENTION),
                " (Licence Ouverte 2.0), enrichie de communiqués officiels et d'articles de "
                "presse cités ligne à ligne. Le type, le territoire et le montant ne sont "
                "publiés pour chaque fabrique par aucun fichier public : ils sont soit sourcés, "
                "soit dérivés par une règle indiquée, soit « non précisé ». Les montants sont des "
                "estimations selon le barème publié (75 000 à 150 000 € sur 3 ans, +100 000 € "
                "pour une fabrique numérique, 50 000 € pour la vague 2023), sauf montant publié.",
            ],
            className="mb-2",
        ),
        html.P(
            [
                f"Date des données : liste ANCT du {schema.DATA_DATE} · ",
                html.A("Méthodologie et sources", href=f"#{METHODOLOGY_ANCHOR}"),
            ],
            className="mb-2",
        ),
        html.P(
            "Accessibilité : partiellement conforme au RGAA 4.1 (auto-évaluation de l'équipe, "
            "audit indépendant à venir). Chaque graphique a une phrase de synthèse et le "
            "tableau de ses données ; tout se fait au clavier.",
            id=ACCESSIBILITY_ANCHOR,
            className="mb-0",
        ),
    ]


def _footer_links() -> html.Ul:
    """The links every State service's footer carries."""
    return html.Ul(
        [
            html.Li(html.A("Accessibilité : partiellement conforme", href=f"#{ACCESSIBILITY_ANCHOR}")),
            html.Li(html.A("Méthodologie et sources", href=f"#{METHODOLOGY_ANCHOR}")),
            html.Li(html.A("Données : liste des Fabriques de territoire (ANCT)", href=SOURCE_URL)),
            html.Li(html.A("Licence Ouverte 2.0", href=LICENCE_URL)),
        ],
        className="site-footer__links",
    )


def _dataset_line(dataset: Dataset) -> html.P:
    """Which file the server reads and when it read it (not the data's date: see above)."""
    return html.P(
        f"Jeu de données : {dataset.source.rsplit('/', 1)[-1]} · {len(dataset.sites)} lignes · "
        f"fichier chargé par le serveur le {dataset.loaded_at:%d/%m/%Y à %H:%M} UTC"
        + (f" · version {dataset.short_version}" if dataset.version else ""),
        className="mb-0 text-secondary",
        id=ids.DATA_FOOTER,
    )


def blocks_grid(dataset: Dataset, blocks: Sequence[Block]) -> dbc.Row:
    return dbc.Row(
        [dbc.Col(block.layout(dataset), className="mb-3", id=f"{block.key}-block", **block.columns) for block in blocks]
    )


def with_props(root: Component, props: Mapping[tuple[str, str], Any]) -> Component:
    """``root`` with the given (component id, property) values set, e.g. every block's
    outputs for the default view."""
    components = {getattr(c, "id", None): c for c in root._traverse()}
    for (component_id, prop), value in props.items():
        setattr(components[component_id], prop, value)
    return root


def build_layout(
    dataset: Dataset, blocks: Sequence[Block], banner: DataBanner | None = None, poll_seconds: float | None = None
) -> html.Div:
    return html.Div(
        [
            dcc.Location(id=ids.URL, refresh=False),
            dcc.Store(id=ids.VIEW, data=ViewState().as_store()),
            dcc.Store(id=ids.PAGE_TITLE),
            dcc.Download(id=ids.DOWNLOAD),
            header(),
            html.Main(
                dbc.Container(
                    [
                        data_status(dataset, banner, poll_seconds),
                        filters(dataset),
                        blocks_grid(dataset, blocks),
                        # What the in-page links changed, said to screen readers (clientside.js).
                        html.P(id=ids.ANNOUNCER, className="visually-hidden", **aria(live="polite")),
                    ],
                    fluid=True,
                ),
                id="main-content",
            ),
            footer(dataset),
        ]
    )
