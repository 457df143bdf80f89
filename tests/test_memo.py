"""The overview memo: same outputs as computing afresh, never those of a replaced dataset."""

import json

import pytest
from plotly.io.json import to_json_plotly

from dashboard.blocks import BLOCKS_BY_KEY
from dashboard.presentation import ids
from dashboard.web.app_factory import create_app
from dashboard.web.memo import SelectionMemo, input_key, pack_outputs, unpack_outputs
from dashboard.web.rendering import render_block
from tests.blocks.helpers import render
from tests.conftest import make_dataset, site
from tests.dash_client import callback_body


def test_memo_computes_once_per_key():
    memo = SelectionMemo(maxsize=4)
    dataset, calls = type("Dataset", (), {})(), []
    compute = lambda: calls.append(1) or len(calls)  # noqa: E731
    assert memo.get(dataset, ("1",), compute) == 1
    assert memo.get(dataset, ("1",), compute) == 1
    assert memo.get(dataset, ("2",), compute) == 2
    assert (memo.hits, memo.misses) == (1, 2)


def test_memo_is_bounded_and_forgets_the_least_recently_used():
    memo = SelectionMemo(maxsize=2)
    dataset = type("Dataset", (), {})()
    for key in ("a", "b", "a", "c"):  # "b" is then the least recently used
        memo.get(dataset, key, lambda k=key: k)
    assert len(memo) == 2
    assert memo.get(dataset, "b", lambda: "recomputed") == "recomputed"
    assert memo.get(dataset, "c", lambda: "recomputed") == "c"


def test_memo_starts_afresh_when_the_dataset_is_replaced(small_dataset, reference):
    memo = SelectionMemo(maxsize=8)
    key = ((), ("44",))
    before = memo.get(small_dataset, key, lambda: render(small_dataset, "selection", regions=["44"]))
    reloaded = make_dataset([site("x-1"), site("x-2", wave="5")], reference)
    after = memo.get(reloaded, key, lambda: render(reloaded, "selection", regions=["44"]))
    assert before["summary"] != after["summary"]
    assert "2\u00a0lauréats" in after["summary"]


def test_memo_rejects_a_zero_size():
    with pytest.raises(ValueError):
        SelectionMemo(maxsize=0)


def overview_request(app, waves, regions) -> dict:
    """The page callback's request after a wave click, the régions already ticked; the
    page showed wave 5 before (a view that differs from every view asked for here)."""
    store = {"waves": ["5"], "regions": regions, "departement": None, "site": None, "measure": "amount_eur"}
    return callback_body(
        app,
        ids.SELECTION_SUMMARY,
        {ids.WAVE_FILTER: waves, ids.REGION_FILTER: regions, ids.VIEW: store},
        changed=f"{ids.WAVE_FILTER}.value",
    )


@pytest.mark.parametrize("waves, regions", [([], []), (["1"], ["44"]), (["2023", "1"], []), (["5", "1"], ["44"])])
def test_a_remembered_answer_is_byte_identical_to_a_fresh_one(small_dataset, waves, regions):
    app = create_app(small_dataset)
    client = app.server.test_client()
    body = overview_request(app, waves, regions)
    first = client.post("/_dash-update-component", json=body, headers={"Accept-Encoding": "identity"}).data
    again = client.post("/_dash-update-component", json=body, headers={"Accept-Encoding": "identity"}).data
    fresh_app = create_app(small_dataset)
    fresh = (
        fresh_app.server.test_client()
        .post("/_dash-update-component", json=body, headers={"Accept-Encoding": "identity"})
        .data
    )
    assert first == again == fresh
    assert (
        json.loads(again)["response"][ids.SELECTION_SUMMARY]["children"]
        == render_block(
            small_dataset, BLOCKS_BY_KEY["selection"], None, {"view": json.loads(again)["response"][ids.VIEW]["data"]}
        )["summary"]
    )


def test_equivalent_selections_give_the_same_answer(small_dataset):
    app = create_app(small_dataset)
    client = app.server.test_client()
    in_order = client.post("/_dash-update-component", json=overview_request(app, ["1", "2023"], ["44"])).data
    shuffled = client.post(
        "/_dash-update-component", json=overview_request(app, ["2023", "junk", "1"], ["44", "44"])
    ).data
    # The blocks show the same view; only the controls are corrected (the junk unticked).
    controls = {ids.WAVE_FILTER, ids.REGION_FILTER, ids.DEPARTEMENT_FILTER}
    blocks = [
        {key: value for key, value in json.loads(response)["response"].items() if key not in controls}
        for response in (in_order, shuffled)
    ]
    assert blocks[0] == blocks[1]


def test_keys_have_a_fixed_size_whatever_the_request():
    assert len(input_key((["1"] * 100_000, None))) == len(input_key(([], []))) == 32
    assert input_key(({"b": 1, "a": 2},)) == input_key(({"a": 2, "b": 1},))


def test_packed_outputs_unpack_to_the_same_json(small_dataset):
    outputs = render(small_dataset, "funding", waves=["1"])
    packed = pack_outputs(outputs)
    assert len(packed) < len(to_json_plotly(outputs)) / 2
    assert to_json_plotly(unpack_outputs(packed)) == to_json_plotly(outputs)
    assert unpack_outputs(pack_outputs(("a", 1))) == ("a", 1)
