"""What a block of the page is: declared once, in its own module.

A block owns its ids (derived from its ``key``), its French title and description, the
table it computes for a view, its figure, its summary sentence, its data table and its
export. The page (``presentation/layout.py``), the callbacks (``web/callbacks.py``) and
the downloads iterate over the registry (``dashboard/blocks/__init__.py``): adding a
chart is one new module and its tests.

Blocks never import Dash's callback machinery: they declare their outputs and inputs as
``(component id, property)`` pairs and ``render`` returns a dict keyed by the same
names. A test calls ``render`` directly, the way the callback does.
"""

from __future__ import annotations

from typing import Any, ClassVar

import pandas as pd

from dashboard.analysis import compute
from dashboard.analysis.navigation import FRANCE, SITE
from dashboard.analysis.view import ViewState
from dashboard.data.loader import Dataset
from dashboard.presentation import ids, markdown
from dashboard.presentation.components import chart_card
from dashboard.presentation.figures import wrap_legend_names
from dashboard.presentation.presenters import crumbs

Prop = tuple[str, str]  # (component id, property)


class Block:
    """A part of the page that shows the view and can be downloaded."""

    key: ClassVar[str]
    title: ClassVar[str]
    description: ClassVar[str] = ""
    file_stem: ClassVar[str]  # the export's file name: fabriques_<file_stem>_<place>_<date>.csv
    columns: ClassVar[dict[str, int]] = {"lg": 6}  # width in the page's grid (dbc.Col arguments)
    downloadable: ClassVar[bool] = True

    def layout(self, dataset: Dataset) -> Any:
        raise NotImplementedError

    def export_target(self, view: ViewState) -> Block:
        """The block whose table a download gives (the analysis shown, for the tabs)."""
        return self

    def outputs(self) -> dict[str, Prop]:
        """What ``render`` returns, by name: the props the callback sets."""
        raise NotImplementedError

    def inputs(self) -> dict[str, Prop]:
        """Inputs besides the view (a search box, a page button)."""
        return {}

    def states(self) -> dict[str, Prop]:
        """Values read, not listened to (the page shown)."""
        return {}

    def outputs_for(self, trigger: object) -> set[str] | None:
        """The outputs a change of one of the block's own controls touches (None: all)."""
        return None

    def export_states(self) -> dict[str, Prop]:
        """Values the export needs besides the view (the sites table's search and sort)."""
        return {}

    def render(self, dataset: Dataset, view: ViewState, trigger: object = None, **values: object) -> dict[str, Any]:
        raise NotImplementedError

    def export_frame(self, dataset: Dataset, view: ViewState, **values: object) -> pd.DataFrame:
        raise NotImplementedError


class ChartBlock(Block):
    """A chart with its summary sentence, its data table and its download."""

    height: ClassVar[int] = 360
    tab_label: ClassVar[str] = ""  # a short title, for the tabs of the analyses (else the title)

    # --- what a chart block writes --------------------------------------------------
    def compute(self, dataset: Dataset, view: ViewState) -> Any:
        """The data of the chart for this view (pure pandas, see ``analysis``)."""
        raise NotImplementedError

    def figure(self, data: Any, view: ViewState) -> dict:
        raise NotImplementedError

    def summary(self, data: Any, view: ViewState) -> str:
        raise NotImplementedError

    def table(self, data: Any, view: ViewState) -> pd.DataFrame:
        """The numbers behind the chart, French headers with units: shown as the chart's
        data table and downloaded as CSV/XLSX."""
        raise NotImplementedError

    def note(self, data: Any, view: ViewState) -> str:
        """A remark on what the chart does not show for this view."""
        return ""

    def table_markdown(self, data: Any, view: ViewState) -> str:
        """The data table as shown on screen (Markdown), from ``table`` unless a block has
        a faster way."""
        return markdown.table(self.table(data, view))

    def controls(self, dataset: Dataset) -> Any:
        """Controls shown above the chart (the map's measure)."""
        return None

    def extra_outputs(self, data: Any, view: ViewState) -> dict[str, Any]:
        """Outputs of a block beyond the chart's own (the map's legend): declare them in
        ``outputs`` too."""
        return {}

    # --- derived from the above ------------------------------------------------------
    def layout(self, dataset: Dataset) -> Any:
        return chart_card(self.key, self.title, self.description, self.height, self.controls(dataset))

    def outputs(self) -> dict[str, Prop]:
        return {
            "figure": (ids.graph(self.key), "figure"),
            "summary": (ids.summary(self.key), "children"),
            "table": (ids.table_data(self.key), "data"),
            "note": (ids.note(self.key), "children"),
        }

    def inputs(self) -> dict[str, Prop]:
        # The data table is built only while it is unfolded: opening it asks for it.
        return {"table_open": (ids.details(self.key), "open")}

    def outputs_for(self, trigger: object) -> set[str] | None:
        return {"table"} if trigger == ids.details(self.key) else None

    def render(self, dataset: Dataset, view: ViewState, trigger: object = None, **values: object) -> dict[str, Any]:
        data = self.compute(dataset, view)
        return {
            "figure": wrap_legend_names(self.figure(data, view)),
            "summary": self.summary(data, view),
            # A folded table is not built (the map's has a hundred rows): "" until unfolded.
            "table": self.table_markdown(data, view) if values.get("table_open") is True else "",
            "note": self.note(data, view),
        } | self.extra_outputs(data, view)

    def export_frame(self, dataset: Dataset, view: ViewState, **values: object) -> pd.DataFrame:
        return self.table(self.compute(dataset, view), view)


# --- helpers shared by the blocks ------------------------------------------------------


def view_cube(dataset: Dataset, view: ViewState) -> pd.DataFrame:
    """The cube of the view; at site level, the cube of that one site."""
    geo = view.geo
    site_rows = dataset.site_rows(geo.site) if geo.site else None
    return compute.scope_cube(dataset.cube, view.waves, geo.regions, geo.departement, site_rows)


def site_name(dataset: Dataset, view: ViewState) -> str | None:
    rows = dataset.site_rows(view.geo.site) if view.geo.site else None
    return None if rows is None or rows.empty else str(rows["name"].iat[0])


def place_trail(dataset: Dataset, view: ViewState) -> list[tuple[str, str]]:
    """(level, label) from France down to the view's place."""
    return crumbs(view.geo, dataset.reference, site_name(dataset, view))


def place_label(dataset: Dataset, view: ViewState) -> str:
    return place_trail(dataset, view)[-1][1]


def is_national(view: ViewState) -> bool:
    """France entière, every région (the scope of the programme's national targets)."""
    return view.geo.level == FRANCE and not view.geo.regions


def is_site(view: ViewState) -> bool:
    return view.geo.level == SITE
