"""The development loop: ``DASH_DEBUG=1 python app.py`` (README, CONTRIBUTING) starts
Dash's debug server with hot reload, and serves the page."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

from tests.conftest import ROOT

START_TIMEOUT_S = 90


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (127.0.0.1 only)
        return response.status, response.read()


def test_debug_mode_starts_with_hot_reload():
    port = free_port()
    env = {**os.environ, "DASH_DEBUG": "1", "PORT": str(port), "FABRIQUES_RELOAD_SECONDS": "0"}
    server = subprocess.Popen(
        [sys.executable, "app.py"], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            assert server.poll() is None, server.stdout.read() if server.stdout else ""
            try:
                status, page = get(f"http://127.0.0.1:{port}/")
                break
            except OSError:
                assert time.monotonic() < deadline, "the debug server did not answer"
                time.sleep(0.5)
        assert status == 200 and b"react-entry-point" in page
        # The hot-reload endpoint the page polls exists only in debug mode.
        status, reload_hash = get(f"http://127.0.0.1:{port}/_reload-hash")
        assert status == 200 and b"reloadHash" in reload_hash
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
