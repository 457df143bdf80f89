"""Block: the funding committed per wave, by type, with the cumulative amount and the
programme's envelope."""

from __future__ import annotations

import pandas as pd

from dashboard.analysis import compute
from dashboard.analysis.view import ViewState
from dashboard.blocks.base import ChartBlock, is_national, view_cube
from dashboard.data import schema
from dashboard.data.loader import Dataset
from dashboard.presentation.figures import (
    GRID_COLOUR,
    REFERENCE_COLOUR,
    bars_by_type,
    base_layout,
    empty_figure,
    euro_ticks,
    wave_axis,
)
from dashboard.presentation.formatting import format_amount, format_eur, format_meur, plural

EURO = "Montant engagé (€)"


class FundingBlock(ChartBlock):
    key = "funding"
    title = "Financement engagé par vague"
    description = "Montant engagé par vague et par type de fabrique, cumul et enveloppe du programme."
    file_stem = "financement-par-vague"
    height = 480

    def compute(self, dataset: Dataset, view: ViewState) -> pd.DataFrame:
        return compute.funding_by_wave(view_cube(dataset, view), dataset.reference.waves, view.waves)

    def figure(self, data: pd.DataFrame, view: ViewState) -> dict:
        return funding_figure(data, show_envelope=is_national(view))

    def summary(self, data: pd.DataFrame, view: ViewState) -> str:
        per_wave = data.groupby(["wave_order", "wave_label"], as_index=False)[["laureats", "amount_eur"]].sum()
        total, laureats = per_wave["amount_eur"].sum(), int(per_wave["laureats"].sum())
        if laureats == 0:
            return "Aucun financement engagé pour cette sélection."
        top = per_wave.loc[per_wave["amount_eur"].idxmax()]
        waves = plural(len(per_wave), "vague")
        return (
            f"{format_amount(total)} engagés pour {plural(laureats, 'lauréat')} sur {waves} ; "
            f"le plus gros montant : {top['wave_label']} ({format_amount(top['amount_eur'])})."
        )

    def note(self, data: pd.DataFrame, view: ViewState) -> str:
        if is_national(view):
            return ""
        return (
            f"L'enveloppe de {format_meur(schema.TARGET_ENVELOPE_EUR)} s'applique au programme national : "
            "elle n'est pas tracée pour une sélection géographique."
        )

    def table(self, data: pd.DataFrame, view: ViewState) -> pd.DataFrame:
        """One row per bar of the chart (types absent from the selection are not drawn)."""
        shown = data[data.groupby("type")["laureats"].transform("sum") > 0]
        return pd.DataFrame(
            {
                "Vague": shown["wave_label"],
                "Type": shown["type"],
                "Lauréats": shown["laureats"],
                EURO: shown["amount_eur"],
                "Cumul engagé à cette vague (€)": shown["cumulative_amount_eur"],
            }
        ).reset_index(drop=True)


def funding_figure(funding: pd.DataFrame, show_envelope: bool) -> dict:
    """Stacked bars of euros per wave and type, the cumulative amount, the envelope."""
    if funding["laureats"].sum() == 0:
        return empty_figure()
    traces = bars_by_type(
        funding,
        lambda rows: {
            "y": rows["amount_eur"].tolist(),
            "customdata": [[format_eur(a), plural(n, "lauréat")] for a, n in zip(rows["amount_eur"], rows["laureats"])],
            "hovertemplate": "<b>%{x}</b><br>%{fullData.name}<br>%{customdata[0]}<br>%{customdata[1]}<extra></extra>",
        },
    )
    # The cumulative amount repeats on each type's row of a wave: one row per wave (the
    # table is in wave order), without a groupby.
    per_wave = funding.drop_duplicates("wave_order")
    traces.append(
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": "Cumul engagé",
            "x": per_wave["wave_label"].tolist(),
            "y": per_wave["cumulative_amount_eur"].tolist(),
            "line": {"color": REFERENCE_COLOUR, "width": 2},
            "marker": {"symbol": "diamond", "size": 8, "color": REFERENCE_COLOUR},
            "customdata": [format_eur(v) for v in per_wave["cumulative_amount_eur"]],
            "hovertemplate": "<b>%{x}</b><br>Cumul engagé : %{customdata}<extra></extra>",
        }
    )
    maximum = float(per_wave["cumulative_amount_eur"].max())
    shapes = []
    if show_envelope:
        maximum = max(maximum, schema.TARGET_ENVELOPE_EUR)
        # Named in the legend rather than by a label on the chart, which the cumulative
        # line would cross.
        shapes.append(
            {
                "type": "line",
                "xref": "paper",
                "x0": 0,
                "x1": 1,
                "yref": "y",
                "y0": schema.TARGET_ENVELOPE_EUR,
                "y1": schema.TARGET_ENVELOPE_EUR,
                "line": {"color": REFERENCE_COLOUR, "width": 1.5, "dash": "dash"},
                "showlegend": True,
                "name": f"Enveloppe {format_meur(schema.TARGET_ENVELOPE_EUR)} ({schema.TARGET_LAUREATS} premiers lauréats)",
            }
        )
    return {
        "data": traces,
        "layout": base_layout(
            barmode="stack",
            shapes=shapes,
            xaxis=wave_axis(per_wave["wave_label"].tolist()),
            yaxis={
                "fixedrange": True,
                "gridcolor": GRID_COLOUR,
                "range": [0, maximum * 1.08],
                "automargin": True,
                **euro_ticks(maximum),
            },
        ),
    }
