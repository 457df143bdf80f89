"""The map's plotly figure: choropleth, grey surroundings, outlines, names and site points.

Builds the dict that ``MapBlock`` returns for a view (``map_figure``), from the table of
départements and, at département level, the sites: the geo subplot framed on the places
shown, the overseas insets of the France view, the colour scale and its constants, the
hover texts, and the points per commune. Kept apart from the block so that the drawing,
the largest part of the map, can be read and changed without the block's wiring.
"""

from __future__ import annotations

import pandas as pd

from dashboard.analysis.navigation import DEPARTEMENT, FRANCE, SITE, GeoState
from dashboard.analysis.view import MEASURE_AMOUNT, MEASURE_LAUREATS, MEASURE_PER_100K
from dashboard.data import schema
from dashboard.data.reference import OVERSEAS_INSETS, Bounds, Reference
from dashboard.presentation.figures import TYPE_COLOURS, TYPE_NAMES, base_layout
from dashboard.presentation.formatting import format_eur, plural

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


def _scale_top(colour_max: float) -> float:
    """The top of the colour scale: the largest value shown (rates per inhabitant are below
    1), or 1 when every value is 0."""
    return colour_max if colour_max > 0 else 1.0
