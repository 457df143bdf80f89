"""Load a large dataset in a child process, so that the server keeps only the result.

Parsing and validating a file creates a string object per cell; nearly all are freed once
the dataset is built (dashboard/data/compact.py), but CPython's small-object allocator keeps
the memory they used wherever a surviving value (a site's id or name) still sits nearby:
with 1,000,000 rows, about 75 MB stay in the process, then in every gunicorn worker forked
from it. Loaded in a forked child and sent back pickled, the dataset is rebuilt compactly
and the parsing's leftovers go away with the child (~0.9 s more for 1 M rows).

A small file (the shipped 382 rows, a manager's usual file) loads in-process: the fork
would cost more than it saves. So does any file where ``fork`` is not available.
"""

from __future__ import annotations

import multiprocessing
import pickle
from multiprocessing.connection import Connection
from pathlib import Path

from dashboard.data.loader import Dataset, DatasetError, load_dataset
from dashboard.data.reference import Reference

ISOLATE_ABOVE_BYTES = 10 * 2**20  # ~80,000 rows of the full schema


def load_dataset_isolated(
    path: Path | str, reference: Reference, isolate_above_bytes: int = ISOLATE_ABOVE_BYTES
) -> Dataset:
    """``load_dataset``, in a forked child for files above ``isolate_above_bytes``."""
    try:
        large = Path(path).stat().st_size > isolate_above_bytes
    except OSError:
        large = False  # load_dataset reports the problem in French
    if not large or "fork" not in multiprocessing.get_all_start_methods():
        return load_dataset(path, reference)
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_load_and_send, args=(sender, path, reference), daemon=True)
    child.start()
    sender.close()
    try:
        kind, payload = pickle.loads(receiver.recv_bytes())
    except EOFError:
        # The child died without answering (out of memory, a bug): load here, which
        # raises the same error with its traceback, or succeeds.
        child.join()
        return load_dataset(path, reference)
    finally:
        receiver.close()
    child.join()
    if kind == "error":
        raise DatasetError(*payload)
    return payload


def _load_and_send(sender: Connection, path: Path | str, reference: Reference) -> None:
    try:
        result = ("dataset", load_dataset(path, reference))
    except DatasetError as error:
        result = ("error", (error.path, error.problems))
    sender.send_bytes(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    sender.close()
