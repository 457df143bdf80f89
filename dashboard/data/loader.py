"""Read and validate a programme dataset (CSV or XLSX) into a read-only ``Dataset``.

Managers edit these files by hand, in Excel or LibreOffice, so the reader accepts what
those programs write (comma or semicolon, UTF-8 with or without BOM, Windows-1252, XLSX)
and the validator names the file, the line and the column of every problem, in French.
Either the whole file is valid and a new ``Dataset`` is returned, or ``DatasetError`` is
raised and nothing is loaded.

The work is split by job: ``reading`` (bytes, decoding, CSV and XLSX tables),
``validation`` (the rules), ``dataset`` (the result); this module ties them together and
keeps the public names in one place.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from dashboard.data import publishing
from dashboard.data.dataset import Dataset, FileSignature, ReloadFailure
from dashboard.data.errors import DatasetError, FileChangedWhileReading, Problem
from dashboard.data.limits import MAX_FILE_MB_ENV, LoadLimits
from dashboard.data.reading import parse_table, read_file, read_table
from dashboard.data.reference import Reference
from dashboard.data.validation import validate

__all__ = [
    "MAX_FILE_MB_ENV",
    "Dataset",
    "DatasetError",
    "FileChangedWhileReading",
    "FileSignature",
    "LoadLimits",
    "Problem",
    "ReloadFailure",
    "load_dataset",
    "parse_table",
    "read_file",
    "read_table",
    "validate",
]


def load_dataset(
    path: Path | str, reference: Reference, limits: LoadLimits | None = None, expected_sha256: str | None = None
) -> Dataset:
    """Read, validate and aggregate ``path``. Raises DatasetError; never returns a partial dataset.

    ``expected_sha256``: the digest the file's manifest announces; other bytes raise
    ``publishing.NotYetPublished`` before being parsed."""
    limits = limits or LoadLimits.from_environment()
    raw, signature = read_file(path, limits)
    version = hashlib.sha256(raw).hexdigest()
    try:
        publishing.check_against_manifest(path, version, expected_sha256)
        sites = validate(parse_table(raw, path, limits), reference, path)
    except DatasetError as error:
        error.signature = signature  # what was refused: not read again until it changes
        raise
    return Dataset.from_sites(sites, reference, str(path), version=version, signature=signature)
