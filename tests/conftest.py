"""Shared fixtures: the shipped dataset, and small hand-made datasets whose totals
can be checked by hand."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from dashboard.data.loader import Dataset, load_dataset, validate
from dashboard.data.reference import load_reference
from dashboard.web.app_factory import create_app
from dashboard.web.config import DEFAULT_DATA_FILE

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def reference():
    return load_reference()


@pytest.fixture(scope="session")
def shipped_dataset(reference) -> Dataset:
    return load_dataset(DEFAULT_DATA_FILE, reference)


def site(
    id,
    departement_code="67",
    commune_code="67482",
    commune="Strasbourg",
    wave="1",
    type="numérique",
    territory="QPV",
    amount_eur="250000",
    **extra,
) -> dict:
    """One row in the file format, with only the required columns unless told."""
    row = {
        "id": id,
        "name": f"Fabrique {id}",
        "commune": commune,
        "commune_code": commune_code,
        "departement_code": departement_code,
        "wave": wave,
        "type": type,
        "territory": territory,
        "amount_eur": amount_eur,
    }
    row.update(extra)
    return row


def make_dataset(rows: list[dict], reference) -> Dataset:
    """A validated Dataset from rows built with ``site``."""
    sites = validate(pd.DataFrame(rows, dtype=str).fillna(""), reference, "test.csv")
    return Dataset.from_sites(sites, reference, "test.csv")


@pytest.fixture
def app(small_dataset):
    """The app on the small dataset (Flask test client: ``client``)."""
    return create_app(small_dataset)


@pytest.fixture
def client(app):
    return app.server.test_client()


@pytest.fixture
def small_dataset(reference) -> Dataset:
    """Five sites, totals by hand:
    - Grand Est (44): Strasbourg numérique QPV wave 1 250 000; Schiltigheim numérique QPV
      waves 2-4 250 000; Monswiller ressource rural 2023 50 000  -> 3 sites, 550 000 €
    - Bretagne (53): Concarneau ressource QPV wave 1 150 000; Brest non précisé / non
      précisé waves 2-4 150 000  -> 2 sites, 300 000 €
    Whole: 5 sites, 850 000 €, 3 QPV, 1 rural, 1 territory unknown, 2 numériques, 2 départements (67, 29).
    """
    rows = [
        site("t-1", latitude="48.57106", longitude="7.76758"),
        site("t-2", commune_code="67447", commune="Schiltigheim", wave="2-4", latitude="48.61191", longitude="7.74628"),
        site(
            "t-3",
            commune_code="67302",
            commune="Monswiller",
            wave="2023",
            type="ressource",
            territory="rural",
            amount_eur="50000",
            latitude="48.75135",
            longitude="7.38643",
        ),
        site(
            "t-4",
            departement_code="29",
            commune_code="29039",
            commune="Concarneau",
            type="ressource",
            amount_eur="150000",
            latitude="47.89642",
            longitude="-3.90705",
        ),
        site(
            "t-5",
            departement_code="29",
            commune_code="29019",
            commune="Brest",
            wave="2-4",
            type="non précisé",
            territory="non précisé",
            amount_eur="150000",
            latitude="48.40037",
            longitude="-4.50235",
        ),
    ]
    return make_dataset(rows, reference)


@pytest.fixture
def scale_dataset(reference) -> Dataset:
    """Four sites with provenance columns, amounts from the scale; totals by hand:
    - s-1 Strasbourg (67), wave 1, numérique (dérivé), QPV (publié), 250 000 € from the scale:
      estimate 175 000 to 250 000 €
    - s-2 Concarneau (29), waves 2-4, ressource (publié), rural (dérivé), 150 000 € from the scale:
      75 000 to 150 000 €
    - s-3 Brest (29), wave 8, type and territory unknown, 150 000 € published: exact
    - s-4 Monswiller (67), wave 2023, ressource (publié), rural (dérivé), 50 000 € from the flat grant: exact
    Waves 1-8: 3 lauréats, 400 000 to 550 000 €; wave 2023: 1 lauréat, 50 000 €; all: 450 000 to 600 000 €.
    """

    def provenance(type_status, territory_status, amount_status):
        return {
            "wave_status": "dérivé",
            "type_status": type_status,
            "territory_status": territory_status,
            "amount_status": amount_status,
        }

    rows = [
        site("s-1", **provenance("dérivé", "publié", "dérivé")),
        site(
            "s-2",
            departement_code="29",
            commune_code="29039",
            commune="Concarneau",
            wave="2-4",
            type="ressource",
            territory="rural",
            amount_eur="150000",
            **provenance("publié", "dérivé", "dérivé"),
        ),
        site(
            "s-3",
            departement_code="29",
            commune_code="29019",
            commune="Brest",
            wave="8",
            type="non précisé",
            territory="non précisé",
            amount_eur="150000",
            **provenance("inconnu", "inconnu", "publié"),
        ),
        site(
            "s-4",
            commune_code="67302",
            commune="Monswiller",
            wave="2023",
            type="ressource",
            territory="rural",
            amount_eur="50000",
            **provenance("publié", "dérivé", "dérivé"),
        ),
    ]
    return make_dataset(rows, reference)


def pytest_setup_options():
    """Chromium options for dash_duo: Bootstrap scrolls smoothly unless the user prefers
    reduced motion, and a click during a scroll animation lands on the wrong element."""
    from selenium.webdriver.chrome.options import Options

    options = Options()
    options.add_argument("--force-prefers-reduced-motion")
    options.add_argument("--window-size=1400,1000")
    return options
