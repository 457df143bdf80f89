"""Component ids shared by the layout, the callbacks and the browser tests."""

WAVE_FILTER = "wave-filter"
REGION_FILTER = "region-filter"
RESET_BUTTON = "reset-filters"
SELECTION_SUMMARY = "selection-summary"
EMPTY_ALERT = "empty-selection"
KPI_ROW = "kpi-row"
FUNDING_GRAPH = "funding-graph"
TERRITORY_GRAPH = "territory-graph"
TYPE_GRAPH = "type-graph"
FUNDING_NOTE = "funding-note"
TERRITORY_NOTE = "territory-note"


def kpi_value(key: str) -> str:
    return f"kpi-{key}-value"
DATA_ALERT = "data-status-alert"
DATA_VERSION = "data-version"
STATUS_INTERVAL = "data-status-interval"
DATA_FOOTER = "data-footer"
