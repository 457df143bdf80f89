"""AE/CP block on the small dataset: wave 1 (2 lauréats, 1 numérique, 400 000 €), waves 2-4
(2, 1 numérique, 400 000 €), 2023 (1, 50 000 €)."""

import pytest

from dashboard.blocks.payments import AE, TOTAL_CP, cp_column
from tests.blocks.helpers import assert_valid, export, render


def test_france_year_by_year(small_dataset):
    outputs = render(small_dataset, "payments")
    figure = assert_valid(outputs["figure"])
    ae, cp = figure.data
    assert list(ae.x) == ["2020", "2021", "2022", "2023"]
    assert list(ae.y) == [800_000, 0, 0, 50_000]  # committed the labelling year
    # 2020: 4 × 50 000 + 2 bonus of 100 000; 2021-2022: 4 × 50 000; 2023: the 2023 lauréat.
    assert list(cp.y) == [400_000, 200_000, 200_000, 50_000]
    assert "autorisations d'engagement (AE, estimées) de 2020 à 2023" in outputs["summary"]
    assert "400\u202f000\u00a0€ en 2020" in outputs["summary"]
    assert "pas quand il est versé" in outputs["note"]  # the bonus's timing: a stated assumption


def test_export_per_wave_with_a_total_row(small_dataset):
    frame = export(small_dataset, "payments")
    assert frame["Vague"].tolist() == ["Vague 1", "Vagues 2 à 4", "Vague 2023", "Total"]
    total = frame.iloc[-1]
    assert total[AE] == total[TOTAL_CP] == 850_000
    assert [total[cp_column(y)] for y in (2020, 2021, 2022, 2023)] == [400_000, 200_000, 200_000, 50_000]


@pytest.mark.parametrize(
    ("level", "cp"),
    [
        ({"regions": ["44"]}, [300_000, 100_000, 100_000, 50_000]),
        ({"regions": ["53"], "departement": "29"}, [100_000, 100_000, 100_000]),
        ({"regions": ["53"], "departement": "29", "site": "t-4"}, [50_000, 50_000, 50_000]),
        ({"waves": ["2023"]}, [50_000]),
        ({"regions": ["11"]}, None),
    ],
)
def test_each_level_of_the_drill_down(small_dataset, level, cp):
    outputs = render(small_dataset, "payments", **level)
    assert_valid(outputs["figure"])
    if cp is None:
        assert outputs["figure"]["data"] == [] and "aucun engagement" in outputs["summary"]
    else:
        assert outputs["figure"]["data"][1]["y"] == cp
