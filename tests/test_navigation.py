"""The geographic state machine, without a browser."""

from dashboard.analysis import navigation as nav
from dashboard.analysis.navigation import GeoState

GEO = nav.Geography(
    departement_region={"67": "44", "68": "44", "29": "53", "974": "04"}, site_departement={"s1": "67", "s2": "29"}
)


def test_levels():
    assert GeoState().level == nav.FRANCE
    assert GeoState(regions=("44", "53")).level == nav.FRANCE  # several régions: a filter, not a level
    assert GeoState(regions=("44",)).level == nav.REGION
    assert GeoState(regions=("44",), departement="67").level == nav.DEPARTEMENT
    assert GeoState(regions=("44",), departement="67", site="s1").level == nav.SITE


def test_two_clicks_from_france_to_a_departement():
    first = nav.click_departement_on_map(GeoState(), "67", GEO)
    assert first == GeoState(regions=("44",))
    assert nav.click_departement_on_map(first, "67", GEO) == GeoState(regions=("44",), departement="67")


def test_a_click_on_a_neighbour_departement_follows_it():
    state = GeoState(regions=("44",), departement="67")
    assert nav.click_departement_on_map(state, "29", GEO) == GeoState(regions=("53",), departement="29")


def test_consistent_drops_contradictions():
    assert nav.consistent(GeoState(regions=("53",), departement="67"), GEO) == GeoState(regions=("53",))
    assert nav.consistent(GeoState(departement="67"), GEO) == GeoState(regions=("44",), departement="67")
    assert nav.consistent(GeoState(site="s2"), GEO) == GeoState(regions=("53",), departement="29", site="s2")
    assert nav.consistent(GeoState(departement="67", site="s2"), GEO) == GeoState(regions=("44",), departement="67")
    assert nav.consistent(GeoState(departement="00", site="zz"), GEO) == GeoState()


def test_select_site_and_go_up():
    state = nav.select_site(GeoState(), "s1", GEO)
    assert state == GeoState(regions=("44",), departement="67", site="s1")
    assert nav.go_up_to(state, nav.DEPARTEMENT) == GeoState(regions=("44",), departement="67")
    assert nav.go_up_to(state, nav.REGION) == GeoState(regions=("44",))
    assert nav.go_up_to(state, nav.FRANCE) == GeoState()


def test_clearing_the_departement_keeps_the_region():
    state = GeoState(regions=("44",), departement="67")
    assert nav.select_departement(state, None, GEO) == GeoState(regions=("44",))


def test_ticking_a_second_region_leaves_the_departement():
    """Ticking Bretagne while in Bas-Rhin shows Grand Est and Bretagne, not "Grand Est,
    Bretagne › Bas-Rhin" with Bas-Rhin's figures."""
    geography = nav.Geography(departement_region={"67": "44", "29": "53"}, site_departement={"s": "67"})
    in_bas_rhin = nav.GeoState(regions=("44",), departement="67", site="s")
    after = nav.select_regions(in_bas_rhin, ("44", "53"), geography)
    assert after == nav.GeoState(regions=("44", "53"))
    assert after.level == nav.FRANCE
