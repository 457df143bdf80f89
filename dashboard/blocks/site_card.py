"""Block: the card of the site the view shows, every value with its provenance and sources."""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.analysis.view import ViewState
from dashboard.blocks.base import Block, Prop
from dashboard.data.loader import Dataset
from dashboard.presentation import ids, markdown
from dashboard.presentation.formatting import format_eur

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


def _field(label: str, value: object, status: object = None, source: object = None) -> str:
    line = f"- **{label}** : {_value(value)}"
    if status and not markdown.is_missing(status):
        line += f" ({markdown.escape(status)})"
    if source and not markdown.is_missing(source):
        line += f"  \n  Source : {markdown.source_links(source)}"
    return line


def site_markdown(row: dict) -> str:
    """The card of one site as Markdown: its name, its place, each value and where it comes from."""
    amount = row["amount_eur"]
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
        _field("QPV", row.get("qpv_name")),
        _field(
            "Montant engagé",
            format_eur(amount) if not markdown.is_missing(amount) else "inconnu",
            row["amount_status"],
            row["amount_source"],
        ),
        _field("Notes", row.get("notes")),
        f"- **Sources** : {markdown.source_links(row.get('sources')) or markdown.EMPTY_CELL}",
    ]
    return "\n".join(lines)
