"""The keyboard keeps its place and always shows it (issue 13), in a real headless Chromium:
the focus indicator of every kind of control and the borders of form controls measured
against their background (WCAG 2.4.7 / 1.4.11: at least 3:1), the focus after Enter on a
site's name or a breadcrumb link, and French texts for screen readers."""

from __future__ import annotations

import re

import pytest
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from dashboard.presentation import ids
from dashboard.web.app_factory import create_app

pytestmark = pytest.mark.browser

BAS_RHIN = "?region=44&dep=67"
GRAND_EST = "?region=44"  # a breadcrumb link and two pages of sites
# (kind of control, CSS selector of one of them on the Grand Est view)
CONTROLS = (
    ("skip link", ".skip-link"),
    ("checkbox", f"#{ids.WAVE_FILTER} input[type=checkbox]"),
    ("scrolling list of régions", ".region-list"),
    ("select", f"#{ids.DEPARTEMENT_FILTER}"),
    ("button", f"#{ids.RESET_BUTTON}"),
    ("breadcrumb link", f"#{ids.crumb('france')}"),
    ("download button", f"#{ids.download_button('kpis', 'csv')}"),
    ("radio", f"#{ids.MAP_MEASURE} input[type=radio]"),
    ("disclosure (data table)", ".chart-data > summary"),
    ("search field", f"#{ids.SITES_SEARCH}"),
    ("sort select", f"#{ids.SITES_SORT}"),
    ("order radio", f"#{ids.SITES_ORDER} input[type=radio]"),
    ("site link", f"#{ids.SITES_TABLE} td:first-child a"),
    ("page button", f"#{ids.SITES_NEXT}"),
    ("footer link", ".site-footer__links a"),
)
# (kind of form control, selector, the side whose border draws its edge)
FORM_CONTROLS = (
    ("checkbox", f"#{ids.WAVE_FILTER} input[type=checkbox]:not(:checked)", "Top"),
    ("radio", f"#{ids.SITES_ORDER} input[type=radio]:not(:checked)", "Top"),
    ("select", f"#{ids.DEPARTEMENT_FILTER}", "Bottom"),
    ("search field", f"#{ids.SITES_SEARCH}", "Bottom"),
    ("scrolling list of régions", ".region-list", "Top"),
)

# The colour behind an element's outline: the first ancestor (from its parent) with an
# opaque background (the outline is drawn 2 px outside the element); "own": the element's
# fill, for borders.
STYLE_JS = """
const element = document.querySelector(arguments[0]);
// dcc.Input draws its border and focus ring on the box around its <input>.
const drawn = element.closest('.dash-input-container') || element;
const behind = (node) => {
  for (let e = node; e; e = e.parentElement) {
    const colour = getComputedStyle(e).backgroundColor;
    if (colour && !colour.endsWith(', 0)') && colour !== 'transparent') return colour;
  }
  return 'rgb(255, 255, 255)';
};
const style = getComputedStyle(drawn);
return {
  focused: document.activeElement === element,
  focusVisible: element.matches(':focus-visible'),
  outlineStyle: style.outlineStyle,
  outlineWidth: parseFloat(style.outlineWidth),
  outlineColor: style.outlineColor,
  border: {Top: [parseFloat(style.borderTopWidth), style.borderTopColor],
           Bottom: [parseFloat(style.borderBottomWidth), style.borderBottomColor]},
  background: behind(drawn.parentElement),
  own: behind(drawn),
};
"""


def rgb(css: str) -> tuple[int, int, int]:
    values = [float(v) for v in re.findall(r"[\d.]+", css)]
    assert len(values) == 3 or (len(values) == 4 and values[3] == 1), f"not an opaque colour: {css}"
    return int(values[0]), int(values[1]), int(values[2])


def contrast(a: str, b: str) -> float:
    """WCAG 2.1 contrast ratio of two CSS colours."""

    def luminance(colour: tuple[int, int, int]) -> float:
        linear = [(c / 255) / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in colour]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(rgb(a)), luminance(rgb(b))), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def start(dash_duo, dataset, query: str = BAS_RHIN, place: str = "Bas-Rhin (67)") -> None:
    dash_duo.start_server(create_app(dataset))
    dash_duo.driver.get(dash_duo.server_url + "/" + query)
    dash_duo.wait_for_text_to_equal(f"#{ids.VIEW_HEADING}", place, timeout=30)
    dash_duo.wait_for_element(f"#{ids.SITES_TABLE} td:first-child a", timeout=30)


def focus_from_the_keyboard(dash_duo, selector: str) -> dict:
    """Focus the element as the keyboard would have: the browser's focus-visible heuristic
    keeps the keyboard modality once a key was pressed (Tab, first)."""
    driver = dash_duo.driver
    driver.execute_script(
        "const e = document.querySelector(arguments[0]); e.scrollIntoView({block: 'center'}); e.focus();", selector
    )
    return driver.execute_script(STYLE_JS, selector)


def test_every_kind_of_control_shows_a_focus_ring_of_at_least_3_to_1(dash_duo, shipped_dataset):
    start(dash_duo, shipped_dataset, GRAND_EST, "Grand Est")
    driver = dash_duo.driver
    driver.execute_script("document.querySelectorAll('details').forEach(d => d.open = false);")
    driver.find_element("tag name", "body").send_keys(Keys.TAB)  # keyboard modality
    measured = {}
    for kind, selector in CONTROLS:
        style = focus_from_the_keyboard(dash_duo, selector)
        assert style["focused"] and style["focusVisible"], kind
        assert style["outlineStyle"] == "solid" and style["outlineWidth"] >= 2, (kind, style)
        measured[kind] = round(contrast(style["outlineColor"], style["background"]), 2)
    print("focus ring contrast:", measured)
    too_faint = {kind: ratio for kind, ratio in measured.items() if ratio < 3}
    assert too_faint == {}, measured


def test_form_control_borders_are_at_least_3_to_1(dash_duo, shipped_dataset):
    start(dash_duo, shipped_dataset)
    measured = {}
    for kind, selector, side in FORM_CONTROLS:
        style = dash_duo.driver.execute_script(STYLE_JS, selector)
        width, colour = style["border"][side]
        assert width >= 1, (kind, style)
        # Against what surrounds the control and against its own fill.
        measured[kind] = round(min(contrast(colour, style["background"]), contrast(colour, style["own"])), 2)
    print("border contrast:", measured)
    too_faint = {kind: ratio for kind, ratio in measured.items() if ratio < 3}
    assert too_faint == {}, measured


def active(dash_duo) -> dict:
    return dash_duo.driver.execute_script(
        "const e = document.activeElement;"
        "return {tag: e.tagName, id: e.id, text: e.textContent.trim(),"
        " inCard: !!e.closest('#site_card-block'), announced: document.getElementById(arguments[0]).textContent};",
        ids.ANNOUNCER,
    )


def test_enter_on_a_site_name_moves_the_focus_to_the_site_card(dash_duo, shipped_dataset):
    start(dash_duo, shipped_dataset)
    driver = dash_duo.driver
    link = next(e for e in dash_duo.find_elements(f"#{ids.SITES_TABLE} td:first-child a") if e.text == "ARTEFACT PRL")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].focus();", link)
    link.send_keys(Keys.ENTER)
    dash_duo.wait_for_contains_text(f"#{ids.SITE_DETAIL}", "Laiterie", timeout=10)
    WebDriverWait(driver, 10).until(lambda d: active(dash_duo)["inCard"])
    focused = active(dash_duo)
    assert focused["tag"] in {"H2", "H3"} and focused["text"] == "ARTEFACT PRL"
    WebDriverWait(driver, 5).until(lambda d: "ARTEFACT PRL" in active(dash_duo)["announced"])
    assert active(dash_duo)["announced"] == "Fiche de la fabrique affichée : ARTEFACT PRL."
    assert "site=" in driver.current_url  # an in-page navigation, not a reload
    assert dash_duo.get_logs() == []


def test_enter_on_a_breadcrumb_link_moves_the_focus_to_the_new_view_heading(dash_duo, shipped_dataset):
    start(dash_duo, shipped_dataset)
    driver = dash_duo.driver
    driver.execute_script("window.notReloaded = true;")
    crumb = dash_duo.find_element(f"#{ids.crumb('region')}")
    driver.execute_script("arguments[0].focus();", crumb)
    crumb.send_keys(Keys.ENTER)
    dash_duo.wait_for_text_to_equal(f"#{ids.VIEW_HEADING}", "Grand Est", timeout=10)
    WebDriverWait(driver, 10).until(lambda d: active(dash_duo)["id"] == ids.VIEW_HEADING)
    assert active(dash_duo)["tag"] == "H1"
    WebDriverWait(driver, 5).until(lambda d: active(dash_duo)["announced"] == "Vue affichée : Grand Est.")
    assert driver.execute_script("return window.notReloaded === true;")


def test_texts_for_screen_readers_are_french(dash_duo, shipped_dataset):
    from selenium.webdriver.support.select import Select

    start(dash_duo, shipped_dataset, "", "France entière")
    departement = Select(dash_duo.find_element(f"#{ids.DEPARTEMENT_FILTER}"))
    assert departement.first_selected_option.text == "Tous les départements"
    pages = dash_duo.find_element(f"#{ids.SITES_TABLE}").find_element(
        "xpath", "ancestor::div[contains(@class, 'card-body')]"
    )
    pager_texts = [button.text for button in pages.find_elements("css selector", ".sites-pager button")]
    assert pager_texts == ["‹ Page précédente", "Page suivante ›"]
    assert dash_duo.find_element(f"#{ids.SITES_PAGE_LABEL}").text.startswith("Page 1 sur ")
    english = dash_duo.driver.execute_script(
        "return [...document.querySelectorAll('[aria-label], [title], .visually-hidden')]"
        ".map(e => e.getAttribute('aria-label') || e.getAttribute('title') || e.textContent)"
        ".filter(t => /\\b(Previous|Next|Page \\d+ of|Go to|Close|Toggle|Loading)\\b/.test(t || ''));"
    )
    assert english == []
