"""Coverage block on the small dataset, with the populations of data/population-*.csv:
Grand Est 5 563 378 inhabitants, 3 lauréats; Bretagne 2; France 68 350 798, 5 lauréats."""

import pytest

from dashboard.blocks.programme import PER_100K_LABEL
from tests.blocks.helpers import assert_valid, export, render

NATIONAL = 5 / 68_350_798 * 100_000  # 0,0073


def test_france_ranks_the_regions_on_the_measure(small_dataset):
    outputs = render(small_dataset, "coverage", measure="per_100k")
    figure = assert_valid(outputs["figure"])
    bars = figure.data[0]
    # Bretagne: 2 for 3 449 370 inhabitants (0,058) before Grand Est: 3 for 5 563 378 (0,054).
    assert len(bars.y) == 18 and list(bars.y[:2]) == ["Bretagne", "Grand Est"]
    assert bars.x[0] == pytest.approx(2 / 3_449_370 * 100_000)
    assert figure.layout.shapes[0].x0 == pytest.approx(NATIONAL)  # the national average
    assert outputs["summary"].startswith("France entière, toutes vagues : 0,01 lauréat pour 100\u202f000 habitants ;")
    assert "moyenne nationale" not in outputs["summary"]


def test_a_region_beside_the_national_average(small_dataset):
    outputs = render(small_dataset, "coverage", regions=["44"], measure="per_100k")
    bars = outputs["figure"]["data"][0]
    assert bars["y"][0] == "Bas-Rhin" and len(bars["y"]) == 10
    assert outputs["summary"].startswith(
        "Grand Est, toutes vagues : 0,05 lauréat pour 100\u202f000 habitants (moyenne nationale 0,01)"
    )
    frame = export(small_dataset, "coverage", regions=["44"])
    assert frame["Territoire"].tolist()[-2:] == ["Grand Est", "France entière"]
    grand_est = frame.iloc[-2]
    assert grand_est["Population"] == 5_563_378 and grand_est["Lauréats"] == 3
    assert grand_est[PER_100K_LABEL] == pytest.approx(3 / 5_563_378 * 100_000, abs=1e-4)


def test_a_departement_is_highlighted_among_its_region(small_dataset):
    outputs = render(small_dataset, "coverage", regions=["44"], departement="67")
    bars = outputs["figure"]["data"][0]
    highlighted = [name for name, colour in zip(bars["y"], bars["marker"]["color"]) if colour == "#B34000"]
    assert highlighted == ["Bas-Rhin"]
    assert outputs["summary"].startswith("Bas-Rhin (67), toutes vagues : 0,26 lauréat")
    # Strasbourg, Schiltigheim, Monswiller: 330 474 of 1 163 810 inhabitants.
    assert "28\u00a0% de la population vit dans une commune qui accueille un lauréat" in outputs["summary"]
    site = render(small_dataset, "coverage", regions=["44"], departement="67", site="t-1")
    assert site["summary"].startswith("Fabrique t-1, toutes vagues : 0,26 lauréat")


def test_a_wave_click_changes_the_rates(small_dataset):
    outputs = render(small_dataset, "coverage", waves=["2023"], regions=["53"])
    assert outputs["summary"].startswith("Bretagne, Vague 2023 : 0,00 lauréat pour 100\u202f000 habitants")
    assert "aucun" not in outputs["note"]


def test_count_measures_have_no_average_line(small_dataset):
    outputs = render(small_dataset, "coverage", measure="amount_eur")
    assert outputs["figure"]["layout"]["shapes"] == []
    assert outputs["figure"]["data"][0]["x"][0] == 550_000


def test_saint_martin_is_left_out_of_the_rates(reference):
    from tests.conftest import make_dataset, site

    dataset = make_dataset(
        [site("t-1"), site("t-9", departement_code="978", commune_code="97801", commune="Saint-Martin")], reference
    )
    outputs = render(dataset, "coverage")
    assert "Saint-Martin (1\u00a0lauréat) : hors taux" in outputs["note"]
    assert "Collectivités d'outre-mer" not in outputs["figure"]["data"][0]["y"]
