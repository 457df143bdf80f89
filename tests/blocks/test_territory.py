"""Territory block."""

from dashboard.analysis import compute
from dashboard.blocks.territory import territory_figure
from tests.blocks.helpers import assert_valid, export, render


def test_targets_only_when_asked(small_dataset):
    split = compute.territory_split(small_dataset.cube)
    with_targets = assert_valid(territory_figure(split, show_targets=True))
    assert list(with_targets.data[0].x) == [3, 1, 1]
    assert list(with_targets.data[1].x) == [150, 150]
    assert len(assert_valid(territory_figure(split, show_targets=False)).data) == 1


def test_render_national_and_regional(small_dataset):
    national = render(small_dataset, "territory")
    assert national["summary"] == (
        "Sur 5\u00a0lauréats : 3 en QPV (60\u00a0%), 1 en zone rurale (20\u00a0%), 1 au territoire non précisé (20\u00a0%)."
    )
    assert national["note"] == ""
    regional = render(small_dataset, "territory", regions=["44"])
    assert len(regional["figure"]["data"]) == 1 and "non tracées" in regional["note"]


def test_export(small_dataset):
    frame = export(small_dataset, "territory")
    assert frame["Lauréats"].tolist() == [3, 1, 1]
    assert frame["Part des lauréats (%)"].tolist() == [60.0, 20.0, 20.0]
