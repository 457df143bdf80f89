"""Block: the analyses beside the map, one at a time, chosen with tabs.

Each analysis (funding, QPV / rural, types, trajectory, payments, coverage) is a chart
block of its own module; this block shows the one the view names (``view.analysis``,
``?analyse=…`` in the address) in one card. The tabs are links to the same view with
another analysis, so a tab opens in a new browser tab too, and the back button returns.

Why one at a time: every chart drawn costs the browser 20 to 40 ms per click on this
project's reference machine; seven charts redrawn at each filter click made the page
answer in about half a second (docs/performance.md). The map and one analysis keep a
click under the speed targets, and the other analyses are one click away.
"""

from __future__ import annotations

from typing import Any, ClassVar

from dash import dcc, html

from dashboard.analysis.urlstate import link_to_analysis
from dashboard.analysis.view import ViewState
from dashboard.blocks.base import Block, ChartBlock, Prop
from dashboard.data.loader import Dataset
from dashboard.presentation import ids
from dashboard.presentation.components import GRAPH_CONFIG, aria, data_details, download_control

KEY = "analysis"
TITLE = f"{KEY}-title"
DESCRIPTION = f"{KEY}-description"
TABS = f"{KEY}-tabs"


def tab_link(key: str) -> str:
    return f"{KEY}-tab-{key}"


class AnalysesBlock(Block):
    key = KEY
    title = "Analyse affichée"
    file_stem = "analyse"
    height: ClassVar[int] = 480

    def __init__(self, analyses: tuple[ChartBlock, ...]):
        self.analyses = analyses
        self.by_key = {analysis.key: analysis for analysis in analyses}

    def selected(self, view: ViewState) -> ChartBlock:
        return self.by_key.get(view.analysis, self.analyses[0])

    def inputs(self) -> dict[str, Prop]:
        return {"table_open": (ids.details(KEY), "open")}

    def outputs_for(self, trigger: object) -> set[str] | None:
        return {"table"} if trigger == ids.details(KEY) else None

    def export_target(self, view: ViewState) -> Block:
        return self.selected(view)

    def layout(self, dataset: Dataset) -> Any:
        first = self.analyses[0]
        tabs = html.Nav(
            html.Ul(
                [
                    html.Li(
                        html.A(
                            analysis.tab_label or analysis.title,
                            id=tab_link(analysis.key),
                            href="?",
                            className="analysis-tab",
                        ),
                        className="analysis-tabs__item",
                    )
                    for analysis in self.analyses
                ],
                className="analysis-tabs__list",
            ),
            id=TABS,
            className="analysis-tabs view-links",
            **aria(label="Analyses"),
        )
        card = html.Div(
            html.Div(
                [
                    html.H2(first.title, id=TITLE, className="h5 card-title"),
                    html.P(first.description, id=DESCRIPTION, className="chart-description"),
                    download_control(KEY, "Analyse affichée"),
                    html.P(id=ids.note(KEY), className="chart-note"),
                    html.P(id=ids.summary(KEY), className="chart-summary"),
                    dcc.Graph(id=ids.graph(KEY), config=GRAPH_CONFIG, style={"height": f"{self.height}px"}),
                    data_details(KEY, "Analyse affichée"),
                ],
                className="card-body",
            ),
            className="card h-100 chart-card",
            id=f"{KEY}-card",
        )
        return html.Section([tabs, card], className="h-100 d-flex flex-column", **aria(label="Analyses"))

    def outputs(self) -> dict[str, Prop]:
        outputs: dict[str, Prop] = {
            "figure": (ids.graph(KEY), "figure"),
            "summary": (ids.summary(KEY), "children"),
            "table": (ids.table_data(KEY), "data"),
            "note": (ids.note(KEY), "children"),
            "title": (TITLE, "children"),
            "description": (DESCRIPTION, "children"),
        }
        for analysis in self.analyses:
            outputs[f"{analysis.key}_href"] = (tab_link(analysis.key), "href")
            outputs[f"{analysis.key}_current"] = (tab_link(analysis.key), "aria-current")
            outputs[f"{analysis.key}_class"] = (tab_link(analysis.key), "className")
        return outputs

    def render(self, dataset: Dataset, view: ViewState, trigger: object = None, **values: object) -> dict[str, Any]:
        selected = self.selected(view)
        shown = selected.render(dataset, view, None, table_open=values.get("table_open"))
        rendered: dict[str, Any] = {name: shown[name] for name in ("figure", "summary", "table", "note")}
        rendered["title"] = selected.title
        rendered["description"] = selected.description
        for analysis in self.analyses:
            current = analysis is selected
            rendered[f"{analysis.key}_href"] = link_to_analysis(view, analysis.key)
            rendered[f"{analysis.key}_current"] = "page" if current else "false"
            rendered[f"{analysis.key}_class"] = "analysis-tab analysis-tab--current" if current else "analysis-tab"
        return rendered

    def export_frame(self, dataset: Dataset, view: ViewState, **values: object) -> Any:
        return self.selected(view).export_frame(dataset, view, **values)
