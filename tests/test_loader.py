"""Reading and validating datasets: every bad input names the file, the line and the column."""

import subprocess
import sys

import pandas as pd
import pytest

from dashboard.data.loader import DatasetError, load_dataset, read_table
from tests.conftest import ROOT, site

GOOD_ROWS = [
    site("t-1"),
    site(
        "t-2",
        departement_code="01",
        commune_code="01053",
        commune="Bourg-en-Bresse",
        wave="5",
        type="ressource",
        territory="rural",
        amount_eur="150000",
    ),
]


def write_csv(path, rows, sep=",", encoding="utf-8"):
    pd.DataFrame(rows, dtype=str).to_csv(path, sep=sep, index=False, encoding=encoding)
    return path


def problems_of(path, reference):
    with pytest.raises(DatasetError) as caught:
        load_dataset(path, reference)
    return caught.value


def test_shipped_dataset_loads(shipped_dataset):
    assert len(shipped_dataset.sites) == 382
    assert shipped_dataset.sites["id"].is_unique


@pytest.mark.parametrize(
    "sep,encoding", [(",", "utf-8"), (";", "utf-8"), (";", "utf-8-sig"), (";", "cp1252"), ("\t", "utf-8")]
)
def test_csv_dialects_excel_writes(tmp_path, reference, sep, encoding):
    rows = GOOD_ROWS + [
        site(
            "t-3",
            commune="Sélestat",
            commune_code="67462",
            wave="2023",
            type="ressource",
            territory="non précisé",
            amount_eur="50 000",
        )
    ]
    dataset = load_dataset(write_csv(tmp_path / "f.csv", rows, sep, encoding), reference)
    assert dataset.sites["commune"].tolist()[-1] == "Sélestat"
    assert dataset.sites["amount_eur"].sum() == 450_000
    assert dataset.sites["region"].tolist()[0] == "Grand Est"  # filled in from the code


def test_xlsx(tmp_path, reference):
    path = tmp_path / "f.xlsx"
    with pd.ExcelWriter(path) as writer:
        pd.DataFrame({"lisez-moi": ["notes du gestionnaire"]}).to_excel(writer, sheet_name="Notes", index=False)
        pd.DataFrame(GOOD_ROWS).to_excel(writer, sheet_name="fabriques", index=False)
    dataset = load_dataset(path, reference)
    assert dataset.sites["id"].tolist() == ["t-1", "t-2"]
    assert dataset.sites["commune_code"].tolist() == ["67482", "01053"]


def test_french_headers_of_exports_are_accepted(tmp_path, reference):
    rows = [
        {
            "Identifiant": "t-1",
            "Nom": "A",
            "Commune": "Strasbourg",
            "Code INSEE commune": "67482",
            "Code département": "67",
            "Code vague": "1",
            "Type": "Numérique",
            "Territoire": "qpv",
            "Montant engagé (€)": "250000",
        }
    ]
    dataset = load_dataset(write_csv(tmp_path / "f.csv", rows, ";"), reference)
    assert dataset.sites.loc[0, "type"] == "numérique"
    assert dataset.sites.loc[0, "territory"] == "QPV"


def test_missing_column(tmp_path, reference):
    rows = [{k: v for k, v in row.items() if k != "wave"} for row in GOOD_ROWS]
    error = problems_of(write_csv(tmp_path / "missing.csv", rows), reference)
    assert "missing.csv" in str(error)
    assert "ligne 1, colonne « wave » : colonne obligatoire absente" in str(error)


def test_wrong_type_names_line_and_column(tmp_path, reference):
    rows = GOOD_ROWS + [site("t-3", amount_eur="beaucoup")]
    error = problems_of(write_csv(tmp_path / "bad.csv", rows), reference)
    assert len(error.problems) == 1
    problem = error.problems[0]
    assert (problem.line, problem.column) == (4, "amount_eur")  # header is line 1
    assert "ligne 4, colonne « amount_eur » : « beaucoup » n'est pas un montant" in str(error)


def test_unknown_codes(tmp_path, reference):
    rows = GOOD_ROWS + [site("t-3", departement_code="99", commune_code="99001"), site("t-4", wave="11")]
    error = problems_of(write_csv(tmp_path / "codes.csv", rows), reference)
    messages = {(p.line, p.column): p.message for p in error.problems}
    assert "code département « 99 » inconnu" in messages[(4, "departement_code")]
    assert "vague « 11 » inconnue" in messages[(5, "wave")]


def test_insee_code_that_lost_its_leading_zero(tmp_path, reference):
    rows = [site("t-1", departement_code="1", commune_code="1053")]
    error = problems_of(write_csv(tmp_path / "zeros.csv", rows), reference)
    text = str(error)
    assert "zéro initial perdu ? (attendu « 01 »)" in text
    assert "zéro initial perdu ? (attendu « 01053 »)" in text


def test_duplicate_id(tmp_path, reference):
    rows = GOOD_ROWS + [site("t-1", commune="Autre")]
    error = problems_of(write_csv(tmp_path / "dup.csv", rows), reference)
    assert [(p.line, p.column) for p in error.problems] == [(4, "id")]
    assert "identifiant « t-1 » déjà utilisé ligne 2" in str(error)


@pytest.mark.parametrize("amount,expected", [("-150000", "montant négatif"), ("15000000", "invraisemblable")])
def test_negative_or_absurd_amount(tmp_path, reference, amount, expected):
    rows = GOOD_ROWS + [site("t-3", amount_eur=amount)]
    error = problems_of(write_csv(tmp_path / "amount.csv", rows), reference)
    assert (error.problems[0].line, error.problems[0].column) == (4, "amount_eur")
    assert expected in error.problems[0].message


def test_unknown_category_and_inconsistent_provenance(tmp_path, reference):
    rows = [site("t-1", type="tiers-lieu"), site("t-2", territory="non précisé", territory_status="publié")]
    error = problems_of(write_csv(tmp_path / "cat.csv", rows), reference)
    messages = {(p.line, p.column): p.message for p in error.problems}
    assert "valeur « tiers-lieu » non admise" in messages[(2, "type")]
    assert "incohérente" in messages[(3, "territory_status")]


def test_region_that_contradicts_the_departement(tmp_path, reference):
    rows = [site("t-1", region_code="53")]
    error = problems_of(write_csv(tmp_path / "region.csv", rows), reference)
    assert "« 53 » ne correspond pas au département 67 (attendu « 44 »)" in str(error)


def test_commune_outside_its_departement(tmp_path, reference):
    error = problems_of(write_csv(tmp_path / "c.csv", [site("t-1", commune_code="29039")]), reference)
    assert "n'appartient pas au département 67" in str(error)


@pytest.mark.parametrize(
    "content,expected",
    [
        (b"", "le fichier est vide"),
        (b"id,name,commune,commune_code,departement_code,wave,type,territory,amount_eur\n", "aucune ligne"),
        (b"<!DOCTYPE html><html><body>Erreur 404</body></html>", "page HTML"),
    ],
)
def test_empty_header_only_and_html(tmp_path, reference, content, expected):
    path = tmp_path / "f.csv"
    path.write_bytes(content)
    assert expected in str(problems_of(path, reference))


def test_missing_file(tmp_path, reference):
    assert "fichier introuvable" in str(problems_of(tmp_path / "absent.csv", reference))


def test_duplicated_header(tmp_path, reference):
    path = tmp_path / "f.csv"
    path.write_text("id,name,id\n1,2,3\n", encoding="utf-8")
    assert "colonne en double dans l'en-tête : id" in str(problems_of(path, reference))


def test_read_table_keeps_codes_as_text(tmp_path):
    table = read_table(write_csv(tmp_path / "f.csv", GOOD_ROWS))
    assert table["commune_code"].tolist() == ["67482", "01053"]


def test_bad_file_at_start_up_exits_with_the_message(tmp_path):
    bad = write_csv(tmp_path / "bad.csv", GOOD_ROWS + [site("t-1")])
    result = subprocess.run(
        [sys.executable, "-c", "import app"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"FABRIQUES_DATA": str(bad), "PATH": "/usr/bin:/bin"},
        timeout=60,
    )
    assert result.returncode != 0
    assert "bad.csv" in result.stderr and "identifiant « t-1 » déjà utilisé ligne 2" in result.stderr
    assert "Traceback" not in result.stderr


def test_utf16_text_from_excel_is_accepted(tmp_path, reference):
    """Excel's "Texte Unicode (*.txt)": UTF-16 with a byte order mark, tab-separated."""
    path = tmp_path / "f.txt"
    pd.DataFrame(GOOD_ROWS, dtype=str).to_csv(path, sep="\t", index=False, encoding="utf-16")
    assert load_dataset(path, reference).sites["id"].tolist() == ["t-1", "t-2"]


def test_xlsx_data_sheet_is_found_among_others(tmp_path, reference):
    path = tmp_path / "f.xlsx"
    with pd.ExcelWriter(path) as writer:
        pd.DataFrame({"À lire": ["notes"]}).to_excel(writer, sheet_name="Notes", index=False)
        pd.DataFrame(GOOD_ROWS).to_excel(writer, sheet_name="Feuil2", index=False)
    assert load_dataset(path, reference).sites["id"].tolist() == ["t-1", "t-2"]


def test_xlsx_date_cells_are_read_as_dates(tmp_path, reference):
    path = tmp_path / "f.xlsx"
    rows = [dict(GOOD_ROWS[0], wave_announced=pd.Timestamp("2020-02-03"))]
    pd.DataFrame(rows).to_excel(path, index=False)
    assert load_dataset(path, reference).sites.loc[0, "wave_announced"] == "2020-02-03"


def test_lower_case_corsican_codes_and_blank_lines(tmp_path, reference):
    path = tmp_path / "f.csv"
    rows = GOOD_ROWS + [
        site(
            "t-3",
            departement_code="2a",
            commune_code="2a004",
            commune="Ajaccio",
            wave="2023",
            type="ressource",
            amount_eur="50000",
        )
    ]
    text = pd.DataFrame(rows, dtype=str).to_csv(index=False)
    path.write_text(text.replace("\n", "\n\n", 1), encoding="utf-8")  # a blank line under the header
    dataset = load_dataset(path, reference)
    assert dataset.sites["departement_code"].tolist()[-1] == "2A"
    assert dataset.sites["region"].tolist()[-1] == "Corse"


def test_version_is_the_hash_of_the_bytes(tmp_path, reference):
    import hashlib

    path = write_csv(tmp_path / "f.csv", GOOD_ROWS)
    dataset = load_dataset(path, reference)
    assert dataset.version == hashlib.sha256(path.read_bytes()).hexdigest()
    assert dataset.signature.size == path.stat().st_size


# --- issue 12, item 8: edge cases of the audit ------------------------------------------


def test_a_bare_cr_inside_a_quoted_cell_is_a_line_break_not_a_missing_value(tmp_path, reference):
    path = tmp_path / "f.csv"
    text = write_csv(tmp_path / "base.csv", GOOD_ROWS).read_text(encoding="utf-8")
    path.write_bytes(text.replace("Fabrique t-2", '"Fabrique\rdu port"', 1).encode("utf-8"))
    dataset = load_dataset(path, reference)
    assert dataset.sites["name"].tolist() == ["Fabrique t-1", "Fabrique\ndu port"]


def test_a_csv_named_xlsx_is_read_as_csv(tmp_path, reference):
    path = tmp_path / "fabriques.xlsx"
    write_csv(path, GOOD_ROWS)
    assert load_dataset(path, reference).sites["id"].tolist() == ["t-1", "t-2"]


@pytest.mark.parametrize(
    "typed,amount",
    [
        ("150000", 150_000),
        ("150 000", 150_000),
        ("150000,50", 150_000.5),
        ("150.000,50", 150_000.5),
        ("150,000.50", 150_000.5),
        ("1.500", None),
        ("150,000", None),
        ("150.000", None),
        ("1,5", 1.5),
    ],
)
def test_amounts_follow_an_explicit_french_rule(tmp_path, reference, typed, amount):
    path = write_csv(tmp_path / "f.csv", [site("t-1", amount_eur=typed)], sep=";")
    if amount is None:
        error = problems_of(path, reference)
        assert f"montant « {typed} » ambigu" in str(error) and "ligne 2, colonne « amount_eur »" in str(error)
    else:
        assert load_dataset(path, reference).sites["amount_eur"].tolist() == [amount]


def test_a_point_outside_its_departement_is_refused(tmp_path, reference):
    rows = [site("t-1", latitude="43.3", longitude="5.4")]  # Marseille, for a Strasbourg site
    error = problems_of(write_csv(tmp_path / "f.csv", rows), reference)
    assert "ligne 2, colonne « latitude » : point (43.3, 5.4) hors du département 67 : coordonnées fausses ?" in str(
        error
    )


def test_the_shipped_points_are_all_in_their_departement(shipped_dataset):
    assert shipped_dataset.sites["latitude"].notna().sum() > 300


@pytest.mark.parametrize("character", ["\x0b", "\x01", "\x08", "\x1f"])  # NUL: "contenu binaire"
def test_control_characters_are_refused_with_line_and_column(tmp_path, reference, character):
    path = tmp_path / "f.csv"
    text = write_csv(tmp_path / "base.csv", GOOD_ROWS).read_text(encoding="utf-8")
    path.write_bytes(text.replace("Fabrique t-2", f"Fabrique{character}t-2", 1).encode("utf-8"))
    error = problems_of(path, reference)
    assert f"ligne 3, colonne « name » : caractère de contrôle invisible (U+{ord(character):04X})" in str(error)
