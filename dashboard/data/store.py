"""The dataset in service: loaded once, read-only, replaced whole on reload.

Each gunicorn worker has its own ``DatasetHolder``. None of them is told that the file
changed: before serving a request, each looks at the file's signature (one ``stat``, at
most every ``check_every`` seconds), and when it changed, loads and validates the whole
new file, then swaps it in with one assignment. So every worker converges on the same
file within ``check_every`` seconds plus the load time, with no signal, socket or
shared memory between them. A file that does not validate is not retried until it
changes again; the previous dataset stays in service and the error is kept for the
banner.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from dashboard.data.dataset import ReloadFailure
from dashboard.data.loader import Dataset, DatasetError, FileChangedWhileReading, FileSignature, load_dataset

logger = logging.getLogger(__name__)

# A file modified less than this long ago may still be being written (a copy over the
# network, Excel saving): wait for it to settle rather than read half of it.
SETTLE_SECONDS = 1.0


@dataclass(frozen=True)
class HolderState:
    """What is in service, and why the latest file is not (if it is not). Swapped as one
    value, so a reader never sees a dataset with another dataset's error."""

    dataset: Dataset
    failure: ReloadFailure | None = None


class DatasetHolder:
    """Holds the current ``Dataset``. Readers get a reference to an immutable state;
    a reload builds a complete new dataset first and swaps the reference in one step,
    so a request never sees half of a file."""

    def __init__(
        self,
        dataset: Dataset,
        check_every: float = 0.0,
        loader: Callable[[Path, object], Dataset] = load_dataset,
        clock: Callable[[], float] = time.monotonic,
    ):
        self._state = HolderState(dataset)
        # Only a dataset read from a file can be watched (test datasets are built in memory).
        self._check_every = check_every if dataset.signature is not None else 0.0
        self._loader = loader
        self._clock = clock
        self._next_check = clock() + self._check_every
        self._reload_lock = threading.Lock()

    @property
    def watching(self) -> bool:
        return self._check_every > 0

    def current(self) -> Dataset:
        return self._state.dataset

    def state(self) -> HolderState:
        return self._state

    def replace(self, dataset: Dataset) -> None:
        self._state = HolderState(dataset)

    def refresh_if_changed(self, force: bool = False) -> None:
        """Reload the file if it changed since it was last read. Cheap when it did not:
        a clock comparison, and one ``stat`` every ``check_every`` seconds."""
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

    def _reload(self) -> None:
        state = self._state
        path = Path(state.dataset.source)
        signature = FileSignature.of(path)
        last_seen = state.failure.signature if state.failure else state.dataset.signature
        if signature == last_seen:
            return
        if signature is not None and time.time() - signature.mtime_ns / 1e9 < SETTLE_SECONDS:
            return  # still being written: look again at the next check
        try:
            dataset = self._loader(path, state.dataset.reference)
        except FileChangedWhileReading:
            return  # replaced while read: the next check reads the new one
        except DatasetError as error:
            logger.warning("Nouveau fichier de données refusé, les données précédentes restent en service.\n%s", error)
            self._state = HolderState(state.dataset, ReloadFailure(error, datetime.now(UTC), signature))
            return
        if dataset.version == state.dataset.version:
            # Same bytes (a touch, a copy of the same file): keep the dataset and its date.
            self._state = HolderState(replace(state.dataset, signature=dataset.signature))
            return
        logger.info(
            "Nouveau fichier de données chargé : %s (%d lignes, version %s).",
            path.name,
            len(dataset.sites),
            dataset.short_version,
        )
        self._state = HolderState(dataset)
