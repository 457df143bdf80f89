"""Read and validate a programme dataset (CSV or XLSX) into a read-only ``Dataset``.

Managers edit these files by hand, in Excel or LibreOffice, so the reader accepts
what those programs write (comma or semicolon, UTF-8 with or without BOM,
Windows-1252, XLSX) and the validator names the file, the line and the column of
every problem, in French. Either the whole file is valid and a new ``Dataset`` is
returned, or ``DatasetError`` is raised and nothing is loaded.
"""

from __future__ import annotations

import csv
import io
import os
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard import schema
from dashboard.compact import compact_sites, return_freed_memory
from dashboard.compute import build_cube
from dashboard.reference import Reference

MAX_FILE_MB_ENV = "FABRIQUES_MAX_FILE_MB"
DEFAULT_MAX_FILE_MB = 50
MAX_PROBLEMS_SHOWN = 20
FIRST_DATA_LINE = 2  # line 1 is the header, as a spreadsheet numbers it

INSEE_COMMUNE = re.compile(r"^(?:\d{5}|2[AB]\d{3})$")
ANNOUNCED_DATE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$")


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

    def message(self) -> str:
        shown = self.problems[:MAX_PROBLEMS_SHOWN]
        lines = [f"Le fichier de données « {self.path} » n'a pas été chargé ({len(self.problems)} problème(s)) :"]
        lines += [f"  - {problem}" for problem in shown]
        if len(self.problems) > len(shown):
            lines.append(f"  … et {len(self.problems) - len(shown)} autre(s) problème(s).")
        return "\n".join(lines)


@dataclass(frozen=True)
class Dataset:
    """A validated dataset. Treat the frames as read-only: they are shared by all requests."""

    sites: pd.DataFrame
    cube: pd.DataFrame
    reference: Reference
    source: str
    loaded_at: datetime
    warnings: tuple[str, ...] = field(default=())


# --- reading -------------------------------------------------------------------

def _max_bytes() -> int:
    try:
        return int(float(os.environ.get(MAX_FILE_MB_ENV, DEFAULT_MAX_FILE_MB)) * 1024 * 1024)
    except ValueError:
        return DEFAULT_MAX_FILE_MB * 1024 * 1024


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Windows saves "CSV" as Windows-1252; it decodes any byte but 5.
        try:
            return raw.decode("cp1252")
        except UnicodeDecodeError as error:
            raise DatasetError("", [Problem(
                f"encodage illisible (ni UTF-8 ni Windows-1252, octet {error.start})")]) from None


def _sniff_separator(header_line: str) -> str:
    counts = {sep: header_line.count(sep) for sep in (";", ",", "\t")}
    return max(counts, key=counts.get)


def _duplicated_headers(header: list[str]) -> list[str]:
    seen, duplicated = set(), []
    for name in header:
        if name in seen and name not in duplicated:
            duplicated.append(name)
        seen.add(name)
    return duplicated


def _read_csv_text(text: str, path: Path) -> pd.DataFrame:
    stripped = text.lstrip()
    if not stripped:
        raise DatasetError(path, [Problem("le fichier est vide")])
    if stripped[:1] == "<":
        raise DatasetError(path, [Problem(
            "le fichier ressemble à une page HTML, pas à un tableau CSV "
            "(téléchargement interrompu ou page d'erreur enregistrée ?)")])
    first_line = stripped.splitlines()[0]
    separator = _sniff_separator(first_line)
    header = next(csv.reader([first_line], delimiter=separator))
    duplicated = _duplicated_headers([h.strip() for h in header])
    if duplicated:
        raise DatasetError(path, [Problem(f"colonne en double dans l'en-tête : {', '.join(duplicated)}", line=1)])
    try:
        frame = pd.read_csv(io.StringIO(stripped), sep=separator, dtype=str, keep_default_na=False,
                            na_filter=False, skip_blank_lines=True)
    except pd.errors.ParserError as error:
        line = re.search(r"line (\d+)", str(error))
        detail = f"nombre de champs incohérent (séparateur « {separator} » détecté)"
        raise DatasetError(path, [Problem(detail, line=int(line.group(1)) if line else None)]) from None
    return frame


def _read_xlsx(raw: bytes, path: Path) -> tuple[pd.DataFrame, str]:
    try:
        sheets = pd.read_excel(io.BytesIO(raw), sheet_name=None, dtype=str, engine="openpyxl",
                               keep_default_na=False, na_filter=False)
    except (zipfile.BadZipFile, ValueError, KeyError, OSError) as error:
        raise DatasetError(path, [Problem(f"classeur XLSX illisible ({type(error).__name__})")]) from None
    if not sheets:
        raise DatasetError(path, [Problem("le classeur ne contient aucune feuille")])
    # A workbook may carry notes or pivot tables in other sheets: take the sheet
    # named like the dataset, else the first one.
    name = next((n for n in sheets if n.strip().lower() in {"fabriques", "données", "donnees"}), next(iter(sheets)))
    frame = sheets[name]
    unnamed = [str(c) for c in frame.columns if str(c).startswith("Unnamed:")]
    if unnamed and len(unnamed) == len(frame.columns):
        raise DatasetError(path, [Problem(f"feuille « {name} » : la ligne 1 ne contient pas d'en-têtes", line=1)])
    frame.columns = [c.split(".")[0] if re.fullmatch(r".+\.\d+", str(c)) and str(c).split(".")[0] in frame.columns
                     else c for c in frame.columns]
    duplicated = _duplicated_headers([str(c).strip() for c in frame.columns if not str(c).startswith("Unnamed:")])
    if duplicated:
        raise DatasetError(path, [Problem(f"colonne en double dans l'en-tête : {', '.join(duplicated)}", line=1)])
    return frame, name


def read_table(path: Path | str) -> pd.DataFrame:
    """Read a CSV or XLSX file into a frame of stripped strings, header normalised."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > _max_bytes():
            raise DatasetError(path, [Problem(
                f"fichier trop volumineux ({size / 1024 / 1024:.0f} Mo, maximum {_max_bytes() // 1024 // 1024} Mo ; "
                f"réglable par {MAX_FILE_MB_ENV})")])
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DatasetError(path, [Problem("fichier introuvable")]) from None
    except IsADirectoryError:
        raise DatasetError(path, [Problem("ce chemin est un dossier, pas un fichier")]) from None
    except OSError as error:
        raise DatasetError(path, [Problem(f"lecture impossible ({error.strerror or type(error).__name__})")]) from None

    if raw[:2] == b"PK" or path.suffix.lower() in {".xlsx", ".xlsm"}:
        frame, _sheet = _read_xlsx(raw, path)
    else:
        try:
            text = _decode(raw)
        except DatasetError as error:
            raise DatasetError(path, error.problems) from None
        frame = _read_csv_text(text, path)
    frame.columns = [_canonical_column(str(c)) for c in frame.columns]
    duplicated = _duplicated_headers(list(frame.columns))
    if duplicated:
        raise DatasetError(path, [Problem(
            f"plusieurs colonnes désignent la même donnée : {', '.join(duplicated)}", line=1)])
    return frame.apply(lambda column: column.astype(str).str.strip())


def _simplify(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.strip().lower().lstrip("\ufeff"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[\s_\-']+", " ", text).strip()


# Accept the French headers of our own exports as well as the schema names, so a
# manager can edit an export and load it back.
_COLUMN_ALIASES = {_simplify(c.name): c.name for c in schema.COLUMNS} | {
    _simplify(c.label): c.name for c in schema.COLUMNS}


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
            self.problems.append(Problem(
                message(index) if callable(message) else message,
                line=int(index) + FIRST_DATA_LINE, column=column))
        hidden = int(mask.sum()) - MAX_PROBLEMS_SHOWN * 5
        if hidden > 0:
            self.problems.append(Problem(f"{hidden} autre(s) ligne(s) dans le même cas", column=column))


def _parse_number(values: pd.Series) -> pd.Series:
    """Parse numbers as typed in French or English spreadsheets ("150 000", "1,5", "150000 €")."""
    cleaned = (values.str.replace(r"[\s\u00a0\u202f€]", "", regex=True)
               .str.replace(",", ".", regex=False))
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
        empty_headers = [c for c in frame.columns if c.startswith("Unnamed:") or c == ""]
        hint = " (en-têtes vides : cellules fusionnées ?)" if empty_headers else ""
        labels = ", ".join(f"{name} ({schema.LABELS[name]})" for name in missing)
        raise DatasetError(path, [Problem(f"colonne(s) obligatoire(s) absente(s) : {labels}{hint}", line=1)])
    if frame.empty:
        raise DatasetError(path, [Problem("aucune ligne de données sous l'en-tête")])
    frame = frame.reset_index(drop=True)
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
        problems.rows(duplicated & sites["id"].duplicated(keep="first"), "id",
                      lambda i: f"identifiant « {sites.at[i, 'id']} » déjà utilisé ligne {first_line[sites.at[i, 'id']]}")

    # Geography
    departements = reference.departements.set_index("departement_code")
    code = sites["departement_code"]
    unknown_dep = ~code.isin(departements.index) & (code != "")
    problems.rows(unknown_dep, "departement_code", lambda i: _unknown_departement_message(code[i], departements))
    commune = sites["commune_code"]
    bad_format = ~commune.str.fullmatch(INSEE_COMMUNE) & (commune != "")
    problems.rows(bad_format, "commune_code", lambda i: _bad_commune_message(commune[i]))
    prefix_len = np.where(code.str.startswith("97"), 3, 2)
    mismatch = ~bad_format & ~unknown_dep & (commune != "") & (code != "") & pd.Series(
        [c[:n] != d for c, n, d in zip(commune, prefix_len, code)], index=sites.index)
    problems.rows(mismatch, "commune_code",
                  lambda i: f"le code commune {commune[i]} n'appartient pas au département {code[i]}")
    known_dep = code.where(~unknown_dep)
    for column, source_column in (("departement", "departement"), ("region_code", "region_code"),
                                  ("region", "region")):
        expected = known_dep.map(departements[source_column])
        if column in sites.columns:
            given = sites[column]
            differs = (given != "") & expected.notna() & (_simplified(given) != _simplified(expected.fillna("")))
            problems.rows(differs, column, lambda i, e=expected, g=given, c=column:
                          f"« {g[i]} » ne correspond pas au département {code[i]} (attendu « {e[i]} »)")
        sites[column] = expected.fillna("")

    # Waves
    waves = reference.waves.set_index("wave")
    wave = sites["wave"]
    unknown_wave = ~wave.isin(waves.index) & (wave != "")
    problems.rows(unknown_wave, "wave", lambda i: (
        f"vague « {wave[i]} » inconnue (valeurs admises : {', '.join(waves.index)})"))
    if "wave_announced" in frame.columns:
        announced = frame["wave_announced"]
        bad_date = (announced != "") & ~announced.str.fullmatch(ANNOUNCED_DATE)
        problems.rows(bad_date, "wave_announced",
                      lambda i: f"date « {announced[i]} » invalide (format attendu AAAA-MM-JJ ou AAAA-MM)")
    for column in ("wave_label", "wave_order", "wave_announced"):
        expected = wave.where(~unknown_wave).map(waves[column].astype(str))
        if column in frame.columns:
            given = frame[column]
            differs = (given != "") & expected.notna() & (_simplified(given) != _simplified(expected.fillna("")))
            if column == "wave_announced":
                differs &= given.str.fullmatch(ANNOUNCED_DATE)
            problems.rows(differs, column, lambda i, e=expected, g=given:
                          f"« {g[i]} » ne correspond pas à la vague {wave[i]} (attendu « {e[i]} »)")
        sites[column] = expected.fillna("")

    # Categories and provenance
    for column, allowed in (("type", schema.TYPES), ("territory", schema.TERRITORIES)):
        sites[column] = _normalise_choice(sites[column], allowed)
        invalid = ~sites[column].isin(allowed) & (sites[column] != "")
        problems.rows(invalid, column, lambda i, c=column, a=allowed: (
            f"valeur « {sites.at[i, c]} » non admise (valeurs admises : {', '.join(a)})"))

    # Amounts and coordinates
    amount = _parse_number(sites["amount_eur"])
    not_number = amount.isna() & (sites["amount_eur"] != "")
    problems.rows(not_number, "amount_eur", lambda i: f"« {sites.at[i, 'amount_eur']} » n'est pas un montant en euros")
    problems.rows(amount < 0, "amount_eur", lambda i: f"montant négatif ({sites.at[i, 'amount_eur']})")
    problems.rows(amount > schema.MAX_PLAUSIBLE_AMOUNT_EUR, "amount_eur", lambda i: (
        f"montant invraisemblable ({sites.at[i, 'amount_eur']} € ; maximum admis "
        f"{schema.MAX_PLAUSIBLE_AMOUNT_EUR:,} €)".replace(",", " ")))
    sites["amount_eur"] = amount.astype(float)
    for column, limit in (("latitude", 90), ("longitude", 180)):
        if column not in sites.columns:
            sites[column] = np.nan
            continue
        values = _parse_number(sites[column])
        problems.rows(values.isna() & (sites[column] != ""), column,
                      lambda i, c=column: f"« {sites.at[i, c]} » n'est pas une coordonnée décimale")
        problems.rows(values.abs() > limit, column, lambda i, c=column: f"coordonnée hors limites ({sites.at[i, c]})")
        sites[column] = values.astype(float)

    source_name = Path(path).name
    for attribute in schema.TRACKED_ATTRIBUTES:
        value_column = "amount_eur" if attribute == "amount" else attribute
        status_column, source_column = f"{attribute}_status", f"{attribute}_source"
        unknown_value = (sites[value_column].isna() if attribute == "amount"
                         else sites[value_column] == schema.UNKNOWN)
        if status_column in frame.columns:
            status = _normalise_choice(sites[status_column], schema.STATUSES)
            invalid = ~status.isin(schema.STATUSES)
            problems.rows(invalid, status_column, lambda i, s=status: (
                f"provenance « {s[i]} » non admise (valeurs admises : {', '.join(schema.STATUSES)})"))
            inconsistent = ~invalid & (unknown_value != (status == schema.STATUS_UNKNOWN))
            problems.rows(inconsistent, status_column, lambda i, s=status, v=value_column: (
                f"provenance « {s[i]} » incohérente avec la valeur « {sites.at[i, v]} » "
                f"(« {schema.STATUS_UNKNOWN} » si et seulement si la valeur est inconnue)"))
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
    sites = validate(read_table(path), reference, path)
    cube = build_cube(sites)
    sites = compact_sites(sites)  # the text frame is freed here (see dashboard/compact.py)
    return_freed_memory()
    return Dataset(
        sites=sites,
        cube=cube,
        reference=reference,
        source=str(path),
        loaded_at=datetime.now(timezone.utc),
    )
