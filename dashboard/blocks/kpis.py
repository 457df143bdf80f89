"""Block: the headline figures of the view, each against its programme reference."""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from dashboard.analysis import compute
from dashboard.analysis.view import ViewState
from dashboard.blocks.base import Block, Prop, view_cube
from dashboard.data import schema
from dashboard.data.loader import Dataset
from dashboard.presentation import ids
from dashboard.presentation.components import KpiCard, aria, download_control, kpi_card
from dashboard.presentation.formatting import format_amount, format_eur, format_meur, format_number, plural


class KpisBlock(Block):
    key = "kpis"
    title = "Indicateurs clés"
    file_stem = "indicateurs"
    columns = {"xs": 12}

    def layout(self, dataset: Dataset) -> Any:
        return html.Section(
            [
                html.Div(
                    [html.H2(self.title, className="h5 mb-0 me-3"), download_control(self.key, self.title)],
                    className="d-flex align-items-center flex-wrap mb-2",
                ),
                dbc.Row(id=ids.KPI_ROW, className="kpi-row"),
            ],
            **aria(label=self.title),
        )

    def outputs(self) -> dict[str, Prop]:
        return {"cards": (ids.KPI_ROW, "children")}

    def compute(self, dataset: Dataset, view: ViewState) -> dict:
        return compute.kpis(view_cube(dataset, view), dataset.reference.departements)

    def render(self, dataset: Dataset, view: ViewState, trigger: object = None, **values: object) -> dict[str, Any]:
        return {"cards": [kpi_card(card) for card in kpi_cards(self.compute(dataset, view))]}

    def export_frame(self, dataset: Dataset, view: ViewState, **values: object) -> pd.DataFrame:
        figures = self.compute(dataset, view)
        cards = kpi_cards(figures)
        values_by_key = {
            "laureats": figures["laureats"],
            "amount": figures["amount_eur"],
            "qpv": figures["qpv"],
            "rural": figures["rural"],
            "numeriques": figures["numeriques"],
            "departements": figures["departements"],
        }
        return pd.DataFrame(
            {
                "Indicateur": [card.label for card in cards],
                "Valeur": [values_by_key[card.key] for card in cards],
                "Unité": ["€" if card.key == "amount" else "nombre" for card in cards],
                "Référence": [TARGETS[card.key] for card in cards],
                "Libellé de la référence": [card.reference for card in cards],
                "Part de la référence (%)": [
                    round(values_by_key[card.key] / TARGETS[card.key] * 100, 1) for card in cards
                ],
            }
        )


TARGETS = {
    "laureats": schema.TARGET_LAUREATS,
    "amount": schema.TARGET_ENVELOPE_EUR,
    "qpv": schema.TARGET_QPV,
    "rural": schema.TARGET_RURAL,
    "numeriques": schema.TARGET_NUMERIQUES,
    "departements": schema.DEPARTEMENTS_COUNT,
}


def kpi_cards(figures: dict) -> list[KpiCard]:
    """The six headline cards, each against its programme target."""

    def ratio(value: float, target: float) -> float:
        return value / target if target else 0.0

    amount_note = "estimé selon le barème publié"
    if figures["amount_published_eur"]:
        amount_note += f", dont {format_eur(figures['amount_published_eur'])} publiés"
    if figures["amount_unknown"]:
        amount_note += f" ; {plural(figures['amount_unknown'], 'montant inconnu', 'montants inconnus')}"
    territory_note = (
        f"{format_number(figures['territory_unknown'])} territoire(s) non précisé(s)"
        if figures["territory_unknown"]
        else ""
    )
    return [
        KpiCard(
            "laureats",
            "Lauréats",
            format_number(figures["laureats"]),
            f"objectif {format_number(schema.TARGET_LAUREATS)} (2019-2022)",
            ratio(figures["laureats"], schema.TARGET_LAUREATS),
        ),
        KpiCard(
            "amount",
            "Montant engagé",
            format_amount(figures["amount_eur"]),
            f"enveloppe {format_meur(schema.TARGET_ENVELOPE_EUR)} ({schema.TARGET_LAUREATS} premiers)",
            ratio(figures["amount_eur"], schema.TARGET_ENVELOPE_EUR),
            amount_note,
        ),
        KpiCard(
            "qpv",
            "En QPV",
            format_number(figures["qpv"]),
            f"cible {schema.TARGET_QPV}",
            ratio(figures["qpv"], schema.TARGET_QPV),
            territory_note,
        ),
        KpiCard(
            "rural",
            "En zone rurale",
            format_number(figures["rural"]),
            f"cible {schema.TARGET_RURAL}",
            ratio(figures["rural"], schema.TARGET_RURAL),
            territory_note,
        ),
        KpiCard(
            "numeriques",
            "Fabriques numériques",
            format_number(figures["numeriques"]),
            f"{schema.TARGET_NUMERIQUES} labellisées au total",
            ratio(figures["numeriques"], schema.TARGET_NUMERIQUES),
            f"{format_number(figures['type_unknown'])} de type non précisé" if figures["type_unknown"] else "",
        ),
        KpiCard(
            "departements",
            "Départements couverts",
            format_number(figures["departements"]),
            f"sur {schema.DEPARTEMENTS_COUNT}",
            ratio(figures["departements"], schema.DEPARTEMENTS_COUNT),
        ),
    ]
