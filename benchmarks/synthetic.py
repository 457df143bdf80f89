"""A synthetic dataset with the schema of data/fabriques.csv, of any size (never shipped).

Only the required columns and the coordinates are written, as a manager's own file would
be: the loader fills in the rest (names, région, wave labels, provenance). Rows are drawn
at random, reproducibly, from the real communes of ``data/sources/geo/communes.csv`` and
the allowed waves, types and territories, so the file validates and the cube is as dense
as it can be (every wave x département x type x territory cell).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard.data import schema
from dashboard.data.reference import DATA_DIR, load_reference

COMMUNES_FILE = DATA_DIR / "sources" / "geo" / "communes.csv"
AMOUNTS = np.array(["150000", "250000", "50000", ""])  # the published scale, and unknown
AMOUNT_WEIGHTS = [0.6, 0.1, 0.25, 0.05]


def synthetic_sites(rows: int, seed: int = 20240126) -> pd.DataFrame:
    reference = load_reference()
    rng = np.random.default_rng(seed)
    communes = pd.read_csv(COMMUNES_FILE, dtype=str, keep_default_na=False)
    communes = communes[communes["departement_code"].isin(reference.departement_codes)].reset_index(drop=True)
    picked = communes.iloc[rng.integers(0, len(communes), rows)].reset_index(drop=True)
    numbers = np.arange(1, rows + 1).astype(str)
    return pd.DataFrame(
        {
            "id": np.char.add("syn-", numbers),
            "name": np.char.add("Fabrique synthétique ", numbers),
            "commune": picked["commune"],
            "commune_code": picked["commune_code"],
            "departement_code": picked["departement_code"],
            "wave": rng.choice(np.array(reference.wave_codes), rows),
            "type": rng.choice(np.array(schema.TYPES), rows),
            "territory": rng.choice(np.array(schema.TERRITORIES), rows),
            "amount_eur": rng.choice(AMOUNTS, rows, p=AMOUNT_WEIGHTS),
            "latitude": picked["latitude"],
            "longitude": picked["longitude"],
        }
    )


def write_synthetic_csv(path: Path, rows: int, seed: int = 20240126) -> Path:
    synthetic_sites(rows, seed).to_csv(path, index=False)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    write_synthetic_csv(args.path, args.rows)
    print(f"{args.path}: {args.rows} rows, {args.path.stat().st_size / 2**20:.0f} MB")


if __name__ == "__main__":
    main()
