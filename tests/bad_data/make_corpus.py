"""Write the malformed datasets of this folder (committed; rerun after changing a case).

    python tests/bad_data/make_corpus.py

Each file is a small, realistic mistake a manager could make by hand in Excel or a text
editor. ``manifest.toml`` states, for each, the message fragment, line and column the
loader must report; ``tests/test_bad_data.py`` checks them. The 100 MB file and the
files that vanish or change while read are made at test time, never committed. It also
writes ``../good_data/fabriques.csv``, the valid file these cases are variations of.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent

HEADER = ["id", "name", "commune", "commune_code", "departement_code", "wave", "type", "territory", "amount_eur"]
ROWS = [  # lines 2, 3, 4 of each file
    ["fabt-1", "La Fabrique du Neuhof", "Strasbourg", "67482", "67", "1", "numérique", "QPV", "250000"],
    ["fabt-2", "Le Tiers-Lieu de Bourg", "Bourg-en-Bresse", "01053", "01", "5", "ressource", "rural", "150000"],
    ["fabt-3", "L'Atelier", "Brest", "29019", "29", "2023", "ressource", "non précisé", "50000"],
]


def table(header=None, rows=None, changes=None, extra=None) -> tuple[list[str], list[list[str]]]:
    """The base table with ``changes`` {(row index, column): value} and ``extra``
    columns {name: [value per row]} applied."""
    header = list(header or HEADER)
    rows = [list(row) for row in (rows or ROWS)]
    for name, values in (extra or {}).items():
        header.append(name)
        for row, value in zip(rows, values):
            row.append(value)
    for (index, column), value in (changes or {}).items():
        rows[index][header.index(column)] = value
    return header, rows


def csv_text(header, rows, sep=",") -> str:
    def cell(value: str) -> str:
        return f'"{value}"' if sep in value or '"' in value else value

    return "\n".join(sep.join(cell(v) for v in line) for line in [header, *rows]) + "\n"


def write_csv(name: str, header, rows, sep=",", encoding="utf-8") -> None:
    (HERE / name).write_bytes(csv_text(header, rows, sep).encode(encoding))


def write_text(name: str, text: str, encoding="utf-8") -> None:
    (HERE / name).write_bytes(text.encode(encoding))


def workbook(sheets: dict[str, list[list]]) -> openpyxl.Workbook:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, lines in sheets.items():
        sheet = book.create_sheet(title)
        for line in lines:
            sheet.append(line)
    return book


def save(book: openpyxl.Workbook, name: str) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    (HERE / name).write_bytes(buffer.getvalue())
    return buffer.getvalue()


def main() -> None:
    # The valid file that the reload test serves before overwriting it with each bad one.
    (HERE.parent / "good_data").mkdir(exist_ok=True)
    (HERE.parent / "good_data" / "fabriques.csv").write_text(csv_text(HEADER, ROWS), encoding="utf-8")
    # Columns
    write_csv(
        "missing_column.csv",
        [h for h in HEADER if h != "wave"],
        [[v for h, v in zip(HEADER, row) if h != "wave"] for row in ROWS],
    )
    write_csv("renamed_column.csv", [h if h != "amount_eur" else "Montant engagé" for h in HEADER], ROWS)
    write_csv("duplicated_column.csv", HEADER + ["id"], [row + [row[0]] for row in ROWS])
    write_csv("duplicated_alias.csv", HEADER + ["Type"], [row + [row[6]] for row in ROWS])
    # Empty
    write_text("empty.csv", "")
    write_text("blank_lines_only.csv", "\n  \n\n")
    write_text("header_only.csv", ",".join(HEADER) + "\n")
    # Types and values
    write_csv("wrong_type_amount.csv", *table(changes={(1, "amount_eur"): "cent cinquante mille"}))
    write_csv("wrong_type_latitude.csv", *table(extra={"latitude": ["48°35'N", "46.2", "48.39"]}))
    write_csv("missing_value.csv", *table(changes={(1, "name"): ""}))
    write_csv("unknown_type.csv", *table(changes={(2, "type"): "tiers-lieu"}))
    write_csv(
        "inconsistent_provenance.csv",
        *table(changes={(2, "territory"): "non précisé"}, extra={"territory_status": ["publié", "dérivé", "publié"]}),
    )
    write_csv("negative_amount.csv", *table(changes={(1, "amount_eur"): "-150000"}))
    write_csv("absurd_amount.csv", *table(changes={(0, "amount_eur"): "250000000"}))
    many = [[f"fabt-{i}", "Fabrique", "Brest", "29019", "29", "2023", "ressource", "rural", "-1"] for i in range(150)]
    write_csv("many_errors.csv", HEADER, many)
    # Codes
    write_csv("unknown_departement.csv", *table(changes={(2, "departement_code"): "99", (2, "commune_code"): "99001"}))
    write_csv("unknown_region.csv", *table(extra={"region_code": ["99", "84", "53"]}))
    write_csv("region_mismatch.csv", *table(extra={"region_code": ["53", "84", "53"]}))
    write_csv("lost_zero_departement.csv", *table(changes={(1, "departement_code"): "1"}))
    write_csv("lost_zero_commune.csv", *table(changes={(1, "commune_code"): "1053"}))
    write_csv("commune_outside_departement.csv", *table(changes={(0, "commune_code"): "29019"}))
    write_csv("duplicate_id.csv", *table(changes={(2, "id"): "fabt-1"}))
    write_csv("unknown_wave.csv", *table(changes={(1, "wave"): "9"}))
    # Dates
    write_csv("date_wrong_format.csv", *table(extra={"wave_announced": ["15/07/2020", "", ""]}))
    write_csv("date_impossible.csv", *table(extra={"wave_announced": ["", "", "2023-02-30"]}))
    # Separators, quoting, layout of the text
    header, rows = table()
    write_text(
        "mixed_separators.csv", csv_text(header, rows[:1], ";") + csv_text(header, rows[1:], ",").split("\n", 1)[1]
    )
    write_text("extra_field.csv", csv_text(header, rows).replace("Le Tiers-Lieu de Bourg", "Le Tiers-Lieu, Bourg"))
    write_text("unbalanced_quote.csv", csv_text(header, rows).replace("Le Tiers-Lieu", '"Le Tiers-Lieu'))
    write_text(
        "title_row_above_header.csv", "Suivi des fabriques de territoire;;;;;;;;\n" + csv_text(header, rows, ";")
    )
    text = csv_text(*table(changes={(2, "wave"): "vague 8"}))
    lines = text.split("\n")
    write_text("blank_line_before_error.csv", "\n".join(lines[:3] + [""] + lines[3:]))  # error on line 5
    # Encodings
    write_csv(
        "windows1252_bad_type.csv",
        *table(changes={(0, "type"): "numérik", (0, "commune"): "Sélestat", (0, "commune_code"): "67462"}),
        sep=";",
        encoding="cp1252",
    )
    write_csv(
        "utf8_bom_semicolon_bad_amount.csv",
        *table(changes={(2, "amount_eur"): "-50 000,00"}),
        sep=";",
        encoding="utf-8-sig",
    )
    utf8_part = csv_text(*table(rows=ROWS[:2]))
    cp1252_part = csv_text(*table(rows=ROWS[2:], changes={(0, "commune"): "Plouézec"})).split("\n", 1)[1]
    (HERE / "mixed_encoding.csv").write_bytes(utf8_part.encode("utf-8") + cp1252_part.encode("cp1252"))
    # Not a table at all
    write_text(
        "html_page.csv",
        "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>"
        "<body><h1>502 Bad Gateway</h1></body></html>\n",
    )
    (HERE / "pdf_renamed.csv").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n")
    (HERE / "excel97.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    with zipfile.ZipFile(HERE / "libreoffice.ods", "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    # XLSX
    header, rows = table()
    merged = workbook({"fabriques": [["Suivi des fabriques de territoire 2024"], header, *rows]})
    merged["fabriques"].merge_cells("A1:I1")
    save(merged, "xlsx_merged_header.xlsx")
    save(workbook({"2023": [header, *rows], "2024": [header, *rows]}), "xlsx_two_data_sheets.xlsx")
    bad_wave = table(changes={(1, "wave"): "vague 3"})
    save(
        workbook(
            {
                "Notes": [["À lire"], ["Données du 12/03/2024"]],
                "fabriques": [bad_wave[0], *bad_wave[1]],
                "TCD": [["Vague", "Nombre"], ["1", 1]],
            }
        ),
        "xlsx_extra_sheets_bad_wave.xlsx",
    )
    numeric = [
        [
            int(v) if v.isdigit() and h in {"commune_code", "departement_code", "amount_eur"} else v
            for h, v in zip(header, row)
        ]
        for row in rows
    ]
    save(workbook({"fabriques": [header, *numeric]}), "xlsx_codes_as_numbers.xlsx")
    whole = save(workbook({"fabriques": [header, *rows]}), "xlsx_truncated.xlsx")
    (HERE / "xlsx_truncated.xlsx").write_bytes(whole[: len(whole) // 2])
    write_audit_cases()


def write_audit_cases() -> None:
    """Cases found by the audit of issue 12 (item 8, item 4)."""
    write_csv("ambiguous_amount.csv", *table(changes={(1, "amount_eur"): "150.000"}))
    coordinates = {"latitude": ["7.76758", "46.20574", "48.39029"], "longitude": ["48.57106", "5.22580", "-4.48601"]}
    write_csv("swapped_coordinates.csv", *table(extra=coordinates))
    write_csv("control_character.csv", *table(changes={(2, "name"): "L'Atelier\x0bdu port"}))
    # A CSV saved under a workbook's name: read as CSV (its content says so), real error reported.
    (HERE / "csv_named_xlsx_bad_wave.xlsx").write_text(
        csv_text(*table(changes={(1, "wave"): "vague 3"})), encoding="utf-8"
    )


if __name__ == "__main__":
    main()
