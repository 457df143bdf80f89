"""A data file's bytes, read once, decoded, and parsed into a frame of stripped strings.

Parsing, hashing and change detection all work on the one copy read here, so they agree
even if the file changes meanwhile. The format is told from the content, not the name:
a zip archive is a workbook, anything else is read as CSV text.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pandas as pd

from dashboard.data import headers
from dashboard.data.csv_table import read_csv_text
from dashboard.data.dataset import FileSignature
from dashboard.data.errors import DatasetError, FileChangedWhileReading, Problem, refuse
from dashboard.data.limits import MAX_FILE_MB_ENV, LoadLimits
from dashboard.data.xlsx_table import read_xlsx

# Leading bytes of files that managers save or download by mistake instead of a table.
BINARY_SIGNATURES = (
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "classeur Excel 97-2003 (.xls) non pris en charge : enregistrez-le au format .xlsx ou CSV",
    ),
    (b"%PDF", "le fichier est un PDF, pas un tableau CSV ou XLSX"),
    (b"\x89PNG", "le fichier est une image PNG, pas un tableau CSV ou XLSX"),
    (b"\xff\xd8\xff", "le fichier est une image JPEG, pas un tableau CSV ou XLSX"),
    (b"GIF8", "le fichier est une image GIF, pas un tableau CSV ou XLSX"),
)
ZIP_MAGIC = b"PK\x03\x04"  # XLSX (and ODS) are zip archives
CHANGED_WHILE_READ = "le fichier a été modifié pendant la lecture (enregistrement en cours ?) : réessayez"
VANISHED = "le fichier a disparu pendant la lecture (supprimé, renommé ou remplacé ?)"


def _unreadable(path: Path, error: OSError) -> DatasetError:
    return refuse(path, f"lecture impossible ({error.strerror or type(error).__name__})")


def _too_big(path: Path, size: int, limits: LoadLimits) -> DatasetError:
    return refuse(
        path,
        f"fichier trop volumineux ({size / 1024 / 1024:.0f} Mo, maximum {limits.max_mb:.0f} Mo ; "
        f"réglable par {MAX_FILE_MB_ENV})",
    )


def read_file(path: Path | str, limits: LoadLimits | None = None) -> tuple[bytes, FileSignature]:
    """The file's bytes and the signature of exactly those bytes.

    Opened once: the signature comes from the open file (``fstat`` before and after the
    read), so it describes the bytes returned even if the path is replaced meanwhile; a
    file written to during the read, or no longer at ``path`` afterwards, raises
    ``FileChangedWhileReading`` (try again later)."""
    path = Path(path)
    limits = limits or LoadLimits.from_environment()
    try:
        descriptor = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        raise refuse(path, "fichier introuvable") from None
    except IsADirectoryError:
        raise refuse(path, "ce chemin est un dossier, pas un fichier") from None
    except OSError as error:
        raise _unreadable(path, error) from None
    before = os.fstat(descriptor)
    if stat.S_ISDIR(before.st_mode):
        os.close(descriptor)
        raise refuse(path, "ce chemin est un dossier, pas un fichier")
    with os.fdopen(descriptor, "rb") as handle:
        if before.st_size > limits.max_bytes:
            raise _too_big(path, before.st_size, limits)
        try:
            raw = _read_bytes(handle, limits.max_bytes + 1)
        except OSError as error:
            raise _unreadable(path, error) from None
        after = os.fstat(descriptor)
    signature = FileSignature.from_stat(before)
    if FileSignature.from_stat(after) != signature or len(raw) != before.st_size:
        raise FileChangedWhileReading(path, [Problem(CHANGED_WHILE_READ)])
    now_at_path = FileSignature.of(path)
    if now_at_path is None:
        raise FileChangedWhileReading(path, [Problem(VANISHED)])
    if now_at_path != signature:
        raise FileChangedWhileReading(path, [Problem(CHANGED_WHILE_READ)])
    return raw, signature


def _read_bytes(handle, limit: int) -> bytes:
    return handle.read(limit)


def _line_of(raw: bytes, offset: int) -> int:
    return raw.count(b"\n", 0, offset) + 1


def _has_utf8_text(raw: bytes) -> bool:
    """Whether some line with accented characters is valid UTF-8 (Windows-1252 text
    almost never is: its accented letters are single bytes followed by ASCII)."""
    for line in raw.split(b"\n"):
        if max(line, default=0) >= 0x80:
            try:
                line.decode("utf-8")
                return True
            except UnicodeDecodeError:
                continue
    return False


def _check_not_binary(raw: bytes, path: Path) -> None:
    head = raw[:8192]
    for signature, message in BINARY_SIGNATURES:
        if head.startswith(signature):
            raise refuse(path, message)
    if b"\x00" in head:
        raise refuse(path, "contenu binaire : le fichier n'est pas un tableau CSV ou XLSX")


def decode(raw: bytes, path: Path | str = "") -> str:
    """Text of a CSV file: UTF-16 with a BOM, UTF-8 (BOM or not), else Windows-1252."""
    path = Path(path)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Excel's "Texte Unicode (*.txt)" is UTF-16 with a byte order mark.
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as error:
            raise refuse(path, "texte UTF-16 tronqué ou illisible", line=_line_of(raw, error.start)) from None
    _check_not_binary(raw, path)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if _has_utf8_text(raw):
            # Two files pasted together: decoding all as Windows-1252 would turn every
            # "é" of the UTF-8 part into "Ã©" without any error.
            raise refuse(
                path,
                "encodage mélangé : le fichier est en UTF-8 mais cette ligne contient un caractère d'un autre "
                "encodage (Windows-1252 ?) ; réenregistrez tout le fichier en UTF-8",
                line=_line_of(raw, error.start),
            ) from None
    # Excel on Windows saves "CSV" as Windows-1252; it decodes any byte but 5.
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError as error:
        raise refuse(
            path,
            f"encodage illisible (ni UTF-8 ni Windows-1252, octet n° {error.start + 1})",
            line=_line_of(raw, error.start),
        ) from None


def parse_table(raw: bytes, path: Path | str, limits: LoadLimits | None = None) -> pd.DataFrame:
    """Parse a file's bytes (CSV or XLSX) into a frame of stripped strings, header
    normalised. The index is the row's position under the header, blank rows skipped."""
    path = Path(path)
    limits = limits or LoadLimits()
    if raw.startswith(ZIP_MAGIC):
        frame = read_xlsx(raw, path, limits.max_bytes)
    else:
        # Whatever its name says: a CSV saved as "fabriques.xlsx" is still read as CSV.
        frame = read_csv_text(decode(raw, path), path)
    frame.columns = [headers.canonical_column(str(c)) for c in frame.columns]
    headers.check_no_duplicates(frame.columns, path, "plusieurs colonnes désignent la même donnée")
    first_rows = frame.head(headers.HEADER_SEARCH_ROWS)
    headers.check_header_on_line_one(
        [(1, list(frame.columns)), *((int(str(index)) + 2, list(row)) for index, row in first_rows.iterrows())], path
    )
    return frame.apply(lambda column: column.astype(str).str.strip())


def read_table(path: Path | str, limits: LoadLimits | None = None) -> pd.DataFrame:
    """Read a CSV or XLSX file into a frame of stripped strings, header normalised."""
    raw, _signature = read_file(path, limits)
    return parse_table(raw, path, limits)
