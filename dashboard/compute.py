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


def filter_cube(cube: pd.DataFrame, waves: Sequence[str] = (), regions: Sequence[str] = (),
                departement: str | None = None) -> pd.DataFrame:
    """Rows of the cube in the selection. An empty list of waves or regions means "all"."""
    mask = pd.Series(True, index=cube.index)
    if waves:
        mask &= cube["wave"].isin(list(waves))
    if regions:
        mask &= cube["region_code"].isin(list(regions))
    if departement:
        mask &= cube["departement_code"] == departement
    return cube[mask]


def filter_sites(sites: pd.DataFrame, waves: Sequence[str] = (), regions: Sequence[str] = (),
                 departement: str | None = None) -> pd.DataFrame:
    """Site rows in the selection, with the same semantics as ``filter_cube``."""
    mask = pd.Series(True, index=sites.index)
    if waves:
        mask &= sites["wave"].isin(list(waves))
    if regions:
        mask &= sites["region_code"].isin(list(regions))
    if departement:
        mask &= sites["departement_code"] == departement
    return sites[mask]


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
