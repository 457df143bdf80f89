"""The data behind a block as a CSV or XLSX file.

Each block gives the table (``export_frame``: the same computed table as what is on
screen, for the same view, French headers carrying the unit); this module writes it. CSV is written for
French Excel (``;``, decimal comma, UTF-8 with BOM, no comment line); XLSX keeps numbers
as numbers and adds an "À propos" sheet (source, licence, filters, date, which values
are derived). Text cells a spreadsheet would run as a formula are neutralised.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font

from dashboard.analysis import compute
from dashboard.analysis.view import ViewState
from dashboard.data import schema
from dashboard.data.loader import Dataset
from dashboard.presentation.formatting import format_eur, format_number
from dashboard.presentation.presenters import crumbs

SOURCE = schema.DATA_SOURCE
LICENCE = "Licence Ouverte 2.0 (Etalab) — https://www.etalab.gouv.fr/licence-ouverte-open-licence"
FORMATS = ("csv", "xlsx")
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
UNWRITABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")


@dataclass(frozen=True)
class ExportRequest:
    """What to write: a block's table (``title``, ``file_stem``) for a view."""

    title: str
    file_stem: str
    file_format: str
    view: ViewState
    search: str = ""


@dataclass(frozen=True)
class ExportFile:
    filename: str
    content: bytes
    mimetype: str


# --- safety and file formats ------------------------------------------------------------


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Prefix with ' the text cells a spreadsheet would evaluate (=, +, -, @, tab, CR).
    Numeric columns are left alone: -150000 stays a number."""
    safe = frame.copy()
    for column in safe.columns:
        if pd.api.types.is_numeric_dtype(safe[column]):
            continue
        safe[column] = safe[column].map(
            lambda v: "'" + v if isinstance(v, str) and v.startswith(FORMULA_TRIGGERS) else v
        )
    return safe


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    text = neutralise_formulas(frame).to_csv(sep=";", decimal=",", index=False, lineterminator="\r\n")
    return text.encode("utf-8-sig", errors="replace")  # a lone surrogate becomes "?"


def to_xlsx_bytes(frame: pd.DataFrame, about: list[tuple[str, str]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Données"
    safe = neutralise_formulas(frame)
    sheet.append(list(safe.columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in safe.itertuples(index=False):
        sheet.append([None if (isinstance(v, float) and v != v) or v is pd.NA else _plain(v) for v in row])
    for index, column in enumerate(safe.columns, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = min(60, max(12, len(str(column)) + 2))
        if pd.api.types.is_numeric_dtype(safe[column]):
            number_format = "0.0" if "(%)" in column else "#,##0"
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = number_format
    sheet.freeze_panes = "A2"

    notes = workbook.create_sheet("À propos")
    for label, value in about:
        notes.append([label, neutralise_text(value)])
        notes.cell(row=notes.max_row, column=1).font = Font(bold=True)
    notes.column_dimensions["A"].width = 28
    notes.column_dimensions["B"].width = 110
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _plain(value):
    """numpy scalars to Python ones, which openpyxl writes as numbers; text made writable."""
    return value.item() if hasattr(value, "item") else writable(value) if isinstance(value, str) else value


def neutralise_text(value: str) -> str:
    return writable("'" + value if value.startswith(FORMULA_TRIGGERS) else value)


def writable(text: str) -> str:
    """What an XLSX cell can hold: control characters (XML 1.0 refuses them; openpyxl
    raises IllegalCharacterError) and lone surrogates (not encodable) become U+FFFD."""
    return UNWRITABLE.sub("\ufffd", text)


# --- metadata and names -------------------------------------------------------------------


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "selection"


def scope_slug(dataset: Dataset, request: ExportRequest) -> str:
    geo, waves = request.view.geo, request.view.waves
    trail = crumbs(geo, dataset.reference)
    place = slug(trail[-1][1]) if len(trail) > 1 else "france"
    if geo.site:
        place = slug(geo.site)
    return place + (f"_vagues-{'-'.join(waves)}" if waves else "")


def filename(dataset: Dataset, request: ExportRequest, today: date) -> str:
    return f"fabriques_{request.file_stem}_{scope_slug(dataset, request)}_{today.isoformat()}.{request.file_format}"


def about_rows(dataset: Dataset, request: ExportRequest, today: date) -> list[tuple[str, str]]:
    reference = dataset.reference
    labels = reference.wave_labels()
    geo, waves = request.view.geo, request.view.waves
    site_rows = compute.filter_sites(dataset.sites, waves=waves, regions=geo.regions, departement=geo.departement)
    if geo.site:
        site_rows = site_rows[site_rows["id"] == geo.site]
    site_name = site_rows["name"].iloc[0] if geo.site and len(site_rows) else None
    place = " › ".join(label for _level, label in crumbs(geo, reference, site_name))
    rows = [
        ("Contenu", request.title),
        ("Source", SOURCE + ", enrichie de communiqués officiels et d'articles de presse (URL ligne à ligne)"),
        ("Licence", LICENCE),
        ("Vagues", ", ".join(labels[w] for w in waves) or "Toutes les vagues"),
        ("Territoire", place),
    ]
    if request.search:
        rows.append(("Recherche", request.search))
    rows.append(("Date d'export", today.strftime("%d/%m/%Y")))
    for attribute, label in (
        ("amount", "Montants"),
        ("type", "Types"),
        ("territory", "Territoires"),
        ("wave", "Vagues (par fabrique)"),
    ):
        counts = site_rows[f"{attribute}_status"].value_counts()
        rows.append(
            (
                f"{label} : provenance",
                ", ".join(f"{format_number(int(counts.get(status, 0)))} {status}" for status in schema.STATUSES)
                + f" (sur {format_number(len(site_rows))} fabriques)",
            )
        )
    rows.append(("Valeurs dérivées", RULES))
    rows.append(("Objectifs", TARGET_RULE))
    return rows


RULES = (
    "« publié » : donnée d'une source citée (pour ce site, ou pour toute sa vague). « dérivé » : valeur déduite par "
    "une règle écrite : vague d'après le rang dans la liste ANCT ; type « numérique » d'après le nom ANCT « Fabrique "
    "numérique … » ; territoire rural pour une commune sans QPV (liste 2024) et rurale dans la grille de densité INSEE "
    f"2025 ; montant selon le barème, une estimation : {format_eur(schema.GRANT_MIN_EUR)} à "
    f"{format_eur(schema.GRANT_MAX_EUR)} sur 3 ans par fabrique des vagues 1 à 8 (+{format_eur(schema.NUMERIQUE_BONUS_EUR)} "
    f"par fabrique numérique identifiée), {format_eur(schema.LATER_WAVE_GRANT_EUR)} pour la vague 2023 ; le fichier "
    "des fabriques garde le plafond du barème. "
    "« inconnu » : non précisé. Les chiffres « publiés pour la vague » viennent des totaux publiés par le programme "
    "(vague 1 : 32 numériques et 48 fabriques de territoire ; vagues 1 à 3 : 102 en QPV et 68 ruraux). "
    "Détail : data/README.md et le panneau « Méthodologie et sources »."
)
TARGET_RULE = (
    f"Objectifs du programme ({schema.TARGET_LAUREATS} lauréats, {schema.TARGET_QPV} en QPV, {schema.TARGET_RURAL} "
    f"en zone rurale, {schema.TARGET_ENVELOPE_EUR // 1_000_000} M€, {schema.TARGET_NUMERIQUES} fabriques numériques) : "
    "lauréats des vagues 1 à 8, au niveau national. Ils ne sont comparés qu'à une vue nationale contenant toutes ces "
    "vagues ; la vague 2023 est hors objectif initial et hors enveloppe."
)
# The CSV has no second sheet: its about rows go in these columns of its first line.
ABOUT_COLUMNS = ("À propos : source", "À propos : vue exportée", "À propos : provenance et règles")


def with_about_columns(frame: pd.DataFrame, about: list[tuple[str, str]]) -> pd.DataFrame:
    """The frame with the source, the view and the rules in three last columns, filled on
    the first line only (a CSV has no second sheet; repeating them would weigh on large
    files). The loader ignores these columns: a sites file re-reads as a dataset."""
    values = dict(about)
    view = " ; ".join(
        f"{label} : {values[label]}"
        for label in ("Contenu", "Vagues", "Territoire", "Recherche", "Date d'export")
        if label in values
    )
    provenance = " ; ".join(f"{label} {value}" for label, value in about if label.endswith("provenance"))
    texts = (
        f"{values['Source']} ; {values['Licence']}",
        view,
        " ".join(
            filter(None, (provenance + "." if provenance else "", values["Valeurs dérivées"], values["Objectifs"]))
        ),
    )
    extended = frame.reset_index(drop=True).copy()
    for column, text in zip(ABOUT_COLUMNS, texts):
        extended[column] = [text] + [""] * (len(extended) - 1) if len(extended) else []
    return extended


def build_export(
    dataset: Dataset, frame: pd.DataFrame, request: ExportRequest, today: date | None = None
) -> ExportFile:
    """The file of ``frame`` (a block's ``export_frame`` for the request's view)."""
    today = today or date.today()
    name = filename(dataset, request, today)
    if request.file_format == "csv":
        return ExportFile(
            name, to_csv_bytes(with_about_columns(frame, about_rows(dataset, request, today))), "text/csv"
        )
    return ExportFile(
        name,
        to_xlsx_bytes(frame, about_rows(dataset, request, today)),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
