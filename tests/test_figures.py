"""What every chart shares: ticks, colours, patterns (each block tests its own figure)."""

from dashboard.presentation import figures
from tests.blocks.helpers import render


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
    funding = render(small_dataset, "funding")["figure"]
    for trace in funding["data"]:
        pattern = trace.get("marker", {}).get("pattern")
        if pattern:
            assert pattern["bgcolor"] == trace["marker"]["color"]
    for key in ("territory", "types"):
        hatched = [
            t["marker"] for t in render(small_dataset, key)["figure"]["data"] if t.get("marker", {}).get("pattern")
        ]
        assert hatched and all(marker["pattern"]["bgcolor"] == marker["color"] for marker in hatched)


# Machado, Oliveira & Fernandes (2009), severity 1: linear-RGB matrices simulating the
# three dichromacies.
CVD = {
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.303900)),
}


def _linear(hex_colour: str) -> list[float]:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    return [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]


def _lab(linear: list[float]) -> tuple[float, float, float]:
    r, g, b = (min(max(c, 0.0), 1.0) for c in linear)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def _seen(hex_colour: str, matrix) -> list[float]:
    linear = _linear(hex_colour)
    return linear if matrix is None else [sum(m * c for m, c in zip(row, linear)) for row in matrix]


def test_palettes_are_dsfr_illustrative_colours_told_apart_with_colour_blindness():
    import itertools
    import math

    dsfr = set(figures.DSFR_COLOURS.values())
    for palette, minimum in ((figures.TYPE_COLOURS, 25), (figures.TERRITORY_COLOURS, 18)):
        assert set(palette.values()) <= dsfr
        for matrix in (None, *CVD.values()):
            for a, b in itertools.combinations(palette.values(), 2):
                assert math.dist(_lab(_seen(a, matrix)), _lab(_seen(b, matrix))) >= minimum, (a, b, matrix)


def test_count_axes_have_whole_ticks_and_wave_labels_stay_horizontal():
    for maximum, step in ((1, 1), (6, 1), (7, 2), (45, 10), (150, 25), (382, 100)):
        axis = figures.count_axis(maximum)
        assert axis["dtick"] == step and axis["tickformat"] == ",d" and maximum / step <= 6
    axis = figures.wave_axis(["Vague 1", "Vagues 2 à 4"])
    assert axis["tickvals"] == ["Vague 1", "Vagues 2 à 4"]
    assert axis["ticktext"] == ["Vague<br>1", "Vagues<br>2 à 4"] and axis["tickangle"] == 0
    assert figures.FONT["family"].startswith("Marianne,")
