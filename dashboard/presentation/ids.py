"""Component ids shared by the layout, the callbacks and the browser tests."""

WAVE_FILTER = "wave-filter"
REGION_FILTER = "region-filter"
DEPARTEMENT_FILTER = "departement-filter"
RESET_BUTTON = "reset-filters"
FILTERS_TOGGLE = "filters-toggle"
FILTERS_COLLAPSE = "filters-collapse"
PAGE_TITLE = "page-title"
BREADCRUMB = "breadcrumb"
SELECTION_SUMMARY = "selection-summary"
EMPTY_ALERT = "empty-selection"
KPI_ROW = "kpi-row"
FUNDING_GRAPH = "funding-graph"
TERRITORY_GRAPH = "territory-graph"
TYPE_GRAPH = "type-graph"
FUNDING_NOTE = "funding-note"
TERRITORY_NOTE = "territory-note"
MAP_GRAPH = "map-graph"
MAP_MEASURE = "map-measure"
MAP_NOTE = "map-note"
SITE_STATE = "site-state"
SITES_SEARCH = "sites-search"
SITES_SORT = "sites-sort"
SITES_BODY = "sites-body"
SITES_COUNT = "sites-count"
SITES_PAGINATION = "sites-pagination"
SITE_DETAIL = "site-detail"

# Pattern-matching ids: {"type": ..., <key>: value}
CRUMB = "crumb"  # key "level"
SITE_LINK = "site-link"  # key "site"
SORT_BUTTON = "sort-button"  # key "column"
SORT_HEADER = "sort-header"  # key "column"


def kpi_value(key: str) -> str:
    return f"kpi-{key}-value"


URL = "url"
URL_NOTICE = "url-notice"
DOWNLOAD = "download"  # the dcc.Download component
DOWNLOAD_BUTTON = "download-button"  # pattern: keys "target", "format"


def summary(graph_id: str) -> str:
    """The one-sentence text alternative of a chart."""
    return f"{graph_id}-summary"


def data_table(graph_id: str) -> str:
    """The data table alternative of a chart."""
    return f"{graph_id}-table"


DATA_ALERT = "data-status-alert"
DATA_VERSION = "data-version"
STATUS_INTERVAL = "data-status-interval"
DATA_FOOTER = "data-footer"
