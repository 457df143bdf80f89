"""User journeys in a real headless Chromium (dash_duo)."""

import pytest

from dashboard import compute, ids
from dashboard.app_factory import create_app
from dashboard.layout import region_options, wave_options

pytestmark = pytest.mark.browser


def kpi(dash_duo, key: str) -> str:
    return dash_duo.find_element(f"#{ids.kpi_value(key)}").text


def graph_x_labels(dash_duo, graph_id: str) -> list[str]:
    return dash_duo.driver.execute_script(
        "const gd = document.querySelector(arguments[0] + ' .js-plotly-plot');"
        "return gd ? [...new Set(gd.data.flatMap(t => t.x || []))] : null;", f"#{graph_id}")


def select(dash_duo, dropdown_id: str, options: list[dict], value: str) -> None:
    """Pick an option by value (dash_duo matches the label, which carries a count)."""
    label = next(option["label"] for option in options if option["value"] == value)
    dash_duo.select_dcc_dropdown(f"#{dropdown_id}", value=label)


def test_wave_and_region_filters_change_charts_and_kpis(dash_duo, shipped_dataset):
    dash_duo.start_server(create_app(shipped_dataset))
    dash_duo.wait_for_text_to_equal(f"#{ids.kpi_value('laureats')}", "382", timeout=20)
    assert graph_x_labels(dash_duo, ids.FUNDING_GRAPH) == [
        "Vague 1", "Vagues 2 à 4", "Vague 5", "Vagues 6 et 7", "Vague 8", "Vague 2023"]

    select(dash_duo, ids.WAVE_FILTER, wave_options(shipped_dataset), "1")
    dash_duo.wait_for_text_to_equal(f"#{ids.kpi_value('laureats')}", "80", timeout=10)
    assert kpi(dash_duo, "qpv") == "80"
    assert graph_x_labels(dash_duo, ids.FUNDING_GRAPH) == ["Vague 1"]
    assert dash_duo.find_element(f"#{ids.SELECTION_SUMMARY}").text.startswith("France entière · Vague 1 : 80")

    select(dash_duo, ids.REGION_FILTER, region_options(shipped_dataset), "44")
    dash_duo.wait_for_contains_text(f"#{ids.SELECTION_SUMMARY}", "Grand Est · Vague 1", timeout=10)
    grand_est_wave_1 = shipped_dataset.sites.query("wave == '1' and region_code == '44'")
    assert kpi(dash_duo, "laureats") == str(len(grand_est_wave_1))

    dash_duo.find_element(f"#{ids.RESET_BUTTON}").click()
    dash_duo.wait_for_text_to_equal(f"#{ids.kpi_value('laureats')}", "382", timeout=10)
    assert dash_duo.get_logs() == []


def test_empty_selection_shows_an_explicit_message(dash_duo, shipped_dataset):
    dash_duo.start_server(create_app(shipped_dataset))
    dash_duo.wait_for_text_to_equal(f"#{ids.kpi_value('laureats')}", "382", timeout=20)
    # Every région has lauréats, but not in every wave: Corse had none in wave 1.
    cube = shipped_dataset.cube
    assert compute.filter_cube(cube, waves=["1"], regions=["94"]).empty
    select(dash_duo, ids.WAVE_FILTER, wave_options(shipped_dataset), "1")
    select(dash_duo, ids.REGION_FILTER, region_options(shipped_dataset), "94")
    dash_duo.wait_for_element(f"#{ids.EMPTY_ALERT}", timeout=10)
    dash_duo.wait_for_contains_text(f"#{ids.FUNDING_GRAPH}", "Aucune fabrique pour cette sélection", timeout=10)


def test_every_resource_is_served_by_the_app(dash_duo, shipped_dataset):
    dash_duo.start_server(create_app(shipped_dataset))
    dash_duo.wait_for_text_to_equal(f"#{ids.kpi_value('laureats')}", "382", timeout=20)
    urls = dash_duo.driver.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name).concat([location.href]);")
    external = [url for url in urls if not url.startswith(dash_duo.server_url)]
    assert external == []
    assert any("/assets/1-vendor/01-plotly-custom.min.js" in url for url in urls)
    assert not any("plotly.min.js" in url for url in urls)  # the full bundle is never fetched
