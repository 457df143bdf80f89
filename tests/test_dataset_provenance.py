"""An independent check of data/fabriques.csv against its sources (issue 15).

Nothing here imports the build script: each value is re-read from the source files
(ANCT's list, the geography files, the evidence files) or re-derived from its stated
rule, so that a mistake in the build shows up as a difference.
"""

from __future__ import annotations

import html
import json
import re

import pandas as pd
import pytest

from tests.conftest import ROOT

DATA = ROOT / "data"
PROGRAMME = DATA / "sources" / "programme"
GEO = DATA / "sources" / "geo"
UNKNOWN = "non précisé"
# The only commune codes that differ from ANCT's, each documented in the row's note.
COMMUNE_FIXES = {"fabt-379": ("49069", "49126"), "fabt-126": ("56169", "29197")}
# Blocks of ANCT's ranks cut by the published cumulative counts.
WAVE_BLOCKS = ((80, "1"), (187, "2-4"), (216, "5"), (280, "6-7"), (300, "8"), (382, "2023"))
RANK_PHRASES = {"1": "1", "2-4": "2, 3 ou 4", "5": "5", "6-7": "6 ou 7", "8": "8", "2023": "2023"}


def read(path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


@pytest.fixture(scope="module")
def sites() -> pd.DataFrame:
    return read(DATA / "fabriques.csv").set_index("id", drop=False)


@pytest.fixture(scope="module")
def anct() -> dict[str, tuple[str, str]]:
    """id -> (name, commune code) as ANCT publishes them."""
    features = json.loads((PROGRAMME / "anct_fabt_geom.geojson").read_text(encoding="utf-8"))["features"]
    rows = {}
    for feature in features:
        props = feature["properties"]
        ids = props["id_territoire"].split("; ")
        # "&amp;" contains a ";" that does not separate two names.
        names = re.split(r"(?<!&amp);\s", props["lib_territoire"])
        assert len(ids) == len(names), props
        for site_id, name in zip(ids, names):
            rows[site_id] = (re.sub(r"\s+", " ", html.unescape(name)).strip(), props["id_geo"])
    return rows


@pytest.fixture(scope="module")
def site_evidence() -> pd.DataFrame:
    return read(PROGRAMME / "site-evidence.csv")


@pytest.fixture(scope="module")
def wave_evidence() -> pd.DataFrame:
    return read(PROGRAMME / "wave-evidence.csv")


def rank(site_id: str) -> int:
    return int(site_id.removeprefix("fabt-"))


def wave_of_rank(value: int) -> str:
    return next(wave for last, wave in WAVE_BLOCKS if value <= last)


def split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(" | ")] if cell else []


# --- ANCT's list and the geography -------------------------------------------------


def test_every_row_is_an_anct_lauréat_with_its_name_and_commune(sites, anct):
    assert sorted(sites.index, key=rank) == sorted(anct, key=rank)
    assert len(sites) == 382
    for site_id, row in sites.iterrows():
        name, code = anct[site_id]
        assert row["name"] == name, site_id
        if site_id in COMMUNE_FIXES:
            assert (code, row["commune_code"]) == COMMUNE_FIXES[site_id], site_id
        else:
            assert row["commune_code"] == code, site_id


def test_the_commune_fix_of_fabt_126_is_explained_with_its_sources(sites):
    note = sites.loc["fabt-126", "notes"]
    assert "56169" in note and "Finistère" in note and "https://banquedesterritoires.fr/" in note
    assert "49069" in sites.loc["fabt-379", "notes"]


def test_departement_region_and_point_come_from_the_commune(sites):
    communes = read(GEO / "communes.csv").set_index("commune_code")
    departements = read(GEO / "departements.csv").set_index("departement_code")
    for site_id, row in sites.iterrows():
        if row["commune_code"] == "97801":  # Saint-Martin: outside the 101 départements, no point
            assert (row["departement_code"], row["region_code"], row["latitude"]) == ("978", "COM", "")
            continue
        commune = communes.loc[row["commune_code"]]
        assert row["commune"] == commune["commune"], site_id
        assert row["departement_code"] == commune["departement_code"], site_id
        departement = departements.loc[row["departement_code"]]
        assert (row["departement"], row["region_code"], row["region"]) == (
            departement["departement"],
            departement["region_code"],
            departement["region"],
        ), site_id
        assert float(row["latitude"]) == pytest.approx(float(commune["latitude"]), abs=1e-6), site_id
        assert float(row["longitude"]) == pytest.approx(float(commune["longitude"]), abs=1e-6), site_id


def test_fabt_126_is_in_plouhinec_finistere(sites):
    row = sites.loc["fabt-126"]
    assert (row["commune"], row["commune_code"], row["departement_code"]) == ("Plouhinec", "29197", "29")


def test_commune_has_qpv_is_empty_where_the_qpv_list_does_not_reach(sites):
    qpv_communes = set(read(GEO / "qpv.csv")["commune_code"])
    assert sites.loc["fabt-364", "commune_has_qpv"] == ""
    for site_id, row in sites.drop(index="fabt-364").iterrows():
        assert row["commune_has_qpv"] == ("oui" if row["commune_code"] in qpv_communes else "non"), site_id


# --- Published values: a URL and the page's sentence, found in the cited row -------


@pytest.mark.parametrize(
    "attribute,value_column", [("type", "type"), ("territory", "territory"), ("amount", "amount_eur")]
)
def test_every_published_value_has_a_url_and_a_supporting_sentence(sites, attribute, value_column):
    published = sites[sites[f"{attribute}_status"] == "publié"]
    assert len(published)
    for site_id, row in published.iterrows():
        sources, quotes = split(row[f"{attribute}_source"]), split(row[f"{attribute}_quote"])
        assert sources and quotes and len(sources) == len(quotes), (site_id, attribute)
        assert all(quote for quote in quotes), (site_id, attribute)
    # Derived and unknown values carry no quote.
    assert (sites.loc[sites[f"{attribute}_status"] != "publié", f"{attribute}_quote"] == "").all()


def test_every_qpv_name_and_cited_porteur_has_a_url_and_a_sentence(sites):
    named = sites[sites["qpv_name"] != ""]
    assert len(named) >= 6
    for site_id, row in named.iterrows():
        assert row["territory"] == "QPV", site_id
        assert split(row["qpv_source"]) and len(split(row["qpv_source"])) == len(split(row["qpv_quote"])), site_id
    assert (sites.loc[sites["qpv_name"] == "", ["qpv_source", "qpv_quote"]] == "").all().all()
    quoted = sites[sites["porteur_quote"] != ""]
    for site_id, row in quoted.iterrows():
        assert row["porteur"] and len(split(row["porteur_source"])) == len(split(row["porteur_quote"])), site_id


def evidence_rows(site_evidence, wave_evidence, row, attribute) -> pd.DataFrame:
    site_rows = site_evidence[(site_evidence["id"] == row["id"]) & (site_evidence["attribute"] == attribute)]
    if attribute == "territory":  # a page naming the site's QPV says it is in a QPV
        qpv = site_evidence[(site_evidence["id"] == row["id"]) & (site_evidence["attribute"] == "qpv_name")]
        site_rows = pd.concat([site_rows, qpv.assign(value="QPV")])
    if len(site_rows) or attribute not in ("type", "territory"):
        return site_rows
    return wave_evidence[(wave_evidence["wave"] == row["wave"]) & (wave_evidence["attribute"] == attribute)]


@pytest.mark.parametrize(
    "attribute,value_column",
    [
        ("type", "type"),
        ("territory", "territory"),
        ("amount", "amount_eur"),
        ("qpv", "qpv_name"),
        ("porteur", "porteur"),
    ],
)
def test_every_published_value_is_in_its_cited_evidence_rows(
    sites, site_evidence, wave_evidence, attribute, value_column
):
    local = {"communique-prefecture-bas-rhin-2021.txt"}
    evidence_attribute = {"qpv": "qpv_name"}.get(attribute, attribute)
    if attribute in ("qpv", "porteur"):
        rows = sites[sites[f"{attribute}_quote"] != ""]
    else:
        rows = sites[sites[f"{attribute}_status"] == "publié"]
    for site_id, row in rows.iterrows():
        cited = evidence_rows(site_evidence, wave_evidence, row, evidence_attribute)
        assert len(cited), (site_id, attribute)
        assert set(cited["value"]) == {
            row[value_column] if attribute != "amount" else str(int(float(row[value_column])))
        }, (site_id, attribute)
        # A shipped file is shown under a label that starts with its name.
        shown = [
            next((name for name in local if source.startswith(name)), source)
            for source in split(row[f"{attribute}_source"])
        ]
        assert set(zip(shown, split(row[f"{attribute}_quote"]))) == set(zip(cited["url"], cited["quote"])), (
            site_id,
            attribute,
        )


def test_sentences_quoted_from_a_shipped_file_are_in_that_file(site_evidence, wave_evidence):
    def normalise(text):
        return re.sub(r"\s+", " ", text).strip()

    for evidence in (site_evidence, wave_evidence):
        for _, row in evidence[~evidence["url"].str.contains("://")].iterrows():
            text = normalise((PROGRAMME / row["url"]).read_text(encoding="utf-8"))
            for part in row["quote"].split(" […] "):
                assert normalise(part) in text, row.to_dict()


def test_every_evidence_row_has_a_url_and_a_sentence(site_evidence, wave_evidence, sites):
    for evidence in (site_evidence, wave_evidence):
        assert (evidence["url"] != "").all() and (evidence["quote"] != "").all()
        assert evidence["url"].str.match(r"https?://|[\w.-]+\.txt$").all()
    assert set(site_evidence["id"]) <= set(sites.index)
    assert set(site_evidence["attribute"]) <= {"type", "territory", "qpv_name", "porteur", "wave", "amount"}


def test_sources_disagreeing_leave_the_value_unknown(sites, site_evidence):
    for (site_id, attribute), group in site_evidence.groupby(["id", "attribute"]):
        if attribute in ("type", "territory") and group["value"].nunique() > 1:
            assert sites.loc[site_id, attribute] == UNKNOWN, site_id
            assert "Sources contradictoires" in sites.loc[site_id, "notes"], site_id


# --- Derived values: re-derived here from their stated rule ------------------------


def test_wave_is_derived_from_the_rank(sites):
    assert (sites["wave_status"] == "dérivé").all()
    for site_id, row in sites.iterrows():
        assert row["wave"] == wave_of_rank(rank(site_id)), site_id


def test_wave_detail_says_rank_or_press(sites, site_evidence):
    press = (
        site_evidence[site_evidence["attribute"] == "wave"]
        .groupby("id")["value"]
        .agg(lambda values: " ou ".join(dict.fromkeys(values)))
    )
    for site_id, row in sites.iterrows():
        expected = f"rang ANCT : {RANK_PHRASES[row['wave']]}"
        assert row["wave_detail"].startswith(expected), site_id
        rest = row["wave_detail"].removeprefix(expected)
        if site_id in press.index:
            assert rest == f" ; presse : {press[site_id]}", site_id
        else:
            assert rest == "" or re.fullmatch(r" ; déduit de la presse : \d", rest), site_id


def test_derived_rural_follows_the_qpv_list_and_the_density_grid(sites):
    qpv_communes = set(read(GEO / "qpv.csv")["commune_code"])
    density = read(GEO / "densite_communes.csv").set_index("commune_code")["densite_niveau"]
    for site_id, row in sites.iterrows():
        rule = (
            row["commune_code"] not in qpv_communes
            and density.get(row["commune_code"]) in {"5", "6", "7"}
            and row["commune_code"] != "97801"
        )
        if row["territory_status"] == "dérivé":
            assert row["territory"] == "rural" and rule, site_id
        elif row["territory_status"] == "inconnu":
            assert not rule, site_id  # the rule applies wherever nothing is published


def test_amount_is_derived_from_the_scale(sites):
    for site_id, row in sites[sites["amount_status"] == "dérivé"].iterrows():
        expected = 50_000 if row["wave"] == "2023" else 250_000 if row["type"] == "numérique" else 150_000
        assert int(row["amount_eur"]) == expected, site_id


def test_numerique_is_derived_only_from_the_name_rule(sites, anct):
    derived = sites[sites["type_status"] == "dérivé"]
    assert set(derived.index) == {"fabt-01", "fabt-35", "fabt-37", "fabt-38", "fabt-61"}
    for site_id, row in derived.iterrows():
        assert row["type"] == "numérique" and re.search(r"fabrique\s+num[ée]r", anct[site_id][0], re.I), site_id
        assert row["type_source"] == "Le nom publié par l'ANCT désigne une « fabrique numérique »"
    # No other name says "Fabrique numérique" outside the 2023 wave (which has none).
    named = {site_id for site_id, (name, _code) in anct.items() if re.search(r"fabrique\s+num[ée]r", name, re.I)}
    assert named - set(derived.index) - set(sites[sites["type_status"] == "publié"].index) == set()


def test_fabt_19_is_not_made_numerique_by_elimination(sites):
    row = sites.loc["fabt-19"]
    assert (row["type"], row["type_status"], row["type_source"]) == (UNKNOWN, "inconnu", "")
    assert int(row["amount_eur"]) == 150_000
    assert "élimination" in row["notes"]


def test_fabnum_iness_note_says_the_press_makes_it_a_fabrique_de_territoire(sites):
    row = sites.loc["fabt-05"]
    assert (row["type"], row["type_status"]) == ("ressource", "publié")
    assert "Hérault Tribune" in row["notes"] and "fabriques de territoire" in row["notes"]


def test_at_most_32_numeriques_and_the_2023_wave_has_none(sites):
    assert (sites["type"] == "numérique").sum() <= 32
    assert (sites.loc[sites["wave"] == "2023", "type"] == "ressource").all()
