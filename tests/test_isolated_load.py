"""Loading in a child process: the same dataset and errors as in-process, a time budget,
and a child that never outlives its parent (issue 12, item 1)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time

import pandas as pd
import pytest

from dashboard.data import isolated_load
from dashboard.data.isolated_load import load_in_child
from dashboard.data.limits import LoadLimits
from dashboard.data.loader import DatasetError, load_dataset
from dashboard.web.config import DEFAULT_DATA_FILE
from tests.conftest import ROOT
from tests.processes import children_of, is_alive, wait_until


def assert_same_dataset(left, right):
    pd.testing.assert_frame_equal(left.sites, right.sites)
    pd.testing.assert_frame_equal(left.cube, right.cube)
    assert left.source == right.source and left.version == right.version


def test_a_file_loads_in_a_child_and_comes_back_equal(reference, monkeypatch):
    pids = []
    real_load = isolated_load.load_dataset

    def spy(*args, **kwargs):
        pids.append(os.getpid())
        return real_load(*args, **kwargs)

    monkeypatch.setattr(isolated_load, "load_dataset", spy)
    dataset = load_in_child(DEFAULT_DATA_FILE, reference, LoadLimits())
    assert_same_dataset(dataset, load_dataset(DEFAULT_DATA_FILE, reference))
    assert pids == []  # the spy ran in the child, whose list is not this one


def test_the_child_reports_validation_errors_in_french(tmp_path, reference):
    path = tmp_path / "bad.csv"
    path.write_text(
        "id,name,commune,commune_code,departement_code,wave,type,territory,amount_eur\n"
        "a,A,Strasbourg,67482,67,1,numérique,QPV,-5\n",
        encoding="utf-8",
    )
    with pytest.raises(DatasetError) as in_child:
        load_in_child(path, reference, LoadLimits())
    with pytest.raises(DatasetError) as in_process:
        load_dataset(path, reference)
    assert str(in_child.value) == str(in_process.value)
    assert "montant négatif" in str(in_child.value)
    assert in_child.value.signature == in_process.value.signature is not None


def test_a_missing_file_is_reported_as_by_the_loader(tmp_path, reference):
    with pytest.raises(DatasetError, match="fichier introuvable"):
        load_in_child(tmp_path / "absent.csv", reference, LoadLimits())


def test_if_the_child_dies_the_file_is_refused_not_loaded_in_the_worker(reference, monkeypatch):
    monkeypatch.setattr(isolated_load, "load_dataset", lambda *args, **kwargs: os._exit(3))
    with pytest.raises(DatasetError, match="le chargement s'est interrompu"):
        load_in_child(DEFAULT_DATA_FILE, reference, LoadLimits())


def test_a_load_over_its_time_budget_is_stopped_and_refused(reference, monkeypatch):
    monkeypatch.setattr(isolated_load, "load_dataset", lambda *args, **kwargs: time.sleep(60))
    began = time.monotonic()
    with pytest.raises(DatasetError) as caught:
        load_in_child(DEFAULT_DATA_FILE, reference, LoadLimits(timeout_seconds=0.5))
    assert time.monotonic() - began < 5
    assert "lecture trop longue : abandonnée après 0.5 s (réglable par FABRIQUES_LOAD_TIMEOUT_SECONDS)" in str(
        caught.value
    )
    assert children_of(os.getpid()) == []  # killed, not left running


PARENT = textwrap.dedent(
    """
    import sys, threading, time
    sys.path.insert(0, {root!r})
    from dashboard.data import isolated_load
    from dashboard.data.limits import LoadLimits
    from dashboard.data.reference import load_reference

    isolated_load.load_dataset = lambda *args, **kwargs: time.sleep(600)  # a parse that never ends
    reference = load_reference()

    def load():  # as in a worker: the watching thread forks the loader
        try:
            isolated_load.load_in_child({path!r}, reference, LoadLimits(timeout_seconds=600))
        except Exception:
            pass

    threading.Thread(target=load, daemon=True).start()
    print("ready", flush=True)
    time.sleep(600)
    """
)


@pytest.mark.parametrize("signal_number", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_the_loader_dies_with_its_parent(signal_number):
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT.format(root=str(ROOT), path=str(DEFAULT_DATA_FILE))],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert parent.stdout is not None and parent.stdout.readline().strip() == "ready"
        assert wait_until(lambda: children_of(parent.pid), timeout=10)
        (loader,) = children_of(parent.pid)
        parent.send_signal(signal_number)
        parent.wait(timeout=10)
        assert wait_until(lambda: not is_alive(loader), timeout=5), f"loader {loader} outlived its parent"
    finally:
        parent.kill()
        parent.wait()


def test_loads_of_one_file_on_one_machine_happen_one_at_a_time(tmp_path):
    """The workers of an instance parse a new file in turn: its memory is needed once."""
    path = tmp_path / "fabriques.csv"
    events = []

    def load(name):
        with isolated_load.one_load_at_a_time(path):
            events.append(f"{name} starts")
            time.sleep(0.3)
            events.append(f"{name} ends")

    threads = [threading.Thread(target=load, args=(name,)) for name in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert events[0].endswith("starts") and events[1].endswith("ends")  # never interleaved
    assert events[2].endswith("starts") and events[3].endswith("ends")
    with isolated_load.one_load_at_a_time(tmp_path / "other.csv"), isolated_load.one_load_at_a_time(path):
        pass  # another file's lock does not wait for this one
