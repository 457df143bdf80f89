"""Block: the heading of the view — breadcrumb, one summary sentence, the empty notice.

The breadcrumb's links are real links to the view at that level (``?vague=1&region=44``):
a click changes the address without reloading the page (``assets/2-site/clientside.js``),
and the navigation callback reads the view from the address, as for the back button.
"""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
from dash import html

from dashboard.analysis.navigation import DEPARTEMENT, FRANCE, REGION
from dashboard.analysis.urlstate import link_to_level
from dashboard.analysis.view import ViewState
from dashboard.blocks.base import Block, Prop, place_trail
from dashboard.blocks.kpis import view_figures
from dashboard.data.loader import Dataset
from dashboard.presentation import ids, presenters
from dashboard.presentation.components import aria

LINK_LEVELS = (FRANCE, REGION, DEPARTEMENT)


class SelectionBlock(Block):
    key = "selection"
    title = "Sélection"
    columns = {"xs": 12}
    downloadable = False

    def layout(self, dataset: Dataset) -> Any:
        items = [
            html.Li(
                html.A("France entière" if level == FRANCE else "", id=ids.crumb(level), href="?"),
                id=ids.crumb_item(level),
                className="breadcrumb-item",
                hidden=True,
            )
            for level in LINK_LEVELS
        ]
        items.append(
            html.Li(
                "France entière",
                id=ids.CRUMB_CURRENT,
                className="breadcrumb-item active",
                **aria(current="page"),
            )
        )
        return html.Div(
            [
                html.Nav(
                    html.Ol(items, className="breadcrumb mb-0"),
                    id=ids.BREADCRUMB,
                    className="mb-2 view-links",
                    **aria(label="Fil d'Ariane"),
                ),
                # The page's h1: the place shown. A breadcrumb link moves the focus here
                # (assets/2-site/clientside.js), hence tabIndex -1.
                html.H1("France entière", id=ids.VIEW_HEADING, className="view-heading", tabIndex="-1"),
                html.P(id=ids.SELECTION_SUMMARY, className="selection-summary", **aria(live="polite")),
                html.Div(id=ids.URL_NOTICE, className="url-notice small", role="status"),
                dbc.Alert(
                    "Aucune fabrique ne correspond à cette sélection. Modifiez les filtres ou cliquez sur "
                    "« Réinitialiser ».",
                    id=ids.EMPTY_ALERT,
                    color="info",
                    is_open=False,
                ),
            ]
        )

    def outputs(self) -> dict[str, Prop]:
        outputs: dict[str, Prop] = {}
        for level in LINK_LEVELS:
            outputs[f"{level}_label"] = (ids.crumb(level), "children")
            outputs[f"{level}_href"] = (ids.crumb(level), "href")
            outputs[f"{level}_hidden"] = (ids.crumb_item(level), "hidden")
        outputs["current"] = (ids.CRUMB_CURRENT, "children")
        outputs["heading"] = (ids.VIEW_HEADING, "children")
        outputs["summary"] = (ids.SELECTION_SUMMARY, "children")
        outputs["empty"] = (ids.EMPTY_ALERT, "is_open")
        outputs["page_title"] = (ids.PAGE_TITLE, "data")
        return outputs

    def render(self, dataset: Dataset, view: ViewState, trigger: object = None, **values: object) -> dict[str, Any]:
        trail = place_trail(dataset, view)
        labels = dict(trail[:-1])  # the levels above the current one are links
        rendered: dict[str, Any] = {}
        for level in LINK_LEVELS:
            rendered[f"{level}_label"] = labels.get(level, "")
            rendered[f"{level}_href"] = link_to_level(view, level)
            rendered[f"{level}_hidden"] = level not in labels
        figures = view_figures(dataset, view)
        wave_labels = dataset.reference.wave_labels()
        scope = presenters.selection_label([wave_labels[w] for w in view.waves], [label for _, label in trail[1:]])
        rendered["current"] = rendered["heading"] = trail[-1][1]
        rendered["summary"] = presenters.selection_summary(scope, figures)
        rendered["empty"] = figures.all["laureats"] == 0
        rendered["page_title"] = presenters.page_title(trail)
        return rendered
