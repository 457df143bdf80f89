"""What the programme blocks (trajectory, payments, coverage, zones blanches) share: the
aggregates computed once per dataset, and French wording of rates and waves.

Per-dataset aggregates are computed on the first view of a dataset (with gunicorn
``--preload``, when the master builds the page, before the workers fork) and kept until
the dataset in service is replaced: a click only sums a few columns.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar, TypeVar

import numpy as np
import pandas as pd
from dash import dcc, html

from dashboard.analysis import coverage, schedule
from dashboard.analysis.view import ViewState
from dashboard.blocks.base import ChartBlock, site_name
from dashboard.data import schema
from dashboard.data.loader import Dataset
from dashboard.presentation import ids, markdown
from dashboard.presentation.components import aria
from dashboard.presentation.formatting import THOUSANDS, UNIT_SPACE, format_number

Value = TypeVar("Value")

PER_100K_LABEL = "Lauréats pour 100\u202f000 habitants"
RATE_DECIMALS = 2  # 0,56 lauréat pour 100 000 habitants: one decimal would hide the differences


class PerDataset:
    """One value per dataset in service (weakly held: a replaced dataset frees it)."""

    def __init__(self) -> None:
        self._entries: dict[tuple[str, int], tuple[weakref.ref, Any]] = {}
        self._lock = threading.Lock()

    def get(self, name: str, dataset: Dataset, compute: Callable[[], Value]) -> Value:
        key = (name, id(dataset))
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and entry[0]() is dataset:
                return entry[1]
        value = compute()
        with self._lock:
            # Drop entries of datasets that are gone (a reload), then keep this one.
            self._entries = {k: e for k, e in self._entries.items() if e[0]() is not None}
            self._entries[key] = (weakref.ref(dataset), value)
        return value


_CACHE = PerDataset()


def coverage_base(dataset: Dataset) -> coverage.CoverageBase:
    return _CACHE.get("coverage", dataset, lambda: coverage.build_base(dataset.sites, dataset.cube, dataset.reference))


def wave_periods(dataset: Dataset) -> list[schedule.WavePeriod]:
    reference = dataset.reference
    return _CACHE.get("periods", dataset, lambda: schedule.wave_periods(reference.programme_waves, reference.waves))


def view_departements(dataset: Dataset, view: ViewState) -> np.ndarray:
    """The view's départements as a mask of the reference's."""
    geo = view.geo
    return coverage_base(dataset).departement_mask(geo.regions, geo.departement)


def wave_rows(dataset: Dataset, view: ViewState) -> list[schedule.WaveRow]:
    """The view's lauréats, fabriques numériques and euros per wave group, in order, with
    running totals; at site level, the site's own labellisation."""
    periods = wave_periods(dataset)
    if view.geo.site:
        rows = dataset.site_rows(view.geo.site)
        totals: dict[str, dict[str, float]] = {}
        if not rows.empty:
            amount = float(rows["amount_eur"].to_numpy(dtype=float)[0])
            totals[str(rows["wave"].iat[0])] = {
                "laureats": 1,
                "numeriques": float(str(rows["type"].iat[0]) == schema.TYPE_NUMERIQUE),
                "amount_eur": 0.0 if amount != amount else amount,
            }
        return schedule.by_wave(periods, totals, view.waves)
    base = coverage_base(dataset)
    departements = view_departements(dataset, view)
    return schedule.by_wave(
        periods,
        base.per_wave(departements, view.waves),
        view.waves,
        base.cumulative_places(departements, view.waves),
    )


def place_name(dataset: Dataset, view: ViewState) -> str:
    """The view's place as the breadcrumb's last item says it ("Grand Est", "Bas-Rhin (67)"),
    from names looked up once per dataset."""
    geo = view.geo
    if geo.site:
        return site_name(dataset, view) or geo.site
    names = _CACHE.get(
        "names",
        dataset,
        lambda: (
            dataset.reference.region_names(),
            dataset.reference.departement_names(),
        ),
    )
    if geo.departement:
        return f"{names[1].get(geo.departement, geo.departement)} ({geo.departement})"
    if geo.regions:
        return ", ".join(names[0].get(code, code) for code in geo.regions)
    return "France entière"


def scope_label(dataset: Dataset, view: ViewState) -> str:
    """ "Grand Est, toutes vagues" """
    return f"{place_name(dataset, view)}, {waves_phrase(dataset, view)}"


def format_rate(value: float, decimals: int = RATE_DECIMALS) -> str:
    return format_number(value, decimals) if value == value else "–"


def waves_phrase(dataset: Dataset, view: ViewState) -> str:
    """ "toutes vagues" or "Vague 1, Vague 5"."""
    if not view.waves:
        return "toutes vagues"
    labels = _CACHE.get("wave_labels", dataset, dataset.reference.wave_labels)
    return ", ".join(labels[wave] for wave in view.waves)


Record = dict[str, object]


def markdown_records(
    records: list[Record],
    columns: list[str],
    decimals: dict[str, int] | None = None,
    links: dict[str, list[str]] | None = None,
) -> str:
    """The Markdown table of ``records`` (what ``markdown.table`` writes for their frame),
    built without pandas: a view's table costs microseconds. ``decimals``: columns shown
    with a fixed number of decimals (rates); ``links``: ready-made Markdown of some columns."""
    decimals = decimals or {}
    links = links or {}

    def is_number(value: object) -> bool:
        return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)

    numeric = [
        all(is_number(r.get(c)) or markdown.is_missing(r.get(c)) for r in records)
        and any(is_number(r.get(c)) for r in records)
        for c in columns
    ]
    lines = [
        "| " + " | ".join(markdown.escape(column) for column in columns) + " |",
        "|" + "|".join("---:" if n else "---" for n in numeric) + "|",
    ]
    for row, record in enumerate(records):
        cells = []
        for column in columns:
            value = record.get(column)
            if column in links:
                cells.append(links[column][row])
            elif column in decimals and is_number(value) and not markdown.is_missing(value):
                cells.append(format_number(float(value), decimals[column]))  # type: ignore[arg-type]
            elif is_number(value) and not markdown.is_missing(value) and float(value).is_integer():  # type: ignore[arg-type]
                # Whole numbers and euros, the most of a table, without Decimal: same text.
                text = f"{int(value):,}".replace(",", THOUSANDS)  # type: ignore[call-overload]
                cells.append(f"{text}{UNIT_SPACE}€" if "(€)" in column else text)
            else:
                cells.append(markdown.cell(column, value))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def records_frame(records: list[Record], columns: list[str]) -> pd.DataFrame:
    """The export of a table given as records (numbers stay numbers, missing ones empty)."""
    return pd.DataFrame.from_records(records, columns=columns)


@dataclass(frozen=True)
class PublishedWave:
    """A published wave of the programme (``data/programme-waves.csv``)."""

    label: str
    day: date  # where it is placed: the end of its period
    placement: str
    laureats: str
    new_places: str
    relabelled: str
    cumulative: int | None
    in_site_list: bool


def published_waves(dataset: Dataset) -> list[PublishedWave]:
    def build() -> list[PublishedWave]:
        rows = dataset.reference.programme_waves.to_dict("records")
        return [
            PublishedWave(
                label=str(row["wave_label"]),
                day=date.fromisoformat(str(row["placed_to"])),
                placement=str(row["placement"]),
                laureats=str(row["laureats"]),
                new_places=str(row["new_places"]),
                relabelled=str(row["relabelled"]),
                cumulative=int(str(row["cumulative"])) if row["cumulative"] else None,
                in_site_list=row["in_site_list"] == "1",
            )
            for row in rows
        ]

    return _CACHE.get("published", dataset, build)


def scrollable_table(key: str, label: str, extra_class: str = "") -> html.Div:
    """The block's Markdown table in a box that scrolls sideways when the table is wider
    than the card, reachable with the keyboard (RGAA 7.3, axe "scrollable-region-focusable")."""
    return html.Div(
        dcc.Markdown(id=ids.data_table(key), className=f"data-table {extra_class}".strip()),
        className="table-responsive mt-2",
        tabIndex="0",
        role="region",
        **aria(label=label),
    )


class RecordsChartBlock(ChartBlock):
    """A chart block whose data table is a list of records: shown as Markdown without
    going through pandas (a view costs microseconds), downloaded as a frame."""

    decimals: ClassVar[dict[str, int]] = {}  # columns shown with fixed decimals

    def columns_of(self, data: Any, view: ViewState) -> list[str]:
        raise NotImplementedError

    def records(self, data: Any, view: ViewState) -> list[Record]:
        raise NotImplementedError

    def table(self, data: Any, view: ViewState) -> pd.DataFrame:
        return records_frame(self.records(data, view), self.columns_of(data, view))

    def table_markdown(self, data: Any, view: ViewState) -> str:
        return markdown_records(self.records(data, view), self.columns_of(data, view), self.decimals)
