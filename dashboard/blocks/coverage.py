"""Block: coverage of the territories — régions (or the départements of the view's région)
ranked on the chosen measure, with lauréats per 100 000 inhabitants, per 100 QPV and the
share of the population living in a commune that hosts a lauréat, each beside the
national average."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dashboard.analysis.coverage import Figures
from dashboard.analysis.navigation import DEPARTEMENT, FRANCE, SITE
from dashboard.analysis.view import MEASURE_AMOUNT, MEASURE_PER_100K, ViewState
from dashboard.blocks.programme import (
    PER_100K_LABEL,
    Record,
    RecordsChartBlock,
    coverage_base,
    format_rate,
    place_name,
    scope_label,
)
from dashboard.data.loader import Dataset
from dashboard.presentation.figures import REFERENCE_COLOUR, base_layout, count_axis, empty_figure, euro_ticks
from dashboard.presentation.formatting import format_amount, format_number, format_percent, plural

BAR_COLOUR = "#000091"
HIGHLIGHT_COLOUR = "#B34000"
EURO = "Montant engagé estimé (€)"
QPV_RATE = "Lauréats en QPV pour 100 QPV"
SHARE = "Part de la population dans une commune avec un lauréat (%)"
COLUMNS = [
    "Code",
    "Territoire",
    "Population",
    "Lauréats",
    PER_100K_LABEL,
    "QPV",
    "Lauréats en QPV",
    QPV_RATE,
    "Population des communes avec un lauréat",
    SHARE,
    EURO,
]
MEASURE_NAMES = {
    "laureats": "lauréats",
    MEASURE_AMOUNT: "montant engagé (estimé)",
    MEASURE_PER_100K: "lauréats pour 100 000 habitants",
}


@dataclass(frozen=True)
class Coverage:
    shown: Figures  # the bars, ranked on the measure
    highlighted: list[bool]
    place: Figures  # one entry: the view's territory
    france: Figures  # one entry: France entière (101 départements)
    off_rates: int  # lauréats of the view with no population (Saint-Martin)
    rows_are: str  # "régions" or "départements"
    scope: str  # "Grand Est, toutes vagues"
    measure: str
    is_france: bool  # the view's territory is France entière


def measure_values(figures: Figures, measure: str) -> np.ndarray:
    if measure == MEASURE_PER_100K:
        return figures.per_100k
    if measure == MEASURE_AMOUNT:
        return figures.amount_eur
    return figures.laureats


def format_measure(value: float, measure: str) -> str:
    if value != value:
        return "–"
    if measure == MEASURE_PER_100K:
        return format_rate(value)
    if measure == MEASURE_AMOUNT:
        return format_amount(value)
    return format_number(value)


class CoverageBlock(RecordsChartBlock):
    key = "coverage"
    tab_label = "Couverture"
    title = "Couverture des territoires"
    description = (
        "Régions, ou départements de la région choisie, classés selon la mesure de la carte ; lauréats pour "
        "100 000 habitants, pour 100 QPV et part de la population couverte, face à la moyenne nationale."
    )
    file_stem = "couverture-territoires"
    height = 480
    decimals = {PER_100K_LABEL: 2, QPV_RATE: 1}

    def compute(self, dataset: Dataset, view: ViewState) -> Coverage:
        base = coverage_base(dataset)
        geo = view.geo
        departements = base.departements(view.waves)
        regions = base.regions(departements)
        france = departements.total()
        if geo.level == FRANCE:
            positions = [i for i, population in enumerate(regions.population) if population == population]
            shown = regions.take(positions)
            highlighted = [code in geo.regions for code in shown.codes]
            if geo.regions:
                place = departements.take(np.flatnonzero(base.departement_mask(geo.regions))).total(
                    "", place_name(dataset, view)
                )
            else:
                place = france
            rows_are = "régions"
            scope_mask = base.departement_mask(geo.regions)
        else:
            in_region = np.flatnonzero(base.departement_mask(geo.regions))
            shown = departements.take([int(i) for i in in_region if base.is_departement[i]])
            highlighted = [code == geo.departement for code in shown.codes]
            if geo.level in (DEPARTEMENT, SITE):
                place = departements.take([base.departement_codes.index(str(geo.departement))])
            else:
                place = regions.take([base.region_codes.index(geo.regions[0])])
            rows_are = "départements"
            scope_mask = base.departement_mask(geo.regions, geo.departement)
        in_scope = np.flatnonzero(scope_mask)
        off_rates = int(departements.laureats[in_scope][np.isnan(departements.population[in_scope])].sum())
        values = measure_values(shown, view.measure).tolist()
        order = sorted(
            range(len(values)), key=lambda i: (-(values[i] if values[i] == values[i] else -1.0), shown.names[i])
        )
        return Coverage(
            shown=shown.take(order),
            highlighted=[highlighted[i] for i in order],
            place=place,
            france=france,
            off_rates=off_rates,
            rows_are=rows_are,
            scope=scope_label(dataset, view),
            measure=view.measure,
            is_france=geo.level == FRANCE and not geo.regions,
        )

    def figure(self, data: Coverage, view: ViewState) -> dict:
        return coverage_figure(data)

    def summary(self, data: Coverage, view: ViewState) -> str:
        place, france = data.place, data.france

        def beside(text: str, national: str) -> str:
            return text if data.is_france else f"{text} (moyenne nationale {national})"

        rate = float(place.per_100k[0])
        share = float(place.covered_share[0])
        parts = [
            beside(
                f"{format_rate(rate)} lauréat{'s' if rate >= 2 else ''} pour 100\u202f000 habitants",
                format_rate(float(france.per_100k[0])),
            ),
            beside(
                f"{format_rate(float(place.qpv_per_100[0]), 1)} lauréats en QPV pour 100 QPV",
                format_rate(float(france.qpv_per_100[0]), 1),
            ),
            beside(
                f"{format_percent(share) if share == share else '–'} de la population vit dans une commune qui "
                "accueille un lauréat",
                format_percent(float(france.covered_share[0])),
            ),
        ]
        text = f"{data.scope} : " + " ; ".join(parts) + "."
        values = measure_values(data.shown, data.measure)
        known = [i for i, value in enumerate(values) if value == value]
        if len(known) > 1:
            top, bottom = known[0], known[-1]
            text += (
                f" Parmi les {data.rows_are}, selon {MEASURE_NAMES.get(data.measure, data.measure)} : en tête "
                f"{data.shown.names[top]} ({format_measure(float(values[top]), data.measure)}), en dernier "
                f"{data.shown.names[bottom]} ({format_measure(float(values[bottom]), data.measure)})."
            )
        return text

    def note(self, data: Coverage, view: ViewState) -> str:
        parts = [
            "Population municipale (INSEE, communes au 1er janvier 2026) ; QPV : liste 2024 (2025 outre-mer), alors "
            "que les lauréats ont été choisis sur celle de 2015."
        ]
        unknown = int(data.place.territory_unknown[0])
        if unknown:
            parts.append(
                f"Lauréats en QPV : ceux dont le territoire publié ou dérivé est « QPV » ; "
                f"{plural(unknown, 'lauréat')} au territoire non précisé n'y "
                f"{'sont pas comptés' if unknown > 1 else 'est pas compté'} : ce taux est un minimum."
            )
        if data.off_rates:
            parts.append(
                f"Saint-Martin ({plural(data.off_rates, 'lauréat')}) : hors taux, sa population n'est pas dans les "
                "sources."
            )
        return " ".join(parts)

    def columns_of(self, data: Coverage, view: ViewState) -> list[str]:
        return COLUMNS

    def records(self, data: Coverage, view: ViewState) -> list[Record]:
        records = records_of(data.shown)
        if data.place.codes[0] not in data.shown.codes and not data.is_france:
            records += records_of(data.place)
        return records + records_of(data.france)


def records_of(figures: Figures) -> list[Record]:
    per_100k, qpv_rate, share = figures.per_100k, figures.qpv_per_100, figures.covered_share
    return [
        {
            "Code": figures.codes[i],
            "Territoire": figures.names[i],
            "Population": _number(figures.population[i]),
            "Lauréats": int(figures.laureats[i]),
            PER_100K_LABEL: _number(per_100k[i], 4),
            "QPV": _number(figures.qpv[i]),
            "Lauréats en QPV": int(figures.qpv_laureats[i]),
            QPV_RATE: _number(qpv_rate[i], 2),
            "Population des communes avec un lauréat": _number(figures.covered_population[i]),
            SHARE: _number(share[i] * 100, 1),
            EURO: float(figures.amount_eur[i]),
        }
        for i in range(len(figures.codes))
    ]


def _number(value: float, decimals: int | None = None) -> float | int | None:
    if value != value:
        return None
    return int(value) if decimals is None else round(float(value), decimals)


def coverage_figure(data: Coverage) -> dict:
    """Horizontal bars ranked on the measure, the view's territory highlighted, the
    national rate as a line for the measure per 100 000 inhabitants."""
    shown = data.shown
    if int(shown.laureats.sum()) == 0 and data.measure != MEASURE_PER_100K:
        return empty_figure()
    values = measure_values(shown, data.measure)
    maximum = float(np.nanmax(values)) if len(values) and not np.all(np.isnan(values)) else 0.0
    shapes, annotations = [], []
    if data.measure == MEASURE_PER_100K:
        national = float(data.france.per_100k[0])
        maximum = max(maximum, national)
        shapes.append(_national_rate_line(national))
        annotations.append(_national_rate_annotation(national))
    return {"data": [_bars(data, values)], "layout": _coverage_layout(data.measure, maximum, shapes, annotations)}


def _bars(data: Coverage, values: np.ndarray) -> dict:
    """One bar per territory shown, the view's own hatched, with its three figures on hover."""
    shown = data.shown
    colours = [HIGHLIGHT_COLOUR if on else BAR_COLOUR for on in data.highlighted]
    return {
        "type": "bar",
        "orientation": "h",
        "name": MEASURE_NAMES.get(data.measure, data.measure),
        "y": shown.names,
        "x": [None if v != v else float(v) for v in values],
        "marker": {
            "color": colours,
            "pattern": {
                "shape": ["/" if on else "" for on in data.highlighted],
                "fgcolor": "#ffffff",
                "bgcolor": colours,
                "size": 8,
                "solidity": 0.3,
            },
        },
        "text": [format_measure(float(v), data.measure) for v in values],
        "textposition": "outside",
        "cliponaxis": False,
        "showlegend": False,
        "customdata": [
            [plural(int(n), "lauréat"), format_rate(float(r)), format_number(p) if p == p else "–"]
            for n, r, p in zip(shown.laureats, shown.per_100k, shown.population)
        ],
        "hovertemplate": "<b>%{y}</b><br>%{customdata[0]}<br>%{customdata[1]} pour 100 000 habitants"
        "<br>%{customdata[2]} habitants<extra></extra>",
    }


def _national_rate_line(national: float) -> dict:
    return {
        "type": "line",
        "xref": "x",
        "yref": "paper",
        "x0": national,
        "x1": national,
        "y0": 0,
        "y1": 1,
        "line": {"color": REFERENCE_COLOUR, "width": 1.5, "dash": "dash"},
    }


def _national_rate_annotation(national: float) -> dict:
    return {
        "xref": "x",
        "yref": "paper",
        "x": national,
        "y": 1,
        "yanchor": "bottom",
        "showarrow": False,
        "text": f"Moyenne nationale : {format_rate(national)}",
        "font": {"size": 12},
    }


def _coverage_layout(measure: str, maximum: float, shapes: list[dict], annotations: list[dict]) -> dict:
    """Bars top-down in rank order; the value axis with room for the bars' labels, its
    ticks in euros or whole counts (rates keep plotly's own)."""
    axis: dict = {}
    if measure == MEASURE_AMOUNT:
        axis = euro_ticks(maximum)
    elif measure != MEASURE_PER_100K:
        axis = count_axis(maximum)
    return base_layout(
        shapes=shapes,
        annotations=annotations,
        margin={"l": 10, "r": 10, "t": 24, "b": 10},
        xaxis={
            "fixedrange": True,
            "gridcolor": "#e5e5e5",
            "range": [0, max(maximum, 1e-9) * 1.25],
            "automargin": True,
            **axis,
        },
        yaxis={"fixedrange": True, "autorange": "reversed", "type": "category", "automargin": True},
        showlegend=False,
    )
