"""Reference tables shipped in ``data/``: départements, régions and waves.

They are the allow-lists against which a dataset is validated and from which the
names, région and wave details of each row are filled in. Also: the population of each
commune and département and the QPV of each département (for the rates per inhabitant),
and the programme's published waves 1-10 (the 2024 wave included, which no site list
covers yet).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
BOUNDARIES_FILE = "departements.geojson"
DEPARTEMENT_POPULATION_FILE = "population-departements.csv"
COMMUNE_POPULATION_FILE = "population-communes.csv"
PROGRAMME_WAVES_FILE = "programme-waves.csv"
OVERVIEW_BOUNDARIES_FILE = "departements-france.geojson"  # coarser, for the France view

Bounds = tuple[float, float, float, float]  # west, south, east, north, in degrees
REGIONS_BOUNDARIES_FILE = "regions.geojson"  # région outlines on the zoomed maps

# The France map draws the five overseas départements in insets, as French national maps
# do: each is moved and scaled into a box of the map's empty south-west (Spain and the
# Atlantic are not drawn), so that one map holds them all. The build moves them in the
# France view's boundaries (scripts/build_dataset.py); the map frames and names the boxes.
OVERSEAS_INSETS: dict[str, tuple[str, Bounds]] = {
    "971": ("Guadeloupe", (-7.4, 42.9, -5.9, 44.2)),
    "972": ("Martinique", (-5.4, 42.9, -3.9, 44.2)),
    "973": ("Guyane", (-3.4, 42.9, -1.9, 44.2)),
    "974": ("La Réunion", (-7.4, 41.3, -5.9, 42.6)),
    "976": ("Mayotte", (-5.4, 41.3, -3.9, 42.6)),
}


@dataclass(frozen=True)
class Reference:
    departements: pd.DataFrame  # departement_code, departement, region_code, region, is_departement
    regions: pd.DataFrame  # region_code, region
    waves: pd.DataFrame  # wave, wave_label, wave_order, wave_announced, ...
    departement_bounds: dict[str, Bounds]  # from the boundaries drawn on the map
    # A point inside each département, where the map writes its name.
    departement_centres: dict[str, tuple[float, float]] = field(default_factory=dict)
    # departement_code, population, communes, qpv, qpv_communes: the 101 départements
    # (Saint-Martin has no population in the sources: absent).
    departement_population: pd.DataFrame = field(default_factory=pd.DataFrame)
    # commune_code -> population municipale (communes, not the arrondissements of Paris, Lyon, Marseille)
    commune_population: pd.Series = field(default_factory=lambda: pd.Series(dtype="int64"))
    # published_wave, wave_label, wave (dataset group, "" outside the site list), announced,
    # placed_from, placed_to, placement, laureats, ..., cumulative, in_site_list, sources
    programme_waves: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def wave_codes(self) -> tuple[str, ...]:
        return tuple(self.waves["wave"])

    @property
    def region_codes(self) -> tuple[str, ...]:
        return tuple(self.regions["region_code"])

    @property
    def departement_codes(self) -> tuple[str, ...]:
        return tuple(self.departements["departement_code"])

    def wave_labels(self) -> dict[str, str]:
        return dict(zip(self.waves["wave"], self.waves["wave_label"], strict=True))

    def region_names(self) -> dict[str, str]:
        return dict(zip(self.regions["region_code"], self.regions["region"], strict=True))

    def departement_names(self) -> dict[str, str]:
        return dict(zip(self.departements["departement_code"], self.departements["departement"], strict=True))

    def departement_region(self) -> dict[str, str]:
        return dict(zip(self.departements["departement_code"], self.departements["region_code"], strict=True))

    def bounds_of(self, departement_codes) -> Bounds | None:
        """The box around these départements' boundaries (None if none has any)."""
        boxes = [self.departement_bounds[c] for c in departement_codes if c in self.departement_bounds]
        if not boxes:
            return None
        west, south, east, north = zip(*boxes, strict=True)
        return min(west), min(south), max(east), max(north)


def _ring_points(geometry: dict):
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    for polygon in polygons:
        for ring in polygon:
            yield from ring


def read_departement_bounds(path: Path) -> dict[str, Bounds]:
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    bounds = {}
    for feature in features:
        longitudes, latitudes = zip(*_ring_points(feature["geometry"]), strict=True)
        bounds[feature["properties"]["code"]] = (min(longitudes), min(latitudes), max(longitudes), max(latitudes))
    return bounds


def _centroid(ring: list) -> tuple[float, float, float]:
    """(longitude, latitude, area) of a ring: the shoelace formula."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:]):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if not area:
        return ring[0][0], ring[0][1], 0.0
    return cx / (3 * area), cy / (3 * area), abs(area) / 2


def read_departement_centres(path: Path) -> dict[str, tuple[float, float]]:
    """The centroid of each département's largest piece (islands and enclaves aside)."""
    centres = {}
    for feature in json.loads(path.read_text(encoding="utf-8"))["features"]:
        geometry = feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        longitude, latitude, _area = max((_centroid(polygon[0]) for polygon in polygons), key=lambda c: c[2])
        centres[feature["properties"]["code"]] = (round(longitude, 4), round(latitude, 4))
    return centres


def _read_text_csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


def load_reference(data_dir: Path = DATA_DIR, boundaries_file: Path | None = None) -> Reference:
    departements = _read_text_csv(data_dir / "departements.csv")
    departements["is_departement"] = departements["is_departement"] == "1"
    waves = _read_text_csv(data_dir / "waves.csv")
    waves["wave_order"] = waves["wave_order"].astype(int)
    waves = waves.sort_values("wave_order", ignore_index=True)
    population = _read_text_csv(data_dir / DEPARTEMENT_POPULATION_FILE)
    population = population.astype({c: "int64" for c in ("population", "communes", "qpv", "qpv_communes")})
    communes = _read_text_csv(data_dir / COMMUNE_POPULATION_FILE).astype({"population": "int64"})
    return Reference(
        departements=departements,
        regions=_read_text_csv(data_dir / "regions.csv"),
        waves=waves,
        departement_bounds=read_departement_bounds(boundaries_file or data_dir / BOUNDARIES_FILE),
        departement_centres=read_departement_centres(boundaries_file or data_dir / BOUNDARIES_FILE),
        departement_population=population,
        commune_population=communes.set_index("commune_code")["population"],
        programme_waves=_read_text_csv(data_dir / PROGRAMME_WAVES_FILE),
    )
