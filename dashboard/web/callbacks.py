"""Callbacks: read the inputs, call the pure functions, return the outputs.

Each callback body is a plain function of the dataset and the input values, so the
tests call it directly; ``register_callbacks`` only wires it to the components.
Every value from the browser goes through ``dashboard.web.inputs`` allow-lists first.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields

from dash import ALL, ClientsideFunction, Dash, Input, Output, State, ctx, dcc, no_update

from dashboard.analysis import compute, navigation
from dashboard.analysis.navigation import GeoState
from dashboard.data.loader import Dataset
from dashboard.data.store import HolderState
from dashboard.presentation import exports, figures, ids, maps, presenters
from dashboard.presentation.layout import (
    DEFAULT_SORT,
    SITE_COLUMNS,
    SITES_PAGE_SIZE,
    breadcrumb,
    data_banner_children,
    data_table,
    departement_options,
    kpi_card,
    site_detail,
    site_rows,
)
from dashboard.web import urlstate
from dashboard.web.inputs import (
    click_count,
    dataset_version,
    positive_int,
    selected_code,
    selected_codes,
    selected_text,
)
from dashboard.web.memo import SelectionMemo, remember_outputs

# Distinct selections kept per worker (a few KB each, packed): more than a day of
# managers' usual views; an unusual selection costs one computation (~10 ms).
MEMO_SIZE = 1024

SORT_KEYS = tuple(key for _column, _label, key in SITE_COLUMNS if key)


def as_outputs(outputs) -> tuple:
    """A dataclass of callback outputs as the tuple Dash expects, in field order (no copy)."""
    return tuple(getattr(outputs, field.name) for field in fields(outputs))


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


def read_state(dataset: Dataset, region_value: object, departement_value: object, site_value: object) -> GeoState:
    """The geographic state from raw component values, junk dropped, made consistent."""
    reference = dataset.reference
    state = GeoState(
        regions=tuple(selected_codes(region_value, reference.region_codes)),
        departement=selected_code(departement_value, reference.departement_codes),
        site=site_value if isinstance(site_value, str) else None,  # an unknown id: dropped just below
    )
    return navigation.consistent(state, geography(dataset))


def read_waves(dataset: Dataset, wave_value: object) -> list[str]:
    return selected_codes(wave_value, dataset.reference.wave_codes)


def read_measure(measure_value: object) -> str:
    return selected_code(measure_value, tuple(maps.MEASURES)) or urlstate.DEFAULT_MEASURE


def site_record(dataset: Dataset, site: object) -> dict | None:
    rows = dataset.site_rows(site)
    return rows.iloc[0].to_dict() if len(rows) else None


# --- navigation -----------------------------------------------------------------------


@dataclass(frozen=True)
class NavigationOutputs:
    waves: object
    regions: object
    departement: object
    departement_options: object
    site: object
    measure: object = no_update
    url_notice: object = no_update
    search: object = no_update


def navigate(
    dataset: Dataset,
    trigger: object,
    trigger_value: object,
    wave_value: object,
    region_value: object,
    departement_value: object,
    click_data: object,
    site_value: object,
    search: object = None,
    measure_value: object = None,
) -> NavigationOutputs:
    """Apply the user action that fired (``trigger``: a component id) to the view, and
    write the view to the URL.

    On page load (no trigger) and on the browser's back/forward buttons (the URL
    changed) the view comes from the URL's query string instead. One callback does
    both directions: two callbacks, URL -> view and view -> URL, would form a cycle
    that Dash may run in either order on page load.
    """
    if trigger in (None, ids.URL):
        return _view_from_url(dataset, search, wave_value, region_value, departement_value, site_value, measure_value)
    geo = geography(dataset)
    before = read_state(dataset, region_value, departement_value, site_value)
    waves: object = no_update
    if trigger == ids.REGION_FILTER:
        after = navigation.select_regions(
            before, tuple(selected_codes(region_value, dataset.reference.region_codes)), geo
        )
    elif trigger == ids.DEPARTEMENT_FILTER:
        after = navigation.select_departement(
            before, selected_code(departement_value, dataset.reference.departement_codes), geo
        )
    elif trigger == ids.MAP_GRAPH:
        after = _click_on_map(before, click_data, geo)
    elif trigger == ids.RESET_BUTTON:
        after, waves = GeoState(), ([] if wave_value else no_update)
    elif isinstance(trigger, dict) and trigger.get("type") == ids.CRUMB and click_count(trigger_value):
        level = trigger.get("level")
        after = navigation.go_up_to(before, level) if level in navigation.LEVELS else before
    elif isinstance(trigger, dict) and trigger.get("type") == ids.SITE_LINK and click_count(trigger_value):
        after = navigation.select_site(before, selected_text(trigger.get("site")), geo)
    else:
        after = before
    view = urlstate.ViewState(
        waves=() if trigger == ids.RESET_BUTTON else tuple(read_waves(dataset, wave_value)),
        geo=after,
        measure=read_measure(measure_value),
    )
    search_output = no_update if urlstate.same_view(search, view) else urlstate.build_query(view)
    # Send only what differs from what the components show: an unchanged value sent back
    # would make every chart recompute (Dash also calls back here when the sites table
    # renders new links, with nothing clicked).
    regions = _changed(list(after.regions), region_value if isinstance(region_value, list) else [])
    return NavigationOutputs(
        waves=waves,
        regions=regions,
        departement=_changed(after.departement or "", departement_value or ""),
        departement_options=departement_options(dataset, after.regions)
        if trigger in (ids.REGION_FILTER, ids.RESET_BUTTON) or regions is not no_update
        else no_update,
        site=_changed(after.site, site_value),
        search=search_output,
    )


def _changed(new: object, current: object) -> object:
    return no_update if new == current else new


def current_view(
    dataset: Dataset,
    wave_value: object,
    region_value: object,
    departement_value: object,
    site_value: object,
    measure_value: object,
) -> urlstate.ViewState:
    return urlstate.ViewState(
        waves=tuple(read_waves(dataset, wave_value)),
        geo=read_state(dataset, region_value, departement_value, site_value),
        measure=read_measure(measure_value),
    )


def parse_url(dataset: Dataset, search: object) -> tuple[urlstate.ViewState, list[str]]:
    reference = dataset.reference
    return urlstate.parse_query(
        search, reference.wave_codes, reference.region_codes, tuple(maps.MEASURES), geography(dataset)
    )


def _view_from_url(
    dataset: Dataset,
    search: object,
    wave_value: object,
    region_value: object,
    departement_value: object,
    site_value: object,
    measure_value: object,
) -> NavigationOutputs:
    """The view the URL asks for; nothing is sent back when the page already shows it
    (the URL was just written from the page), so the charts are not redrawn twice."""
    view, ignored = parse_url(dataset, search)
    notice = urlstate.ignored_notice(ignored)
    if view == current_view(dataset, wave_value, region_value, departement_value, site_value, measure_value):
        return NavigationOutputs(
            no_update, no_update, no_update, no_update, no_update, no_update, notice if ignored else no_update
        )
    return NavigationOutputs(
        waves=list(view.waves),
        regions=list(view.geo.regions),
        departement=view.geo.departement or "",
        departement_options=departement_options(dataset, view.geo.regions),
        site=view.geo.site,
        measure=view.measure,
        url_notice=notice,
    )


def _click_on_map(state: GeoState, click_data: object, geo: navigation.Geography) -> GeoState:
    """A choropleth point carries its département in "location"; a site point its id in
    "customdata"[0]."""
    try:
        point = click_data["points"][0]
    except (TypeError, KeyError, IndexError):
        return state
    if not isinstance(point, dict):
        return state
    if isinstance(point.get("location"), str):
        return navigation.click_departement_on_map(state, point["location"], geo)
    customdata = point.get("customdata")
    if isinstance(customdata, list) and customdata and isinstance(customdata[0], str):
        return navigation.select_site(state, customdata[0], geo)
    return state


# --- overview: KPIs, charts, breadcrumb -----------------------------------------------


@dataclass(frozen=True)
class OverviewOutputs:
    funding_figure: dict
    territory_figure: dict
    type_figure: dict
    kpi_cards: list
    summary: str
    is_empty: bool
    funding_note: str
    territory_note: str
    breadcrumb: object
    funding_summary: str = ""
    funding_table: object = None
    territory_summary: str = ""
    territory_table: object = None
    type_summary: str = ""
    type_table: object = None
    page_title: str = ""

    def as_tuple(self) -> tuple:
        return as_outputs(self)


def update_overview(
    dataset: Dataset,
    wave_value: object,
    region_value: object,
    departement_value: object = None,
    site_value: object = None,
) -> OverviewOutputs:
    reference = dataset.reference
    waves = read_waves(dataset, wave_value)
    state = read_state(dataset, region_value, departement_value, site_value)
    site_rows = dataset.site_rows(state.site) if state.site else None
    cube = compute.scope_cube(dataset.cube, waves, state.regions, state.departement, site_rows)
    national = state.level == navigation.FRANCE and not state.regions
    figures_now = compute.kpis(cube, reference.departements)

    trail = presenters.crumbs(state, reference, site_rows["name"].iat[0] if site_rows is not None else None)
    wave_labels = reference.wave_labels()
    scope = presenters.selection_label([wave_labels[w] for w in waves], [label for _level, label in trail[1:]])
    funding = compute.funding_by_wave(cube, reference.waves, waves)
    split = compute.territory_split(cube)
    mix = compute.type_mix_by_wave(cube, reference.waves, waves, funding)
    return OverviewOutputs(
        funding_figure=figures.funding_figure(funding, show_envelope=national),
        territory_figure=figures.territory_figure(split, show_targets=national),
        type_figure=figures.type_mix_figure(mix),
        kpi_cards=[kpi_card(card) for card in presenters.kpi_cards(figures_now)],
        summary=presenters.selection_summary(scope, figures_now),
        is_empty=figures_now["laureats"] == 0,
        funding_note=""
        if national
        else (
            "L'enveloppe de 45 M€ s'applique au programme national : elle n'est pas tracée pour une sélection "
            "géographique."
        ),
        territory_note="" if national else "Cibles nationales (150 en QPV, 150 en zone rurale) non tracées.",
        breadcrumb=breadcrumb(trail),
        funding_summary=presenters.funding_summary(funding),
        funding_table=data_table(exports.funding_table(funding), "Financement engagé par vague"),
        territory_summary=presenters.territory_summary(split),
        territory_table=data_table(exports.territory_table(split), "Répartition QPV / rural"),
        type_summary=presenters.types_summary(mix),
        type_table=data_table(exports.types_table(mix), "Fabriques numériques et ressources par vague"),
        page_title=presenters.page_title(trail),
    )


# --- map --------------------------------------------------------------------------------


@dataclass(frozen=True)
class MapOutputs:
    figure: dict
    summary: str
    table: object

    def as_tuple(self) -> tuple:
        return as_outputs(self)


def update_map(
    dataset: Dataset,
    wave_value: object,
    region_value: object,
    departement_value: object,
    site_value: object,
    measure_value: object,
) -> MapOutputs:
    waves = read_waves(dataset, wave_value)
    state = read_state(dataset, region_value, departement_value, site_value)
    measure = read_measure(measure_value)
    # The map colours every département for the chosen waves; the geographic state
    # only decides where it looks.
    cube = compute.filter_cube(dataset.cube, waves=waves)
    sites = None
    if state.level in {navigation.DEPARTEMENT, navigation.SITE}:
        sites = compute.filter_sites(dataset.sites, waves=waves, departement=state.departement)
    departements = compute.by_departement(cube, dataset.reference.departements)
    shown = exports.map_table(departements, state, dataset.reference)
    # The map shows a département, not a site: its label is the place's.
    place = presenters.crumbs(navigation.go_up_to(state, navigation.DEPARTEMENT), dataset.reference)[-1][1]
    return MapOutputs(
        figure=maps.map_figure(departements, measure, state, dataset.reference, sites),
        summary=presenters.map_summary(shown, place, off_map=_off_map(departements, state, dataset.reference)),
        table=data_table(shown, "Lauréats et montants par département"),
    )


def _off_map(departements, state: GeoState, reference) -> int:
    """Lauréats of a France-wide view that no département of the map holds."""
    if state.level != navigation.FRANCE or state.regions:
        return 0
    return int(departements.loc[~departements["departement_code"].isin(reference.departement_bounds), "laureats"].sum())


# --- sites table and detail card ---------------------------------------------------------


@dataclass(frozen=True)
class SitesOutputs:
    rows: list
    count_text: str
    page_count: int
    page: int
    sort: dict
    header_sort: list  # aria-sort of each sortable header
    header_labels: list

    def as_tuple(self) -> tuple:
        return as_outputs(self)


def update_sites(
    dataset: Dataset,
    trigger: object,
    wave_value: object,
    region_value: object,
    departement_value: object,
    site_value: object,
    search_value: object,
    page_value: object,
    sort_value: object,
) -> SitesOutputs:
    waves = read_waves(dataset, wave_value)
    state = read_state(dataset, region_value, departement_value, site_value)
    sort = _read_sort(sort_value)
    page = positive_int(page_value, default=1)
    if isinstance(trigger, dict) and trigger.get("type") == ids.SORT_BUTTON and trigger.get("column") in SORT_KEYS:
        column = trigger["column"]
        sort = {"column": column, "ascending": not sort["ascending"] if sort["column"] == column else True}
        page = 1
    elif trigger not in (ids.SITES_PAGINATION, None):
        page = 1  # a new selection starts on its first page
    mask = compute.selection_mask(dataset.sites, waves, state.regions, state.departement)
    page_rows, total, page, pages = compute.table_page(
        dataset.sites, mask, selected_text(search_value) or "", sort["column"], sort["ascending"], page, SITES_PAGE_SIZE
    )
    first = (page - 1) * SITES_PAGE_SIZE + 1
    count = presenters.plural(total, "fabrique")
    count_text = f"{count} · {first}–{first + len(page_rows) - 1} affichées" if total else count
    return SitesOutputs(
        rows=site_rows(page_rows, state.site),
        count_text=count_text,
        page_count=pages,
        page=page,
        sort=sort,
        header_sort=[
            ("ascending" if sort["ascending"] else "descending") if key == sort["column"] else "none"
            for key in SORT_KEYS
        ],
        header_labels=[_header_label(label, key, sort) for _column, label, key in SITE_COLUMNS if key],
    )


def _read_sort(value: object) -> dict:
    if (
        isinstance(value, dict)
        and value.get("column") in SORT_KEYS + (None,)
        and isinstance(value.get("ascending"), bool)
    ):
        return {"column": value["column"], "ascending": value["ascending"]}
    return dict(DEFAULT_SORT)


def _header_label(label: str, key: str, sort: dict) -> str:
    if key != sort["column"]:
        return label
    return f"{label} {'▲' if sort['ascending'] else '▼'}"


def update_site_detail(dataset: Dataset, site_value: object) -> list:
    return site_detail(site_record(dataset, site_value))


# --- downloads --------------------------------------------------------------------------


def download(
    dataset: Dataset,
    trigger: object,
    trigger_value: object,
    wave_value: object,
    region_value: object,
    departement_value: object,
    site_value: object,
    search_value: object,
    sort_value: object,
) -> object:
    """The file for the clicked "Télécharger" button, for the selection on screen."""
    if not (isinstance(trigger, dict) and click_count(trigger_value)):
        return no_update
    target = selected_code(trigger.get("target"), tuple(exports.TARGETS))
    file_format = selected_code(trigger.get("format"), exports.FORMATS)
    if not target or not file_format:
        return no_update
    sort = _read_sort(sort_value)
    request = exports.ExportRequest(
        target=target,
        file_format=file_format,
        waves=tuple(read_waves(dataset, wave_value)),
        state=read_state(dataset, region_value, departement_value, site_value),
        search=selected_text(search_value) or "",
        sort_column=sort["column"],
        ascending=sort["ascending"],
    )
    file = exports.build_export(dataset, request)
    return dcc.send_bytes(file.content, file.filename, type=file.mimetype)


# --- wiring -------------------------------------------------------------------------------


def update_data_status(state: HolderState, page_version: object) -> tuple[list, str, bool]:
    """The banner's children, colour and visibility for a page built on ``page_version``."""
    banner = presenters.data_banner(state.dataset, state.failure, dataset_version(page_version))
    return data_banner_children(banner), banner.color if banner else "info", banner is not None


def register_callbacks(app: Dash, current_dataset: Callable[[], Dataset]) -> None:
    """Wire the callbacks; ``current_dataset`` returns the dataset in service at call time."""
    geo_inputs = [
        Input(ids.WAVE_FILTER, "value"),
        Input(ids.REGION_FILTER, "value"),
        Input(ids.DEPARTEMENT_FILTER, "value"),
        Input(ids.SITE_STATE, "data"),
    ]

    @app.callback(
        Output(ids.WAVE_FILTER, "value"),
        Output(ids.REGION_FILTER, "value"),
        Output(ids.DEPARTEMENT_FILTER, "value"),
        Output(ids.DEPARTEMENT_FILTER, "options"),
        Output(ids.SITE_STATE, "data"),
        Output(ids.MAP_MEASURE, "value"),
        Output(ids.URL_NOTICE, "children"),
        Output(ids.URL, "search"),
        Input(ids.URL, "search"),
        Input(ids.WAVE_FILTER, "value"),
        Input(ids.MAP_MEASURE, "value"),
        Input(ids.REGION_FILTER, "value"),
        Input(ids.DEPARTEMENT_FILTER, "value"),
        Input(ids.MAP_GRAPH, "clickData"),
        Input({"type": ids.CRUMB, "level": ALL}, "n_clicks"),
        Input({"type": ids.SITE_LINK, "site": ALL}, "n_clicks"),
        Input(ids.RESET_BUTTON, "n_clicks"),
        State(ids.SITE_STATE, "data"),
    )
    def _navigate(
        search,
        wave_value,
        measure_value,
        region_value,
        departement_value,
        click_data,
        _crumbs,
        _links,
        _reset,
        site_value,
    ):
        trigger_value = ctx.triggered[0]["value"] if ctx.triggered else None
        outputs = navigate(
            current_dataset(),
            ctx.triggered_id,
            trigger_value,
            wave_value,
            region_value,
            departement_value,
            click_data,
            site_value,
            search,
            measure_value,
        )
        return as_outputs(outputs)

    @app.callback(
        Output(ids.DOWNLOAD, "data"),
        Input({"type": ids.DOWNLOAD_BUTTON, "target": ALL, "format": ALL}, "n_clicks"),
        State(ids.WAVE_FILTER, "value"),
        State(ids.REGION_FILTER, "value"),
        State(ids.DEPARTEMENT_FILTER, "value"),
        State(ids.SITE_STATE, "data"),
        State(ids.SITES_SEARCH, "value"),
        State(ids.SITES_SORT, "data"),
        prevent_initial_call=True,
    )
    def _download(_clicks, wave_value, region_value, departement_value, site_value, search_value, sort_value):
        trigger_value = ctx.triggered[0]["value"] if ctx.triggered else None
        return download(
            current_dataset(),
            ctx.triggered_id,
            trigger_value,
            wave_value,
            region_value,
            departement_value,
            site_value,
            search_value,
            sort_value,
        )

    @app.callback(
        Output(ids.FUNDING_GRAPH, "figure"),
        Output(ids.TERRITORY_GRAPH, "figure"),
        Output(ids.TYPE_GRAPH, "figure"),
        Output(ids.KPI_ROW, "children"),
        Output(ids.SELECTION_SUMMARY, "children"),
        Output(ids.EMPTY_ALERT, "is_open"),
        Output(ids.FUNDING_NOTE, "children"),
        Output(ids.TERRITORY_NOTE, "children"),
        Output(ids.BREADCRUMB, "children"),
        Output(ids.summary(ids.FUNDING_GRAPH), "children"),
        Output(ids.data_table(ids.FUNDING_GRAPH), "children"),
        Output(ids.summary(ids.TERRITORY_GRAPH), "children"),
        Output(ids.data_table(ids.TERRITORY_GRAPH), "children"),
        Output(ids.summary(ids.TYPE_GRAPH), "children"),
        Output(ids.data_table(ids.TYPE_GRAPH), "children"),
        Output(ids.PAGE_TITLE, "data"),
        *geo_inputs,
    )
    @remember_outputs(SelectionMemo(MEMO_SIZE), current_dataset)
    def _overview(dataset, wave_value, region_value, departement_value, site_value):
        return update_overview(dataset, wave_value, region_value, departement_value, site_value).as_tuple()

    @app.callback(
        Output(ids.MAP_GRAPH, "figure"),
        Output(ids.summary(ids.MAP_GRAPH), "children"),
        Output(ids.data_table(ids.MAP_GRAPH), "children"),
        *geo_inputs,
        Input(ids.MAP_MEASURE, "value"),
    )
    @remember_outputs(SelectionMemo(MEMO_SIZE), current_dataset)
    def _map(dataset, wave_value, region_value, departement_value, site_value, measure_value):
        return update_map(dataset, wave_value, region_value, departement_value, site_value, measure_value).as_tuple()

    @app.callback(
        Output(ids.SITES_BODY, "children"),
        Output(ids.SITES_COUNT, "children"),
        Output(ids.SITES_PAGINATION, "max_value"),
        Output(ids.SITES_PAGINATION, "active_page"),
        Output(ids.SITES_SORT, "data"),
        Output({"type": ids.SORT_HEADER, "column": ALL}, "aria-sort"),
        Output({"type": ids.SORT_BUTTON, "column": ALL}, "children"),
        *geo_inputs,
        Input(ids.SITES_SEARCH, "value"),
        Input(ids.SITES_PAGINATION, "active_page"),
        Input({"type": ids.SORT_BUTTON, "column": ALL}, "n_clicks"),
        State(ids.SITES_SORT, "data"),
    )
    def _sites(
        wave_value, region_value, departement_value, site_value, search_value, page_value, _sort_clicks, sort_value
    ):
        trigger = ctx.triggered_id
        if isinstance(trigger, dict) and not (ctx.triggered and ctx.triggered[0]["value"]):
            trigger = None  # a header re-rendered, not clicked
        return update_sites(
            current_dataset(),
            trigger,
            wave_value,
            region_value,
            departement_value,
            site_value,
            search_value,
            page_value,
            sort_value,
        ).as_tuple()

    app.clientside_callback(
        ClientsideFunction("fabriques", "toggleFilters"),
        Output(ids.FILTERS_COLLAPSE, "is_open"),
        Input(ids.FILTERS_TOGGLE, "n_clicks"),
        State(ids.FILTERS_COLLAPSE, "is_open"),
        prevent_initial_call=True,
    )
    app.clientside_callback(ClientsideFunction("fabriques", "setTitle"), Input(ids.PAGE_TITLE, "data"))

    @app.callback(Output(ids.SITE_DETAIL, "children"), Input(ids.SITE_STATE, "data"))
    def _site_detail(site_value):
        return update_site_detail(current_dataset(), site_value)


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
