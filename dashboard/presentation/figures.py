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
import textwrap

import pandas as pd

from dashboard.data import schema
from dashboard.presentation.formatting import format_eur, format_meur

# Chart colours: the State design system's illustrative colours ("couleurs illustratives",
# DSFR tokens named below), each at least 3:1 on white (WCAG 1.4.11). Checked colour-blind
# safe: under simulated protanopia, deuteranopia and tritanopia (Machado 2009) every pair
# of a palette stays >= 20 CIELAB ΔE apart (types: >= 28); the hatching, the legend and the
# labels also carry the meaning (RGAA 3.1). tests/test_figures.py checks both.
DSFR_COLOURS = {
    "blue-ecume-sun-247": "#2f4077",
    "pink-tuile-main-556": "#ce614a",
    "purple-glycine-sun-319": "#6e445a",
    "green-bourgeon-sun-425": "#447049",
    "grey-625-425": "#929292",  # the neutral grey, for "non précisé"
    "grey-50-1000": "#161616",  # titles, reference lines
    "grey-200-850": "#3a3a3a",  # text
    "grey-900-175": "#dddddd",  # grid lines (decorative)
}
TYPE_COLOURS = {
    schema.TYPE_NUMERIQUE: DSFR_COLOURS["blue-ecume-sun-247"],
    schema.TYPE_RESSOURCE: DSFR_COLOURS["pink-tuile-main-556"],
    schema.UNKNOWN: DSFR_COLOURS["grey-625-425"],
}
TYPE_NAMES = {
    schema.TYPE_NUMERIQUE: "Fabrique numérique",
    schema.TYPE_RESSOURCE: "Fabrique ressource",
    schema.UNKNOWN: "Type non précisé",
}
# A second, colour-free cue for each category: the bars' hatching (RGAA 3.1).
TYPE_PATTERNS = {schema.TYPE_NUMERIQUE: "", schema.TYPE_RESSOURCE: "/", schema.UNKNOWN: "."}
TERRITORY_PATTERNS = {schema.TERRITORY_QPV: "", schema.TERRITORY_RURAL: "/", schema.UNKNOWN: "."}
TERRITORY_COLOURS = {
    schema.TERRITORY_QPV: DSFR_COLOURS["purple-glycine-sun-319"],
    schema.TERRITORY_RURAL: DSFR_COLOURS["green-bourgeon-sun-425"],
    schema.UNKNOWN: DSFR_COLOURS["grey-625-425"],
}
TERRITORY_NAMES = {schema.TERRITORY_QPV: "QPV", schema.TERRITORY_RURAL: "Rural", schema.UNKNOWN: "Non précisé"}
REFERENCE_COLOUR = DSFR_COLOURS["grey-50-1000"]
GRID_COLOUR = DSFR_COLOURS["grey-900-175"]
EMPTY_MESSAGE = "Aucune fabrique pour cette sélection"

# Marianne, the State's typeface, once loaded (assets/1-vendor/dsfr/); Arial is the DSFR's
# stand-in while it loads or where it is missing.
FONT_FAMILY = "Marianne, Arial, sans-serif"
FONT = {"family": FONT_FAMILY, "size": 13, "color": DSFR_COLOURS["grey-200-850"]}
# Labels written inside bars: white, outlined in dark grey, so that they read on any fill,
# hatching or dots included (plotly.js draws the outline as a CSS text-shadow).
_OUTLINE = "#161616"
INSIDE_LABEL_FONT = {
    "color": "#ffffff",
    "size": 12,
    "weight": 700,
    "shadow": f"1px 1px 1px {_OUTLINE}, -1px -1px 1px {_OUTLINE}, 1px -1px 1px {_OUTLINE}, -1px 1px 1px {_OUTLINE}",
}


def bar_marker(colour: str, pattern: str) -> dict:
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
        "hoverlabel": {"font": {"family": FONT_FAMILY, "size": 13}},
        # Above the drawing, outside it: plotly.js widens the top margin to fit it (on as
        # many lines as the width needs), so it never covers bars, ticks or labels.
        "legend": {
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "y": 1.02,
            "yanchor": "bottom",
            "traceorder": "normal",
        },
        # Labels inside bars all at one size; one that would have to shrink is hidden
        # rather than drawn small or rotated (its value is in the hover and the table).
        "uniformtext": {"minsize": INSIDE_LABEL_FONT["size"], "mode": "hide"},
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
                    "font": {"size": 16, "color": DSFR_COLOURS["grey-200-850"]},
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
    """Axis settings for counts of lauréats: whole numbers only, 1, 2, 5, 10, 20, 25, 50…
    apart, at most 7 ticks from 0 (even for a maximum of 1 or 2)."""
    magnitude = 1
    while True:
        step = next(
            (
                m * magnitude
                for m in (1, 2, 2.5, 5)
                if float(m * magnitude).is_integer() and maximum / (m * magnitude) <= 6
            ),
            None,
        )
        if step is not None:
            return {"tickformat": ",d", "tick0": 0, "dtick": int(step), "rangemode": "tozero"}
        magnitude *= 10


def wave_axis(labels: list[str]) -> dict:
    """A category axis of waves whose labels never overlap nor turn: each label on two
    lines ("Vagues" over "2 à 4"), horizontal, so six waves fit in a phone's width."""
    return {
        "type": "category",
        "fixedrange": True,
        "automargin": True,
        "tickangle": 0,
        "tickfont": {"size": 12},
        "tickvals": labels,
        "ticktext": [label.replace(" ", "<br>", 1) for label in labels],
    }


def labelled_categories(labels: list[str], values: list[str]) -> dict:
    """A category axis whose labels carry each bar's value ("QPV" over "83 (22 %)"): the
    value is never cut at the end of a bar nor crossed by a target marker."""
    return {
        "type": "category",
        "fixedrange": True,
        "automargin": True,
        "tickvals": labels,
        "ticktext": [f"<b>{label}</b><br>{value}" for label, value in zip(labels, values)],
    }


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
                "marker": bar_marker(TYPE_COLOURS[type_value], TYPE_PATTERNS[type_value]),
                **trace_for_rows(rows),
            }
        )
    return traces


LEGEND_LINE_CHARACTERS = 34  # a legend line that fits a phone's width (375 px) in the charts' font


def wrap_legend_names(figure: dict, width: int = LEGEND_LINE_CHARACTERS) -> dict:
    """The figure with each long legend entry on several lines (plotly never wraps them,
    and cuts them at the chart's edge on a phone)."""
    for item in [*figure.get("data", []), *figure.get("layout", {}).get("shapes", [])]:
        name = item.get("name")
        if isinstance(name, str) and len(name) > width and "<br>" not in name:
            item["name"] = "<br>".join(textwrap.wrap(name, width))
    return figure
