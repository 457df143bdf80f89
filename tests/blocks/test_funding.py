"""Funding block: totals checked by hand on the small dataset (see tests/conftest.py)."""

import pytest

from dashboard.analysis import compute
from dashboard.blocks.funding import EURO, funding_figure
from dashboard.presentation.figures import EMPTY_MESSAGE
from tests.blocks.helpers import assert_valid, bar_total, export, render


def test_funding_figure(small_dataset, reference):
    funding = compute.funding_by_wave(small_dataset.cube, reference.waves)
    figure = assert_valid(funding_figure(funding, show_envelope=True))
    bars = [trace for trace in figure.data if trace.type == "bar"]
    assert sum(sum(trace.y) for trace in bars) == 850_000
    assert {trace.name for trace in bars} == {"Fabrique numérique", "Fabrique ressource", "Type non précisé"}
    cumulative = next(trace for trace in figure.data if trace.name == "Cumul engagé")
    assert list(cumulative.y) == [400_000, 800_000, 800_000, 800_000, 800_000, 850_000]
    assert figure.layout.shapes[0].y0 == 45_000_000  # the programme envelope


def test_funding_hover_is_french(small_dataset, reference):
    funding = compute.funding_by_wave(small_dataset.cube, reference.waves)
    numerique = funding_figure(funding, show_envelope=False)["data"][0]
    assert numerique["customdata"][0] == ["250\u202f000\u00a0€", "1\u00a0lauréat"]


def test_envelope_only_for_the_national_view(small_dataset):
    national = render(small_dataset, "funding")
    assert national["figure"]["layout"]["shapes"] and national["note"] == ""
    grand_est = render(small_dataset, "funding", regions=["44"])
    assert grand_est["figure"]["layout"]["shapes"] == []
    assert "n'est pas tracée" in grand_est["note"]


def test_summary_table_and_export_agree_with_the_chart(small_dataset):
    outputs = render(small_dataset, "funding", waves=["1", "2-4"], regions=["44"])
    frame = export(small_dataset, "funding", waves=["1", "2-4"], regions=["44"])
    assert frame[EURO].sum() == bar_total(outputs["figure"]) == 500_000
    assert len(frame) == sum(len(t["x"]) for t in outputs["figure"]["data"] if t["type"] == "bar")
    assert outputs["summary"].startswith("500\u202f000\u00a0€ engagés pour 2\u00a0lauréats sur 2\u00a0vagues")
    assert outputs["table"].startswith("| Vague | Type | Lauréats |")
    assert "250\u202f000\u00a0€" in outputs["table"]


def test_empty_selection(small_dataset):
    outputs = render(small_dataset, "funding", regions=["11"])
    assert outputs["figure"]["data"] == []
    assert outputs["figure"]["layout"]["annotations"][0]["text"] == EMPTY_MESSAGE
    assert outputs["summary"] == "Aucun financement engagé pour cette sélection."


@pytest.mark.parametrize("site_level", [False, True])
def test_site_level_shows_the_one_site(small_dataset, site_level):
    outputs = render(small_dataset, "funding", regions=["53"], departement="29", site="t-4" if site_level else None)
    assert bar_total(outputs["figure"]) == (150_000 if site_level else 300_000)
