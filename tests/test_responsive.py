"""Charts readable on a phone (375 px) and on a large screen (1920 px), in a real headless
Chromium: no text of a chart on another (tick labels, bar labels, legend), none cut by the
chart's edge, and no horizontal scrolling of the page (issue 13; RGAA 10.11 / WCAG 1.4.10).
The map is left out: its labels are the lead's rework."""

from __future__ import annotations

import itertools

import pytest

from dashboard.blocks import ANALYSES, BLOCKS_BY_KEY
from dashboard.presentation import ids
from dashboard.web.app_factory import create_app

pytestmark = pytest.mark.browser

CHARTS = (ids.ANALYSIS_GRAPH,)  # the analyses beside the map, one tab at a time
ALL_ANALYSES = tuple(analysis.key for analysis in ANALYSES)
# (query, a text of the summary sentence once that view is drawn, the analyses to check)
VIEWS = (
    ("", "Toutes les vagues", ALL_ANALYSES),
    ("?region=44&dep=67", "Bas-Rhin (67)", ("funding", "territory", "types")),
    ("?vague=1&vague=5", "Vague 5", ("funding", "territory", "types")),
)
TOLERANCE_PX = 0.5  # boxes that merely touch do not overlap

# Every text plotly.js drew in a chart, with its box on the screen: the axes' tick labels,
# the labels inside bars, the legend's entries, the annotations. A bar label hidden by
# uniformtext (too small for its bar) is not drawn, or drawn empty.
TEXT_BOXES_JS = """
const gd = document.querySelector(arguments[0] + ' .js-plotly-plot');
if (!gd || !gd._fullLayout) return null;
const paper = gd.querySelector('.main-svg').getBoundingClientRect();
const shown = (el) => {
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return el.textContent.trim() && style.display !== 'none' && style.visibility !== 'hidden'
    && Number(style.opacity) > 0 && box.width > 0 && box.height > 0;
};
const boxes = (selector, kind) => [...gd.querySelectorAll(selector)].filter(shown).map((el) => {
  const r = el.getBoundingClientRect();
  return {kind, text: el.textContent, left: r.left, top: r.top, right: r.right, bottom: r.bottom};
});
return {
  paper: {left: paper.left, top: paper.top, right: paper.right, bottom: paper.bottom},
  texts: [].concat(
    boxes('.xtick text', 'x tick'), boxes('.ytick text', 'y tick'), boxes('text.bartext', 'bar label'),
    boxes('.legendtext', 'legend'), boxes('.annotation-text', 'annotation')),
};
"""


def set_width(driver, width: int) -> None:
    """The page as a device of this width shows it (a window cannot be made narrower
    than 500 px in headless Chromium)."""
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": 1000, "deviceScaleFactor": 1, "mobile": width < 600},
    )


def overlaps(a: dict, b: dict) -> bool:
    return (
        min(a["right"], b["right"]) - max(a["left"], b["left"]) > TOLERANCE_PX
        and min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > TOLERANCE_PX
    )


def inside(box: dict, frame: dict) -> bool:
    return (
        box["left"] >= frame["left"] - TOLERANCE_PX
        and box["right"] <= frame["right"] + TOLERANCE_PX
        and box["top"] >= frame["top"] - TOLERANCE_PX
        and box["bottom"] <= frame["bottom"] + TOLERANCE_PX
    )


def label(box: dict) -> str:
    return f"{box['kind']} « {box['text']} »"


def drawn_texts(dash_duo, graph_id: str) -> dict:
    """The chart's text boxes once plotly.js has finished drawing (two reads 0.3 s apart
    agree): it draws asynchronously, and again when Marianne arrives."""
    import time

    previous = None
    for _ in range(40):
        drawn = dash_duo.driver.execute_script(TEXT_BOXES_JS, f"#{graph_id}")
        if drawn and drawn["texts"] and drawn == previous:
            return drawn
        previous = drawn
        time.sleep(0.3)
    raise AssertionError(f"{graph_id} is not drawn, or never stops moving")


def chart_problems(dash_duo, graph_id: str) -> list[str]:
    drawn = drawn_texts(dash_duo, graph_id)
    problems = [f"{label(box)} is cut by the chart's edge" for box in drawn["texts"] if not inside(box, drawn["paper"])]
    problems += [
        f"{label(a)} overlaps {label(b)}" for a, b in itertools.combinations(drawn["texts"], 2) if overlaps(a, b)
    ]
    return [f"{graph_id}: {problem}" for problem in problems]


def wait_for_charts(dash_duo) -> None:
    """Each chart drawn, and Marianne loaded (clientside.js draws the charts again once it
    has arrived)."""
    from selenium.webdriver.support.ui import WebDriverWait

    for graph_id in CHARTS:
        dash_duo.wait_for_element(f"#{graph_id} .main-svg .xtick text", timeout=30)
    WebDriverWait(dash_duo.driver, 20).until(
        lambda driver: driver.execute_script(
            "return document.fonts.check('700 12px Marianne') && document.fonts.check('400 12px Marianne')"
        )
    )


@pytest.mark.parametrize("width", [375, 1920])
def test_chart_texts_neither_overlap_nor_get_cut_and_nothing_scrolls_sideways(dash_duo, shipped_dataset, width):
    dash_duo.start_server(create_app(shipped_dataset))
    driver = dash_duo.driver
    set_width(driver, width)
    problems: list[str] = []
    for base_query, summary, analyses in VIEWS:
        for analysis in analyses:
            query = f"{base_query}{'&' if base_query else '?'}analyse={analysis}"
            driver.get(dash_duo.server_url + "/" + query)
            dash_duo.wait_for_contains_text(f"#{ids.SELECTION_SUMMARY}", summary, timeout=30)
            dash_duo.wait_for_text_to_equal("#analysis-title", BLOCKS_BY_KEY[analysis].title, timeout=30)
            wait_for_charts(dash_duo)
            scroll_width, client_width, inner_width = driver.execute_script(
                "const root = document.documentElement; return [root.scrollWidth, root.clientWidth, window.innerWidth];"
            )
            assert inner_width == width  # clientWidth leaves out a vertical scrollbar
            if scroll_width > client_width:
                problems.append(f"{query or 'France'}: the page scrolls sideways ({scroll_width} > {client_width} px)")
            for graph_id in CHARTS:
                problems += [f"{query or 'France'}: {problem}" for problem in chart_problems(dash_duo, graph_id)]
    assert problems == [], "\n".join(problems)


def test_the_checks_catch_overlapping_and_cut_labels():
    """The geometry the browser test relies on, on boxes made by hand."""
    a = {"kind": "x tick", "text": "Vagues", "left": 0, "top": 0, "right": 44, "bottom": 14}
    b = {"kind": "x tick", "text": "Vague", "left": 43, "top": 0, "right": 80, "bottom": 14}
    c = {"kind": "x tick", "text": "Vague", "left": 44, "top": 0, "right": 80, "bottom": 14}
    assert overlaps(a, b) and not overlaps(a, c)
    frame = {"left": 0, "top": 0, "right": 79, "bottom": 100}
    assert inside(a, frame) and not inside(c, frame)
