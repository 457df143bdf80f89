"""Block: the funding per wave — an estimate from the published scale, shown as a range —
with the cumulative range of waves 1–8 and, where it applies, the programme's envelope.

Per-site amounts are almost never published: an amount from the scale is an estimate,
between the bottom (75,000 € over three years) and the top (150,000 €) of the scale of the
2019–2020 texts, plus the 100,000 € bonus of a fabrique numérique identified as such. The
bars stack the published amounts, the bottom of the estimate and the gap up to its top.
The 2023 wave (a flat 50,000 € each) is outside the 45 M€ envelope: it is never added to
the cumulative, and the envelope is drawn only where the targets apply (``TargetScope``).
"""

from __future__ import annotations

import pandas as pd

from dashboard.analysis import compute, targets
from dashboard.analysis.targets import TargetScope
from dashboard.analysis.view import ViewState
from dashboard.blocks.base import ChartBlock, is_national, view_cube
from dashboard.data import schema
from dashboard.data.loader import Dataset
from dashboard.presentation.figures import (
    GRID_COLOUR,
    REFERENCE_COLOUR,
    bar_marker,
    base_layout,
    empty_figure,
    euro_ticks,
    wave_axis,
)
from dashboard.presentation.formatting import format_amount_range, format_eur, format_meur, format_number, plural

# Short headers: the table must fit its card without a scroll bar (RGAA: a scrolling region
# would need a keyboard stop); the unit and the word "estimé" stay in each.
LOW = "Estimé, bas (€)"
HIGH = "Estimé, plafond (€)"
PUBLISHED = "Dont publié (€)"
CUMULATIVE_LOW = "Cumul estimé 1 à 8, bas (€)"
CUMULATIVE_HIGH = "Cumul estimé 1 à 8, plafond (€)"
ENVELOPE = "Enveloppe"
# Colour-blind-safe, at least 3:1 on white; the gap is also hatched.
PUBLISHED_COLOUR, LOW_COLOUR, GAP_COLOUR = "#B34000", "#000091", "#6A6AF4"


def _initial_label(initial: pd.DataFrame) -> str:
    """The initial waves of the view with lauréats, in words: "Vague 1", "Vagues 1 à 8"…"""
    shown = initial[initial["laureats"] > 0]
    if len(shown) == 1:
        return str(shown["wave_label"].iat[0])
    if set(initial["wave"]) == set(schema.INITIAL_WAVES):
        return schema.INITIAL_WAVES_LABEL.capitalize()
    return "Vagues choisies (hors 2023)"


def wave_words(label: str, wave: str) -> str:
    """A wave's label, saying when it is a group of waves that the list cannot separate."""
    first, _, last = wave.partition("-")
    if last and first.isdigit() and last.isdigit():
        return f"{label} (groupe de {int(last) - int(first) + 1} vagues)"
    return label


class FundingBlock(ChartBlock):
    key = "funding"
    tab_label = "Financement"
    title = "Financement estimé par vague"
    description = (
        "Estimation selon le barème publié (fourchette), montants publiés à part ; cumul estimé des vagues 1 à 8 et "
        "enveloppe de 45 M€ quand elle s'applique à la vue."
    )
    file_stem = "financement-estime-par-vague"
    height = 480

    def compute(self, dataset: Dataset, view: ViewState) -> tuple[pd.DataFrame, TargetScope]:
        scope = targets.target_scope(dataset.reference.wave_codes, view.waves, is_national(view))
        return compute.funding_per_wave(view_cube(dataset, view), dataset.reference.waves, view.waves), scope

    def figure(self, data: tuple[pd.DataFrame, TargetScope], view: ViewState) -> dict:
        funding, scope = data
        return funding_figure(funding, show_envelope=scope.targets_apply)

    def summary(self, data: tuple[pd.DataFrame, TargetScope], view: ViewState) -> str:
        funding, scope = data
        if funding["laureats"].sum() == 0:
            return "Aucun financement pour cette sélection."
        parts = []
        initial, later = funding[funding["initial"]], funding[~funding["initial"]]
        if initial["laureats"].sum():
            sentence = (
                f"{_initial_label(initial)} : "
                f"{format_amount_range(initial['amount_low_eur'].sum(), initial['amount_high_eur'].sum())} estimés "
                f"pour {plural(int(initial['laureats'].sum()), 'lauréat')}"
            )
            if scope.targets_apply:
                sentence += f" (enveloppe {format_meur(schema.TARGET_ENVELOPE_EUR)})"
            parts.append(sentence)
        if later["laureats"].sum():
            parts.append(
                f"vague 2023 : {format_amount_range(later['amount_low_eur'].sum(), later['amount_high_eur'].sum())} "
                f"({format_number(int(later['laureats'].sum()))} × {format_eur(schema.LATER_WAVE_GRANT_EUR)}), "
                "hors enveloppe"
            )
        shown = funding[funding["laureats"] > 0]
        if len(shown) > 1:
            tops = shown[shown["amount_high_eur"] == shown["amount_high_eur"].max()]
            groups = " (par vague ou groupe de vagues)" if shown["wave"].str.contains("-").any() else ""
            names = " et ".join(wave_words(label, wave) for label, wave in zip(tops["wave_label"], tops["wave"]))
            top = tops.iloc[0]
            parts.append(
                f"le plus gros montant estimé{groups} : {names}"
                + (", à égalité" if len(tops) > 1 else "")
                + f", {format_amount_range(top['amount_low_eur'], top['amount_high_eur'])}"
                + (" chacune" if len(tops) > 1 else "")
            )
        text = " ; ".join(parts)
        return text[0].upper() + text[1:] + "."

    def note(self, data: tuple[pd.DataFrame, TargetScope], view: ViewState) -> str:
        funding, scope = data
        if not funding["initial"].any() or funding.loc[funding["initial"], "laureats"].sum() == 0:
            return ""
        if not scope.targets_apply:
            return (
                f"L'enveloppe de {format_meur(schema.TARGET_ENVELOPE_EUR)} concerne les "
                f"{format_number(schema.TARGET_LAUREATS)} lauréats des {schema.INITIAL_WAVES_LABEL} au niveau "
                f"national : elle n'est pas tracée ici ({scope.why_not()})."
            )
        high = funding.loc[funding["initial"], "amount_high_eur"].sum()
        if high <= schema.TARGET_ENVELOPE_EUR:
            return ""
        return (
            f"Le plafond estimé ({format_meur(high)}) dépasse l'enveloppe de {format_meur(schema.TARGET_ENVELOPE_EUR)} "
            f"sans qu'il s'agisse d'un dépassement constaté : {format_number(schema.TARGET_LAUREATS)} × "
            f"{format_eur(schema.GRANT_MAX_EUR)} font {format_meur(schema.TARGET_ENVELOPE_EUR)}, et le barème ajoute "
            f"{format_eur(schema.NUMERIQUE_BONUS_EUR)} par fabrique numérique identifiée ; les montants réels par "
            "fabrique ne sont pas publiés."
        )

    def table(self, data: tuple[pd.DataFrame, TargetScope], view: ViewState) -> pd.DataFrame:
        """The table on screen: the export's columns that fit the card without a scroll bar
        (the bottom of the cumulative and the envelope column are in the file)."""
        return self.full_table(data, view).drop(columns=[CUMULATIVE_LOW, ENVELOPE])

    def export_frame(self, dataset: Dataset, view: ViewState, **values: object) -> pd.DataFrame:
        return self.full_table(self.compute(dataset, view), view)

    def full_table(self, data: tuple[pd.DataFrame, TargetScope], view: ViewState) -> pd.DataFrame:
        """One row per wave: what the bars and the cumulative lines show (each amount once:
        the columns add up)."""
        funding, _scope = data
        shown = funding[funding["laureats"] > 0]

        def euros(column: str) -> pd.Series:
            return shown[column].round().astype("Int64")

        return pd.DataFrame(
            {
                "Vague": [wave_words(label, wave) for label, wave in zip(shown["wave_label"], shown["wave"])],
                "Lauréats": shown["laureats"].astype("int64"),
                LOW: euros("amount_low_eur"),
                HIGH: euros("amount_high_eur"),
                PUBLISHED: euros("amount_published_eur"),
                CUMULATIVE_LOW: euros("cumulative_low_eur"),
                CUMULATIVE_HIGH: euros("cumulative_high_eur"),
                ENVELOPE: [
                    format_meur(schema.TARGET_ENVELOPE_EUR) if initial else "hors enveloppe"
                    for initial in shown["initial"]
                ],
            }
        ).reset_index(drop=True)


def _bar(name: str, rows: pd.DataFrame, values: pd.Series, colour: str, pattern: str = "") -> dict:
    marker = bar_marker(colour, pattern)
    return {
        "type": "bar",
        "name": name,
        "x": rows["wave_label"].tolist(),
        "y": values.tolist(),
        "marker": marker,
        "customdata": [
            [
                format_amount_range(low, high),
                plural(int(n), "lauréat"),
                format_eur(published) if published else "aucun",
                "dans l'enveloppe des vagues 1 à 8" if initial else "hors enveloppe (forfait de la vague 2023)",
            ]
            for low, high, n, published, initial in zip(
                rows["amount_low_eur"],
                rows["amount_high_eur"],
                rows["laureats"],
                rows["amount_published_eur"],
                rows["initial"],
            )
        ],
        "hovertemplate": "<b>%{x}</b><br>%{customdata[1]}<br>Montant estimé : %{customdata[0]}<br>"
        "Montants publiés : %{customdata[2]}<br>%{customdata[3]}<extra></extra>",
    }


def funding_figure(funding: pd.DataFrame, show_envelope: bool) -> dict:
    """Stacked bars per wave (published, bottom of the estimate, gap to its top), the
    cumulative range of the initial waves, the envelope."""
    if funding["laureats"].sum() == 0:
        return empty_figure()
    traces = _amount_bars(funding) + _cumulative_lines(funding)
    maximum = float(max(funding["amount_high_eur"].max(), funding["cumulative_high_eur"].max(skipna=True) or 0.0))
    shapes = []
    if show_envelope:
        maximum = max(maximum, schema.TARGET_ENVELOPE_EUR)
        shapes.append(_envelope_line())
    return {
        "data": traces,
        "layout": base_layout(
            barmode="stack",
            shapes=shapes,
            xaxis=wave_axis(list(dict.fromkeys(funding["wave_label"]))),
            yaxis={
                "title": {"text": "Montant estimé (€)"},
                "fixedrange": True,
                "gridcolor": GRID_COLOUR,
                "range": [0, maximum * 1.08],
                "automargin": True,
                **euro_ticks(maximum),
            },
        ),
    }


def _amount_bars(funding: pd.DataFrame) -> list[dict]:
    """One stacked segment per part of each wave's amount that is not zero everywhere."""
    published = funding["amount_published_eur"]
    low_estimated = funding["amount_low_eur"] - published
    gap = funding["amount_high_eur"] - funding["amount_low_eur"]
    bars = []
    if published.sum():
        bars.append(_bar("Montants publiés", funding, published, PUBLISHED_COLOUR))
    if low_estimated.sum():
        bars.append(_bar("Estimation : bas du barème", funding, low_estimated, LOW_COLOUR))
    if gap.sum():
        bars.append(_bar("Estimation : écart jusqu'au plafond", funding, gap, GAP_COLOUR, "/"))
    return bars


def _cumulative_lines(funding: pd.DataFrame) -> list[dict]:
    """The cumulative range (top and bottom of the estimate) over the initial waves; none
    unless at least two initial waves are shown and one has lauréats."""
    initial = funding[funding["initial"] & (funding["laureats"] > 0)]
    rows = funding[funding["initial"]]
    if initial.empty or len(rows) < 2:
        return []
    return [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": f"Cumul estimé des {schema.INITIAL_WAVES_LABEL}, {name}",
            "x": rows["wave_label"].tolist(),
            "y": rows[f"cumulative_{bound}_eur"].tolist(),
            "line": {"color": REFERENCE_COLOUR, "width": 2, "dash": dash},
            "marker": {"symbol": "diamond" if bound == "high" else "circle", "size": 8, "color": REFERENCE_COLOUR},
            "customdata": [format_eur(v) for v in rows[f"cumulative_{bound}_eur"]],
            "hovertemplate": f"<b>%{{x}}</b><br>Cumul estimé ({name}) : %{{customdata}}<extra></extra>",
        }
        for bound, name, dash in (("high", "plafond", "solid"), ("low", "bas", "dot"))
    ]


def _envelope_line() -> dict:
    """The programme's envelope, named in the legend rather than by a label on the chart,
    which the cumulative line would cross."""
    return {
        "type": "line",
        "xref": "paper",
        "x0": 0,
        "x1": 1,
        "yref": "y",
        "y0": schema.TARGET_ENVELOPE_EUR,
        "y1": schema.TARGET_ENVELOPE_EUR,
        "line": {"color": REFERENCE_COLOUR, "width": 1.5, "dash": "dash"},
        "showlegend": True,
        "name": f"Enveloppe {format_meur(schema.TARGET_ENVELOPE_EUR)} "
        f"({schema.TARGET_LAUREATS} lauréats des {schema.INITIAL_WAVES_LABEL})",
    }
