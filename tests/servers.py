"""Run the app under gunicorn, with the project's gunicorn.conf.py, on 127.0.0.1 (tests)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from tests.processes import children_of

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, process: subprocess.Popen, port: int, log: Path):
        self.process = process
        self.port = port
        self.log = log

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def get(self, path: str, timeout: float = 10) -> tuple[int, bytes]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=timeout) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def status(self) -> dict:
        code, body = self.get("/_data-status")
        assert code == 200, body
        return json.loads(body)

    def workers(self) -> list[int]:
        return children_of(self.process.pid)

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


@contextmanager
def gunicorn(tmp_path: Path, env: dict, app: str = "app:server", ready_timeout: float = 90):
    """A gunicorn started like the Procfile (gunicorn.conf.py), stopped at the end whatever happens."""
    port = free_port()
    log = tmp_path / f"gunicorn-{port}.log"
    process = subprocess.Popen(
        [GUNICORN, app, "--config", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    server = Server(process, port, log)
    try:
        deadline = time.monotonic() + ready_timeout
        while True:
            assert process.poll() is None, server.log_text()
            try:
                if server.get("/_data-status", timeout=2)[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, server.log_text()
            time.sleep(0.2)
        yield server
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
