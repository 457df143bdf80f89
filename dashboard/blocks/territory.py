"""Block: lauréats in QPV, in rural areas or of unknown territory, against the targets."""

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
    TERRITORY_COLOURS,
    TERRITORY_NAMES,
    TERRITORY_PATTERNS,
    base_layout,
    count_axis,
    empty_figure,
    labelled_categories,
)
from dashboard.presentation.formatting import format_eur, format_number, format_percent, plural

SENTENCE_NAMES = {
    schema.TERRITORY_QPV: "en QPV",
    schema.TERRITORY_RURAL: "en zone rurale",
    schema.UNKNOWN: "au territoire non précisé",
}


class TerritoryBlock(ChartBlock):
    key = "territory"
    title = "Répartition QPV / rural"
    description = (
        "Nombre de lauréats en quartier prioritaire (QPV), en zone rurale ou dont le territoire n'est pas "
        "précisé, face aux cibles du programme."
    )
    file_stem = "repartition-qpv-rural"

    def compute(self, dataset: Dataset, view: ViewState) -> pd.DataFrame:
        return compute.territory_split(view_cube(dataset, view))

    def figure(self, data: pd.DataFrame, view: ViewState) -> dict:
        return territory_figure(data, show_targets=is_national(view))

    def summary(self, data: pd.DataFrame, view: ViewState) -> str:
        total = int(data["laureats"].sum())
        if total == 0:
            return "Aucun lauréat pour cette sélection."
        parts = [
            f"{format_number(int(n))} {SENTENCE_NAMES[t]} ({format_percent(n / total)})"
            for t, n in zip(data["territory"], data["laureats"])
        ]
        return f"Sur {plural(total, 'lauréat')} : " + ", ".join(parts) + "."

    def note(self, data: pd.DataFrame, view: ViewState) -> str:
        if is_national(view):
            return ""
        return (
            f"Cibles nationales ({schema.TARGET_QPV} en QPV, {schema.TARGET_RURAL} en zone rurale) non tracées "
            "pour une sélection géographique."
        )

    def table(self, data: pd.DataFrame, view: ViewState) -> pd.DataFrame:
        total = data["laureats"].sum()
        return pd.DataFrame(
            {
                "Territoire": data["territory"],
                "Lauréats": data["laureats"],
                "Part des lauréats (%)": (data["laureats"] / total * 100).round(1) if total else data["laureats"] * 0.0,
                "Montant engagé (€)": data["amount_eur"],
                "Cible nationale (lauréats)": data["target"],
            }
        ).reset_index(drop=True)


def territory_figure(split: pd.DataFrame, show_targets: bool) -> dict:
    """Horizontal bars of lauréats per territory, with the national targets."""
    if split["laureats"].sum() == 0:
        return empty_figure()
    total = split["laureats"].sum()
    labels = [TERRITORY_NAMES[t] for t in split["territory"]]
    colours = [TERRITORY_COLOURS[t] for t in split["territory"]]
    traces = [
        {
            "type": "bar",
            "orientation": "h",
            "name": "Lauréats",
            "y": labels,
            "x": split["laureats"].tolist(),
            "marker": {
                "color": colours,
                "pattern": {
                    "shape": [TERRITORY_PATTERNS[t] for t in split["territory"]],
                    "fgcolor": "#ffffff",
                    "bgcolor": colours,
                    "size": 8,
                    "solidity": 0.3,
                },
            },
            "showlegend": False,
            "customdata": [
                [plural(n, "lauréat"), format_eur(a)] for n, a in zip(split["laureats"], split["amount_eur"])
            ],
            "hovertemplate": "<b>%{y}</b><br>%{customdata[0]}<br>%{customdata[1]}<extra></extra>",
        }
    ]
    maximum = float(split["laureats"].max())
    if show_targets:
        targets = split.dropna(subset=["target"])
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": f"Cible ({schema.TARGET_QPV} en QPV, {schema.TARGET_RURAL} en rural)",
                "y": [TERRITORY_NAMES[t] for t in targets["territory"]],
                "x": targets["target"].astype(float).tolist(),
                "marker": {
                    "symbol": "line-ns-open",
                    "size": 34,
                    "line": {"width": 3, "color": REFERENCE_COLOUR},
                    "color": REFERENCE_COLOUR,
                },
                "hovertemplate": "Cible : %{x}<extra></extra>",
            }
        )
        maximum = max(maximum, float(max(schema.TARGET_QPV, schema.TARGET_RURAL)))
    return {
        "data": traces,
        "layout": base_layout(
            xaxis={
                "fixedrange": True,
                "gridcolor": GRID_COLOUR,
                "range": [0, maximum * 1.1],
                "automargin": True,
                **count_axis(maximum),
            },
            # Each bar's value on its label, left of the axis.
            yaxis={
                **labelled_categories(
                    labels, [f"{format_number(n)} ({format_percent(n / total)})" for n in split["laureats"]]
                ),
                "autorange": "reversed",
            },
            showlegend=show_targets,
        ),
    }
