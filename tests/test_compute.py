"""Pure computations on the hand-made dataset of conftest.small_dataset."""

import numpy as np
import pandas as pd
import pytest

from dashboard.analysis import compute, sites_table, targets
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
    mix = targets.type_mix_by_wave(small_dataset.cube, reference.waves).set_index(["wave", "type"])
    assert mix.loc[("1", "numérique"), "share"] == 0.5
    assert mix.loc[("2-4", schema.UNKNOWN), "share"] == 0.5
    assert mix.loc[("5", "numérique"), "share"] == 0  # empty wave: 0, not NaN


def test_kpis(small_dataset, reference):
    figures = targets.kpis(small_dataset.cube, reference.departements)
    # The file has no provenance columns, so its own amounts count as published: exact.
    assert figures == {
        "laureats": 5,
        "amount_eur": 850_000,
        "amount_low_eur": 850_000,
        "amount_published_eur": 850_000,
        "amount_published": 5,
        "amount_unknown": 0,
        "qpv": 3,
        "qpv_derived": 0,
        "rural": 1,
        "rural_derived": 0,
        "territory_unknown": 1,
        "numeriques": 2,
        "numeriques_derived": 0,
        "ressources": 2,
        "type_unknown": 1,
        "departements": 2,
    }


def test_amount_low_is_the_bottom_of_the_scale_for_waves_1_to_8_only():
    amount = pd.Series([150_000.0, 250_000.0, 50_000.0, 150_000.0])
    status = pd.Series([schema.STATUS_DERIVED, schema.STATUS_DERIVED, schema.STATUS_DERIVED, schema.STATUS_PUBLISHED])
    wave = pd.Series(["5", "1", "2023", "8"])
    assert compute.amount_low(amount, status, wave).tolist() == [75_000, 175_000, 50_000, 150_000]


@pytest.mark.parametrize(
    "selected,national,applies,why",
    [
        ((), True, True, ""),
        (("1", "2-4", "5", "6-7", "8"), True, True, ""),  # 2023 unticked: the targets still apply
        (("2023",), True, False, "hors objectif initial"),
        (("1", "5"), True, False, "non déclinable par vague"),
        ((), False, False, "non déclinable par territoire"),
        (("2023",), False, False, "hors objectif initial"),
    ],
)
def test_target_scope(reference, selected, national, applies, why):
    scope = targets.target_scope(reference.wave_codes, selected, national, reference.wave_labels())
    assert scope.targets_apply is applies
    assert scope.why_not() == why


def test_target_scope_splits_the_waves(reference):
    scope = targets.target_scope(reference.wave_codes, ("1", "5", "2023"), True, reference.wave_labels())
    assert (scope.initial_waves, scope.later_waves) == (("1", "5"), ("2023",))
    assert scope.initial_label == "vague 1, vague 5"


def hand_cube(rows) -> pd.DataFrame:
    """(wave, type, territory, lauréats, type derived, territory derived) -> a cube."""
    return pd.DataFrame(rows, columns=["wave", "type", "territory", "laureats", "type_derived", "territory_derived"])


def counts(*facts):
    return [
        schema.PublishedCount(label, waves, True, attribute, value, n, (), "")
        for label, waves, attribute, value, n in facts
    ]


def test_group_gaps_add_what_a_published_split_holds_beyond_the_rows():
    cube = hand_cube(
        [
            ("1", schema.TYPE_NUMERIQUE, schema.TERRITORY_QPV, 2, 1, 0),
            ("1", schema.TYPE_RESSOURCE, schema.TERRITORY_QPV, 1, 0, 0),
            ("1", schema.UNKNOWN, schema.TERRITORY_QPV, 5, 0, 0),
            ("5", schema.UNKNOWN, schema.UNKNOWN, 4, 0, 0),
        ]
    )
    facts = counts(
        ("Vague 1", ("1",), "type", schema.TYPE_NUMERIQUE, 3), ("Vague 1", ("1",), "type", schema.TYPE_RESSOURCE, 4)
    )
    gaps = targets.group_gaps(cube, "type", facts)
    assert [(g.fact.value, g.identified, g.unidentified) for g in gaps] == [
        (schema.TYPE_NUMERIQUE, 2, 1),
        (schema.TYPE_RESSOURCE, 1, 3),
    ]
    split = targets.split_with_published(cube, "type", gaps).set_index("value")
    assert split.loc[schema.TYPE_NUMERIQUE].tolist() == [1, 1, 1, 0, 3]  # published, derived, group, unknown, total
    assert split.loc[schema.TYPE_RESSOURCE].tolist() == [1, 0, 3, 0, 4]
    assert split.loc[schema.UNKNOWN, "unknown"] == 5  # 1 in wave 1, 4 in wave 5: what is really unknown
    assert split["total"].sum() == cube["laureats"].sum() == 12


def test_group_gaps_never_exceed_the_unknown_rows_nor_count_twice():
    cube = hand_cube(
        [
            ("1", schema.TYPE_NUMERIQUE, schema.TERRITORY_QPV, 2, 0, 0),
            ("1", schema.UNKNOWN, schema.TERRITORY_QPV, 1, 0, 0),
            ("2-4", schema.TYPE_NUMERIQUE, schema.TERRITORY_QPV, 1, 0, 0),
        ]
    )
    # "32 in wave 1" and "32 in waves 1-8" overlap: the broadest is used, once.
    facts = counts(
        ("Vague 1", ("1",), "type", schema.TYPE_NUMERIQUE, 32),
        ("Vagues 1 à 8", ("1", "2-4"), "type", schema.TYPE_NUMERIQUE, 32),
    )
    gaps = [g for g in targets.group_gaps(cube, "type", facts)]
    assert [(g.fact.label, g.unidentified) for g in gaps] == [("Vagues 1 à 8", 1)]


def test_published_counts_apply_to_national_views_holding_their_whole_group():
    assert targets.applicable_counts("territory", ("1", "2-4"), True)
    assert not targets.applicable_counts("territory", ("2-4",), True)  # waves 1-3 need wave 1 too
    assert not targets.applicable_counts("territory", ("1", "2-4"), False)  # never for a place
    per_wave = targets.applicable_counts("type", ("1", "2-4", "5", "6-7", "8"), True, exact_group="1")
    assert {(c.value, c.count) for c in per_wave} == {(schema.TYPE_NUMERIQUE, 32), (schema.TYPE_RESSOURCE, 48)}


def test_programme_figures_on_shipped_data(shipped_dataset, reference):
    scope = targets.target_scope(reference.wave_codes, (), True)
    figures = targets.programme_figures(shipped_dataset.cube, reference.departements, scope)
    assert (figures.initial["laureats"], figures.later["laureats"]) == (300, 82)
    assert figures.group("territory", schema.TERRITORY_QPV) + figures.initial["qpv"] == 102  # published after wave 3
    assert figures.group("territory", schema.TERRITORY_RURAL) + figures.initial["rural"] >= 68
    assert figures.group("type", schema.TYPE_NUMERIQUE) + figures.initial["numeriques"] == 32  # published in all
    assert figures.initial["numeriques"] == 26 and figures.initial["numeriques_derived"] == 5
    assert figures.numeriques_outside_wave_1 == 3  # the Bas-Rhin release against the 2020 press
    assert (figures.initial["amount_low_eur"], figures.initial["amount_eur"]) == (25_175_000, 47_600_000)
    assert figures.later["amount_eur"] == 82 * schema.LATER_WAVE_GRANT_EUR


def test_kpis_on_shipped_data(shipped_dataset, reference):
    figures = targets.kpis(shipped_dataset.cube, reference.departements)
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
    assert sites_table.search_sites(sites, "SCHILT")["id"].tolist() == ["t-2"]
    assert sites_table.search_sites(sites, "  ")["id"].tolist() == sites["id"].tolist()
    by_amount = sites_table.sort_sites(sites, "amount_eur", ascending=False)
    assert by_amount["amount_eur"].tolist() == [250_000, 250_000, 150_000, 150_000, 50_000]
    assert by_amount["id"].tolist()[:2] == ["t-1", "t-2"]  # ties keep the dataset's order
    assert sites_table.sort_sites(sites, "commune")["commune"].tolist()[0] == "Brest"
    assert sites_table.sort_sites(sites, "not-a-column")["id"].tolist() == sites["id"].tolist()
    rows, page, pages = sites_table.page_of(sites, 3, 2)
    assert (rows["id"].tolist(), page, pages) == (["t-5"], 3, 3)
    assert sites_table.page_of(sites, 99, 2)[1] == 3 and sites_table.page_of(sites.iloc[:0], 1, 2)[1:] == (1, 1)


def test_type_mix_from_a_funding_table_already_computed(shipped_dataset, reference):
    for waves in ([], ["1", "2023"]):
        cube = compute.filter_cube(shipped_dataset.cube, waves=waves, regions=["44"])
        funding = compute.funding_by_wave(cube, reference.waves, waves)
        pd.testing.assert_frame_equal(
            targets.type_mix_by_wave(cube, reference.waves, waves, funding),
            targets.type_mix_by_wave(cube, reference.waves, waves),
        )


# --- search and sort at scale: the same rows and order as pandas' own string operations


def _reference_order(values: pd.Series, ascending: bool) -> list[int]:
    if not pd.api.types.is_numeric_dtype(values) or isinstance(values.dtype, pd.CategoricalDtype):
        values = values.astype(object).map(lambda value: value.casefold() if isinstance(value, str) else value)
    ordered = values.reset_index(drop=True).sort_values(ascending=ascending, kind="stable", na_position="last")
    return ordered.index.tolist()


@pytest.mark.parametrize("ascending", [True, False])
@pytest.mark.parametrize("kind", ["text", "category", "number"])
def test_sort_order_matches_pandas(kind, ascending):
    rng = np.random.default_rng(7)
    words = ["Brest", "brest", "Amiens", "Ézy", "zoo", None]
    if kind == "number":
        values = pd.Series(rng.choice([1.0, 2.0, 2.0, np.nan, 5.0], size=200))
    else:
        values = pd.Series(rng.choice(np.array(words, dtype=object), size=200), dtype="str")
        if kind == "category":
            values = values.astype("category")
    assert sites_table.sort_order(values, ascending).tolist() == _reference_order(values, ascending)


@pytest.mark.parametrize("column_type", ["str", "category"])
def test_search_reads_categories_and_text_alike(column_type):
    sites = pd.DataFrame({column: ["x"] * 4 for column in sites_table.SEARCHED_COLUMNS})
    sites["commune"] = pd.Series(["Schiltigheim", "STRASBOURG", None, "Brest"], dtype="str").astype(column_type)
    assert sites_table.search_sites(sites, " strAS ").index.tolist() == [1]
    assert sites_table.search_sites(sites, "nan").empty  # a missing value contains nothing


def test_sort_and_search_an_empty_categorical_column():
    values = pd.Series([None, None], dtype="str").astype("category")
    assert sites_table.sort_order(values).tolist() == [0, 1]
    sites = pd.DataFrame({column: values for column in sites_table.SEARCHED_COLUMNS})
    assert sites_table.search_sites(sites, "a").empty
