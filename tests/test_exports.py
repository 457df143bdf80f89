"""Exports: the same rows and totals as the screen, files that open cleanly, no formula."""

import io
from datetime import date

import openpyxl
import pandas as pd
import pytest

from dashboard.analysis import compute
from dashboard.blocks import BLOCKS_BY_KEY, DOWNLOADABLE
from dashboard.presentation.exports import ExportRequest, build_export, neutralise_formulas, to_csv_bytes
from tests.blocks.helpers import export, view
from tests.conftest import make_dataset, site

TODAY = date(2026, 11, 26)
EURO = "Montant engagé (€)"


def file_of(dataset, key, file_format="csv", values=None, **view_arguments):
    block = BLOCKS_BY_KEY[key]
    shown = view(**view_arguments)
    frame = block.export_frame(dataset, shown, **(values or {}))
    request = ExportRequest(block.title, block.file_stem, file_format, shown, (values or {}).get("search", ""))
    return build_export(dataset, frame, request, TODAY)


def read_csv(content: bytes) -> pd.DataFrame:
    assert content.startswith(b"\xef\xbb\xbf")  # BOM, for Excel
    return pd.read_csv(io.BytesIO(content), sep=";", decimal=",", encoding="utf-8-sig")


def test_csv_round_trip(small_dataset):
    file = file_of(small_dataset, "funding")
    table = read_csv(file.content)
    assert table.columns.tolist()[:3] == ["Vague", "Lauréats", "Estimé, bas (€)"]
    assert table["Estimé, plafond (€)"].sum() == 850_000
    assert b";" in file.content and b"#" not in file.content  # no comment line
    types = read_csv(file_of(small_dataset, "types").content)
    assert types["Part de la vague (%)"].tolist()[:2] == [50.0, 50.0]  # decimal comma parsed


def test_csv_keeps_source_view_and_rules(small_dataset):
    table = read_csv(file_of(small_dataset, "territory", regions=["44"]).content)
    first = table.iloc[0]
    assert first["À propos : source"].startswith("ANCT, liste des Fabriques de territoire, mise à jour du 26/01/2024")
    assert "Territoire : France entière › Grand Est" in first["À propos : vue exportée"]
    rules = first["À propos : provenance et règles"]
    assert "« dérivé »" in rules and "estimation" in rules and "vagues 1 à 8" in rules
    assert table["À propos : source"].iloc[1:].isna().all()  # once, not on every line


def test_csv_counts_are_integers(shipped_dataset):
    text = file_of(shipped_dataset, "kpis").content.decode("utf-8-sig")
    assert "Lauréats, toutes vagues;toutes les vagues de la vue;382;" in text
    assert "382,0" not in text and ";300,0" not in text
    funding = read_csv(file_of(shipped_dataset, "funding").content)
    # One row per wave: the cumulative is never repeated, the amounts add up.
    assert len(funding) == 6
    assert funding["Estimé, plafond (€)"].sum() == 51_700_000
    assert funding["Cumul estimé 1 à 8, plafond (€)"].max() == 47_600_000


def test_xlsx_round_trip_and_about_sheet(small_dataset):
    file = file_of(small_dataset, "sites", "xlsx", regions=["44"])
    workbook = openpyxl.load_workbook(io.BytesIO(file.content))
    assert workbook.sheetnames == ["Données", "À propos"]
    data = workbook["Données"]
    header = [cell.value for cell in data[1]]
    amount_column = header.index(EURO) + 1
    amounts = [data.cell(row=r, column=amount_column).value for r in range(2, data.max_row + 1)]
    assert amounts == [250_000, 250_000, 50_000] and all(isinstance(a, (int, float)) for a in amounts)
    about = {row[0].value: row[1].value for row in workbook["À propos"].iter_rows()}
    assert about["Contenu"] == "Fabriques de la sélection"
    assert about["Source"].startswith("ANCT, liste des Fabriques de territoire, mise à jour du 26/01/2024")
    assert "Licence Ouverte 2.0" in about["Licence"]
    assert about["Territoire"] == "France entière › Grand Est"
    assert about["Vagues"] == "Toutes les vagues"
    assert about["Date d'export"] == "26/11/2026"
    assert "dérivé" in about["Valeurs dérivées"]
    # The test file has no provenance columns: its amounts are its own, i.e. published.
    assert about["Montants : provenance"] == "3 publié, 0 dérivé, 0 inconnu (sur 3 fabriques)"


def test_file_names_say_what_they_hold(small_dataset):
    assert (
        file_of(small_dataset, "funding", "xlsx", regions=["44"]).filename
        == "fabriques_financement-estime-par-vague_grand-est_2026-11-26.xlsx"
    )
    name = file_of(small_dataset, "sites", waves=["1", "2-4"], regions=["53"], departement="29").filename
    assert name == "fabriques_fabriques_finistere-29_vagues-1-2-4_2026-11-26.csv"
    assert file_of(small_dataset, "kpis").filename == "fabriques_indicateurs_france_2026-11-26.csv"


@pytest.mark.parametrize(
    "dangerous", ["=1+1", "+33 1 23", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd", '=HYPERLINK("http://x","y")']
)
def test_formulas_are_neutralised(reference, dangerous):
    dataset = make_dataset([site("t-1", name=dangerous, porteur=dangerous)], reference)
    frame = export(dataset, "sites")
    safe = neutralise_formulas(frame)
    assert safe.loc[0, "Nom"] == "'" + dangerous
    csv_table = read_csv(to_csv_bytes(frame))
    assert csv_table.loc[0, "Nom"].startswith("'")
    workbook = openpyxl.load_workbook(io.BytesIO(file_of(dataset, "sites", "xlsx").content))
    name_cell = workbook["Données"].cell(row=2, column=2)
    assert name_cell.data_type == "s" and name_cell.value == "'" + dangerous


def test_numbers_are_not_touched_by_the_formula_guard():
    frame = pd.DataFrame({"Nom": ["-a"], EURO: [-150_000.0]})
    safe = neutralise_formulas(frame)
    assert safe.loc[0, EURO] == -150_000.0 and safe.loc[0, "Nom"] == "'-a"


@pytest.mark.parametrize("block", DOWNLOADABLE, ids=lambda block: block.key)
def test_exports_cover_the_empty_selection(small_dataset, block):
    frame = block.export_frame(small_dataset, view(regions=["11"]))
    if "Code" in frame:  # the coverage table ends with France entière ("FR"), the national reference
        frame = frame[frame["Code"] != "FR"]
    numeric = frame.select_dtypes("number")
    assert frame.empty or numeric.get("Lauréats", pd.Series([0])).sum() == 0


def test_cube_and_rows_agree_for_every_region(shipped_dataset):
    for region in shipped_dataset.reference.region_codes:
        rows = compute.filter_sites(shipped_dataset.sites, regions=[region])
        cube = compute.filter_cube(shipped_dataset.cube, regions=[region])
        assert len(rows) == cube["laureats"].sum()
        assert rows["amount_eur"].sum() == pytest.approx(cube["amount_eur"].sum())
