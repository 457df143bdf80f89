"""Allow-list checks on callback inputs, and the data banner's texts."""

from datetime import UTC, datetime

import pytest

from dashboard.data.dataset import ReloadFailure
from dashboard.data.loader import DatasetError, Problem
from dashboard.presentation.presenters import MAX_BANNER_PROBLEMS, data_banner
from dashboard.web.inputs import (
    MAX_SELECTED,
    click_count,
    dataset_version,
    positive_int,
    selected_code,
    selected_codes,
    selected_text,
)

WAVES = ("1", "2-4", "5")


@pytest.mark.parametrize(
    "value,expected",
    [
        (["5", "1"], ["1", "5"]),
        ("5", ["5"]),
        (None, []),
        (["9", "<script>", 1, None, ["1"]], []),
        (["1", "1"], ["1"]),
        (["1"] * (MAX_SELECTED + 1), []),
        ({"1": 1}, []),
    ],
)
def test_selected_codes(value, expected):
    assert selected_codes(value, WAVES) == expected


@pytest.mark.parametrize(
    "value,expected",
    [
        ("2-4", "2-4"),
        ("2-4 ", None),
        (["2-4"], None),
        (2, None),
        (None, None),
        ("", None),
        ("x" * 10_000, None),
    ],
)
def test_selected_code(value, expected):
    assert selected_code(value, WAVES) == expected


def test_selected_text_and_positive_int():
    assert selected_text("x" * 10_000) == "x" * 200 and selected_text(["a"]) is None
    assert positive_int(3, 1) == 3 and positive_int(0, 1) == 1 and positive_int(True, 1) == 1
    assert positive_int("2", 1) == 1


@pytest.mark.parametrize(
    "value,expected", [(3, 3), (0, 0), (-1, 0), (True, 0), ("3", 0), (3.0, 0), (None, 0), ([3], 0)]
)
def test_click_count(value, expected):
    assert click_count(value) == expected


@pytest.mark.parametrize(
    "value,expected",
    [
        ("ab12" * 16, "ab12" * 16),
        ("ab12", "ab12"),
        ("AB12", None),
        ("", None),
        ("a" * 65, None),
        ("<script>", None),
        (12, None),
        (None, None),
    ],
)
def test_dataset_version(value, expected):
    assert dataset_version(value) == expected


def failure(count: int) -> ReloadFailure:
    problems = [Problem("montant négatif (-1)", line=line, column="amount_eur") for line in range(2, 2 + count)]
    return ReloadFailure(
        DatasetError("/srv/privé/fabriques.csv", problems), datetime(2026, 3, 2, 9, 30, tzinfo=UTC), None
    )


def test_banner_for_a_refused_file_names_the_file_not_its_folder(small_dataset):
    banner = data_banner(small_dataset, failure(MAX_BANNER_PROBLEMS + 3), small_dataset.version)
    assert banner.color == "danger"
    assert banner.title.startswith(
        "Le nouveau fichier de données « fabriques.csv » a été refusé le 02/03/2026 à 09:30 UTC (13\u00a0problèmes)"
    )
    assert "/srv" not in banner.title + "".join(banner.lines)
    assert banner.lines[0] == "ligne 2, colonne « amount_eur » : montant négatif (-1)"
    assert len(banner.lines) == MAX_BANNER_PROBLEMS + 1 and banner.lines[-1] == "… et 3 autre(s) problème(s)."


def test_banner_for_newer_data_and_none_when_up_to_date(small_dataset):
    assert data_banner(small_dataset, None, "0" * 64).color == "info"
    assert data_banner(small_dataset, None, small_dataset.version) is None
    assert data_banner(small_dataset, None, None) is None
