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


def pytest_setup_options():
    """Chromium options for dash_duo: Bootstrap scrolls smoothly unless the user prefers
    reduced motion, and a click during a scroll animation lands on the wrong element."""
    from selenium.webdriver.chrome.options import Options

    options = Options()
    options.add_argument("--force-prefers-reduced-motion")
    options.add_argument("--window-size=1400,1000")
    return options
