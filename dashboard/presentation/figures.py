"""What every chart shares: colours, patterns, fonts, axes, the empty figure.

Each block builds its own figure (``dashboard/blocks/``) with these helpers.

Figures are plain dicts in plotly's JSON schema rather than ``go.Figure`` objects:
plotly.py validates every property it is given (about 1 ms per ``update_layout``
here), which would be most of a callback's time, while a dict goes to the browser as
is. The tests pass every figure through ``go.Figure`` to prove it is valid.
All texts are formatted in Python so that hovers read the same as the KPI cards.
"""

from __future__ import annotations

import math

import pandas as pd

from dashboard.data import schema
from dashboard.presentation.formatting import format_eur, format_meur

# Colour-blind-safe pairs drawn from the State design system's palette, each with
# at least 3:1 contrast on white; the legend and the labels also carry the meaning.
TYPE_COLOURS = {schema.TYPE_NUMERIQUE: "#000091", schema.TYPE_RESSOURCE: "#B34000", schema.UNKNOWN: "#8D8D8D"}
TYPE_NAMES = {
    schema.TYPE_NUMERIQUE: "Fabrique numérique",
    schema.TYPE_RESSOURCE: "Fabrique ressource",
    schema.UNKNOWN: "Type non précisé",
}
# A second, colour-free cue for each category: the bars' hatching (RGAA 3.1).
TYPE_PATTERNS = {schema.TYPE_NUMERIQUE: "", schema.TYPE_RESSOURCE: "/", schema.UNKNOWN: "."}
TERRITORY_PATTERNS = {schema.TERRITORY_QPV: "", schema.TERRITORY_RURAL: "/", schema.UNKNOWN: "."}
TERRITORY_COLOURS = {schema.TERRITORY_QPV: "#6E445A", schema.TERRITORY_RURAL: "#447049", schema.UNKNOWN: "#8D8D8D"}
TERRITORY_NAMES = {schema.TERRITORY_QPV: "QPV", schema.TERRITORY_RURAL: "Rural", schema.UNKNOWN: "Non précisé"}
REFERENCE_COLOUR = "#161616"
EMPTY_MESSAGE = "Aucune fabrique pour cette sélection"

FONT = {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif", "size": 13, "color": "#161616"}


def _marker(colour: str, pattern: str) -> dict:
    marker = {"color": colour, "line": {"color": "#ffffff", "width": 0.5}}
    if pattern:
        # White hatching over the category's colour (plotly's default background is
        # transparent, which would leave only the white lines).
        marker["pattern"] = {"shape": pattern, "fgcolor": "#ffffff", "bgcolor": colour, "size": 8, "solidity": 0.3}
    return marker


def base_layout(**overrides) -> dict:
    layout = {
        "font": FONT,
        "separators": ",\u202f",  # decimal comma, narrow no-break space for thousands
        "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "hoverlabel": {"font": {"family": FONT["family"], "size": 13}},
        "legend": {"orientation": "h", "yanchor": "top", "y": -0.15, "x": 0, "traceorder": "normal"},
        "dragmode": False,
    }
    layout.update(overrides)
    return layout


def empty_figure(message: str = EMPTY_MESSAGE) -> dict:
    return {
        "data": [],
        "layout": base_layout(
            xaxis={"visible": False},
            yaxis={"visible": False},
            annotations=[
                {
                    "text": message,
                    "showarrow": False,
                    "xref": "paper",
                    "yref": "paper",
                    "x": 0.5,
                    "y": 0.5,
                    "font": {"size": 16, "color": "#3a3a3a"},
                }
            ],
        ),
    }


def euro_ticks(maximum: float) -> dict:
    """Axis ticks in French money format: at most 7 round steps up to ``maximum``."""
    if maximum <= 0:
        return {"tickvals": [0], "ticktext": ["0\u00a0€"]}
    raw_step = maximum / 6
    magnitude = 10 ** math.floor(math.log10(raw_step))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw_step)
    values = [i * step for i in range(int(maximum // step) + 2)]
    formatter = format_meur if maximum >= 1_000_000 else format_eur
    return {"tickvals": values, "ticktext": [formatter(v) for v in values]}


def count_axis(maximum: float) -> dict:
    """Axis settings for counts of lauréats: whole numbers only, even for 1 or 2."""
    return {"tickformat": ",d", "dtick": 1} if maximum <= 6 else {"tickformat": ",d"}


def bars_by_type(table: pd.DataFrame, trace_for_rows) -> list[dict]:
    """One bar trace per type present in ``table`` (rows per wave and type), in the
    types' order, each with the type's name, colour and hatching; ``trace_for_rows``
    gives the rest of the trace (values, texts, hover) from the type's rows."""
    traces = []
    for type_value in schema.TYPES:
        rows = table[table["type"] == type_value]
        if rows["laureats"].sum() == 0:
            continue
        traces.append(
            {
                "type": "bar",
                "name": TYPE_NAMES[type_value],
                "x": rows["wave_label"].tolist(),
                "marker": _marker(TYPE_COLOURS[type_value], TYPE_PATTERNS[type_value]),
                **trace_for_rows(rows),
            }
        )
    return traces
