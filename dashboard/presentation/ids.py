"""Component ids shared by the page shell, the blocks, the callbacks and the browser tests.

Every id is a plain string: pattern-matching ids (``{"type": ..., "key": ...}``) make
Dash's renderer resolve callbacks again whenever a subtree holding them is replaced,
which is where a filter click used to spend seconds (docs/performance.md).
"""

# --- the view: filters, URL and the state every block reads ------------------------
URL = "url"
URL_NOTICE = "url-notice"
VIEW = "view-state"  # dcc.Store: the validated view (waves, régions, département, site, measure)
WAVE_FILTER = "wave-filter"
REGION_FILTER = "region-filter"
DEPARTEMENT_FILTER = "departement-filter"
RESET_BUTTON = "reset-filters"
FILTERS_TOGGLE = "filters-toggle"
FILTERS_COLLAPSE = "filters-collapse"
MAP_MEASURE = "map-measure"
PAGE_TITLE = "page-title"

# --- the heading of the view (breadcrumb, summary sentence) --------------------------
BREADCRUMB = "breadcrumb"
SELECTION_SUMMARY = "selection-summary"
EMPTY_ALERT = "empty-selection"


def crumb(level: str) -> str:
    """The breadcrumb link to ``level`` (france, region, departement)."""
    return f"crumb-{level}"


def crumb_item(level: str) -> str:
    """The breadcrumb's list item around that link (hidden when the level is not shown)."""
    return f"crumb-{level}-item"


CRUMB_CURRENT = "crumb-current"
VIEW_HEADING = "view-heading"  # the page's h1: the place shown; focused after a breadcrumb link
ANNOUNCER = "announcer"  # polite live region written by assets/2-site/clientside.js

# --- blocks: ids derived from the block's key ----------------------------------------


def graph(key: str) -> str:
    return f"{key}-graph"


def summary(key: str) -> str:
    """The one-sentence text alternative of a block's chart."""
    return f"{key}-summary"


def data_table(key: str) -> str:
    """The data table alternative of a block's chart."""
    return f"{key}-table"


def details(key: str) -> str:
    """The folded <details> around a chart's data table."""
    return f"{key}-details"


def table_data(key: str) -> str:
    """The dcc.Store holding a chart's data table (Markdown) until the table is unfolded."""
    return f"{key}-table-data"


def note(key: str) -> str:
    return f"{key}-note"


def download_button(key: str, file_format: str) -> str:
    return f"download-{key}-{file_format}"


DOWNLOAD = "download"  # the one dcc.Download component

KPI_ROW = "kpi-row"


def kpi_value(key: str) -> str:
    return f"kpi-{key}-value"


# The analyses (funding, QPV / rural, types, …) share one card beside the map, shown one at
# a time: one graph, one summary, one table (dashboard/blocks/analyses.py).
ANALYSIS_GRAPH = graph("analysis")
MAP_GRAPH = graph("map")

# --- the sites table and the site card -------------------------------------------------
SITES_SEARCH = "sites-search"
SITES_SORT = "sites-sort"  # select: the column
SITES_ORDER = "sites-order"  # radio: ascending / descending
SITES_TABLE = "sites-table"
SITES_COUNT = "sites-count"
SITES_PAGE = "sites-page"  # dcc.Store: the page shown
SITES_PREVIOUS = "sites-previous"
SITES_NEXT = "sites-next"
SITES_PAGE_LABEL = "sites-page-label"
SITE_DETAIL = "site-detail"

# --- data status -------------------------------------------------------------------------
DATA_ALERT = "data-status-alert"
DATA_VERSION = "data-version"
STATUS_INTERVAL = "data-status-interval"
DATA_FOOTER = "data-footer"
