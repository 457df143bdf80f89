"""Funding block: totals checked by hand on the hand-made datasets (see tests/conftest.py)."""

import pytest

from dashboard.analysis import compute
from dashboard.blocks.funding import CUMULATIVE_HIGH, HIGH, LOW, PUBLISHED, funding_figure
from dashboard.presentation.figures import EMPTY_MESSAGE
from tests.blocks.helpers import assert_valid, bar_total, export, render

NNBSP, NBSP = "\u202f", "\u00a0"


def test_bars_stack_published_bottom_of_scale_and_gap(scale_dataset, reference):
    funding = compute.funding_per_wave(scale_dataset.cube, reference.waves)
    figure = assert_valid(funding_figure(funding, show_envelope=True))
    bars = {trace.name.replace("<br>", " "): sum(trace.y) for trace in figure.data if trace.type == "bar"}
    # published 150 000 (s-3); bottom of the scale 175 000 + 75 000 + 50 000; gap 75 000 + 75 000
    assert bars == {
        "Montants publiés": 150_000,
        "Estimation : bas du barème": 300_000,
        "Estimation : écart jusqu'au plafond": 150_000,
    }
    assert bar_total(funding_figure(funding, show_envelope=True)) == 600_000  # the top of the estimate
    assert figure.layout.shapes[0].y0 == 45_000_000


def test_cumulative_covers_waves_1_to_8_only(scale_dataset, reference):
    funding = compute.funding_per_wave(scale_dataset.cube, reference.waves).set_index("wave")
    assert funding.loc["8", "cumulative_high_eur"] == 550_000
    assert funding.loc["8", "cumulative_low_eur"] == 400_000
    assert funding["cumulative_high_eur"].isna()["2023"]  # outside the envelope: never cumulated
    figure = funding_figure(funding.reset_index(), show_envelope=True)
    line = next(
        t for t in figure["data"] if t["name"].replace("<br>", " ").startswith("Cumul estimé des vagues 1 à 8, plafond")
    )
    assert "Vague 2023" not in line["x"]


def test_envelope_only_where_the_targets_apply(scale_dataset):
    national = render(scale_dataset, "funding")
    assert national["figure"]["layout"]["shapes"]
    for view in ({"waves": ["2023"]}, {"waves": ["1"]}, {"regions": ["44"]}, {"regions": ["53"], "departement": "29"}):
        outputs = render(scale_dataset, "funding", **view)
        assert outputs["figure"]["layout"]["shapes"] == [], view
    assert (
        "n'est pas tracée ici (non déclinable par territoire)"
        in render(scale_dataset, "funding", regions=["44"])["note"]
    )


def test_summary_gives_ranges_and_keeps_2023_apart(scale_dataset):
    summary = render(scale_dataset, "funding")["summary"]
    assert summary.startswith(f"Vagues 1 à 8 : 400{NNBSP}000 à 550{NNBSP}000{NBSP}€ estimés pour 3{NBSP}lauréats")
    assert f"vague 2023 : 50{NNBSP}000{NBSP}€ (1 × 50{NNBSP}000{NBSP}€), hors enveloppe" in summary
    # Waves 2-4 are a group: the summary says so when it names them.
    assert "Vagues 2 à 4 (groupe de 3 vagues)" in summary or "Vague 1" in summary


def test_ties_are_named_together(scale_dataset):
    summary = render(scale_dataset, "funding", waves=["2-4", "8"])["summary"]
    assert "Vagues 2 à 4 (groupe de 3 vagues) et Vague 8, à égalité" in summary


def test_table_and_export_agree_with_the_chart(scale_dataset):
    outputs = render(scale_dataset, "funding")
    frame = export(scale_dataset, "funding")
    assert frame[HIGH].sum() == bar_total(outputs["figure"]) == 600_000
    assert frame[LOW].sum() == 450_000 and frame[PUBLISHED].sum() == 150_000
    # The cumulative is given once per wave, never per type, and stops before the 2023 wave.
    assert frame[CUMULATIVE_HIGH].tolist()[:3] == [250_000, 400_000, 550_000]
    assert frame[CUMULATIVE_HIGH].isna().tolist() == [False, False, False, True]
    assert str(frame["Lauréats"].dtype) == "int64" and str(frame[HIGH].dtype) == "Int64"
    assert outputs["table"].startswith("| Vague | Lauréats |")


def test_empty_selection(small_dataset):
    outputs = render(small_dataset, "funding", regions=["11"])
    assert outputs["figure"]["data"] == []
    assert outputs["figure"]["layout"]["annotations"][0]["text"] == EMPTY_MESSAGE
    assert outputs["summary"] == "Aucun financement pour cette sélection."


@pytest.mark.parametrize("site_level", [False, True])
def test_site_level_shows_the_one_site(small_dataset, site_level):
    outputs = render(small_dataset, "funding", regions=["53"], departement="29", site="t-4" if site_level else None)
    assert bar_total(outputs["figure"]) == (150_000 if site_level else 300_000)
