"""In headless Chromium: the CSP is enforced and costs nothing to the page; text from the
data and from a refused file is shown as text, never run; the banner reaches a page
that is already open."""

from __future__ import annotations

import os
import time

import pandas as pd
import pytest

from dashboard.blocks import BLOCKS
from dashboard.data.loader import load_dataset
from dashboard.data.publishing import publish_bytes
from dashboard.presentation import ids
from dashboard.web.app_factory import create_app
from dashboard.web.config import Settings
from tests.conftest import site
from tests.hostile import HOSTILE_TEXTS, assert_shown_as_text

pytestmark = pytest.mark.browser


def wait_for_page(dash_duo, laureats: str) -> None:
    dash_duo.wait_for_text_to_equal(f"#{ids.kpi_value('laureats')}", laureats, timeout=30)


def drawn_charts(dash_duo) -> int:
    return dash_duo.driver.execute_script(
        "return [...document.querySelectorAll('.js-plotly-plot')].filter(gd => gd._fullLayout).length;"
    )


def test_page_works_under_the_csp_without_any_violation(dash_duo, shipped_dataset):
    dash_duo.start_server(create_app(shipped_dataset))
    wait_for_page(dash_duo, "382")
    dash_duo.wait_for_element(f"#{ids.ANALYSIS_GRAPH} .main-svg", timeout=30)
    dash_duo.wait_for_element(f"#{ids.MAP_GRAPH} path.choroplethlocation", timeout=30)
    headers = dash_duo.driver.execute_script(
        "const request = new XMLHttpRequest(); request.open('GET', '/', false); request.send();"
        "return request.getResponseHeader('Content-Security-Policy');"
    )
    assert "default-src 'self'" in headers and "frame-ancestors 'none'" in headers
    graphs = [prop for block in BLOCKS for prop in block.outputs().values() if prop[1] == "figure"]
    assert drawn_charts(dash_duo) == len(graphs)  # every graph of the page: the map and the analysis shown
    dash_duo.find_element(f"#{ids.RESET_BUTTON}").click()  # a callback round trip under the CSP
    wait_for_page(dash_duo, "382")
    assert dash_duo.get_logs() == []


def test_csp_blocks_an_injected_inline_script(dash_duo, small_dataset):
    """Counter-proof that the policy is enforced, not just sent."""
    dash_duo.start_server(create_app(small_dataset))
    wait_for_page(dash_duo, "5")
    dash_duo.driver.execute_script(
        "const script = document.createElement('script');"
        "script.textContent = \"window.__xss = 'inline'\"; document.body.appendChild(script);"
    )
    assert dash_duo.driver.execute_script("return window.__xss === undefined;")
    assert any("Content Security Policy" in entry["message"] for entry in dash_duo.get_logs())


def write_dated(path, rows) -> None:
    # Published the supported way: a complete copy renamed over the file.
    publish_bytes(path, pd.DataFrame(rows, dtype=str).to_csv(index=False).encode("utf-8"))
    past = time.time() - 60 - len(rows)
    os.utime(path, (past, past))


def test_hostile_texts_from_the_data_are_shown_as_text(dash_duo, tmp_path, reference):
    # The file's own name is shown in the footer; names, communes and notes are free text.
    path = tmp_path / "<img src=x onerror=\"window.__xss='file'\">.csv"
    rows = [
        site(f"t-{i}", name=text, commune=text, porteur=text, notes=text, qpv_name=text)
        for i, text in enumerate(HOSTILE_TEXTS)
    ]
    write_dated(path, rows)
    app = create_app(load_dataset(path, reference), Settings(data_file=path, reload_check_seconds=0.3))
    dash_duo.start_server(app)
    wait_for_page(dash_duo, str(len(HOSTILE_TEXTS)))
    assert_shown_as_text(dash_duo, f"#{ids.DATA_FOOTER}", [path.name])

    # A refused file's values come back in the banner's messages, on the page already open.
    bad = [site("t-1", type=HOSTILE_TEXTS[0], wave=HOSTILE_TEXTS[1]), site("t-2", territory=HOSTILE_TEXTS[2])]
    write_dated(path, bad)
    dash_duo.wait_for_contains_text(f"#{ids.DATA_ALERT}", "a été refusé", timeout=30)
    assert_shown_as_text(
        dash_duo,
        f"#{ids.DATA_ALERT}",
        [
            f"ligne 2, colonne « type » : valeur « {HOSTILE_TEXTS[0]} » non admise",
            f"ligne 2, colonne « wave » : vague « {HOSTILE_TEXTS[1]} » inconnue",
            f"ligne 3, colonne « territory » : valeur « {HOSTILE_TEXTS[2]} » non admise",
        ],
    )
    assert dash_duo.find_element(f"#{ids.kpi_value('laureats')}").text == str(len(HOSTILE_TEXTS))  # data kept
    assert dash_duo.get_logs() == []


def test_banner_tells_an_open_page_that_new_data_is_in_service(dash_duo, tmp_path, reference):
    path = tmp_path / "fabriques.csv"
    write_dated(path, [site("t-1")])
    app = create_app(load_dataset(path, reference), Settings(data_file=path, reload_check_seconds=0.3))
    dash_duo.start_server(app)
    wait_for_page(dash_duo, "1")
    write_dated(path, [site("t-1"), site("t-2", wave="5")])
    dash_duo.wait_for_contains_text(f"#{ids.DATA_ALERT}", "rechargez la page", timeout=30)
    dash_duo.driver.refresh()
    wait_for_page(dash_duo, "2")
    assert all(alert.text == "" for alert in dash_duo.driver.find_elements("css selector", f"#{ids.DATA_ALERT}"))
    assert dash_duo.get_logs() == []
