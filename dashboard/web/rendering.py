"""Blocks rendered for a view: the stored view read back, each block's outputs, a memo.

A ``VIEW`` store value from the browser becomes a checked ``ViewState`` (``view_of``,
with the dataset's geography); ``BlockRenderer`` then asks every block of the registry
for its outputs for that view, names them for the page callback (``output_name``) and
keeps them per view in this worker, so that a view seen before costs a lookup. Apart
from ``callbacks`` because the page, the block controls, the downloads and the page's
first drawing (``initial_props``) all render through it, while ``callbacks`` only wires.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from dash import no_update

from dashboard.analysis import navigation
from dashboard.analysis.view import ViewState, read_view
from dashboard.blocks import ANALYSIS_KEYS
from dashboard.blocks.base import Block
from dashboard.data.loader import Dataset
from dashboard.presentation import ids
from dashboard.web.memo import SelectionMemo, input_key, pack_outputs, unpack_outputs

# Distinct views kept per worker and per block (a few KB each, packed): more than a day
# of managers' usual views; an unusual view costs one computation (~10 ms).
MEMO_SIZE = 1024


class SiteDepartements(Mapping):
    """Site id -> département code, looked up in the dataset (no dict of every site)."""

    def __init__(self, dataset: Dataset):
        self._dataset = dataset

    def __getitem__(self, site: object) -> str:
        position = self._dataset.site_position(site)
        if position is None:
            raise KeyError(site)
        return str(self._dataset.sites["departement_code"].iat[position])

    def __contains__(self, site: object) -> bool:
        return self._dataset.site_position(site) is not None

    def __iter__(self):
        return iter(self._dataset.sites["id"])

    def __len__(self) -> int:
        return len(self._dataset.sites)


def geography(dataset: Dataset) -> navigation.Geography:
    return navigation.Geography(
        departement_region=dataset.reference.departement_region(), site_departement=SiteDepartements(dataset)
    )


def view_of(dataset: Dataset, value: object) -> ViewState:
    """The view a ``VIEW`` store value describes, checked against the dataset."""
    reference = dataset.reference
    return read_view(value, reference.wave_codes, reference.region_codes, geography(dataset), analyses=ANALYSIS_KEYS)


def output_name(block: Block, name: str) -> str:
    """A block's output in the page callback's outputs (Dash wants Python names)."""
    return f"{block.key}__{name}"


def render_block(dataset: Dataset, block: Block, trigger: object, values: dict[str, Any]) -> dict[str, Any]:
    """A block's outputs for the view and its own inputs."""
    view = view_of(dataset, values.get("view"))
    own = {name: value for name, value in values.items() if name != "view"}
    return block.render(dataset, view, trigger=trigger, **own)


class BlockRenderer:
    """Renders blocks for a view, remembering each block's outputs per view in this worker."""

    def __init__(self, blocks: Sequence[Block], maxsize: int = MEMO_SIZE):
        self.blocks = tuple(blocks)
        self._memos: dict[str, SelectionMemo[bytes]] = {block.key: SelectionMemo(maxsize) for block in self.blocks}

    def render(self, dataset: Dataset, block: Block, trigger: object, values: dict[str, Any]) -> dict[str, Any]:
        key = input_key(
            (trigger if isinstance(trigger, str) else None, json.dumps(values, sort_keys=True, default=repr))
        )
        packed = self._memos[block.key].get(
            dataset, key, lambda: pack_outputs(render_block(dataset, block, trigger, values))
        )
        return unpack_outputs(packed)

    def page_outputs(
        self, dataset: Dataset, view_value: object, controls: Mapping[str, dict] | None = None
    ) -> dict[str, Any]:
        """Every block's outputs for a view, named for the page callback; ``controls``:
        the values of each block's own controls (block key -> name -> value)."""
        outputs: dict[str, Any] = {}
        for block in self.blocks:
            values = {"view": view_value} | ((controls or {}).get(block.key) or {})
            for name, value in self.render(dataset, block, ids.VIEW, values).items():
                outputs[output_name(block, name)] = value
        return outputs

    def initial_props(self, dataset: Dataset) -> dict[tuple[str, str], Any]:
        """(component id, property) -> value for the default view: the page is built with
        them, so a first visit draws at once, without waiting for callbacks."""
        outputs = self.page_outputs(dataset, ViewState().as_store())
        return {
            prop: outputs[output_name(block, name)] for block in self.blocks for name, prop in block.outputs().items()
        }

    def unchanged(self) -> dict[str, Any]:
        return {output_name(block, name): no_update for block in self.blocks for name in block.outputs()}
