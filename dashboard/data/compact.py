"""Keep a large dataset small in memory.

Every gunicorn worker holds the dataset in service. Read as text, each cell of a
1,000,000-row file is a Python string: about 1.2 GB for the 32 columns, most of them
repeating a handful of values (types, territories, codes, names of départements,
provenance). Stored as pandas categoricals, those columns take one or two bytes a row
(values unchanged: ``==``, ``isin``, ``query``, ``groupby``, ``to_csv`` work as before;
``.astype(str)`` first for string arithmetic). Only the columns that are unique to each
row stay text.

Parsing also leaves most of its transient memory with the C allocator, which keeps it:
``return_freed_memory`` hands it back to the operating system once loading is done.
"""

from __future__ import annotations

import ctypes
import gc

import pandas as pd

PER_ROW_TEXT_COLUMNS = frozenset({"id"})  # unique by validation
# A text column with fewer distinct values than this share of its rows is stored as a
# categorical (the name of a site usually is unique, but not in every file).
REPETITIVE_SHARE = 0.5


def compact_sites(sites: pd.DataFrame) -> pd.DataFrame:
    """The same rows and values, with every repetitive text column as a categorical."""
    repetitive = {
        column: "category"
        for column in sites.columns
        if column not in PER_ROW_TEXT_COLUMNS
        and pd.api.types.is_string_dtype(sites[column])
        and sites[column].nunique() < REPETITIVE_SHARE * max(len(sites), 1)
    }
    return sites.astype(repetitive)


def return_freed_memory() -> None:
    """Give the memory freed by parsing back to the OS (glibc only; elsewhere a no-op)."""
    gc.collect()
    malloc_trim = getattr(ctypes.CDLL(None), "malloc_trim", None)
    if malloc_trim is not None:
        malloc_trim(0)
