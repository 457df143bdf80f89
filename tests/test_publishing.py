"""The publishing protocol (issue 12, items 2 and 6): a file written in place, however the
writer pauses, is never served; a renamed complete copy is; a manifest written last makes
an in-place write publishable. Real time, the app's watching thread."""

from __future__ import annotations

import hashlib
import os
import threading
import time

import pandas as pd
import pytest

from dashboard.data import publishing
from dashboard.data.loader import load_dataset
from dashboard.data.store import DatasetHolder
from tests.conftest import site
from tests.test_reload import wait_for

OLD = [site(f"t-{n}") for n in range(1, 3)]
NEW = [site(f"t-{n}") for n in range(1, 31)]  # 30 rows: every partial cut is a valid smaller file


def csv(rows) -> bytes:
    return pd.DataFrame(rows, dtype=str).to_csv(index=False).encode("utf-8")


@pytest.fixture
def served(tmp_path, reference):
    path = tmp_path / "fabriques.csv"
    publishing.publish_bytes(path, csv(OLD))
    past = time.time() - 60
    os.utime(path, (past, past))
    holder = DatasetHolder(load_dataset(path, reference), check_every=0.05)
    holder.ensure_watching()
    yield path, holder
    holder.stop_watching()


class Sampler:
    """Every state the holder is in while a writer works (a request would see these)."""

    def __init__(self, holder: DatasetHolder):
        self.holder = holder
        self.seen: list = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.wait(0.01):
            self.seen.append(self.holder.state())

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def write_in_place(path, data: bytes, cuts: list[int], pauses: list[float]) -> None:
    """One open file, written in len(cuts) + 1 pieces, pausing between them (an SFTP upload)."""
    with path.open("r+b") as handle:
        handle.truncate(0)
        start = 0
        for cut, pause in zip([*cuts, len(data)], [*pauses, 0.0], strict=True):
            handle.write(data[start:cut])
            handle.flush()
            start = cut
            time.sleep(pause)


def line_cuts(data: bytes, pieces: int) -> list[int]:
    ends = [i + 1 for i, byte in enumerate(data) if byte == ord("\n")]
    return [ends[len(ends) * k // pieces] for k in range(1, pieces)]


@pytest.mark.parametrize(
    "cuts_of,pauses",
    [(lambda d: line_cuts(d, 3), [1.5, 5.0]), (lambda d: [len(d) // 3, 2 * len(d) // 3 + 7], [1.5, 1.5])],
    ids=["line-aligned, pauses 1.5 s and 5 s", "arbitrary bytes, pauses 1.5 s"],
)
def test_a_file_written_in_place_is_never_served(served, cuts_of, pauses):
    path, holder = served
    before = holder.current()
    data = csv(NEW)
    with Sampler(holder) as sampler:
        write_in_place(path, data, cuts_of(data), pauses)
        time.sleep(1.5)  # settled: the holder has looked at the finished file too
    assert all(state.dataset is before for state in sampler.seen)  # never partial data
    # Only the in-place notice is ever shown, never a false parse error about a piece.
    messages = {str(s.failure.error.problems[0].message) for s in sampler.seen if s.failure}
    assert messages == {publishing.written_in_place_problem(path).message}
    # The writer then writes the manifest (last): the complete file goes into service.
    publishing.manifest_path(path).write_text(hashlib.sha256(data).hexdigest() + "  fabriques.csv\n")
    wait_for(lambda: len(holder.current().sites) == 30)
    assert holder.state().failure is None


def test_with_a_manifest_an_in_place_write_waits_silently_for_it(served):
    path, holder = served
    publishing.publish_bytes(path, csv(OLD), with_manifest=True)  # the manifest protocol is in use
    before = holder.current()
    data = csv(NEW)
    with Sampler(holder) as sampler:
        write_in_place(path, data, line_cuts(data, 3), [1.5, 1.5])
        time.sleep(1.5)
    assert all(state.dataset is before and state.failure is None for state in sampler.seen)
    assert holder.state().pending and "ne correspond pas à son manifeste" in holder.state().pending
    publishing.manifest_path(path).write_text(hashlib.sha256(data).hexdigest() + "\n")
    wait_for(lambda: len(holder.current().sites) == 30)
    assert holder.state().pending is None and holder.state().failure is None


def test_a_complete_copy_renamed_over_the_file_is_served(served):
    path, holder = served
    publishing.publish_bytes(path, csv(NEW))
    wait_for(lambda: len(holder.current().sites) == 30, timeout=10)
    assert holder.state().failure is None


def test_a_refused_file_is_recorded_with_the_signature_of_the_bytes_read(served, reference, monkeypatch):
    """Item 6: the file changes between the holder's stat and the read; the failure must be
    that of the bytes read, so the next check looks at the newer file."""
    path, holder = served
    holder.stop_watching()
    real_load = load_dataset
    swaps = []

    def load_after_a_swap(file, ref, **kwargs):
        if not swaps:
            swaps.append(1)
            publishing.publish_bytes(path, b"")  # an empty file replaces it just before the read
            past = time.time() - 30
            os.utime(path, (past, past))
        return real_load(file, ref, **kwargs)

    monkeypatch.setattr(holder, "_loader", load_after_a_swap)
    publishing.publish_bytes(path, csv(NEW))
    past = time.time() - 40
    os.utime(path, (past, past))
    holder.refresh_if_changed(force=True)
    failure = holder.state().failure
    assert failure is not None and "le fichier est vide" in str(failure.error)
    assert failure.signature.size == 0  # the bytes read, not the 30-row file stat-ed before
    publishing.publish_bytes(path, csv(NEW))  # saved again: read at the next check
    past = time.time() - 50
    os.utime(path, (past, past))
    holder.refresh_if_changed(force=True)
    assert len(holder.current().sites) == 30 and holder.state().failure is None


def test_the_publishing_script_checks_then_renames(tmp_path, capsys):
    import importlib.util

    from tests.conftest import ROOT

    spec = importlib.util.spec_from_file_location("publish_data", ROOT / "scripts" / "publish_data.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    target = tmp_path / "fabriques.csv"
    target.write_bytes(csv(OLD))
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv([site("t-1", amount_eur="-5")]))
    assert script.main([str(bad), str(target)]) == 2
    assert "montant négatif" in capsys.readouterr().err and target.read_bytes() == csv(OLD)
    good = tmp_path / "new.csv"
    good.write_bytes(csv(NEW))
    inode = target.stat().st_ino
    assert script.main([str(good), str(target), "--manifest"]) == 0
    assert target.read_bytes() == csv(NEW) and target.stat().st_ino != inode  # renamed over, not rewritten
    assert publishing.expected_sha256(target) == hashlib.sha256(csv(NEW)).hexdigest()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary file left
