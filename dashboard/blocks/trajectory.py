"""Block: the programme's trajectory — cumulative lauréats by announcement date against the
objective of 300 by the end of 2022, with the estimated amount committed alongside, and
the 2024 wave as a published programme-level figure (not in the site list)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from dashboard.analysis import schedule
from dashboard.analysis.view import ViewState
from dashboard.blocks.base import is_national
from dashboard.blocks.programme import (
    PublishedWave,
    Record,
    RecordsChartBlock,
    published_waves,
    scope_label,
    wave_rows,
)
from dashboard.data import schema
from dashboard.data.loader import Dataset
from dashboard.presentation.figures import REFERENCE_COLOUR, base_layout, count_axis, empty_figure, euro_ticks
from dashboard.presentation.formatting import format_amount, format_eur, format_number, plural

AMI_LAUNCH = date(2019, 7, 1)  # the AMI opened in July 2019
OBJECTIVE_DATE = date(2022, 12, 31)  # 300 lauréats by the end of 2022
TARGET_WAVES = ("1", "2-4", "5", "6-7", "8")  # the objective concerns waves 1 to 8
LINE_COLOUR = "#000091"
AMOUNT_COLOUR = "#B34000"
PUBLISHED_COLOUR = "#6E445A"
MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
EURO = "Montant engagé estimé (€)"
CUMULATIVE_EURO = "Cumul engagé estimé (€)"
PUBLISHED = "Cumul publié (fabriques)"
COLUMNS = [
    "Vague",
    "Placement dans le temps",
    "Du",
    "Au",
    "Lauréats (labellisations)",
    "Cumul des lauréats",
    "Cumul des lieux distincts",
    EURO,
    CUMULATIVE_EURO,
    PUBLISHED,
    "Dans la liste des sites",
]


def month_year(day: date) -> str:
    return f"{MONTHS[day.month - 1]} {day.year}"


def french_date(day: date) -> str:
    return day.strftime("%d/%m/%Y")


@dataclass(frozen=True)
class Trajectory:
    rows: list[schedule.WaveRow]
    points: list[schedule.Point]
    published: list[PublishedWave]  # the programme's published waves (national view, all waves), else []
    show_objective: bool
    show_published: bool  # the published cumulative counts are comparable (national, all waves)
    relabellings: bool  # some place of the selection is labelled more than once
    scope: str  # "Grand Est, toutes vagues"

    @property
    def outside_list(self) -> list[PublishedWave]:
        return [wave for wave in self.published if not wave.in_site_list]


class TrajectoryBlock(RecordsChartBlock):
    key = "trajectory"
    tab_label = "Trajectoire"
    title = "Trajectoire du programme"
    description = (
        "Lauréats cumulés par date d'annonce des vagues, face à l'objectif de 300 fin 2022, et montant engagé "
        "cumulé (estimé)."
    )
    file_stem = "trajectoire"
    height = 420

    def compute(self, dataset: Dataset, view: ViewState) -> Trajectory:
        rows = wave_rows(dataset, view)
        national_all = is_national(view) and not view.waves
        return Trajectory(
            rows=rows,
            points=schedule.trajectory_points(rows, AMI_LAUNCH),
            published=published_waves(dataset) if national_all else [],
            show_objective=is_national(view) and (not view.waves or set(TARGET_WAVES) <= set(view.waves)),
            show_published=national_all,
            relabellings=any(row.cumulative_places != row.cumulative_laureats for row in rows),
            scope=scope_label(dataset, view),
        )

    def figure(self, data: Trajectory, view: ViewState) -> dict:
        return trajectory_figure(data)

    def summary(self, data: Trajectory, view: ViewState) -> str:
        labelled = [row for row in data.rows if row.laureats]
        if not labelled:
            return f"{data.scope} : aucun lauréat pour cette sélection."
        last = data.rows[-1]
        first_month, last_month = month_year(labelled[0].period.placed_from), month_year(labelled[-1].period.placed_to)
        period = f"en {first_month}" if first_month == last_month else f"de {first_month} à {last_month}"
        total = last.cumulative_laureats
        text = f"{data.scope} : {plural(total, 'lauréat')} labellisé{'s' if total > 1 else ''} {period}"
        if data.relabellings:
            text += f" ({plural(last.cumulative_places, 'lieu distinct', 'lieux distincts')})"
        if data.show_objective:
            reached = sum(row.laureats for row in data.rows if row.period.placed_to <= OBJECTIVE_DATE)
            verdict = "atteint" if reached >= schema.TARGET_LAUREATS else "non atteint"
            text += (
                f" ; {format_number(reached)} fin 2022 pour un objectif de "
                f"{format_number(schema.TARGET_LAUREATS)} : {verdict}"
            )
        text += f" ; montant engagé cumulé : {format_amount(last.cumulative_amount_eur)} (estimé)."
        for wave in data.outside_list:
            text += (
                f" {wave.label} (chiffres publiés, hors liste des sites) : {wave.laureats} lauréats, dont "
                f"{wave.new_places} nouveaux lieux et {wave.relabelled} relabellisés, soit {wave.cumulative} "
                "fabriques en tout."
            )
        return text

    def note(self, data: Trajectory, view: ViewState) -> str:
        spread = [row for row in data.rows if row.laureats and row.period.placed_from != row.period.placed_to]
        parts = []
        if spread:
            parts.append(
                "Sans date publiée par site (ni par jour), ces lauréats sont répartis sur leur période (trait en "
                "pente) : "
                + " ; ".join(
                    f"{row.period.wave_label} du {french_date(row.period.placed_from)} au "
                    f"{french_date(row.period.placed_to)}"
                    for row in spread
                )
                + "."
            )
        parts.append("Montants estimés selon le barème publié.")
        if not data.show_objective:
            parts.append(
                f"L'objectif de {schema.TARGET_LAUREATS} lauréats fin 2022 (vagues 1 à 8, programme national) n'est "
                "pas tracé pour cette sélection."
            )
        return " ".join(parts)

    def columns_of(self, data: Trajectory, view: ViewState) -> list[str]:
        return COLUMNS

    def records(self, data: Trajectory, view: ViewState) -> list[Record]:
        records: list[Record] = [
            {
                "Vague": row.period.wave_label,
                "Placement dans le temps": row.period.placement,
                "Du": french_date(row.period.placed_from),
                "Au": french_date(row.period.placed_to),
                "Lauréats (labellisations)": row.laureats,
                "Cumul des lauréats": row.cumulative_laureats,
                "Cumul des lieux distincts": row.cumulative_places,
                EURO: row.amount_eur,
                CUMULATIVE_EURO: row.cumulative_amount_eur,
                PUBLISHED: row.period.published_cumulative if data.show_published else None,
                "Dans la liste des sites": "oui",
            }
            for row in data.rows
        ]
        for wave in data.outside_list:
            records.append(
                {
                    "Vague": wave.label,
                    "Placement dans le temps": f"{wave.placement} ; {wave.laureats} lauréats dont {wave.new_places} "
                    f"nouveaux lieux et {wave.relabelled} relabellisés (chiffres publiés)",
                    "Du": french_date(wave.day),
                    "Au": french_date(wave.day),
                    PUBLISHED: wave.cumulative,
                    "Dans la liste des sites": "non (pas encore de liste par site)",
                }
            )
        return records

    def table(self, data: Trajectory, view: ViewState) -> pd.DataFrame:
        frame = super().table(data, view)
        counts = ["Lauréats (labellisations)", "Cumul des lauréats", "Cumul des lieux distincts", PUBLISHED]
        return frame.astype({c: "Int64" for c in counts} | {EURO: float, CUMULATIVE_EURO: float})


def _day(value: date) -> str:
    return value.isoformat()


def trajectory_figure(data: Trajectory) -> dict:
    """The cumulative lauréats (left axis) and euros (right axis) over time."""
    points = data.points
    if not any(row.laureats for row in data.rows):
        return empty_figure()
    published = [wave for wave in data.published if wave.cumulative is not None]
    traces = _cumulative_traces(points)
    if published:
        traces.append(_published_trace(published))
    annotations = [_outside_list_annotation(wave) for wave in data.outside_list]
    shapes: list[dict] = []
    if data.show_objective:
        shapes.append(_objective_shape())
        annotations.append(_objective_annotation())
    return {
        "data": traces,
        "layout": _trajectory_layout(data, published, shapes, annotations),
    }


def _cumulative_traces(points: list[schedule.Point]) -> list[dict]:
    """The lauréats of ANCT's list and their estimated euros, cumulated, with one hover
    text per point saying which wave it closes or opens."""
    hover = [
        [
            plural(point.laureats, "lauréat"),
            format_eur(point.amount_eur),
            ("avant : " if point.edge == "from" else "après : ") + point.wave_label
            if point.wave_label
            else "lancement de l'AMI",
        ]
        for point in points
    ]
    x = [_day(point.day) for point in points]
    return [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": "Lauréats cumulés (liste ANCT)",
            "x": x,
            "y": [point.laureats for point in points],
            "line": {"color": LINE_COLOUR, "width": 3},
            "marker": {"size": 6, "color": LINE_COLOUR},
            "customdata": hover,
            "hovertemplate": "%{x|%d/%m/%Y}<br><b>%{customdata[2]}</b><br>%{customdata[0]} cumulés<extra></extra>",
        },
        {
            "type": "scatter",
            "mode": "lines",
            "name": "Montant engagé cumulé (estimé)",
            "x": x,
            "y": [point.amount_eur for point in points],
            "yaxis": "y2",
            "line": {"color": AMOUNT_COLOUR, "width": 2, "dash": "dot"},
            "customdata": hover,
            "hovertemplate": "%{x|%d/%m/%Y}<br><b>%{customdata[2]}</b><br>%{customdata[1]} engagés (estimé)"
            "<extra></extra>",
        },
    ]


def _published_trace(published: list[PublishedWave]) -> dict:
    """The cumulative counts that sources published, as markers: a star for a wave that
    the list of sites does not hold yet."""
    return {
        "type": "scatter",
        "mode": "markers",
        "name": "Cumul publié (fabriques, sources)",
        "x": [_day(wave.day) for wave in published],
        "y": [wave.cumulative for wave in published],
        "marker": {
            "symbol": ["circle-open" if wave.in_site_list else "star" for wave in published],
            "size": [10 if wave.in_site_list else 15 for wave in published],
            "color": PUBLISHED_COLOUR,
            "line": {"width": 2, "color": PUBLISHED_COLOUR},
        },
        "customdata": [
            [wave.label, wave.placement + ("" if wave.in_site_list else " ; hors liste des sites")]
            for wave in published
        ],
        "hovertemplate": "<b>%{customdata[0]}</b> : %{y} fabriques (cumul publié)<br>%{customdata[1]}<extra></extra>",
    }


def _outside_list_annotation(wave: PublishedWave) -> dict:
    """The label of a wave known only from published counts (not in the list of sites)."""
    return {
        "x": _day(wave.day),
        "y": wave.cumulative,
        "xref": "x",
        "yref": "y",
        "text": f"{wave.label} (hors liste des sites) :<br>{wave.laureats} lauréats, dont "
        f"{wave.new_places} nouveaux lieux",
        "showarrow": True,
        "arrowhead": 0,
        "ax": -120,
        "ay": -28,
        "align": "right",
        "font": {"size": 11},
    }


def _objective_shape() -> dict:
    """The programme's objective as a dashed line from the AMI's launch to its deadline."""
    return {
        "type": "line",
        "xref": "x",
        "yref": "y",
        "x0": _day(AMI_LAUNCH),
        "x1": _day(OBJECTIVE_DATE),
        "y0": schema.TARGET_LAUREATS,
        "y1": schema.TARGET_LAUREATS,
        "line": {"color": REFERENCE_COLOUR, "width": 1.5, "dash": "dash"},
    }


def _objective_annotation() -> dict:
    return {
        "x": _day(AMI_LAUNCH),
        "xanchor": "left",
        "y": schema.TARGET_LAUREATS,
        "yanchor": "bottom",
        "xref": "x",
        "yref": "y",
        "text": f"Objectif : {schema.TARGET_LAUREATS} lauréats fin 2022",
        "showarrow": False,
        "font": {"size": 12},
    }


def _laureats_top(data: Trajectory, published: list[PublishedWave]) -> float:
    """The largest count the left axis must show: the list's, the published counts', the
    objective's when drawn."""
    maximum = float(max(point.laureats for point in data.points))
    if published:
        maximum = max(maximum, float(max(wave.cumulative or 0 for wave in published)))
    if data.show_objective:
        maximum = max(maximum, float(schema.TARGET_LAUREATS))
    if data.outside_list:
        maximum *= 1.1  # room for the 2024 wave's label above its point
    return maximum


def _last_day(data: Trajectory, published: list[PublishedWave]) -> date:
    """The end of the time axis: the 31 December after the last point, published count or
    objective date."""
    end = date(data.points[-1].day.year, 12, 31)
    if published:
        end = max(end, date(max(wave.day for wave in published).year, 12, 31))
    if data.show_objective:
        end = max(end, OBJECTIVE_DATE)
    return end


def _trajectory_layout(
    data: Trajectory, published: list[PublishedWave], shapes: list[dict], annotations: list[dict]
) -> dict:
    """Dates from the AMI's launch to the last one shown; lauréats on the left axis, euros
    on the right, each with room above its largest value."""
    end, maximum = _last_day(data, published), _laureats_top(data, published)
    amount_max = max(max(point.amount_eur for point in data.points), 1.0)
    return base_layout(
        shapes=shapes,
        annotations=annotations,
        hovermode="closest",
        xaxis={
            "type": "date",
            "fixedrange": True,
            "range": [_day(AMI_LAUNCH), _day(end)],
            "tickformat": "%Y",
            "dtick": "M12",
            "automargin": True,
        },
        yaxis={
            "title": {"text": "Lauréats (cumul)"},
            "fixedrange": True,
            "range": [0, maximum * 1.15],
            "gridcolor": "#e5e5e5",
            "automargin": True,
            **count_axis(maximum),
        },
        yaxis2={
            "title": {"text": "Engagé cumulé (estimé)"},
            "overlaying": "y",
            "side": "right",
            "fixedrange": True,
            "range": [0, amount_max * 1.15],
            "showgrid": False,
            "automargin": True,
            **euro_ticks(amount_max),
        },
    )
