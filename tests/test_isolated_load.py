"""Loading in a child process gives the same dataset, and the same errors, as in-process."""

import os

import pandas as pd
import pytest

from dashboard.data import isolated_load
from dashboard.data.isolated_load import load_dataset_isolated
from dashboard.data.loader import DatasetError, load_dataset
from dashboard.web.config import DEFAULT_DATA_FILE


def assert_same_dataset(left, right):
    pd.testing.assert_frame_equal(left.sites, right.sites)
    pd.testing.assert_frame_equal(left.cube, right.cube)
    assert left.source == right.source


def test_a_large_file_loads_in_a_child_and_comes_back_equal(reference, monkeypatch):
    children = []
    real_load = isolated_load.load_dataset

    def spy(path, ref):
        children.append(os.getpid())
        return real_load(path, ref)

    monkeypatch.setattr(isolated_load, "load_dataset", spy)
    dataset = load_dataset_isolated(DEFAULT_DATA_FILE, reference, isolate_above_bytes=0)
    assert_same_dataset(dataset, load_dataset(DEFAULT_DATA_FILE, reference))
    assert children == []  # the spy ran in the child, whose list is not this one


def test_a_small_file_loads_in_process(reference, monkeypatch):
    calls = []
    monkeypatch.setattr(isolated_load, "load_dataset", lambda path, ref: calls.append(path) or "loaded")
    assert load_dataset_isolated(DEFAULT_DATA_FILE, reference) == "loaded"
    assert calls == [DEFAULT_DATA_FILE]


def test_the_child_reports_validation_errors_in_french(tmp_path, reference):
    path = tmp_path / "bad.csv"
    path.write_text(
        "id,name,commune,commune_code,departement_code,wave,type,territory,amount_eur\n"
        "a,A,Strasbourg,67482,67,1,numérique,QPV,-5\n",
        encoding="utf-8",
    )
    with pytest.raises(DatasetError) as in_child:
        load_dataset_isolated(path, reference, isolate_above_bytes=0)
    with pytest.raises(DatasetError) as in_process:
        load_dataset(path, reference)
    assert str(in_child.value) == str(in_process.value)
    assert "montant négatif" in str(in_child.value)


def test_a_missing_file_is_reported_as_by_the_loader(tmp_path, reference):
    with pytest.raises(DatasetError, match="fichier introuvable"):
        load_dataset_isolated(tmp_path / "absent.csv", reference, isolate_above_bytes=0)


def test_if_the_child_dies_the_file_is_loaded_in_process(reference, monkeypatch):
    monkeypatch.setattr(isolated_load, "_load_and_send", lambda sender, path, ref: os._exit(3))
    dataset = load_dataset_isolated(DEFAULT_DATA_FILE, reference, isolate_above_bytes=0)
    assert len(dataset.sites) == 382
