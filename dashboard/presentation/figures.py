"""Figure builders: tables from ``compute`` in, plotly figures out.

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
from dashboard.presentation.formatting import format_eur, format_meur, format_number, format_percent, plural

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


def _bars_by_type(table: pd.DataFrame, trace_for_rows) -> list[dict]:
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


def funding_figure(funding: pd.DataFrame, show_envelope: bool) -> dict:
    """Stacked bars of euros per wave and type, the cumulative amount, the €45M envelope."""
    if funding["laureats"].sum() == 0:
        return empty_figure()
    traces = _bars_by_type(
        funding,
        lambda rows: {
            "y": rows["amount_eur"].tolist(),
            "customdata": [[format_eur(a), plural(n, "lauréat")] for a, n in zip(rows["amount_eur"], rows["laureats"])],
            "hovertemplate": "<b>%{x}</b><br>%{fullData.name}<br>%{customdata[0]}<br>%{customdata[1]}<extra></extra>",
        },
    )
    # The cumulative amount repeats on each type's row of a wave: one row per wave (the
    # table is in wave order), without a groupby (~1.5 ms of the callback here).
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
    shapes, annotations = [], []
    if show_envelope:
        maximum = max(maximum, schema.TARGET_ENVELOPE_EUR)
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
            }
        )
        annotations.append(
            {
                "xref": "paper",
                "x": 0,
                "xanchor": "left",
                "yref": "y",
                "y": schema.TARGET_ENVELOPE_EUR,
                "yanchor": "bottom",
                "showarrow": False,
                "text": f"Enveloppe {format_meur(schema.TARGET_ENVELOPE_EUR)} (300 premiers lauréats)",
                "font": {"size": 12},
            }
        )
    return {
        "data": traces,
        "layout": base_layout(
            barmode="stack",
            shapes=shapes,
            annotations=annotations,
            xaxis={"type": "category", "fixedrange": True, "automargin": True},
            yaxis={
                "fixedrange": True,
                "gridcolor": "#e5e5e5",
                "range": [0, maximum * 1.08],
                "automargin": True,
                **euro_ticks(maximum),
            },
            margin={"l": 10, "r": 10, "t": 10, "b": 10},
        ),
    }


def territory_figure(split: pd.DataFrame, show_targets: bool) -> dict:
    """Horizontal bars of lauréats per territory, with the 150 / 150 targets."""
    if split["laureats"].sum() == 0:
        return empty_figure()
    total = split["laureats"].sum()
    labels = [TERRITORY_NAMES[t] for t in split["territory"]]
    traces = [
        {
            "type": "bar",
            "orientation": "h",
            "name": "Lauréats",
            "y": labels,
            "x": split["laureats"].tolist(),
            "marker": {
                "color": [TERRITORY_COLOURS[t] for t in split["territory"]],
                "pattern": {
                    "shape": [TERRITORY_PATTERNS[t] for t in split["territory"]],
                    "fgcolor": "#ffffff",
                    "bgcolor": [TERRITORY_COLOURS[t] for t in split["territory"]],
                    "size": 8,
                    "solidity": 0.3,
                },
            },
            "text": [f"{format_number(n)} ({format_percent(n / total)})" for n in split["laureats"]],
            "textposition": "outside",
            "cliponaxis": False,
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
                "name": "Cible (150 en QPV, 150 en rural)",
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
        maximum = max(maximum, float(schema.TARGET_QPV))
    return {
        "data": traces,
        "layout": base_layout(
            xaxis={
                "fixedrange": True,
                "gridcolor": "#e5e5e5",
                "range": [0, maximum * 1.25],
                "automargin": True,
                **count_axis(maximum),
            },
            yaxis={"fixedrange": True, "autorange": "reversed", "type": "category", "automargin": True},
            showlegend=show_targets,
        ),
    }


def type_mix_figure(mix: pd.DataFrame) -> dict:
    """Stacked bars of lauréats per wave by type, with each type's share in the hover."""
    if mix["laureats"].sum() == 0:
        return empty_figure()
    traces = _bars_by_type(
        mix,
        lambda rows: {
            "y": rows["laureats"].tolist(),
            "text": [format_number(n) if n else "" for n in rows["laureats"]],
            "textposition": "inside",
            "insidetextanchor": "middle",
            "customdata": [[plural(n, "lauréat"), format_percent(s)] for n, s in zip(rows["laureats"], rows["share"])],
            "hovertemplate": "<b>%{x}</b><br>%{fullData.name}<br>%{customdata[0]} (%{customdata[1]} de la vague)"
            "<extra></extra>",
        },
    )
    return {
        "data": traces,
        "layout": base_layout(
            barmode="stack",
            xaxis={"type": "category", "fixedrange": True, "automargin": True},
            yaxis={
                "fixedrange": True,
                "gridcolor": "#e5e5e5",
                "automargin": True,
                **count_axis(float(mix.groupby("wave")["laureats"].sum().max())),
            },
        ),
    }
