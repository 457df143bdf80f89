"""Block: lauréats in QPV, in rural areas or of unknown territory — the lauréats of waves
1–8 against the programme's targets (150 / 150) where they apply, the 2023 wave apart.

Each bar tells where its lauréats come from: identified by a source (``publié``), by the
stated rule on the INSEE density grid (``dérivé``), or published for a group of waves
without the sites being identified (after wave 3: 102 in QPV and 68 rural), so that
"non précisé" is only what is really unknown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from dashboard.analysis import targets
from dashboard.analysis.view import ViewState
from dashboard.blocks.base import ChartBlock, view_cube
from dashboard.blocks.kpis import view_figures
from dashboard.data import schema
from dashboard.data.loader import Dataset
from dashboard.presentation.figures import (
    GRID_COLOUR,
    REFERENCE_COLOUR,
    bar_marker,
    base_layout,
    count_axis,
    empty_figure,
    labelled_categories,
)
from dashboard.presentation.formatting import format_number, plural

SENTENCE_NAMES = {
    schema.TERRITORY_QPV: "en QPV",
    schema.TERRITORY_RURAL: "en zone rurale",
    schema.UNKNOWN: "au territoire non précisé",
}
BAR_NAMES = {schema.TERRITORY_QPV: "QPV", schema.TERRITORY_RURAL: "Rural", schema.UNKNOWN: "Non précisé"}
TARGETS = {schema.TERRITORY_QPV: schema.TARGET_QPV, schema.TERRITORY_RURAL: schema.TARGET_RURAL}
LATER = "vague 2023"
# (column, legend, colour, hatching): colour-blind-safe, 3:1 on white, a hatching each.
SEGMENTS = (
    ("published", "Identifiés : publié", "#000091", ""),
    ("derived", "Identifiés : dérivé (grille de densité INSEE)", "#6A6AF4", "/"),
    ("group", "Publiés pour la vague ou le groupe de vagues, non identifiés", "#B34000", "x"),
    ("unknown", "Territoire non précisé", "#8D8D8D", "."),
)


@dataclass(frozen=True)
class TerritoryData:
    figures: targets.ProgrammeFigures
    initial: pd.DataFrame  # split_with_published of the lauréats of waves 1–8
    later: pd.DataFrame  # the same for the 2023 wave (no published group count)

    def rows(self) -> pd.DataFrame:
        """The bars: the initial waves' territories, then the 2023 wave's (those with lauréats)."""
        initial = self.initial.assign(part=self.figures.scope.initial_label, label=self.initial["value"].map(BAR_NAMES))
        if not self.figures.scope.has_initial:
            initial = initial.iloc[0:0]
        later = self.later[self.later["total"] > 0]
        later = later.assign(part=LATER, label="Vague 2023 : " + later["value"].map(BAR_NAMES).str.lower())
        return pd.concat([initial, later], ignore_index=True)


@dataclass(frozen=True)
class Row:
    value: str
    published: int
    derived: int
    group: int
    unknown: int
    total: int


def _records(split: pd.DataFrame) -> list[Row]:
    """The rows of a ``split_with_published`` table, typed."""
    return [
        Row(str(r["value"]), *(int(r[c]) for c in ("published", "derived", "group", "unknown", "total")))
        for r in split.to_dict("records")
    ]


class TerritoryBlock(ChartBlock):
    key = "territory"
    tab_label = "QPV / rural"
    title = "Répartition QPV / rural"
    description = (
        "Lauréats en quartier prioritaire (QPV), en zone rurale ou dont le territoire n'est pas précisé : ceux des "
        "vagues 1 à 8 face aux cibles du programme, la vague 2023 à part ; chaque barre dit d'où vient le chiffre."
    )
    file_stem = "repartition-qpv-rural"
    height = 480  # five bars, each labelled on two lines, under a legend of up to six entries

    def compute(self, dataset: Dataset, view: ViewState) -> TerritoryData:
        figures = view_figures(dataset, view)
        cube = view_cube(dataset, view)
        initial_mask = cube["wave"].isin(schema.INITIAL_WAVES).to_numpy()
        return TerritoryData(
            figures,
            targets.split_with_published(cube[initial_mask], "territory", figures.territory_gaps),
            targets.split_with_published(cube[~initial_mask], "territory"),
        )

    def figure(self, data: TerritoryData, view: ViewState) -> dict:
        return territory_figure(data.rows(), show_targets=data.figures.scope.targets_apply)

    def summary(self, data: TerritoryData, view: ViewState) -> str:
        figures = data.figures
        if figures.all["laureats"] == 0:
            return "Aucun lauréat pour cette sélection."
        parts = []
        initial_total = int(data.initial["total"].sum())
        if figures.scope.has_initial and initial_total:
            unknown_left = int(data.initial.loc[data.initial["value"] == schema.UNKNOWN, "total"].sum())
            pieces = []
            for row in _records(data.initial):
                if row.value == schema.UNKNOWN:
                    if row.total:
                        pieces.append(f"{format_number(row.total)} {SENTENCE_NAMES[row.value]}")
                    continue
                text = f"{'au moins ' if unknown_left else ''}{format_number(row.total)} {SENTENCE_NAMES[row.value]}"
                detail = []
                if row.published + row.derived:
                    identified = plural(row.published + row.derived, "identifié")
                    if row.derived:
                        identified += f" dont {format_number(row.derived)} par la grille INSEE"
                    detail.append(identified)
                if row.group:
                    labels = sorted(
                        {
                            g.fact.label.lower()
                            for g in figures.territory_gaps
                            if g.fact.value == row.value and g.unidentified
                        }
                    )
                    detail.append(f"{format_number(row.group)} publiés pour les {' et '.join(labels)}, non identifiés")
                if detail:
                    text += f" ({', '.join(detail)})"
                pieces.append(text)
            words = figures.scope.initial_label.capitalize()
            sentence = f"{words} ({plural(initial_total, 'lauréat')}) : " + ", ".join(pieces)
            if figures.scope.targets_apply:
                sentence += f" ; cibles {schema.TARGET_QPV} en QPV et {schema.TARGET_RURAL} en zone rurale"
            parts.append(sentence)
        later_total = int(data.later["total"].sum())
        if later_total:
            pieces = [
                f"{format_number(row.total)} {SENTENCE_NAMES[row.value]}"
                + (" (commune rurale, grille INSEE)" if row.value == schema.TERRITORY_RURAL and row.derived else "")
                for row in _records(data.later)
                if row.total
            ]
            parts.append(
                f"vague 2023 ({plural(later_total, 'lauréat')}, sans volet QPV / rural) : " + ", ".join(pieces)
            )
        text = " ; ".join(parts)
        return text[0].upper() + text[1:] + "."

    def note(self, data: TerritoryData, view: ViewState) -> str:
        scope = data.figures.scope
        notes = []
        if scope.has_initial and not scope.targets_apply:
            notes.append(
                f"Cibles nationales ({schema.TARGET_QPV} en QPV, {schema.TARGET_RURAL} en zone rurale, "
                f"{schema.INITIAL_WAVES_LABEL}) non tracées : {scope.why_not()}."
            )
        facts = sorted({gap.fact.label for gap in data.figures.territory_gaps if gap.unidentified})
        if facts:
            counts = ", ".join(
                f"{format_number(c.count)} {SENTENCE_NAMES[str(c.value)]}"
                for c in schema.PUBLISHED_COUNTS
                if c.attribute == "territory" and c.label in facts
            )
            notes.append(f"Publié pour les {facts[0].lower()} : {counts} (cumul, France Tiers-Lieux).")
        notes.append(
            "Rural « dérivé » : commune sans QPV et rurale dans la grille de densité INSEE (niveaux 5 à 7) ; le "
            "programme dit « hors des grands centres urbains »."
        )
        return " ".join(notes)

    def table(self, data: TerritoryData, view: ViewState) -> pd.DataFrame:
        rows = data.rows()
        return pd.DataFrame(
            {
                "Lauréats des": rows["part"],
                "Territoire": rows["value"],
                "Identifiés, publié": rows["published"].astype("int64"),
                "Identifiés, dérivé (grille INSEE)": rows["derived"].astype("int64"),
                "Publiés pour un groupe, non identifiés": rows["group"].astype("int64"),
                "Non précisé": rows["unknown"].astype("int64"),
                "Total": rows["total"].astype("int64"),
                "Cible nationale (vagues 1 à 8, France entière)": pd.array(
                    [TARGETS.get(value) if part != LATER else None for value, part in zip(rows["value"], rows["part"])],
                    dtype="Int64",
                ),
            }
        )


def territory_figure(rows: pd.DataFrame, show_targets: bool) -> dict:
    """Horizontal stacked bars, one per territory (the 2023 wave's apart), one segment per
    provenance; the targets as markers where they apply."""
    if rows.empty or rows["total"].sum() == 0:
        return empty_figure()
    labels = rows["label"].tolist()
    traces = [_segment(rows, labels, *segment) for segment in SEGMENTS if rows[segment[0]].sum() != 0]
    maximum = float(rows["total"].max())
    if show_targets:
        traces.append(_target_markers(rows))
        maximum = max(maximum, float(max(TARGETS.values())))
    return {
        "data": traces,
        "layout": base_layout(
            barmode="stack",
            xaxis={
                "fixedrange": True,
                "gridcolor": GRID_COLOUR,
                "range": [0, maximum * 1.1],
                "automargin": True,
                **count_axis(maximum),
            },
            # Each bar's total on its label, left of the axis: never cut at the end of a bar
            # nor crossed by a target marker.
            yaxis={
                **labelled_categories(labels, [format_number(n) for n in rows["total"]]),
                "autorange": "reversed",
            },
            showlegend=True,
        ),
    }


def _segment(
    rows: pd.DataFrame, labels: list[str], column: str, name: str, colour: str, pattern: str
) -> dict[str, Any]:
    """One provenance's segment of every bar (hatched when ``pattern`` is set)."""
    marker = bar_marker(colour, pattern)
    return {
        "type": "bar",
        "orientation": "h",
        "name": name,
        "y": labels,
        "x": rows[column].tolist(),
        "marker": marker,
        "customdata": [plural(int(n), "lauréat") for n in rows[column]],
        "hovertemplate": f"<b>%{{y}}</b><br>{name} : %{{customdata}}<extra></extra>",
    }


def _target_markers(rows: pd.DataFrame) -> dict[str, Any]:
    """The QPV and rural targets as a tick on their bars (the initial waves' bars only)."""
    targets = rows[(rows["part"] != LATER) & rows["value"].isin(list(TARGETS))]
    return {
        "type": "scatter",
        "mode": "markers",
        "name": f"Cible des {schema.INITIAL_WAVES_LABEL} ({schema.TARGET_QPV} en QPV, {schema.TARGET_RURAL} en rural)",
        "y": targets["label"].tolist(),
        "x": [float(TARGETS[v]) for v in targets["value"]],
        "marker": {
            "symbol": "line-ns-open",
            "size": 34,
            "line": {"width": 3, "color": REFERENCE_COLOUR},
            "color": REFERENCE_COLOUR,
        },
        "hovertemplate": "Cible : %{x}<extra></extra>",
    }
