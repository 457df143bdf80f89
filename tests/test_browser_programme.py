"""The programme blocks in a real headless Chromium: the zones blanches beside the others,
the trajectory, AE/CP and coverage in the analysis tabs; they render, and a wave click
redraws them."""

import pytest

from dashboard.blocks import BLOCKS_BY_KEY
from dashboard.presentation import ids
from dashboard.presentation.layout import wave_options
from dashboard.web.app_factory import create_app
from tests.test_browser import click, select

pytestmark = pytest.mark.browser

ANALYSIS_SUMMARY = ids.summary("analysis")


def analysis_traces(dash_duo) -> int:
    return dash_duo.driver.execute_script(
        "const gd = document.querySelector('#' + arguments[0] + ' .js-plotly-plot'); return gd ? gd.data.length : -1;",
        ids.ANALYSIS_GRAPH,
    )


def open_tab(dash_duo, key: str, title: str) -> None:
    click(dash_duo, dash_duo.find_element(f"#analysis-tab-{key}"))
    dash_duo.wait_for_text_to_equal("#analysis-title", title, timeout=10)


def test_programme_blocks_render_and_obey_a_wave_click(dash_duo, shipped_dataset):
    dash_duo.start_server(create_app(shipped_dataset))
    dash_duo.wait_for_text_to_equal(f"#{ids.kpi_value('laureats')}", "382", timeout=20)
    assert "Territoire de Belfort" in dash_duo.find_element(f"#{ids.summary('gaps')}").text

    open_tab(dash_duo, "trajectory", BLOCKS_BY_KEY["trajectory"].title)
    dash_duo.wait_for_contains_text(f"#{ANALYSIS_SUMMARY}", "France entière, toutes vagues", timeout=10)
    assert "Vague 2024 (chiffres publiés, hors liste des sites)" in dash_duo.find_element(f"#{ANALYSIS_SUMMARY}").text
    assert analysis_traces(dash_duo) == 3  # lauréats, euros, published counts

    # A wave click redraws the tab shown and the zones blanches.
    select(dash_duo, ids.WAVE_FILTER, wave_options(shipped_dataset), "1")
    dash_duo.wait_for_contains_text(f"#{ANALYSIS_SUMMARY}", "France entière, Vague 1", timeout=10)
    assert analysis_traces(dash_duo) == 2  # no national published counts for one wave
    dash_duo.wait_for_contains_text(f"#{ids.summary('gaps')}", "48 départements sans lauréat", timeout=10)

    open_tab(dash_duo, "payments", BLOCKS_BY_KEY["payments"].title)
    dash_duo.wait_for_contains_text(f"#{ANALYSIS_SUMMARY}", "14,3 M€ d'autorisations", timeout=10)
    assert analysis_traces(dash_duo) == 2  # AE, CP
    open_tab(dash_duo, "coverage", BLOCKS_BY_KEY["coverage"].title)
    assert analysis_traces(dash_duo) == 1
    assert dash_duo.get_logs() == []
