"""The map's measure "pour 100 000 habitants" (small dataset: 3 lauréats in the Bas-Rhin,
1 163 810 inhabitants)."""

import pytest

from dashboard.blocks.map_figure import PER_100K
from tests.blocks.helpers import assert_valid, render


def test_the_map_colours_departements_per_100k_inhabitants(small_dataset):
    outputs = render(small_dataset, "map", measure="per_100k")
    figure = outputs["figure"]
    assert_valid(figure)
    rates = dict(zip(figure["data"][0]["locations"], figure["data"][0]["z"]))
    assert rates["67"] == pytest.approx(3 / 1_163_810 * 100_000) and rates["75"] == 0
    # The legend beside the map names the measure and tops the scale with the largest rate.
    assert outputs["legend_title"].startswith(PER_100K)
    assert outputs["legend_max"] == "0,26" and figure["layout"]["coloraxis"]["cmax"] == pytest.approx(rates["67"])
