"""The programme blocks (trajectory, AE/CP, coverage, zones blanches) through the page
callback, at each level of the drill-down and on a wave click, and their downloads."""

import pytest

from dashboard.presentation import ids
from dashboard.web.app_factory import create_app
from dashboard.web.callbacks import download
from tests.blocks.helpers import view
from tests.dash_client import CALLBACK_ROUTE, callback_body, response_of

NEW_BLOCKS = ("trajectory", "payments", "coverage", "gaps")


@pytest.fixture(scope="module")
def served(reference):
    from tests.conftest import make_dataset, site

    dataset = make_dataset(
        [
            site("t-1"),
            site("t-2", commune_code="67447", commune="Schiltigheim", wave="2-4"),
            site("t-4", departement_code="29", commune_code="29039", commune="Concarneau", type="ressource"),
            site("t-3", commune_code="67302", commune="Monswiller", wave="2023", type="ressource", amount_eur="50000"),
        ],
        reference,
    )
    app = create_app(dataset)
    return dataset, app, app.server.test_client()


def page(served, search=None, waves=None, current=None, changed=None):
    _dataset, app, client = served
    values = {ids.URL: search, ids.WAVE_FILTER: waves, ids.VIEW: current, ids.details("analysis"): True}
    body = callback_body(app, ids.VIEW, values, changed=changed)
    return response_of(client.post(CALLBACK_ROUTE, json=body))


ANALYSES = ("trajectory", "payments", "coverage")  # shown in the tabs beside the map


def shown(payload: dict, key: str) -> dict:
    """The outputs of a programme block in a page response: its own (zones blanches) or the
    analysis card's (the others, one tab at a time)."""
    card = "gaps" if key == "gaps" else "analysis"
    table = payload[ids.data_table(card)]["children"] if key == "gaps" else payload[ids.table_data(card)]["data"]
    figure = None if key == "gaps" else payload[ids.graph(card)]["figure"]
    return {"summary": payload[ids.summary(card)]["children"], "table": table, "figure": figure}


def tab(key: str) -> str:
    return "" if key == "gaps" else f"&analyse={key}"


@pytest.mark.parametrize(
    ("search", "place"),
    [
        ("?region=44", "Grand Est"),
        ("?region=44&dep=67", "Bas-Rhin (67)"),
        ("?region=44&dep=67&site=t-2", "Fabrique t-2"),
        ("?region=53&dep=29", "Finistère (29)"),
    ],
)
@pytest.mark.parametrize("key", NEW_BLOCKS)
def test_each_level_of_the_drill_down(served, search, place, key):
    payload = page(served, search=search + tab(key), changed=f"{ids.URL}.search")
    outputs = shown(payload, key)
    assert outputs["summary"].startswith(f"{place}, toutes vagues"), key
    assert outputs["table"].startswith("|") or key == "gaps"
    if key == "trajectory":
        assert outputs["figure"]["data"]


@pytest.mark.parametrize("key", NEW_BLOCKS)
def test_a_wave_click_updates_the_new_blocks(served, key):
    before = page(served, search="?region=44" + tab(key), changed=f"{ids.URL}.search")
    current = view(regions=["44"]).as_store() | ({} if key == "gaps" else {"analysis": key})
    after = page(served, waves=["2023"], current=current, changed=f"{ids.WAVE_FILTER}.value")
    assert after[ids.VIEW]["data"]["waves"] == ["2023"]
    assert shown(after, key)["summary"].startswith("Grand Est, Vague 2023"), key
    assert shown(after, key)["summary"] != shown(before, key)["summary"]
    if key == "payments":
        assert shown(after, key)["figure"]["data"][1]["y"] == [50_000]
    if key == "gaps":
        # Every Grand Est département but the Bas-Rhin (Monswiller) has no 2023 lauréat.
        assert shown(after, key)["summary"].startswith("Grand Est, Vague 2023 : 9\u00a0départements sans lauréat")


def test_the_measure_per_inhabitant_is_kept_in_the_address(served):
    payload = page(served, search="?region=44&mesure=per_100k&analyse=coverage", changed=f"{ids.URL}.search")
    assert payload[ids.VIEW]["data"]["measure"] == "per_100k"
    assert payload[ids.VIEW]["data"]["analysis"] == "coverage"
    assert payload[ids.ANALYSIS_GRAPH]["figure"]["layout"]["shapes"]  # the national average line


@pytest.mark.parametrize("key", NEW_BLOCKS)
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_downloads(served, key, file_format):
    dataset, _app, _client = served
    button = ids.download_button("gaps" if key == "gaps" else "analysis", file_format)
    current = view(regions=["44"]).as_store() | ({} if key == "gaps" else {"analysis": key})
    result = download(dataset, button, 1, current, {})
    assert result["filename"].endswith(f".{file_format}") and "_grand-est_" in result["filename"]
