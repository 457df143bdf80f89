"""Settings read from the environment (documented in the README)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_FILE = ROOT / "data" / "fabriques.csv"
DATA_ENV = "FABRIQUES_DATA"


@dataclass(frozen=True)
class Settings:
    data_file: Path

    @classmethod
    def from_environment(cls) -> "Settings":
        data_file = os.environ.get(DATA_ENV, "").strip()
        return cls(data_file=Path(data_file) if data_file else DEFAULT_DATA_FILE)
