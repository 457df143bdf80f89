"""The map block at each level of the drill-down."""

from dashboard.blocks import map_figure as map_drawing
from tests.blocks.helpers import assert_valid, export, render
from tests.conftest import make_dataset, site


def test_a_departement_without_lauréat(small_dataset):
    outputs = render(small_dataset, "map", regions=["11"], departement="75")
    assert outputs["figure"]["layout"]["annotations"][0]["text"] == "Aucune fabrique labellisée"
    assert outputs["summary"] == "Paris (75) : aucune fabrique labellisée."


def test_a_crowded_departement_is_not_drawn_point_by_point(small_dataset, monkeypatch):
    monkeypatch.setattr(map_drawing, "MAX_SITE_POINTS", 2)
    figure = render(small_dataset, "map", regions=["44"], departement="67")["figure"]
    assert [t for t in figure["data"] if t["type"] == "scattergeo" and "marker" in t] == []
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
    assert "1\u00a0lauréat hors carte (Saint-Martin)" in render(dataset, "map")["summary"]


def test_france_is_one_map_with_the_overseas_insets(small_dataset):
    outputs = render(small_dataset, "map")
    figure = assert_valid(outputs["figure"])
    assert [key for key in outputs["figure"]["layout"] if key.startswith("geo")] == ["geo"]  # one subplot
    departements = figure.data[0]
    assert len(departements.locations) == 101  # the five overseas ones included, in their insets
    by_code = dict(zip(departements.locations, departements.z))
    assert (by_code["67"], by_code["29"], by_code["75"]) == (3, 2, 0)
    labels = next(trace for trace in figure.data if trace.name == "Outre-mer")
    assert list(labels.text) == ["Guadeloupe", "Martinique", "Guyane", "La Réunion", "Mayotte"]
    # The legend is HTML beside the map; the plot draws no colour bar over it.
    assert outputs["figure"]["layout"]["coloraxis"]["showscale"] is False
    assert outputs["legend_max"] == "3" and outputs["legend_title"].startswith("Lauréats")


def test_region_is_coloured_outlined_and_named_the_rest_grey(small_dataset):
    outputs = render(small_dataset, "map", regions=["44"], measure="amount_eur")
    traces = {trace["name"]: trace for trace in outputs["figure"]["data"]}
    assert set(traces["Départements"]["locations"]) == {"08", "10", "51", "52", "54", "55", "57", "67", "68", "88"}
    assert "29" in traces["Autres départements"]["locations"]  # Finistère, greyed
    assert traces["Régions"]["locations"] == ["44"] and traces["Régions"]["hoverinfo"] == "skip"
    assert "Bas-Rhin" in traces["Noms des départements"]["text"]
    assert outputs["figure"]["layout"]["geo"]["lonaxis"]["range"][0] > 3  # zoomed on the east
    assert outputs["legend_max"] == "550\u202f000\u00a0€"
    assert_valid(outputs["figure"])


def test_several_regions_are_framed_together(small_dataset):
    figure = render(small_dataset, "map", regions=["44", "53"])["figure"]
    traces = {trace["name"]: trace for trace in figure["data"]}
    assert set(traces["Régions"]["locations"]) == {"44", "53"}
    west, east = figure["layout"]["geo"]["lonaxis"]["range"]
    assert west < -4 and east > 7  # from Brittany to Alsace


def test_departement_shows_its_sites_one_point_per_commune(reference):
    dataset = make_dataset(
        [
            site("t-1", latitude="48.57106", longitude="7.76758"),
            site("t-2", latitude="48.57106", longitude="7.76758"),
            site("t-3", commune_code="67447", commune="Schiltigheim", latitude="48.61191", longitude="7.74628"),
        ],
        reference,
    )
    figure = render(dataset, "map", regions=["44"], departement="67")["figure"]
    points = [trace for trace in figure["data"] if trace["type"] == "scattergeo" and "marker" in trace]
    assert sorted(label for trace in points for label in trace["text"]) == ["Fabrique t-3", "Strasbourg (2)"]
    # A commune of one site opens that site; a commune of several opens none (the table lists them).
    assert sorted(row[0] for trace in points for row in trace["customdata"]) == ["", "t-3"]
