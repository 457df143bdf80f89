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
from dashboard.data.cube import build_cube


def _isin(column: pd.Series, values: Sequence[str]) -> np.ndarray:
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
        mask &= _isin(frame["wave"], waves)
    if regions:
        mask &= _isin(frame["region_code"], regions)
    if departement:
        mask &= _isin(frame["departement_code"], [departement])
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
    sums = cube.groupby(["wave", "type"], as_index=False)[["laureats", "amount_eur"]].sum()
    table = grid.merge(sums, on=["wave", "type"], how="left").fillna({"laureats": 0, "amount_eur": 0.0})
    table["laureats"] = table["laureats"].astype("int64")
    totals = table.groupby("wave_order", sort=True)["amount_eur"].sum().cumsum()
    table["cumulative_amount_eur"] = table["wave_order"].map(totals)
    return table.sort_values(["wave_order", "type"], key=_type_order_key, ignore_index=True)


def _type_order_key(column: pd.Series) -> pd.Series:
    if column.name == "type":
        return column.map({t: i for i, t in enumerate(schema.TYPES)})
    return column


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


def type_mix_by_wave(
    cube: pd.DataFrame,
    waves_reference: pd.DataFrame,
    selected_waves: Sequence[str] = (),
    funding: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Lauréats per wave and type, with each type's share of the wave (0 when empty).

    ``funding``: ``funding_by_wave`` of the same cube and waves, when the caller already has it
    (computing it is most of the cost)."""
    if funding is None:
        funding = funding_by_wave(cube, waves_reference, selected_waves)
    table = funding[["wave_order", "wave", "wave_label", "type", "laureats"]]
    wave_totals = table.groupby("wave")["laureats"].transform("sum")
    table = table.assign(share=(table["laureats"] / wave_totals.where(wave_totals > 0)).fillna(0.0))
    return table


def kpis(cube: pd.DataFrame, departements_reference: pd.DataFrame) -> dict[str, float | int]:
    """Headline figures of the selection (compare with the targets in ``schema``)."""
    real_departements = set(departements_reference.loc[departements_reference["is_departement"], "departement_code"])
    present = cube.loc[cube["laureats"] > 0, "departement_code"]
    by_territory = cube.groupby("territory")["laureats"].sum()
    by_type = cube.groupby("type")["laureats"].sum()
    return {
        "laureats": int(cube["laureats"].sum()),
        "amount_eur": float(cube["amount_eur"].sum()),
        "amount_published_eur": float(cube["amount_published_eur"].sum()),
        "amount_unknown": int(cube["amount_unknown"].sum()),
        "qpv": int(by_territory.get(schema.TERRITORY_QPV, 0)),
        "rural": int(by_territory.get(schema.TERRITORY_RURAL, 0)),
        "territory_unknown": int(by_territory.get(schema.UNKNOWN, 0)),
        "numeriques": int(by_type.get(schema.TYPE_NUMERIQUE, 0)),
        "type_unknown": int(by_type.get(schema.UNKNOWN, 0)),
        "departements": int(present[present.isin(real_departements)].nunique()),
    }


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


SEARCHED_COLUMNS = ("name", "porteur", "commune", "departement", "qpv_name", "id")
SORTABLE_COLUMNS = ("name", "commune", "wave_order", "type", "territory", "qpv_name", "amount_eur")


def search_sites(sites: pd.DataFrame, text: str) -> pd.DataFrame:
    """Rows where any searched column contains ``text`` (case-insensitive)."""
    text = text.strip()
    if not text:
        return sites
    mask = pd.Series(False, index=sites.index)
    for column in SEARCHED_COLUMNS:
        mask |= sites[column].astype(str).str.contains(text, case=False, regex=False)
    return sites[mask]


def sort_sites(sites: pd.DataFrame, column: str | None, ascending: bool = True) -> pd.DataFrame:
    """Sorted by ``column`` (ties and the default: the dataset's own order)."""
    if column not in SORTABLE_COLUMNS:
        return sites if ascending else sites.iloc[::-1]
    key = sites[column]
    if key.dtype == object or str(key.dtype) in {"str", "string", "category"}:
        key = key.astype(str).str.lower()
    order = key.reset_index(drop=True).sort_values(ascending=ascending, kind="stable").index
    return sites.iloc[order]


def page_bounds(total: int, page: int, page_size: int) -> tuple[slice, int, int]:
    """The slice of page ``page`` (1-based, clamped) of ``total`` rows, the page and the
    page count."""
    pages = max(1, -(-total // page_size))
    page = min(max(1, page), pages)
    return slice((page - 1) * page_size, page * page_size), page, pages


def page_of(rows: pd.DataFrame, page: int, page_size: int) -> tuple[pd.DataFrame, int, int]:
    """Rows of page ``page`` (1-based, clamped), the page and the page count."""
    rows_slice, page, pages = page_bounds(len(rows), page, page_size)
    return rows.iloc[rows_slice], page, pages


def table_page(
    sites: pd.DataFrame,
    mask: np.ndarray,
    search: str,
    sort_column: str | None,
    ascending: bool,
    page: int,
    page_size: int,
) -> tuple[pd.DataFrame, int, int, int]:
    """One page of the sites table: (rows, total, page, pages). Without a search or a
    sort only the page's rows are copied, so a page of a million-row selection costs
    what a page of ten does."""
    if search.strip() or sort_column in SORTABLE_COLUMNS or not ascending:
        rows = sort_sites(search_sites(sites[mask], search), sort_column, ascending)
        page_rows, page, pages = page_of(rows, page, page_size)
        return page_rows, len(rows), page, pages
    positions = np.flatnonzero(mask)
    rows_slice, page, pages = page_bounds(len(positions), page, page_size)
    return sites.iloc[positions[rows_slice]], len(positions), page, pages
