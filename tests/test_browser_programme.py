"""The programme blocks in a real headless Chromium: they render, and a wave click
redraws them."""

import pytest

from dashboard.presentation import ids
from dashboard.presentation.layout import wave_options
from dashboard.web.app_factory import create_app
from tests.test_browser import select

pytestmark = pytest.mark.browser

NEW_BLOCKS = ("trajectory", "payments", "coverage", "gaps")


def graph_traces(dash_duo, key: str) -> int:
    return dash_duo.driver.execute_script(
        "const gd = document.querySelector('#' + arguments[0] + ' .js-plotly-plot'); return gd ? gd.data.length : -1;",
        ids.graph(key),
    )


def test_programme_blocks_render_and_obey_a_wave_click(dash_duo, shipped_dataset):
    dash_duo.start_server(create_app(shipped_dataset))
    dash_duo.wait_for_text_to_equal(f"#{ids.kpi_value('laureats')}", "382", timeout=20)
    for key in NEW_BLOCKS:
        dash_duo.wait_for_contains_text(f"#{ids.summary(key)}", "France entière, toutes vagues", timeout=10)
    assert (
        "Vague 2024 (chiffres publiés, hors liste des sites)"
        in dash_duo.find_element(f"#{ids.summary('trajectory')}").text
    )
    assert graph_traces(dash_duo, "trajectory") == 3  # lauréats, euros, published counts
    assert graph_traces(dash_duo, "payments") == 2  # AE, CP
    assert graph_traces(dash_duo, "coverage") == 1
    assert "Territoire de Belfort" in dash_duo.find_element(f"#{ids.summary('gaps')}").text

    select(dash_duo, ids.WAVE_FILTER, wave_options(shipped_dataset), "1")
    for key in NEW_BLOCKS:
        dash_duo.wait_for_contains_text(f"#{ids.summary(key)}", "France entière, Vague 1", timeout=10)
    assert graph_traces(dash_duo, "trajectory") == 2  # no national published counts for one wave
    dash_duo.wait_for_contains_text(f"#{ids.summary('gaps')}", "48 départements sans lauréat", timeout=10)
    dash_duo.wait_for_contains_text(f"#{ids.summary('payments')}", "14,1 M€ d'autorisations", timeout=10)
    assert dash_duo.get_logs() == []
