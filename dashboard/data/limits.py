"""The budget of one load: how big a file may be and how long reading it may take.

A file over budget is refused with a French message naming the setting to change; the
settings (``dashboard.web.config``) read the same variables with the same parsers, so a
wrong value stops the start-up (exit 2) instead of being replaced by the default.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

MAX_FILE_MB_ENV = "FABRIQUES_MAX_FILE_MB"
LOAD_TIMEOUT_ENV = "FABRIQUES_LOAD_TIMEOUT_SECONDS"
DEFAULT_MAX_FILE_MB = 50.0
# A million-row CSV (98 MB) loads in ~6 s; the audit's 150,000-row XLSX (31 MB) in 21-30 s
# on 2 busy cores, up to ~60 s when both are taken by other work: twice that as a margin.
DEFAULT_LOAD_TIMEOUT_SECONDS = 120.0
MB = 1024 * 1024


def parse_positive(value: str, name: str, default: float, unit: str) -> float:
    """``value`` as a positive finite number (decimal comma accepted); ValueError with a
    French message naming ``name`` otherwise. Empty: ``default``."""
    if not value.strip():
        return default
    try:
        number = float(value.strip().replace(",", "."))
    except ValueError:
        number = float("nan")
    if not 0 < number < float("inf"):
        raise ValueError(f"{name} doit être un nombre de {unit} strictement positif (reçu « {value} »).")
    return number


@dataclass(frozen=True)
class LoadLimits:
    max_bytes: int = int(DEFAULT_MAX_FILE_MB * MB)
    timeout_seconds: float = DEFAULT_LOAD_TIMEOUT_SECONDS

    @property
    def max_mb(self) -> float:
        return self.max_bytes / MB

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> LoadLimits:
        """Raises ValueError (French, naming the variable) for a wrong value."""
        environ = os.environ if environ is None else environ
        max_mb = parse_positive(environ.get(MAX_FILE_MB_ENV, ""), MAX_FILE_MB_ENV, DEFAULT_MAX_FILE_MB, "Mo")
        timeout = parse_positive(
            environ.get(LOAD_TIMEOUT_ENV, ""), LOAD_TIMEOUT_ENV, DEFAULT_LOAD_TIMEOUT_SECONDS, "secondes"
        )
        return cls(max_bytes=int(max_mb * MB), timeout_seconds=timeout)
