"""The data behind each chart, the KPI block and the sites table, as CSV or XLSX files.

Each export is built from the same computed table as what is on screen, for the same
waves and geographic state, with French headers carrying the unit. CSV is written for
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
from dashboard.analysis.navigation import DEPARTEMENT, SITE, GeoState
from dashboard.data import schema
from dashboard.data.loader import Dataset
from dashboard.presentation.formatting import format_number
from dashboard.presentation.presenters import crumbs, first_press_url, kpi_cards

SOURCE = "ANCT, liste des Fabriques de territoire, mise à jour du 26/01/2024"
LICENCE = "Licence Ouverte 2.0 (Etalab) — https://www.etalab.gouv.fr/licence-ouverte-open-licence"
FORMATS = ("csv", "xlsx")
# target -> (file name part, title)
TARGETS = {
    "kpis": ("indicateurs", "Indicateurs clés"),
    "funding": ("financement-par-vague", "Financement engagé par vague"),
    "territory": ("repartition-qpv-rural", "Répartition QPV / rural"),
    "types": ("types-par-vague", "Fabriques numériques et ressources par vague"),
    "map": ("carte-departements", "Lauréats et montants par département"),
    "sites": ("fabriques", "Fabriques de la sélection"),
}
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
UNWRITABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
EURO = "Montant engagé (€)"


@dataclass(frozen=True)
class ExportRequest:
    target: str
    file_format: str
    waves: tuple[str, ...]
    state: GeoState
    search: str = ""
    sort_column: str | None = None
    ascending: bool = True


@dataclass(frozen=True)
class ExportFile:
    filename: str
    content: bytes
    mimetype: str


# --- tables --------------------------------------------------------------------------


def _percent(part: pd.Series, whole: float) -> pd.Series:
    return (part / whole * 100).round(1) if whole else part * 0.0


def funding_table(funding: pd.DataFrame) -> pd.DataFrame:
    """One row per bar of the funding chart (types absent from the selection are not drawn)."""
    shown = funding[funding.groupby("type")["laureats"].transform("sum") > 0]
    return pd.DataFrame(
        {
            "Vague": shown["wave_label"],
            "Type": shown["type"],
            "Lauréats": shown["laureats"],
            EURO: shown["amount_eur"],
            "Cumul engagé à cette vague (€)": shown["cumulative_amount_eur"],
        }
    ).reset_index(drop=True)


def territory_table(split: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Territoire": split["territory"],
            "Lauréats": split["laureats"],
            "Part des lauréats (%)": _percent(split["laureats"], split["laureats"].sum()),
            EURO: split["amount_eur"],
            "Cible nationale (lauréats)": split["target"],
        }
    ).reset_index(drop=True)


def types_table(mix: pd.DataFrame) -> pd.DataFrame:
    shown = mix[mix.groupby("type")["laureats"].transform("sum") > 0]
    return pd.DataFrame(
        {
            "Vague": shown["wave_label"],
            "Type": shown["type"],
            "Lauréats": shown["laureats"],
            "Part de la vague (%)": (shown["share"] * 100).round(1),
        }
    ).reset_index(drop=True)


def map_table(departements: pd.DataFrame, state: GeoState, reference) -> pd.DataFrame:
    """One row per département drawn in the current view (France: all 101; région: its
    départements; département or site: that one)."""
    drawn = departements[departements["departement_code"].isin(reference.departement_bounds)]
    if state.level in {DEPARTEMENT, SITE}:
        drawn = drawn[drawn["departement_code"] == state.departement]
    elif state.regions:
        drawn = drawn[drawn["region_code"].isin(state.regions)]
    return pd.DataFrame(
        {
            "Code département": drawn["departement_code"],
            "Département": drawn["departement"],
            "Code région": drawn["region_code"],
            "Région": drawn["region"],
            "Lauréats": drawn["laureats"],
            EURO: drawn["amount_eur"],
        }
    ).reset_index(drop=True)


def kpi_table(figures: dict) -> pd.DataFrame:
    targets = {
        "laureats": schema.TARGET_LAUREATS,
        "amount": schema.TARGET_ENVELOPE_EUR,
        "qpv": schema.TARGET_QPV,
        "rural": schema.TARGET_RURAL,
        "numeriques": schema.TARGET_NUMERIQUES,
        "departements": schema.DEPARTEMENTS_COUNT,
    }
    values = {
        "laureats": figures["laureats"],
        "amount": figures["amount_eur"],
        "qpv": figures["qpv"],
        "rural": figures["rural"],
        "numeriques": figures["numeriques"],
        "departements": figures["departements"],
    }
    cards = kpi_cards(figures)
    return pd.DataFrame(
        {
            "Indicateur": [card.label for card in cards],
            "Valeur": [values[card.key] for card in cards],
            "Unité": ["€" if card.key == "amount" else "nombre" for card in cards],
            "Référence": [targets[card.key] for card in cards],
            "Libellé de la référence": [card.reference for card in cards],
            "Part de la référence (%)": [round(values[card.key] / targets[card.key] * 100, 1) for card in cards],
        }
    )


def sites_table(rows: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Identifiant": rows["id"],
            "Nom": rows["name"],
            "Porteur": rows["porteur"],
            "Commune": rows["commune"],
            "Code INSEE commune": rows["commune_code"],
            "Département": rows["departement"],
            "Région": rows["region"],
            "Vague": rows["wave_label"],
            "Type": rows["type"],
            "Provenance type": rows["type_status"],
            "Territoire": rows["territory"],
            "Provenance territoire": rows["territory_status"],
            "QPV": rows["qpv_name"],
            EURO: rows["amount_eur"],
            "Provenance montant": rows["amount_status"],
            "Source": rows["sources"].map(lambda s: first_press_url(s) or ""),
            "Toutes les sources": rows["sources"],
        }
    ).reset_index(drop=True)


def export_frame(dataset: Dataset, request: ExportRequest) -> pd.DataFrame:
    """The table behind ``request.target`` for the request's selection."""
    reference, state, waves = dataset.reference, request.state, list(request.waves)
    cube = compute.scope_cube(
        dataset.cube, waves, state.regions, state.departement, dataset.site_rows(state.site) if state.site else None
    )
    if request.target == "kpis":
        return kpi_table(compute.kpis(cube, reference.departements))
    if request.target == "funding":
        return funding_table(compute.funding_by_wave(cube, reference.waves, waves))
    if request.target == "territory":
        return territory_table(compute.territory_split(cube))
    if request.target == "types":
        return types_table(compute.type_mix_by_wave(cube, reference.waves, waves))
    if request.target == "map":
        by_departement = compute.by_departement(compute.filter_cube(dataset.cube, waves=waves), reference.departements)
        return map_table(by_departement, state, reference)
    if request.target == "sites":
        return sites_table(selected_sites(dataset, request))
    raise ValueError(f"unknown export target {request.target!r}")


def selected_sites(dataset: Dataset, request: ExportRequest) -> pd.DataFrame:
    """All the rows of the sites table for this selection, search and sort (every page)."""
    state = request.state
    rows = compute.filter_sites(
        dataset.sites, waves=list(request.waves), regions=state.regions, departement=state.departement
    )
    rows = compute.search_sites(rows, request.search)
    return compute.sort_sites(rows, request.sort_column, request.ascending)


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
    trail = crumbs(request.state, dataset.reference)
    place = slug(trail[-1][1]) if len(trail) > 1 else "france"
    if request.state.site:
        place = slug(request.state.site)
    waves = f"_vagues-{'-'.join(request.waves)}" if request.waves else ""
    return place + waves


def filename(dataset: Dataset, request: ExportRequest, today: date) -> str:
    part, _title = TARGETS[request.target]
    return f"fabriques_{part}_{scope_slug(dataset, request)}_{today.isoformat()}.{request.file_format}"


def about_rows(dataset: Dataset, request: ExportRequest, today: date) -> list[tuple[str, str]]:
    reference = dataset.reference
    labels = reference.wave_labels()
    site_rows = compute.filter_sites(
        dataset.sites, waves=list(request.waves), regions=request.state.regions, departement=request.state.departement
    )
    if request.state.site:
        site_rows = site_rows[site_rows["id"] == request.state.site]
    site_name = site_rows["name"].iloc[0] if request.state.site and len(site_rows) else None
    place = " › ".join(label for _level, label in crumbs(request.state, reference, site_name))
    rows = [
        ("Contenu", TARGETS[request.target][1]),
        ("Source", SOURCE + ", enrichie de communiqués officiels et d'articles de presse (URL ligne à ligne)"),
        ("Licence", LICENCE),
        ("Vagues", ", ".join(labels[w] for w in request.waves) or "Toutes les vagues"),
        ("Territoire", place),
    ]
    if request.target == "sites" and request.search:
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
    rows.append(
        (
            "Valeurs dérivées",
            "« dérivé » : valeur déduite par une règle publiée (montant selon le barème : "
            "150 000 € sur 3 ans, +100 000 € pour une fabrique numérique, 50 000 € pour la "
            "vague 2023 ; vague d'après le rang ANCT ; territoire rural d'après la grille "
            "de densité INSEE pour une commune sans QPV). « publié » : donnée d'une source "
            "citée. « inconnu » : non précisé. Détail : data/README.md.",
        )
    )
    return rows


def build_export(dataset: Dataset, request: ExportRequest, today: date | None = None) -> ExportFile:
    today = today or date.today()
    frame = export_frame(dataset, request)
    name = filename(dataset, request, today)
    if request.file_format == "csv":
        return ExportFile(name, to_csv_bytes(frame), "text/csv")
    return ExportFile(
        name,
        to_xlsx_bytes(frame, about_rows(dataset, request, today)),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
