"""Block: the map of départements, a choropleth on one plotly geo subplot, drawn with no tiles.

France: the 101 départements, the five overseas ones moved into framed insets of the
map's empty south-west (as French national maps do; the boundaries of that view are
built so, see ``OVERSEAS_INSETS``). A région, or several: their départements coloured and
named, their outline drawn, the rest of France in grey around them. A département: the
same, zoomed on it, with its sites as points (one per commune, with a count where a
commune has several). The colour legend is HTML beside the drawing, so that it never
covers a département and its figures are exact.

This module is the block: the measure buttons, the HTML legend, what the view needs
(``compute``), the summary sentence and the table. The drawing is ``map_figure``'s; the
boundaries are fetched once by the browser (``map_figure.GEOJSON_URL`` and friends)
rather than sent in every figure.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from dashboard.analysis import compute
from dashboard.analysis.coverage import per_100k_inhabitants
from dashboard.analysis.navigation import DEPARTEMENT, FRANCE, SITE, GeoState, go_up_to
from dashboard.analysis.view import MEASURE_AMOUNT, MEASURE_LAUREATS, MEASURE_PER_100K, ViewState
from dashboard.blocks.base import ChartBlock, Prop
from dashboard.blocks.map_figure import EURO, MEASURES, PER_100K, map_figure
from dashboard.data.loader import Dataset
from dashboard.data.reference import Reference
from dashboard.presentation import ids
from dashboard.presentation.components import aria
from dashboard.presentation.formatting import format_amount, format_number, plural
from dashboard.presentation.presenters import crumbs

LEGEND_TITLE = f"{ids.graph('map')}-legend-title"
LEGEND_MAX = f"{ids.graph('map')}-legend-max"


@dataclass(frozen=True)
class MapData:
    departements: pd.DataFrame  # every département, lauréats and euros for the view's waves
    shown: pd.DataFrame  # the table of the départements the view shows
    sites: pd.DataFrame | None  # the sites drawn as points (département and site levels)
    off_map: int  # lauréats of a France-wide view that no département of the map holds
    place: str
    reference: Reference


class MapBlock(ChartBlock):
    key = "map"
    title = "Carte des départements"
    description = (
        "Cliquez sur un département pour ouvrir sa région, puis sur un département de la région pour voir ses "
        "fabriques. Outre-mer en encadrés."
    )
    file_stem = "carte-departements"
    height = 480

    def controls(self, dataset: Dataset) -> Any:
        # A fieldset gives the radio group its accessible name (dbc.RadioItems takes no ARIA attributes).
        measure = html.Fieldset(
            [
                html.Legend("Mesure affichée", className="form-label fs-6 mb-1"),
                dbc.RadioItems(
                    id=ids.MAP_MEASURE,
                    value=MEASURE_LAUREATS,
                    inline=True,
                    options=[{"label": label, "value": value} for value, label in MEASURES.items()],
                ),
            ],
            className="mb-1",
        )
        # The colour legend, beside the drawing: a scale from 0 to the largest value shown.
        legend = html.Div(
            [
                html.Span(id=LEGEND_TITLE, className="map-legend-title"),
                html.Span("0", className="map-legend-min"),
                html.Span(className="map-legend-scale", **aria(hidden="true")),
                html.Span(id=LEGEND_MAX, className="map-legend-max"),
            ],
            className="map-legend",
        )
        return html.Div([measure, legend])

    def outputs(self) -> dict[str, Prop]:
        return super().outputs() | {
            "legend_title": (LEGEND_TITLE, "children"),
            "legend_max": (LEGEND_MAX, "children"),
        }

    def extra_outputs(self, data: MapData, view: ViewState) -> dict[str, Any]:
        return {
            "legend_title": f"{MEASURES[view.measure]} par département :",
            "legend_max": _legend_value(colour_max(data, view), view.measure),
        }

    def compute(self, dataset: Dataset, view: ViewState) -> MapData:
        reference, state = dataset.reference, view.geo
        # The map colours every département for the chosen waves; the place only decides
        # where it looks.
        departements = compute.by_departement(
            compute.filter_cube(dataset.cube, waves=view.waves), reference.departements
        )
        departements[MEASURE_PER_100K] = per_100k_inhabitants(
            departements["departement_code"], departements["laureats"], reference
        )
        sites = None
        if state.level in {DEPARTEMENT, SITE}:
            sites = compute.filter_sites(dataset.sites, waves=view.waves, departement=state.departement)
        off_map = 0
        if state.level == FRANCE and not state.regions:
            off_map = int(
                departements.loc[~departements["departement_code"].isin(reference.departement_bounds), "laureats"].sum()
            )
        # The map shows a département, not a site: its label is the place's.
        place = crumbs(go_up_to(state, DEPARTEMENT), reference)[-1][1]
        return MapData(departements, map_table(departements, state, reference), sites, off_map, place, reference)

    def figure(self, data: MapData, view: ViewState) -> dict:
        return map_figure(data.departements, view.measure, view.geo, data.reference, data.sites, colour_max(data, view))

    def summary(self, data: MapData, view: ViewState) -> str:
        shown = data.shown
        with_sites = shown[shown["Lauréats"] > 0]
        elsewhere = f" ; {plural(data.off_map, 'lauréat')} hors carte (Saint-Martin)" if data.off_map else ""
        if with_sites.empty:
            return f"{data.place} : aucune fabrique labellisée{elsewhere}."
        total = plural(int(shown["Lauréats"].sum()), "lauréat")
        if len(shown) == 1:
            return f"{data.place} : {total}{elsewhere}."
        most = int(with_sites["Lauréats"].max())
        leaders = with_sites.loc[with_sites["Lauréats"] == most, "Département"].tolist()
        first = (
            f"le plus grand nombre : {leaders[0]} ({format_number(most)})"
            if len(leaders) == 1
            else f"le plus grand nombre ({format_number(most)}) : {', '.join(leaders[:4])}"
            + (f" et {len(leaders) - 4} autres" if len(leaders) > 4 else "")
        )
        return (
            f"{data.place} : {total} dans {format_number(len(with_sites))} des "
            f"{format_number(len(shown))} départements ; {first}{elsewhere}."
        )

    def table(self, data: MapData, view: ViewState) -> pd.DataFrame:
        return data.shown


def colour_max(data: MapData, view: ViewState) -> float:
    """The top of the colour scale: the largest value among the départements coloured."""
    measure = view.measure if view.measure in MEASURES else MEASURE_LAUREATS
    coloured = data.departements["departement_code"].isin(data.shown["Code département"])
    values = data.departements.loc[coloured, measure]
    return float(values.max()) if values.notna().any() else 0.0


def _legend_value(value: float, measure: str) -> str:
    if measure == MEASURE_AMOUNT:
        return format_amount(value)
    if measure == MEASURE_PER_100K:
        return format_number(value, 2)
    return format_number(max(value, 1.0))


def map_table(departements: pd.DataFrame, state: GeoState, reference: Reference) -> pd.DataFrame:
    """One row per département coloured in the view (France: all 101; régions: theirs;
    département or site: that one)."""
    drawn = departements[departements["departement_code"].isin(reference.departement_bounds)]
    if state.level in {DEPARTEMENT, SITE}:
        drawn = drawn[drawn["departement_code"] == state.departement]
    elif state.regions:
        drawn = drawn[drawn["region_code"].isin(state.regions)]
    return pd.DataFrame(
        {
            "Code département": drawn["departement_code"],
            "Département": drawn["departement"],
            "Code région": drawn["region_code"],
            "Région": drawn["region"],
            "Lauréats": drawn["laureats"],
            EURO: drawn["amount_eur"],
            PER_100K: drawn[MEASURE_PER_100K].round(2),
        }
    ).reset_index(drop=True)
