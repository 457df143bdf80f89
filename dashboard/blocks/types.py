"""Block: fabriques numériques and fabriques « ressource » per wave.

No public file gives each site's type, but the programme published the split of some
waves (wave 1: 32 fabriques numériques and 48 fabriques de territoire; the 2023 wave: 82
fabriques de territoire, no numérique). In a national view each bar carries that split,
"publié pour la vague", with the sites identified inside it (by a source, or by the rule on
ANCT's names), so that "non précisé" is only what is really unknown. Colour tells the type,
hatching the provenance.
"""

from __future__ import annotations

import pandas as pd

from dashboard.analysis import targets
from dashboard.analysis.view import ViewState
from dashboard.blocks.base import ChartBlock, is_national, view_cube
from dashboard.blocks.funding import wave_words
from dashboard.data import schema
from dashboard.data.loader import Dataset
from dashboard.presentation.figures import (
    GRID_COLOUR,
    INSIDE_LABEL_FONT,
    TYPE_COLOURS,
    bar_marker,
    base_layout,
    count_axis,
    empty_figure,
    wave_axis,
)
from dashboard.presentation.formatting import format_number, format_percent, plural

TYPE_WORDS = {
    schema.TYPE_NUMERIQUE: ("fabrique numérique", "fabriques numériques"),
    schema.TYPE_RESSOURCE: ("fabrique « ressource »", "fabriques « ressource »"),
}
# (column, words, hatching): the provenance of a part of a bar.
PROVENANCES = (
    ("published", "identifiées, publié", ""),
    ("derived", "identifiées, dérivé (règle du nom)", "/"),
    ("group", "publié pour la vague, non identifiées", "x"),
)
LEGEND_TYPES = {schema.TYPE_NUMERIQUE: "Numérique", schema.TYPE_RESSOURCE: "Ressource"}


def _count(n: int, type_value: str) -> str:
    singular, plural_form = TYPE_WORDS[type_value]
    return plural(n, singular, plural_form)


class TypesBlock(ChartBlock):
    key = "types"
    tab_label = "Numériques / ressources"
    title = "Fabriques numériques et ressources par vague"
    description = (
        "Lauréats par vague selon le type de fabrique : identifiés (publié ou dérivé) et, pour une vague dont la "
        "répartition a été publiée, la part publiée sans que les fabriques soient identifiées."
    )
    file_stem = "types-par-vague"

    def compute(self, dataset: Dataset, view: ViewState) -> pd.DataFrame:
        return targets.type_mix_by_wave(
            view_cube(dataset, view), dataset.reference.waves, view.waves, national=is_national(view)
        )

    def figure(self, data: pd.DataFrame, view: ViewState) -> dict:
        return type_mix_figure(data)

    def summary(self, data: pd.DataFrame, view: ViewState) -> str:
        total = int(data["total"].sum())
        if total == 0:
            return "Aucun lauréat pour cette sélection."
        with_group = data.groupby("wave")["group"].transform("sum") > 0
        published_waves = data[with_group]
        parts = []
        for (_order, wave, label), rows in published_waves.groupby(["wave_order", "wave", "wave_label"], sort=True):
            pieces = []
            for row in rows.to_dict("records"):
                type_value, total = str(row["type"]), int(row["total"])
                if type_value == schema.UNKNOWN or not total:
                    continue
                identified = int(row["published"]) + int(row["derived"])
                pieces.append(f"{_count(total, type_value)} ({format_number(identified)} identifiées)")
            parts.append(f"{wave_words(str(label), str(wave))}, publié pour la vague : " + " et ".join(pieces))
        rest = data[~with_group]
        if len(rest) and rest["total"].sum():
            by_type = rest.groupby("type")["total"].sum()
            pieces = [
                f"{_count(int(by_type.get(t, 0)), t)} identifiée{'s' if by_type.get(t, 0) > 1 else ''}"
                for t in (schema.TYPE_NUMERIQUE, schema.TYPE_RESSOURCE)
            ]
            pieces.append(f"{format_number(int(by_type.get(schema.UNKNOWN, 0)))} de type non précisé")
            words = "autres vagues" if parts else f"sur {plural(int(rest['total'].sum()), 'lauréat')}"
            parts.append(f"{words} : " + ", ".join(pieces))
        text = " ; ".join(parts)
        return text[0].upper() + text[1:] + "."

    def note(self, data: pd.DataFrame, view: ViewState) -> str:
        """The contradiction between the sources on where the fabriques numériques are."""
        numeriques = data[data["type"] == schema.TYPE_NUMERIQUE]
        published_for_wave = numeriques.groupby("wave")["group"].sum()
        if not is_national(view) or published_for_wave.sum() == 0:
            return ""
        waves_with_group = set(published_for_wave[published_for_wave > 0].index)
        outside = numeriques[~numeriques["wave"].isin(waves_with_group)]
        if outside["total"].sum() == 0:
            return ""
        labels = ", ".join(str(label).lower() for label in outside.loc[outside["total"] > 0, "wave_label"])
        return (
            f"Sources contradictoires : la presse de février 2020 place les {format_number(schema.TARGET_NUMERIQUES)} "
            f"fabriques numériques dans la vague 1, mais {_count(int(outside['total'].sum()), schema.TYPE_NUMERIQUE)} "
            f"nommées par une source (préfecture du Bas-Rhin) ont un rang ANCT en {labels}. Le graphique montre "
            f"les deux publications sans trancher ; {format_number(schema.TARGET_NUMERIQUES)} fabriques numériques ont "
            "été labellisées en tout."
        )

    def table(self, data: pd.DataFrame, view: ViewState) -> pd.DataFrame:
        shown = data[data["total"] > 0]
        return pd.DataFrame(
            {
                "Vague": [wave_words(label, wave) for label, wave in zip(shown["wave_label"], shown["wave"])],
                "Type": shown["type"],
                "Identifiées, publié": shown["published"].astype("int64"),
                "Identifiées, dérivé (règle du nom)": shown["derived"].astype("int64"),
                "Publié pour la vague, non identifiées": shown["group"].astype("int64"),
                "Non précisé": shown["unknown"].astype("int64"),
                "Total": shown["total"].astype("int64"),
                "Part de la vague (%)": (shown["share"] * 100).round(1),
            }
        ).reset_index(drop=True)


def type_mix_figure(mix: pd.DataFrame) -> dict:
    """Stacked bars of lauréats per wave: one segment per type and provenance."""
    if mix["total"].sum() == 0:
        return empty_figure()
    traces = []
    segments = [
        (type_value, column, f"{LEGEND_TYPES[type_value]} : {words}", pattern)
        for type_value in (schema.TYPE_NUMERIQUE, schema.TYPE_RESSOURCE)
        for column, words, pattern in PROVENANCES
    ] + [(schema.UNKNOWN, "unknown", "Type non précisé", ".")]
    for type_value, column, name, pattern in segments:
        rows = mix[mix["type"] == type_value]
        if rows[column].sum() == 0:
            continue
        traces.append(
            {
                "type": "bar",
                "name": name,
                "x": rows["wave_label"].tolist(),
                "y": rows[column].tolist(),
                "marker": bar_marker(TYPE_COLOURS[type_value], pattern),
                "text": [format_number(n) if n else "" for n in rows[column]],
                "textposition": "inside",
                "insidetextanchor": "middle",
                "textangle": 0,
                "insidetextfont": INSIDE_LABEL_FONT,
                "customdata": [
                    [plural(int(n), "lauréat"), format_percent(n / t) if t else "0\u00a0%"]
                    for n, t in zip(rows[column], rows.groupby("wave")["total"].transform("sum"))
                ],
                "hovertemplate": f"<b>%{{x}}</b><br>{name}<br>%{{customdata[0]}}<extra></extra>",
            }
        )
    return {
        "data": traces,
        "layout": base_layout(
            barmode="stack",
            xaxis=wave_axis(list(dict.fromkeys(mix["wave_label"]))),
            yaxis={
                "title": {"text": "Lauréats"},
                "fixedrange": True,
                "gridcolor": GRID_COLOUR,
                "automargin": True,
                **count_axis(float(mix.groupby("wave")["total"].sum().max())),
            },
        ),
    }
