"""CSV text (already decoded) into a frame of strings, with the file's line numbers kept.

Excel and LibreOffice write ``,`` or ``;`` (tab for "Texte Unicode"), quote what needs it,
and end lines with CRLF; old Mac files and some cells pasted from other programs hold
bare CRs. Every structural mistake is refused with the line where it starts.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd

from dashboard.data import headers
from dashboard.data.errors import FIRST_DATA_LINE, MAX_PROBLEMS_SHOWN, DatasetError, Problem, refuse

SEPARATORS = (";", ",", "\t")
SEPARATOR_NAMES = {";": "« ; »", ",": "« , »", "\t": "tabulation"}
# A CR not followed by LF: an old Mac line end, or a line break pasted into a quoted cell.
BARE_CR = re.compile(r"\r(?!\n)")


def sniff_separator(header_line: str) -> str:
    counts = {sep: header_line.count(sep) for sep in SEPARATORS}
    return max(SEPARATORS, key=lambda sep: counts[sep])


def drop_blank_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """Drop empty rows but keep the index, so that row i stays line i + 2 of the file."""
    if frame.empty:
        return frame
    candidates = frame.iloc[:, 0] == ""  # cheap first pass: a blank row starts empty
    if not candidates.any():
        return frame
    blank = candidates.copy()
    blank[candidates] = (frame[candidates] == "").all(axis=1)
    return frame[~blank]


def _check_separator_of_rows(frame: pd.DataFrame, separator: str, path: Path) -> None:
    """Rows saved with another separator than the header's arrive as one long first cell."""
    if frame.shape[1] < 2:
        return
    candidates = frame.iloc[:, -1] == ""
    if not candidates.any():
        return
    others = [sep for sep in SEPARATORS if sep != separator]
    rest_empty = (frame.loc[candidates, frame.columns[1:]] == "").all(axis=1)
    first = frame.loc[candidates, frame.columns[0]]
    wrong = rest_empty & first.str.contains("|".join(map(re.escape, others)))
    if wrong.any():
        message = (
            f"séparateur différent de celui de l'en-tête ({SEPARATOR_NAMES[separator]}) : la ligne est lue "
            "comme une seule cellule ; enregistrez tout le fichier avec le même séparateur"
        )
        lines = [int(index) + FIRST_DATA_LINE for index in wrong[wrong].index[: MAX_PROBLEMS_SHOWN * 5]]
        raise DatasetError(path, [Problem(message, line=line) for line in lines])


def _check_first_lines(text: str, path: Path) -> str:
    """The header line, after refusing files that are not a table or whose header is not on line 1."""
    if not text.strip():
        raise refuse(path, "le fichier est vide")
    if text.lstrip()[:1] == "<":
        raise refuse(
            path,
            "le fichier ressemble à une page HTML, pas à un tableau CSV "
            "(téléchargement interrompu ou page d'erreur enregistrée ?)",
        )
    first_lines = text.split("\n", headers.HEADER_SEARCH_ROWS)[: headers.HEADER_SEARCH_ROWS]
    headers.check_header_on_line_one(((number, _cells(line)) for number, line in enumerate(first_lines, start=1)), path)
    if not first_lines[0].strip():
        raise refuse(path, "la ligne 1 est vide : l'en-tête doit être sur la ligne 1", line=1)
    return first_lines[0]


def _cells(line: str) -> list[str]:
    return next(csv.reader([line], delimiter=sniff_separator(line)), [])


def _parser_problem(error: pd.errors.ParserError, separator: str) -> Problem:
    message = str(error)
    line = re.search(r"line (\d+)", message)
    if line:
        return Problem(
            f"nombre de champs incohérent avec l'en-tête (séparateur {SEPARATOR_NAMES[separator]} détecté ; "
            "une valeur contient-elle ce séparateur sans guillemets ?)",
            line=int(line.group(1)),
        )
    row = re.search(r"starting at row (\d+)", message)
    if row:
        return Problem(
            "guillemet ouvrant sans guillemet fermant : le reste du fichier serait lu comme une seule valeur",
            line=int(row.group(1)) + 1,
        )
    return Problem(f"structure CSV illisible (séparateur {SEPARATOR_NAMES[separator]})")


def read_csv_text(text: str, path: Path) -> pd.DataFrame:
    # One line end: CRLF and bare CRs become LF (a bare CR inside a quoted cell is a line
    # break typed in another program; pandas would end the row there).
    text = BARE_CR.sub("\n", text.replace("\r\n", "\n"))
    first_line = _check_first_lines(text, path)
    separator = sniff_separator(first_line)
    header = next(csv.reader([first_line], delimiter=separator))
    headers.check_no_duplicates((h.strip() for h in header), path, "colonne en double dans l'en-tête")
    try:
        # Blank lines are kept (then dropped with their index) so that line numbers
        # in messages are the file's.
        frame = pd.read_csv(
            io.StringIO(text), sep=separator, dtype=str, keep_default_na=False, na_filter=False, skip_blank_lines=False
        )
    except pd.errors.ParserError as error:
        raise DatasetError(path, [_parser_problem(error, separator)]) from None
    frame = drop_blank_rows(frame)
    _check_separator_of_rows(frame, separator, path)
    return frame
