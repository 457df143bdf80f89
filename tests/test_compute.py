"""Pure computations on the hand-made dataset of conftest.small_dataset."""

import pandas as pd
import pytest

from dashboard.analysis import compute
from dashboard.data import schema


def test_cube_keeps_every_total(small_dataset):
    cube = small_dataset.cube
    assert cube["laureats"].sum() == 5
    assert cube["amount_eur"].sum() == 850_000
    # Strasbourg and Concarneau share wave 1 but not the département: two cells.
    assert len(cube[cube["wave"] == "1"]) == 2


def test_cube_equals_raw_rows_on_shipped_data(shipped_dataset):
    sites, cube = shipped_dataset.sites, shipped_dataset.cube
    assert cube["laureats"].sum() == len(sites) == 382
    assert cube["amount_eur"].sum() == pytest.approx(sites["amount_eur"].sum())
    by_wave_rows = sites.groupby("wave")["amount_eur"].sum()
    by_wave_cube = cube.groupby("wave")["amount_eur"].sum()
    # The sites' repetitive columns are categoricals (dashboard/data/compact.py), the cube's text.
    pd.testing.assert_series_equal(
        by_wave_rows, by_wave_cube, check_names=False, check_index_type=False, check_categorical=False
    )


def test_filter_by_wave_and_region(small_dataset):
    cube = small_dataset.cube
    assert compute.filter_cube(cube, waves=["1"])["laureats"].sum() == 2
    assert compute.filter_cube(cube, regions=["44"])["laureats"].sum() == 3
    assert compute.filter_cube(cube, waves=["2-4"], regions=["53"])["amount_eur"].sum() == 150_000
    assert compute.filter_cube(cube, regions=["11"]).empty
    # An empty selection means "everything", like an empty multi-select in the UI.
    assert compute.filter_cube(cube, waves=[], regions=[])["laureats"].sum() == 5


def test_funding_by_wave(small_dataset, reference):
    funding = compute.funding_by_wave(small_dataset.cube, reference.waves)
    per_wave = funding.groupby("wave")["amount_eur"].sum()
    assert per_wave["1"] == 400_000  # 250 000 + 150 000
    assert per_wave["2-4"] == 400_000
    assert per_wave["2023"] == 50_000
    assert per_wave["5"] == 0  # waves without lauréats are shown as zero, not dropped
    numerique_wave_1 = funding[(funding["wave"] == "1") & (funding["type"] == "numérique")]
    assert numerique_wave_1["laureats"].item() == 1
    cumulative = funding.groupby("wave_order")["cumulative_amount_eur"].first()
    assert cumulative.tolist() == [400_000, 800_000, 800_000, 800_000, 800_000, 850_000]


def test_funding_by_wave_only_selected_waves(small_dataset, reference):
    cube = compute.filter_cube(small_dataset.cube, waves=["2023", "1"])
    funding = compute.funding_by_wave(cube, reference.waves, ["2023", "1"])
    assert funding["wave"].unique().tolist() == ["1", "2023"]  # chronological, not as clicked
    assert funding["cumulative_amount_eur"].max() == 450_000


def test_territory_split(small_dataset):
    split = compute.territory_split(small_dataset.cube).set_index("territory")
    assert split.loc["QPV", "laureats"] == 3
    assert split.loc["rural", "laureats"] == 1
    assert split.loc[schema.UNKNOWN, "laureats"] == 1
    assert split.loc["QPV", "target"] == 150
    assert pd.isna(split.loc[schema.UNKNOWN, "target"])


def test_territory_split_of_empty_selection_has_the_three_rows(small_dataset):
    split = compute.territory_split(compute.filter_cube(small_dataset.cube, regions=["11"]))
    assert split["territory"].tolist() == list(schema.TERRITORIES)
    assert split["laureats"].sum() == 0


def test_type_mix_shares(small_dataset, reference):
    mix = compute.type_mix_by_wave(small_dataset.cube, reference.waves).set_index(["wave", "type"])
    assert mix.loc[("1", "numérique"), "share"] == 0.5
    assert mix.loc[("2-4", schema.UNKNOWN), "share"] == 0.5
    assert mix.loc[("5", "numérique"), "share"] == 0  # empty wave: 0, not NaN


def test_kpis(small_dataset, reference):
    figures = compute.kpis(small_dataset.cube, reference.departements)
    # The file has no provenance columns, so its own amounts count as published.
    assert figures == {
        "laureats": 5,
        "amount_eur": 850_000,
        "amount_published_eur": 850_000,
        "amount_unknown": 0,
        "qpv": 3,
        "rural": 1,
        "territory_unknown": 1,
        "numeriques": 2,
        "type_unknown": 1,
        "departements": 2,
    }


def test_kpis_on_shipped_data(shipped_dataset, reference):
    figures = compute.kpis(shipped_dataset.cube, reference.departements)
    assert figures["laureats"] == 382
    assert figures["numeriques"] <= schema.TARGET_NUMERIQUES
    # Saint-Martin (a collectivité d'outre-mer) is not one of the 101 départements.
    assert figures["departements"] <= schema.DEPARTEMENTS_COUNT


def test_filter_sites_matches_filter_cube(shipped_dataset):
    sites = compute.filter_sites(shipped_dataset.sites, waves=["5"], regions=["44"])
    cube = compute.filter_cube(shipped_dataset.cube, waves=["5"], regions=["44"])
    assert len(sites) == cube["laureats"].sum()


def test_by_departement_lists_every_departement(small_dataset, reference):
    table = compute.by_departement(small_dataset.cube, reference.departements).set_index("departement_code")
    assert len(table) == len(reference.departements) == 102  # 101 départements + Saint-Martin
    assert table.loc["67", "laureats"] == 3 and table.loc["67", "amount_eur"] == 550_000
    assert table.loc["75", "laureats"] == 0  # "Aucune fabrique labellisée", not missing


def test_scope_cube_at_site_level(small_dataset):
    cube = compute.scope_cube(small_dataset.cube, site_rows=small_dataset.site_rows("t-3"))
    assert cube["laureats"].sum() == 1 and cube["amount_eur"].sum() == 50_000
    assert compute.scope_cube(small_dataset.cube, waves=["1"], site_rows=small_dataset.site_rows("t-3")).empty
    assert small_dataset.site_position("t-3") == 2 and small_dataset.site_position("nope") is None
    assert small_dataset.site_position(["t-3"]) is None


def test_search_sort_and_pages(small_dataset):
    sites = small_dataset.sites
    assert compute.search_sites(sites, "SCHILT")["id"].tolist() == ["t-2"]
    assert compute.search_sites(sites, "  ")["id"].tolist() == sites["id"].tolist()
    by_amount = compute.sort_sites(sites, "amount_eur", ascending=False)
    assert by_amount["amount_eur"].tolist() == [250_000, 250_000, 150_000, 150_000, 50_000]
    assert by_amount["id"].tolist()[:2] == ["t-1", "t-2"]  # ties keep the dataset's order
    assert compute.sort_sites(sites, "commune")["commune"].tolist()[0] == "Brest"
    assert compute.sort_sites(sites, "not-a-column")["id"].tolist() == sites["id"].tolist()
    rows, page, pages = compute.page_of(sites, 3, 2)
    assert (rows["id"].tolist(), page, pages) == (["t-5"], 3, 3)
    assert compute.page_of(sites, 99, 2)[1] == 3 and compute.page_of(sites.iloc[:0], 1, 2)[1:] == (1, 1)


def test_type_mix_from_a_funding_table_already_computed(shipped_dataset, reference):
    for waves in ([], ["1", "2023"]):
        cube = compute.filter_cube(shipped_dataset.cube, waves=waves, regions=["44"])
        funding = compute.funding_by_wave(cube, reference.waves, waves)
        pd.testing.assert_frame_equal(
            compute.type_mix_by_wave(cube, reference.waves, waves, funding),
            compute.type_mix_by_wave(cube, reference.waves, waves),
        )
