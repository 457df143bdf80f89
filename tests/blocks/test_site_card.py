"""The site card."""

from dashboard.blocks.site_card import NO_SITE
from tests.blocks.helpers import render
from tests.conftest import make_dataset, site


def test_card_of_a_site(small_dataset):
    card = render(small_dataset, "site_card", regions=["53"], departement="29", site="t-5")["card"]
    assert card.startswith("### Fabrique t\\-5")
    assert "**Montant** : 150\u202f000\u00a0€ (publié)" in card


def test_an_amount_from_the_scale_is_an_estimated_range(scale_dataset):
    card = render(scale_dataset, "site_card", regions=["44"], departement="67", site="s-1")["card"]
    assert "**Montant** : 175\u202f000 à 250\u202f000\u00a0€, estimé selon le barème (dérivé)" in card
    flat = render(scale_dataset, "site_card", regions=["44"], departement="67", site="s-4")["card"]
    assert "**Montant** : 50\u202f000\u00a0€, estimé \\(forfait de la vague\\) (dérivé)" in flat


def test_sources_show_their_title_and_date(reference):
    dataset = make_dataset(
        [
            site(
                "t-1",
                type_status="publié",
                type_source="communique-prefecture-bas-rhin-2021.txt (préfecture du Bas-Rhin, printemps 2021)",
            )
        ],
        reference,
    )
    card = render(dataset, "site_card", site="t-1")["card"]
    assert "Le Bas\\-Rhin compte désormais 4 fabriques numériques de territoire" in card
    assert "printemps 2021" in card and "Source : communique" not in card


def test_no_site(small_dataset):
    assert render(small_dataset, "site_card")["card"] == NO_SITE
    assert render(small_dataset, "site_card", site="nope")["card"] == NO_SITE


def test_hostile_text_stays_text(reference):
    dataset = make_dataset(
        [site("t-1", name="[clic](javascript:alert(1)) <b>x</b>", sources="javascript:alert(1) | https://ok.fr/a")],
        reference,
    )
    card = render(dataset, "site_card", site="t-1")["card"]
    assert "](javascript" not in card and "<b>" not in card
    assert "[ok\\.fr](https://ok.fr/a)" in card
