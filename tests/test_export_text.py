"""Every export writes any text the app can hold (issue 12, item 4): a search term or a
cell with control characters or a lone surrogate gives a file, not a 500."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest

from dashboard.blocks import BLOCKS_BY_KEY
from dashboard.data.dataset import Dataset
from dashboard.presentation import ids
from dashboard.presentation.exports import ExportRequest, build_export
from dashboard.web.callbacks import download
from tests.blocks.helpers import view
from tests.conftest import make_dataset, site

SITES = BLOCKS_BY_KEY["sites"]


def sites_file(dataset, file_format: str, search: str = ""):
    frame = SITES.export_frame(dataset, view(), search=search)
    request = ExportRequest(SITES.title, SITES.file_stem, file_format, view(), search=search)
    return build_export(dataset, frame, request, date(2026, 12, 1))


NASTY = ["\x01", "\x0b", "\x00", "\x1f", "\ud800", "a\x0bb\x0cc"]


@pytest.mark.parametrize("text", NASTY, ids=repr)
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_search_term_with_control_characters_is_exported(small_dataset, text, file_format):
    export = sites_file(small_dataset, file_format, search=text)
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
        export = sites_file(dataset, file_format)
        assert export.content
    book = openpyxl.load_workbook(io.BytesIO(export.content))
    names = [row[1].value for row in book["Données"].iter_rows(min_row=2)]
    assert "Fabrique\ufffddu\ufffdport\ufffd" in names


def test_the_download_callback_answers_with_a_file(small_dataset):
    result = download(small_dataset, ids.download_button("sites", "xlsx"), 1, None, {"sites": {"search": "\x0b\x01"}})
    assert result is not None
