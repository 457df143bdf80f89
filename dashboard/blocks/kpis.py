"""Block: the headline figures of the view, each against the programme reference that
applies to it.

The programme's targets belong to the lauréats of waves 1–8 of a national view
(``targets.TargetScope``): only then is a card drawn as progress towards its target, and
it counts those lauréats only. The 2023 wave is shown as what it is (82 lauréats at
50,000 € each, outside the initial objective); a place or a subset of the waves gets the
national figure as context. Amounts from the published scale are estimates, shown as a
range; counts published for a group of lauréats (wave 1's 32 fabriques numériques, 102 in
QPV and 68 rural after wave 3) are added to the identified rows, so that no card
contradicts a published figure. This module is the block (layout, render, export); the
figures' cards and sentences are built in ``kpi_cards``.
"""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from dashboard.analysis import targets
from dashboard.analysis.view import ViewState
from dashboard.blocks.base import Block, Prop, is_national, view_cube
from dashboard.blocks.kpi_cards import Indicator, indicators
from dashboard.data import schema
from dashboard.data.loader import Dataset
from dashboard.presentation import ids
from dashboard.presentation.components import aria, download_control, kpi_card

METHODOLOGY_ANCHOR = "methodologie"


def view_figures(dataset: Dataset, view: ViewState) -> targets.ProgrammeFigures:
    """The figures of the view with its target scope (shared by the blocks)."""
    reference = dataset.reference
    scope = targets.target_scope(reference.wave_codes, view.waves, is_national(view), reference.wave_labels())
    return targets.programme_figures(view_cube(dataset, view), dataset.reference.departements, scope)


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
                    className="d-flex align-items-center flex-wrap mb-1",
                ),
                html.P(
                    [
                        f"Données : liste ANCT du {schema.DATA_DATE}, enrichie de sources citées ; montants estimés "
                        "selon le barème publié, sauf montant publié. ",
                        html.A("Méthodologie et sources", href=f"#{METHODOLOGY_ANCHOR}"),
                    ],
                    className="kpi-data-date small mb-2",
                ),
                dbc.Row(id=ids.KPI_ROW, className="kpi-row"),
            ],
            **aria(label=self.title),
        )

    def outputs(self) -> dict[str, Prop]:
        return {"cards": (ids.KPI_ROW, "children")}

    def compute(self, dataset: Dataset, view: ViewState) -> list[Indicator]:
        return indicators(view_figures(dataset, view), dataset, view)

    def render(self, dataset: Dataset, view: ViewState, trigger: object = None, **values: object) -> dict[str, Any]:
        return {"cards": [kpi_card(i.card) for i in self.compute(dataset, view) if i.card is not None]}

    def export_frame(self, dataset: Dataset, view: ViewState, **values: object) -> pd.DataFrame:
        rows = self.compute(dataset, view)
        return pd.DataFrame(
            {
                "Indicateur": [i.label for i in rows],
                "Lauréats comptés": [i.scope for i in rows],
                "Valeur": pd.array([i.value for i in rows], dtype="int64"),
                "Unité": [i.unit for i in rows],
                "Nature de la valeur": [i.nature for i in rows],
                "Référence (objectif ou total)": pd.array([i.reference for i in rows], dtype="Int64"),
                # No share for an estimate: its upper bound over the envelope would read as an overspend.
                "Part de la référence (%)": [
                    round(i.value / i.reference * 100, 1) if i.reference and i.unit != "€" else None for i in rows
                ],
                "Précisions": [i.details for i in rows],
            }
        )
