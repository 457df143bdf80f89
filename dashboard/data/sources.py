"""The titles and dates of the pages the dataset cites, read once from the evidence files
(``data/sources/programme/site-evidence.csv`` and ``wave-evidence.csv``) and from the
programme's own sources in ``schema``: a source is shown as a link with its title and date,
not as a bare host name or a file name."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from dashboard.data import schema
from dashboard.data.reference import DATA_DIR

EVIDENCE_FILES = ("site-evidence.csv", "wave-evidence.csv")
PROGRAMME_SOURCES = ("IREV_WAVE_1", "IDCITE_WAVE_1", "FTL_170", "JDP_300", "ECOLOGIE_2023", "BAS_RHIN_RELEASE")
SHIPPED_COPY = "copie conservée dans data/sources/programme/"


@lru_cache(maxsize=1)
def source_titles(data_dir: Path = DATA_DIR) -> dict[str, schema.Source]:
    """URL (or shipped file name) -> its title and date."""
    titles: dict[str, schema.Source] = {
        schema.DATA_SOURCE_URL: schema.Source(schema.DATA_SOURCE_URL, schema.DATA_SOURCE, "")
    }
    for name in PROGRAMME_SOURCES:
        source = getattr(schema, name)
        titles[source.url] = source
    for file_name in EVIDENCE_FILES:
        path = data_dir / "sources" / "programme" / file_name
        if not path.exists():
            continue
        evidence = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
        for url, title, date in zip(evidence["url"], evidence["page_title"], evidence["page_date"]):
            if url and title and url not in titles:
                titles[url] = schema.Source(url, title, date)
    return titles


def find_source(part: str) -> schema.Source | None:
    """The title and date of one part of a source cell: a URL, or a shipped file's name
    followed by words ("communique-prefecture-bas-rhin-2021.txt (préfecture du Bas-Rhin…)")."""
    part = part.strip()
    titles = source_titles()
    if part in titles:
        return titles[part]
    name = part.split(" ", 1)[0]
    source = titles.get(name)
    return source if source is not None and not source.url.startswith("http") else None
