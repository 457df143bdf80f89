"""Every export writes any text the app can hold (issue 12, item 4): a search term or a
cell with control characters or a lone surrogate gives a file, not a 500."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest

from dashboard.analysis.navigation import GeoState
from dashboard.data.dataset import Dataset
from dashboard.presentation.exports import ExportRequest, build_export
from dashboard.web.callbacks import download
from tests.conftest import make_dataset, site

NASTY = ["\x01", "\x0b", "\x00", "\x1f", "\ud800", "a\x0bb\x0cc"]


@pytest.mark.parametrize("text", NASTY, ids=repr)
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_search_term_with_control_characters_is_exported(small_dataset, text, file_format):
    request = ExportRequest("sites", file_format, (), GeoState(), search=text)
    export = build_export(small_dataset, request, date(2026, 12, 1))
    if file_format == "xlsx":
        book = openpyxl.load_workbook(io.BytesIO(export.content))
        about = {row[0].value: row[1].value for row in book["À propos"].iter_rows()}
        assert "\ufffd" in about["Recherche"]


def test_cells_with_control_characters_are_exported(reference):
    """A dataset built in memory can hold what the loader refuses: exports still work."""
    valid = make_dataset([site("t-1"), site("t-2")], reference)
    sites = valid.sites.astype({"name": str}).copy()
    sites.loc[0, "name"] = "Fabrique\x0bdu\x01port\ud800"
    dataset = Dataset.from_sites(sites, reference, "test.csv")
    for file_format in ("csv", "xlsx"):
        export = build_export(dataset, ExportRequest("sites", file_format, (), GeoState()), date(2026, 12, 1))
        assert export.content
    book = openpyxl.load_workbook(io.BytesIO(export.content))
    names = [row[1].value for row in book["Données"].iter_rows(min_row=2)]
    assert "Fabrique\ufffddu\ufffdport\ufffd" in names


def test_the_download_callback_answers_with_a_file(small_dataset):
    trigger = {"type": "download-button", "target": "sites", "format": "xlsx"}
    result = download(small_dataset, trigger, 1, [], [], None, None, "\x0b\x01", None)
    assert result is not None
