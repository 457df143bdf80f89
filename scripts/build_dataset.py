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
- sources/geo/*.csv: départements, régions, communes, QPV list, INSEE density grid.

Rules (documented in data/README.md): nothing is invented. A value is "publié" when a
source gives it for that site (or for its whole wave), "dérivé" when it follows from
a stated rule, "inconnu" (value "non précisé") otherwise. The run fails if the
published totals do not reconcile.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard.data import schema  # noqa: E402
from dashboard.data.loader import load_dataset  # noqa: E402
from dashboard.data.reference import BOUNDARIES_FILE, OVERVIEW_BOUNDARIES_FILE, load_reference  # noqa: E402

SOURCES = ROOT / "data" / "sources"
# The map's boundaries, rounded: 3 decimals (about 100 m, a pixel at the zoom of the
# smallest département) for the zoomed views, 2 (about 1 km, under a pixel for the whole
# of France) for the France view that every first visit draws: 42 KB instead of 80 KB
# (brotli) on the first load, the finer file only fetched once a manager drills down.
BOUNDARY_FILES = {BOUNDARIES_FILE: 3, OVERVIEW_BOUNDARIES_FILE: 2}
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
TYPE_RULE_MONTPELLIER = (
    "La presse annonce 2 fabriques numériques à Montpellier en 1re vague ; "
    "c'est le seul lauréat montpelliérain de cette vague dans la liste ANCT"
)

# ANCT geocoded one site to a former commune code: 49069 (Champtoceaux) is now a
# commune déléguée of Orée d'Anjou, 49126, the name ANCT gives in the same record.
COMMUNE_CODE_FIXES = {"49069": "49126"}
# Saint-Martin is a collectivité d'outre-mer, not one of the 101 départements.
COM_CODE, COM_NAME, COM_REGION_CODE, COM_REGION = "978", "Saint-Martin", "COM", "Collectivités d'outre-mer"
# Site-specific amounts published by a source (all others follow the scale).
PUBLISHED_AMOUNTS = {
    "fabt-287": (
        150_000,
        "https://en.bigoudenmakers.com/articles/bigouden-makers-pont-labbe-labellise-fabrique-de-territoire",
    ),
    "fabt-349": (
        50_000,
        "https://www.lepetitjournal.net/47-lot-et-garonne/2023/11/20/le-tiers-lieu-de-cancon-laureat/",
    ),
}


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


def build_boundaries(out: Path) -> None:
    """The map's boundary files: the sourced boundaries, rounded (rings stay wound
    clockwise for plotly; a ring too small to keep 4 points is dropped)."""
    for name, decimals in BOUNDARY_FILES.items():
        collection = json.loads((SOURCES / "geo" / BOUNDARIES_FILE).read_text(encoding="utf-8"))
        for feature in collection["features"]:
            geometry = feature["geometry"]
            polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
            kept = []
            for polygon in polygons:
                rings = [_rounded_ring(ring, decimals) for ring in polygon]
                if len(rings[0]) >= 4:
                    kept.append([ring for ring in rings if len(ring) >= 4])
            if not kept:
                raise ValueError(f"département {feature['id']} vanished when rounded to {decimals} decimals")
            feature["geometry"] = (
                {"type": "Polygon", "coordinates": kept[0]}
                if len(kept) == 1
                else {"type": "MultiPolygon", "coordinates": kept}
            )
        (out / name).write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


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


def wave_of(rank: int) -> str:
    for code, _label, _order, _announced, first, last, *_ in WAVE_GROUPS:
        if first <= rank <= last:
            return code
    raise ValueError(f"no wave for rank {rank}")


def press_urls(sources: str) -> str:
    """The row's sources other than the ANCT list itself."""
    return " | ".join(url.strip() for url in sources.split("|") if url.strip() and url.strip() != ANCT_URL)


def derive_type(row: pd.Series, wave_facts: dict[str, str]) -> tuple[str, str, str]:
    text = row["press_type"]
    if row["wave"] == "2023":
        return schema.TYPE_RESSOURCE, schema.STATUS_PUBLISHED, wave_facts["2023 type"]
    if text.startswith("fabrique numérique de territoire (communiqué de la préfecture"):
        return schema.TYPE_NUMERIQUE, schema.STATUS_PUBLISHED, PREFECTURE_67
    if text == "fabrique numérique de territoire (d'après le nom ANCT)":
        return schema.TYPE_NUMERIQUE, schema.STATUS_DERIVED, TYPE_RULE_NAME
    if text == "fabrique numérique de territoire (probable)":
        return schema.TYPE_NUMERIQUE, schema.STATUS_DERIVED, TYPE_RULE_MONTPELLIER
    if text == "fabrique numérique de territoire":
        return schema.TYPE_NUMERIQUE, schema.STATUS_PUBLISHED, row["press_sources"]
    if text.startswith("fabrique de territoire"):
        # Includes FabNum INESS, which the press lists as a fabrique de territoire
        # although its name suggests otherwise: the source wins, the note says so.
        return schema.TYPE_RESSOURCE, schema.STATUS_PUBLISHED, row["press_sources"]
    if text.startswith("non précisé"):
        return schema.UNKNOWN, schema.STATUS_UNKNOWN, ""
    raise ValueError(f"{row['id']}: unexpected type text {text!r}")


def derive_territory(row: pd.Series, wave_facts: dict[str, str]) -> tuple[str, str, str]:
    text = row["press_territory"]
    if row["wave"] == "1":
        return schema.TERRITORY_QPV, schema.STATUS_PUBLISHED, wave_facts["1 territory"]
    if text == "QPV (communiqué de la préfecture du Bas-Rhin)":
        return schema.TERRITORY_QPV, schema.STATUS_PUBLISHED, PREFECTURE_67
    if text == "rural":
        return schema.TERRITORY_RURAL, schema.STATUS_PUBLISHED, row["press_sources"]
    if not row["commune_has_qpv"] and row["density_level"] in {"5", "6", "7"}:
        return schema.TERRITORY_RURAL, schema.STATUS_DERIVED, TERRITORY_RULE_RURAL
    return schema.UNKNOWN, schema.STATUS_UNKNOWN, ""


def derive_amount(row: pd.Series) -> tuple[float, str, str]:
    if row["id"] in PUBLISHED_AMOUNTS:
        amount, url = PUBLISHED_AMOUNTS[row["id"]]
        return float(amount), schema.STATUS_PUBLISHED, url
    if row["wave"] == "2023":
        return 50_000.0, schema.STATUS_DERIVED, AMOUNT_RULE_2023
    if row["type"] == schema.TYPE_NUMERIQUE:
        return 250_000.0, schema.STATUS_DERIVED, AMOUNT_RULE_NUMERIQUE
    return 150_000.0, schema.STATUS_DERIVED, AMOUNT_RULE_BASE


def read_wave_facts() -> dict[str, str]:
    """Facts published for a whole wave, with their sources."""
    waves_published = read_csv(SOURCES / "programme" / "waves.csv").set_index("wave")
    return {
        "1 territory": "Toute la 1re vague est en QPV : " + waves_published.loc["1", "source_urls"],
        "2023 type": "Aucune fabrique numérique dans la vague 2023 : "
        + waves_published.loc["9 (vague 2023)", "source_urls"],
    }


def build_sites(out: Path) -> pd.DataFrame:
    wave_facts = read_wave_facts()

    sites = read_anct_sites()
    press = read_enrichment()
    missing = set(sites["id"]) - set(press.index)
    if missing:
        raise ValueError(f"ids without an enrichment row: {sorted(missing)}")
    press = press.loc[sites["id"]]
    sites["porteur"] = press["porteur"].to_numpy()
    sites["press_type"] = press["type"].to_numpy()
    sites["press_territory"] = press["territoire"].to_numpy()
    sites["qpv_name"] = press["qpv"].to_numpy()
    sites["press_wave"] = press["vague"].to_numpy()
    sites["sources"] = press["source_url"].to_numpy()
    sites["press_sources"] = sites["sources"].map(press_urls)
    sites["notes"] = press["notes"].str.replace(r"^ANCT fabt-\d+ \(INSEE \w+\);?\s*", "", regex=True).to_numpy()

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
    sites["commune_has_qpv"] = sites["commune_code"].isin(qpv_communes)
    sites["density_level"] = sites["commune_code"].map(density).fillna("")

    sites["wave"] = sites["rank"].map(wave_of)
    sites["wave_status"] = schema.STATUS_DERIVED
    sites["wave_source"] = WAVE_RULE
    sites["wave_detail"] = sites["press_wave"]

    sites[["type", "type_status", "type_source"]] = sites.apply(
        derive_type, axis=1, result_type="expand", wave_facts=wave_facts
    )
    sites[["territory", "territory_status", "territory_source"]] = sites.apply(
        derive_territory, axis=1, result_type="expand", wave_facts=wave_facts
    )
    sites[["amount_eur", "amount_status", "amount_source"]] = sites.apply(derive_amount, axis=1, result_type="expand")
    # The QPV name is only known where a source gives it for that site.
    sites.loc[sites["territory"] != schema.TERRITORY_QPV, "qpv_name"] = ""

    reference = load_reference(out)
    departements = reference.departements.set_index("departement_code")
    sites["departement"] = sites["departement_code"].map(departements["departement"])
    sites["region_code"] = sites["departement_code"].map(departements["region_code"])
    sites["region"] = sites["departement_code"].map(departements["region"])
    waves = reference.waves.set_index("wave")
    for column in ("wave_label", "wave_order", "wave_announced"):
        sites[column] = sites["wave"].map(waves[column])
    sites["commune_has_qpv"] = sites["commune_has_qpv"].map({True: "oui", False: "non"})
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
