"""Block: the map of départements, a choropleth on plotly geo subplots drawn with no tiles.

Metropolitan France fills the main subplot; the five overseas départements get insets
of their own (at their true position they would be off-screen). The boundaries are
fetched once by the browser from ``GEOJSON_URL`` rather than sent in every figure.
At département level the sites appear as points at their commune's coordinates.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from dashboard.analysis import compute
from dashboard.analysis.coverage import per_100k_inhabitants
from dashboard.analysis.navigation import DEPARTEMENT, FRANCE, SITE, GeoState, go_up_to
from dashboard.analysis.view import MEASURE_AMOUNT, MEASURE_LAUREATS, MEASURE_PER_100K, ViewState
from dashboard.blocks.base import ChartBlock
from dashboard.data import schema
from dashboard.data.loader import Dataset
from dashboard.data.reference import Bounds, Reference
from dashboard.presentation import ids
from dashboard.presentation.figures import TYPE_COLOURS, TYPE_NAMES, base_layout, euro_ticks
from dashboard.presentation.formatting import format_amount, format_eur, format_number, plural
from dashboard.presentation.presenters import crumbs

EURO = "Montant engagé (€)"

GEOJSON_URL = "/geo/departements.geojson"
# The France view, drawn on every first visit, uses coarser boundaries (see
# scripts/build_dataset.py); the zoomed views the precise ones.
OVERVIEW_GEOJSON_URL = "/geo/departements-france.geojson"
PER_100K = "Lauréats pour 100\u202f000 habitants"
MEASURES = {MEASURE_LAUREATS: "Lauréats", MEASURE_AMOUNT: EURO, MEASURE_PER_100K: PER_100K}
OVERSEAS = (("971", "Guadeloupe"), ("972", "Martinique"), ("973", "Guyane"), ("974", "La Réunion"), ("976", "Mayotte"))
MAIN_DOMAIN_WITH_INSETS = {"x": [0.0, 0.8], "y": [0.0, 1.0]}
COLOURSCALE = [[0.0, "#F5F5FE"], [0.25, "#B1B1F9"], [0.6, "#6A6AF4"], [1.0, "#000091"]]
BORDER = "#6A6A6A"
TYPE_SYMBOLS = {schema.TYPE_NUMERIQUE: "diamond", schema.TYPE_RESSOURCE: "circle", schema.UNKNOWN: "square"}
# Beyond this many sites in a département the points would be an unreadable blot (and a
# heavy figure): the map says so and the table lists them.
MAX_SITE_POINTS = 400
# Several sites in one commune share its point: spread them on a small circle.
SPREAD_DEGREES = 0.02


def _padded(bounds: Bounds, share: float = 0.08, minimum: float = 0.15) -> Bounds:
    west, south, east, north = bounds
    pad_x = max((east - west) * share, minimum)
    pad_y = max((north - south) * share, minimum)
    return west - pad_x, south - pad_y, east + pad_x, north + pad_y


def _geo(bounds: Bounds, domain: dict) -> dict:
    west, south, east, north = bounds
    return {
        "visible": False,  # no world base map: only our boundaries are drawn
        "projection": {"type": "mercator"},
        "lonaxis": {"range": [west, east]},
        "lataxis": {"range": [south, north]},
        "domain": domain,
        "bgcolor": "rgba(0,0,0,0)",
    }


def _hover_rows(departements: pd.DataFrame) -> list[list[str]]:
    return [
        [code, name, plural(n, "lauréat") if n else "Aucune fabrique labellisée", format_eur(amount) if n else ""]
        for code, name, n, amount in zip(
            departements["departement_code"],
            departements["departement"],
            departements["laureats"],
            departements["amount_eur"],
        )
    ]


def _choropleth(
    departements: pd.DataFrame, measure: str, geo: str, selected: str | None, geojson_url: str = GEOJSON_URL
) -> dict:
    return {
        "type": "choropleth",
        "geo": geo,
        "geojson": geojson_url,
        "featureidkey": "properties.code",
        "locations": departements["departement_code"].tolist(),
        "z": departements[measure].tolist(),
        "coloraxis": "coloraxis",
        "customdata": _hover_rows(departements),
        "marker": {
            "line": {
                "color": ["#161616" if code == selected else BORDER for code in departements["departement_code"]],
                "width": [3 if code == selected else 0.6 for code in departements["departement_code"]],
            }
        },
        "hovertemplate": "<b>%{customdata[1]}</b> (%{customdata[0]})<br>%{customdata[2]}<br>%{customdata[3]}"
        "<extra></extra>",
        "name": "Départements",
    }


def spread_points(sites: pd.DataFrame) -> pd.DataFrame:
    """Coordinates with the sites of one commune placed around its point, not on top, and
    a label: the site's name, or for a commune with several sites one label for all
    ("Paris : 6 fabriques"), as their names would overlap; the names are in the hover."""
    placed = sites.dropna(subset=["latitude", "longitude"]).copy()
    rank = placed.groupby(["latitude", "longitude"]).cumcount()
    count = placed.groupby(["latitude", "longitude"])["id"].transform("count")
    angle = 2 * math.pi * rank / count
    shared = count > 1
    placed["plot_longitude"] = placed["longitude"] + shared * SPREAD_DEGREES * angle.map(math.cos)
    placed["plot_latitude"] = placed["latitude"] + shared * SPREAD_DEGREES * angle.map(math.sin)
    names = placed["name"].astype(str)
    short = names.where(names.str.len() <= 32, names.str.slice(0, 31) + "…")
    grouped = placed["commune"].astype(str) + " : " + count.map(lambda n: plural(int(n), "fabrique"))
    placed["label"] = short.where(~shared, grouped.where(rank == 0, ""))
    return placed


def _site_traces(sites: pd.DataFrame, geo: str, selected_site: str | None) -> list[dict]:
    placed = spread_points(sites)
    traces = []
    for type_value in schema.TYPES:
        rows = placed[placed["type"] == type_value]
        if rows.empty:
            continue
        selected = rows["id"] == selected_site
        traces.append(
            {
                "type": "scattergeo",
                "geo": geo,
                "mode": "markers+text",
                "name": TYPE_NAMES[type_value],
                "lon": rows["plot_longitude"].tolist(),
                "lat": rows["plot_latitude"].tolist(),
                "text": rows["label"].tolist(),
                "textposition": "top center",
                "textfont": {"size": 11, "color": "#161616"},
                "marker": {
                    "color": TYPE_COLOURS[type_value],
                    "symbol": TYPE_SYMBOLS[type_value],
                    "size": [16 if s else 11 for s in selected],
                    "line": {"color": ["#161616" if s else "#ffffff" for s in selected], "width": 2},
                },
                "customdata": [
                    [site_id, name, commune, format_amount(amount) if amount == amount else "montant inconnu"]
                    for site_id, name, commune, amount in zip(
                        rows["id"], rows["name"], rows["commune"], rows["amount_eur"]
                    )
                ],
                "hovertemplate": "<b>%{customdata[1]}</b><br>%{customdata[2]}<br>"
                + TYPE_NAMES[type_value]
                + "<br>%{customdata[3]}<extra></extra>",
            }
        )
    return traces


def map_figure(
    departements: pd.DataFrame, measure: str, state: GeoState, reference: Reference, sites: pd.DataFrame | None = None
) -> dict:
    """The map for the current view.

    ``departements`` comes from ``compute.by_departement``; ``sites`` are the sites to
    draw as points (département and site levels only).
    """
    measure = measure if measure in MEASURES else "laureats"
    drawn = departements[departements["departement_code"].isin(reference.departement_bounds)]
    overseas_codes = {code for code, _ in OVERSEAS}
    metro = drawn[~drawn["departement_code"].isin(overseas_codes)]
    maximum = max(float(drawn[measure].max()), 1.0)
    ticks = {"tickformat": ",d"} if measure == "laureats" else euro_ticks(maximum)
    if measure == MEASURE_PER_100K:
        maximum = max(float(drawn[measure].max()), 0.01)  # rates are below 1 for most selections
        ticks = {"tickformat": ",.2f"}
    layout = base_layout(
        coloraxis={
            "colorscale": COLOURSCALE,
            "cmin": 0,
            "cmax": maximum,
            "colorbar": {
                "title": {"text": MEASURES[measure]},
                "thickness": 12,
                "len": 0.6,
                "x": 0.0,
                "xanchor": "left",
                "y": 0.02,
                "yanchor": "bottom",
                **ticks,
            },
        },
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        showlegend=False,
        annotations=[],
    )
    traces: list[dict] = []
    if state.level == FRANCE:
        traces.append(_choropleth(metro, measure, "geo", None, OVERVIEW_GEOJSON_URL))
        layout["geo"] = _geo(reference.bounds_of(metro["departement_code"]), MAIN_DOMAIN_WITH_INSETS)
        slot = 1.0 / len(OVERSEAS)
        for index, (code, name) in enumerate(OVERSEAS, start=2):
            top = 1.0 - (index - 2) * slot
            domain = {"x": [0.82, 1.0], "y": [top - slot + 0.04, top - 0.03]}
            traces.append(
                _choropleth(
                    drawn[drawn["departement_code"] == code], measure, f"geo{index}", None, OVERVIEW_GEOJSON_URL
                )
            )
            layout[f"geo{index}"] = _geo(_padded(reference.departement_bounds[code], 0.1, 0.05), domain)
            layout["annotations"].append(
                {
                    "text": name,
                    "showarrow": False,
                    "xref": "paper",
                    "yref": "paper",
                    "x": 0.91,
                    "y": top - 0.03,
                    "yanchor": "bottom",
                    "font": {"size": 11},
                }
            )
        return {"data": traces, "layout": layout}

    focus = (
        [state.departement]
        if state.level in {DEPARTEMENT, SITE}
        else departements.loc[departements["region_code"].isin(state.regions), "departement_code"].tolist()
    )
    bounds = reference.bounds_of(focus) or reference.bounds_of(metro["departement_code"])
    overseas_focus = bool(set(focus) & overseas_codes)
    context = drawn[drawn["departement_code"].isin(focus)] if overseas_focus else metro
    traces.append(_choropleth(context, measure, "geo", state.departement))
    layout["geo"] = _geo(_padded(bounds), {"x": [0.0, 1.0], "y": [0.0, 1.0]})
    if state.level in {DEPARTEMENT, SITE} and sites is not None:
        message = None
        if sites.empty:
            message = "Aucune fabrique labellisée"
        elif len(sites) > MAX_SITE_POINTS:
            message = f"{plural(len(sites), 'fabrique')} : trop nombreuses pour la carte, voir le tableau"
        else:
            traces.extend(_site_traces(sites, "geo", state.site))
        if message:
            layout["annotations"].append(
                {
                    "text": message,
                    "showarrow": False,
                    "xref": "paper",
                    "yref": "paper",
                    "x": 0.5,
                    "y": 0.95,
                    "font": {"size": 15, "color": "#3a3a3a"},
                    "bgcolor": "#ffffff",
                }
            )
    return {"data": traces, "layout": layout}


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
        return html.Fieldset(
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
        return map_figure(data.departements, view.measure, view.geo, data.reference, data.sites)

    def summary(self, data: MapData, view: ViewState) -> str:
        shown = data.shown
        with_sites = shown[shown["Lauréats"] > 0]
        elsewhere = f" ; {plural(data.off_map, 'fabrique')} hors carte (Saint-Martin)" if data.off_map else ""
        if with_sites.empty:
            return f"{data.place} : aucune fabrique labellisée{elsewhere}."
        top = with_sites.loc[with_sites["Lauréats"].idxmax()]
        return (
            f"{data.place} : {plural(int(shown['Lauréats'].sum()), 'fabrique')} dans "
            f"{format_number(len(with_sites))} département(s) sur {format_number(len(shown))} ; le plus grand "
            f"nombre : {top['Département']} ({format_number(int(top['Lauréats']))}){elsewhere}."
        )

    def table(self, data: MapData, view: ViewState) -> pd.DataFrame:
        return data.shown


def map_table(departements: pd.DataFrame, state: GeoState, reference: Reference) -> pd.DataFrame:
    """One row per département drawn in the view (France: all 101; région: its
    départements; département or site: that one)."""
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
        }
    ).reset_index(drop=True)
