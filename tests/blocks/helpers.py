"""Render a block as its callback does, for a view given in plain words."""

from __future__ import annotations

import plotly.graph_objects as go

from dashboard.analysis.navigation import GeoState
from dashboard.analysis.view import ViewState
from dashboard.blocks import BLOCKS_BY_KEY


def view(waves=(), regions=(), departement=None, site=None, measure="laureats") -> ViewState:
    return ViewState(
        waves=tuple(waves), geo=GeoState(regions=tuple(regions), departement=departement, site=site), measure=measure
    )


def render(dataset, key: str, trigger=None, values: dict | None = None, **view_arguments) -> dict:
    """The block's outputs for the view, its data table unfolded (a folded one is "")."""
    block = BLOCKS_BY_KEY[key]
    defaults = {"table_open": True} if "table_open" in block.inputs() else {}
    return block.render(dataset, view(**view_arguments), trigger=trigger, **(defaults | (values or {})))


def export(dataset, key: str, values: dict | None = None, **view_arguments):
    return BLOCKS_BY_KEY[key].export_frame(dataset, view(**view_arguments), **(values or {}))


def assert_valid(figure: dict) -> go.Figure:
    return go.Figure(figure)  # raises ValueError on any invalid property


def bar_total(figure: dict, trace_type: str = "bar", axis: str = "y") -> float:
    return sum(sum(trace[axis]) for trace in figure["data"] if trace["type"] == trace_type)
