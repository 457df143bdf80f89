"""Callbacks called as plain functions, and once through Dash's HTTP endpoint."""

import json

import pytest

from dashboard import ids
from dashboard.app_factory import create_app
from dashboard.callbacks import reset_filters, update_overview


def kpi_values(outputs) -> dict[str, str]:
    values = {}
    for column in outputs.kpi_cards:
        card_body = column.children.children.children
        values[column.children.id] = card_body[1].children[0].children
    return values


def test_overview_unfiltered(small_dataset):
    outputs = update_overview(small_dataset, [], [])
    assert kpi_values(outputs)["kpi-laureats"] == "5"
    assert kpi_values(outputs)["kpi-amount"] == "850\u202f000\u00a0€"
    assert outputs.summary.startswith("France entière · Toutes les vagues : 5\u00a0fabriques")
    assert not outputs.is_empty
    assert outputs.funding_figure["layout"]["shapes"]  # national view: envelope drawn


def test_overview_filtered_by_region(small_dataset):
    outputs = update_overview(small_dataset, None, ["44"])
    assert kpi_values(outputs)["kpi-laureats"] == "3"
    assert kpi_values(outputs)["kpi-qpv"] == "2"
    assert outputs.summary.startswith("Grand Est · Toutes les vagues : 3\u00a0fabriques, 550\u202f000\u00a0€ engagés")
    assert outputs.funding_figure["layout"]["shapes"] == []  # national envelope not drawn
    assert "ne sont pas tracées" in outputs.funding_note


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
    outputs = update_overview(small_dataset, junk, junk)
    assert kpi_values(outputs)["kpi-laureats"] in {"5", "2"}  # all, or wave 1 when "1" is in the junk


def test_reset():
    assert reset_filters(1) == ([], [])


def test_overview_through_the_dash_endpoint(small_dataset):
    app = create_app(small_dataset)
    client = app.server.test_client()
    assert client.get("/").status_code == 200
    outputs = [{"id": ids.FUNDING_GRAPH, "property": "figure"}, {"id": ids.TERRITORY_GRAPH, "property": "figure"},
               {"id": ids.TYPE_GRAPH, "property": "figure"}, {"id": ids.KPI_ROW, "property": "children"},
               {"id": ids.SELECTION_SUMMARY, "property": "children"}, {"id": ids.EMPTY_ALERT, "property": "is_open"},
               {"id": ids.FUNDING_NOTE, "property": "children"}, {"id": ids.TERRITORY_NOTE, "property": "children"}]
    body = {
        "output": next(key for key in app.callback_map if ids.FUNDING_GRAPH in key),
        "outputs": outputs,
        "inputs": [{"id": ids.WAVE_FILTER, "property": "value", "value": ["1"]},
                   {"id": ids.REGION_FILTER, "property": "value", "value": []}],
        "changedPropIds": [f"{ids.WAVE_FILTER}.value"],
    }
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200
    payload = json.loads(response.data)["response"]
    assert payload[ids.SELECTION_SUMMARY]["children"].startswith("France entière · Vague 1 : 2\u00a0fabriques")
