"""Header rows: the columns' names as managers type them, and the mistakes made around them.

Shared by the CSV and XLSX readers, so both say the same thing about the same mistake.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path

from dashboard.data import schema
from dashboard.data.errors import Problem, refuse

HEADER_SEARCH_ROWS = 10  # how far down a misplaced header row is looked for
REQUIRED_COLUMNS = frozenset(c.name for c in schema.COLUMNS if c.required)


def simplify(text: str) -> str:
    """Lower case, no accents, no BOM, runs of spaces/underscores/hyphens/quotes as one space."""
    text = unicodedata.normalize("NFKD", text.strip().lower().lstrip("\ufeff"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[\s_\-']+", " ", text).strip()


# Accept the French headers of our own exports as well as the schema names, so a
# manager can edit an export and load it back.
_COLUMN_ALIASES = {simplify(c.name): c.name for c in schema.COLUMNS} | {
    simplify(c.label): c.name for c in schema.COLUMNS
}


def canonical_column(name: str) -> str:
    return _COLUMN_ALIASES.get(simplify(name), name.strip())


def duplicated(names: Iterable[str]) -> list[str]:
    """The names that occur more than once, in order of first repetition."""
    seen: set[str] = set()
    repeated: list[str] = []
    for name in names:
        if name in seen and name not in repeated:
            repeated.append(name)
        seen.add(name)
    return repeated


def check_no_duplicates(names: Iterable[str], path: Path | str, message: str, where: str = "") -> None:
    """Refuse a header naming a column twice; ``message`` says how (same name, two aliases…)."""
    repeated = duplicated(names)
    if repeated:
        raise refuse(path, f"{where}{message} : {', '.join(repeated)}", line=1, column=repeated[0])


def check_header_on_line_one(rows: Iterable[tuple[int, Iterable[str]]], path: Path | str) -> None:
    """``rows``: (line, cells) of the first lines of the file, the header's first. A title
    or blank line above the header: say on which line the header really is."""
    for line, cells in rows:
        if {canonical_column(str(cell)) for cell in cells} >= REQUIRED_COLUMNS:
            if line == 1:
                return
            raise refuse(
                path,
                f"l'en-tête est sur la ligne {line} au lieu de la ligne 1 : supprimez les lignes au-dessus "
                "(titre, notes, lignes vides)",
                line=1,
            )


def missing_column_problems(missing: Sequence[str], present: Sequence[str]) -> list[Problem]:
    """One problem per missing column, with a guess among the unrecognised headers."""
    known = set(schema.COLUMN_NAMES)
    unrecognised = [c for c in present if c not in known and c and not c.startswith("Unnamed:")]
    by_simplified = {simplify(c): c for c in unrecognised}
    problems = []
    for name in missing:
        label = schema.LABELS[name]
        guess = difflib.get_close_matches(
            simplify(label), list(by_simplified), n=1, cutoff=0.6
        ) or difflib.get_close_matches(simplify(name), list(by_simplified), n=1, cutoff=0.6)
        hint = f" ; l'en-tête « {by_simplified[guess[0]]} » serait-il celui-ci, renommé ?" if guess else ""
        problems.append(
            Problem(
                f"colonne obligatoire absente (en-tête attendu « {name} » ou « {label} »){hint}", line=1, column=name
            )
        )
    if any(c.startswith("Unnamed:") or not c for c in present):
        problems.append(Problem("des cellules d'en-tête sont vides (cellules fusionnées ?)", line=1))
    return problems
