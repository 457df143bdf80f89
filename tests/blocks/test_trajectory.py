"""Trajectory block on the small dataset (tests/conftest.py): 2 lauréats in wave 1, 2 in
waves 2-4, 1 in the 2023 wave; 850 000 € in all."""

import pytest

from dashboard.blocks.trajectory import EURO, trajectory_figure
from tests.blocks.helpers import assert_valid, export, render
from tests.conftest import make_dataset, site


def test_france_against_the_objective_with_the_2024_wave(small_dataset):
    outputs = render(small_dataset, "trajectory")
    figure = assert_valid(outputs["figure"])
    line = figure.data[0]
    assert list(line.y) == [0, 0, 2, 2, 4, 4, 5]  # AMI, wave 1 (a step), waves 2-4 (spread), 2023 (a step)
    assert figure.data[1].y[-1] == 850_000  # estimated amount, right axis
    assert figure.layout.shapes[0].y0 == 300  # the objective, until the end of 2022
    published = figure.data[2]
    assert list(published.y)[-1] == 407 and published.marker.symbol[-1] == "star"  # 2024: outside the site list
    assert outputs["summary"].startswith("France entière, toutes vagues : 5\u00a0lauréats labellisés de février 2020")
    assert "4 fin 2022 pour un objectif de 300 : non atteint" in outputs["summary"]
    assert (
        "Vague 2024 (chiffres publiés, hors liste des sites) : 80 lauréats, dont 25 nouveaux lieux et 55"
        in (outputs["summary"])
    )
    assert "Vagues 2 à 4 du 01/02/2020 au 29/03/2021" in outputs["note"]


def test_export_has_one_row_per_wave_and_the_2024_wave(small_dataset):
    frame = export(small_dataset, "trajectory")
    assert frame["Vague"].tolist()[-1] == "Vague 2024"
    assert frame["Dans la liste des sites"].tolist()[-1].startswith("non")
    assert frame["Cumul des lauréats"].tolist()[:6] == [2, 4, 4, 4, 4, 5]
    assert frame[EURO].sum() == 850_000
    assert frame["Cumul publié (fabriques)"].tolist() == [80, 189, 218, 280, 300, 382, 407]


@pytest.mark.parametrize(
    ("level", "total", "objective"),
    [
        ({"regions": ["44"]}, 3, False),
        ({"regions": ["44"], "departement": "67"}, 3, False),
        ({"regions": ["44"], "departement": "67", "site": "t-2"}, 1, False),
        ({"waves": ["1"]}, 2, False),
        ({"waves": ["1", "2-4", "5", "6-7", "8"]}, 4, True),
    ],
)
def test_each_level_of_the_drill_down(small_dataset, level, total, objective):
    outputs = render(small_dataset, "trajectory", **level)
    assert_valid(outputs["figure"])
    assert outputs["figure"]["data"][0]["y"][-1] == total
    assert bool(outputs["figure"]["layout"]["shapes"]) is objective
    assert len(outputs["figure"]["data"]) == 2  # no published national counts but for France, all waves
    assert ("n'est pas tracé" in outputs["note"]) is not objective


def test_empty_selection(small_dataset):
    outputs = render(small_dataset, "trajectory", regions=["11"])
    assert outputs["figure"]["data"] == []
    assert outputs["summary"] == "Île-de-France, toutes vagues : aucun lauréat pour cette sélection."


def test_a_relabelled_place_counts_once(reference):
    dataset = make_dataset(
        [site("t-1"), site("t-9", wave="2023", type="ressource", amount_eur="50000", place_id="t-1")], reference
    )
    outputs = render(dataset, "trajectory")
    assert "2\u00a0lauréats labellisés de février 2020 à novembre 2023 (1\u00a0lieu distinct)" in outputs["summary"]
    frame = export(dataset, "trajectory")
    assert frame["Cumul des lieux distincts"].tolist()[:6] == [1, 1, 1, 1, 1, 1]


def test_figure_is_empty_without_lauréat(small_dataset):
    from dashboard.blocks.trajectory import TrajectoryBlock
    from tests.blocks.helpers import view

    data = TrajectoryBlock().compute(small_dataset, view(regions=["11"]))
    assert trajectory_figure(data)["data"] == []
