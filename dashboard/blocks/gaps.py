"""Block: the "zones blanches" — the départements of the view with no lauréat in the chosen
waves, with their population and QPV: the territories a manager would target next.

A list, not a chart: one Markdown table (its names are links to the département's view),
a summary sentence and a note, all updated by the page callback.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import dash_bootstrap_components as dbc
import numpy as np
import pandas as pd
from dash import html

from dashboard.analysis.coverage import Figures, zero_laureat_departements
from dashboard.analysis.navigation import GeoState
from dashboard.analysis.urlstate import build_query
from dashboard.analysis.view import ViewState
from dashboard.blocks.base import Block, Prop
from dashboard.blocks.programme import (
    Record,
    coverage_base,
    markdown_records,
    records_frame,
    scope_label,
    scrollable_table,
)
from dashboard.data.loader import Dataset
from dashboard.presentation import ids, markdown
from dashboard.presentation.components import download_control
from dashboard.presentation.formatting import format_number, plural

SHOWN_IN_SUMMARY = 3
ALL_WAVES = "Lauréats, toutes vagues"
COLUMNS = ["Département", "Code", "Région", "Population", "QPV", "Communes avec un QPV"]


@dataclass(frozen=True)
class Gaps:
    departements: Figures  # the départements without lauréat, most populated first
    regions: list[str]
    links: list[str]  # the view of each
    all_waves: list[int] | None  # their lauréats in every wave (when some waves are chosen)
    qpv_communes: list[int]
    scope: str
    in_view: int  # départements of the view


class GapsBlock(Block):
    key = "gaps"
    title = "Zones blanches : départements sans lauréat"
    description = (
        "Départements de la sélection sans aucun lauréat dans les vagues choisies, les plus peuplés d'abord, avec "
        "leurs quartiers prioritaires (QPV)."
    )
    file_stem = "zones-blanches"

    def layout(self, dataset: Dataset) -> Any:
        return dbc.Card(
            dbc.CardBody(
                [
                    html.H2(self.title, className="h5 card-title"),
                    html.P(self.description, className="chart-description"),
                    download_control(self.key, self.title),
                    html.P(id=ids.note(self.key), className="chart-note"),
                    html.P(id=ids.summary(self.key), className="chart-summary"),
                    scrollable_table(self.key, f"Liste : {self.title}", "view-links"),
                ]
            ),
            className="h-100 chart-card",
            id=f"{self.key}-card",
        )

    def outputs(self) -> dict[str, Prop]:
        return {
            "summary": (ids.summary(self.key), "children"),
            "table": (ids.data_table(self.key), "children"),
            "note": (ids.note(self.key), "children"),
        }

    def compute(self, dataset: Dataset, view: ViewState) -> Gaps:
        base = coverage_base(dataset)
        geo = view.geo
        departements = base.departements(view.waves)
        within = base.departement_mask(geo.regions, geo.departement)
        empty = zero_laureat_departements(departements, base.is_departement, within)
        gaps = departements.take(empty)
        regions = [base.region_names[base.departement_regions[i]] for i in empty]
        region_codes = [base.region_codes[base.departement_regions[i]] for i in empty]
        links = [
            build_query(
                ViewState(waves=view.waves, geo=GeoState(regions=(region,), departement=code), measure=view.measure)
            )
            for code, region in zip(gaps.codes, region_codes)
        ]
        all_waves = None
        if view.waves:
            every = base.counts["laureats"].sum(axis=1)
            all_waves = [int(every[i]) for i in empty]
        qpv_communes = [int(base.qpv_communes[i]) for i in empty]
        return Gaps(
            departements=gaps,
            regions=regions,
            links=links,
            all_waves=all_waves,
            qpv_communes=qpv_communes,
            scope=scope_label(dataset, view),
            in_view=int((within & base.is_departement).sum()),
        )

    def summary(self, data: Gaps, view: ViewState) -> str:
        gaps = data.departements
        count = len(gaps.codes)
        if count == 0:
            return f"{data.scope} : aucun département sans lauréat."
        if view.geo.departement:
            return (
                f"{data.scope} : aucun lauréat ; {format_number(float(gaps.population[0]))} habitants, "
                f"{plural(int(gaps.qpv[0]), 'QPV', 'QPV')}."
            )
        text = f"{data.scope} : {plural(count, 'département')} sans lauréat sur {format_number(data.in_view)}"
        if count > SHOWN_IN_SUMMARY:
            text += (
                f", {format_number(float(np.nansum(gaps.population)))} habitants et "
                f"{plural(int(gaps.qpv.sum()), 'QPV', 'QPV')} ; les plus peuplés"
            )
        named = [
            f"{gaps.names[i]} ({format_number(float(gaps.population[i]))} habitants, "
            f"{plural(int(gaps.qpv[i]), 'QPV', 'QPV')})"
            for i in range(min(count, SHOWN_IN_SUMMARY))
        ]
        return f"{text} : " + ", ".join(named) + "."

    def note(self, data: Gaps, view: ViewState) -> str:
        parts = [
            "Un département est une zone blanche s'il n'a aucun lauréat dans les vagues choisies (la vague 2023 "
            "était réservée aux territoires sans fabrique). La vague 2024 (25 nouveaux lieux) n'est pas dans la "
            "liste des sites : elle a pu en couvrir."
        ]
        if data.all_waves is not None and any(data.all_waves):
            parts.append(f"« {ALL_WAVES} » : leurs lauréats de toutes les vagues.")
        parts.append("QPV : liste 2024 (2025 outre-mer) ; population municipale INSEE.")
        return " ".join(parts)

    def columns_of(self, data: Gaps) -> list[str]:
        return COLUMNS + ([ALL_WAVES] if data.all_waves is not None else [])

    def records(self, data: Gaps) -> list[Record]:
        gaps = data.departements
        records: list[Record] = []
        for i, code in enumerate(gaps.codes):
            record: Record = {
                "Département": gaps.names[i],
                "Code": code,
                "Région": data.regions[i],
                "Population": int(gaps.population[i]) if gaps.population[i] == gaps.population[i] else None,
                "QPV": int(gaps.qpv[i]),
                "Communes avec un QPV": data.qpv_communes[i],
            }
            if data.all_waves is not None:
                record[ALL_WAVES] = data.all_waves[i]
            records.append(record)
        return records

    def render(self, dataset: Dataset, view: ViewState, trigger: object = None, **values: object) -> dict[str, Any]:
        data = self.compute(dataset, view)
        records = self.records(data)
        table = ""
        if records:
            links = [markdown.link(str(record["Département"]), link) for record, link in zip(records, data.links)]
            table = markdown_records(records, self.columns_of(data), links={"Département": links})
        return {"summary": self.summary(data, view), "table": table, "note": self.note(data, view)}

    def export_frame(self, dataset: Dataset, view: ViewState, **values: object) -> pd.DataFrame:
        data = self.compute(dataset, view)
        return records_frame(self.records(data), self.columns_of(data))
