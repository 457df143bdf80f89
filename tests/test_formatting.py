from dashboard.presentation.formatting import (
    format_amount,
    format_eur,
    format_meur,
    format_number,
    format_percent,
    plural,
)

NNBSP, NBSP = "\u202f", "\u00a0"


def test_french_number_formats():
    assert format_eur(1_234_567) == f"1{NNBSP}234{NNBSP}567{NBSP}€"
    assert format_number(1234.5, 1) == f"1{NNBSP}234,5"
    assert format_meur(3_400_000) == f"3,4{NBSP}M€"
    assert format_meur(45_000_000) == f"45{NBSP}M€"
    assert format_percent(0.125, 1) == f"12,5{NBSP}%"
    assert format_number(float("nan")) == "–"
    assert format_meur(850_000) == f"0,9{NBSP}M€"  # half up, not 0,8
    assert format_amount(850_000) == f"850{NNBSP}000{NBSP}€"
    assert format_amount(50_900_000) == f"50,9{NBSP}M€"


def test_plural_follows_french_rules():
    assert plural(0, "fabrique") == f"0{NBSP}fabrique"
    assert plural(1, "fabrique") == f"1{NBSP}fabrique"
    assert plural(2, "fabrique") == f"2{NBSP}fabriques"
