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
    values = {ids.URL: search, ids.WAVE_FILTER: waves, ids.VIEW: current}
    body = callback_body(app, ids.VIEW, values, changed=changed)
    return response_of(client.post(CALLBACK_ROUTE, json=body))


@pytest.mark.parametrize(
    ("search", "place"),
    [
        ("?region=44", "Grand Est"),
        ("?region=44&dep=67", "Bas-Rhin (67)"),
        ("?region=44&dep=67&site=t-2", "Fabrique t-2"),
        ("?region=53&dep=29", "Finistère (29)"),
    ],
)
def test_each_level_of_the_drill_down(served, search, place):
    payload = page(served, search=search, changed=f"{ids.URL}.search")
    for key in NEW_BLOCKS:
        assert payload[ids.summary(key)]["children"].startswith(f"{place}, toutes vagues"), key
        table = payload[ids.data_table(key)]["children"] if key == "gaps" else payload[ids.table_data(key)]["data"]
        assert table.startswith("|") or key == "gaps"
    assert payload[ids.graph("trajectory")]["figure"]["data"]


def test_a_wave_click_updates_the_new_blocks(served):
    before = page(served, search="?region=44", changed=f"{ids.URL}.search")
    after = page(served, waves=["2023"], current=view(regions=["44"]).as_store(), changed=f"{ids.WAVE_FILTER}.value")
    assert after[ids.VIEW]["data"]["waves"] == ["2023"]
    for key in NEW_BLOCKS:
        assert after[ids.summary(key)]["children"].startswith("Grand Est, Vague 2023"), key
        assert after[ids.summary(key)]["children"] != before[ids.summary(key)]["children"]
    assert after[ids.graph("payments")]["figure"]["data"][1]["y"] == [50_000]
    # Every Grand Est département but the Bas-Rhin (Monswiller) has no 2023 lauréat.
    assert after[ids.summary("gaps")]["children"].startswith("Grand Est, Vague 2023 : 9\u00a0départements sans lauréat")


def test_the_measure_per_inhabitant_is_kept_in_the_address(served):
    payload = page(served, search="?region=44&mesure=per_100k", changed=f"{ids.URL}.search")
    assert payload[ids.VIEW]["data"]["measure"] == "per_100k"
    assert payload[ids.graph("coverage")]["figure"]["layout"]["shapes"]  # the national average line


@pytest.mark.parametrize("key", NEW_BLOCKS)
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_downloads(served, key, file_format):
    dataset, _app, _client = served
    result = download(dataset, ids.download_button(key, file_format), 1, view(regions=["44"]).as_store(), {})
    assert result["filename"].endswith(f".{file_format}") and "_grand-est_" in result["filename"]
