"""Read and validate a programme dataset (CSV or XLSX) into a read-only ``Dataset``.

Managers edit these files by hand, in Excel or LibreOffice, so the reader accepts
what those programs write (comma or semicolon, UTF-8 with or without BOM,
Windows-1252, XLSX) and the validator names the file, the line and the column of
every problem, in French. Either the whole file is valid and a new ``Dataset`` is
returned, or ``DatasetError`` is raised and nothing is loaded.
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import io
import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard.analysis.compute import build_cube
from dashboard.data import schema
from dashboard.data.compact import compact_sites, return_freed_memory
from dashboard.data.places import place_problems
from dashboard.data.reference import Reference

MAX_FILE_MB_ENV = "FABRIQUES_MAX_FILE_MB"
DEFAULT_MAX_FILE_MB = 50
MAX_PROBLEMS_SHOWN = 20
FIRST_DATA_LINE = 2  # line 1 is the header, as a spreadsheet numbers it

INSEE_COMMUNE = re.compile(r"^(?:\d{5}|2[AB]\d{3})$")
ANNOUNCED_DATE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$")
FRENCH_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
# Excel turns "2020-07-15" into a date cell, which pandas reads back with a time.
EXCEL_MIDNIGHT = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T]00:00:00$")
SEPARATORS = (";", ",", "\t")
SEPARATOR_NAMES = {";": "« ; »", ",": "« , »", "\t": "tabulation"}
HEADER_SEARCH_ROWS = 10  # how far down a misplaced header row is looked for

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


@dataclass(frozen=True)
class Problem:
    message: str
    line: int | None = None  # line in the file (header = 1)
    column: str | None = None

    def __str__(self) -> str:
        where = []
        if self.line is not None:
            where.append(f"ligne {self.line}")
        if self.column is not None:
            where.append(f"colonne « {self.column} »")
        return (", ".join(where) + " : " if where else "") + self.message


class DatasetError(Exception):
    """The file cannot be loaded; ``str()`` is a French message for managers."""

    def __init__(self, path: Path | str, problems: list[Problem]):
        self.path = str(path)
        self.problems = problems
        super().__init__(self.message())

    @property
    def file_name(self) -> str:
        """The file's name without its folders: what a page may show."""
        return Path(self.path).name

    def message(self, name: str | None = None) -> str:
        """The full French message; ``name`` replaces the path (pages show no server path)."""
        shown = self.problems[:MAX_PROBLEMS_SHOWN]
        lines = [
            f"Le fichier de données « {name or self.path} » n'a pas été chargé ({len(self.problems)} problème(s)) :"
        ]
        lines += [f"  - {problem}" for problem in shown]
        if len(self.problems) > len(shown):
            lines.append(f"  … et {len(self.problems) - len(shown)} autre(s) problème(s).")
        return "\n".join(lines)


class FileChangedWhileReading(DatasetError):
    """The file was being replaced or written while it was read: try again later."""


@dataclass(frozen=True)
class FileSignature:
    """What changes when a file is rewritten or replaced, for the price of one ``stat``."""

    inode: int
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, path: Path | str) -> FileSignature | None:
        try:
            return cls.from_stat(os.stat(path))
        except OSError:
            return None

    @classmethod
    def from_stat(cls, result: os.stat_result) -> FileSignature:
        return cls(result.st_ino, result.st_size, result.st_mtime_ns)


@dataclass(frozen=True)
class Dataset:
    """A validated dataset. Treat the frames as read-only: they are shared by all requests."""

    sites: pd.DataFrame
    cube: pd.DataFrame
    # A 64-bit hash of each site id, in row order: finding a site costs one vectorised
    # comparison, without a hash table of a million strings in every worker.
    id_hashes: np.ndarray
    reference: Reference
    source: str
    loaded_at: datetime
    warnings: tuple[str, ...] = field(default=())
    # SHA-256 of the file's bytes: the same file gives the same version in every worker.
    version: str = ""
    # The file as it was when read; None for a dataset built in memory (tests).
    signature: FileSignature | None = None

    def site_position(self, site: object) -> int | None:
        """The row of the site with this id, or None (unknown id, not a string)."""
        if not isinstance(site, str):
            return None
        wanted = pd.util.hash_array(np.array([site], dtype=object))[0]
        ids = self.sites["id"]
        for position in np.flatnonzero(self.id_hashes == wanted):
            if ids.iat[position] == site:
                return int(position)
        return None

    def site_rows(self, site: object) -> pd.DataFrame:
        """The site's row as a one-row frame (empty if unknown)."""
        position = self.site_position(site)
        return self.sites.iloc[[] if position is None else [position]]

    @property
    def short_version(self) -> str:
        return self.version[:12]

    @classmethod
    def from_sites(
        cls,
        sites: pd.DataFrame,
        reference: Reference,
        source: str,
        version: str = "",
        signature: FileSignature | None = None,
    ) -> Dataset:
        """Everything derived from the rows is computed here, once per load."""
        cube = build_cube(sites)
        sites = compact_sites(sites)  # the text frame is freed here (see dashboard/data/compact.py)
        return_freed_memory()
        return cls(
            sites=sites,
            cube=cube,
            id_hashes=pd.util.hash_array(sites["id"].to_numpy(dtype=object)),
            reference=reference,
            source=source,
            loaded_at=datetime.now(UTC),
            version=version,
            signature=signature,
        )


# --- reading -------------------------------------------------------------------


def _max_bytes() -> int:
    try:
        return int(float(os.environ.get(MAX_FILE_MB_ENV, DEFAULT_MAX_FILE_MB)) * 1024 * 1024)
    except ValueError:
        return DEFAULT_MAX_FILE_MB * 1024 * 1024


def read_file(path: Path | str) -> tuple[bytes, FileSignature]:
    """The file's bytes and its signature, read once: parsing, hashing and change
    detection all work on this one copy, so they agree even if the file changes."""
    path = Path(path)
    try:
        before = path.stat()
    except FileNotFoundError:
        raise DatasetError(path, [Problem("fichier introuvable")]) from None
    except OSError as error:
        raise DatasetError(path, [Problem(f"lecture impossible ({error.strerror or type(error).__name__})")]) from None
    if stat.S_ISDIR(before.st_mode):
        raise DatasetError(path, [Problem("ce chemin est un dossier, pas un fichier")])
    if before.st_size > _max_bytes():
        raise DatasetError(
            path,
            [
                Problem(
                    f"fichier trop volumineux ({before.st_size / 1024 / 1024:.0f} Mo, maximum "
                    f"{_max_bytes() // 1024 // 1024} Mo ; réglable par {MAX_FILE_MB_ENV})"
                )
            ],
        )
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise FileChangedWhileReading(
            path, [Problem("le fichier a disparu pendant la lecture (supprimé, renommé ou remplacé ?)")]
        ) from None
    except OSError as error:
        raise DatasetError(path, [Problem(f"lecture impossible ({error.strerror or type(error).__name__})")]) from None
    signature = FileSignature.from_stat(before)
    if FileSignature.of(path) != signature or len(raw) != before.st_size:
        raise FileChangedWhileReading(
            path, [Problem("le fichier a été modifié pendant la lecture (enregistrement en cours ?) : réessayez")]
        )
    return raw, signature


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


def _decode(raw: bytes) -> str:
    """Text of a CSV file; raises DatasetError (without a path) when it is not text."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Excel's "Texte Unicode (*.txt)" is UTF-16 with a byte order mark.
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as error:
            raise DatasetError(
                "", [Problem("texte UTF-16 tronqué ou illisible", line=_line_of(raw, error.start))]
            ) from None
    head = raw[:8192]
    for signature, message in BINARY_SIGNATURES:
        if head.startswith(signature):
            raise DatasetError("", [Problem(message)])
    if b"\x00" in head:
        raise DatasetError("", [Problem("contenu binaire : le fichier n'est pas un tableau CSV ou XLSX")])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = _line_of(raw, error.start)
        if _has_utf8_text(raw):
            # Two files pasted together: decoding all as Windows-1252 would turn every
            # "é" of the UTF-8 part into "Ã©" without any error.
            raise DatasetError(
                "",
                [
                    Problem(
                        "encodage mélangé : le fichier est en UTF-8 mais cette ligne contient un caractère d'un autre "
                        "encodage (Windows-1252 ?) ; réenregistrez tout le fichier en UTF-8",
                        line=line,
                    )
                ],
            ) from None
        # Excel on Windows saves "CSV" as Windows-1252; it decodes any byte but 5.
        try:
            return raw.decode("cp1252")
        except UnicodeDecodeError as cp_error:
            raise DatasetError(
                "",
                [
                    Problem(
                        f"encodage illisible (ni UTF-8 ni Windows-1252, octet n° {cp_error.start + 1})",
                        line=_line_of(raw, cp_error.start),
                    )
                ],
            ) from None


def _sniff_separator(header_line: str) -> str:
    counts = {sep: header_line.count(sep) for sep in SEPARATORS}
    return max(counts, key=counts.get)


def _duplicated_headers(header: list[str]) -> list[str]:
    seen, duplicated = set(), []
    for name in header:
        if name in seen and name not in duplicated:
            duplicated.append(name)
        seen.add(name)
    return duplicated


def _drop_blank_rows(frame: pd.DataFrame) -> pd.DataFrame:
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
        problems = [
            Problem(
                f"séparateur différent de celui de l'en-tête ({SEPARATOR_NAMES[separator]}) : la ligne est lue "
                "comme une seule cellule ; enregistrez tout le fichier avec le même séparateur",
                line=int(index) + FIRST_DATA_LINE,
            )
            for index in wrong[wrong].index[: MAX_PROBLEMS_SHOWN * 5]
        ]
        raise DatasetError(path, problems)


def _header_cells(line: str) -> set[str]:
    separator = _sniff_separator(line)
    return {_canonical_column(cell) for cell in next(csv.reader([line], delimiter=separator), [])}


def _check_csv_header_line(first_lines: list[str], path: Path) -> None:
    """A title or blank line above the header: say on which line the header really is."""
    required = {c.name for c in schema.COLUMNS if c.required}
    if required <= _header_cells(first_lines[0]):
        return
    for number, line in enumerate(first_lines[1:], start=2):
        if required <= _header_cells(line):
            raise DatasetError(
                path,
                [
                    Problem(
                        f"l'en-tête est sur la ligne {number} au lieu de la ligne 1 : supprimez les lignes au-dessus "
                        "(titre, notes, lignes vides)",
                        line=1,
                    )
                ],
            )


def _read_csv_text(text: str, path: Path) -> pd.DataFrame:
    if not text.strip():
        raise DatasetError(path, [Problem("le fichier est vide")])
    if text.lstrip()[:1] == "<":
        raise DatasetError(
            path,
            [
                Problem(
                    "le fichier ressemble à une page HTML, pas à un tableau CSV "
                    "(téléchargement interrompu ou page d'erreur enregistrée ?)"
                )
            ],
        )
    first_lines = [line.rstrip("\r") for line in text.split("\n", HEADER_SEARCH_ROWS)[:HEADER_SEARCH_ROWS]]
    first_line = first_lines[0]
    _check_csv_header_line(first_lines, path)
    if not first_line.strip():
        raise DatasetError(path, [Problem("la ligne 1 est vide : l'en-tête doit être sur la ligne 1", line=1)])
    separator = _sniff_separator(first_line)
    header = next(csv.reader([first_line], delimiter=separator))
    duplicated = _duplicated_headers([h.strip() for h in header])
    if duplicated:
        raise DatasetError(
            path, [Problem(f"colonne en double dans l'en-tête : {', '.join(duplicated)}", line=1, column=duplicated[0])]
        )
    try:
        # Blank lines are kept (then dropped with their index) so that line numbers
        # in messages are the file's.
        frame = pd.read_csv(
            io.StringIO(text), sep=separator, dtype=str, keep_default_na=False, na_filter=False, skip_blank_lines=False
        )
    except pd.errors.ParserError as error:
        message = str(error)
        line = re.search(r"line (\d+)", message)
        if line:
            raise DatasetError(
                path,
                [
                    Problem(
                        f"nombre de champs incohérent avec l'en-tête (séparateur {SEPARATOR_NAMES[separator]} détecté ; "
                        "une valeur contient-elle ce séparateur sans guillemets ?)",
                        line=int(line.group(1)),
                    )
                ],
            ) from None
        row = re.search(r"starting at row (\d+)", message)
        if row:
            raise DatasetError(
                path,
                [
                    Problem(
                        "guillemet ouvrant sans guillemet fermant : le reste du fichier serait lu comme une seule valeur",
                        line=int(row.group(1)) + 1,
                    )
                ],
            ) from None
        raise DatasetError(
            path, [Problem(f"structure CSV illisible (séparateur {SEPARATOR_NAMES[separator]})")]
        ) from None
    frame = _drop_blank_rows(frame)
    _check_separator_of_rows(frame, separator, path)
    return frame


def _sheet_columns(frame: pd.DataFrame) -> set[str]:
    return {_canonical_column(str(c)) for c in frame.columns}


def _choose_sheet(sheets: dict[str, pd.DataFrame], path: Path) -> str:
    """The sheet named like the dataset, else the only one with the required columns,
    else the first (whose missing columns the validation then names)."""
    named = [n for n in sheets if _simplify(str(n)) in {"fabriques", "donnees"}]
    if named:
        return named[0]
    required = {c.name for c in schema.COLUMNS if c.required}
    complete = [n for n, frame in sheets.items() if required <= _sheet_columns(frame)]
    if len(complete) > 1:
        raise DatasetError(
            path,
            [
                Problem(
                    f"plusieurs feuilles contiennent les colonnes attendues ({', '.join(f'« {n} »' for n in complete)}) : "
                    "renommez « fabriques » celle à charger"
                )
            ],
        )
    return complete[0] if complete else next(iter(sheets))


def _merged_header_cells(raw: bytes, sheet: str) -> list[str]:
    """Merged cell ranges touching row 1 (openpyxl; only called when the header has holes)."""
    import openpyxl  # read on the failure path only: it parses the whole workbook again

    try:
        worksheet = openpyxl.load_workbook(io.BytesIO(raw))[sheet]
    except Exception:  # noqa: BLE001 - a hint, not a requirement: pandas already read the file
        return []
    return [str(cells) for cells in worksheet.merged_cells.ranges if cells.min_row == 1]


def _read_xlsx(raw: bytes, path: Path) -> pd.DataFrame:
    if b"mimetypeapplication/vnd.oasis.opendocument" in raw[:200]:
        raise DatasetError(
            path, [Problem("classeur OpenDocument (.ods) non pris en charge : enregistrez-le au format .xlsx ou CSV")]
        )
    try:
        sheets = pd.read_excel(
            io.BytesIO(raw), sheet_name=None, dtype=str, engine="openpyxl", keep_default_na=False, na_filter=False
        )
    except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds on a damaged workbook
        raise DatasetError(
            path,
            [
                Problem(
                    f"classeur XLSX illisible ou endommagé ({type(error).__name__}) : rouvrez-le dans Excel ou "
                    "LibreOffice et enregistrez-le à nouveau"
                )
            ],
        ) from None
    if not sheets:
        raise DatasetError(path, [Problem("le classeur ne contient aucune feuille")])
    name = _choose_sheet(sheets, path)
    frame = sheets[name]
    where = f"feuille « {name} »"
    unnamed = [str(c) for c in frame.columns if str(c).startswith("Unnamed:")]
    if unnamed:
        merged = _merged_header_cells(raw, name)
        if merged:
            raise DatasetError(
                path,
                [
                    Problem(
                        f"{where} : cellules fusionnées dans l'en-tête ({', '.join(merged)}) ; l'en-tête doit tenir sur la "
                        "ligne 1, une colonne par cellule : défusionnez ces cellules ou supprimez la ligne de titre",
                        line=1,
                    )
                ],
            )
        if len(unnamed) == len(frame.columns):
            raise DatasetError(path, [Problem(f"{where} : la ligne 1 ne contient pas d'en-têtes", line=1)])
    frame.columns = [
        c.split(".")[0] if re.fullmatch(r".+\.\d+", str(c)) and str(c).split(".")[0] in frame.columns else c
        for c in frame.columns
    ]
    duplicated = _duplicated_headers([str(c).strip() for c in frame.columns if not str(c).startswith("Unnamed:")])
    if duplicated:
        raise DatasetError(
            path,
            [
                Problem(
                    f"{where} : colonne en double dans l'en-tête : {', '.join(duplicated)}",
                    line=1,
                    column=str(duplicated[0]),
                )
            ],
        )
    frame = frame.astype(str)
    # Date cells come back with a time of day; keep the date the manager typed.
    if any(_canonical_column(str(c)) == "wave_announced" for c in frame.columns):
        column = next(c for c in frame.columns if _canonical_column(str(c)) == "wave_announced")
        frame[column] = frame[column].str.replace(EXCEL_MIDNIGHT, r"\1", regex=True)
    return _drop_blank_rows(frame)


def _check_header_row(frame: pd.DataFrame, path: Path) -> None:
    """A title or note above the header: say on which line the header really is."""
    required = {c.name for c in schema.COLUMNS if c.required}
    if required <= set(frame.columns):
        return
    for index, row in frame.head(HEADER_SEARCH_ROWS).iterrows():
        if required <= {_canonical_column(str(value)) for value in row}:
            line = int(index) + FIRST_DATA_LINE
            raise DatasetError(
                path,
                [
                    Problem(
                        f"l'en-tête est sur la ligne {line} au lieu de la ligne 1 : supprimez les lignes au-dessus "
                        "(titre, notes)",
                        line=1,
                    )
                ],
            )


def parse_table(raw: bytes, path: Path | str) -> pd.DataFrame:
    """Parse a file's bytes (CSV or XLSX) into a frame of stripped strings, header
    normalised. The index is the row's position under the header, blank rows skipped."""
    path = Path(path)
    if raw[:2] == b"PK" or path.suffix.lower() in {".xlsx", ".xlsm"}:
        frame = _read_xlsx(raw, path)
    else:
        try:
            text = _decode(raw)
        except DatasetError as error:
            raise DatasetError(path, error.problems) from None
        frame = _read_csv_text(text, path)
    frame.columns = [_canonical_column(str(c)) for c in frame.columns]
    duplicated = _duplicated_headers(list(frame.columns))
    if duplicated:
        raise DatasetError(
            path,
            [
                Problem(
                    f"plusieurs colonnes désignent la même donnée : {', '.join(duplicated)}",
                    line=1,
                    column=duplicated[0],
                )
            ],
        )
    _check_header_row(frame, path)
    return frame.apply(lambda column: column.astype(str).str.strip())


def read_table(path: Path | str) -> pd.DataFrame:
    """Read a CSV or XLSX file into a frame of stripped strings, header normalised."""
    raw, _signature = read_file(path)
    return parse_table(raw, path)


def _simplify(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.strip().lower().lstrip("\ufeff"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[\s_\-']+", " ", text).strip()


# Accept the French headers of our own exports as well as the schema names, so a
# manager can edit an export and load it back.
_COLUMN_ALIASES = {_simplify(c.name): c.name for c in schema.COLUMNS} | {
    _simplify(c.label): c.name for c in schema.COLUMNS
}


def _canonical_column(name: str) -> str:
    return _COLUMN_ALIASES.get(_simplify(name), name.strip())


# --- validation ------------------------------------------------------------------


class _Collector:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def rows(self, mask: pd.Series, column: str, message) -> None:
        """Record a problem for each row where ``mask`` is true (message(value) or str)."""
        if not mask.any():
            return
        for index in mask[mask].index[: MAX_PROBLEMS_SHOWN * 5]:
            self.problems.append(
                Problem(
                    message(index) if callable(message) else message, line=int(index) + FIRST_DATA_LINE, column=column
                )
            )
        hidden = int(mask.sum()) - MAX_PROBLEMS_SHOWN * 5
        if hidden > 0:
            self.problems.append(Problem(f"{hidden} autre(s) ligne(s) dans le même cas", column=column))


def _parse_number(values: pd.Series) -> pd.Series:
    """Parse numbers as typed in French or English spreadsheets ("150 000", "1,5", "150000 €")."""
    cleaned = values.str.replace(r"[\s\u00a0\u202f€]", "", regex=True).str.replace(",", ".", regex=False)
    return pd.to_numeric(cleaned.where(cleaned != "", None), errors="coerce")


def _simplified(values: pd.Series) -> pd.Series:
    """``_simplify`` of each cell, computed once per distinct value (files repeat them a lot)."""
    uniques = values.unique()
    return values.map(dict(zip(uniques, map(_simplify, uniques))))


def _normalise_choice(values: pd.Series, allowed: tuple[str, ...]) -> pd.Series:
    lookup = {_simplify(v): v for v in allowed}
    canonical = _simplified(values).map(lookup)
    return canonical.fillna(values)


def validate(frame: pd.DataFrame, reference: Reference, path: Path | str) -> pd.DataFrame:
    """Return the typed, completed sites frame, or raise DatasetError listing every problem."""
    problems = _Collector()
    missing = [c.name for c in schema.COLUMNS if c.required and c.name not in frame.columns]
    if missing:
        raise DatasetError(path, _missing_column_problems(missing, list(frame.columns)))
    if frame.empty:
        raise DatasetError(path, [Problem("aucune ligne de données sous l'en-tête")])
    # The index is kept as is: row i is line i + FIRST_DATA_LINE even when blank rows
    # were skipped.
    frame = frame.copy()
    for column in ("departement_code", "commune_code", "region_code"):
        if column in frame.columns:
            frame[column] = frame[column].str.upper()  # "2a" -> "2A"
    sites = pd.DataFrame(index=frame.index)

    for column in schema.COLUMNS:
        if column.name in frame.columns:
            sites[column.name] = frame[column.name]
        if column.name in frame.columns and not column.nullable:
            problems.rows(frame[column.name] == "", column.name, "valeur obligatoire manquante")

    # Identifiers
    duplicated = sites["id"].duplicated(keep=False) & (sites["id"] != "")
    if duplicated.any():
        first_line = sites.loc[duplicated].groupby("id").apply(lambda g: int(g.index[0]) + FIRST_DATA_LINE)
        problems.rows(
            duplicated & sites["id"].duplicated(keep="first"),
            "id",
            lambda i: f"identifiant « {sites.at[i, 'id']} » déjà utilisé ligne {first_line[sites.at[i, 'id']]}",
        )

    # Geography
    departements = reference.departements.set_index("departement_code")
    code = sites["departement_code"]
    unknown_dep = ~code.isin(departements.index) & (code != "")
    problems.rows(unknown_dep, "departement_code", lambda i: _unknown_departement_message(code[i], departements))
    commune = sites["commune_code"]
    bad_format = ~commune.str.fullmatch(INSEE_COMMUNE) & (commune != "")
    problems.rows(bad_format, "commune_code", lambda i: _bad_commune_message(commune[i]))
    # Overseas départements have 3-digit codes (971…), the others 2 (01…, 2A).
    prefix = commune.str[:2].where(~code.str.startswith("97"), commune.str[:3])
    mismatch = ~bad_format & ~unknown_dep & (commune != "") & (code != "") & (prefix != code)
    problems.rows(
        mismatch, "commune_code", lambda i: f"le code commune {commune[i]} n'appartient pas au département {code[i]}"
    )
    _check_places(sites, problems)
    known_dep = code.where(~unknown_dep)
    unknown_region = pd.Series(False, index=sites.index)
    if "region_code" in sites.columns:
        region_code = sites["region_code"]
        unknown_region = (region_code != "") & ~region_code.isin(reference.regions["region_code"])
        problems.rows(
            unknown_region, "region_code", lambda i: _unknown_region_message(region_code[i], reference.region_codes)
        )
    for column, source_column in (("departement", "departement"), ("region_code", "region_code"), ("region", "region")):
        expected = known_dep.map(departements[source_column])
        if column in sites.columns:
            given = sites[column]
            differs = (given != "") & expected.notna() & (_simplified(given) != _simplified(expected.fillna("")))
            if column == "region_code":
                differs &= ~unknown_region  # already reported as unknown
            problems.rows(
                differs,
                column,
                lambda i, e=expected, g=given, c=column: (
                    f"« {g[i]} » ne correspond pas au département {code[i]} (attendu « {e[i]} »)"
                ),
            )
        sites[column] = expected.fillna("")

    # Waves
    waves = reference.waves.set_index("wave")
    wave = sites["wave"]
    unknown_wave = ~wave.isin(waves.index) & (wave != "")
    problems.rows(
        unknown_wave, "wave", lambda i: f"vague « {wave[i]} » inconnue (valeurs admises : {', '.join(waves.index)})"
    )
    if "wave_announced" in frame.columns:
        announced = frame["wave_announced"]
        well_formed = announced.str.fullmatch(ANNOUNCED_DATE)
        bad_date = (announced != "") & ~well_formed
        problems.rows(bad_date, "wave_announced", lambda i: _bad_date_message(announced[i]))
        full_dates = well_formed & (announced.str.len() == 10)
        impossible = full_dates & pd.to_datetime(announced.where(full_dates), format="%Y-%m-%d", errors="coerce").isna()
        problems.rows(
            impossible, "wave_announced", lambda i: f"date « {announced[i]} » inexistante (jour hors du mois)"
        )
    for column in ("wave_label", "wave_order", "wave_announced"):
        expected = wave.where(~unknown_wave).map(waves[column].astype(str))
        if column in frame.columns:
            given = frame[column]
            differs = (given != "") & expected.notna() & (_simplified(given) != _simplified(expected.fillna("")))
            if column == "wave_announced":
                differs &= given.str.fullmatch(ANNOUNCED_DATE)
            problems.rows(
                differs,
                column,
                lambda i, e=expected, g=given: (
                    f"« {g[i]} » ne correspond pas à la vague {wave[i]} (attendu « {e[i]} »)"
                ),
            )
        sites[column] = expected.fillna("")

    # Categories and provenance
    for column, allowed in (("type", schema.TYPES), ("territory", schema.TERRITORIES)):
        sites[column] = _normalise_choice(sites[column], allowed)
        invalid = ~sites[column].isin(allowed) & (sites[column] != "")
        problems.rows(
            invalid,
            column,
            lambda i, c=column, a=allowed: f"valeur « {sites.at[i, c]} » non admise (valeurs admises : {', '.join(a)})",
        )

    # Amounts and coordinates
    amount = _parse_number(sites["amount_eur"])
    not_number = amount.isna() & (sites["amount_eur"] != "")
    problems.rows(not_number, "amount_eur", lambda i: f"« {sites.at[i, 'amount_eur']} » n'est pas un montant en euros")
    problems.rows(amount < 0, "amount_eur", lambda i: f"montant négatif ({sites.at[i, 'amount_eur']})")
    problems.rows(
        amount > schema.MAX_PLAUSIBLE_AMOUNT_EUR,
        "amount_eur",
        lambda i: (
            f"montant invraisemblable ({sites.at[i, 'amount_eur']} € ; maximum admis "
            f"{schema.MAX_PLAUSIBLE_AMOUNT_EUR:,} €)".replace(",", " ")
        ),
    )
    sites["amount_eur"] = amount.astype(float)
    for column, limit in (("latitude", 90), ("longitude", 180)):
        if column not in sites.columns:
            sites[column] = np.nan
            continue
        values = _parse_number(sites[column])
        problems.rows(
            values.isna() & (sites[column] != ""),
            column,
            lambda i, c=column: f"« {sites.at[i, c]} » n'est pas une coordonnée décimale",
        )
        problems.rows(values.abs() > limit, column, lambda i, c=column: f"coordonnée hors limites ({sites.at[i, c]})")
        sites[column] = values.astype(float)

    source_name = Path(path).name
    for attribute in schema.TRACKED_ATTRIBUTES:
        value_column = "amount_eur" if attribute == "amount" else attribute
        status_column, source_column = f"{attribute}_status", f"{attribute}_source"
        unknown_value = sites[value_column].isna() if attribute == "amount" else sites[value_column] == schema.UNKNOWN
        if status_column in frame.columns:
            status = _normalise_choice(sites[status_column], schema.STATUSES)
            invalid = ~status.isin(schema.STATUSES)
            problems.rows(
                invalid,
                status_column,
                lambda i, s=status: (
                    f"provenance « {s[i]} » non admise (valeurs admises : {', '.join(schema.STATUSES)})"
                ),
            )
            inconsistent = ~invalid & (unknown_value != (status == schema.STATUS_UNKNOWN))
            problems.rows(
                inconsistent,
                status_column,
                lambda i, s=status, v=value_column: (
                    f"provenance « {s[i]} » incohérente avec la valeur « {sites.at[i, v]} » "
                    f"(« {schema.STATUS_UNKNOWN} » si et seulement si la valeur est inconnue)"
                ),
            )
            sites[status_column] = status
        else:
            # Without provenance columns, the manager's file is itself the source.
            sites[status_column] = np.where(unknown_value, schema.STATUS_UNKNOWN, schema.STATUS_PUBLISHED)
            sites[source_column] = np.where(unknown_value, "", f"Fichier fourni : {source_name}")
        if source_column not in sites.columns:
            sites[source_column] = ""

    if problems.problems:
        raise DatasetError(path, problems.problems)
    for column in schema.COLUMN_NAMES:
        if column not in sites.columns:
            sites[column] = ""
    sites["wave_order"] = sites["wave_order"].astype(int)
    return sites[list(schema.COLUMN_NAMES)]


def _check_places(sites: pd.DataFrame, problems: _Collector) -> None:
    """Places labelled several times (place_id): one commune, one labellisation per wave."""
    for rows, message in place_problems(sites):
        problems.rows(rows, "place_id", message)


def _missing_column_problems(missing: list[str], present: list[str]) -> list[Problem]:
    """One problem per missing column, with a guess among the unrecognised headers."""
    known = set(schema.COLUMN_NAMES)
    unrecognised = [c for c in present if c not in known and c and not c.startswith("Unnamed:")]
    by_simplified = {_simplify(c): c for c in unrecognised}
    problems = []
    for name in missing:
        label = schema.LABELS[name]
        guess = difflib.get_close_matches(
            _simplify(label), list(by_simplified), n=1, cutoff=0.6
        ) or difflib.get_close_matches(_simplify(name), list(by_simplified), n=1, cutoff=0.6)
        hint = f" ; l'en-tête « {by_simplified[guess[0]]} » serait-il celui-ci, renommé ?" if guess else ""
        problems.append(
            Problem(
                f"colonne obligatoire absente (en-tête attendu « {name} » ou « {label} »){hint}", line=1, column=name
            )
        )
    if any(c.startswith("Unnamed:") or not c for c in present):
        problems.append(Problem("des cellules d'en-tête sont vides (cellules fusionnées ?)", line=1))
    return problems


def _bad_date_message(value: str) -> str:
    french = FRENCH_DATE.match(value)
    if french:
        day, month, year = (int(part) for part in french.groups())
        if 1 <= month <= 12 and 1 <= day <= 31:
            return (
                f"date « {value} » au format JJ/MM/AAAA : écrivez-la AAAA-MM-JJ "
                f"(ici « {year:04d}-{month:02d}-{day:02d} ») ou AAAA-MM"
            )
    return f"date « {value} » invalide (format attendu AAAA-MM-JJ ou AAAA-MM)"


def _unknown_region_message(code: str, known: tuple[str, ...]) -> str:
    if code.isdigit() and len(code) == 1 and f"0{code}" in known:
        return f"code région « {code} » inconnu : zéro initial perdu ? (attendu « 0{code} »)"
    return f"code région « {code} » inconnu (codes INSEE des régions, ex. 44 pour le Grand Est)"


def _unknown_departement_message(code: str, departements: pd.DataFrame) -> str:
    if code.isdigit() and len(code) == 1 and f"0{code}" in departements.index:
        return f"code département « {code} » inconnu : zéro initial perdu ? (attendu « 0{code} »)"
    return f"code département « {code} » inconnu"


def _bad_commune_message(code: str) -> str:
    if code.isdigit() and len(code) == 4:
        return f"code INSEE « {code} » sur 4 chiffres : zéro initial perdu ? (attendu « 0{code} »)"
    return f"code INSEE « {code} » invalide (5 caractères attendus, ex. 67482 ou 2A004)"


# --- entry point -----------------------------------------------------------------


def load_dataset(path: Path | str, reference: Reference) -> Dataset:
    """Read, validate and aggregate ``path``. Raises DatasetError; never returns a partial dataset."""
    raw, signature = read_file(path)
    sites = validate(parse_table(raw, path), reference, path)
    return Dataset.from_sites(sites, reference, str(path), version=hashlib.sha256(raw).hexdigest(), signature=signature)
