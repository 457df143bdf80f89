"""User journeys in a real headless Chromium (dash_duo)."""

import pytest

from dashboard.analysis import compute
from dashboard.presentation import ids
from dashboard.presentation.layout import region_options, wave_options
from dashboard.web.app_factory import create_app

pytestmark = pytest.mark.browser


def kpi(dash_duo, key: str) -> str:
    return dash_duo.find_element(f"#{ids.kpi_value(key)}").text


def graph_x_labels(dash_duo, graph_id: str) -> list[str]:
    return dash_duo.driver.execute_script(
        "const gd = document.querySelector(arguments[0] + ' .js-plotly-plot');"
        "return gd ? [...new Set(gd.data.flatMap(t => t.x || []))] : null;",
        f"#{graph_id}",
    )


def click(dash_duo, element) -> None:
    """Scroll the element into view at once (Bootstrap makes scrolling smooth, and a
    click during the animation lands elsewhere), then click it."""
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", element)
    element.click()


def select(dash_duo, checklist_id: str, options: list[dict], value: str) -> None:
    """Tick the checkbox of ``value`` by clicking its label, as a user does."""
    label = next(option["label"] for option in options if option["value"] == value)
    element = next(e for e in dash_duo.find_elements(f"#{checklist_id} label") if e.text == label)
    click(dash_duo, element)


def test_wave_and_region_filters_change_charts_and_kpis(dash_duo, shipped_dataset):
    dash_duo.start_server(create_app(shipped_dataset))
    dash_duo.wait_for_text_to_equal(f"#{ids.kpi_value('laureats')}", "382", timeout=20)
    assert graph_x_labels(dash_duo, ids.ANALYSIS_GRAPH) == [
        "Vague 1",
        "Vagues 2 à 4",
        "Vague 5",
        "Vagues 6 et 7",
        "Vague 8",
        "Vague 2023",
    ]

    select(dash_duo, ids.WAVE_FILTER, wave_options(shipped_dataset), "1")
    dash_duo.wait_for_text_to_equal(f"#{ids.kpi_value('laureats')}", "80", timeout=10)
    assert kpi(dash_duo, "qpv") == "80"
    assert graph_x_labels(dash_duo, ids.ANALYSIS_GRAPH) == ["Vague 1"]
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
    dash_duo.wait_for_contains_text(f"#{ids.ANALYSIS_GRAPH}", "Aucune fabrique pour cette sélection", timeout=10)


def test_every_resource_is_served_by_the_app(dash_duo, shipped_dataset):
    """The map (boundaries, base topojson) and everything else render with no request
    leaving the machine."""
    dash_duo.start_server(create_app(shipped_dataset))
    dash_duo.wait_for_text_to_equal(f"#{ids.kpi_value('laureats')}", "382", timeout=20)
    dash_duo.wait_for_element(f"#{ids.MAP_GRAPH} path.choroplethlocation", timeout=20)
    drawn = dash_duo.driver.execute_script(
        "return document.querySelectorAll(arguments[0] + ' path.choroplethlocation').length;", f"#{ids.MAP_GRAPH}"
    )
    assert drawn == 101  # 96 metropolitan départements + 5 overseas insets
    urls = dash_duo.driver.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name).concat([location.href]);"
    )
    external = [url for url in urls if not url.startswith(dash_duo.server_url)]
    assert external == []
    assert any("/assets/1-vendor/01-plotly-custom.min.js" in url for url in urls)
    assert not any("plotly.min.js" in url for url in urls)  # the full bundle is never fetched
    assert any(url.endswith("/geo/departements-france.geojson") for url in urls)  # the France view
    assert any(url.endswith("/assets/1-vendor/topojson/world_110m.json") for url in urls)
    assert dash_duo.get_logs() == []


BAS_RHIN_NUMERIQUES = {"La Grange Numérique CSC du Neuhof", "ARTEFACT PRL", "LA CABANE DES CREATEURS", "Consortium TIX"}


def click_departement_on_map(dash_duo, code: str) -> None:
    """A real mouse click on the département's shape (found through plotly's data binding)."""
    from selenium.webdriver.common.action_chains import ActionChains

    path = dash_duo.driver.execute_script(
        "return [...document.querySelectorAll(arguments[0] + ' path.choroplethlocation')]"
        ".find(p => p.__data__ && p.__data__.loc === arguments[1]);",
        f"#{ids.MAP_GRAPH}",
        code,
    )
    assert path is not None, f"département {code} is not drawn"
    ActionChains(dash_duo.driver).move_to_element(path).click().perform()


def click_map_until(dash_duo, code: str, done, attempts: int = 4) -> None:
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.support.ui import WebDriverWait

    for _ in range(attempts):
        click_departement_on_map(dash_duo, code)
        try:
            WebDriverWait(dash_duo.driver, 3).until(lambda driver: done())
            return
        except TimeoutException:
            continue
    raise AssertionError(f"clicking département {code} on the map did not change the view")


def table_names(dash_duo) -> set[str]:
    return {element.text for element in dash_duo.find_elements(f"#{ids.SITES_TABLE} td:first-child a")}


def test_drill_from_france_to_grand_est_to_bas_rhin_by_clicking_the_map(dash_duo, shipped_dataset):
    dash_duo.start_server(create_app(shipped_dataset))
    dash_duo.wait_for_text_to_equal(f"#{ids.kpi_value('laureats')}", "382", timeout=20)
    dash_duo.wait_for_element(f"#{ids.MAP_GRAPH} path.choroplethlocation", timeout=20)

    click_departement_on_map(dash_duo, "67")  # 1st click: the région
    dash_duo.wait_for_contains_text(f"#{ids.BREADCRUMB}", "Grand Est", timeout=10)
    assert "Bas-Rhin" not in dash_duo.find_element(f"#{ids.BREADCRUMB}").text
    # 2nd click: the département. The région's map is drawn once its finer boundaries are
    # fetched; a click on the map being replaced is lost, as it would be for a person,
    # who would click again: so does the test, until the view changes.
    click_map_until(dash_duo, "67", lambda: "Bas-Rhin (67)" in dash_duo.find_element(f"#{ids.BREADCRUMB}").text)
    dash_duo.wait_for_text_to_equal(f"#{ids.kpi_value('laureats')}", "5", timeout=10)
    dash_duo.wait_for_contains_text(f"#{ids.SITES_TABLE}", "Consortium TIX", timeout=10)
    assert table_names(dash_duo) >= BAS_RHIN_NUMERIQUES
    body = dash_duo.find_element(f"#{ids.SITES_TABLE}").text
    for commune_and_qpv in (
        "Strasbourg",
        "Schiltigheim",
        "Bischwiller",
        "Neuhof-Meinau",
        "Laiterie",
        "Liberté",
        "Quartiers Ouest",
    ):
        assert commune_and_qpv in body
    map_labels = dash_duo.driver.execute_script(
        "return [...document.querySelectorAll(arguments[0] + ' .scattergeo text')].map(t => t.textContent);",
        f"#{ids.MAP_GRAPH}",
    )
    assert "Consortium TIX" in map_labels

    # The site's card, from the table
    link = next(e for e in dash_duo.find_elements(f"#{ids.SITES_TABLE} td:first-child a") if e.text == "ARTEFACT PRL")
    click(dash_duo, link)
    dash_duo.wait_for_contains_text(f"#{ids.SITE_DETAIL}", "Laiterie", timeout=10)
    dash_duo.wait_for_contains_text(f"#{ids.BREADCRUMB}", "ARTEFACT PRL", timeout=10)
    assert "communique-prefecture-bas-rhin-2021.txt" in dash_duo.find_element(f"#{ids.SITE_DETAIL}").text

    # Back to France with the breadcrumb
    click(dash_duo, dash_duo.find_element(f"#{ids.crumb('france')}"))
    dash_duo.wait_for_text_to_equal(f"#{ids.kpi_value('laureats')}", "382", timeout=10)
    assert dash_duo.get_logs() == []


def test_departement_select_and_overseas_inset(dash_duo, shipped_dataset):
    dash_duo.start_server(create_app(shipped_dataset))
    dash_duo.wait_for_text_to_equal(f"#{ids.kpi_value('laureats')}", "382", timeout=20)
    # The overseas départements are drawn in insets of the France map, and clickable.
    dash_duo.wait_for_element(f"#{ids.MAP_GRAPH} path.choroplethlocation", timeout=20)
    click_departement_on_map(dash_duo, "974")
    dash_duo.wait_for_contains_text(f"#{ids.BREADCRUMB}", "La Réunion", timeout=10)
    reunion = shipped_dataset.sites[shipped_dataset.sites["departement_code"] == "974"]
    dash_duo.wait_for_text_to_equal(f"#{ids.kpi_value('laureats')}", str(len(reunion)), timeout=10)
    # Both ways of drilling stay in step: the map click ticked La Réunion's box, and
    # the département select drives the map.
    checked = dash_duo.driver.execute_script(
        "return [...document.querySelectorAll(arguments[0] + ' input:checked')].map(i => i.value);",
        f"#{ids.REGION_FILTER}",
    )
    assert checked == ["04"]
    from selenium.webdriver.support.select import Select

    select(dash_duo, ids.REGION_FILTER, region_options(shipped_dataset), "04")  # untick: France entière
    dash_duo.wait_for_text_to_equal(f"#{ids.kpi_value('laureats')}", "382", timeout=10)
    Select(dash_duo.find_element(f"#{ids.DEPARTEMENT_FILTER}")).select_by_value("67")
    dash_duo.wait_for_contains_text(f"#{ids.BREADCRUMB}", "Grand Est", timeout=10)
    dash_duo.wait_for_contains_text(f"#{ids.BREADCRUMB}", "Bas-Rhin (67)", timeout=10)
    dash_duo.wait_for_contains_text(f"#{ids.SITES_TABLE}", "Consortium TIX", timeout=10)


def test_a_url_restores_filters_and_drill_level(dash_duo, shipped_dataset):
    dash_duo.start_server(create_app(shipped_dataset))
    dash_duo.wait_for_text_to_equal(f"#{ids.kpi_value('laureats')}", "382", timeout=20)
    dash_duo.driver.get(dash_duo.server_url + "/?vague=1&vague=2-4&region=44&dep=67")
    dash_duo.wait_for_contains_text(f"#{ids.BREADCRUMB}", "Bas-Rhin (67)", timeout=20)
    assert (
        dash_duo.find_element(f"#{ids.BREADCRUMB}").text.split("\n")[:2] == ["France entière", "Grand Est"]
        or "Grand Est" in dash_duo.find_element(f"#{ids.BREADCRUMB}").text
    )
    dash_duo.wait_for_text_to_equal(f"#{ids.kpi_value('laureats')}", "4", timeout=10)  # the 4 numériques
    assert graph_x_labels(dash_duo, ids.ANALYSIS_GRAPH) == ["Vague 1", "Vagues 2 à 4"]
    assert table_names(dash_duo) == BAS_RHIN_NUMERIQUES
    assert dash_duo.find_element(f"#{ids.URL_NOTICE}").text == ""

    # Changing the view updates the URL without reloading; back steps through views.
    dash_duo.driver.execute_script("window.notReloaded = true;")
    click(dash_duo, dash_duo.find_element(f"#{ids.crumb('france')}"))  # France entière
    dash_duo.wait_for_text_to_equal(f"#{ids.kpi_value('laureats')}", "187", timeout=10)  # waves 1, 2-4
    assert dash_duo.driver.current_url.endswith("/?vague=1&vague=2-4")
    dash_duo.driver.back()
    dash_duo.wait_for_contains_text(f"#{ids.BREADCRUMB}", "Bas-Rhin (67)", timeout=10)
    dash_duo.wait_for_text_to_equal(f"#{ids.kpi_value('laureats')}", "4", timeout=10)
    assert dash_duo.driver.execute_script("return window.notReloaded === true;")
    assert dash_duo.get_logs() == []


def test_junk_url_parameters_are_ignored_with_a_notice(dash_duo, shipped_dataset):
    dash_duo.start_server(create_app(shipped_dataset))
    dash_duo.wait_for_text_to_equal(f"#{ids.kpi_value('laureats')}", "382", timeout=20)
    dash_duo.driver.get(dash_duo.server_url + "/?vague=99&region=%3Cscript%3Ealert(1)%3C/script%3E&foo=bar&dep=29")
    dash_duo.wait_for_contains_text(f"#{ids.BREADCRUMB}", "Finistère (29)", timeout=20)
    notice = dash_duo.find_element(f"#{ids.URL_NOTICE}").text
    assert "vague=99" in notice and "foo=bar" in notice and "<script>alert(1)</script>" in notice
    finistere = shipped_dataset.sites[shipped_dataset.sites["departement_code"] == "29"]
    dash_duo.wait_for_text_to_equal(f"#{ids.kpi_value('laureats')}", str(len(finistere)), timeout=10)
    assert dash_duo.get_logs() == []


def test_the_analyses_are_tabs_kept_in_the_address(dash_duo, shipped_dataset):
    dash_duo.start_server(create_app(shipped_dataset))
    dash_duo.wait_for_text_to_equal(f"#{ids.kpi_value('laureats')}", "382", timeout=20)
    dash_duo.wait_for_text_to_equal("#analysis-title", "Financement estimé par vague", timeout=10)
    dash_duo.driver.execute_script("window.notReloaded = true;")
    click(dash_duo, dash_duo.find_element("#analysis-tab-territory"))
    dash_duo.wait_for_text_to_equal("#analysis-title", "Répartition QPV / rural", timeout=10)
    assert dash_duo.driver.current_url.endswith("/?analyse=territory")
    assert dash_duo.find_element("#analysis-tab-territory").get_attribute("aria-current") == "page"
    # A filter keeps the analysis shown; the back button returns to the previous one.
    select(dash_duo, ids.WAVE_FILTER, wave_options(shipped_dataset), "1")
    dash_duo.wait_for_text_to_equal(f"#{ids.kpi_value('laureats')}", "80", timeout=10)
    assert dash_duo.find_element("#analysis-title").text == "Répartition QPV / rural"
    assert dash_duo.driver.current_url.endswith("/?vague=1&analyse=territory")
    dash_duo.driver.back()
    dash_duo.driver.back()
    dash_duo.wait_for_text_to_equal("#analysis-title", "Financement estimé par vague", timeout=10)
    assert dash_duo.driver.execute_script("return window.notReloaded === true;")
    assert dash_duo.get_logs() == []
