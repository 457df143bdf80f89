"""The apps the benchmarks serve besides the product's build and answer (the baseline broke
once unnoticed when the layout's signature changed: ``scripts/benchmark.sh`` then failed)."""

import importlib
import sys

import pytest

from dashboard.web.config import DEFAULT_DATA_FILE


@pytest.mark.parametrize("module", ["benchmarks.baseline_app", "benchmarks.dev_bundles_app"])
def test_benchmark_app_serves_the_page_and_the_boundaries(module, monkeypatch):
    monkeypatch.setenv("FABRIQUES_DATA", str(DEFAULT_DATA_FILE))
    monkeypatch.delitem(sys.modules, module, raising=False)
    client = importlib.import_module(module).server.test_client()
    assert client.get("/").status_code == 200
    assert client.get("/geo/departements-france.geojson").status_code == 200
