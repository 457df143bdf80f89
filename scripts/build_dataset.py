"""Build the dashboard's default dataset from the sourced files in data/sources/.

    python scripts/build_dataset.py            # writes data/*.csv
    python scripts/build_dataset.py --out DIR  # writes elsewhere (used by the tests)

Inputs (copied verbatim from the project's shared data folder, with their READMEs):
- sources/programme/anct_fabt_geom.geojson: ANCT's list of the 382 lauréats
  2020-2023 (Licence Ouverte 2.0, "mise à jour du 26/01/2024"): ids, names, communes;
- sources/programme/laureats.csv: the same lauréats enriched from press releases;
- sources/programme/waves.csv: the selection waves and their published counts;
- sources/programme/communique-prefecture-bas-rhin-2021.txt: the four Bas-Rhin
  fabriques numériques;
- sources/programme/site-evidence.csv: values published for one site (type, territory,
  QPV name, porteur, wave, amount), each with its URL and the page's own sentence;
- sources/programme/wave-evidence.csv: facts published for a whole wave, likewise;
- sources/geo/*.csv: départements, régions, communes, QPV list, INSEE density grid.

Rules (documented in data/README.md): nothing is invented. A value is "publié" when a
source gives it for that site (or for its whole wave), with the URL and the sentence
that says so; "dérivé" when it follows from a stated rule; "inconnu" (value "non
précisé") otherwise, including when two sources contradict each other. The run fails
if the published totals do not reconcile.
"""

from __future__ import annotations

import argparse
import html
import json
import math
import re
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard.data import schema  # noqa: E402
from dashboard.data.loader import load_dataset  # noqa: E402
from dashboard.data.reference import (  # noqa: E402
    BOUNDARIES_FILE,
    OVERSEAS_INSETS,
    OVERVIEW_BOUNDARIES_FILE,
    REGIONS_BOUNDARIES_FILE,
    load_reference,
)

SOURCES = ROOT / "data" / "sources"
# The map's boundaries, rounded: 3 decimals (about 100 m, a pixel at the zoom of the
# smallest département) for the zoomed views, 2 (about 1 km, under a pixel for the whole
# of France) for the France view that every first visit draws: 42 KB instead of 80 KB
# (brotli) on the first load, the finer file only fetched once a manager drills down.
BOUNDARY_FILES = {BOUNDARIES_FILE: 3, OVERVIEW_BOUNDARIES_FILE: 2}
OVERVIEW_TOLERANCE_DEGREES = 0.012
ANCT_URL = (
    "https://github.com/anct-carto/superposeur-anct/blob/949f7e581185229a3bef1962d8f81f5608757f0c"
    "/data/geom/geojsonV2/fabt_geom.geojson"
)
PREFECTURE_67 = "communique-prefecture-bas-rhin-2021.txt (préfecture du Bas-Rhin, printemps 2021)"

# Waves as the ANCT numbering lets us separate them. ANCT numbered its ids after
# sorting by wave; the published cumulative counts (80, 189, 218, 280, 300, 382)
# cut the list into these blocks. Waves 2-4 and 6-7 cannot be told apart row by row.
WAVE_GROUPS = (
    # code, label, order, announced, first id, last id, published count, source wave rows
    ("1", "Vague 1", 1, "2020-02-03", 1, 80, "80", ("1",)),
    ("2-4", "Vagues 2 à 4", 2, "", 81, 187, "109 (30 + 60 + 19)", ("2", "3", "4")),
    ("5", "Vague 5", 3, "2021-03-30", 188, 216, "29", ("5",)),
    ("6-7", "Vagues 6 et 7", 4, "", 217, 280, "62 (280 − 218, déduit)", ("6", "7")),
    ("8", "Vague 8", 5, "2021-12", 281, 300, "20", ("8",)),
    ("2023", "Vague 2023", 6, "2023-11-09", 301, 382, "82", ("9 (vague 2023)",)),
)

WAVE_RULE = (
    "Rang dans la liste ANCT (triée par vague) rapporté aux cumuls publiés par vague (80, 189, 218, 280, 300, 382)"
)
AMOUNT_RULE_BASE = "Barème publié : 150 000 € sur 3 ans par fabrique (vagues 1 à 8)"
AMOUNT_RULE_NUMERIQUE = AMOUNT_RULE_BASE + " + bonus de 100 000 € pour une fabrique numérique"
AMOUNT_RULE_2023 = "Barème publié : 50 000 € forfaitaires pour un lauréat de la vague 2023"
TERRITORY_RULE_RURAL = (
    "Commune sans QPV (liste 2024, qpv.csv) et rurale selon la grille de densité INSEE 2025 (niveaux 5 à 7)"
)
TYPE_RULE_NAME = "Le nom publié par l'ANCT désigne une « fabrique numérique »"
# The only ids whose name in ANCT's list literally says "Fabrique numérique" (the rule
# above); a name with "numérique" as a theme ("FabNum", "Action Numérique") is no rule.
TYPE_BY_NAME_IDS = ("fabt-01", "fabt-35", "fabt-37", "fabt-38", "fabt-61")
TYPE_BY_NAME = re.compile(r"\bfabrique\s+num[ée]r", re.IGNORECASE)  # ANCT's typo "Numérqiue" included

# ANCT geocoded one site to a former commune code: 49069 (Champtoceaux) is now a
# commune déléguée of Orée d'Anjou, 49126, the name ANCT gives in the same record.
COMMUNE_CODE_FIXES = {"49069": "49126"}
# Sites ANCT placed in the wrong commune of the same name: id -> (ANCT's code, right
# code, why, sources).
SITE_COMMUNE_FIXES = {
    "fabt-126": (
        "56169",
        "29197",
        "la liste ANCT donne le code 56169 (Plouhinec, Morbihan) ; l'association d'animation des Ateliers "
        "Jean Moulin est à Plouhinec, « petite ville du Finistère » (Banque des Territoires), dans l'ancien "
        "lycée de « Plouhinec (29) » (Région Bretagne)",
        (
            "https://banquedesterritoires.fr/plouhinec-de-la-creation-lhebergement-solidaire-un-tiers-lieu-proteiforme-29",
            "https://bretagne.bzh/actualites/ateliers-jean-moulin-tiers-lieu-hybride-dynamique/amp",
        ),
    ),
}
# Saint-Martin is a collectivité d'outre-mer, not one of the 101 départements.
COM_CODE, COM_NAME, COM_REGION_CODE, COM_REGION = "978", "Saint-Martin", "COM", "Collectivités d'outre-mer"


def read_csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


def clean_text(text: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


def split_names(label: str, count: int) -> list[str]:
    """Split ANCT's "; "-joined names, keeping "&amp;" (whose ";" is not a separator)."""
    parts = [part for part in re.split(r"(?<!&amp);\s", label)]
    if len(parts) != count:
        raise ValueError(f"{count} ids but {len(parts)} names in {label!r}")
    return [clean_text(part) for part in parts]


def read_anct_sites() -> pd.DataFrame:
    features = json.loads((SOURCES / "programme" / "anct_fabt_geom.geojson").read_text(encoding="utf-8"))["features"]
    rows = []
    for feature in features:
        props = feature["properties"]
        ids = props["id_territoire"].split("; ")
        names = split_names(props["lib_territoire"], len(ids))
        # Saint-Martin (97801) comes with an empty geometry: no coordinates.
        longitude, latitude = feature["geometry"].get("coordinates", (float("nan"), float("nan")))
        for site_id, name in zip(ids, names):
            rows.append(
                {
                    "id": site_id,
                    "name": name,
                    "anct_commune": props["lib_geo"],
                    "commune_code": COMMUNE_CODE_FIXES.get(props["id_geo"], props["id_geo"]),
                    "anct_latitude": latitude,
                    "anct_longitude": longitude,
                }
            )
    sites = pd.DataFrame(rows)
    sites["rank"] = sites["id"].str.removeprefix("fabt-").astype(int)
    return sites.sort_values("rank", ignore_index=True)


def normalise_space(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


EVIDENCE_ATTRIBUTES = {"type", "territory", "qpv_name", "porteur", "wave", "amount"}
EVIDENCE_VALUES = {
    "type": {schema.TYPE_NUMERIQUE, schema.TYPE_RESSOURCE},
    "territory": {schema.TERRITORY_QPV, schema.TERRITORY_RURAL},
}


def is_local_source(url: str) -> bool:
    """A file shipped in sources/programme/ rather than a web page."""
    return "://" not in url


def check_evidence(evidence: pd.DataFrame, key: str, keys: set[str], what: str) -> None:
    """Every row names a known key and attribute, an allowed value, a URL and the page's
    sentence; a sentence from a shipped file must be in that file."""
    problems = []
    for line, row in evidence.iterrows():
        where = f"{what} line {line + 2} ({row[key]}, {row['attribute']})"
        if row[key] not in keys:
            problems.append(f"{where}: unknown {key}")
        if row["attribute"] not in EVIDENCE_ATTRIBUTES:
            problems.append(f"{where}: unknown attribute")
        if row["value"] == "" or row["value"] not in EVIDENCE_VALUES.get(row["attribute"], {row["value"]}):
            problems.append(f"{where}: value {row['value']!r} not allowed")
        if not row["url"] or not row["quote"]:
            problems.append(f"{where}: a URL and the supporting sentence are required")
        if "|" in row["quote"] or "|" in row["url"]:
            problems.append(f"{where}: one URL and no '|' per row")
        if row["url"] and is_local_source(row["url"]):
            path = SOURCES / "programme" / row["url"]
            if not path.is_file():
                problems.append(f"{where}: no file {row['url']}")
            elif any(
                normalise_space(part) not in normalise_space(path.read_text(encoding="utf-8"))
                for part in row["quote"].split(" […] ")
            ):
                problems.append(f"{where}: the sentence is not in {row['url']}")
    if problems:
        raise ValueError("\n".join(problems))


def read_site_evidence(ids: set[str]) -> pd.DataFrame:
    evidence = read_csv(SOURCES / "programme" / "site-evidence.csv")
    check_evidence(evidence, "id", ids, "site-evidence.csv")
    return evidence


def read_wave_evidence() -> pd.DataFrame:
    evidence = read_csv(SOURCES / "programme" / "wave-evidence.csv")
    check_evidence(evidence, "wave", {group[0] for group in WAVE_GROUPS}, "wave-evidence.csv")
    return evidence


def read_enrichment() -> pd.DataFrame:
    laureats = read_csv(SOURCES / "programme" / "laureats.csv")
    laureats["id"] = laureats["notes"].str.extract(r"ANCT (fabt-\d+)")[0]
    # The one 2024 lauréat in the press file is outside ANCT's 2020-2023 list.
    return laureats.dropna(subset=["id"]).set_index("id")


def _rounded_ring(ring: list, decimals: int) -> list:
    """The ring with rounded points and no point repeated twice in a row."""
    points = []
    for longitude, latitude in ring:
        point = [round(longitude, decimals), round(latitude, decimals)]
        if not points or point != points[-1]:
            points.append(point)
    return points


def _rounded_geometry(geometry: dict, decimals: int, name: str) -> dict:
    """The geometry with rounded points (rings stay wound clockwise for plotly; a ring too
    small to keep 4 points is dropped)."""
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    kept = []
    for polygon in polygons:
        rings = [_rounded_ring(ring, decimals) for ring in polygon]
        if len(rings[0]) >= 4:
            kept.append([ring for ring in rings if len(ring) >= 4])
    if not kept:
        raise ValueError(f"{name} vanished when rounded to {decimals} decimals")
    return (
        {"type": "Polygon", "coordinates": kept[0]} if len(kept) == 1 else {"type": "MultiPolygon", "coordinates": kept}
    )


def simplified_ring(ring: list, tolerance: float) -> list:
    """The ring with the points that move its outline by less than ``tolerance`` degrees
    dropped (Douglas-Peucker), its first and last points kept."""
    if len(ring) < 5:
        return ring

    def distance(point, start, end) -> float:
        (x, y), (x1, y1), (x2, y2) = point, start, end
        dx, dy = x2 - x1, y2 - y1
        if dx == dy == 0:
            return math.hypot(x - x1, y - y1)
        return abs(dy * x - dx * y + x2 * y1 - y2 * x1) / math.hypot(dx, dy)

    keep = [False] * len(ring)
    keep[0] = keep[-1] = True
    stack = [(0, len(ring) - 1)]
    while stack:
        first, last = stack.pop()
        farthest, index = 0.0, None
        for i in range(first + 1, last):
            d = distance(ring[i], ring[first], ring[last])
            if d > farthest:
                farthest, index = d, i
        if index is not None and farthest > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [point for point, kept in zip(ring, keep, strict=True) if kept]


def _simplified(geometry: dict, tolerance: float) -> dict:
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    simplified = [[simplified_ring(ring, tolerance) for ring in polygon] for polygon in polygons]
    if geometry["type"] == "MultiPolygon":
        return {"type": "MultiPolygon", "coordinates": simplified}
    return {"type": "Polygon", "coordinates": simplified[0]}


def _points(geometry: dict):
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return [point for polygon in polygons for ring in polygon for point in ring]


def moved_into_inset(geometry: dict, box: tuple[float, float, float, float]) -> dict:
    """The geometry moved and scaled into ``box`` (west, south, east, north), centred, with
    its shape kept as the map's Mercator projection shows it: a degree of latitude looks
    1/cos(latitude) as tall as a degree of longitude, at the source as in the box."""
    longitudes, latitudes = zip(*_points(geometry))
    west, south, east, north = min(longitudes), min(latitudes), max(longitudes), max(latitudes)
    source_x, source_y = (west + east) / 2, (south + north) / 2
    box_west, box_south, box_east, box_north = box
    target_x, target_y = (box_west + box_east) / 2, (box_south + box_north) / 2
    stretch = math.cos(math.radians(target_y)) / math.cos(math.radians(source_y))
    scale = 0.9 * min((box_east - box_west) / (east - west), (box_north - box_south) / ((north - south) * stretch))

    def moved(point):
        return [target_x + (point[0] - source_x) * scale, target_y + (point[1] - source_y) * scale * stretch]

    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    moved_polygons = [[[moved(point) for point in ring] for ring in polygon] for polygon in polygons]
    if geometry["type"] == "MultiPolygon":
        return {"type": "MultiPolygon", "coordinates": moved_polygons}
    return {"type": "Polygon", "coordinates": moved_polygons[0]}


def build_boundaries(out: Path) -> None:
    """The map's boundary files, from the sourced boundaries: the départements rounded to
    3 decimals for the zoomed views; for the France view rounded to 2, the overseas
    départements moved into their insets (``OVERSEAS_INSETS``); the régions' outlines."""
    for name, decimals in BOUNDARY_FILES.items():
        collection = json.loads((SOURCES / "geo" / BOUNDARIES_FILE).read_text(encoding="utf-8"))
        for feature in collection["features"]:
            geometry = feature["geometry"]
            code = feature["properties"]["code"]
            if name == OVERVIEW_BOUNDARIES_FILE and code in OVERSEAS_INSETS:
                geometry = moved_into_inset(geometry, OVERSEAS_INSETS[code][1])
            if name == OVERVIEW_BOUNDARIES_FILE:
                # The France view is ~600 px for 15° of longitude (a pixel ≈ 0.025°):
                # points that move an outline by less than half a pixel are dropped.
                geometry = _simplified(geometry, OVERVIEW_TOLERANCE_DEGREES)
            feature["geometry"] = _rounded_geometry(geometry, decimals, f"département {code}")
        (out / name).write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    regions = json.loads((SOURCES / "geo" / REGIONS_BOUNDARIES_FILE).read_text(encoding="utf-8"))
    for feature in regions["features"]:
        feature["geometry"] = _rounded_geometry(feature["geometry"], 3, f"région {feature['properties']['code']}")
    (out / REGIONS_BOUNDARIES_FILE).write_text(
        json.dumps(regions, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )


def build_reference(out: Path) -> None:
    departements = read_csv(SOURCES / "geo" / "departements.csv")
    departements["is_departement"] = "1"
    com = pd.DataFrame(
        [
            {
                "departement_code": COM_CODE,
                "departement": COM_NAME,
                "region_code": COM_REGION_CODE,
                "region": COM_REGION,
                "is_departement": "0",
            }
        ]
    )
    pd.concat([departements, com]).to_csv(out / "departements.csv", index=False)
    regions = read_csv(SOURCES / "geo" / "regions.csv")
    regions = pd.concat([regions, pd.DataFrame([{"region_code": COM_REGION_CODE, "region": COM_REGION}])])
    regions.to_csv(out / "regions.csv", index=False)

    published = read_csv(SOURCES / "programme" / "waves.csv").set_index("wave")
    rows = []
    for code, label, order, announced, first, last, count, source_waves in WAVE_GROUPS:
        urls = " | ".join(
            dict.fromkeys(url.strip() for wave in source_waves for url in published.loc[wave, "source_urls"].split("|"))
        )
        rows.append(
            {
                "wave": code,
                "wave_label": label,
                "wave_order": order,
                "wave_announced": announced,
                "anct_first_id": f"fabt-{first:02d}",
                "anct_last_id": f"fabt-{last:02d}",
                "laureats_in_anct_list": last - first + 1,
                "laureats_announced": count,
                "sources": urls,
            }
        )
    pd.DataFrame(rows).to_csv(out / "waves.csv", index=False)


# The programme's published waves 1-10 (sources/programme/waves.csv), each placed on the
# time axis over the range its sources allow: a published date, a published month, or,
# where no date is published, the interval between the neighbouring published facts.
# wave -> (dataset group or "" outside ANCT's list, placed from, placed to, how, in French)
WAVE_PLACEMENT = {
    "1": ("1", "2020-02-03", "2020-02-03", "date publiée"),
    "2": ("2-4", "2020-02-01", "2020-02-29", "mois publié (février 2020), jour non publié"),
    "3": ("2-4", "2020-10-22", "2020-10-22", "date publiée"),
    "4": (
        "2-4",
        "2020-10-23",
        "2021-03-29",
        "date non publiée : après la vague 3 (22/10/2020) et avant la vague 5 (30/03/2021)",
    ),
    "5": ("5", "2021-03-30", "2021-03-30", "date publiée"),
    "6": (
        "6-7",
        "2021-07-01",
        "2021-11-30",
        "date non publiée : après sa date limite (30/06/2021) et avant la vague 8 (décembre 2021)",
    ),
    "7": (
        "6-7",
        "2021-10-01",
        "2021-11-30",
        "date non publiée : après sa date limite (30/09/2021) et avant la vague 8 (décembre 2021)",
    ),
    "8": ("8", "2021-12-01", "2021-12-31", "mois publié (décembre 2021), jour non publié"),
    "9 (vague 2023)": ("2023", "2023-11-09", "2023-11-09", "date publiée"),
    "10 (vague 2024)": ("", "2024-10-28", "2024-10-28", "date publiée"),
}
LEADING_DATE = re.compile(r"^\d{4}-\d{2}(-\d{2})?")
LEADING_COUNT = re.compile(r"^\d+")


def build_programme_waves(out: Path) -> pd.DataFrame:
    """programme-waves.csv: the published waves 1-10 at programme level (the 2024 wave
    included, which ANCT's site list does not cover yet), with their placement in time."""
    published = read_csv(SOURCES / "programme" / "waves.csv")
    if list(published["wave"]) != list(WAVE_PLACEMENT):
        raise ValueError(f"waves.csv lists {list(published['wave'])}, expected {list(WAVE_PLACEMENT)}")
    rows = []
    for _, row in published.iterrows():
        group, placed_from, placed_to, placement = WAVE_PLACEMENT[row["wave"]]
        number = row["wave"].split(" ")[0]
        announced = LEADING_DATE.match(row["announced_on"])
        announced_text = announced.group(0) if announced else ""
        within = placed_from[: len(announced_text)] == announced_text == placed_to[: len(announced_text)]
        if announced_text and not within:
            raise ValueError(f"wave {number}: placed {placed_from}..{placed_to} outside its date {announced_text}")
        count = LEADING_COUNT.match(row["laureats"])
        new_places = re.search(r"(\d+) nouveaux", row["laureats"])
        relabelled = re.search(r"(\d+) relabellisés", row["laureats"])
        rows.append(
            {
                "published_wave": number,
                # "9 (vague 2023)" -> "Vague 2023", as the dataset's wave labels read.
                "wave_label": "Vague " + row["wave"].removesuffix(")").split("vague ")[-1],
                "wave": group,
                "announced": announced_text,
                "placed_from": placed_from,
                "placed_to": placed_to,
                "placement": placement,
                "laureats": count.group(0) if count else "",
                "laureats_status": ("déduit" if "déduit" in row["laureats"] else "publié") if count else "inconnu",
                "new_places": new_places.group(1) if new_places else "",
                "relabelled": relabelled.group(1) if relabelled else "",
                "cumulative": row["cumulative"],
                "in_site_list": "0" if group == "" else "1",
                "sources": row["source_urls"],
            }
        )
    frame = pd.DataFrame(rows)
    frame.to_csv(out / "programme-waves.csv", index=False)
    return frame


PLM_COMMUNES = {"75056", "69123", "13055"}  # Paris, Lyon, Marseille: the communes, not their arrondissements


def build_population(out: Path) -> None:
    """population-communes.csv (population municipale of each commune) and
    population-departements.csv (population, communes, QPV and communes with a QPV per
    département), from sources/geo/communes.csv and qpv.csv."""
    communes = read_csv(SOURCES / "geo" / "communes.csv")
    communes = communes[communes["type"] == "commune"].copy()
    communes["population"] = communes["population"].astype(int)
    if not set(communes["commune_code"]) >= PLM_COMMUNES:
        raise ValueError("Paris, Lyon or Marseille missing from communes.csv")
    communes[["commune_code", "population"]].to_csv(out / "population-communes.csv", index=False)
    qpv = read_csv(SOURCES / "geo" / "qpv.csv")
    spanning = qpv.groupby("qpv_code")["departement_code"].nunique()
    if (spanning > 1).any():
        # A QPV over two départements would be counted in both; régions sum départements.
        raise ValueError(f"QPV over several départements: {list(spanning[spanning > 1].index)}")
    departements = read_csv(SOURCES / "geo" / "departements.csv")[["departement_code"]]
    by_departement = communes.groupby("departement_code").agg(
        population=("population", "sum"), communes=("commune_code", "size")
    )
    departements["population"] = departements["departement_code"].map(by_departement["population"])
    departements["communes"] = departements["departement_code"].map(by_departement["communes"])
    departements["qpv"] = departements["departement_code"].map(qpv.groupby("departement_code")["qpv_code"].nunique())
    departements["qpv_communes"] = departements["departement_code"].map(
        qpv.groupby("departement_code")["commune_code"].nunique()
    )
    departements = departements.fillna(0)
    if departements["population"].min() <= 0:
        raise ValueError("a département without population")
    departements.astype({c: int for c in ("population", "communes", "qpv", "qpv_communes")}).to_csv(
        out / "population-departements.csv", index=False
    )


def wave_of(rank: int) -> str:
    for code, _label, _order, _announced, first, last, *_ in WAVE_GROUPS:
        if first <= rank <= last:
            return code
    raise ValueError(f"no wave for rank {rank}")


def press_urls(sources: str) -> str:
    """The row's sources other than the ANCT list itself."""
    return " | ".join(url.strip() for url in sources.split("|") if url.strip() and url.strip() != ANCT_URL)


# A shipped file cited as a source is shown under this label.
LOCAL_SOURCE_LABELS = {"communique-prefecture-bas-rhin-2021.txt": PREFECTURE_67}
RANK_PHRASES = {"1": "1", "2-4": "2, 3 ou 4", "5": "5", "6-7": "6 ou 7", "8": "8", "2023": "2023"}


def source_label(url: str) -> str:
    return LOCAL_SOURCE_LABELS.get(url, url) if is_local_source(url) else url


class Evidence:
    """Values published for one site or one wave, with their URL and sentence."""

    def __init__(self, site_rows: pd.DataFrame, wave_rows: pd.DataFrame):
        self.site = {key: group for key, group in site_rows.groupby(["id", "attribute"], sort=False)}
        self.wave = {key: group for key, group in wave_rows.groupby(["wave", "attribute"], sort=False)}

    def for_site(self, site_id: str, attribute: str) -> pd.DataFrame:
        return self.site.get((site_id, attribute), pd.DataFrame(columns=["value", "url", "quote"]))

    def for_wave(self, wave: str, attribute: str) -> pd.DataFrame:
        return self.wave.get((wave, attribute), pd.DataFrame(columns=["value", "url", "quote"]))


def cite(rows: pd.DataFrame) -> tuple[str, str]:
    """The `_source` and `_quote` cells for these evidence rows: one entry per row, in
    the same order, joined by " | "."""
    return " | ".join(source_label(url) for url in rows["url"]), " | ".join(rows["quote"])


def contradiction(what: str, rows: pd.DataFrame) -> str:
    """The note recording that sources disagree (nothing is picked)."""
    values = " ; ".join(
        f"« {value} » selon {' et '.join(dict.fromkeys(group['url']))}"
        for value, group in rows.groupby("value", sort=False)
    )
    return f"Sources contradictoires pour {what} : {values} ; laissé non précisé."


def published(rows: pd.DataFrame) -> tuple[str | None, pd.DataFrame]:
    """The single value these rows publish, or None if they disagree."""
    values = list(dict.fromkeys(rows["value"]))
    return (values[0] if len(values) == 1 else None), rows


def derive_type(row: pd.Series, evidence: Evidence) -> dict[str, str]:
    site_rows = evidence.for_site(row["id"], "type")
    if row["wave"] == "2023":
        wave_rows = evidence.for_wave("2023", "type")
        value, _ = published(wave_rows)
        if len(site_rows) and set(site_rows["value"]) != {value}:
            raise ValueError(f"{row['id']}: a site-level type contradicts the 2023 wave's")
        source, quote = cite(wave_rows)
        return {"type": value, "type_status": schema.STATUS_PUBLISHED, "type_source": source, "type_quote": quote}
    if len(site_rows):
        value, _ = published(site_rows)
        if value is None:
            return {
                "type": schema.UNKNOWN,
                "type_status": schema.STATUS_UNKNOWN,
                "type_source": "",
                "type_quote": "",
                "type_note": contradiction("le type", site_rows),
            }
        source, quote = cite(site_rows)
        return {"type": value, "type_status": schema.STATUS_PUBLISHED, "type_source": source, "type_quote": quote}
    if row["id"] in TYPE_BY_NAME_IDS:
        if not TYPE_BY_NAME.search(row["name"]):
            raise ValueError(f"{row['id']}: {row['name']!r} does not say « fabrique numérique »")
        return {
            "type": schema.TYPE_NUMERIQUE,
            "type_status": schema.STATUS_DERIVED,
            "type_source": TYPE_RULE_NAME,
            "type_quote": "",
        }
    return {"type": schema.UNKNOWN, "type_status": schema.STATUS_UNKNOWN, "type_source": "", "type_quote": ""}


def derive_territory(row: pd.Series, evidence: Evidence) -> dict[str, str]:
    # A page naming the site's QPV says the site is in a QPV.
    qpv_rows = evidence.for_site(row["id"], "qpv_name").assign(value=schema.TERRITORY_QPV)
    site_rows = pd.concat([evidence.for_site(row["id"], "territory"), qpv_rows], ignore_index=True)
    if len(site_rows):
        value, _ = published(site_rows)
        if value is None:
            return {
                "territory": schema.UNKNOWN,
                "territory_status": schema.STATUS_UNKNOWN,
                "territory_source": "",
                "territory_quote": "",
                "territory_note": contradiction("le territoire", site_rows),
            }
        source, quote = cite(site_rows.drop_duplicates(["url", "quote"]))
        return {
            "territory": value,
            "territory_status": schema.STATUS_PUBLISHED,
            "territory_source": source,
            "territory_quote": quote,
        }
    wave_rows = evidence.for_wave(row["wave"], "territory")
    if len(wave_rows):
        value, _ = published(wave_rows)
        source, quote = cite(wave_rows)
        return {
            "territory": value,
            "territory_status": schema.STATUS_PUBLISHED,
            "territory_source": source,
            "territory_quote": quote,
        }
    if row["commune_has_qpv"] == "non" and row["density_level"] in {"5", "6", "7"}:
        return {
            "territory": schema.TERRITORY_RURAL,
            "territory_status": schema.STATUS_DERIVED,
            "territory_source": TERRITORY_RULE_RURAL,
            "territory_quote": "",
        }
    return {
        "territory": schema.UNKNOWN,
        "territory_status": schema.STATUS_UNKNOWN,
        "territory_source": "",
        "territory_quote": "",
    }


def derive_qpv_name(row: pd.Series, evidence: Evidence) -> dict[str, str]:
    rows = evidence.for_site(row["id"], "qpv_name")
    if not len(rows) or row["territory"] != schema.TERRITORY_QPV:
        return {"qpv_name": "", "qpv_source": "", "qpv_quote": ""}
    value, _ = published(rows)
    if value is None:
        return {"qpv_name": "", "qpv_source": "", "qpv_quote": "", "qpv_note": contradiction("le QPV", rows)}
    source, quote = cite(rows)
    return {"qpv_name": value, "qpv_source": source, "qpv_quote": quote}


def derive_porteur(row: pd.Series, evidence: Evidence) -> dict[str, str]:
    rows = evidence.for_site(row["id"], "porteur")
    if len(rows):
        source, quote = cite(rows)
        return {"porteur": " / ".join(dict.fromkeys(rows["value"])), "porteur_source": source, "porteur_quote": quote}
    # The press file's porteur, cited by the row's press sources.
    return {
        "porteur": row["press_porteur"],
        "porteur_source": row["press_sources"] if row["press_porteur"] else "",
        "porteur_quote": "",
    }


def derive_wave_detail(row: pd.Series, evidence: Evidence) -> dict[str, str]:
    """Says which part comes from ANCT's rank and which from the press."""
    detail = f"rang ANCT : {RANK_PHRASES[row['wave']]}"
    rows = evidence.for_site(row["id"], "wave")
    note = ""
    if len(rows):
        values = list(dict.fromkeys(rows["value"]))
        detail += f" ; presse : {' ou '.join(values)}"
        if len(values) > 1:
            note = contradiction("la vague", rows)
        elif wave_group_of(values[0]) != row["wave"]:
            note = (
                f"Contradiction : la presse place ce lauréat en vague {values[0]} "
                f"({' et '.join(dict.fromkeys(rows['url']))}), son rang ANCT dans « {row['wave_label']} »."
            )
    elif row["id"] in PRESS_DEDUCED_WAVES:
        wave, note = PRESS_DEDUCED_WAVES[row["id"]]
        detail += f" ; déduit de la presse : {wave}"
    elif row["press_wave"].endswith("(déduit)"):
        detail += f" ; déduit de la presse : {row['press_wave'].removesuffix('(déduit)').strip()}"
    return {"wave_detail": detail, "wave_note": note}


def wave_group_of(wave: str) -> str:
    for code, *_rest in WAVE_GROUPS:
        if (
            wave in code.split("-")
            or (code == "2-4" and wave in {"2", "3", "4"})
            or (code == "6-7" and wave in {"6", "7"})
        ):
            return code
    raise ValueError(f"no wave group for {wave!r}")


def derive_amount(row: pd.Series, evidence: Evidence) -> dict[str, object]:
    rows = evidence.for_site(row["id"], "amount")
    if len(rows):
        value, _ = published(rows)
        if value is None:
            raise ValueError(f"{row['id']}: contradictory published amounts")
        source, quote = cite(rows)
        return {
            "amount_eur": float(value),
            "amount_status": schema.STATUS_PUBLISHED,
            "amount_source": source,
            "amount_quote": quote,
        }
    if row["wave"] == "2023":
        return {
            "amount_eur": 50_000.0,
            "amount_status": schema.STATUS_DERIVED,
            "amount_source": AMOUNT_RULE_2023,
            "amount_quote": "",
        }
    if row["type"] == schema.TYPE_NUMERIQUE:
        return {
            "amount_eur": 250_000.0,
            "amount_status": schema.STATUS_DERIVED,
            "amount_source": AMOUNT_RULE_NUMERIQUE,
            "amount_quote": "",
        }
    return {
        "amount_eur": 150_000.0,
        "amount_status": schema.STATUS_DERIVED,
        "amount_source": AMOUNT_RULE_BASE,
        "amount_quote": "",
    }


PRESS_TYPES = {
    "fabrique numérique de territoire": schema.TYPE_NUMERIQUE,
    "fabrique de territoire": schema.TYPE_RESSOURCE,
}


def press_claims_not_in_evidence(row: pd.Series) -> str:
    """What the press file says that the build does not use: a type or territory it
    gives as published but no evidence row supports, or a value that differs."""
    notes = []
    press_type = (
        PRESS_TYPES.get(row["press_type"].split(" (")[0])
        if not row["press_type"].endswith("(d'après le nom ANCT)") and not row["press_type"].endswith("(probable)")
        else None
    )
    if press_type and row["wave"] != "2023" and press_type != row["type"]:
        notes.append(
            f"laureats.csv donne « {row['press_type']} » ({row['press_sources']}) ; "
            f"type retenu : {row['type']} ({row['type_status']})"
        )
    if row["press_territory"] == "rural" and row["territory"] != schema.TERRITORY_RURAL:
        notes.append(f"laureats.csv donne « rural » ({row['press_sources']}) ; territoire retenu : {row['territory']}")
    return " ; ".join(notes)


# Waves deduced from a dated press page (the press file's "(déduit)" rows aside):
# id -> (wave, reasoning with its source).
PRESS_DEDUCED_WAVES = {
    "fabt-126": (
        "2",
        "Labellisée avant juin 2020 (Quimper Cornouaille Développement, 5 juin 2020, "
        "https://quimpercornouaille.bzh/fabrique-de-territoires-letat-lance-un-nouvel-ami-pour-les-tiers-lieux), "
        "quand seules les vagues 1 et 2 étaient annoncées, et hors de la vague 1 (rang ANCT) : vague 2 "
        "(déduit).",
    ),
}

# Notes the build adds for a site, on top of the press file's.
SITE_NOTES = {
    "fabt-05": (
        "Type : l'Hérault Tribune range Narbonne (« Le Grand Narbonne ») parmi les six fabriques de "
        "territoire d'Occitanie de la 1re vague, et FabNum INESS est le seul lauréat narbonnais de cette "
        "vague dans la liste ANCT ; le « FabNum » du nom n'est pas une source de type."
    ),
    "fabt-58": (
        "Contradiction : la page du Fablab des 3 Lapins (27/02/2020) le dit « le seul en zone rurale » des "
        "fabriques numériques de Bourgogne-Franche-Comté, alors que toute la 1re vague est annoncée en QPV "
        "(https://fablab3lapins.org/edition-vesoul-haute-saone-le-terrier-un-centre-de-la-transition-numerique/) ; "
        "le territoire reste celui publié pour la vague."
    ),
    "fabt-38": (
        "Contradiction : la page du Fablab des 3 Lapins (27/02/2020) ne nomme que Dijon, Besançon et Luxeuil "
        "comme fabriques numériques de Bourgogne-Franche-Comté "
        "(https://fablab3lapins.org/edition-vesoul-haute-saone-le-terrier-un-centre-de-la-transition-numerique/), "
        "alors que le nom ANCT de ce lauréat d'Autun dit « Fabrique Numérique » : type laissé à la règle du nom, "
        "faute de page qui le publie."
    ),
    "fabt-379": (
        "Commune : la liste ANCT donne le code 49069, ancienne commune de Champtoceaux, aujourd'hui "
        "commune déléguée d'Orée d'Anjou (49126), le nom que donne la même fiche ANCT."
    ),
    "fabt-19": (
        "Type non précisé : l'Hérault Tribune annonce « 2 fabriques numériques de territoire à "
        "Montpellier » en 1re vague, mais la liste ANCT n'y a qu'un lauréat ; l'élimination à partir d'un "
        "décompte que la liste contredit n'est pas une règle, et aucune page ne nomme le CEIS fabrique "
        "numérique."
    ),
}


def join_notes(*parts: str) -> str:
    """The note's parts in order: after a full stop a space, otherwise "; "."""
    text = ""
    for part in (part.strip() for part in parts):
        if part:
            text += (" " if text.endswith(".") else "; " if text else "") + part
    return text


def build_sites(out: Path) -> pd.DataFrame:
    sites = read_anct_sites()
    evidence = Evidence(read_site_evidence(set(sites["id"])), read_wave_evidence())
    press = read_enrichment()
    missing = set(sites["id"]) - set(press.index)
    if missing:
        raise ValueError(f"ids without an enrichment row: {sorted(missing)}")
    press = press.loc[sites["id"]]
    sites["press_porteur"] = press["porteur"].to_numpy()
    sites["press_type"] = press["type"].to_numpy()
    sites["press_territory"] = press["territoire"].to_numpy()
    sites["press_wave"] = press["vague"].to_numpy()
    sites["press_sources"] = press["source_url"].map(press_urls).to_numpy()
    sites["notes"] = press["notes"].str.replace(r"^ANCT fabt-\d+ \(INSEE \w+\);?\s*", "", regex=True).to_numpy()
    sites["sources"] = press["source_url"].to_numpy()

    for site_id, (anct_code, code, why, urls) in SITE_COMMUNE_FIXES.items():
        at = sites["id"] == site_id
        if sites.loc[at, "commune_code"].tolist() != [anct_code]:
            raise ValueError(f"{site_id}: ANCT's commune code is no longer {anct_code}")
        sites.loc[at, "commune_code"] = code
        sites.loc[at, "anct_latitude"] = sites.loc[at, "anct_longitude"] = float("nan")
        sites.loc[at, "notes"] = join_notes(
            sites.loc[at, "notes"].iloc[0], f"Commune corrigée : {why} ({' ; '.join(urls)})."
        )
        sites.loc[at, "sources"] = " | ".join(dict.fromkeys(sites.loc[at, "sources"].iloc[0].split(" | ") + list(urls)))

    communes = read_csv(SOURCES / "geo" / "communes.csv").set_index("commune_code")
    known = sites["commune_code"].isin(communes.index)
    sites["commune"] = sites["commune_code"].map(communes["commune"]).where(known, sites["anct_commune"])
    # Saint-Martin (97801) is the only site outside the 101 départements; ANCT names
    # its commune "NA".
    sites.loc[sites["commune_code"] == "97801", "commune"] = COM_NAME
    sites["departement_code"] = sites["commune_code"].map(communes["departement_code"]).where(known, COM_CODE)
    sites["latitude"] = (
        sites["commune_code"].map(communes["latitude"]).astype(float).where(known, sites["anct_latitude"])
    )
    sites["longitude"] = (
        sites["commune_code"].map(communes["longitude"]).astype(float).where(known, sites["anct_longitude"])
    )

    qpv_communes = set(read_csv(SOURCES / "geo" / "qpv.csv")["commune_code"])
    density = read_csv(SOURCES / "geo" / "densite_communes.csv").set_index("commune_code")["densite_niveau"]
    # The QPV list covers the 101 départements only: outside them (Saint-Martin), unknown.
    sites["commune_has_qpv"] = (
        sites["commune_code"]
        .isin(qpv_communes)
        .map({True: "oui", False: "non"})
        .where(sites["departement_code"] != COM_CODE, "")
    )
    sites["density_level"] = sites["commune_code"].map(density).fillna("")

    sites["wave"] = sites["rank"].map(wave_of)
    sites["wave_status"] = schema.STATUS_DERIVED
    sites["wave_source"] = WAVE_RULE

    reference = load_reference(out)
    waves = reference.waves.set_index("wave")
    for column in ("wave_label", "wave_order", "wave_announced"):
        sites[column] = sites["wave"].map(waves[column])

    # In this order: the QPV name needs the territory, the amount the type.
    for derive in (derive_type, derive_territory, derive_qpv_name, derive_porteur, derive_wave_detail, derive_amount):
        derived = pd.DataFrame([derive(row, evidence) for _, row in sites.iterrows()], index=sites.index)
        for column in derived.columns:
            sites[column] = derived[column].fillna("") if column.endswith("_note") else derived[column]
    build_notes = [
        column for column in ("type_note", "territory_note", "qpv_note", "wave_note") if column in sites.columns
    ]
    sites["notes"] = [
        join_notes(
            row["notes"],
            SITE_NOTES.get(row["id"], ""),
            *(row[c] for c in build_notes),
            press_claims_not_in_evidence(row),
        )
        for _, row in sites.iterrows()
    ]

    # Every URL the row cites: the press file's, then those of its values' sources.
    cited = ("sources", "porteur_source", "type_source", "territory_source", "qpv_source", "amount_source")
    sites["sources"] = [
        " | ".join(
            dict.fromkeys(
                url for column in cited for url in (part.strip() for part in row[column].split("|")) if "://" in url
            )
        )
        for _, row in sites.iterrows()
    ]

    departements = reference.departements.set_index("departement_code")
    sites["departement"] = sites["departement_code"].map(departements["departement"])
    sites["region_code"] = sites["departement_code"].map(departements["region_code"])
    sites["region"] = sites["departement_code"].map(departements["region"])
    # ANCT's list 2020-2023 labels each place once; the 2024 wave's 55 relabellings have
    # no per-site source yet (they would take the id of the place's first labellisation).
    sites["place_id"] = ""
    result = sites[list(schema.COLUMN_NAMES)].astype({"amount_eur": "Int64"})
    result.to_csv(out / "fabriques.csv", index=False)
    return result


def check_reconciliation(sites: pd.DataFrame) -> list[str]:
    """The published totals the dataset must match; returns the failures."""
    failures = []

    def expect(what: str, actual, expected) -> None:
        if actual != expected:
            failures.append(f"{what}: {actual} != {expected}")

    expect("lauréats", len(sites), 382)
    expect("unique ids", sites["id"].nunique(), 382)
    counts = sites["wave"].value_counts()
    expect("wave 1", counts.get("1"), 80)
    expect("before the 2023 wave", int((sites["wave"] != "2023").sum()), 300)
    expect("2023 wave", counts.get("2023"), 82)
    wave_1 = sites[sites["wave"] == "1"]
    expect("wave 1 all in QPV", set(wave_1["territory"]), {schema.TERRITORY_QPV})
    bas_rhin = sites[sites["departement_code"] == "67"].set_index("name")
    expected_67 = {
        "La Grange Numérique CSC du Neuhof": ("Strasbourg", "Neuhof-Meinau"),
        "ARTEFACT PRL": ("Strasbourg", "Laiterie"),
        "LA CABANE DES CREATEURS": (
            "Schiltigheim",
            "Quartiers Ouest (Bischheim, Schiltigheim), Guirbaden (Bischheim), Marais (Schiltigheim)",
        ),
        "Consortium TIX": ("Bischwiller", "Liberté"),
    }
    for name, (commune, qpv) in expected_67.items():
        if name not in bas_rhin.index:
            failures.append(f"Bas-Rhin: {name} missing")
            continue
        site = bas_rhin.loc[name]
        expect(f"{name} commune", site["commune"], commune)
        expect(f"{name} QPV", site["qpv_name"], qpv)
        expect(f"{name} type", site["type"], schema.TYPE_NUMERIQUE)
        expect(f"{name} territory", site["territory"], schema.TERRITORY_QPV)
    expect(
        "Bas-Rhin others",
        sorted(set(bas_rhin["commune"]) - {"Strasbourg", "Schiltigheim", "Bischwiller"}),
        ["Monswiller"],
    )
    expect("numériques at most 32", bool((sites["type"] == schema.TYPE_NUMERIQUE).sum() <= 32), True)
    return failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "data", help="output folder (default: data/)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    build_boundaries(args.out)
    build_reference(args.out)
    build_programme_waves(args.out)
    build_population(args.out)
    sites = build_sites(args.out)
    failures = check_reconciliation(sites)
    if failures:
        print("Reconciliation failed:\n  " + "\n  ".join(failures), file=sys.stderr)
        return 1
    # The built file must pass the same validation as any file the app loads.
    dataset = load_dataset(args.out / "fabriques.csv", load_reference(args.out))
    print(f"{len(dataset.sites)} lauréats written to {args.out / 'fabriques.csv'}")
    for column in ("wave", "type", "territory", "type_status", "territory_status", "amount_status"):
        print(f"  {column}: " + ", ".join(f"{k} {v}" for k, v in sites[column].value_counts().items()))
    print(f"  amount: {sites['amount_eur'].sum():,.0f} € in all")
    return 0


if __name__ == "__main__":
    sys.exit(main())
