"""KPI block."""

from dashboard.presentation import ids
from tests.blocks.helpers import export, render


def kpi_values(outputs) -> dict[str, str]:
    values = {}
    for column in outputs["cards"]:
        card = column.children
        body = card.children.children
        values[card.id] = body[1].children[0].children
    return values


def test_unfiltered(small_dataset):
    values = kpi_values(render(small_dataset, "kpis"))
    assert values["kpi-laureats"] == "5"
    assert values["kpi-amount"] == "850\u202f000\u00a0€"


def test_each_level(small_dataset):
    assert kpi_values(render(small_dataset, "kpis", regions=["44"]))["kpi-qpv"] == "2"
    assert kpi_values(render(small_dataset, "kpis", regions=["53"], departement="29"))["kpi-laureats"] == "2"
    site = kpi_values(render(small_dataset, "kpis", regions=["53"], departement="29", site="t-4"))
    assert (site["kpi-laureats"], site["kpi-amount"]) == ("1", "150\u202f000\u00a0€")


def test_wave_filter(small_dataset):
    values = kpi_values(render(small_dataset, "kpis", waves=["2023"]))
    assert (values["kpi-laureats"], values["kpi-rural"]) == ("1", "1")


def test_export_has_one_row_per_card(small_dataset):
    frame = export(small_dataset, "kpis").set_index("Indicateur")
    assert frame.loc["Lauréats", "Valeur"] == 5
    assert frame.loc["Montant engagé", "Référence"] == 45_000_000
    assert ids.kpi_value("laureats") == "kpi-laureats-value"
