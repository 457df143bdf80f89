"""Callbacks called as plain functions, and once through Dash's HTTP endpoint."""

from dataclasses import replace

import pytest
from dash import no_update

from dashboard.presentation import ids
from dashboard.web.app_factory import create_app
from dashboard.web.callbacks import navigate, update_map, update_overview, update_site_detail, update_sites
from tests.dash_client import post_callback, response_of


def kpi_values(outputs) -> dict[str, str]:
    values = {}
    for column in outputs.kpi_cards:
        card_body = column.children.children.children
        values[column.children.id] = card_body[1].children[0].children
    return values


def crumb_labels(outputs) -> list[str]:
    labels = []
    for item in outputs.breadcrumb.children:
        labels.append(item.children if isinstance(item.children, str) else item.children.children)
    return labels


def test_overview_unfiltered(small_dataset):
    outputs = update_overview(small_dataset, [], [])
    assert kpi_values(outputs)["kpi-laureats"] == "5"
    assert kpi_values(outputs)["kpi-amount"] == "850\u202f000\u00a0€"
    assert outputs.summary.startswith("France entière · Toutes les vagues : 5\u00a0fabriques")
    assert not outputs.is_empty
    assert outputs.funding_figure["layout"]["shapes"]  # national view: envelope drawn
    assert crumb_labels(outputs) == ["France entière"]


def test_overview_filtered_by_region(small_dataset):
    outputs = update_overview(small_dataset, None, ["44"])
    assert kpi_values(outputs)["kpi-laureats"] == "3"
    assert kpi_values(outputs)["kpi-qpv"] == "2"
    assert outputs.summary.startswith("Grand Est · Toutes les vagues : 3\u00a0fabriques, 550\u202f000\u00a0€ engagés")
    assert outputs.funding_figure["layout"]["shapes"] == []  # national envelope not drawn
    assert "n'est pas tracée" in outputs.funding_note
    assert crumb_labels(outputs) == ["France entière", "Grand Est"]


def test_overview_at_departement_and_site_level(small_dataset):
    departement = update_overview(small_dataset, [], ["53"], "29")
    assert kpi_values(departement)["kpi-laureats"] == "2"
    assert crumb_labels(departement) == ["France entière", "Bretagne", "Finistère (29)"]
    site = update_overview(small_dataset, [], ["53"], "29", "t-4")
    assert kpi_values(site)["kpi-laureats"] == "1"
    assert kpi_values(site)["kpi-amount"] == "150\u202f000\u00a0€"
    assert crumb_labels(site)[-1] == "Fabrique t-4"


def test_overview_filtered_by_wave(small_dataset):
    outputs = update_overview(small_dataset, ["2023"], [])
    assert kpi_values(outputs)["kpi-laureats"] == "1"
    assert kpi_values(outputs)["kpi-rural"] == "1"
    assert [trace["x"] for trace in outputs.type_figure["data"]] == [["Vague 2023"]]


def test_overview_empty_selection(small_dataset):
    outputs = update_overview(small_dataset, ["5"], ["44"])
    assert outputs.is_empty
    assert outputs.funding_figure["data"] == []
    assert "aucune fabrique" in outputs.summary


@pytest.mark.parametrize("junk", [None, "1", 1, [1, 2], [["1"]], ["<script>", "1"], {"a": 1}, ["1"] * 5000])
def test_overview_ignores_junk_values(small_dataset, junk):
    outputs = update_overview(small_dataset, junk, junk, junk, junk)
    assert kpi_values(outputs)["kpi-laureats"] in {"5", "2"}  # all, or wave 1 when "1" is in the junk


# --- navigation ---------------------------------------------------------------------


def nav(dataset, trigger, value=1, waves=(), regions=(), departement=None, click=None, site=None):
    """``navigate``, with each output the component keeps (no_update) replaced by its value."""
    outputs = navigate(dataset, trigger, value, list(waves), list(regions), departement, click, site)
    kept = {"waves": list(waves), "regions": list(regions), "departement": departement, "site": site}
    outputs = replace(outputs, **{name: value for name, value in kept.items() if getattr(outputs, name) is no_update})
    assert outputs.departement in ("", None) or outputs.departement in dataset.reference.departement_codes
    # The département select's "no département" option is "": compare as None.
    return replace(outputs, departement=outputs.departement or None)


def test_map_click_from_france_opens_the_region_then_the_departement(small_dataset):
    click = {"points": [{"location": "29", "z": 2}]}
    first = nav(small_dataset, ids.MAP_GRAPH, click=click)
    assert (first.regions, first.departement) == (["53"], None)
    assert [o["value"] for o in first.departement_options] == ["", "22", "29", "35", "56"]
    second = nav(small_dataset, ids.MAP_GRAPH, regions=first.regions, click=click)
    assert (second.regions, second.departement) == (["53"], "29")
    assert second.departement_options is no_update  # same régions, same options


def test_map_click_on_a_site_point(small_dataset):
    click = {"points": [{"lon": 1, "lat": 2, "customdata": ["t-4", "Fabrique t-4"]}]}
    outputs = nav(small_dataset, ids.MAP_GRAPH, regions=["53"], departement="29", click=click)
    assert outputs.site == "t-4"


def test_choosing_a_departement_narrows_the_regions(small_dataset):
    outputs = nav(small_dataset, ids.DEPARTEMENT_FILTER, regions=["44", "53"], departement="67")
    assert (outputs.regions, outputs.departement, outputs.site) == (["44"], "67", None)


def test_changing_regions_drops_a_departement_outside_them(small_dataset):
    outputs = nav(small_dataset, ids.REGION_FILTER, regions=["53"], departement="67", site="t-1")
    assert (outputs.regions, outputs.departement, outputs.site) == (["53"], None, None)


def test_site_link_and_breadcrumb(small_dataset):
    to_site = nav(small_dataset, {"type": ids.SITE_LINK, "site": "t-2"})
    assert (to_site.regions, to_site.departement, to_site.site) == (["44"], "67", "t-2")
    up = nav(small_dataset, {"type": ids.CRUMB, "level": "region"}, regions=["44"], departement="67", site="t-2")
    assert (up.regions, up.departement, up.site) == (["44"], None, None)
    home = nav(small_dataset, {"type": ids.CRUMB, "level": "france"}, regions=["44"], departement="67")
    assert (home.regions, home.departement, home.site) == ([], None, None)


def test_reset_clears_waves_too(small_dataset):
    outputs = nav(small_dataset, ids.RESET_BUTTON, waves=["1"], regions=["44"], departement="67")
    assert (outputs.waves, outputs.regions, outputs.departement, outputs.site) == ([], [], None, None)


@pytest.mark.parametrize(
    "trigger,click",
    [
        (ids.MAP_GRAPH, "junk"),
        (ids.MAP_GRAPH, {"points": []}),
        (ids.MAP_GRAPH, {"points": [{"location": "999"}]}),
        ({"type": ids.SITE_LINK, "site": "<script>"}, None),
        ({"type": ids.CRUMB, "level": "moon"}, None),
        ("unknown-component", None),
    ],
)
def test_navigation_ignores_junk(small_dataset, trigger, click):
    outputs = nav(small_dataset, trigger, regions=["44"], click=click)
    assert (outputs.regions, outputs.departement, outputs.site) == (["44"], None, None)


# --- map, table, detail ---------------------------------------------------------------


def test_map_at_each_level(small_dataset):
    france = update_map(small_dataset, [], [], None, None, "laureats").figure
    assert [trace["geo"] for trace in france["data"]] == ["geo", "geo2", "geo3", "geo4", "geo5", "geo6"]
    metro = dict(zip(france["data"][0]["locations"], france["data"][0]["z"]))
    assert (metro["67"], metro["29"], metro["75"]) == (3, 2, 0)
    region = update_map(small_dataset, [], ["44"], None, None, "amount_eur").figure
    assert len(region["data"]) == 1 and region["layout"]["geo"]["lonaxis"]["range"][0] > 3  # zoomed on the east
    departement = update_map(small_dataset, [], ["44"], "67", None, "laureats").figure
    points = [trace for trace in departement["data"] if trace["type"] == "scattergeo"]
    assert sorted(name for trace in points for name in trace["text"]) == [
        "Fabrique t-1",
        "Fabrique t-2",
        "Fabrique t-3",
    ]


def test_map_of_a_departement_without_lauréat(small_dataset):
    figure = update_map(small_dataset, [], ["11"], "75", None, "laureats").figure
    assert figure["layout"]["annotations"][0]["text"] == "Aucune fabrique labellisée"


def sites_of(dataset, **kwargs):
    arguments = dict(
        trigger=None,
        wave_value=[],
        region_value=[],
        departement_value=None,
        site_value=None,
        search_value=None,
        page_value=1,
        sort_value=None,
    )
    arguments.update(kwargs)
    return update_sites(dataset, **arguments)


def test_sites_table_follows_the_selection(small_dataset):
    outputs = sites_of(small_dataset, region_value=["44"])
    assert outputs.count_text.startswith("3\u00a0fabriques")
    assert len(outputs.rows) == 3


def test_sites_table_sort_and_search(small_dataset):
    by_amount = sites_of(small_dataset, trigger={"type": ids.SORT_BUTTON, "column": "amount_eur"})
    assert by_amount.sort == {"column": "amount_eur", "ascending": True}
    first_row_amount = by_amount.rows[0].children[6].children
    assert first_row_amount == "50\u202f000\u00a0€"
    descending = sites_of(
        small_dataset, trigger={"type": ids.SORT_BUTTON, "column": "amount_eur"}, sort_value=by_amount.sort
    )
    assert descending.rows[0].children[6].children == "250\u202f000\u00a0€"
    assert "descending" in descending.header_sort
    found = sites_of(small_dataset, search_value="brest")
    assert found.count_text.startswith("1\u00a0fabrique")


def test_sites_table_empty_state(small_dataset):
    outputs = sites_of(small_dataset, region_value=["11"])
    assert outputs.rows[0].children.children == "Aucune fabrique labellisée pour cette sélection."


def test_site_detail(small_dataset):
    card = update_site_detail(small_dataset, "t-5")
    assert card[0].children == "Fabrique t-5"
    assert update_site_detail(small_dataset, "nope")[0].children == "Fiche de la fabrique"


# --- through HTTP ---------------------------------------------------------------------


def test_overview_through_the_dash_endpoint(small_dataset):
    app = create_app(small_dataset)
    client = app.server.test_client()
    assert client.get("/").status_code == 200
    assert client.get("/geo/departements.geojson").status_code == 200
    payload = response_of(post_callback(client, app, ids.FUNDING_GRAPH, {ids.WAVE_FILTER: ["1"]}))
    assert payload[ids.SELECTION_SUMMARY]["children"].startswith("France entière · Vague 1 : 2\u00a0fabriques")


def test_a_crowded_departement_is_not_drawn_point_by_point(small_dataset, monkeypatch):
    from dashboard.presentation import maps

    monkeypatch.setattr(maps, "MAX_SITE_POINTS", 2)
    figure = update_map(small_dataset, [], ["44"], "67", None, "laureats").figure
    assert [t for t in figure["data"] if t["type"] == "scattergeo"] == []
    assert "trop nombreuses pour la carte" in figure["layout"]["annotations"][0]["text"]


def test_table_page_copies_only_the_page_and_agrees_with_a_full_sort(shipped_dataset):
    from dashboard.analysis import compute

    mask = compute.selection_mask(shipped_dataset.sites, [], ["44"], None)
    fast, total, page, pages = compute.table_page(shipped_dataset.sites, mask, "", None, True, 2, 10)
    full = shipped_dataset.sites[mask]
    assert (total, page, pages) == (len(full), 2, -(-len(full) // 10))
    assert fast["id"].tolist() == full["id"].tolist()[10:20]
