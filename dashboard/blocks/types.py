"""Block: fabriques numériques and ressources per wave."""

from __future__ import annotations

import pandas as pd

from dashboard.analysis import compute
from dashboard.analysis.view import ViewState
from dashboard.blocks.base import ChartBlock, view_cube
from dashboard.data import schema
from dashboard.data.loader import Dataset
from dashboard.presentation.figures import (
    GRID_COLOUR,
    INSIDE_LABEL_FONT,
    bars_by_type,
    base_layout,
    count_axis,
    empty_figure,
    wave_axis,
)
from dashboard.presentation.formatting import format_number, format_percent, plural


class TypesBlock(ChartBlock):
    key = "types"
    title = "Fabriques numériques et ressources par vague"
    description = "Nombre de lauréats par vague selon le type de fabrique."
    file_stem = "types-par-vague"

    def compute(self, dataset: Dataset, view: ViewState) -> pd.DataFrame:
        return compute.type_mix_by_wave(view_cube(dataset, view), dataset.reference.waves, view.waves)

    def figure(self, data: pd.DataFrame, view: ViewState) -> dict:
        return type_mix_figure(data)

    def summary(self, data: pd.DataFrame, view: ViewState) -> str:
        by_type = data.groupby("type")["laureats"].sum()
        total = int(by_type.sum())
        if total == 0:
            return "Aucun lauréat pour cette sélection."
        return (
            f"Sur {plural(total, 'lauréat')} : {format_number(int(by_type.get(schema.TYPE_NUMERIQUE, 0)))} "
            f"fabrique(s) numérique(s), {format_number(int(by_type.get(schema.TYPE_RESSOURCE, 0)))} fabrique(s) "
            f"ressource, {format_number(int(by_type.get(schema.UNKNOWN, 0)))} de type non précisé."
        )

    def table(self, data: pd.DataFrame, view: ViewState) -> pd.DataFrame:
        shown = data[data.groupby("type")["laureats"].transform("sum") > 0]
        return pd.DataFrame(
            {
                "Vague": shown["wave_label"],
                "Type": shown["type"],
                "Lauréats": shown["laureats"],
                "Part de la vague (%)": (shown["share"] * 100).round(1),
            }
        ).reset_index(drop=True)


def type_mix_figure(mix: pd.DataFrame) -> dict:
    """Stacked bars of lauréats per wave by type, with each type's share in the hover."""
    if mix["laureats"].sum() == 0:
        return empty_figure()
    traces = bars_by_type(
        mix,
        lambda rows: {
            "y": rows["laureats"].tolist(),
            "text": [format_number(n) if n else "" for n in rows["laureats"]],
            "textposition": "inside",
            "insidetextanchor": "middle",
            "textangle": 0,
            "insidetextfont": INSIDE_LABEL_FONT,
            "customdata": [[plural(n, "lauréat"), format_percent(s)] for n, s in zip(rows["laureats"], rows["share"])],
            "hovertemplate": "<b>%{x}</b><br>%{fullData.name}<br>%{customdata[0]} (%{customdata[1]} de la vague)"
            "<extra></extra>",
        },
    )
    return {
        "data": traces,
        "layout": base_layout(
            barmode="stack",
            xaxis=wave_axis(list(dict.fromkeys(mix["wave_label"]))),
            yaxis={
                "fixedrange": True,
                "gridcolor": GRID_COLOUR,
                "automargin": True,
                **count_axis(float(mix.groupby("wave")["laureats"].sum().max())),
            },
        ),
    }
