"""Pure computations: DataFrame in, DataFrame (or plain values) out.

Charts and KPIs never read the site rows: they read a *cube* aggregated once at load
(lauréats and euros per wave x département x type x territory). Its size depends on
the number of waves and départements, not on the number of rows, so a filter change
costs the same on 400 rows or on a million.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from dashboard.data import schema
from dashboard.data.cube import COUNT_MEASURES, CUBE_KEYS, MEASURES, amount_low, build_cube  # noqa: F401 (re-exported)


def isin_mask(column: pd.Series, values: Sequence[str]) -> np.ndarray:
    """``column.isin(values)`` as a boolean array; for a categorical column, a lookup of
    its integer codes (a million rows in about a millisecond)."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        categories = column.cat.categories
        positions = categories.get_indexer(pd.Index(list(values)))
        wanted = np.zeros(len(categories) + 1, dtype=bool)  # the last slot: code -1 (missing)
        wanted[positions[positions >= 0]] = True
        return wanted[column.cat.codes.to_numpy()]
    return column.isin(list(values)).to_numpy()


def selection_mask(
    frame: pd.DataFrame, waves: Sequence[str], regions: Sequence[str], departement: str | None
) -> np.ndarray:
    """Which rows of ``frame`` (the cube or the sites: same key columns) are in the
    selection. An empty list of waves or regions means "all", like an empty filter."""
    mask = np.ones(len(frame), dtype=bool)
    if waves:
        mask &= isin_mask(frame["wave"], waves)
    if regions:
        mask &= isin_mask(frame["region_code"], regions)
    if departement:
        mask &= isin_mask(frame["departement_code"], [departement])
    return mask


def _in_selection(
    frame: pd.DataFrame, waves: Sequence[str], regions: Sequence[str], departement: str | None
) -> pd.DataFrame:
    return frame[selection_mask(frame, waves, regions, departement)]


def filter_cube(
    cube: pd.DataFrame, waves: Sequence[str] = (), regions: Sequence[str] = (), departement: str | None = None
) -> pd.DataFrame:
    return _in_selection(cube, waves, regions, departement)


def filter_sites(
    sites: pd.DataFrame, waves: Sequence[str] = (), regions: Sequence[str] = (), departement: str | None = None
) -> pd.DataFrame:
    return _in_selection(sites, waves, regions, departement)


def _waves_in_scope(waves_reference: pd.DataFrame, selected: Sequence[str]) -> pd.DataFrame:
    scope = waves_reference if not selected else waves_reference[waves_reference["wave"].isin(list(selected))]
    return scope[["wave_order", "wave", "wave_label"]].sort_values("wave_order")


def funding_by_wave(
    cube: pd.DataFrame, waves_reference: pd.DataFrame, selected_waves: Sequence[str] = ()
) -> pd.DataFrame:
    """Lauréats and euros per wave and type, every selected wave and every type present
    (zeros included, so a wave with no lauréat in the selection shows as such), plus the
    cumulative amount over waves."""
    scope = _waves_in_scope(waves_reference, selected_waves)
    grid = scope.merge(pd.DataFrame({"type": schema.TYPES}), how="cross")
    sums = cube.groupby(["wave", "type"], as_index=False)[["laureats", "amount_eur", "type_derived"]].sum()
    table = grid.merge(sums, on=["wave", "type"], how="left").fillna(
        {"laureats": 0, "amount_eur": 0.0, "type_derived": 0}
    )
    table = table.astype({"laureats": "int64", "type_derived": "int64"})
    totals = table.groupby("wave_order", sort=True)["amount_eur"].sum().cumsum()
    table["cumulative_amount_eur"] = table["wave_order"].map(totals)
    return table.sort_values(["wave_order", "type"], key=_type_order_key, ignore_index=True)


def _type_order_key(column: pd.Series) -> pd.Series:
    if column.name == "type":
        return column.map({t: i for i, t in enumerate(schema.TYPES)})
    return column


def funding_per_wave(
    cube: pd.DataFrame, waves_reference: pd.DataFrame, selected_waves: Sequence[str] = ()
) -> pd.DataFrame:
    """One row per selected wave: lauréats, the published amounts, the estimate's range
    (``amount_low_eur``..``amount_high_eur``, published amounts included), whether the wave
    is in the initial programme (its envelope), and the cumulative range over the waves
    of the initial programme only (empty for a later wave: the 2023 wave is outside the
    envelope, adding it to the cumulative would read as an overspend)."""
    scope = _waves_in_scope(waves_reference, selected_waves).reset_index(drop=True)
    columns = ["laureats", "amount_published", "amount_published_eur", "amount_low_eur", "amount_eur", "amount_unknown"]
    sums = cube.groupby("wave")[columns].sum()
    table = scope.copy()
    for column in columns:
        table[column] = table["wave"].map(sums[column]).fillna(0)
    table = table.rename(columns={"amount_eur": "amount_high_eur"})
    table = table.astype({"laureats": "int64", "amount_published": "int64", "amount_unknown": "int64"})
    table["initial"] = table["wave"].isin(schema.INITIAL_WAVES)
    for bound in ("low", "high"):
        cumulative = table[f"amount_{bound}_eur"].where(table["initial"], 0.0).cumsum()
        table[f"cumulative_{bound}_eur"] = cumulative.where(table["initial"])
    return table


def territory_split(cube: pd.DataFrame) -> pd.DataFrame:
    """Lauréats and euros per territory (QPV, rural, non précisé), with the targets."""
    sums = cube.groupby("territory")[["laureats", "amount_eur"]].sum()
    table = pd.DataFrame({"territory": schema.TERRITORIES})
    table["laureats"] = table["territory"].map(sums["laureats"]).fillna(0).astype("int64")
    table["amount_eur"] = table["territory"].map(sums["amount_eur"]).fillna(0.0)
    table["target"] = (
        table["territory"]
        .map({schema.TERRITORY_QPV: schema.TARGET_QPV, schema.TERRITORY_RURAL: schema.TARGET_RURAL})
        .astype("Int64")
    )
    return table


def scope_cube(
    cube: pd.DataFrame,
    waves: Sequence[str] = (),
    regions: Sequence[str] = (),
    departement: str | None = None,
    site_rows: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The cube of the current view; at site level (``site_rows``: the site's row), the
    cube of that one site."""
    if site_rows is not None:
        return build_cube(_in_selection(site_rows, waves, (), None))
    return filter_cube(cube, waves=waves, regions=regions, departement=departement)


def by_departement(cube: pd.DataFrame, departements_reference: pd.DataFrame) -> pd.DataFrame:
    """Lauréats and euros for every département of the reference, zeros included."""
    sums = cube.groupby("departement_code", observed=True)[["laureats", "amount_eur"]].sum()
    table = departements_reference[
        ["departement_code", "departement", "region_code", "region", "is_departement"]
    ].copy()
    table["laureats"] = table["departement_code"].map(sums["laureats"]).fillna(0).astype("int64")
    table["amount_eur"] = table["departement_code"].map(sums["amount_eur"]).fillna(0.0)
    return table
