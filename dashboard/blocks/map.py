"""Block: the map of départements, a choropleth on one plotly geo subplot, drawn with no tiles.

France: the 101 départements, the five overseas ones moved into framed insets of the
map's empty south-west (as French national maps do; the boundaries of that view are
built so, see ``OVERSEAS_INSETS``). A région, or several: their départements coloured and
named, their outline drawn, the rest of France in grey around them. A département: the
same, zoomed on it, with its sites as points (one per commune, with a count where a
commune has several). The colour legend is HTML beside the drawing, so that it never
covers a département and its figures are exact.

The boundaries are fetched once by the browser (``GEOJSON_URL`` and friends) rather than
sent in every figure.
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
from dashboard.data import schema
from dashboard.data.loader import Dataset
from dashboard.data.reference import OVERSEAS_INSETS, Bounds, Reference
from dashboard.presentation import ids
from dashboard.presentation.components import aria
from dashboard.presentation.figures import TYPE_COLOURS, TYPE_NAMES, base_layout
from dashboard.presentation.formatting import format_amount, format_eur, format_number, plural
from dashboard.presentation.presenters import crumbs

EURO = "Montant estimé, plafond du barème (€)"
GEOJSON_URL = "/geo/departements.geojson"
# The France view, drawn on every first visit, uses coarser boundaries with the overseas
# départements in their insets (see scripts/build_dataset.py); the zoomed views the
# precise ones, and the régions' outlines.
OVERVIEW_GEOJSON_URL = "/geo/departements-france.geojson"
REGIONS_GEOJSON_URL = "/geo/regions.geojson"
PER_100K = "Lauréats pour 100\u202f000 habitants"
MEASURES = {MEASURE_LAUREATS: "Lauréats", MEASURE_AMOUNT: EURO, MEASURE_PER_100K: PER_100K}
# The scale steps at its middle, so that a département's name is readable on every fill:
# dark names (≥ 5.9:1) on the lighter half, white names (≥ 4.7:1) on the darker half.
DARK_FILL_SHARE = 0.5
COLOURSCALE = [[0.0, "#F5F5FE"], [0.25, "#B1B1F9"], [0.5, "#8888F6"], [0.5, "#5F5FF2"], [1.0, "#000091"]]
OUTSIDE_COLOUR = "#E5E5E5"  # départements around the places the view shows
BORDER = "#6A6A6A"
OUTLINE = "#161616"
TYPE_SYMBOLS = {schema.TYPE_NUMERIQUE: "diamond", schema.TYPE_RESSOURCE: "circle", schema.UNKNOWN: "square"}
# Beyond this many sites in a département the points would be an unreadable blot (and a
# heavy figure): the map says so and the table lists them.
MAX_SITE_POINTS = 400
LEGEND_TITLE = f"{ids.graph('map')}-legend-title"
LEGEND_MAX = f"{ids.graph('map')}-legend-max"


def _padded(bounds: Bounds, share: float = 0.08, minimum: float = 0.15) -> Bounds:
    west, south, east, north = bounds
    pad_x = max((east - west) * share, minimum)
    pad_y = max((north - south) * share, minimum)
    return west - pad_x, south - pad_y, east + pad_x, north + pad_y


def _union(boxes: list[Bounds]) -> Bounds:
    west, south, east, north = zip(*boxes, strict=True)
    return min(west), min(south), max(east), max(north)


def _geo(bounds: Bounds) -> dict:
    west, south, east, north = bounds
    return {
        "visible": False,  # no world base map: only our boundaries are drawn
        "projection": {"type": "mercator"},
        "lonaxis": {"range": [west, east]},
        "lataxis": {"range": [south, north]},
        "domain": {"x": [0.0, 1.0], "y": [0.0, 1.0]},
        "bgcolor": "rgba(0,0,0,0)",
    }


def _hover_rows(departements: pd.DataFrame) -> list[list[str]]:
    return [
        [
            code,
            name,
            plural(n, "lauréat") if n else "Aucune fabrique labellisée",
            f"{format_eur(amount)} (plafond estimé)" if n else "",
        ]
        for code, name, n, amount in zip(
            departements["departement_code"],
            departements["departement"],
            departements["laureats"],
            departements["amount_eur"],
        )
    ]


HOVER = "<b>%{customdata[1]}</b> (%{customdata[0]})<br>%{customdata[2]}<br>%{customdata[3]}<extra></extra>"


def _choropleth(departements: pd.DataFrame, measure: str, geojson_url: str, selected: str | None = None) -> dict:
    """The départements of the view, coloured by the measure (the map's colour axis)."""
    codes = departements["departement_code"].tolist()
    return {
        "type": "choropleth",
        "geojson": geojson_url,
        "featureidkey": "properties.code",
        "locations": codes,
        "z": departements[measure].tolist(),
        "coloraxis": "coloraxis",
        "customdata": _hover_rows(departements),
        "marker": {
            "line": {
                "color": [OUTLINE if code == selected else BORDER for code in codes],
                "width": [3 if code == selected else 0.6 for code in codes],
            }
        },
        "hovertemplate": HOVER,
        "name": "Départements",
    }


def _outside(departements: pd.DataFrame, geojson_url: str) -> dict:
    """The départements around the view's places, in grey: they situate, they do not count.
    Still clickable (a click there opens that département's région or the département)."""
    return {
        "type": "choropleth",
        "geojson": geojson_url,
        "featureidkey": "properties.code",
        "locations": departements["departement_code"].tolist(),
        "z": [0] * len(departements),
        "colorscale": [[0, OUTSIDE_COLOUR], [1, OUTSIDE_COLOUR]],
        "showscale": False,
        "customdata": _hover_rows(departements),
        "marker": {"line": {"color": "#FFFFFF", "width": 0.6}},
        "hovertemplate": HOVER,
        "name": "Autres départements",
    }


def _region_outlines(region_codes: list[str]) -> dict:
    """The outline of each région shown. ``hoverinfo: skip``: no hover, no click (a
    région's code is not a département's)."""
    return {
        "type": "choropleth",
        "geojson": REGIONS_GEOJSON_URL,
        "featureidkey": "properties.code",
        "locations": region_codes,
        "z": [0] * len(region_codes),
        "colorscale": [[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]],
        "showscale": False,
        "marker": {"line": {"color": OUTLINE, "width": 2.5}},
        "hoverinfo": "skip",
        "name": "Régions",
    }


def _names(departements: pd.DataFrame, measure: str, colour_max: float, reference: Reference) -> dict:
    """Each coloured département's name at its centre, white on the darker fills."""
    names = reference.departement_names()
    placed = departements[departements["departement_code"].isin(reference.departement_centres)]
    codes = placed["departement_code"].tolist()
    dark = (placed[measure] / _scale_top(colour_max) > DARK_FILL_SHARE).tolist()
    return {
        "type": "scattergeo",
        "mode": "text",
        "lon": [reference.departement_centres[code][0] for code in codes],
        "lat": [reference.departement_centres[code][1] for code in codes],
        "text": [names[code] for code in codes],
        "textfont": {"size": 10, "color": ["#FFFFFF" if is_dark else OUTLINE for is_dark in dark]},
        "hoverinfo": "skip",
        "name": "Noms des départements",
    }


def _inset_frames() -> list[dict]:
    """A frame and a name for each overseas inset of the France view."""
    lon: list[float | None] = []
    lat: list[float | None] = []
    for _name, (west, south, east, north) in OVERSEAS_INSETS.values():
        lon += [west, east, east, west, west, None]
        lat += [south, south, north, north, south, None]
    frames = {
        "type": "scattergeo",
        "mode": "lines",
        "lon": lon,
        "lat": lat,
        "line": {"color": BORDER, "width": 0.8},
        "hoverinfo": "skip",
        "name": "Encadrés",
    }
    labels = {
        "type": "scattergeo",
        "mode": "text",
        "lon": [(west + east) / 2 for _name, (west, _s, east, _n) in OVERSEAS_INSETS.values()],
        "lat": [north for _name, (_w, _s, _e, north) in OVERSEAS_INSETS.values()],
        "text": [name for name, _box in OVERSEAS_INSETS.values()],
        "textposition": "top center",
        "textfont": {"size": 10, "color": OUTLINE},
        "hoverinfo": "skip",
        "name": "Outre-mer",
    }
    return [frames, labels]


def commune_points(sites: pd.DataFrame, selected_site: str | None) -> pd.DataFrame:
    """One point per commune: its sites, their count, the label and the hover text. A
    commune with several sites is one larger point labelled "Strasbourg (2)"."""
    placed = sites.dropna(subset=["latitude", "longitude"])
    rows = []
    for (commune, latitude, longitude), group in placed.groupby(["commune", "latitude", "longitude"], observed=True):
        names = group["name"].astype(str).tolist()
        count = len(group)
        types = set(group["type"].astype(str))
        label = names[0] if count == 1 else f"{commune} ({count})"
        rows.append(
            {
                "commune": str(commune),
                "latitude": latitude,
                "longitude": longitude,
                "count": count,
                "site": str(group["id"].iat[0]) if count == 1 else "",
                "type": types.pop() if len(types) == 1 else "mixte",
                "label": label if len(label) <= 32 else label[:31] + "…",
                "hover": "<br>".join(names[:12]) + ("<br>…" if count > 12 else ""),
                "selected": selected_site in set(group["id"]),
                "amount": group["amount_eur"].sum(min_count=1),
            }
        )
    return pd.DataFrame(rows)


def _site_traces(sites: pd.DataFrame, selected_site: str | None) -> list[dict]:
    points = commune_points(sites, selected_site)
    if points.empty:
        return []
    traces = []
    for type_value in (*schema.TYPES, "mixte"):
        rows = points[points["type"] == type_value]
        if rows.empty:
            continue
        name = TYPE_NAMES.get(type_value, "Plusieurs types")
        traces.append(
            {
                "type": "scattergeo",
                "mode": "markers+text",
                "name": name,
                "lon": rows["longitude"].tolist(),
                "lat": rows["latitude"].tolist(),
                "text": rows["label"].tolist(),
                "textposition": "top center",
                "textfont": {"size": 11, "color": OUTLINE},
                "marker": {
                    "color": TYPE_COLOURS.get(type_value, OUTLINE),
                    "symbol": TYPE_SYMBOLS.get(type_value, "circle"),
                    "size": [16 if s else 10 + 3 * min(n - 1, 4) for s, n in zip(rows["selected"], rows["count"])],
                    "line": {"color": [OUTLINE if s else "#ffffff" for s in rows["selected"]], "width": 2},
                },
                # customdata[0]: the site a click opens (none for a commune of several sites:
                # the table lists them).
                "customdata": [
                    [site, commune, hover, plural(n, "fabrique")]
                    for site, commune, hover, n in zip(rows["site"], rows["commune"], rows["hover"], rows["count"])
                ],
                "hovertemplate": "<b>%{customdata[1]}</b> : %{customdata[3]}<br>%{customdata[2]}<extra></extra>",
            }
        )
    return traces


def _message(text: str) -> dict:
    return {
        "text": text,
        "showarrow": False,
        "xref": "paper",
        "yref": "paper",
        "x": 0.5,
        "y": 0.97,
        "font": {"size": 15, "color": "#3a3a3a"},
        "bgcolor": "#ffffff",
    }


def map_figure(
    departements: pd.DataFrame,
    measure: str,
    state: GeoState,
    reference: Reference,
    sites: pd.DataFrame | None = None,
    colour_max: float = 1.0,
) -> dict:
    """The map for the current view.

    ``departements`` comes from ``compute.by_departement``; ``sites`` are the sites to
    draw (département and site levels only); ``colour_max`` tops the colour scale.
    """
    measure = measure if measure in MEASURES else MEASURE_LAUREATS
    drawn = departements[departements["departement_code"].isin(reference.departement_bounds)]
    layout = base_layout(
        coloraxis={"colorscale": COLOURSCALE, "cmin": 0, "cmax": _scale_top(colour_max), "showscale": False},
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        showlegend=False,
        annotations=[],
    )
    if state.level == FRANCE and not state.regions:
        layout["geo"] = _geo(_padded(_france_bounds(reference), 0.02, 0.1))
        return {"data": [_choropleth(drawn, measure, OVERVIEW_GEOJSON_URL), *_inset_frames()], "layout": layout}

    focus = drawn[drawn["region_code"].isin(state.regions)]
    zoom = [state.departement] if state.level in {DEPARTEMENT, SITE} else focus["departement_code"].tolist()
    overseas = bool(set(zoom) & set(OVERSEAS_INSETS))
    # Around the places shown, metropolitan France in grey (an overseas département is alone).
    outside = drawn.iloc[0:0] if overseas else drawn[~drawn["region_code"].isin(state.regions)]
    outside = outside[~outside["departement_code"].isin(OVERSEAS_INSETS)]
    traces = [
        _outside(outside, GEOJSON_URL),
        _choropleth(focus, measure, GEOJSON_URL, state.departement),
        _region_outlines(list(state.regions)),
        _names(focus, measure, colour_max, reference),
    ]
    layout["geo"] = _geo(_padded(reference.bounds_of(zoom) or _france_bounds(reference)))
    if state.level in {DEPARTEMENT, SITE} and sites is not None:
        if sites.empty:
            layout["annotations"].append(_message("Aucune fabrique labellisée"))
        elif len(sites) > MAX_SITE_POINTS:
            layout["annotations"].append(
                _message(f"{plural(len(sites), 'fabrique')} : trop nombreuses pour la carte, voir le tableau")
            )
        else:
            traces.extend(_site_traces(sites, state.site))
    return {"data": traces, "layout": layout}


def _france_bounds(reference: Reference) -> Bounds:
    """Metropolitan France and the overseas insets."""
    metropolitan = [box for code, box in reference.departement_bounds.items() if code not in OVERSEAS_INSETS]
    return _union(metropolitan + [box for _name, box in OVERSEAS_INSETS.values()])


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


def _scale_top(colour_max: float) -> float:
    """The top of the colour scale: the largest value shown (rates per inhabitant are below
    1), or 1 when every value is 0."""
    return colour_max if colour_max > 0 else 1.0


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
