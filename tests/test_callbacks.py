"""Callbacks called as plain functions, and through Dash's HTTP endpoint."""

from dataclasses import replace

import pytest
from dash import no_update

from dashboard.analysis.view import ViewState
from dashboard.blocks import BLOCKS_BY_KEY
from dashboard.presentation import ids
from dashboard.presentation.layout import ALL_DEPARTEMENTS as ALL
from dashboard.web.app_factory import create_app
from dashboard.web.callbacks import download, navigate
from dashboard.web.rendering import render_block, view_of
from tests.blocks.helpers import view
from tests.dash_client import CALLBACK_ROUTE, callback_body, post_callback, response_of


def nav(dataset, trigger, waves=(), regions=(), departement=None, site=None, click=None, search=None, measure=None):
    """``navigate`` from the page showing that view, each output the page keeps
    (no_update) replaced by its current value."""
    current = view(waves, regions, departement, site).as_store()
    outputs = navigate(dataset, trigger, search, list(waves), measure, list(regions), departement, click, current)
    kept = {"waves": list(waves), "regions": list(regions), "departement": departement or ALL, "view": current}
    outputs = replace(outputs, **{name: value for name, value in kept.items() if getattr(outputs, name) is no_update})
    assert outputs.departement == ALL or outputs.departement in dataset.reference.departement_codes
    return outputs


def geo_of(outputs) -> tuple:
    v = outputs.view
    return v["regions"], v["departement"], v["site"]


def test_map_click_from_france_opens_the_region_then_the_departement(small_dataset):
    click = {"points": [{"location": "29", "z": 2}]}
    first = nav(small_dataset, ids.MAP_GRAPH, click=click)
    assert geo_of(first) == (["53"], None, None) and first.regions == ["53"]
    assert [o["value"] for o in first.departement_options] == [ALL, "22", "29", "35", "56"]
    assert first.search == "?region=53"
    second = nav(small_dataset, ids.MAP_GRAPH, regions=["53"], click=click)
    assert geo_of(second) == (["53"], "29", None) and second.departement == "29"
    assert second.departement_options is no_update  # same régions, same options


def test_map_click_on_a_site_point(small_dataset):
    click = {"points": [{"lon": 1, "lat": 2, "customdata": ["t-4", "Fabrique t-4"]}]}
    outputs = nav(small_dataset, ids.MAP_GRAPH, regions=["53"], departement="29", click=click)
    assert geo_of(outputs) == (["53"], "29", "t-4")


def test_choosing_a_departement_narrows_the_regions(small_dataset):
    outputs = navigate(small_dataset, ids.DEPARTEMENT_FILTER, None, [], None, ["44", "53"], "67", None, None)
    assert (outputs.regions, outputs.view["departement"]) == (["44"], "67")


def test_changing_regions_drops_a_departement_outside_them(small_dataset):
    current = view(regions=["44"], departement="67", site="t-1").as_store()
    outputs = navigate(small_dataset, ids.REGION_FILTER, None, [], None, ["53"], "67", None, current)
    assert (outputs.view["regions"], outputs.view["departement"], outputs.view["site"]) == (["53"], None, None)
    assert outputs.departement == ALL


def test_a_wave_click_changes_only_the_waves(small_dataset):
    current = view(regions=["44"]).as_store()
    outputs = navigate(small_dataset, ids.WAVE_FILTER, "?region=44", ["5"], None, ["44"], ALL, None, current)
    assert outputs.view == view(waves=["5"], regions=["44"]).as_store()
    assert outputs.search == "?vague=5&region=44"
    assert (outputs.regions, outputs.departement, outputs.departement_options) == (no_update, no_update, no_update)


def test_unticking_a_region_lists_every_departement_again(small_dataset):
    current = view(regions=["44"]).as_store()
    outputs = navigate(small_dataset, ids.REGION_FILTER, "?region=44", [], None, [], ALL, None, current)
    assert outputs.view["regions"] == [] and outputs.regions is no_update  # the boxes already show it
    assert len(outputs.departement_options) == 1 + 102  # "Tous les départements", then every one


def test_reset_clears_waves_too(small_dataset):
    outputs = nav(small_dataset, ids.RESET_BUTTON, waves=["1"], regions=["44"], departement="67")
    assert (outputs.waves, outputs.regions, outputs.departement) == ([], [], ALL)
    assert outputs.view == ViewState().as_store()


def test_a_link_of_the_page_is_read_from_the_address(small_dataset):
    """A site's name or a breadcrumb link changes the address; the view follows it."""
    to_site = nav(small_dataset, ids.URL, search="?region=44&dep=67&site=t-2")
    assert geo_of(to_site) == (["44"], "67", "t-2")
    assert (to_site.regions, to_site.departement) == (["44"], "67")
    up = nav(small_dataset, ids.URL, regions=["44"], departement="67", site="t-2", search="?region=44")
    assert geo_of(up) == (["44"], None, None)


def test_the_address_the_page_just_wrote_changes_nothing(small_dataset):
    outputs = nav(small_dataset, ids.URL, waves=["1"], regions=["44"], search="?vague=1&region=44")
    assert outputs.view == view(waves=["1"], regions=["44"]).as_store()
    assert outputs.search is no_update


def test_unknown_address_parameters_are_reported(small_dataset):
    outputs = nav(small_dataset, None, search="?vague=99&region=44")
    assert geo_of(outputs) == (["44"], None, None)
    assert "vague=99" in outputs.url_notice


@pytest.mark.parametrize(
    "trigger,click",
    [
        (ids.MAP_GRAPH, "junk"),
        (ids.MAP_GRAPH, {"points": []}),
        (ids.MAP_GRAPH, {"points": [{"location": "999"}]}),
        (ids.MAP_GRAPH, {"points": [{"customdata": ["<script>"]}]}),
        ("unknown-component", None),
    ],
)
def test_navigation_ignores_junk(small_dataset, trigger, click):
    outputs = nav(small_dataset, trigger, regions=["44"], click=click)
    assert geo_of(outputs) == (["44"], None, None)


@pytest.mark.parametrize("junk", [None, "1", 1, [1, 2], [["1"]], {"waves": "1"}, {"regions": ["44"] * 5000}])
def test_a_forged_view_shows_a_valid_view(small_dataset, junk):
    assert view_of(small_dataset, junk).geo.regions in ((), ("44",))
    outputs = render_block(small_dataset, BLOCKS_BY_KEY["kpis"], None, {"view": junk})
    assert len(outputs["cards"]) == 6


def test_download_callback(small_dataset):
    shown = {**view(regions=["44"]).as_store(), "analysis": "territory"}
    result = download(small_dataset, ids.download_button("analysis", "csv"), 1, shown, {})
    assert result["filename"].startswith("fabriques_repartition-qpv-rural_grand-est_")
    assert result["base64"] is True
    assert download(small_dataset, ids.download_button("analysis", "csv"), 0, None, {}) is no_update
    assert download(small_dataset, "download-moon-csv", 1, None, {}) is no_update


def test_sites_download_keeps_the_search(small_dataset):
    result = download(small_dataset, ids.download_button("sites", "csv"), 1, None, {"sites": {"search": "brest"}})
    assert result["filename"].startswith("fabriques_fabriques_france_")


# --- through HTTP ---------------------------------------------------------------------


def test_a_block_through_the_dash_endpoint(small_dataset):
    app = create_app(small_dataset)
    client = app.server.test_client()
    assert client.get("/").status_code == 200
    assert client.get("/geo/departements.geojson").status_code == 200
    body = callback_body(
        app,
        ids.SELECTION_SUMMARY,
        {ids.WAVE_FILTER: ["1"], ids.VIEW: view().as_store()},
        changed=f"{ids.WAVE_FILTER}.value",
    )
    payload = response_of(client.post(CALLBACK_ROUTE, json=body))
    assert payload[ids.SELECTION_SUMMARY]["children"].startswith("France entière · Vague 1 : 2\u00a0lauréats")
    assert payload[ids.VIEW]["data"]["waves"] == ["1"] and payload[ids.URL]["search"] == "?vague=1"
    assert payload[ids.ANALYSIS_GRAPH]["figure"]["data"]  # every block in the same response
    assert payload["analysis-title"]["children"] == BLOCKS_BY_KEY["funding"].title  # the default analysis


def test_navigation_through_the_dash_endpoint(small_dataset):
    app = create_app(small_dataset)
    client = app.server.test_client()
    payload = response_of(post_callback(client, app, ids.VIEW, {ids.URL: "?region=53&dep=29"}))
    assert payload[ids.VIEW]["data"]["departement"] == "29"
