"""The bad-file corpus (tests/bad_data/): every file is refused with a French message
naming the file, the line and the column; at start-up the app refuses to start, at
reload the previous data stays in service with a banner."""

from __future__ import annotations

import os
import shutil
import time
import tomllib

import pytest

from dashboard.data import reading
from dashboard.data.loader import DatasetError, FileChangedWhileReading, Problem, load_dataset
from dashboard.data.publishing import publish_bytes
from dashboard.data.store import DatasetHolder
from dashboard.presentation import presenters
from dashboard.web.app_factory import create_app_or_exit
from dashboard.web.config import DATA_ENV
from tests.conftest import ROOT

BAD_DATA = ROOT / "tests" / "bad_data"
CASES = tomllib.loads((BAD_DATA / "manifest.toml").read_text(encoding="utf-8"))["case"]
GOOD_FILE = BAD_DATA.parent / "good_data" / "fabriques.csv"
NOT_DATA = {"make_corpus.py", "manifest.toml", "__pycache__"}


def expected_problem(case: dict) -> Problem:
    return Problem(case["message"], case.get("line"), case.get("column"))


def where(problem: Problem) -> str:
    """The "ligne N, colonne « c »" part a manager reads."""
    return str(Problem("", problem.line, problem.column)).removesuffix(" : ")


def assert_reports(error: DatasetError, case: dict) -> None:
    expected = expected_problem(case)
    matching = [p for p in error.problems if expected.message in p.message]
    assert matching, f"{case['file']}: {error}"
    assert (matching[0].line, matching[0].column) == (expected.line, expected.column), str(error)
    text = str(error)
    assert case["file"] in text and expected.message in text
    assert where(expected) in text


def test_corpus_is_big_enough_and_fully_described():
    files = {path.name for path in BAD_DATA.iterdir()} - NOT_DATA
    described = [case["file"] for case in CASES]
    assert len(described) == len(set(described)) >= 25
    assert files == set(described)
    assert sum((BAD_DATA / name).stat().st_size for name in files) < 512 * 1024  # small files only


@pytest.mark.parametrize("case", CASES, ids=lambda case: case["file"])
def test_bad_file_is_refused_with_file_line_and_column(case, reference):
    with pytest.raises(DatasetError) as caught:
        load_dataset(BAD_DATA / case["file"], reference)
    assert_reports(caught.value, case)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case["file"])
def test_bad_file_at_start_up_stops_the_app(case, monkeypatch, capsys):
    monkeypatch.setenv(DATA_ENV, str(BAD_DATA / case["file"]))
    with pytest.raises(SystemExit) as stopped:
        create_app_or_exit()
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("Fabriques Monitor ne peut pas démarrer.")
    assert case["file"] in err and case["message"] in err and "Traceback" not in err


def test_every_bad_file_at_reload_keeps_the_data_in_service(tmp_path, reference):
    """One served file, overwritten in turn by each bad file: each is refused with its
    message in the banner, and the dataset in service is never touched."""
    served = tmp_path / "fabriques.csv"
    shutil.copyfile(GOOD_FILE, served)
    clock = [0.0]
    holder = DatasetHolder(load_dataset(served, reference), check_every=1, clock=lambda: clock[0])
    in_service = holder.current()
    for number, case in enumerate(CASES):
        publish_bytes(served, (BAD_DATA / case["file"]).read_bytes())  # renamed over it, as documented
        past = time.time() - 100 - number  # a distinct date per copy, old enough to be read
        os.utime(served, (past, past))
        clock[0] += 1
        holder.refresh_if_changed()
        state = holder.state()
        assert state.dataset is in_service, case["file"]
        assert state.failure is not None, case["file"]
        expected = expected_problem(case)
        assert any(
            expected.message in p.message and (p.line, p.column) == (expected.line, expected.column)
            for p in state.failure.error.problems
        ), case["file"]
        banner = presenters.data_banner(state.dataset, state.failure, in_service.version)
        assert banner.color == "danger" and "« fabriques.csv » a été refusé" in banner.title
        assert any(expected.message in line for line in banner.lines), case["file"]
        assert str(tmp_path) not in banner.title + "".join(banner.lines)


# --- made at test time -------------------------------------------------------------


def test_file_of_100_mb_is_refused_before_reading(tmp_path, reference):
    path = tmp_path / "enorme.csv"
    header = GOOD_FILE.read_bytes()
    with path.open("wb") as handle:
        handle.write(header)
        line = header.splitlines()[-1] + b"\n"
        handle.write(line * (100 * 1024 * 1024 // len(line) + 1))
    assert path.stat().st_size >= 100 * 1024 * 1024
    with pytest.raises(
        DatasetError,
        match=r"fichier trop volumineux \(100 Mo, maximum 50 Mo ; réglable par "
        "FABRIQUES_MAX_FILE_MB\\)",
    ) as caught:
        load_dataset(path, reference)
    assert "enorme.csv" in str(caught.value)


def test_file_that_vanishes_while_read(tmp_path, reference, monkeypatch):
    path = tmp_path / "fabriques.csv"
    shutil.copyfile(GOOD_FILE, path)
    real_read = reading._read_bytes

    def read_then_vanish(handle, limit):
        data = real_read(handle, limit)
        path.unlink()  # deleted (or renamed away) while it was read
        return data

    monkeypatch.setattr(reading, "_read_bytes", read_then_vanish)
    with pytest.raises(FileChangedWhileReading, match="a disparu pendant la lecture"):
        load_dataset(path, reference)


def test_file_that_changes_while_read(tmp_path, reference, monkeypatch):
    path = tmp_path / "fabriques.csv"
    shutil.copyfile(GOOD_FILE, path)
    real_read = reading._read_bytes

    def append_then_read(handle, limit):
        with path.open("ab") as other:  # another program still writing
            other.write(b"fabt-99,X")
        return real_read(handle, limit)

    monkeypatch.setattr(reading, "_read_bytes", append_then_read)
    with pytest.raises(FileChangedWhileReading, match="modifié pendant la lecture"):
        load_dataset(path, reference)


@pytest.mark.parametrize("name,expected", [("absent.csv", "fichier introuvable"), ("", "dossier")])
def test_missing_file_or_a_folder(tmp_path, reference, name, expected):
    with pytest.raises(DatasetError, match=expected):
        load_dataset(tmp_path / name if name else tmp_path, reference)
