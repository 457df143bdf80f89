"""Zones blanches on the small dataset: lauréats in Bas-Rhin (67) and Finistère (29) only."""

from tests.blocks.helpers import export, render


def test_france_lists_the_99_other_departements_most_populated_first(small_dataset):
    outputs = render(small_dataset, "gaps")
    assert outputs["summary"].startswith("France entière, toutes vagues : 99\u00a0départements sans lauréat sur 101")
    assert "les plus peuplés : Nord (" in outputs["summary"]
    frame = export(small_dataset, "gaps")
    assert len(frame) == 99 and frame["Code"].iloc[0] == "59"
    assert frame["Population"].is_monotonic_decreasing
    assert "67" not in set(frame["Code"]) and "978" not in set(frame["Code"])
    assert outputs["table"].splitlines()[2].startswith("| [Nord](?region=32&dep=59) | 59 |")


def test_a_region_and_a_wave(small_dataset):
    outputs = render(small_dataset, "gaps", waves=["2023"], regions=["53"])
    frame = export(small_dataset, "gaps", waves=["2023"], regions=["53"])
    assert set(frame["Code"]) == {"22", "29", "35", "56"}  # no 2023 lauréat in Bretagne
    assert frame.set_index("Code").loc["29", "Lauréats, toutes vagues"] == 2
    assert "[Finistère](?vague=2023&region=53&dep=29)" in outputs["table"]


def test_departement_level(small_dataset):
    covered = render(small_dataset, "gaps", regions=["44"], departement="67")
    assert covered["summary"] == "Bas-Rhin (67), toutes vagues : aucun département sans lauréat."
    assert covered["table"] == ""
    empty = render(small_dataset, "gaps", waves=["5"], regions=["44"], departement="67", site=None)
    assert empty["summary"] == "Bas-Rhin (67), Vague 5 : aucun lauréat ; 1\u202f163\u202f810 habitants, 24\u00a0QPV."
    site = render(small_dataset, "gaps", regions=["44"], departement="67", site="t-1")
    assert site["summary"].startswith("Fabrique t-1, toutes vagues : aucun département")
