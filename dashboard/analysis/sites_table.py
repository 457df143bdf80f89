"""The sites table's search, sort and paging: which rows of the selection one page shows.

Pure pandas on the site rows (``compute`` works on the cube): a text search over a few
columns, a stable sort on an allowed column, and the slice of one page, so that the
sites block only draws the rows it is given. Apart because it is the only computation
that reads site rows at every interaction, and its cost must stay that of one page.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

SEARCHED_COLUMNS = ("name", "porteur", "commune", "departement", "qpv_name", "id")
SORTABLE_COLUMNS = ("name", "commune", "wave_order", "type", "territory", "qpv_name", "amount_eur")


def search_sites(sites: pd.DataFrame, text: str) -> pd.DataFrame:
    """Rows where any searched column contains ``text`` (case-insensitive)."""
    text = text.strip()
    if not text:
        return sites
    mask = pd.Series(False, index=sites.index)
    for column in SEARCHED_COLUMNS:
        mask |= sites[column].astype(str).str.contains(text, case=False, regex=False)
    return sites[mask]


def sort_sites(sites: pd.DataFrame, column: str | None, ascending: bool = True) -> pd.DataFrame:
    """Sorted by ``column`` (ties and the default: the dataset's own order)."""
    if column not in SORTABLE_COLUMNS:
        return sites if ascending else sites.iloc[::-1]
    key = sites[column]
    if key.dtype == object or str(key.dtype) in {"str", "string", "category"}:
        key = key.astype(str).str.lower()
    order = key.reset_index(drop=True).sort_values(ascending=ascending, kind="stable").index
    return sites.iloc[order]


def page_bounds(total: int, page: int, page_size: int) -> tuple[slice, int, int]:
    """The slice of page ``page`` (1-based, clamped) of ``total`` rows, the page and the
    page count."""
    pages = max(1, -(-total // page_size))
    page = min(max(1, page), pages)
    return slice((page - 1) * page_size, page * page_size), page, pages


def page_of(rows: pd.DataFrame, page: int, page_size: int) -> tuple[pd.DataFrame, int, int]:
    """Rows of page ``page`` (1-based, clamped), the page and the page count."""
    rows_slice, page, pages = page_bounds(len(rows), page, page_size)
    return rows.iloc[rows_slice], page, pages


def table_page(
    sites: pd.DataFrame,
    mask: np.ndarray,
    search: str,
    sort_column: str | None,
    ascending: bool,
    page: int,
    page_size: int,
) -> tuple[pd.DataFrame, int, int, int]:
    """One page of the sites table: (rows, total, page, pages). Without a search or a
    sort only the page's rows are copied, so a page of a million-row selection costs
    what a page of ten does."""
    if search.strip() or sort_column in SORTABLE_COLUMNS or not ascending:
        rows = sort_sites(search_sites(sites[mask], search), sort_column, ascending)
        page_rows, page, pages = page_of(rows, page, page_size)
        return page_rows, len(rows), page, pages
    positions = np.flatnonzero(mask)
    rows_slice, page, pages = page_bounds(len(positions), page, page_size)
    return sites.iloc[positions[rows_slice]], len(positions), page, pages
