"""The compact storage of sites keeps every value, and the cube keeps every total."""

import pandas as pd
import pytest

from benchmarks.synthetic import write_synthetic_csv
from dashboard.analysis import compute, targets
from dashboard.data.compact import PER_ROW_TEXT_COLUMNS, compact_sites
from dashboard.data.loader import load_dataset, read_table, validate
from dashboard.web.config import DEFAULT_DATA_FILE


@pytest.fixture(scope="module")
def raw_shipped_sites(reference) -> pd.DataFrame:
    return validate(read_table(DEFAULT_DATA_FILE), reference, DEFAULT_DATA_FILE)


def test_the_loaded_sites_hold_the_same_values_as_the_file(raw_shipped_sites, shipped_dataset):
    pd.testing.assert_frame_equal(shipped_dataset.sites.astype(object), raw_shipped_sites.astype(object))


def test_repetitive_text_is_categorical_per_row_text_is_not(shipped_dataset):
    sites = shipped_dataset.sites
    for column in sites.columns:
        if column in PER_ROW_TEXT_COLUMNS or column == "name":  # the shipped names are unique
            assert pd.api.types.is_string_dtype(sites[column]), column
        elif column == "type":
            assert isinstance(sites[column].dtype, pd.CategoricalDtype), column


def test_a_column_is_categorical_when_its_values_repeat():
    frame = pd.DataFrame({"id": list("abcde"), "name": ["x", "x", "x", "x", "y"], "notes": list("12345")}, dtype="str")
    compact = compact_sites(frame)
    assert isinstance(compact["name"].dtype, pd.CategoricalDtype)
    assert pd.api.types.is_string_dtype(compact["id"]) and pd.api.types.is_string_dtype(compact["notes"])


def test_filters_select_the_same_sites(raw_shipped_sites, shipped_dataset):
    for waves, regions in [(["1"], []), ([], ["44"]), (["2-4", "2023"], ["11", "93"])]:
        compact = compute.filter_sites(shipped_dataset.sites, waves, regions)
        raw = compute.filter_sites(raw_shipped_sites, waves, regions)
        assert compact["id"].tolist() == raw["id"].tolist()
    assert len(shipped_dataset.sites.query("wave == '1' and region_code == '44'")) == len(
        raw_shipped_sites.query("wave == '1' and region_code == '44'")
    )


@pytest.fixture(scope="module")
def synthetic_dataset(tmp_path_factory, reference):
    path = write_synthetic_csv(tmp_path_factory.mktemp("synthetic") / "synthetic.csv", rows=20_000, seed=7)
    return load_dataset(path, reference), validate(read_table(path), reference, path)


def test_cube_totals_equal_the_raw_rows_on_a_dense_synthetic_file(synthetic_dataset):
    dataset, raw = synthetic_dataset
    cube = dataset.cube
    assert cube["laureats"].sum() == len(raw) == 20_000
    assert cube["amount_eur"].sum() == pytest.approx(raw["amount_eur"].sum())
    assert cube["amount_unknown"].sum() == raw["amount_eur"].isna().sum()
    for keys in (["wave", "type"], ["region_code", "territory"], ["departement_code"]):
        from_rows = raw.groupby(keys)["amount_eur"].agg(["size", "sum"])
        from_cube = cube.groupby(keys).agg(size=("laureats", "sum"), sum=("amount_eur", "sum"))
        pd.testing.assert_frame_equal(from_rows, from_cube, check_dtype=False)
    selection = compute.filter_cube(cube, waves=["5", "8"], regions=["44", "53"])
    rows = compute.filter_sites(raw, waves=["5", "8"], regions=["44", "53"])
    assert selection["laureats"].sum() == len(rows)
    assert targets.kpis(selection, dataset.reference.departements)["qpv"] == (rows["territory"] == "QPV").sum()


def test_compact_storage_is_smaller_and_equal(synthetic_dataset):
    dataset, raw = synthetic_dataset
    assert dataset.sites.memory_usage(deep=True).sum() < raw.memory_usage(deep=True).sum() / 2
    pd.testing.assert_frame_equal(dataset.sites.astype(object), compact_sites(raw).astype(object))
    pd.testing.assert_frame_equal(dataset.sites.astype(object), raw.astype(object))
