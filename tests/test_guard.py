"""Malformed callback requests found by the audit (issue 12, item 5): a 400 with a one-line
log, never a 500 with a traceback."""

from __future__ import annotations

import json
import logging

import pytest

from dashboard.presentation import ids
from dashboard.web.guard import CALLBACK_ROUTE, check_callback_body
from tests.dash_client import callback_body


def post_raw(client, body: dict):
    # ensure_ascii: "\ud800" travels as the JSON escape \ud800, valid JSON, invalid text.
    return client.post(CALLBACK_ROUTE, data=json.dumps(body, ensure_ascii=True), content_type="application/json")


LONE_SURROGATE_VIEW = {"waves": [], "regions": [], "departement": None, "site": "\ud800", "measure": "laureats"}


@pytest.mark.parametrize("output_id", [ids.SITE_DETAIL, ids.ANALYSIS_GRAPH, ids.SITES_TABLE])
def test_a_lone_surrogate_in_the_view_is_a_400(app, client, caplog, output_id):
    body = callback_body(app, output_id, {ids.VIEW: LONE_SURROGATE_VIEW}, changed=f"{ids.WAVE_FILTER}.value")
    with caplog.at_level(logging.INFO):
        response = post_raw(client, body)
    assert response.status_code == 400
    assert response.get_json() == {"erreur": "Requête invalide : rechargez la page."}
    assert "Traceback" not in caplog.text and len(caplog.records) == 1


@pytest.mark.parametrize("changed", ["{oops.n_clicks", "no-dot", ".n_clicks", "site-state.", '["x"].n_clicks', 5])
def test_a_malformed_changed_prop_id_is_a_400(app, client, caplog, changed):
    body = callback_body(app, ids.SITES_TABLE)
    body["changedPropIds"] = [changed]
    with caplog.at_level(logging.INFO):
        response = post_raw(client, body)
    assert response.status_code == 400
    assert "Traceback" not in caplog.text and len(caplog.records) == 1


def test_well_formed_changed_prop_ids_still_pass(app):
    body = callback_body(app, ids.SITE_DETAIL, {ids.WAVE_FILTER: ["1"]}, changed=f"{ids.WAVE_FILTER}.value")
    body["changedPropIds"].append('{"column":"name","type":"sort-button"}.n_clicks')  # a pattern id is well formed
    check_callback_body(body, app.callback_map)  # no exception
