"""Values out of text cells: numbers as French and English spreadsheets write them, and a
per-distinct-value map (files repeat the same values a lot)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd

# "150.000" or "150,000": 150 € in one country, 150 000 € in another.
AMBIGUOUS_NUMBER = re.compile(r"[-+]?\d{1,3}[.,]\d{3}")
DOT_THOUSANDS = re.compile(r"[-+]?\d{1,3}(?:\.\d{3})+(?:,\d+)?")  # 1.500.000 or 150.000,50 (French)
COMMA_THOUSANDS = re.compile(r"[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")  # 1,500,000 or 150,000.50 (English)
NUMBER_NOISE = re.compile(r"[\s\u00a0\u202f€]")


def by_unique(values: pd.Series, function: Callable[[str], object]) -> pd.Series:
    """``values.map(function)``, computed once per distinct value (files repeat them a lot)."""
    uniques = values.unique()
    return values.map(dict(zip(uniques, map(function, uniques), strict=True)))


def _number_text(value: str, thousands: bool) -> str | None:
    """A number typed in a French or English spreadsheet as Python reads it; None if it
    could be read two ways. ``thousands``: "1.500.000" and "150,000.50" are grouped digits."""
    cleaned = NUMBER_NOISE.sub("", value)
    if not thousands:
        return cleaned.replace(",", ".")
    if AMBIGUOUS_NUMBER.fullmatch(cleaned):
        return None
    if DOT_THOUSANDS.fullmatch(cleaned):
        return cleaned.replace(".", "").replace(",", ".")
    if COMMA_THOUSANDS.fullmatch(cleaned):
        return cleaned.replace(",", "")
    return cleaned.replace(",", ".")


def parse_number(values: pd.Series, thousands: bool = False) -> tuple[pd.Series, pd.Series]:
    """(numbers, ambiguous): numbers as typed in French or English spreadsheets ("150 000",
    "1,5", "150000 €"); with ``thousands``, "150.000" and "150,000" are ambiguous (NaN)."""
    texts = by_unique(values, lambda value: _number_text(value, thousands))
    ambiguous = texts.isna() & (values != "")
    numbers = pd.to_numeric(texts.where(texts.notna() & (texts != ""), None), errors="coerce")
    return numbers, ambiguous
