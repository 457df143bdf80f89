"""Coverage computations on hand-made arrays, then on the small dataset (tests/conftest.py)
with the populations of data/population-*.csv."""

import numpy as np
import pytest

from dashboard.analysis.coverage import (
    Figures,
    build_base,
    parent_commune,
    rate,
    zero_laureat_departements,
)
from tests.conftest import make_dataset, site


def figures(**arrays) -> Figures:
    """Four départements A, B, C, D by hand (C has no population: a Saint-Martin)."""
    base = {
        "population": np.array([200_000.0, 50_000.0, np.nan, 100_000.0]),
        "qpv": np.array([4.0, 0.0, 0.0, 2.0]),
        "laureats": np.array([3.0, 0.0, 1.0, 0.0]),
        "qpv_laureats": np.array([1.0, 0.0, 0.0, 0.0]),
        "territory_unknown": np.array([1.0, 0.0, 1.0, 0.0]),
        "numeriques": np.zeros(4),
        "amount_eur": np.array([450_000.0, 0.0, 150_000.0, 0.0]),
        "covered_population": np.array([40_000.0, 0.0, 0.0, 0.0]),
    }
    base.update(arrays)
    return Figures(codes=["A", "B", "C", "D"], names=["Aa", "Bb", "Cc", "Dd"], **base)


def test_rates_per_inhabitant_per_qpv_and_population_covered():
    f = figures()
    # 3 lauréats for 200 000 inhabitants: 1.5 per 100 000; none where the population is unknown.
    np.testing.assert_allclose(f.per_100k, [1.5, 0.0, np.nan, 0.0])
    np.testing.assert_allclose(f.qpv_per_100, [25.0, np.nan, np.nan, 0.0])  # no QPV: no rate
    np.testing.assert_allclose(f.covered_share, [0.2, 0.0, np.nan, 0.0])


def test_rate_is_nan_for_zero_or_unknown_denominators():
    np.testing.assert_allclose(rate([1, 2, 3], [0, np.nan, 4], 100), [np.nan, np.nan, 75.0])


def test_total_counts_the_places_with_a_population_only():
    france = figures().total()
    assert france.codes == ["FR"] and france.laureats[0] == 3  # C's lauréat has no population to divide by
    assert france.population[0] == 350_000
    assert france.per_100k[0] == pytest.approx(3 / 350_000 * 100_000)


def test_grouped_sums_and_keeps_unknown_populations_unknown():
    regions = figures().grouped(np.array([0, 0, 1, 1]), ["R1", "R2"], ["Région 1", "Région 2"])
    assert regions.laureats.tolist() == [3, 1] and regions.population[0] == 250_000
    assert np.isnan(regions.population[1])  # C's population is unknown, so is R2's


def test_zero_laureat_departements_most_populated_first():
    f = figures()
    is_departement = np.array([True, True, False, True])
    everywhere = np.ones(4, dtype=bool)
    assert zero_laureat_departements(f, is_departement, everywhere).tolist() == [3, 1]  # D (100 000), then B
    assert zero_laureat_departements(f, is_departement, np.array([True, True, True, False])).tolist() == [1]
    with_all = figures(laureats=np.array([1.0, 1.0, 0.0, 1.0]))
    assert zero_laureat_departements(with_all, is_departement, everywhere).tolist() == []  # C is no département


def test_arrondissements_count_in_their_commune():
    assert [parent_commune(c) for c in ("75112", "69383", "13201", "67482")] == ["75056", "69123", "13055", "67482"]


def test_base_of_the_small_dataset(small_dataset, reference):
    base = build_base(small_dataset.sites, small_dataset.cube, reference)
    departements = base.departements()
    bas_rhin = departements.take([base.departement_codes.index("67")])
    assert bas_rhin.laureats[0] == 3 and bas_rhin.population[0] == 1_163_810 and bas_rhin.qpv[0] == 24
    # Strasbourg, Schiltigheim and Monswiller host a lauréat.
    assert bas_rhin.covered_population[0] == 293_771 + 34_708 + 1_995
    assert bas_rhin.per_100k[0] == pytest.approx(3 / 1_163_810 * 100_000)
    assert bas_rhin.qpv_laureats[0] == 2 and bas_rhin.qpv_per_100[0] == pytest.approx(2 / 24 * 100)
    wave_1 = base.departements(["1"]).take([base.departement_codes.index("67")])
    assert wave_1.laureats[0] == 1 and wave_1.covered_population[0] == 293_771
    france = departements.total()
    assert france.laureats[0] == 5 and france.population[0] == 68_350_798
    regions = base.regions(departements)
    assert regions.laureats[regions.codes.index("44")] == 3 and regions.laureats[regions.codes.index("53")] == 2
    empty = zero_laureat_departements(departements, base.is_departement, np.ones(len(departements.codes), dtype=bool))
    assert len(empty) == 99 and departements.codes[empty[0]] == "59"  # Nord, the most populated


def test_a_site_in_a_paris_arrondissement_covers_paris(reference):
    dataset = make_dataset([site("t-1", departement_code="75", commune_code="75112", commune="Paris 12e")], reference)
    base = build_base(dataset.sites, dataset.cube, reference)
    paris = base.departements().take([base.departement_codes.index("75")])
    assert paris.covered_population[0] == 2_103_778 == paris.population[0]


def test_places_labelled_twice_are_counted_once(reference):
    dataset = make_dataset(
        [
            site("t-1"),
            site("t-2", commune_code="67447", commune="Schiltigheim", wave="5"),
            site("t-9", wave="2023", type="ressource", amount_eur="50000", place_id="t-1"),
        ],
        reference,
    )
    base = build_base(dataset.sites, dataset.cube, reference)
    everywhere = base.departement_mask()
    places = base.cumulative_places(everywhere)
    assert places == {"1": 1, "2-4": 1, "5": 2, "6-7": 2, "8": 2, "2023": 2}  # 3 labellisations, 2 places
    assert base.cumulative_places(everywhere, ["2023"]) == {"2023": 1}
    assert base.per_wave(everywhere)["2023"]["laureats"] == 1
    single = make_dataset([site("t-1")], reference)
    assert build_base(single.sites, single.cube, reference).cumulative_places(everywhere) is None


def test_per_100k_inhabitants_of_the_map(reference):
    import pandas as pd

    from dashboard.analysis.coverage import per_100k_inhabitants

    codes = pd.Series(["67", "90", "978"])
    rates = per_100k_inhabitants(codes, pd.Series([3, 0, 1]), reference)
    assert rates.iloc[0] == pytest.approx(3 / 1_163_810 * 100_000) and rates.iloc[1] == 0
    assert np.isnan(rates.iloc[2])  # Saint-Martin: no population in the sources
