"""The dataset in service (read-only, built once per load) and what is known of its file."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from dashboard.data.compact import compact_sites, return_freed_memory
from dashboard.data.cube import build_cube
from dashboard.data.errors import DatasetError
from dashboard.data.reference import Reference


@dataclass(frozen=True)
class FileSignature:
    """What changes when a file is rewritten or replaced, for the price of one ``stat``."""

    inode: int
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, path: Path | str) -> FileSignature | None:
        try:
            return cls.from_stat(os.stat(path))
        except OSError:
            return None

    @classmethod
    def from_stat(cls, result: os.stat_result) -> FileSignature:
        return cls(result.st_ino, result.st_size, result.st_mtime_ns)


@dataclass(frozen=True)
class Dataset:
    """A validated dataset. Treat the frames as read-only: they are shared by all requests."""

    sites: pd.DataFrame
    cube: pd.DataFrame
    # Site id -> row. A plain dict: 0.2 µs a lookup; ~50 MB for a million ids (the ids
    # themselves are shared with the frame), nothing worth saving for the 382 lauréats.
    positions: dict[str, int]
    reference: Reference
    source: str
    loaded_at: datetime
    warnings: tuple[str, ...] = field(default=())
    # SHA-256 of the file's bytes: the same file gives the same version in every worker.
    version: str = ""
    # The file as it was when read; None for a dataset built in memory (tests).
    signature: FileSignature | None = None

    def site_position(self, site: object) -> int | None:
        """The row of the site with this id, or None (unknown id, not a string)."""
        return self.positions.get(site) if isinstance(site, str) else None

    def site_rows(self, site: object) -> pd.DataFrame:
        """The site's row as a one-row frame (empty if unknown)."""
        position = self.site_position(site)
        return self.sites.iloc[[] if position is None else [position]]

    @property
    def short_version(self) -> str:
        return self.version[:12]

    @classmethod
    def from_sites(
        cls,
        sites: pd.DataFrame,
        reference: Reference,
        source: str,
        version: str = "",
        signature: FileSignature | None = None,
        warnings: tuple[str, ...] = (),
    ) -> Dataset:
        """Everything derived from the rows is computed here, once per load."""
        cube = build_cube(sites)
        sites = compact_sites(sites)  # the text frame is freed here (see dashboard/data/compact.py)
        return_freed_memory()
        return cls(
            sites=sites,
            cube=cube,
            positions={site_id: position for position, site_id in enumerate(sites["id"])},
            reference=reference,
            source=source,
            loaded_at=datetime.now(UTC),
            warnings=warnings,
            version=version,
            signature=signature,
        )


@dataclass(frozen=True)
class ReloadFailure:
    """A new version of the file that was rejected."""

    error: DatasetError
    at: datetime
    signature: FileSignature | None  # of the rejected file: not retried until it changes
