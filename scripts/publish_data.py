"""Publish a new version of the data file the supported way (docs/reliability.md).

    python scripts/publish_data.py NEW_FILE [TARGET] [--manifest] [--no-check]

Checks NEW_FILE with the dashboard's own loader first (a refused file is not published:
the message names the line and the column), then copies it next to TARGET (default:
FABRIQUES_DATA, else data/fabriques.csv) and renames it over TARGET in one step, so the
running dashboard sees the old file or the new one, never half of it. ``--manifest`` also
writes TARGET.sha256 (needed by those who write the data file in place; kept up to date
automatically once it exists). Exit code 0 when published, 2 when refused.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dashboard.data.loader import DatasetError, load_dataset  # noqa: E402
from dashboard.data.publishing import publish_bytes  # noqa: E402
from dashboard.data.reference import load_reference  # noqa: E402
from dashboard.web.config import DATA_ENV, DEFAULT_DATA_FILE  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Publie une nouvelle version du fichier de données.")
    parser.add_argument("new_file", type=Path)
    parser.add_argument("target", type=Path, nargs="?", default=Path(os.environ.get(DATA_ENV) or DEFAULT_DATA_FILE))
    parser.add_argument("--manifest", action="store_true", help="écrire aussi TARGET.sha256")
    parser.add_argument("--no-check", action="store_true", help="publier sans valider le fichier")
    args = parser.parse_args(argv)
    if not args.no_check:
        try:
            load_dataset(args.new_file, load_reference())
        except DatasetError as error:
            print(f"Fichier non publié.\n{error}", file=sys.stderr)
            return 2
    publish_bytes(args.target, args.new_file.read_bytes(), with_manifest=args.manifest)
    print(f"Publié : {args.target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
