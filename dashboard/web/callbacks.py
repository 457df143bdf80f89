"""Callbacks: read the inputs, call the pure functions, return the outputs.

Three kinds, all thin:

- ``update_page``: the filters, the map, the address and the reset button change the
  *view* (waves, place, measure: ``navigate``), kept in one ``dcc.Store`` and in the URL,
  and every block of the registry (``dashboard/blocks``) shows the new view. One request
  and one response per click: the browser redraws the page once (docs/performance.md);
- a block's own controls (the sites table's search, sort and pages) update that block;
- ``download``: the file of the block whose button was clicked.

Each body is a plain function of the dataset and the input values, so the tests call it
directly; the ``register_*`` functions only wire them to the components. Every value from
the browser goes through an allow-list first (``dashboard.web.inputs``, ``read_view``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any

from dash import ClientsideFunction, Dash, Input, Output, State, ctx, dcc, no_update

from dashboard.analysis import navigation, urlstate
from dashboard.analysis.navigation import GeoState
from dashboard.analysis.view import MEASURES, ViewState
from dashboard.blocks import ANALYSIS_KEYS, BLOCKS, DOWNLOADABLE
from dashboard.blocks.base import Block
from dashboard.data.loader import Dataset
from dashboard.data.store import HolderState
from dashboard.presentation import exports, ids
from dashboard.presentation.components import FORMATS
from dashboard.presentation.layout import ALL_DEPARTEMENTS, data_banner_children, departement_options
from dashboard.presentation.presenters import data_banner
from dashboard.web.inputs import click_count, dataset_version, selected_code, selected_codes, selected_text
from dashboard.web.rendering import BlockRenderer, geography, output_name, view_of

# --- navigation -------------------------------------------------------------------------


@dataclass(frozen=True)
class NavigationOutputs:
    waves: object = no_update
    regions: object = no_update
    departement: object = no_update
    departement_options: object = no_update
    measure: object = no_update
    url_notice: object = no_update
    search: object = no_update
    view: object = no_update


def navigate(
    dataset: Dataset,
    trigger: object,
    search: object,
    wave_value: object,
    measure_value: object,
    region_value: object,
    departement_value: object,
    click_data: object,
    view_value: object,
) -> NavigationOutputs:
    """Apply the user action that fired (``trigger``: a component id) to the view.

    On page load (no trigger), on a link of the page (breadcrumb, a site's name) and on
    the browser's back/forward buttons the address changed: the view comes from it.
    Otherwise the view changes with the control used, and the address follows. One
    callback does both directions: two callbacks, URL -> view and view -> URL, would form
    a cycle that Dash may run in either order on page load.
    """
    if trigger in (None, ids.URL):
        return _view_from_url(dataset, search, region_value, departement_value, view_value)
    reference, geo = dataset.reference, geography(dataset)
    before = view_of(dataset, view_value)
    if trigger == ids.REGION_FILTER:
        after = navigation.select_regions(before.geo, tuple(selected_codes(region_value, reference.region_codes)), geo)
    elif trigger == ids.DEPARTEMENT_FILTER:
        after = navigation.select_departement(
            before.geo, selected_code(departement_value, reference.departement_codes), geo
        )
    elif trigger == ids.MAP_GRAPH:
        after = _click_on_map(before.geo, click_data, geo)
    elif trigger == ids.RESET_BUTTON:
        after = GeoState()
    else:
        after = before.geo
    reset = trigger == ids.RESET_BUTTON
    view = ViewState(
        waves=() if reset else tuple(selected_codes(wave_value, reference.wave_codes)),
        geo=after,
        measure=selected_code(measure_value, MEASURES) or before.measure,
        analysis=before.analysis,
    )
    return _outputs_for(dataset, view, search, region_value, departement_value, view_value, reset=reset)


def _outputs_for(
    dataset: Dataset,
    view: ViewState,
    search: object,
    region_value: object,
    departement_value: object,
    view_value: object,
    reset: bool = False,
) -> NavigationOutputs:
    """Send only what differs from what the page shows: an unchanged view sent back would
    make every block recompute."""
    shown_regions = view_value.get("regions") if isinstance(view_value, dict) else None
    return NavigationOutputs(
        waves=[] if reset else no_update,
        regions=_changed(list(view.geo.regions), region_value if isinstance(region_value, list) else []),
        departement=_changed(view.geo.departement or ALL_DEPARTEMENTS, departement_value or ALL_DEPARTEMENTS),
        # The département select lists the départements of the régions of the view.
        departement_options=departement_options(dataset, view.geo.regions)
        if list(view.geo.regions) != shown_regions
        else no_update,
        measure=view.measure if reset else no_update,
        search=no_update if urlstate.same_view(search, view) else urlstate.build_query(view),
        view=_changed(view.as_store(), view_value),
    )


def _changed(new: object, current: object) -> object:
    return no_update if new == current else new


def _view_from_url(
    dataset: Dataset, search: object, region_value: object, departement_value: object, view_value: object
) -> NavigationOutputs:
    """The view the address asks for; nothing is sent back when the page already shows it
    (the address was just written from the page), so the blocks are not drawn twice."""
    reference = dataset.reference
    view, ignored = urlstate.parse_query(
        search, reference.wave_codes, reference.region_codes, MEASURES, geography(dataset), ANALYSIS_KEYS
    )
    notice = urlstate.ignored_notice(ignored) if ignored else no_update
    if view.as_store() == view_value:
        return NavigationOutputs(url_notice=notice)
    outputs = _outputs_for(dataset, view, search, region_value, departement_value, view_value)
    return NavigationOutputs(
        **{field.name: getattr(outputs, field.name) for field in fields(outputs)}
        | {"waves": list(view.waves), "measure": view.measure, "url_notice": notice}
    )


def _click_on_map(state: GeoState, click_data: object, geo: navigation.Geography) -> GeoState:
    """A choropleth point carries its département in "location"; a site point its id in
    "customdata"[0]."""
    try:
        point = click_data["points"][0]  # type: ignore[index]
    except (TypeError, KeyError, IndexError):
        return state
    if not isinstance(point, dict):
        return state
    if isinstance(point.get("location"), str):
        return navigation.click_departement_on_map(state, point["location"], geo)
    customdata = point.get("customdata")
    if isinstance(customdata, list) and customdata and isinstance(customdata[0], str) and customdata[0]:
        return navigation.select_site(state, customdata[0], geo)
    return state


# --- the page: the view and every block ----------------------------------------------------


def update_page(
    dataset: Dataset,
    renderer: BlockRenderer,
    trigger: object,
    navigation_values: dict[str, Any],
    controls: Mapping[str, dict] | None = None,
) -> dict[str, Any]:
    """What a user action changes: the controls, the address, the view and every block.

    Nothing is sent for the blocks when the view did not change (the address the page
    just wrote, a click that changes nothing, the first call of a page whose address
    asks for the default view: the page comes with it drawn, see ``initial_props``)."""
    outputs = navigate(dataset, trigger, **navigation_values)
    page = {field.name: getattr(outputs, field.name) for field in fields(outputs)}
    if outputs.view is no_update:
        return page | renderer.unchanged()
    view_value = navigation_values["view_value"] if outputs.view is no_update else outputs.view
    return page | renderer.page_outputs(dataset, view_value, controls)


# --- downloads ------------------------------------------------------------------------------


def download_buttons(blocks: Sequence[Block] = DOWNLOADABLE) -> dict[str, tuple[Block, str]]:
    """Button id -> (block, file format), for every downloadable block."""
    return {
        ids.download_button(block.key, file_format): (block, file_format) for block in blocks for file_format in FORMATS
    }


def download(
    dataset: Dataset, trigger: object, clicks: object, view_value: object, block_states: Mapping[str, dict]
) -> object:
    """The file for the clicked "Télécharger" button, for the view on screen."""
    buttons = download_buttons()
    if not (isinstance(trigger, str) and trigger in buttons and click_count(clicks)):
        return no_update
    block, file_format = buttons[trigger]
    view = view_of(dataset, view_value)
    states = block_states.get(block.key, {})
    target = block.export_target(view)  # the analysis shown, for the tabs
    frame = target.export_frame(dataset, view, **states)
    request = exports.ExportRequest(
        title=target.title,
        file_format=file_format,
        file_stem=target.file_stem,
        view=view,
        search=selected_text(states.get("search")) or "",
    )
    file = exports.build_export(dataset, frame, request)
    return dcc.send_bytes(file.content, file.filename, type=file.mimetype)


# --- data status ------------------------------------------------------------------------------


def update_data_status(state: HolderState, page_version: object) -> tuple[list, str, bool]:
    """The banner's children, colour and visibility for a page built on ``page_version``."""
    banner = data_banner(state.dataset, state.failure, dataset_version(page_version))
    return data_banner_children(banner), banner.color if banner else "info", banner is not None


# --- wiring -------------------------------------------------------------------------------------


def register_callbacks(
    app: Dash, current_dataset: Callable[[], Dataset], renderer: BlockRenderer | None = None
) -> BlockRenderer:
    """Wire the callbacks; ``current_dataset`` returns the dataset in service at call time."""
    renderer = renderer or BlockRenderer(BLOCKS)
    blocks = renderer.blocks
    register_page(app, current_dataset, renderer)
    for block in blocks:
        if block.inputs():
            register_block_controls(app, block, current_dataset, renderer)
    register_download(app, current_dataset, tuple(block for block in blocks if block.downloadable))
    app.clientside_callback(
        ClientsideFunction("fabriques", "toggleFilters"),
        Output(ids.FILTERS_COLLAPSE, "is_open"),
        Input(ids.FILTERS_TOGGLE, "n_clicks"),
        State(ids.FILTERS_COLLAPSE, "is_open"),
        prevent_initial_call=True,
    )
    app.clientside_callback(ClientsideFunction("fabriques", "setTitle"), Input(ids.PAGE_TITLE, "data"))
    for block in blocks:
        if (ids.table_data(block.key), "data") in block.outputs().values():
            app.clientside_callback(
                ClientsideFunction("fabriques", "showTableWhenOpen"),
                Output(ids.data_table(block.key), "children"),
                Input(ids.table_data(block.key), "data"),
                Input(ids.details(block.key), "open"),
            )
    return renderer


NAVIGATION_OUTPUTS = {
    "waves": (ids.WAVE_FILTER, "value"),
    "regions": (ids.REGION_FILTER, "value"),
    "departement": (ids.DEPARTEMENT_FILTER, "value"),
    "departement_options": (ids.DEPARTEMENT_FILTER, "options"),
    "measure": (ids.MAP_MEASURE, "value"),
    "url_notice": (ids.URL_NOTICE, "children"),
    "search": (ids.URL, "search"),
    "view": (ids.VIEW, "data"),
}


def register_page(app: Dash, current_dataset: Callable[[], Dataset], renderer: BlockRenderer) -> None:
    block_outputs = {
        output_name(block, name): Output(*prop) for block in renderer.blocks for name, prop in block.outputs().items()
    }
    # The blocks' own controls (the sites table's search and sort) apply to the new view too.
    block_controls = {
        block.key: {name: State(*prop) for name, prop in (block.inputs() | block.states()).items()}
        for block in renderer.blocks
        if block.inputs() or block.states()
    }

    @app.callback(
        output={name: Output(*prop) for name, prop in NAVIGATION_OUTPUTS.items()} | block_outputs,
        inputs={
            "search": Input(ids.URL, "search"),
            "wave_value": Input(ids.WAVE_FILTER, "value"),
            "measure_value": Input(ids.MAP_MEASURE, "value"),
            "region_value": Input(ids.REGION_FILTER, "value"),
            "departement_value": Input(ids.DEPARTEMENT_FILTER, "value"),
            "click_data": Input(ids.MAP_GRAPH, "clickData"),
            "_reset": Input(ids.RESET_BUTTON, "n_clicks"),
        },
        state={"view_value": State(ids.VIEW, "data"), "controls": block_controls},
    )
    def _update_page(_reset, controls, **navigation_values):
        return update_page(current_dataset(), renderer, ctx.triggered_id, navigation_values, controls)


def register_block_controls(
    app: Dash, block: Block, current_dataset: Callable[[], Dataset], renderer: BlockRenderer
) -> None:
    """The callback of a block's own controls (a search box, page buttons): the page
    callback draws the block for a new view, this one when a control changes."""

    @app.callback(
        output={name: Output(*prop, allow_duplicate=True) for name, prop in block.outputs().items()},
        inputs={name: Input(*prop) for name, prop in block.inputs().items()},
        state={"view": State(ids.VIEW, "data")} | {name: State(*prop) for name, prop in block.states().items()},
        prevent_initial_call=True,
    )
    def _controls(**values):
        trigger = ctx.triggered_id if ctx.triggered and ctx.triggered[0].get("value") is not None else None
        outputs = renderer.render(current_dataset(), block, trigger, values)
        touched = block.outputs_for(trigger)  # e.g. a table unfolded: only the table
        return outputs if touched is None else {n: v if n in touched else no_update for n, v in outputs.items()}

    _controls.__name__ = f"update_{block.key}"


def register_download(app: Dash, current_dataset: Callable[[], Dataset], blocks: Sequence[Block]) -> None:
    buttons = list(download_buttons(blocks))
    block_states = {
        block.key: {name: State(*prop) for name, prop in block.export_states().items()}
        for block in blocks
        if block.export_states()
    }

    @app.callback(
        Output(ids.DOWNLOAD, "data"),
        inputs={"clicks": [Input(button, "n_clicks") for button in buttons]},
        state={"view_value": State(ids.VIEW, "data"), "block_states": block_states},
        prevent_initial_call=True,
    )
    def _download(clicks, view_value, block_states):
        trigger = ctx.triggered_id
        trigger_clicks = clicks[buttons.index(trigger)] if trigger in buttons else None
        return download(current_dataset(), trigger, trigger_clicks, view_value, block_states)


def register_status_callback(app: Dash, current_state: Callable[[], HolderState]) -> None:
    """The data banner of pages already open, refreshed by the page's timer."""

    @app.callback(
        Output(ids.DATA_ALERT, "children"),
        Output(ids.DATA_ALERT, "color"),
        Output(ids.DATA_ALERT, "is_open"),
        Input(ids.STATUS_INTERVAL, "n_intervals"),
        State(ids.DATA_VERSION, "data"),
        prevent_initial_call=True,
    )
    def _data_status(_n_intervals, page_version):
        return update_data_status(current_state(), page_version)
