"""Start the dashboard under gunicorn on 127.0.0.1, measure it, and always stop it.

``GunicornServer`` is a context manager: leaving the ``with`` block, normally, on an
exception or on Ctrl+C, stops the whole process group (master and workers).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import psutil

from benchmarks.serve import ARGS_ENV

ROOT = Path(__file__).resolve().parent.parent
STARTUP_TIMEOUT_S = 180.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass(frozen=True)
class ProcessMemory:
    pid: int
    rss_mb: float
    pss_mb: float  # shared pages divided among the processes sharing them
    uss_mb: float  # pages only this process holds


def process_memory(pid: int) -> ProcessMemory:
    info = psutil.Process(pid).memory_full_info()
    return ProcessMemory(pid, round(info.rss / 2**20, 1), round(info.pss / 2**20, 1), round(info.uss / 2**20, 1))


class GunicornServer:
    """``gunicorn <app_spec>`` with 2 workers (``--preload``, as in the Procfile) on a free port."""

    def __init__(
        self,
        app_spec: str = "app:server",
        env: dict[str, str] | None = None,
        workers: int = 2,
        log_path: Path | None = None,
    ):
        self.app_spec = app_spec
        self.env = {**os.environ, **(env or {}), "PYTHONUNBUFFERED": "1"}
        self.workers = workers
        self.log_path = log_path
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None
        self.startup_s: float | None = None
        self._log = None

    def __enter__(self) -> GunicornServer:
        gunicorn_args = [
            self.app_spec,
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            "--preload",
            "--no-control-socket",
            "--log-level",
            "warning",
        ]
        env = {**self.env, ARGS_ENV: json.dumps(gunicorn_args)}
        self._log = open(self.log_path, "wb") if self.log_path else subprocess.DEVNULL
        began = time.perf_counter()
        # A session of its own: stopping the group stops the master and every worker.
        self.process = subprocess.Popen(
            [sys.executable, "-m", "benchmarks.serve"],
            cwd=ROOT,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            self._wait_ready(began)
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def _wait_ready(self, began: float) -> None:
        while time.perf_counter() - began < STARTUP_TIMEOUT_S:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"gunicorn {self.app_spec} exited with code {self.process.returncode} (log: {self.log_path})"
                )
            try:
                with urllib.request.urlopen(self.base_url + "/", timeout=5) as response:
                    if response.status == 200:
                        self.startup_s = time.perf_counter() - began
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.05)
        raise TimeoutError(f"gunicorn {self.app_spec} did not answer within {STARTUP_TIMEOUT_S} s")

    def check_alive(self) -> None:
        """Raise if the master or a worker is gone (a crash, or stopped from outside)."""
        if self.process.poll() is not None:
            raise RuntimeError(f"gunicorn {self.app_spec} stopped during the run (exit code {self.process.returncode})")
        if len(self.worker_pids()) != self.workers:
            raise RuntimeError(f"gunicorn {self.app_spec}: {len(self.worker_pids())} workers of {self.workers}")

    def worker_pids(self) -> list[int]:
        return sorted(child.pid for child in psutil.Process(self.process.pid).children())

    def memory(self) -> dict[str, object]:
        return {
            "master": process_memory(self.process.pid).__dict__,
            "workers": [process_memory(pid).__dict__ for pid in self.worker_pids()],
        }

    def cpu_seconds(self) -> float:
        """CPU time used so far by the master and its workers."""
        processes = [psutil.Process(self.process.pid)] + psutil.Process(self.process.pid).children()
        return sum(sum(p.cpu_times()[:2]) for p in processes)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=15)
            except ProcessLookupError:
                pass
        if self._log not in (None, subprocess.DEVNULL):
            self._log.close()
            self._log = None
