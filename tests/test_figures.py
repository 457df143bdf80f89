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
