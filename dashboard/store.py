"""The dataset in service: loaded once, read-only, replaced whole on reload."""

from __future__ import annotations

import threading

from dashboard.loader import Dataset


class DatasetHolder:
    """Holds the current ``Dataset``. Readers get a reference to an immutable dataset;
    a reload builds a complete new one first and swaps the reference in one step, so
    a request never sees half of a file."""

    def __init__(self, dataset: Dataset):
        self._dataset = dataset
        self._lock = threading.Lock()

    def current(self) -> Dataset:
        return self._dataset

    def replace(self, dataset: Dataset) -> None:
        with self._lock:
            self._dataset = dataset
