"""French number formatting for the UI: ``1 234 567 €``, ``3,4 M€``, ``12,5 %``.

French typography groups thousands with a narrow no-break space (U+202F, what
``Intl.NumberFormat("fr-FR")`` writes) and puts a no-break space (U+00A0) before a
unit, so that a figure never wraps across lines.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

THOUSANDS = "\u202f"
UNIT_SPACE = "\u00a0"


def format_number(value: float, decimals: int = 0) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    # Round half up, as people do (Python's float formatting would turn 0.85 into 0.8).
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    text = f"{rounded:,.{decimals}f}"
    return text.replace(",", THOUSANDS).replace(".", ",")


def format_eur(value: float) -> str:
    """``1234567`` -> ``1 234 567 €``."""
    return f"{format_number(value)}{UNIT_SPACE}€"


def format_meur(value: float) -> str:
    """Millions of euros with one decimal: ``3400000`` -> ``3,4 M€``; ``45000000`` -> ``45 M€``."""
    millions = value / 1_000_000
    decimals = 0 if float(millions).is_integer() else 1
    return f"{format_number(millions, decimals)}{UNIT_SPACE}M€"


def format_amount(value: float) -> str:
    """Millions of euros from 1 M€ up, whole euros below: ``3,4 M€``, ``850 000 €``."""
    return format_meur(value) if abs(value) >= 1_000_000 else format_eur(value)


def format_percent(ratio: float, decimals: int = 0) -> str:
    """``0.125`` -> ``13 %`` (French puts a space before %)."""
    return f"{format_number(ratio * 100, decimals)}{UNIT_SPACE}%"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """``plural(2, "fabrique")`` -> ``2 fabriques`` (French: 0 and 1 take the singular)."""
    word = singular if abs(count) < 2 else (plural_form or singular + "s")
    return f"{format_number(count)}{UNIT_SPACE}{word}"


def format_amount_range(low: float, high: float) -> str:
    """An estimate's range in one unit: ``29,1 à 51,5 M€``, ``750 000 à 1 050 000 €``; a
    single figure when both ends agree."""
    if round(low) == round(high):
        return format_amount(high)
    if low >= 1_000_000:
        return f"{format_number(low / 1_000_000, 1)} à {format_number(high / 1_000_000, 1)}{UNIT_SPACE}M€"
    return f"{format_number(low)} à {format_eur(high)}"
