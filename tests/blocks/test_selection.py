"""The heading of the view: breadcrumb links, summary sentence, empty notice, title."""

from tests.blocks.helpers import render


def crumbs(outputs) -> list[tuple[str, str]]:
    """(label, href) of the visible links, then the current place."""
    links = [
        (outputs[f"{level}_label"], outputs[f"{level}_href"])
        for level in ("france", "region", "departement")
        if not outputs[f"{level}_hidden"]
    ]
    return links + [(outputs["current"], None)]


def test_national_view(small_dataset):
    outputs = render(small_dataset, "selection")
    assert crumbs(outputs) == [("France entière", None)]
    assert outputs["summary"] == (
        "France entière · Toutes les vagues : 5\u00a0lauréats (4 des vagues 1 à 8, 1 de la vague 2023) ; "
        "montant publié 850\u202f000\u00a0€ (liste ANCT du 26/01/2024)."
    )
    assert not outputs["empty"]
    assert outputs["page_title"] == "France entière — Fabriques de territoire (ANCT)"


def test_estimated_amounts_are_called_estimates(scale_dataset):
    summary = render(scale_dataset, "selection")["summary"]
    assert "montant estimé 450\u202f000 à 600\u202f000\u00a0€ selon le barème publié" in summary


def test_each_link_keeps_the_waves_and_goes_up_one_level(small_dataset):
    outputs = render(small_dataset, "selection", waves=["1"], regions=["53"], departement="29", site="t-4")
    assert crumbs(outputs) == [
        ("France entière", "?vague=1"),
        ("Bretagne", "?vague=1&region=53"),
        ("Finistère (29)", "?vague=1&region=53&dep=29"),
        ("Fabrique t-4", None),
    ]


def test_empty_selection(small_dataset):
    outputs = render(small_dataset, "selection", waves=["5"], regions=["44"])
    assert outputs["empty"]
    assert "aucune fabrique" in outputs["summary"]
