"""Every block of the registry: unique ids, outputs as declared, renders at every level."""

import json

import pytest
from plotly.io.json import to_json_plotly

from dashboard.blocks import BLOCKS
from tests.blocks.helpers import render

LEVELS = [
    {},
    {"waves": ["1"]},
    {"regions": ["44"]},
    {"regions": ["44", "53"]},
    {"regions": ["44"], "departement": "67"},
    {"regions": ["44"], "departement": "67", "site": "t-2"},
    {"regions": ["11"], "departement": "75"},  # no lauréat
]


def test_keys_and_output_ids_are_unique():
    keys = [block.key for block in BLOCKS]
    assert len(keys) == len(set(keys))
    props = [prop for block in BLOCKS for prop in block.outputs().values()]
    assert len(props) == len(set(props))


@pytest.mark.parametrize("block", BLOCKS, ids=lambda block: block.key)
@pytest.mark.parametrize("level", LEVELS, ids=json.dumps)
def test_renders_what_it_declares_at_every_level(small_dataset, block, level):
    outputs = render(small_dataset, block.key, **level)
    assert set(outputs) == set(block.outputs())
    to_json_plotly(outputs)  # Dash can send it


@pytest.mark.parametrize("block", [b for b in BLOCKS if b.downloadable], ids=lambda block: block.key)
def test_every_downloadable_block_exports_a_table(small_dataset, block):
    frame = block.export_frame(small_dataset, __import__("tests.blocks.helpers").blocks.helpers.view(regions=["44"]))
    assert len(frame.columns) > 0 and block.file_stem and block.title


def test_a_folded_data_table_is_not_built(small_dataset):
    """A chart's table is built only while its <details> is unfolded (the map's has a
    hundred rows); unfolding it asks for the table alone."""
    from dashboard.blocks import BLOCKS_BY_KEY
    from dashboard.presentation import ids

    folded = render(small_dataset, "map", values={"table_open": False})
    assert folded["table"] == "" and folded["figure"]["data"]
    assert render(small_dataset, "map")["table"].startswith("| Code département |")
    assert BLOCKS_BY_KEY["map"].outputs_for(ids.details("map")) == {"table"}
    assert BLOCKS_BY_KEY["map"].outputs_for(ids.VIEW) is None
