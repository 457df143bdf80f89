"""Why a data file was not loaded: problems named by line and column, in French."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

MAX_PROBLEMS_SHOWN = 20
FIRST_DATA_LINE = 2  # line 1 is the header, as a spreadsheet numbers it


@dataclass(frozen=True)
class Problem:
    message: str
    line: int | None = None  # line in the file (header = 1)
    column: str | None = None

    def __str__(self) -> str:
        where = []
        if self.line is not None:
            where.append(f"ligne {self.line}")
        if self.column is not None:
            where.append(f"colonne « {self.column} »")
        return (", ".join(where) + " : " if where else "") + self.message


class DatasetError(Exception):
    """The file cannot be loaded; ``str()`` is a French message for managers."""

    # The signature (dataset.FileSignature) of the bytes that were refused, when they were read.
    signature: object | None = None

    def __init__(self, path: Path | str, problems: list[Problem]):
        self.path = str(path)
        self.problems = problems
        super().__init__(self.message())

    def __reduce__(self):
        # Sent back pickled from the loader process: same class, arguments and attributes.
        return (type(self), (self.path, self.problems), self.__dict__)

    @property
    def file_name(self) -> str:
        """The file's name without its folders: what a page may show."""
        return Path(self.path).name

    def message(self, name: str | None = None) -> str:
        """The full French message; ``name`` replaces the path (pages show no server path)."""
        shown = self.problems[:MAX_PROBLEMS_SHOWN]
        lines = [
            f"Le fichier de données « {name or self.path} » n'a pas été chargé ({len(self.problems)} problème(s)) :"
        ]
        lines += [f"  - {problem}" for problem in shown]
        if len(self.problems) > len(shown):
            lines.append(f"  … et {len(self.problems) - len(shown)} autre(s) problème(s).")
        return "\n".join(lines)


class FileChangedWhileReading(DatasetError):
    """The file was being replaced or written while it was read: try again later."""


def refuse(path: Path | str, message: str, line: int | None = None, column: str | None = None) -> DatasetError:
    """A DatasetError with one problem (``raise refuse(...)``)."""
    return DatasetError(path, [Problem(message, line, column)])
