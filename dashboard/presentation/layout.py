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
from dashboard.presentation.presenters import DataBanner

if TYPE_CHECKING:
    from dashboard.blocks.base import Block

# The select's "no département" value. Not "": dbc.Select keeps "" for its placeholder
# option, which would then show a blank instead of "Tous les départements".
ALL_DEPARTEMENTS = "tous"
SOURCE_MENTION = schema.DATA_SOURCE


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
            dbc.Select(id=ids.DEPARTEMENT_FILTER, options=departement_options(dataset), value=ALL_DEPARTEMENTS),
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
                        "règle indiquée, soit « non précisé ». Les montants sont des estimations selon le barème publié ",
                        "(75 000 à 150 000 € sur 3 ans, +100 000 € pour une fabrique numérique, 50 000 € pour la vague ",
                        "2023), sauf montant publié.",
                    ],
                    className="mb-1",
                ),
                html.P(
                    [
                        f"Date des données : liste ANCT du {schema.DATA_DATE} · ",
                        html.A("Méthodologie et sources", href="#methodologie"),
                    ],
                    className="mb-1",
                ),
                html.P(
                    f"Jeu de données : {dataset.source.rsplit('/', 1)[-1]} · {len(dataset.sites)} lignes · "
                    f"fichier chargé par le serveur le {dataset.loaded_at:%d/%m/%Y à %H:%M} UTC"
                    + (f" · version {dataset.short_version}" if dataset.version else ""),
                    className="mb-0 text-secondary",
                    id=ids.DATA_FOOTER,
                ),
            ],
            fluid=True,
        ),
        className="site-footer py-3 mt-4",
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
                    [data_status(dataset, banner, poll_seconds), filters(dataset), blocks_grid(dataset, blocks)],
                    fluid=True,
                ),
                id="main-content",
            ),
            footer(dataset),
        ]
    )
