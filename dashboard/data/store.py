"""The dataset in service: loaded once, read-only, replaced whole on reload.

Each gunicorn worker has its own ``DatasetHolder``. None of them is told that the file
changed: a background thread of each worker (``ensure_watching``) looks at the file's
signature (one ``stat``) every ``check_every`` seconds and, when it changed, has the whole
new file loaded and validated (in a child process with a time budget:
``dashboard/data/isolated_load.py``), then swaps it in with one assignment. Requests only
ever read the state in service: no request waits for a load, whatever the file. Every
worker, and every instance on the same file, converges on the same file within
``check_every`` seconds plus the load time, with no signal, socket or shared memory.

What is published and how is decided by ``dashboard/data/publishing.py``: a file
modified in place without a manifest, or not matching its manifest, is never loaded. A
file that does not validate is not retried until it changes again; the previous dataset
stays in service and the error is kept for the banner.
"""

from __future__ import annotations

import logging
import os
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from dashboard.data import publishing
from dashboard.data.dataset import Dataset, FileSignature, ReloadFailure
from dashboard.data.errors import DatasetError, FileChangedWhileReading
from dashboard.data.loader import load_dataset

logger = logging.getLogger(__name__)

# A file modified less than this long ago may still be being written (a copy over the
# network, Excel saving): wait for it to settle rather than read half of it.
SETTLE_SECONDS = 1.0
# The watching thread never looks more often than this, whatever check_every says.
MIN_WATCH_SECONDS = 0.05

Loader = Callable[..., Dataset]  # loader(path, reference[, expected_sha256=...]) -> Dataset
Watched = tuple[FileSignature | None, FileSignature | None]  # the data file's and its manifest's


@dataclass(frozen=True)
class HolderState:
    """What is in service, and why the latest file is not (if it is not). Swapped as one
    value, so a reader never sees a dataset with another dataset's error."""

    dataset: Dataset
    failure: ReloadFailure | None = None
    # A newer file that is not an error but not yet complete (its manifest does not match).
    pending: str | None = None


class HeldFile:
    """An open descriptor on the last file read. While it is open, its inode cannot be
    given to another file: a file found later at the path with this inode *is* this file,
    modified in place."""

    def __init__(self, descriptor: int, signature: FileSignature):
        self.descriptor = descriptor
        self.signature = signature

    @classmethod
    def open(cls, path: Path | str) -> HeldFile | None:
        try:
            descriptor = os.open(path, os.O_RDONLY)
        except OSError:
            return None
        return cls(descriptor, FileSignature.from_stat(os.fstat(descriptor)))

    def close(self) -> None:
        if self.descriptor >= 0:
            os.close(self.descriptor)
            self.descriptor = -1

    def __del__(self) -> None:
        self.close()


def _watched(path: Path) -> Watched:
    return FileSignature.of(path), FileSignature.of(publishing.manifest_path(path))


class DatasetHolder:
    """Holds the current ``Dataset``. Readers get a reference to an immutable state;
    a reload builds a complete new dataset first and swaps the reference in one step,
    so a request never sees half of a file."""

    def __init__(
        self,
        dataset: Dataset,
        check_every: float = 0.0,
        loader: Loader = load_dataset,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
    ):
        self._state = HolderState(dataset)
        # Only a dataset read from a file can be watched (test datasets are built in memory).
        self._check_every = check_every if dataset.signature is not None else 0.0
        self._loader = loader
        self._clock = clock
        self._wall_clock = wall_clock  # file dates are wall-clock times
        self._next_check = clock() + self._check_every
        self._reload_lock = threading.Lock()
        self._held: HeldFile | None = None
        self._last_seen: Watched = (dataset.signature, None)
        if self.watching:
            self._last_seen = (dataset.signature, FileSignature.of(publishing.manifest_path(dataset.source)))
            held = HeldFile.open(dataset.source)
            self._hold(held if held and held.signature == dataset.signature else None)
        self._watcher_pid: int | None = None
        self._watcher_lock = threading.Lock()
        self._stop = threading.Event()
        self._may_watch = True

    @property
    def watching(self) -> bool:
        return self._check_every > 0

    def current(self) -> Dataset:
        return self._state.dataset

    def state(self) -> HolderState:
        return self._state

    def replace(self, dataset: Dataset) -> None:
        self._state = HolderState(dataset)

    # --- checks ---------------------------------------------------------------------

    def refresh_if_changed(self, force: bool = False) -> None:
        """Reload the file if it changed since it was last read (synchronously: the
        watching thread calls this). Cheap when it did not: a clock comparison, and two
        ``stat`` every ``check_every`` seconds."""
        if not self.watching or (not force and self._clock() < self._next_check):
            return
        # One reload at a time; other threads keep serving the dataset in service.
        if not self._reload_lock.acquire(blocking=False):
            return
        try:
            self._next_check = self._clock() + self._check_every
            self._reload()
        finally:
            self._reload_lock.release()

    def ensure_watching(self) -> None:
        """Start this process's watching thread if it is not running (after a fork the
        thread stays behind in the parent). Cheap: called before every request."""
        if not self.watching or not self._may_watch or self._watcher_pid == os.getpid():
            return
        with self._watcher_lock:
            if self._watcher_pid == os.getpid() or not self._may_watch:
                return
            self._watcher_pid = os.getpid()
            self._stop = threading.Event()
            threading.Thread(
                target=_watch,
                args=(weakref.ref(self), max(self._check_every, MIN_WATCH_SECONDS), self._stop),
                name="fabriques-data-watch",
                daemon=True,
            ).start()

    @contextmanager
    def not_watching(self) -> Iterator[None]:
        """Requests made meanwhile start no watching thread: the gunicorn master warms its
        caches through the app's routes, but only the workers it forks watch the file."""
        self._may_watch = False
        try:
            yield
        finally:
            self._may_watch = True

    def stop_watching(self) -> None:
        self._stop.set()
        self._watcher_pid = None

    # --- one check ------------------------------------------------------------------

    def _hold(self, held: HeldFile | None) -> None:
        if self._held is not None and self._held is not held:
            self._held.close()
        self._held = held

    def _modified_in_place(self, signature: FileSignature | None) -> bool:
        held = self._held
        return signature is not None and held is not None and signature.inode == held.signature.inode

    def _reload(self) -> None:
        state = self._state
        path = Path(state.dataset.source)
        seen = _watched(path)
        if seen == self._last_seen:
            return
        signature = seen[0]
        if signature is not None and self._wall_clock() - signature.mtime_ns / 1e9 < SETTLE_SECONDS:
            return  # still being written: look again at the next check
        expected = publishing.expected_sha256(path)
        if expected is None and self._modified_in_place(signature):
            self._refuse(state, DatasetError(path, [publishing.written_in_place_problem(path)]), signature, seen)
            return
        held = HeldFile.open(path)  # the file the loader is about to read
        try:
            dataset = self._load(path, state, expected)
        except publishing.NotYetPublished as waiting:
            if held:
                held.close()
            self._last_seen = seen
            if state.pending is None:
                logger.info("Nouveau fichier de données pas encore complet : %s", waiting.problems[0].message)
            self._state = HolderState(state.dataset, state.failure, waiting.problems[0].message)
            return
        except FileChangedWhileReading:
            if held:
                held.close()
            return  # replaced or written while read: the next check reads it again
        except DatasetError as error:
            refused = error.signature if isinstance(error.signature, FileSignature) else signature
            self._hold(held if held and held.signature == refused else None)
            self._refuse(state, error, refused, (refused, seen[1]))
            return
        if held is None or held.signature != dataset.signature:
            if held:
                held.close()
            return  # the path holds another file than the one read: read it next time
        self._hold(held)
        self._last_seen = (dataset.signature, seen[1])
        self._serve(state, dataset)

    def _load(self, path: Path, state: HolderState, expected: str | None) -> Dataset:
        if expected is None:
            return self._loader(path, state.dataset.reference)
        return self._loader(path, state.dataset.reference, expected_sha256=expected)

    def _refuse(self, state: HolderState, error: DatasetError, signature: FileSignature | None, seen: Watched) -> None:
        logger.warning("Nouveau fichier de données refusé, les données précédentes restent en service.\n%s", error)
        self._last_seen = seen
        self._state = HolderState(state.dataset, ReloadFailure(error, datetime.now(UTC), signature))

    def _serve(self, state: HolderState, dataset: Dataset) -> None:
        if dataset.version == state.dataset.version:
            # Same bytes (a touch, a copy of the same file): keep the dataset and its date.
            self._state = HolderState(replace(state.dataset, signature=dataset.signature))
            return
        logger.info(
            "Nouveau fichier de données chargé : %s (%d lignes, version %s).",
            Path(dataset.source).name,
            len(dataset.sites),
            dataset.short_version,
        )
        self._state = HolderState(dataset)


def _watch(holder_ref: weakref.ref[DatasetHolder], interval: float, stop: threading.Event) -> None:
    """The watching thread: ends with its holder (an app dropped by a test) or ``stop``,
    or when the server that started it stops it (dash's test server raises SystemExit in
    its threads)."""
    try:
        while not stop.wait(interval):
            holder = holder_ref()
            if holder is None:
                return
            try:
                holder.refresh_if_changed(force=True)
            except Exception:  # noqa: BLE001 - the thread must survive anything; the log has it
                logger.exception("Erreur pendant la vérification du fichier de données.")
            del holder
    except SystemExit:
        return
