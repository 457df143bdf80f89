"""RGAA / WCAG 2.1 AA checks in a real headless Chromium: axe-core audits, keyboard,
language and titles, small and large screens, print."""

import base64
import json
from pathlib import Path

import pytest
from selenium.webdriver.common.keys import Keys

from dashboard.presentation import ids
from dashboard.web.app_factory import create_app
from tests.test_browser import click

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(__file__).resolve().parent.parent / ".artifacts" / "screenshots"


def start(dash_duo, dataset, query: str = "") -> None:
    dash_duo.start_server(create_app(dataset))
    if query:
        dash_duo.driver.get(dash_duo.server_url + "/" + query)
    dash_duo.wait_for_element(f"#{ids.MAP_GRAPH} path.choroplethlocation", timeout=30)
    dash_duo.wait_for_element(f"#{ids.KPI_ROW} .kpi-value", timeout=30)


def axe_violations(dash_duo) -> list[dict]:
    """Runs axe-core (injected by the test only; the app never serves it)."""
    driver = dash_duo.driver
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    driver.set_script_timeout(90)
    results = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations), e => done(String(e)));"
    )
    assert isinstance(results, list), results
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "targets": [node["target"] for node in v["nodes"][:5]],
        }
        for v in results
    ]


def serious(violations: list[dict]) -> list[dict]:
    return [v for v in violations if v["impact"] in {"serious", "critical"}]


@pytest.mark.parametrize(
    "query,wait_for",
    [
        ("", "France entière"),
        ("?vague=1&region=44", "Grand Est"),
        ("?region=44&dep=67", "Bas-Rhin (67)"),
        ("?region=44&dep=67&site=fabt-182", "ARTEFACT PRL"),
    ],
)
def test_axe_finds_no_serious_violation(dash_duo, shipped_dataset, query, wait_for):
    start(dash_duo, shipped_dataset, query)
    dash_duo.wait_for_contains_text(f"#{ids.BREADCRUMB}", wait_for, timeout=20)
    # Open the data tables too: they are part of the page for screen readers.
    dash_duo.driver.execute_script("document.querySelectorAll('details').forEach(d => d.open = true);")
    violations = axe_violations(dash_duo)
    assert serious(violations) == [], json.dumps(violations, ensure_ascii=False, indent=1)


def test_language_skip_link_landmarks_and_title(dash_duo, shipped_dataset):
    start(dash_duo, shipped_dataset)
    driver = dash_duo.driver
    assert driver.execute_script("return document.documentElement.lang") == "fr"
    for landmark in ("header", "main", "footer"):
        assert len(dash_duo.find_elements(landmark)) == 1, landmark
    # Each navigation landmark has its own name (the breadcrumb, the table's pages).
    labels = [nav.get_attribute("aria-label") for nav in dash_duo.find_elements("nav")]
    assert "Fil d'Ariane" in labels and len(labels) == len(set(labels)) and all(labels)
    assert driver.title == "France entière — Fabriques de territoire (ANCT)"
    # The first Tab reaches the skip link, which leads to the main content.
    driver.find_element("tag name", "body").send_keys(Keys.TAB)
    active = driver.switch_to.active_element
    assert active.text == "Aller au contenu" and active.get_attribute("href").endswith("#main-content")
    driver.get(dash_duo.server_url + "/?region=44&dep=67")
    dash_duo.wait_for_contains_text(f"#{ids.BREADCRUMB}", "Bas-Rhin (67)", timeout=20)
    assert _wait_title(dash_duo, "Bas-Rhin (67) — Fabriques de territoire (ANCT)")


def _wait_title(dash_duo, expected: str) -> bool:
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(dash_duo.driver, 10).until(lambda driver: driver.title == expected)
    return True


def test_filters_work_with_the_keyboard_alone(dash_duo, shipped_dataset):
    start(dash_duo, shipped_dataset)
    driver = dash_duo.driver
    body = driver.find_element("tag name", "body")
    body.send_keys(Keys.TAB)  # skip link
    for _ in range(10):
        driver.switch_to.active_element.send_keys(Keys.TAB)
        if driver.switch_to.active_element.get_attribute("type") == "checkbox":
            break
    focused = driver.switch_to.active_element
    assert focused.get_attribute("type") == "checkbox" and focused.get_attribute("value") == "1"
    # Focus is visible: an outline or a box shadow is drawn.
    style = driver.execute_script(
        "const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.boxShadow];"
    )
    assert style[0] != "none" or style[1] != "none"
    focused.send_keys(Keys.SPACE)
    dash_duo.wait_for_text_to_equal(f"#{ids.kpi_value('laureats')}", "80", timeout=10)


@pytest.mark.parametrize("width", [375, 1920])
def test_no_horizontal_scrolling_and_screenshots(dash_duo, shipped_dataset, width):
    dash_duo.driver.set_window_size(width, 1000)
    start(dash_duo, shipped_dataset, "?region=44&dep=67")
    dash_duo.wait_for_contains_text(f"#{ids.SITES_TABLE}", "Consortium TIX", timeout=20)
    driver = dash_duo.driver
    scroll_width, client_width = driver.execute_script(
        "return [document.documentElement.scrollWidth, document.documentElement.clientWidth];"
    )
    assert scroll_width <= client_width
    map_box = dash_duo.find_element(f"#{ids.MAP_GRAPH}").rect
    funding_box = dash_duo.find_element(f"#{ids.ANALYSIS_GRAPH}").rect
    filters_shown = dash_duo.find_element(f"#{ids.REGION_FILTER}").is_displayed()
    if width == 375:
        assert map_box["x"] == pytest.approx(funding_box["x"], abs=2)  # stacked
        assert not filters_shown  # folded behind the "Filtres" button
        click(dash_duo, dash_duo.find_element(f"#{ids.FILTERS_TOGGLE}"))
        dash_duo.wait_for_element(f"#{ids.REGION_FILTER}", timeout=5)
        assert _wait_displayed(dash_duo, f"#{ids.REGION_FILTER}")
    else:
        assert funding_box["x"] > map_box["x"] + map_box["width"] - 2  # side by side
        assert filters_shown
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(width, min(height, 8000))
    assert driver.save_screenshot(str(SCREENSHOTS / f"bas-rhin-{width}px.png"))


def _wait_displayed(dash_duo, selector: str) -> bool:
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(dash_duo.driver, 5).until(lambda d: dash_duo.find_element(selector).is_displayed())
    return True


def test_print_gives_a_clean_a4_of_the_current_view(dash_duo, shipped_dataset):
    start(dash_duo, shipped_dataset, "?region=44&dep=67")
    dash_duo.wait_for_contains_text(f"#{ids.SITES_TABLE}", "Consortium TIX", timeout=20)
    driver = dash_duo.driver
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    hidden = driver.execute_script(
        "return [...document.querySelectorAll(arguments[0])].every(e => getComputedStyle(e).display === 'none');",
        "#filters-collapse, .download-control, .pagination, .skip-link",
    )
    assert hidden
    assert dash_duo.find_element(f"#{ids.BREADCRUMB}").is_displayed()
    assert dash_duo.find_element(f"#{ids.SELECTION_SUMMARY}").is_displayed()
    pdf = driver.execute_cdp_cmd(
        "Page.printToPDF",
        {"paperWidth": 8.27, "paperHeight": 11.69, "preferCSSPageSize": True, "printBackground": True},
    )
    content = base64.b64decode(pdf["data"])
    assert content.startswith(b"%PDF") and len(content) > 10_000
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / "bas-rhin-print.pdf").write_bytes(content)
