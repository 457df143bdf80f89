"""The sites table: selection, search, sort, pages, links, export."""

from dashboard.presentation import ids
from tests.blocks.helpers import export, render


def rows(outputs) -> list[str]:
    return [line for line in outputs["table"].splitlines()[2:]]


def test_follows_the_selection(small_dataset):
    outputs = render(small_dataset, "sites", regions=["44"])
    assert outputs["count"].startswith("3\u00a0fabriques · 1–3 affichées")
    assert len(rows(outputs)) == 3
    assert outputs["page_label"] == "Page 1 sur 1"
    assert outputs["previous_disabled"] and outputs["next_disabled"]


def test_each_name_links_to_the_view_of_its_site(small_dataset):
    outputs = render(small_dataset, "sites", waves=["1"])
    assert "[Fabrique t\\-1](?vague=1&region=44&dep=67&site=t-1)" in rows(outputs)[0]


def test_the_site_shown_is_marked(small_dataset):
    outputs = render(small_dataset, "sites", regions=["44"], departement="67", site="t-2")
    assert "(fiche affichée)" in rows(outputs)[1]


def test_sort_and_search(small_dataset):
    by_amount = render(small_dataset, "sites", trigger=ids.SITES_SORT, values={"sort": "amount_eur", "order": "asc"})
    assert "50\u202f000\u00a0€" in rows(by_amount)[0]
    descending = render(small_dataset, "sites", values={"sort": "amount_eur", "order": "desc"})
    assert "250\u202f000\u00a0€" in rows(descending)[0]
    found = render(small_dataset, "sites", values={"search": "brest"})
    assert found["count"].startswith("1\u00a0fabrique")


def test_pages(shipped_dataset):
    first = render(shipped_dataset, "sites")
    assert first["page"] == 1 and first["previous_disabled"] and not first["next_disabled"]
    second = render(shipped_dataset, "sites", trigger=ids.SITES_NEXT, values={"page": 1})
    assert second["page"] == 2 and second["count"].endswith("21–40 affichées")
    back = render(shipped_dataset, "sites", trigger=ids.SITES_PREVIOUS, values={"page": 2})
    assert back["page"] == 1
    # a new view starts on its first page
    assert render(shipped_dataset, "sites", trigger=ids.VIEW, values={"page": 5})["page"] == 1
    # past the last page: the last page
    assert render(shipped_dataset, "sites", trigger=ids.SITES_NEXT, values={"page": 999})["page"] == 20


def test_empty_state(small_dataset):
    assert render(small_dataset, "sites", regions=["11"])["table"] == "Aucune fabrique labellisée pour cette sélection."


def test_junk_values_are_ignored(small_dataset):
    outputs = render(small_dataset, "sites", values={"search": 12, "sort": "<script>", "order": [1], "page": "x"})
    assert outputs["count"].startswith("5\u00a0fabriques")


def test_export_is_every_row_in_the_table_order(small_dataset):
    frame = export(small_dataset, "sites", values={"sort": "amount_eur", "order": "desc"})
    assert frame["Identifiant"].tolist() == ["t-1", "t-2", "t-4", "t-5", "t-3"]
    assert frame["Montant engagé (€)"].sum() == 850_000
    assert export(small_dataset, "sites", values={"search": "strasbourg"})["Identifiant"].tolist() == ["t-1"]
