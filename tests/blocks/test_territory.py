"""Territory block: waves 1-8 against the targets, the 2023 wave apart, provenance per segment."""

from tests.blocks.helpers import assert_valid, export, render


def test_national_view_draws_the_targets_for_waves_1_to_8(scale_dataset):
    outputs = render(scale_dataset, "territory")
    figure = assert_valid(outputs["figure"])
    labels = list(figure.data[0].y)
    assert labels == ["QPV", "Rural", "Non précisé", "Vague 2023 : rural"]
    target = next(trace for trace in figure.data if trace.name and trace.name.startswith("Cible"))
    assert list(target.y) == ["QPV", "Rural"] and list(target.x) == [150, 150]
    segments = {trace.name.replace("<br>", " "): list(trace.x) for trace in figure.data if trace.type == "bar"}
    assert segments["Identifiés : publié"] == [1, 0, 0, 0]
    assert segments["Identifiés : dérivé (grille de densité INSEE)"] == [0, 1, 0, 1]
    assert segments["Territoire non précisé"] == [0, 0, 1, 0]


def test_wave_2023_alone_draws_no_target(scale_dataset):
    outputs = render(scale_dataset, "territory", waves=["2023"])
    names = [trace.get("name") or "" for trace in outputs["figure"]["data"]]
    assert not any(name.startswith("Cible") for name in names)
    assert outputs["summary"].startswith("Vague 2023 (1\u00a0lauréat, sans volet QPV / rural)")


def test_a_place_draws_no_target(scale_dataset):
    outputs = render(scale_dataset, "territory", regions=["44"])
    assert not any((trace.get("name") or "").startswith("Cible") for trace in outputs["figure"]["data"])
    assert "non tracées : non déclinable par territoire" in outputs["note"]


def test_export_counts_by_provenance(scale_dataset):
    frame = export(scale_dataset, "territory")
    assert frame["Total"].tolist() == [1, 1, 1, 1]
    assert frame["Lauréats des"].tolist() == ["vagues 1 à 8"] * 3 + ["vague 2023"]
    assert str(frame["Total"].dtype) == "int64"
