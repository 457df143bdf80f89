"""Callbacks: read the inputs, call the pure functions, return the outputs.

Each callback body is a plain function of the dataset and the input values, so the
tests call it directly; ``register_callbacks`` only wires it to the components.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from dash import Dash, Input, Output, no_update

from dashboard import compute, figures, ids, presenters
from dashboard.inputs import selected_codes
from dashboard.layout import kpi_card
from dashboard.loader import Dataset
from dashboard.memo import SelectionMemo, remember_outputs

# Distinct selections kept per worker (~2 KB each, packed): more than a day of managers'
# usual views; an unusual selection costs one computation (~10 ms).
OVERVIEW_MEMO_SIZE = 1024


@dataclass(frozen=True)
class OverviewOutputs:
    funding_figure: dict
    territory_figure: dict
    type_figure: dict
    kpi_cards: list
    summary: str
    is_empty: bool
    funding_note: str
    territory_note: str

    def as_tuple(self) -> tuple:
        return (self.funding_figure, self.territory_figure, self.type_figure, self.kpi_cards, self.summary,
                self.is_empty, self.funding_note, self.territory_note)


def update_overview(dataset: Dataset, wave_value: object, region_value: object) -> OverviewOutputs:
    reference = dataset.reference
    waves = selected_codes(wave_value, reference.wave_codes)
    regions = selected_codes(region_value, reference.region_codes)
    cube = compute.filter_cube(dataset.cube, waves=waves, regions=regions)
    national = not regions
    figures_now = compute.kpis(cube, reference.departements)

    wave_labels = reference.wave_labels()
    region_names = reference.region_names()
    scope = presenters.selection_label([wave_labels[w] for w in waves], [region_names[r] for r in regions])
    funding = compute.funding_by_wave(cube, reference.waves, waves)
    funding_note = "" if national else (
        "L'enveloppe de 45 M€ et les cibles s'appliquent au programme national : elles ne sont pas tracées "
        "pour une sélection régionale.")
    return OverviewOutputs(
        funding_figure=figures.funding_figure(funding, show_envelope=national),
        territory_figure=figures.territory_figure(compute.territory_split(cube), show_targets=national),
        type_figure=figures.type_mix_figure(compute.type_mix_by_wave(cube, reference.waves, waves, funding)),
        kpi_cards=[kpi_card(card) for card in presenters.kpi_cards(figures_now)],
        summary=presenters.selection_summary(scope, figures_now),
        is_empty=figures_now["laureats"] == 0,
        funding_note=funding_note,
        territory_note="" if national else "Cibles nationales (150 en QPV, 150 en zone rurale) non tracées.",
    )


def reset_filters(_clicks: object) -> tuple[list, list]:
    return [], []


def register_callbacks(app: Dash, current_dataset: Callable[[], Dataset]) -> None:
    """Wire the callbacks; ``current_dataset`` returns the dataset in service at call time."""

    @app.callback(
        Output(ids.FUNDING_GRAPH, "figure"),
        Output(ids.TERRITORY_GRAPH, "figure"),
        Output(ids.TYPE_GRAPH, "figure"),
        Output(ids.KPI_ROW, "children"),
        Output(ids.SELECTION_SUMMARY, "children"),
        Output(ids.EMPTY_ALERT, "is_open"),
        Output(ids.FUNDING_NOTE, "children"),
        Output(ids.TERRITORY_NOTE, "children"),
        Input(ids.WAVE_FILTER, "value"),
        Input(ids.REGION_FILTER, "value"),
    )
    @remember_outputs(SelectionMemo(OVERVIEW_MEMO_SIZE), current_dataset)
    def _overview(dataset, wave_value, region_value):
        return update_overview(dataset, wave_value, region_value).as_tuple()

    @app.callback(
        Output(ids.WAVE_FILTER, "value"),
        Output(ids.REGION_FILTER, "value"),
        Input(ids.RESET_BUTTON, "n_clicks"),
        prevent_initial_call=True,
    )
    def _reset(n_clicks):
        return reset_filters(n_clicks) if n_clicks else (no_update, no_update)
