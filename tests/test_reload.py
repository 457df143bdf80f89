"""Reload without restart: a valid new file replaces the old one, an invalid one is
refused with its message and the previous data stays in service."""

from __future__ import annotations

import itertools
import json
import os
import time

import pandas as pd
import pytest

from dashboard.data.loader import FileChangedWhileReading, load_dataset
from dashboard.data.publishing import publish_bytes
from dashboard.data.store import DatasetHolder
from dashboard.presentation import ids
from dashboard.web.app_factory import STATUS_ROUTE, create_app
from dashboard.web.callbacks import update_data_status
from dashboard.web.config import Settings
from dashboard.web.guard import CALLBACK_ROUTE
from tests.conftest import site
from tests.dash_client import post_callback, response_of

TWO_SITES = [site("t-1"), site("t-2", wave="2023", type="ressource", territory="rural", amount_eur="50000")]
THREE_SITES = TWO_SITES + [site("t-3", departement_code="29", commune_code="29019", commune="Brest")]
INVALID = TWO_SITES + [site("t-3", amount_eur="-5")]  # line 4, column amount_eur
_ages = itertools.count(60)


def csv_bytes(rows) -> bytes:
    return pd.DataFrame(rows, dtype=str).to_csv(index=False).encode("utf-8")


def write(path, rows) -> None:
    """Publish rows the supported way (complete copy renamed over the file) and date the
    file in the past, as a file saved a while ago (a file modified within the last second
    is left alone: it may still be being written)."""
    publish_bytes(path, csv_bytes(rows))
    past = time.time() - next(_ages)
    os.utime(path, (past, past))


def wait_for(condition, timeout=15.0):
    """The app's watching thread loads new files in the background: wait for its effect."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.02)


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def data_file(tmp_path):
    path = tmp_path / "fabriques.csv"
    write(path, TWO_SITES)
    return path


def holder_for(path, reference, clock=None, loader=load_dataset):
    return DatasetHolder(load_dataset(path, reference), check_every=10, clock=clock or FakeClock(), loader=loader)


# --- the holder ----------------------------------------------------------------------


def test_checks_the_file_only_every_interval(data_file, reference):
    clock = FakeClock()
    holder = holder_for(data_file, reference, clock)
    write(data_file, THREE_SITES)
    holder.refresh_if_changed()
    assert len(holder.current().sites) == 2  # not yet: checked at most every 10 s
    clock.now += 10
    holder.refresh_if_changed()
    assert len(holder.current().sites) == 3
    assert holder.state().failure is None


def test_invalid_file_keeps_the_previous_data_and_records_why(data_file, reference):
    clock = FakeClock()
    calls = []

    def counting_loader(path, ref):
        calls.append(path)
        return load_dataset(path, ref)

    holder = holder_for(data_file, reference, clock, counting_loader)
    before = holder.current()
    write(data_file, INVALID)
    clock.now += 10
    holder.refresh_if_changed()
    state = holder.state()
    assert state.dataset is before
    problem = state.failure.error.problems[0]
    assert (problem.line, problem.column) == (4, "amount_eur") and "montant négatif" in problem.message
    clock.now += 10
    holder.refresh_if_changed()
    assert len(calls) == 1  # the same bad file is not parsed again

    write(data_file, THREE_SITES)  # corrected: served, error gone
    clock.now += 10
    holder.refresh_if_changed()
    assert len(holder.current().sites) == 3 and holder.state().failure is None


def test_vanished_file_keeps_the_previous_data(data_file, reference):
    clock = FakeClock()
    holder = holder_for(data_file, reference, clock)
    data_file.unlink()
    clock.now += 10
    holder.refresh_if_changed()
    assert len(holder.current().sites) == 2
    assert "fichier introuvable" in str(holder.state().failure.error)


def test_file_still_being_written_is_left_for_later(data_file, reference):
    clock = FakeClock()
    holder = holder_for(data_file, reference, clock)
    publish_bytes(data_file, csv_bytes(THREE_SITES))  # modified just now
    clock.now += 10
    holder.refresh_if_changed()
    assert len(holder.current().sites) == 2 and holder.state().failure is None
    past = time.time() - 30
    os.utime(data_file, (past, past))
    clock.now += 10
    holder.refresh_if_changed()
    assert len(holder.current().sites) == 3


def test_file_replaced_while_read_is_retried_silently(data_file, reference):
    clock = FakeClock()
    attempts = []

    def racing_loader(path, ref):
        attempts.append(path)
        if len(attempts) == 1:
            raise FileChangedWhileReading(path, [])
        return load_dataset(path, ref)

    holder = holder_for(data_file, reference, clock, racing_loader)
    write(data_file, THREE_SITES)
    clock.now += 10
    holder.refresh_if_changed()
    assert holder.state().failure is None and len(holder.current().sites) == 2
    clock.now += 10
    holder.refresh_if_changed()
    assert len(holder.current().sites) == 3


def test_same_content_keeps_the_dataset_in_service(data_file, reference):
    clock = FakeClock()
    holder = holder_for(data_file, reference, clock)
    before = holder.current()
    write(data_file, TWO_SITES)  # same bytes, new date
    clock.now += 10
    holder.refresh_if_changed()
    assert holder.current().version == before.version
    assert holder.current().loaded_at == before.loaded_at


def test_datasets_built_in_memory_are_not_watched(small_dataset):
    assert not DatasetHolder(small_dataset, check_every=10).watching


# --- through the app -----------------------------------------------------------------


def instant_settings(path) -> Settings:
    # Look at the file before every request (a real server looks every few seconds).
    return Settings(data_file=path, reload_check_seconds=1e-9)


def summary(app, client) -> str:
    response = post_callback(client, app, ids.SELECTION_SUMMARY, {ids.VIEW: {}})
    return response_of(response)[ids.SELECTION_SUMMARY]["children"]


def status_callback(app, client, page_version: str) -> dict:
    output = next(key for key in app.callback_map if ids.DATA_ALERT in key)
    body = {
        "output": output,
        "outputs": [o.to_dict() for o in app.callback_map[output]["output"]],
        "inputs": [{"id": ids.STATUS_INTERVAL, "property": "n_intervals", "value": 1}],
        "state": [{"id": ids.DATA_VERSION, "property": "data", "value": page_version}],
        "changedPropIds": [],
    }
    response = client.post(CALLBACK_ROUTE, json=body)
    assert response.status_code == 200
    return json.loads(response.data)["response"][ids.DATA_ALERT]


def test_valid_replacement_changes_the_kpis(data_file, reference):
    app = create_app(load_dataset(data_file, reference), instant_settings(data_file))
    client = app.server.test_client()
    assert " : 2\u00a0lauréats" in summary(app, client)
    old_version = client.get(STATUS_ROUTE).get_json()["version"]
    write(data_file, THREE_SITES)
    wait_for(lambda: " : 3\u00a0lauréats" in summary(app, client))
    status = client.get(STATUS_ROUTE).get_json()
    assert status["lignes"] == 3 and status["version"] != old_version and status["rechargement_refuse"] is None
    # A page built on the old data is told to reload.
    banner = status_callback(app, client, old_version)
    assert banner["is_open"] and banner["color"] == "info"
    assert "rechargez la page" in json.dumps(banner["children"], ensure_ascii=False)
    assert not status_callback(app, client, status["version"])["is_open"]


def test_invalid_replacement_keeps_the_old_values_and_shows_the_banner(data_file, reference):
    app = create_app(load_dataset(data_file, reference), instant_settings(data_file))
    client = app.server.test_client()
    version = client.get(STATUS_ROUTE).get_json()["version"]
    write(data_file, INVALID)
    wait_for(lambda: client.get(STATUS_ROUTE).get_json()["rechargement_refuse"])
    assert " : 2\u00a0lauréats" in summary(app, client)  # old data still served
    expected = "ligne 4, colonne « amount_eur » : montant négatif (-5)"
    banner = status_callback(app, client, version)
    text = json.dumps(banner["children"], ensure_ascii=False)
    assert banner["is_open"] and banner["color"] == "danger"
    assert "« fabriques.csv » a été refusé" in text and expected in text
    assert str(data_file.parent) not in text  # the file's name, not its folder
    layout = json.dumps(client.get("/_dash-layout").get_json(), ensure_ascii=False)
    assert expected in layout  # a page opened now shows it too
    refused = client.get(STATUS_ROUTE).get_json()["rechargement_refuse"]
    assert refused["fichier"] == "fabriques.csv" and expected in refused["problemes"]


def test_two_workers_converge_on_the_new_file(data_file, reference):
    """Two apps stand for two gunicorn workers: separate holders, one file."""
    workers = [create_app(load_dataset(data_file, reference), instant_settings(data_file)) for _ in range(2)]
    clients = [worker.server.test_client() for worker in workers]
    for client in clients:
        client.get(STATUS_ROUTE)  # starts each worker's watching thread
    write(data_file, INVALID)
    wait_for(lambda: all(client.get(STATUS_ROUTE).get_json()["rechargement_refuse"] for client in clients))
    refused = [client.get(STATUS_ROUTE).get_json() for client in clients]
    assert all(r["lignes"] == 2 and r["rechargement_refuse"] for r in refused)
    write(data_file, THREE_SITES)
    wait_for(lambda: all(client.get(STATUS_ROUTE).get_json()["lignes"] == 3 for client in clients))
    served = [client.get(STATUS_ROUTE).get_json() for client in clients]
    assert served[0]["version"] == served[1]["version"] == load_dataset(data_file, reference).version
    assert all(s["lignes"] == 3 and s["rechargement_refuse"] is None for s in served)
    assert all(" : 3\u00a0lauréats" in summary(worker, client) for worker, client in zip(workers, clients, strict=True))


def test_forged_page_version_shows_no_banner(data_file, reference):
    holder = holder_for(data_file, reference)
    children, color, is_open = update_data_status(holder.state(), "not a version")
    assert (children, is_open) == ([], False)
