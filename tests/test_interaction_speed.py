"""Guard against the slow page of issue 10 coming back.

A wave checkbox click, timed in the page from the input event until every chart, KPI,
summary and the sites table show the new selection and nothing is pending (the method of
``benchmarks/interaction.py``, through the same helpers): median of 5 clicks under 1 s.
Issue 10's target is 150 ms; the bound is loose so that a busy CI machine does not make it
flaky, and tight enough to catch the page of December 2026 (about 5 s a click)."""

import statistics

import pytest

from benchmarks import browser
from benchmarks.browser import Page, Step
from dashboard.web.app_factory import create_app

pytestmark = pytest.mark.browser

BOUND_MS = 1000.0
WAVE_CLICKS = [
    Step("wave", "1", "tick wave 1"),
    Step("wave", "5", "tick wave 5"),
    Step("wave", "1", "untick wave 1"),
    Step("wave", "6-7", "tick wave 6-7"),
    Step("wave", "5", "untick wave 5"),
]


def test_a_wave_click_redraws_the_page_in_under_a_second(dash_duo, shipped_dataset):
    dash_duo.start_server(create_app(shipped_dataset))
    page = Page(dash_duo.driver, dash_duo.server_url)
    # Untimed: the state each click must show. Then timed, after a reload.
    reference = browser.record_reference(page, WAVE_CLICKS)
    assert reference.error is None
    times = browser.timed_pass(page, WAVE_CLICKS, reference)

    assert [t.error for t in times] == [None] * len(WAVE_CLICKS)
    assert all(t.start_event == "change" for t in times)  # timed from the checkbox's own event
    clicks_ms = [t.ms for t in times]
    assert statistics.median(clicks_ms) < BOUND_MS, f"wave clicks took {clicks_ms} ms"
