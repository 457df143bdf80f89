"""Exports: the same rows and totals as the screen, files that open cleanly, no formula."""

import io
from datetime import date

import openpyxl
import pandas as pd
import pytest

from dashboard.analysis import compute
from dashboard.analysis.navigation import GeoState
from dashboard.presentation import ids
from dashboard.presentation.exports import (
    EURO,
    ExportRequest,
    build_export,
    export_frame,
    neutralise_formulas,
    to_csv_bytes,
)
from dashboard.web.callbacks import download, update_map, update_overview
from tests.conftest import make_dataset, site

TODAY = date(2026, 11, 26)


def request(target, file_format="csv", waves=(), state=GeoState(), **kwargs):
    return ExportRequest(target=target, file_format=file_format, waves=tuple(waves), state=state, **kwargs)


def read_csv(content: bytes) -> pd.DataFrame:
    assert content.startswith(b"\xef\xbb\xbf")  # BOM, for Excel
    return pd.read_csv(io.BytesIO(content), sep=";", decimal=",", encoding="utf-8-sig")


def bar_total(figure: dict, trace_type: str = "bar", axis: str = "y") -> float:
    return sum(sum(trace[axis]) for trace in figure["data"] if trace["type"] == trace_type)


@pytest.mark.parametrize(
    "waves,state",
    [((), GeoState()), (("1", "2-4"), GeoState(regions=("44",))), ((), GeoState(regions=("53",), departement="29"))],
)
def test_chart_exports_match_the_charts(small_dataset, waves, state):
    screen = update_overview(small_dataset, list(waves), list(state.regions), state.departement)
    funding = export_frame(small_dataset, request("funding", waves=waves, state=state))
    assert funding[EURO].sum() == bar_total(screen.funding_figure)
    shown_bars = sum(len(t["x"]) for t in screen.funding_figure["data"] if t["type"] == "bar")
    assert len(funding) == shown_bars  # one row per bar
    territory = export_frame(small_dataset, request("territory", waves=waves, state=state))
    assert territory["Lauréats"].tolist() == screen.territory_figure["data"][0]["x"]
    types = export_frame(small_dataset, request("types", waves=waves, state=state))
    assert types["Lauréats"].sum() == bar_total(screen.type_figure)
    kpis = export_frame(small_dataset, request("kpis", waves=waves, state=state)).set_index("Indicateur")
    assert kpis.loc["Lauréats", "Valeur"] == types["Lauréats"].sum()


def test_map_export_has_one_row_per_departement_drawn(small_dataset):
    france = export_frame(small_dataset, request("map"))
    assert len(france) == 101 and france["Lauréats"].sum() == 5
    figure = update_map(small_dataset, [], [], None, None, "laureats").figure
    assert france["Lauréats"].sum() == sum(sum(trace["z"]) for trace in figure["data"])
    region = export_frame(small_dataset, request("map", state=GeoState(regions=("44",))))
    assert set(region["Code département"]) == {"08", "10", "51", "52", "54", "55", "57", "67", "68", "88"}
    assert region["Lauréats"].sum() == 3


def test_sites_export_is_every_row_of_the_table_in_its_order(small_dataset):
    frame = export_frame(small_dataset, request("sites", sort_column="amount_eur", ascending=False))
    assert frame["Identifiant"].tolist() == ["t-1", "t-2", "t-4", "t-5", "t-3"]
    assert frame[EURO].sum() == 850_000
    searched = export_frame(small_dataset, request("sites", search="strasbourg"))
    assert searched["Identifiant"].tolist() == ["t-1"]


def test_csv_round_trip(small_dataset):
    file = build_export(small_dataset, request("funding"), TODAY)
    table = read_csv(file.content)
    assert table.columns.tolist() == ["Vague", "Type", "Lauréats", EURO, "Cumul engagé à cette vague (€)"]
    assert table[EURO].sum() == 850_000
    assert b";" in file.content and b"#" not in file.content  # no comment line
    territory = read_csv(build_export(small_dataset, request("territory"), TODAY).content)
    assert territory["Part des lauréats (%)"].tolist() == [60.0, 20.0, 20.0]  # decimal comma parsed


def test_xlsx_round_trip_and_about_sheet(small_dataset):
    file = build_export(small_dataset, request("sites", "xlsx", state=GeoState(regions=("44",))), TODAY)
    workbook = openpyxl.load_workbook(io.BytesIO(file.content))
    assert workbook.sheetnames == ["Données", "À propos"]
    data = workbook["Données"]
    header = [cell.value for cell in data[1]]
    amount_column = header.index(EURO) + 1
    amounts = [data.cell(row=r, column=amount_column).value for r in range(2, data.max_row + 1)]
    assert amounts == [250_000, 250_000, 50_000] and all(isinstance(a, (int, float)) for a in amounts)
    about = {row[0].value: row[1].value for row in workbook["À propos"].iter_rows()}
    assert about["Source"].startswith("ANCT, liste des Fabriques de territoire, mise à jour du 26/01/2024")
    assert "Licence Ouverte 2.0" in about["Licence"]
    assert about["Territoire"] == "France entière › Grand Est"
    assert about["Vagues"] == "Toutes les vagues"
    assert about["Date d'export"] == "26/11/2026"
    assert "dérivé" in about["Valeurs dérivées"]
    # The test file has no provenance columns: its amounts are its own, i.e. published.
    assert about["Montants : provenance"] == "3 publié, 0 dérivé, 0 inconnu (sur 3 fabriques)"


def test_file_names_say_what_they_hold(small_dataset):
    name = build_export(small_dataset, request("funding", "xlsx", state=GeoState(regions=("44",))), TODAY).filename
    assert name == "fabriques_financement-par-vague_grand-est_2026-11-26.xlsx"
    name = build_export(
        small_dataset, request("sites", waves=("1", "2-4"), state=GeoState(regions=("53",), departement="29")), TODAY
    ).filename
    assert name == "fabriques_fabriques_finistere-29_vagues-1-2-4_2026-11-26.csv"
    assert build_export(small_dataset, request("kpis"), TODAY).filename == "fabriques_indicateurs_france_2026-11-26.csv"


@pytest.mark.parametrize(
    "dangerous", ["=1+1", "+33 1 23", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd", '=HYPERLINK("http://x","y")']
)
def test_formulas_are_neutralised(reference, dangerous):
    dataset = make_dataset([site("t-1", name=dangerous, porteur=dangerous)], reference)
    frame = export_frame(dataset, request("sites"))
    safe = neutralise_formulas(frame)
    assert safe.loc[0, "Nom"] == "'" + dangerous
    csv_table = read_csv(to_csv_bytes(frame))
    assert csv_table.loc[0, "Nom"].startswith("'")
    workbook = openpyxl.load_workbook(io.BytesIO(build_export(dataset, request("sites", "xlsx")).content))
    name_cell = workbook["Données"].cell(row=2, column=2)
    assert name_cell.data_type == "s" and name_cell.value == "'" + dangerous


def test_numbers_are_not_touched_by_the_formula_guard():
    frame = pd.DataFrame({"Nom": ["-a"], EURO: [-150_000.0]})
    safe = neutralise_formulas(frame)
    assert safe.loc[0, EURO] == -150_000.0 and safe.loc[0, "Nom"] == "'-a"


def test_download_callback(small_dataset):
    result = download(
        small_dataset,
        {"type": ids.DOWNLOAD_BUTTON, "target": "territory", "format": "csv"},
        1,
        [],
        ["44"],
        None,
        None,
        None,
        None,
    )
    assert result["filename"].startswith("fabriques_repartition-qpv-rural_grand-est_")
    assert result["base64"] is True


@pytest.mark.parametrize(
    "trigger",
    [
        {"type": ids.DOWNLOAD_BUTTON, "target": "passwords", "format": "csv"},
        {"type": ids.DOWNLOAD_BUTTON, "target": "sites", "format": "exe"},
        "junk",
        None,
    ],
)
def test_download_callback_refuses_unknown_targets_and_formats(small_dataset, trigger):
    from dash import no_update

    assert download(small_dataset, trigger, 1, [], [], None, None, None, None) is no_update


def test_exports_cover_the_empty_selection(small_dataset):
    for target in ("kpis", "funding", "territory", "types", "map", "sites"):
        frame = export_frame(small_dataset, request(target, state=GeoState(regions=("11",))))
        numeric = frame.select_dtypes("number")
        assert frame.empty or numeric.get("Lauréats", pd.Series([0])).sum() == 0, target


def test_cube_and_rows_agree_for_every_region(shipped_dataset):
    for region in shipped_dataset.reference.region_codes:
        rows = compute.filter_sites(shipped_dataset.sites, regions=[region])
        cube = compute.filter_cube(shipped_dataset.cube, regions=[region])
        assert len(rows) == cube["laureats"].sum()
        assert rows["amount_eur"].sum() == pytest.approx(cube["amount_eur"].sum())
