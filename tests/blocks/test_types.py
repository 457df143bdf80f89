"""Types block."""

from dashboard.analysis import targets
from dashboard.blocks.types import type_mix_figure
from tests.blocks.helpers import assert_valid, bar_total, export, render


def test_figure_counts_every_lauréat(small_dataset, reference):
    mix = targets.type_mix_by_wave(small_dataset.cube, reference.waves)
    figure = assert_valid(type_mix_figure(mix))
    assert sum(sum(trace.y) for trace in figure.data) == 5


def test_filtered_by_wave(small_dataset):
    outputs = render(small_dataset, "types", waves=["2023"])
    assert [trace["x"] for trace in outputs["figure"]["data"]] == [["Vague 2023"]]
    assert outputs["summary"] == (
        "Sur 1\u00a0lauréat : 0\u00a0fabrique numérique identifiée, 1\u00a0fabrique « ressource » identifiée, "
        "0 de type non précisé."
    )


def test_derived_types_have_their_own_segment(scale_dataset):
    names = [trace["name"].replace("<br>", " ") for trace in render(scale_dataset, "types")["figure"]["data"]]
    assert "Numérique : identifiées, dérivé (règle du nom)" in names
    assert "Ressource : identifiées, publié" in names


def test_export_matches_the_chart(small_dataset):
    outputs = render(small_dataset, "types", regions=["44"])
    assert export(small_dataset, "types", regions=["44"])["Total"].sum() == bar_total(outputs["figure"]) == 3
