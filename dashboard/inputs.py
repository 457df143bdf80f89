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
