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


@dataclass(frozen=True)
class Reference:
    departements: pd.DataFrame  # departement_code, departement, region_code, region, is_departement
    regions: pd.DataFrame  # region_code, region
    waves: pd.DataFrame  # wave, wave_label, wave_order, wave_announced, ...
    departement_bounds: dict[str, Bounds]  # from the boundaries drawn on the map
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
        return dict(zip(self.waves["wave"], self.waves["wave_label"]))

    def region_names(self) -> dict[str, str]:
        return dict(zip(self.regions["region_code"], self.regions["region"]))

    def departement_names(self) -> dict[str, str]:
        return dict(zip(self.departements["departement_code"], self.departements["departement"]))

    def departement_region(self) -> dict[str, str]:
        return dict(zip(self.departements["departement_code"], self.departements["region_code"]))

    def bounds_of(self, departement_codes) -> Bounds | None:
        """The box around these départements' boundaries (None if none has any)."""
        boxes = [self.departement_bounds[c] for c in departement_codes if c in self.departement_bounds]
        if not boxes:
            return None
        west, south, east, north = zip(*boxes)
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
        longitudes, latitudes = zip(*_ring_points(feature["geometry"]))
        bounds[feature["properties"]["code"]] = (min(longitudes), min(latitudes), max(longitudes), max(latitudes))
    return bounds


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
        departement_population=population,
        commune_population=communes.set_index("commune_code")["population"],
        programme_waves=_read_text_csv(data_dir / PROGRAMME_WAVES_FILE),
    )
