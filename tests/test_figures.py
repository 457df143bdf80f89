"""Figures are plain dicts: plotly.py must accept each one as a valid figure."""

import plotly.graph_objects as go
import pytest

from dashboard.analysis import compute
from dashboard.presentation import figures


def assert_valid(figure: dict) -> go.Figure:
    return go.Figure(figure)  # raises ValueError on any invalid property


def test_funding_figure(small_dataset, reference):
    funding = compute.funding_by_wave(small_dataset.cube, reference.waves)
    figure = assert_valid(figures.funding_figure(funding, show_envelope=True))
    bars = [trace for trace in figure.data if trace.type == "bar"]
    assert sum(sum(trace.y) for trace in bars) == 850_000
    assert {trace.name for trace in bars} == {"Fabrique numérique", "Fabrique ressource", "Type non précisé"}
    cumulative = next(trace for trace in figure.data if trace.name == "Cumul engagé")
    assert cumulative.y[-1] == 850_000
    per_wave = funding.groupby(["wave_order", "wave_label"])["cumulative_amount_eur"].first()
    assert list(cumulative.x) == per_wave.index.get_level_values("wave_label").tolist()
    assert list(cumulative.y) == per_wave.tolist() == [400_000, 800_000, 800_000, 800_000, 800_000, 850_000]
    assert figure.layout.shapes[0].y0 == 45_000_000  # the programme envelope


def test_funding_figure_hover_is_french(small_dataset, reference):
    funding = compute.funding_by_wave(small_dataset.cube, reference.waves)
    numerique = figures.funding_figure(funding, show_envelope=False)["data"][0]
    assert numerique["customdata"][0] == ["250\u202f000\u00a0€", "1\u00a0lauréat"]


def test_territory_figure_has_targets_only_when_asked(small_dataset):
    split = compute.territory_split(small_dataset.cube)
    with_targets = assert_valid(figures.territory_figure(split, show_targets=True))
    assert list(with_targets.data[0].x) == [3, 1, 1]
    assert list(with_targets.data[1].x) == [150, 150]
    without = assert_valid(figures.territory_figure(split, show_targets=False))
    assert len(without.data) == 1


def test_type_mix_figure(small_dataset, reference):
    mix = compute.type_mix_by_wave(small_dataset.cube, reference.waves)
    figure = assert_valid(figures.type_mix_figure(mix))
    assert sum(sum(trace.y) for trace in figure.data) == 5


@pytest.mark.parametrize("builder", ["funding", "territory", "type"])
def test_empty_selection_gives_an_explicit_empty_state(small_dataset, reference, builder):
    empty = compute.filter_cube(small_dataset.cube, regions=["11"])
    figure = {
        "funding": lambda: figures.funding_figure(compute.funding_by_wave(empty, reference.waves), True),
        "territory": lambda: figures.territory_figure(compute.territory_split(empty), True),
        "type": lambda: figures.type_mix_figure(compute.type_mix_by_wave(empty, reference.waves)),
    }[builder]()
    assert figure["data"] == []
    assert figure["layout"]["annotations"][0]["text"] == figures.EMPTY_MESSAGE
    assert_valid(figure)


def test_euro_ticks_are_round_and_french():
    ticks = figures.euro_ticks(50_900_000)
    assert ticks["tickvals"][:3] == [0, 10_000_000, 20_000_000]
    assert ticks["ticktext"][1] == "10\u00a0M€"
    assert figures.euro_ticks(400_000)["ticktext"][1] == "100\u202f000\u00a0€"


def contrast(hex_colour: str, background: str = "#ffffff") -> float:
    """WCAG 2.1 contrast ratio."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(hex_colour), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_chart_marks_contrast_at_least_3_to_1_and_categories_have_patterns():
    for palette in (figures.TYPE_COLOURS, figures.TERRITORY_COLOURS):
        for colour in palette.values():
            assert contrast(colour) >= 3, colour
    # Besides colour: hatching differs between categories (RGAA 3.1)
    assert len(set(figures.TYPE_PATTERNS.values())) == len(figures.TYPE_PATTERNS)
    assert len(set(figures.TERRITORY_PATTERNS.values())) == len(figures.TERRITORY_PATTERNS)
    assert contrast(figures.REFERENCE_COLOUR) >= 4.5


def test_hatched_bars_keep_their_colour_underneath(small_dataset, reference):
    """A pattern's background is transparent unless set: the bar would vanish."""
    funding = figures.funding_figure(compute.funding_by_wave(small_dataset.cube, reference.waves), True)
    for trace in funding["data"]:
        pattern = trace.get("marker", {}).get("pattern")
        if pattern:
            assert pattern["bgcolor"] == trace["marker"]["color"]
    territory = figures.territory_figure(compute.territory_split(small_dataset.cube), True)["data"][0]["marker"]
    assert territory["pattern"]["bgcolor"] == territory["color"]
