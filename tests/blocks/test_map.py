"""The map block at each level of the drill-down."""

from dashboard.blocks import map as map_block
from tests.blocks.helpers import assert_valid, export, render


def test_france(small_dataset):
    figure = render(small_dataset, "map")["figure"]
    assert [trace["geo"] for trace in figure["data"]] == ["geo", "geo2", "geo3", "geo4", "geo5", "geo6"]
    metro = dict(zip(figure["data"][0]["locations"], figure["data"][0]["z"]))
    assert (metro["67"], metro["29"], metro["75"]) == (3, 2, 0)
    assert_valid(figure)


def test_region_and_departement(small_dataset):
    region = render(small_dataset, "map", regions=["44"], measure="amount_eur")["figure"]
    assert len(region["data"]) == 1 and region["layout"]["geo"]["lonaxis"]["range"][0] > 3  # zoomed on the east
    departement = render(small_dataset, "map", regions=["44"], departement="67")["figure"]
    points = [trace for trace in departement["data"] if trace["type"] == "scattergeo"]
    assert sorted(name for trace in points for name in trace["text"]) == [
        "Fabrique t-1",
        "Fabrique t-2",
        "Fabrique t-3",
    ]


def test_a_departement_without_lauréat(small_dataset):
    outputs = render(small_dataset, "map", regions=["11"], departement="75")
    assert outputs["figure"]["layout"]["annotations"][0]["text"] == "Aucune fabrique labellisée"
    assert outputs["summary"] == "Paris (75) : aucune fabrique labellisée."


def test_a_crowded_departement_is_not_drawn_point_by_point(small_dataset, monkeypatch):
    monkeypatch.setattr(map_block, "MAX_SITE_POINTS", 2)
    figure = render(small_dataset, "map", regions=["44"], departement="67")["figure"]
    assert [t for t in figure["data"] if t["type"] == "scattergeo"] == []
    assert "trop nombreuses pour la carte" in figure["layout"]["annotations"][0]["text"]


def test_export_has_one_row_per_departement_drawn(small_dataset):
    france = export(small_dataset, "map")
    assert len(france) == 101 and france["Lauréats"].sum() == 5
    region = export(small_dataset, "map", regions=["44"])
    assert set(region["Code département"]) == {"08", "10", "51", "52", "54", "55", "57", "67", "68", "88"}
    assert region["Lauréats"].sum() == 3


def test_summary_names_the_lauréats_off_the_map(reference):
    from tests.conftest import make_dataset, site

    dataset = make_dataset(
        [site("t-1"), site("t-9", departement_code="978", commune_code="97801", commune="Saint-Martin")], reference
    )
    assert "1\u00a0fabrique hors carte (Saint-Martin)" in render(dataset, "map")["summary"]
