"""Pure computations: DataFrame in, DataFrame (or plain values) out.

Charts and KPIs never read the site rows: they read a *cube* aggregated once at load
(lauréats and euros per wave x département x type x territory). Its size depends on
the number of waves and départements, not on the number of rows, so a filter change
costs the same on 400 rows or on a million.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from dashboard import schema

CUBE_KEYS = ["wave_order", "wave", "wave_label", "region_code", "region",
             "departement_code", "departement", "type", "territory"]
MEASURES = ["laureats", "amount_eur", "amount_unknown", "amount_published_eur"]


def build_cube(sites: pd.DataFrame) -> pd.DataFrame:
    """Aggregate site rows into the cube every chart reads."""
    published = sites["amount_status"] == schema.STATUS_PUBLISHED
    frame = sites[CUBE_KEYS].assign(
        laureats=1,
        amount_eur=sites["amount_eur"].fillna(0.0),
        amount_unknown=sites["amount_eur"].isna().astype(int),
        amount_published_eur=sites["amount_eur"].where(published, 0.0).fillna(0.0),
    )
    cube = frame.groupby(CUBE_KEYS, sort=True, observed=True, as_index=False)[MEASURES].sum()
    return cube.astype({"laureats": "int64", "amount_unknown": "int64"})


def _in_selection(frame: pd.DataFrame, waves: Sequence[str], regions: Sequence[str],
                  departement: str | None) -> pd.DataFrame:
    """Rows of ``frame`` (the cube or the sites: same key columns) in the selection. An
    empty list of waves or regions means "all", like an empty filter in the UI."""
    mask = pd.Series(True, index=frame.index)
    if waves:
        mask &= frame["wave"].isin(list(waves))
    if regions:
        mask &= frame["region_code"].isin(list(regions))
    if departement:
        mask &= frame["departement_code"] == departement
    return frame[mask]


def filter_cube(cube: pd.DataFrame, waves: Sequence[str] = (), regions: Sequence[str] = (),
                departement: str | None = None) -> pd.DataFrame:
    return _in_selection(cube, waves, regions, departement)


def filter_sites(sites: pd.DataFrame, waves: Sequence[str] = (), regions: Sequence[str] = (),
                 departement: str | None = None) -> pd.DataFrame:
    return _in_selection(sites, waves, regions, departement)


def _waves_in_scope(waves_reference: pd.DataFrame, selected: Sequence[str]) -> pd.DataFrame:
    scope = waves_reference if not selected else waves_reference[waves_reference["wave"].isin(list(selected))]
    return scope[["wave_order", "wave", "wave_label"]].sort_values("wave_order")


def funding_by_wave(cube: pd.DataFrame, waves_reference: pd.DataFrame,
                    selected_waves: Sequence[str] = ()) -> pd.DataFrame:
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
    table["target"] = table["territory"].map({schema.TERRITORY_QPV: schema.TARGET_QPV,
                                              schema.TERRITORY_RURAL: schema.TARGET_RURAL}).astype("Int64")
    return table


def type_mix_by_wave(cube: pd.DataFrame, waves_reference: pd.DataFrame,
                     selected_waves: Sequence[str] = (), funding: pd.DataFrame | None = None) -> pd.DataFrame:
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


def scope_cube(cube: pd.DataFrame, sites: pd.DataFrame, waves: Sequence[str] = (), regions: Sequence[str] = (),
               departement: str | None = None, site: str | None = None) -> pd.DataFrame:
    """The cube of the current view; at site level, the cube of that one site."""
    if site:
        one_site = sites[sites["id"] == site]
        if waves:
            one_site = one_site[one_site["wave"].isin(list(waves))]
        return build_cube(one_site)
    return filter_cube(cube, waves=waves, regions=regions, departement=departement)


def by_departement(cube: pd.DataFrame, departements_reference: pd.DataFrame) -> pd.DataFrame:
    """Lauréats and euros for every département of the reference, zeros included."""
    sums = cube.groupby("departement_code", observed=True)[["laureats", "amount_eur"]].sum()
    table = departements_reference[["departement_code", "departement", "region_code", "region",
                                    "is_departement"]].copy()
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


def page_of(rows: pd.DataFrame, page: int, page_size: int) -> tuple[pd.DataFrame, int, int]:
    """Rows of page ``page`` (1-based, clamped), the page and the page count."""
    pages = max(1, -(-len(rows) // page_size))
    page = min(max(1, page), pages)
    return rows.iloc[(page - 1) * page_size: page * page_size], page, pages
