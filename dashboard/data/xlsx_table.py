"""XLSX workbooks into a frame of strings: the data sheet chosen, the header checked.

Parsed with calamine (python-calamine, Rust): a 150,000-row, 31 MB workbook takes ~15 s
where pandas with openpyxl took ~100 s. openpyxl is only used on the failure path, to name
merged header cells.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime
from itertools import islice
from pathlib import Path
from typing import Any

import pandas as pd
from python_calamine import CalamineWorkbook

from dashboard.data import headers
from dashboard.data.csv_table import drop_blank_rows
from dashboard.data.errors import DatasetError, refuse

# Excel turns "2020-07-15" into a date cell, which pandas reads back with a time.
EXCEL_MIDNIGHT = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T]00:00:00$")
# The XML inside a workbook is ~5-10 times its compressed size; far more is a "zip bomb".
MAX_EXPANSION = 30


def _check_expanded_size(raw: bytes, path: Path, max_bytes: int) -> None:
    """Refuse, before parsing, a workbook whose sheets expand beyond the size budget."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # the parser names the damage
    if expanded > max_bytes * MAX_EXPANSION:
        raise refuse(
            path,
            f"classeur trop volumineux une fois décompressé ({expanded / 2**20:.0f} Mo, maximum "
            f"{max_bytes * MAX_EXPANSION / 2**20:.0f} Mo) : enregistrez-le en CSV ou allégez-le",
        )


def _choose_sheet(sheets: dict[str, pd.DataFrame], path: Path) -> str:
    """The sheet named like the dataset, else the only one with the required columns,
    else the first (whose missing columns the validation then names)."""
    named = [n for n in sheets if headers.simplify(str(n)) in {"fabriques", "donnees"}]
    if named:
        return named[0]
    complete = [
        n
        for n, frame in sheets.items()
        if {headers.canonical_column(str(c)) for c in frame} >= headers.REQUIRED_COLUMNS
    ]
    if len(complete) > 1:
        raise refuse(
            path,
            f"plusieurs feuilles contiennent les colonnes attendues ({', '.join(f'« {n} »' for n in complete)}) : "
            "renommez « fabriques » celle à charger",
        )
    return complete[0] if complete else next(iter(sheets))


def _merged_header_cells(raw: bytes, sheet: str) -> list[str]:
    """Merged cell ranges touching row 1 (openpyxl; only called when the header has holes)."""
    import openpyxl  # read on the failure path only: it parses the whole workbook again

    try:
        worksheet = openpyxl.load_workbook(io.BytesIO(raw), read_only=False)[sheet]
    except Exception:  # noqa: BLE001 - a hint, not a requirement: pandas already read the file
        return []
    return [str(cells) for cells in worksheet.merged_cells.ranges if cells.min_row == 1]


def _cell_text(value: object) -> str:
    """A cell as pandas' ``read_excel(dtype=str)`` would give it: 67482.0 -> "67482",
    a date -> "2020-07-15 00:00:00", an empty cell -> ""."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, date) and not isinstance(value, datetime):
        return str(datetime(value.year, value.month, value.day))
    return str(value)


def _frame(rows: list[list[Any]]) -> pd.DataFrame:
    """Row 1 is the header (empty cells named "Unnamed: n", repeated names "id.1" as pandas does)."""
    width = max((len(row) for row in rows), default=0)
    header: list[str] = []
    for number, cell in enumerate([*rows[0], *[None] * width][:width] if rows else []):
        name = _cell_text(cell).strip() or f"Unnamed: {number}"
        repeated = sum(1 for seen in header if seen == name or re.fullmatch(re.escape(name) + r"\.\d+", seen))
        header.append(f"{name}.{repeated}" if repeated else name)
    body = [
        [cell if type(cell) is str else _cell_text(cell) for cell in row] + [""] * (width - len(row))
        for row in rows[1:]
    ]
    return pd.DataFrame(body, columns=header, dtype=str) if body else pd.DataFrame(columns=header, dtype=str)


def _read_sheets(raw: bytes, path: Path) -> dict[str, pd.DataFrame]:
    """Every sheet's header; only the data sheet is read whole (calamine, called directly:
    pandas' read_excel converts cell by cell in Python and doubles the time)."""
    if b"mimetypeapplication/vnd.oasis.opendocument" in raw[:200]:
        raise refuse(path, "classeur OpenDocument (.ods) non pris en charge : enregistrez-le au format .xlsx ou CSV")
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(raw))
        # Each sheet is parsed once (the costly step); its rows are then cheap to iterate.
        sheets = {name: workbook.get_sheet_by_name(name) for name in workbook.sheet_names}
        if not sheets:
            raise refuse(path, "le classeur ne contient aucune feuille")
        headers_only = {name: _frame(list(islice(sheet.iter_rows(), 1))) for name, sheet in sheets.items()}
        name = _choose_sheet(headers_only, path)
        return {name: _frame(list(sheets[name].iter_rows()))}
    except DatasetError:
        raise
    except Exception as error:  # noqa: BLE001 - a damaged workbook raises many kinds
        kind = "BadZipFile" if not zipfile.is_zipfile(io.BytesIO(raw)) else type(error).__name__
        raise refuse(
            path,
            f"classeur XLSX illisible ou endommagé ({kind}) : rouvrez-le dans Excel ou LibreOffice et "
            "enregistrez-le à nouveau",
        ) from None


def _check_header_cells(frame: pd.DataFrame, raw: bytes, name: str, path: Path) -> None:
    where = f"feuille « {name} »"
    unnamed = [str(c) for c in frame.columns if str(c).startswith("Unnamed:")]
    if not unnamed:
        return
    merged = _merged_header_cells(raw, name)
    if merged:
        raise refuse(
            path,
            f"{where} : cellules fusionnées dans l'en-tête ({', '.join(merged)}) ; l'en-tête doit tenir sur la "
            "ligne 1, une colonne par cellule : défusionnez ces cellules ou supprimez la ligne de titre",
            line=1,
        )
    if len(unnamed) == len(frame.columns):
        raise refuse(path, f"{where} : la ligne 1 ne contient pas d'en-têtes", line=1)


def read_xlsx(raw: bytes, path: Path, max_bytes: int) -> pd.DataFrame:
    _check_expanded_size(raw, path, max_bytes)
    ((name, frame),) = _read_sheets(raw, path).items()
    _check_header_cells(frame, raw, name, path)
    # pandas renames a repeated header "id" to "id.1": give it back its name to report it.
    frame.columns = [
        c.split(".")[0] if re.fullmatch(r".+\.\d+", str(c)) and str(c).split(".")[0] in frame.columns else c
        for c in frame.columns
    ]
    headers.check_no_duplicates(
        (str(c).strip() for c in frame.columns if not str(c).startswith("Unnamed:")),
        path,
        "colonne en double dans l'en-tête",
        where=f"feuille « {name} » : ",
    )
    frame = frame.astype(str)
    # Date cells come back with a time of day; keep the date the manager typed.
    for column in frame.columns:
        if headers.canonical_column(str(column)) == "wave_announced":
            frame[column] = frame[column].str.replace(EXCEL_MIDNIGHT, r"\1", regex=True)
    return drop_blank_rows(frame)
