"""KPI block: each target against its own scope (hand-made datasets, tests/conftest.py)."""

from dashboard.presentation import ids
from tests.blocks.helpers import export, render

NNBSP, NBSP = "\u202f", "\u00a0"


def cards(outputs) -> dict[str, dict]:
    """Card id -> value, reference, note and whether a progress bar is drawn."""
    shown = {}
    for column in outputs["cards"]:
        card = column.children
        body = card.children.children
        value_line = body[1].children
        notes = [part.children for part in body[2:] if getattr(part, "className", "").startswith("kpi-note")]
        shown[card.id] = {
            "value": value_line[0].children,
            "reference": value_line[1].children.strip(),
            "bar": any(getattr(part, "role", None) == "progressbar" for part in body),
            "note": notes[0] if notes else "",
        }
    return shown


def test_national_view_compares_waves_1_to_8_with_the_targets(small_dataset):
    shown = cards(render(small_dataset, "kpis"))
    assert shown["kpi-laureats"]["value"] == "5"
    assert shown["kpi-laureats"]["reference"] == "dont 4 des vagues 1 à 8 · objectif 300"
    assert shown["kpi-laureats"]["bar"]
    assert "+ 1\u00a0lauréat de la vague 2023" in shown["kpi-laureats"]["note"]
    # QPV and rural count waves 1-8 only: Monswiller (2023, rural) is not in the rural count.
    # Brest (waves 2-4, unknown) counts in QPV: the programme published 102 in QPV and 68 rural for waves 1-3,
    # more than this file identifies, and the QPV count comes first (broadest counts first, then in order).
    assert (shown["kpi-qpv"]["value"], shown["kpi-rural"]["value"]) == ("4", "0")
    assert shown["kpi-qpv"]["bar"] and "cible 150" in shown["kpi-qpv"]["reference"]
    assert shown["kpi-amount"]["value"] == f"850{NNBSP}000{NBSP}€"  # published by the file itself: exact
    assert not shown["kpi-amount"]["bar"]


def test_wave_2023_alone_draws_no_progress(small_dataset):
    shown = cards(render(small_dataset, "kpis", waves=["2023"]))
    assert shown["kpi-laureats"]["value"] == "1"
    assert "hors objectif initial" in shown["kpi-laureats"]["reference"]
    assert not any(card["bar"] for key, card in shown.items() if key != "kpi-departements")
    assert shown["kpi-qpv"]["reference"] == "cible non applicable à la vague 2023"
    assert shown["kpi-numeriques"]["value"] == "0"


def test_a_place_gets_the_national_target_as_context(small_dataset):
    shown = cards(render(small_dataset, "kpis", regions=["44"], departement="67"))
    assert shown["kpi-laureats"]["value"] == "3"
    assert (
        shown["kpi-laureats"]["reference"]
        == "objectif national 300 (vagues 1 à 8) : contexte, non déclinable par territoire"
    )
    assert not any(card["bar"] for card in shown.values())
    assert "kpi-departements" not in shown  # "1 département sur 1" says nothing
    assert shown["kpi-laureats"]["note"] == "dont 2 des vagues 1 à 8 et 1 de la vague 2023"


def test_a_wave_subset_gets_the_national_target_as_context(small_dataset):
    shown = cards(render(small_dataset, "kpis", waves=["1"]))
    assert "non déclinable par vague" in shown["kpi-laureats"]["reference"]
    assert not shown["kpi-laureats"]["bar"] and not shown["kpi-qpv"]["bar"]


def test_estimated_amounts_are_a_range(scale_dataset):
    shown = cards(render(scale_dataset, "kpis"))
    assert shown["kpi-amount"]["value"] == f"≤{NBSP}600{NNBSP}000{NBSP}€"  # the upper bound, stated as such
    assert shown["kpi-amount"]["reference"].startswith(
        f"fourchette estimée 450{NNBSP}000 à 600{NNBSP}000{NBSP}€ · vagues 1 à 8 : 400{NNBSP}000 à 550{NNBSP}000{NBSP}€"
    )
    assert "estimation, pas un montant publié" in shown["kpi-amount"]["note"]
    assert f"dont 150{NNBSP}000{NBSP}€ publiés (1{NBSP}fabrique)" in shown["kpi-amount"]["note"]


def test_derived_values_are_told_apart(scale_dataset):
    shown = cards(render(scale_dataset, "kpis"))
    assert f"1{NBSP}identifié (par la grille de densité INSEE)" in shown["kpi-rural"]["note"]
    assert f"1{NBSP}identifiée (par la règle du nom)" in shown["kpi-numeriques"]["note"]
    assert f"1{NBSP}identifié (publié)" in shown["kpi-qpv"]["note"]


def test_export_counts_are_integers_and_estimates_have_no_share(scale_dataset):
    frame = export(scale_dataset, "kpis").set_index("Indicateur")
    assert str(frame["Valeur"].dtype) == "int64"
    assert frame.loc["Lauréats, toutes vagues", "Valeur"] == 4
    assert frame.loc["Lauréats des vagues 1 à 8", "Valeur"] == 3
    assert frame.loc["Lauréats des vagues 1 à 8", "Référence (objectif ou total)"] == 300
    assert frame.loc["Montant estimé, bas du barème", "Valeur"] == 400_000
    assert frame.loc["Montant estimé, plafond du barème", "Valeur"] == 550_000
    assert frame.loc["Montant de la vague 2023", "Valeur"] == 50_000
    assert (
        frame.loc["Montant estimé, plafond du barème", "Part de la référence (%)"] is None
        or (frame["Part de la référence (%)"].isna()["Montant estimé, plafond du barème"])
    )
    assert ids.kpi_value("laureats") == "kpi-laureats-value"
