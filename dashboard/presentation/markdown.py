"""Tables and text as Markdown, rendered by one ``dcc.Markdown`` component each.

Why Markdown: Dash's renderer does bookkeeping for every component of the page on every
state change, so a table of 100 rows built from ``html.Tr``/``html.Td`` components
(600 of them) cost seconds per filter click; the same table as one Markdown string is
one component. ``dcc.Markdown`` escapes raw HTML (``dangerously_allow_html`` stays off),
and every text from the data goes through ``escape`` so that it reads as text, never as
Markdown syntax. Links are only made of http(s) URLs or of the app's own query strings.
"""

from __future__ import annotations

import math
import re
from urllib.parse import urlparse

import pandas as pd

from dashboard.presentation.formatting import format_eur, format_number

ANCT_LIST_URL_PART = "anct-carto/superposeur-anct"
# Characters with a meaning in (GitHub-flavoured) Markdown, escaped with a backslash.
_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~&])")
_SPACES = re.compile(r"[ \t\r\n\f\v]+")  # ASCII only: French no-break spaces stay
EMPTY_CELL = "–"


def escape(text: object) -> str:
    """Any value as Markdown text that renders exactly as the value (one line)."""
    return _SPECIAL.sub(r"\\\1", _SPACES.sub(" ", str(text)).strip())


def link(label: str, target: str) -> str:
    """A Markdown link; ``target`` must be an http(s) URL or a query string of the app."""
    return f"[{escape(label)}]({target.replace(' ', '%20').replace(')', '%29')})"


def is_web_url(url: str) -> bool:
    parsed = urlparse(url.strip())
    return parsed.scheme in {"http", "https"} and bool(parsed.netloc)


def source_label(url: str) -> str:
    """A short label for a source URL: its host ("liste ANCT" for ANCT's own file)."""
    if ANCT_LIST_URL_PART in url:
        return "liste ANCT"
    return urlparse(url.strip()).netloc.removeprefix("www.")


def source_links(sources: object) -> str:
    """Each "|"-separated part of a source cell: a link if it is an http(s) URL, else text."""
    parts = [part.strip() for part in str(sources or "").split("|") if part.strip()]
    return " · ".join(link(source_label(p), p.strip()) if is_web_url(p) else escape(p) for p in parts)


def first_press_url(sources: object) -> str | None:
    """The first source other than ANCT's list, else ANCT's list."""
    urls = [u.strip() for u in str(sources or "").split("|") if is_web_url(u)]
    press = [u for u in urls if ANCT_LIST_URL_PART not in u]
    chosen = press or urls
    return chosen[0] if chosen else None


def is_missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def cell(column: str, value: object) -> str:
    """A value of an export frame as the screen shows it (French numbers, units)."""
    if is_missing(value) or value == "":
        return EMPTY_CELL
    if isinstance(value, str):
        return escape(value)
    if "(€)" in column:
        return format_eur(float(value))  # type: ignore[arg-type]
    if "(%)" in column:
        return f"{format_number(float(value), 1)}\u00a0%"  # type: ignore[arg-type]
    if isinstance(value, float) and not value.is_integer():
        return format_number(value, 1)
    return format_number(value)  # type: ignore[arg-type]


def table(frame: pd.DataFrame, cells: dict[str, list[str]] | None = None) -> str:
    """A GitHub-flavoured Markdown table of ``frame``: French headers as they are,
    numbers right-aligned and in French format. ``cells`` gives ready-made Markdown for
    some columns (links)."""
    if frame.columns.empty:
        return ""
    cells = cells or {}
    numeric = [pd.api.types.is_numeric_dtype(frame[column]) for column in frame.columns]
    lines = [
        "| " + " | ".join(escape(column) for column in frame.columns) + " |",
        "|" + "|".join("---:" if is_number else "---" for is_number in numeric) + "|",
    ]
    columns = [
        cells[column] if column in cells else [cell(column, value) for value in frame[column].tolist()]
        for column in frame.columns
    ]
    for row in zip(*columns, strict=True):
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)
