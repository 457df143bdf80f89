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
# amount_eur: the dataset's amount (for an amount from the scale, its top: the estimate's
# upper bound); amount_low_eur: the estimate's lower bound (the bottom of the scale, see
# ``amount_low``); amount_published_eur: the amounts a source publishes for the site;
# amount_published: how many sites have one. type_derived / territory_derived: lauréats whose
# type / territory comes from a stated rule ("dérivé") rather than a source.
MEASURES = [
    "laureats",
    "amount_eur",
    "amount_low_eur",
    "amount_unknown",
    "amount_published_eur",
    "amount_published",
    "type_derived",
    "territory_derived",
]
COUNT_MEASURES = ("laureats", "amount_unknown", "amount_published", "type_derived", "territory_derived")


def amount_low(amount: pd.Series, status: pd.Series, wave: pd.Series) -> pd.Series:
    """The lower bound of each amount: an amount from the scale of waves 1–8 (``dérivé``)
    is its top (150,000 €, + the bonus of a fabrique numérique), while the 2019–2020 texts
    give from 75,000 €: the bottom is the same amount minus the width of that range. A
    published amount and the 2023 wave's flat 50,000 € are exact."""
    from_scale = (status == schema.STATUS_DERIVED).to_numpy() & wave.astype(str).isin(schema.INITIAL_WAVES).to_numpy()
    width = schema.GRANT_MAX_EUR - schema.GRANT_MIN_EUR
    return amount.where(~from_scale, (amount - width).clip(lower=0.0))


def build_cube(sites: pd.DataFrame) -> pd.DataFrame:
    """Aggregate site rows into the cube every chart reads."""
    published = sites["amount_status"] == schema.STATUS_PUBLISHED
    amount = sites["amount_eur"].fillna(0.0)
    frame = sites[CUBE_KEYS].assign(
        laureats=1,
        amount_eur=amount,
        amount_low_eur=amount_low(amount, sites["amount_status"], sites["wave"]),
        amount_unknown=sites["amount_eur"].isna().astype(int),
        amount_published_eur=sites["amount_eur"].where(published, 0.0).fillna(0.0),
        amount_published=(published & sites["amount_eur"].notna()).astype(int),
        type_derived=(sites["type_status"] == schema.STATUS_DERIVED).astype(int),
        territory_derived=(sites["territory_status"] == schema.STATUS_DERIVED).astype(int),
    )
    cube = frame.groupby(CUBE_KEYS, sort=True, observed=True, as_index=False)[MEASURES].sum()
    return cube.astype({column: "int64" for column in COUNT_MEASURES})
