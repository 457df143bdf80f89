"""Checks on what the browser sends to a callback.

A callback receives whatever a client posts to ``/_dash-update-component``, not only
what the layout's options allow; every value is checked against an allow-list before
it reaches pandas.
"""

from __future__ import annotations

from collections.abc import Iterable

MAX_SELECTED = 200  # more codes than exist in any allow-list: the request is junk


def selected_codes(value: object, allowed: Iterable[str]) -> list[str]:
    """The known codes in a multi-select value, in allow-list order; junk is dropped.

    ``None``, a string instead of a list, numbers, nested lists and unknown codes are
    all ignored rather than raising, so a stale or forged value shows the unfiltered
    view instead of an error.
    """
    allowed = list(allowed)
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)) or len(value) > MAX_SELECTED:
        return []
    chosen = {item for item in value if isinstance(item, str)}
    return [code for code in allowed if code in chosen]


def selected_code(value: object, allowed: Iterable[str]) -> str | None:
    """One code of the allow-list (a département, a site id, a measure, an export
    format), or None for anything else: a list, a number, an unknown or forged code."""
    return value if isinstance(value, str) and value in set(allowed) else None


MAX_TEXT = 200


def selected_text(value: object) -> str | None:
    """Free text (a search box, an id to look up): a string, bounded, else None."""
    return value[:MAX_TEXT] if isinstance(value, str) else None


def positive_int(value: object, default: int) -> int:
    """A page number and the like: a positive int (bool is not one), else ``default``."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        return default
    return value


def click_count(value: object) -> int:
    """A button's ``n_clicks``: a non-negative int; anything else counts as no click."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return 0
    return value


MAX_VERSION_LENGTH = 64  # a SHA-256 in hex


def dataset_version(value: object) -> str | None:
    """The dataset version a page was built with (hex digest), or None if forged."""
    if not isinstance(value, str) or not 0 < len(value) <= MAX_VERSION_LENGTH:
        return None
    return value if all(ch in "0123456789abcdef" for ch in value) else None
