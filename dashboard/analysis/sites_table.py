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
    """Rows where any searched column contains ``text`` (case-insensitive; a missing value
    contains nothing)."""
    return sites[search_mask(sites, text)] if text.strip() else sites


def search_mask(sites: pd.DataFrame, text: str) -> np.ndarray:
    """Which rows any searched column contains ``text`` in (every row for an empty text)."""
    needle = text.strip().casefold()
    if not needle:
        return np.ones(len(sites), dtype=bool)
    mask = np.zeros(len(sites), dtype=bool)
    for column in SEARCHED_COLUMNS:
        mask |= _contains(sites[column], needle)
    return mask


def _contains(values: pd.Series, needle: str) -> np.ndarray:
    if isinstance(values.dtype, pd.CategoricalDtype):
        # Each category is tested once (a large file's communes, types, QPVs repeat): a
        # million rows cost what their few thousand distinct values do.
        hits = [needle in str(category).casefold() for category in values.cat.categories]
        return np.array([*hits, False])[values.cat.codes.to_numpy()]  # code -1 (missing): the last, False
    return np.fromiter(
        (isinstance(value, str) and needle in value.casefold() for value in values.to_numpy(dtype=object)),
        dtype=bool,
        count=len(values),
    )


def sort_sites(sites: pd.DataFrame, column: str | None, ascending: bool = True) -> pd.DataFrame:
    """Sorted by ``column``: text case-insensitively, missing values last, ties in the
    dataset's own order (also the order without a sortable column)."""
    if column not in SORTABLE_COLUMNS:
        return sites if ascending else sites.iloc[::-1]
    return sites.iloc[sort_order(sites[column], ascending)]


def sort_order(values: pd.Series, ascending: bool = True) -> np.ndarray:
    """The positions of ``values`` in sorted order (stable, missing values last)."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        # The categories are ranked once; the rows are then sorted by integer rank.
        labels = [str(category).casefold() for category in values.cat.categories]
        rank_of_label = {label: rank for rank, label in enumerate(sorted(set(labels)))}  # "Brest" = "brest"
        # One more rank at the end for code -1 (missing), which indexes it.
        rank_of_category = np.array([*(rank_of_label[label] for label in labels), 0], dtype=np.int64)
        codes = values.cat.codes.to_numpy()
        missing = codes < 0
        keys = rank_of_category[codes]
    elif pd.api.types.is_numeric_dtype(values):
        keys = values.to_numpy(dtype=float, na_value=np.nan)
        missing = np.isnan(keys)
    else:
        return _text_order(values, ascending)
    present = np.flatnonzero(~missing)
    present_keys = keys[present] if ascending else -keys[present]
    return np.concatenate([present[np.argsort(present_keys, kind="stable")], np.flatnonzero(missing)])


def _text_order(values: pd.Series, ascending: bool) -> np.ndarray:
    texts = values.to_numpy(dtype=object)
    folded = [value.casefold() if isinstance(value, str) else "" for value in texts]
    absent = [position for position, value in enumerate(texts) if not isinstance(value, str)]
    present = (
        [position for position, value in enumerate(texts) if isinstance(value, str)] if absent else range(len(texts))
    )
    ordered = sorted(present, key=folded.__getitem__, reverse=not ascending)  # stable either way
    return np.array(ordered + absent, dtype=np.int64)


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
    """One page of the sites table: (rows, total, page, pages). The search and the sort
    work on row positions and the columns they read; only the page's rows are copied, so
    a page of a million-row selection costs what a page of ten does, plus its search and
    sort (docs/performance.md)."""
    positions = np.flatnonzero(mask)
    if search.strip():
        positions = positions[search_mask(sites[list(SEARCHED_COLUMNS)].iloc[positions], search)]
    if sort_column in SORTABLE_COLUMNS:
        positions = positions[sort_order(sites[sort_column].iloc[positions], ascending)]
    elif not ascending:
        positions = positions[::-1]
    rows_slice, page, pages = page_bounds(len(positions), page, page_size)
    return sites.iloc[positions[rows_slice]], len(positions), page, pages
