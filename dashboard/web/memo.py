"""A bounded, per-process memo of callback outputs, keyed by the callback's input values.

A callback of this app is a pure function of the dataset in service and of its inputs,
and managers come back to the same selections all day ("France entière", their région,
one wave): the second time, the outputs are already built. The callbacks key it on
*all* their input values (``input_key``), so an input added to a callback is part of the
key without anyone having to remember it. The memo is tied to one dataset: when the dataset in
service is replaced (reload), it starts empty, so it never serves figures of a previous
file. Each gunicorn worker has its own.

Outputs are kept as compressed JSON (``pack_outputs``): ~2 KB a selection instead of
~65 KB of Python objects (figure dicts, components), for ~0.06 ms to unpack. Dash sends
the unpacked JSON exactly as it would have serialised the objects themselves (a
component travels as ``{"type", "namespace", "props"}`` either way).
"""

from __future__ import annotations

import hashlib
import json
import threading
import weakref
import zlib
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

from plotly.io.json import to_json_plotly

Value = TypeVar("Value")


class SelectionMemo(Generic[Value]):
    """Least-recently-used memo of ``compute()`` results for one dataset at a time."""

    def __init__(self, maxsize: int):
        if maxsize < 1:
            raise ValueError("maxsize must be at least 1")
        self.maxsize = maxsize
        self._entries: OrderedDict[Hashable, Value] = OrderedDict()
        self._dataset: weakref.ref | None = None  # weak: a replaced dataset is freed at once
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, dataset: object, key: Hashable, compute: Callable[[], Value]) -> Value:
        with self._lock:
            if self._dataset is None or self._dataset() is not dataset:
                self._entries.clear()
                self._dataset = weakref.ref(dataset)
            elif key in self._entries:
                self._entries.move_to_end(key)
                self.hits += 1
                return self._entries[key]
        value = compute()  # outside the lock: a slow computation does not block hits
        with self._lock:
            self.misses += 1
            if self._dataset() is dataset:
                self._entries[key] = value
                while len(self._entries) > self.maxsize:
                    self._entries.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._entries)


def input_key(values: tuple) -> bytes:
    """A fixed-size key for any input values: a forged request cannot make a large entry."""
    canonical = json.dumps(values, sort_keys=True, separators=(",", ":"), default=repr)
    return hashlib.sha256(canonical.encode("utf-8")).digest()


def pack_outputs(outputs: Any) -> bytes:
    """Callback outputs (a dict or tuple of figures, texts, components) as compressed JSON,
    Dash's own encoding."""
    return zlib.compress(to_json_plotly(outputs).encode("utf-8"), 1)


def unpack_outputs(packed: bytes) -> Any:
    value = json.loads(zlib.decompress(packed))
    return tuple(value) if isinstance(value, list) else value
