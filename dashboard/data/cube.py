"""The cube every chart and KPI reads: lauréats and euros per wave x département x type x
territory, aggregated once per load (its size depends on the reference tables, not on the
number of rows). Built by the data layer; ``dashboard.analysis`` filters and sums it."""

from __future__ import annotations

import pandas as pd

from dashboard.data import schema

CUBE_KEYS = [
    "wave_order",
    "wave",
    "wave_label",
    "region_code",
    "region",
    "departement_code",
    "departement",
    "type",
    "territory",
]
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
