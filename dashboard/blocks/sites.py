"""Block: the sites of the view — search, sort, pages — each name a link to its card.

The table is one Markdown string (see ``presentation/markdown.py`` for why); each site's
name links to the view showing that site (``?…&site=fabt-12``), a real link that a
manager can open in a new tab. A plain click is turned into an in-page navigation by
``assets/2-site/clientside.js``.
"""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard.analysis import compute, sites_table
from dashboard.analysis.urlstate import link_to_site
from dashboard.analysis.view import ViewState
from dashboard.blocks.base import Block, Prop
from dashboard.data.loader import Dataset
from dashboard.presentation import ids, markdown
from dashboard.presentation.components import aria, download_control
from dashboard.presentation.formatting import format_eur, format_number, plural

PAGE_SIZE = 20
# sort key -> label. ANCT_ORDER keeps the order of ANCT's list (not "": dbc.Select keeps ""
# for its placeholder, which would show a blank).
ANCT_ORDER = "liste"
SORT_OPTIONS = {
    ANCT_ORDER: "Ordre de la liste ANCT",
    "name": "Nom",
    "commune": "Commune",
    "wave_order": "Vague",
    "type": "Type",
    "territory": "Territoire",
    "qpv_name": "QPV",
    "amount_eur": "Montant (plafond estimé)",
}
ASCENDING, DESCENDING = "asc", "desc"
MAX_SEARCH = 200


class SitesBlock(Block):
    key = "sites"
    title = "Fabriques de la sélection"
    file_stem = "fabriques"
    columns = {"xl": 8}

    def layout(self, dataset: Dataset) -> Any:
        return dbc.Card(
            dbc.CardBody(
                [
                    html.H2(self.title, className="h5 card-title"),
                    download_control(self.key, self.title),
                    dbc.Row(
                        [dbc.Col(_search_box(), md=5), dbc.Col(_sort_select(), md=4), dbc.Col(_order_radios(), md=3)],
                        className="mb-2 g-2 sites-card-search",
                    ),
                    html.P(id=ids.SITES_COUNT, className="mb-2", **aria(live="polite")),
                    dcc.Markdown(id=ids.SITES_TABLE, className="table-responsive sites-table view-links"),
                    _pager(),
                    dcc.Store(id=ids.SITES_PAGE, data=1),
                ]
            ),
            className="h-100",
        )

    def inputs(self) -> dict[str, Prop]:
        return {
            "search": (ids.SITES_SEARCH, "value"),
            "sort": (ids.SITES_SORT, "value"),
            "order": (ids.SITES_ORDER, "value"),
            "previous": (ids.SITES_PREVIOUS, "n_clicks"),
            "next": (ids.SITES_NEXT, "n_clicks"),
        }

    def states(self) -> dict[str, Prop]:
        return {"page": (ids.SITES_PAGE, "data")}

    def export_states(self) -> dict[str, Prop]:
        return {
            "search": (ids.SITES_SEARCH, "value"),
            "sort": (ids.SITES_SORT, "value"),
            "order": (ids.SITES_ORDER, "value"),
        }

    def outputs(self) -> dict[str, Prop]:
        return {
            "table": (ids.SITES_TABLE, "children"),
            "count": (ids.SITES_COUNT, "children"),
            "page_label": (ids.SITES_PAGE_LABEL, "children"),
            "page": (ids.SITES_PAGE, "data"),
            "previous_disabled": (ids.SITES_PREVIOUS, "disabled"),
            "next_disabled": (ids.SITES_NEXT, "disabled"),
        }

    def render(self, dataset: Dataset, view: ViewState, trigger: object = None, **values: object) -> dict[str, Any]:
        page = _page(values.get("page"))
        if trigger == ids.SITES_PREVIOUS:
            page -= 1
        elif trigger == ids.SITES_NEXT:
            page += 1
        elif trigger is not None:
            page = 1  # a new selection, search or sort starts on its first page
        search, sort, ascending = read_table_state(values)
        mask = compute.selection_mask(dataset.sites, view.waves, view.geo.regions, view.geo.departement)
        rows, total, page, pages = sites_table.table_page(dataset.sites, mask, search, sort, ascending, page, PAGE_SIZE)
        first = (page - 1) * PAGE_SIZE + 1
        count = plural(total, "fabrique")
        return {
            "table": sites_markdown(rows, view) if total else "Aucune fabrique labellisée pour cette sélection.",
            "count": f"{count} · {first}–{first + len(rows) - 1} affichées" if total else count,
            "page_label": f"Page {format_number(page)} sur {format_number(pages)}",
            "page": page,
            "previous_disabled": page <= 1,
            "next_disabled": page >= pages,
        }

    def export_frame(self, dataset: Dataset, view: ViewState, **values: object) -> pd.DataFrame:
        """Every row of the table for this view, search and sort (all pages)."""
        search, sort, ascending = read_table_state(values)
        rows = compute.filter_sites(
            dataset.sites, waves=view.waves, regions=view.geo.regions, departement=view.geo.departement
        )
        rows = sites_table.sort_sites(sites_table.search_sites(rows, search), sort, ascending)
        return sites_export(rows)


def _page(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 1 else 1


def read_table_state(values: dict) -> tuple[str, str | None, bool]:
    """(search, sort column or None, ascending) from the controls' values, junk dropped."""
    search = values.get("search")
    sort = values.get("sort")
    return (
        search[:MAX_SEARCH] if isinstance(search, str) else "",
        sort if isinstance(sort, str) and sort in SORT_OPTIONS and sort != ANCT_ORDER else None,
        values.get("order") != DESCENDING,
    )


def _provenance(row: dict) -> str:
    return " · ".join(
        f"{label} : {row[column]}"
        for label, column in (("type", "type_status"), ("territoire", "territory_status"), ("montant", "amount_status"))
    )


def _texts(column: pd.Series) -> list[str]:
    """A text column as strings, missing values as "" (shown as "–")."""
    return ["" if markdown.is_missing(value) else str(value) for value in column.tolist()]


def sites_markdown(rows: pd.DataFrame, view: ViewState) -> str:
    records = rows.to_dict("records")
    names = []
    for row in records:
        name = markdown.link(
            str(row["name"]), link_to_site(view, row["id"], row["departement_code"], row["region_code"])
        )
        names.append(f"**{name}** (fiche affichée)" if row["id"] == view.geo.site else name)
    sources = []
    for row in records:
        url = markdown.first_press_url(row["sources"])
        sources.append(markdown.link(markdown.source_label(url), url) if url else markdown.EMPTY_CELL)
    frame = pd.DataFrame(
        {
            "Nom": names,
            "Commune": _texts(rows["commune"]),
            "Vague": _texts(rows["wave_label"]),
            "Type": _texts(rows["type"]),
            "Territoire": _texts(rows["territory"]),
            "QPV": _texts(rows["qpv_name"]),
            "Montant (plafond estimé, sauf publié)": [
                format_eur(a) if a == a else "inconnu" for a in rows["amount_eur"]
            ],
            "Provenance": [_provenance(row) for row in records],
            "Source": sources,
        }
    )
    return markdown.table(frame, cells={"Nom": names, "Source": sources})


def sites_export(rows: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Identifiant": rows["id"],
            "Nom": rows["name"],
            "Porteur": rows["porteur"],
            "Commune": rows["commune"],
            "Code INSEE commune": rows["commune_code"],
            "Département": rows["departement"],
            "Région": rows["region"],
            "Vague": rows["wave_label"],
            "Type": rows["type"],
            "Provenance type": rows["type_status"],
            "Territoire": rows["territory"],
            "Provenance territoire": rows["territory_status"],
            "QPV": rows["qpv_name"],
            "Montant engagé (€)": rows["amount_eur"],
            "Provenance montant": rows["amount_status"],
            "Source": rows["sources"].map(lambda s: markdown.first_press_url(s) or ""),
            "Toutes les sources": rows["sources"],
        }
    ).reset_index(drop=True)


def _search_box() -> html.Div:
    return html.Div(
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
        ]
    )


def _sort_select() -> html.Div:
    return html.Div(
        [
            html.Label("Trier par", htmlFor=ids.SITES_SORT, className="form-label"),
            dbc.Select(
                id=ids.SITES_SORT,
                options=[{"label": label, "value": key} for key, label in SORT_OPTIONS.items()],
                value=ANCT_ORDER,
            ),
        ]
    )


def _order_radios() -> html.Fieldset:
    # A fieldset gives the radio group its accessible name (dbc.RadioItems takes no ARIA attributes).
    return html.Fieldset(
        [
            html.Legend("Ordre", className="form-label fs-6 mb-1"),
            dbc.RadioItems(
                id=ids.SITES_ORDER,
                options=[{"label": "croissant", "value": ASCENDING}, {"label": "décroissant", "value": DESCENDING}],
                value=ASCENDING,
                inline=True,
            ),
        ]
    )


def _pager() -> html.Nav:
    return html.Nav(
        [
            html.Button("‹ Page précédente", id=ids.SITES_PREVIOUS, className="btn btn-sm btn-outline-primary"),
            html.Span(id=ids.SITES_PAGE_LABEL, className="mx-3"),
            html.Button("Page suivante ›", id=ids.SITES_NEXT, className="btn btn-sm btn-outline-primary"),
        ],
        className="d-flex align-items-center flex-wrap sites-pager",
        **aria(label="Pages du tableau des fabriques"),
    )
