"""Block: the card of the site the view shows, every value with its provenance and sources."""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard.analysis.compute import amount_low
from dashboard.analysis.view import ViewState
from dashboard.blocks.base import Block, Prop
from dashboard.data import schema
from dashboard.data.loader import Dataset
from dashboard.data.sources import SHIPPED_COPY, find_source
from dashboard.presentation import ids, markdown
from dashboard.presentation.formatting import format_amount_range, format_eur

NO_SITE = (
    "Cliquez sur le nom d'une fabrique dans le tableau, ou sur son point sur la carte d'un département, pour "
    "afficher sa fiche."
)


class SiteCardBlock(Block):
    key = "site_card"
    title = "Fiche de la fabrique"
    columns = {"xl": 4}
    downloadable = False

    def layout(self, dataset: Dataset) -> Any:
        return dbc.Card(
            dbc.CardBody(
                [
                    html.H2(self.title, className="h5 card-title"),
                    dcc.Markdown(NO_SITE, id=ids.SITE_DETAIL, className="site-detail"),
                ]
            ),
            className="h-100",
        )

    def outputs(self) -> dict[str, Prop]:
        return {"card": (ids.SITE_DETAIL, "children")}

    def render(self, dataset: Dataset, view: ViewState, trigger: object = None, **values: object) -> dict[str, Any]:
        rows = dataset.site_rows(view.geo.site) if view.geo.site else None
        if rows is None or rows.empty:
            return {"card": NO_SITE}
        return {"card": site_markdown(rows.iloc[0].to_dict())}


def _value(value: object) -> str:
    return markdown.EMPTY_CELL if markdown.is_missing(value) or value == "" else markdown.escape(value)


def source_text(sources: object) -> str:
    """Each "|"-separated part of a source cell as Markdown: a page with its title and date
    as a link; a shipped file (the Bas-Rhin prefecture's release) by its title and date;
    a rule as text."""
    parts = [part.strip() for part in str(sources or "").split("|") if part.strip()]
    shown = []
    for part in parts:
        source = find_source(part)
        if source is not None and markdown.is_web_url(source.url):
            label = f"{source.title}, {source.date}" if source.date else source.title
            shown.append(markdown.link(label, source.url))
        elif source is not None:
            shown.append(markdown.escape(f"{source.title}, {source.date} ({SHIPPED_COPY}{source.url})"))
        elif markdown.is_web_url(part):
            shown.append(markdown.link(markdown.source_label(part), part))
        else:
            shown.append(markdown.escape(part))
    return " · ".join(shown)


def _field(label: str, value: object, status: object = None, source: object = None) -> str:
    line = f"- **{label}** : {_value(value)}"
    if status and not markdown.is_missing(status):
        line += f" ({markdown.escape(status)})"
    if source and not markdown.is_missing(source):
        line += f"  \n  Source : {source_text(source)}"
    return line


def amount_words(row: dict) -> str:
    """The site's amount: published as is; from the scale, as the estimate's range."""
    amount = row["amount_eur"]
    if markdown.is_missing(amount):
        return "inconnu"
    status = row["amount_status"]
    if status != schema.STATUS_DERIVED:
        return format_eur(amount)
    high = float(str(amount))
    low = float(amount_low(pd.Series([high]), pd.Series([status]), pd.Series([str(row["wave"])])).sum())
    if low == high:
        return f"{format_eur(high)}, estimé (forfait de la vague)"
    return f"{format_amount_range(low, high)}, estimé selon le barème"


def site_markdown(row: dict) -> str:
    """The card of one site as Markdown: its name, its place, each value and where it comes from."""
    wave_detail = row.get("wave_detail")
    lines = [
        f"### {markdown.escape(row['name'])}",
        "",
        markdown.escape(f"{row['commune']} ({row['commune_code']}) · {row['departement']} · {row['region']}"),
        "",
        _field("Porteur", row.get("porteur")),
        _field(
            "Vague",
            f"{row['wave_label']} (détail : {wave_detail if not markdown.is_missing(wave_detail) and wave_detail else 'non précisé'})",
            row["wave_status"],
            row["wave_source"],
        ),
        _field("Type", row["type"], row["type_status"], row["type_source"]),
        _field("Territoire", row["territory"], row["territory_status"], row["territory_source"]),
        _field("QPV", row.get("qpv_name"), None, row.get("qpv_source")),
        _field("Montant", amount_words(row), row["amount_status"], row["amount_source"]),
        _field("Notes", row.get("notes")),
        f"- **Sources** : {source_text(row.get('sources')) or markdown.EMPTY_CELL}",
    ]
    return "\n".join(lines)
