"""The site card."""

from dashboard.blocks.site_card import NO_SITE
from tests.blocks.helpers import render
from tests.conftest import make_dataset, site


def test_card_of_a_site(small_dataset):
    card = render(small_dataset, "site_card", regions=["53"], departement="29", site="t-5")["card"]
    assert card.startswith("### Fabrique t\\-5")
    assert "**Montant engagé** : 150\u202f000\u00a0€" in card


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
