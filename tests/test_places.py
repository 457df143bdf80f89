"""Relabelled places: one row per labellisation, ``place_id`` naming the place."""

import pandas as pd
import pytest

from dashboard.data.loader import DatasetError, validate
from dashboard.data.places import place_keys, relabelled_rows
from tests.conftest import make_dataset, site


def relabelled(**second) -> list[dict]:
    """t-1 labelled in wave 1, then again (t-9) in the 2023 wave, same place."""
    return [
        site("t-1"),
        site("t-2", commune_code="67447", commune="Schiltigheim"),
        site("t-9", **({"wave": "2023", "type": "ressource", "amount_eur": "50000", "place_id": "t-1"} | second)),
    ]


def test_a_relabelled_site_is_one_place_labelled_twice(reference):
    dataset = make_dataset(relabelled(), reference)
    sites = dataset.sites
    assert place_keys(sites).tolist() == ["t-1", "t-2", "t-1"]
    assert relabelled_rows(sites).tolist() == [True, False, True]
    assert len(sites) == 3 and place_keys(sites).nunique() == 2  # 3 labellisations, 2 places


def test_no_place_id_column_means_one_place_per_row(reference):
    sites = make_dataset([site("t-1"), site("t-2")], reference).sites
    assert sites["place_id"].astype(str).tolist() == ["", ""]
    assert not relabelled_rows(sites).any()


@pytest.mark.parametrize(
    ("second", "message"),
    [
        ({"commune_code": "67447", "commune": "Schiltigheim"}, "les labellisations d'un même lieu ont la même commune"),
        ({"wave": "1"}, "un lieu n'est labellisé qu'une fois par vague"),
    ],
)
def test_a_place_keeps_its_commune_and_is_labelled_once_per_wave(reference, second, message):
    rows = relabelled(**second)
    with pytest.raises(DatasetError) as caught:
        validate(pd.DataFrame(rows, dtype=str).fillna(""), reference, "test.csv")
    problems = [p for p in caught.value.problems if p.column == "place_id"]
    assert len(problems) == 1 and message in problems[0].message
    assert problems[0].line == 4  # the third row, under the header
