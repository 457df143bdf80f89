"""The shipped dataset: reproducible from data/sources/, and reconciled with the
published totals."""

import subprocess
import sys

import pandas as pd
import pytest

from dashboard.data import schema
from tests.conftest import ROOT

BUILT_FILES = [
    "fabriques.csv",
    "waves.csv",
    "departements.csv",
    "regions.csv",
    "departements.geojson",
    "departements-france.geojson",
    "regions.geojson",
    "programme-waves.csv",
    "population-departements.csv",
    "population-communes.csv",
]


@pytest.fixture(scope="module")
def sites(shipped_dataset):
    return shipped_dataset.sites


def test_build_reproduces_the_committed_files(tmp_path):
    result = subprocess.run(
        [sys.executable, "scripts/build_dataset.py", "--out", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    for name in BUILT_FILES:
        assert (tmp_path / name).read_bytes() == (ROOT / "data" / name).read_bytes(), name


def test_published_counts(sites):
    assert len(sites) == 382
    counts = sites["wave"].value_counts()
    assert counts["1"] == 80
    assert (sites["wave"] != "2023").sum() == 300
    assert counts["2023"] == 82
    assert set(sites.loc[sites["wave"] == "1", "territory"]) == {"QPV"}


def test_ids_are_the_anct_ones(sites):
    assert sites["id"].tolist() == [f"fabt-{n:02d}" for n in range(1, 383)]


def test_bas_rhin_sites(sites):
    bas_rhin = sites[sites["departement_code"] == "67"].set_index("name")
    assert set(bas_rhin.index) == {
        "La Grange Numérique CSC du Neuhof",
        "ARTEFACT PRL",
        "LA CABANE DES CREATEURS",
        "Consortium TIX",
        "Réseau Animation Jeunes du Pays de Saverne",
    }
    numeriques = bas_rhin[bas_rhin["type"] == "numérique"]
    assert numeriques["commune"].to_dict() == {
        "La Grange Numérique CSC du Neuhof": "Strasbourg",
        "LA CABANE DES CREATEURS": "Schiltigheim",
        "Consortium TIX": "Bischwiller",
        "ARTEFACT PRL": "Strasbourg",
    }
    assert numeriques.loc["ARTEFACT PRL", "qpv_name"] == "Laiterie"
    assert numeriques.loc["Consortium TIX", "qpv_name"] == "Liberté"
    assert set(numeriques["type_status"]) == {"publié"}
    assert (numeriques["type_source"].str.contains("préfecture du Bas-Rhin")).all()
    assert bas_rhin.loc["Réseau Animation Jeunes du Pays de Saverne", "commune"] == "Monswiller"


def test_every_value_has_a_consistent_provenance(sites):
    for attribute, value_column in (
        ("type", "type"),
        ("territory", "territory"),
        ("wave", "wave"),
        ("amount", "amount_eur"),
    ):
        status = sites[f"{attribute}_status"]
        assert status.isin(schema.STATUSES).all()
        unknown = sites[value_column].isna() if attribute == "amount" else sites[value_column] == schema.UNKNOWN
        assert (unknown == (status == schema.STATUS_UNKNOWN)).all(), attribute
        # Anything published or derived says where from, or by which rule.
        assert (sites.loc[~unknown, f"{attribute}_source"] != "").all(), attribute


def test_amounts_follow_the_published_scale(sites):
    derived = sites[sites["amount_status"] == "dérivé"]
    expected = pd.Series(150_000.0, index=derived.index)
    expected[derived["type"] == "numérique"] = 250_000.0
    expected[derived["wave"] == "2023"] = 50_000.0
    pd.testing.assert_series_equal(derived["amount_eur"], expected, check_names=False)
    published = sites[sites["amount_status"] == "publié"].set_index("id")["amount_eur"].to_dict()
    assert published == {"fabt-287": 150_000.0, "fabt-349": 50_000.0}


def test_derived_territory_follows_the_stated_rule(sites):
    derived = sites[sites["territory_status"] == "dérivé"]
    assert set(derived["territory"]) == {"rural"}
    assert (derived["commune_has_qpv"] == "non").all()
    assert derived["density_level"].isin(["5", "6", "7"]).all()
    # A commune with a QPV settles nothing: the site stays "non précisé" unless a source says.
    with_qpv = sites[(sites["commune_has_qpv"] == "oui") & (sites["territory_status"] != "publié")]
    assert set(with_qpv["territory"]) == {schema.UNKNOWN}


def test_no_fabrique_numerique_is_invented(sites):
    numeriques = sites[sites["type"] == "numérique"]
    assert len(numeriques) <= 32
    assert numeriques["type_status"].isin(["publié", "dérivé"]).all()
    assert (sites.loc[sites["wave"] == "2023", "type"] == "ressource").all()


def test_every_site_is_placed(sites):
    placed = sites.dropna(subset=["latitude", "longitude"])
    # Only Saint-Martin, which ANCT publishes without geometry, has no point.
    assert sites.loc[~sites.index.isin(placed.index), "commune_code"].tolist() == ["97801"]
    metro = placed[~placed["departement_code"].str.startswith("97")]
    assert metro["latitude"].between(41, 51.5).all() and metro["longitude"].between(-5.5, 10).all()
