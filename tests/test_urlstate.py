"""The view <-> query string mapping."""

import pytest

from dashboard.analysis.navigation import Geography, GeoState
from dashboard.analysis.urlstate import ViewState, build_query, ignored_notice, parse_query

GEO = Geography(departement_region={"67": "44", "29": "53"}, site_departement={"fabt-33": "67"})
WAVES, REGIONS, MEASURES = ("1", "2-4", "5"), ("44", "53"), ("laureats", "amount_eur")


def parse(search):
    return parse_query(search, WAVES, REGIONS, MEASURES, GEO)


def test_round_trip():
    view = ViewState(
        waves=("1", "5"), geo=GeoState(regions=("44",), departement="67", site="fabt-33"), measure="amount_eur"
    )
    query = build_query(view)
    assert query == "?vague=1&vague=5&region=44&dep=67&site=fabt-33&mesure=amount_eur"
    assert parse(query) == (view, [])


def test_the_issue_example():
    view, ignored = parse("?vague=1&vague=5&region=44&dep=67")
    assert view == ViewState(waves=("1", "5"), geo=GeoState(regions=("44",), departement="67"))
    assert ignored == []


def test_default_view_has_an_empty_query():
    assert build_query(ViewState()) == ""
    assert parse("") == (ViewState(), []) and parse("?") == (ViewState(), []) and parse(None) == (ViewState(), [])


def test_waves_keep_the_chronological_order_and_no_duplicates():
    assert parse("?vague=5&vague=1&vague=5")[0].waves == ("1", "5")


def test_a_departement_alone_brings_its_region():
    assert parse("?dep=67")[0].geo == GeoState(regions=("44",), departement="67")


@pytest.mark.parametrize(
    "search,expected_ignored",
    [
        ("?vague=99", ["vague=99"]),
        ("?region=<script>alert(1)</script>", ["region=<script>alert(1)</script>"]),
        ("?foo=bar&vague=1", ["foo=bar"]),
        ("?dep=2A&dep=67", ["dep=2A"]),
        ("?region=53&dep=67", ["dep=67 (hors des régions demandées)"]),
        ("?mesure=eval()", ["mesure=eval()"]),
        ("?vague", ["vague="]),
        ("?%ZZ=%%%", ["%ZZ=%%%"]),
    ],
)
def test_junk_is_ignored_and_reported(search, expected_ignored):
    view, ignored = parse(search)
    assert ignored == expected_ignored
    assert set(view.waves) <= set(WAVES) and set(view.geo.regions) <= set(REGIONS)


def test_very_long_query():
    view, ignored = parse("?vague=1" + "&vague=1" * 1000)
    assert view == ViewState() and ignored == ["adresse trop longue"]


def test_notice_text():
    assert ignored_notice([]) == ""
    assert ignored_notice(["foo=bar"]) == (
        "Paramètre(s) d'adresse ignoré(s) : « foo=bar ». La vue par défaut s'applique pour ceux-ci."
    )
