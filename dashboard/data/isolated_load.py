"""Load a data file in a child process: within a time budget, and never outliving its parent.

Why a child:

- **a budget that can be enforced**: a parse that runs past ``FABRIQUES_LOAD_TIMEOUT_SECONDS``
  is ended (SIGKILL) and the file refused with a French message; a thread could not be
  stopped, and a worker that parses in its request path is killed by gunicorn instead;
- **memory**: parsing leaves ~75 MB per million rows with the C allocator; in the child it
  goes away with the child, and the worker keeps only the compact dataset sent back.

The child dies with its parent: ``prctl(PR_SET_PDEATHSIG, SIGKILL)`` on Linux (the kernel
kills it the moment the thread that forked it ends, whether the worker exits, is
SIGTERMed or SIGKILLed), plus a thread that watches ``getppid()`` elsewhere. It restores
the default signal handlers (a gunicorn worker's handlers would make it ignore SIGTERM).
One load at a time per machine and data file (a lock file, ``one_load_at_a_time``): the
workers of an instance load a new file one after the other, so the memory a parse needs
(~1.1 GB for a 150,000-row workbook) is needed once, not once per worker, and a core is
left to the requests; the child also runs at a lower priority (nice 10).
"""

from __future__ import annotations

import atexit
import ctypes
import fcntl
import hashlib
import multiprocessing
import os
import pickle
import signal
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

from dashboard.data.errors import DatasetError, Problem
from dashboard.data.limits import LOAD_TIMEOUT_ENV, LoadLimits
from dashboard.data.loader import Dataset, load_dataset
from dashboard.data.reference import Reference

PR_SET_PDEATHSIG = 1
LOADER_NICENESS = 10
PARENT_CHECK_SECONDS = 0.5
_RESET_SIGNALS = ("SIGTERM", "SIGINT", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGTTIN", "SIGTTOU", "SIGWINCH")
CHILD_DIED = (
    "le chargement s'est interrompu (processus de lecture arrêté, mémoire insuffisante ?) : "
    "enregistrez le fichier en CSV, ou allégez-le"
)

_children: set[BaseProcess] = set()
_children_lock = threading.Lock()


def timed_out_problem(seconds: float) -> Problem:
    return Problem(
        f"lecture trop longue : abandonnée après {seconds:g} s (réglable par {LOAD_TIMEOUT_ENV}) ; "
        "enregistrez le fichier en CSV, ou allégez-le (feuilles ou colonnes inutiles)"
    )


def load_in_child(
    path: Path | str, reference: Reference, limits: LoadLimits | None = None, expected_sha256: str | None = None
) -> Dataset:
    """``load_dataset`` in a forked child, within ``limits.timeout_seconds``; DatasetError otherwise."""
    limits = limits or LoadLimits.from_environment()
    if "fork" not in multiprocessing.get_all_start_methods():  # not on Linux: no budget, same result
        return load_dataset(path, reference, limits, expected_sha256)
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(
        target=_child_main,
        args=(sender, os.getpid(), path, reference, limits, expected_sha256),
        name="fabriques-loader",
        daemon=True,
    )
    with _children_lock:
        child.start()
        _children.add(child)
    sender.close()
    try:
        if not receiver.poll(limits.timeout_seconds):
            raise DatasetError(path, [timed_out_problem(limits.timeout_seconds)])
        kind, payload = pickle.loads(receiver.recv_bytes())
    except EOFError:
        raise DatasetError(path, [Problem(CHILD_DIED)]) from None
    finally:
        receiver.close()
        _stop(child)
    if kind == "error":
        raise payload
    return payload


@contextmanager
def one_load_at_a_time(path: Path | str) -> Iterator[None]:
    """Wait until no other process of this machine loads the same file (``flock``: released
    by the kernel if the holder dies)."""
    key = hashlib.sha1(str(Path(path).resolve()).encode("utf-8")).hexdigest()[:16]
    lock_path = Path(tempfile.gettempdir()) / f"fabriques-load-{key}.lock"
    with open(lock_path, "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def load_one_at_a_time(
    path: Path | str, reference: Reference, limits: LoadLimits | None = None, expected_sha256: str | None = None
) -> Dataset:
    """``load_in_child``, after the other loads of the same file on this machine (reloads)."""
    with one_load_at_a_time(path):
        return load_in_child(path, reference, limits, expected_sha256)


def _stop(child: BaseProcess) -> None:
    if child.is_alive():
        child.kill()
    child.join(timeout=5)
    with _children_lock:
        _children.discard(child)


@atexit.register
def _stop_all() -> None:
    """A worker that exits normally takes its loader with it (the kernel does it otherwise)."""
    with _children_lock:
        children = list(_children)
    for child in children:
        if child.pid is not None and child.pid != os.getpid():
            _stop(child)


def die_with_parent(parent_pid: int) -> None:
    """In a child: be killed when the parent goes, however it goes."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the watching thread below is enough
        pass
    if os.getppid() != parent_pid:  # the parent died before prctl took effect
        os._exit(1)
    threading.Thread(target=_exit_when_orphaned, args=(parent_pid,), name="parent-watch", daemon=True).start()


def _exit_when_orphaned(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(1)


def _child_main(
    sender: Connection,
    parent_pid: int,
    path: Path | str,
    reference: Reference,
    limits: LoadLimits,
    expected_sha256: str | None,
) -> None:
    die_with_parent(parent_pid)
    os.nice(LOADER_NICENESS)  # the worker's threads answering requests come first
    for name in _RESET_SIGNALS:
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    result: tuple[str, object]
    try:
        result = ("dataset", load_dataset(path, reference, limits, expected_sha256))
    except DatasetError as error:
        result = ("error", error)
    except MemoryError:
        result = ("error", DatasetError(path, [Problem(CHILD_DIED)]))
    sender.send_bytes(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    sender.close()
