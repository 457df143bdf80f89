"""The app under gunicorn as the Procfile runs it (gunicorn.conf.py), on 127.0.0.1: slow
clients, loader processes and their parents, two instances on one file, a file over its
budget (issue 12, items 1, 3 and 11). Every server is stopped at the end of its test."""

from __future__ import annotations

import os
import signal
import socket
import statistics
import subprocess
import threading
import time
from contextlib import ExitStack, suppress

import pytest

from dashboard.data.publishing import publish_bytes
from dashboard.web.config import DEFAULT_DATA_FILE
from tests.conftest import ROOT
from tests.processes import children_of, is_alive, wait_until
from tests.servers import GUNICORN, gunicorn

SLOW_APP = "tests.slow_loading_app:server"
GOOD = DEFAULT_DATA_FILE.read_bytes()


def dated_copy(path, data: bytes) -> None:
    publish_bytes(path, data)
    past = time.time() - 60
    os.utime(path, (past, past))


def env_for(data_file, **extra) -> dict:
    return {"FABRIQUES_DATA": str(data_file), "FABRIQUES_RELOAD_SECONDS": "0.2", **extra}


# --- slow clients ---------------------------------------------------------------------


def open_slow_clients(port: int, count: int, stack: ExitStack) -> list[socket.socket]:
    """Half announce a 100 KB callback body and stall; half send their headers a byte at a time."""
    clients = []
    for number in range(count):
        client = stack.enter_context(socket.create_connection(("127.0.0.1", port), timeout=5))
        if number % 2:
            client.sendall(
                b"POST /_dash-update-component HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                b"Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"
            )
        else:
            client.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Lent: ")
        clients.append(client)
    return clients


def page_times(server, count: int) -> list[float]:
    times = []
    for _ in range(count):
        began = time.perf_counter()
        code, _body = server.get("/", timeout=30)
        times.append(time.perf_counter() - began)
        assert code == 200
    return times


def test_twenty_slow_clients_delay_a_page_by_less_than_a_second(tmp_path):
    with gunicorn(tmp_path, {"FABRIQUES_RELOAD_SECONDS": "0"}) as server, ExitStack() as stack:
        before = page_times(server, 10)
        clients = open_slow_clients(server.port, 20, stack)
        stop = threading.Event()

        def trickle():  # one more header byte every 0.5 s, for at most 20 s
            for _ in range(40):
                if stop.wait(0.5):
                    return
                for client in clients[::2]:
                    with suppress(OSError):
                        client.sendall(b"x")

        trickler = threading.Thread(target=trickle, daemon=True)
        trickler.start()
        try:
            time.sleep(1)  # every slow client now holds a connection
            during = page_times(server, 10)
        finally:
            stop.set()
            trickler.join()
        delay = max(during) - statistics.median(before)
        print(
            f"page: median {statistics.median(before) * 1000:.1f} ms alone, max {max(during) * 1000:.1f} ms "
            f"with 20 slow clients (delay {delay * 1000:.0f} ms)"
        )
        assert delay < 1.0


# --- loader processes never outlive their parents ---------------------------------------


def start_slow_load(server, data_file) -> dict[int, int]:
    """Publish a file that takes ten minutes to load; {worker: its loader} for the workers
    loading it (one at a time per machine: the others wait for the lock)."""
    dated_copy(data_file, b"SLOW" + GOOD)
    assert wait_until(lambda: any(children_of(w) for w in server.workers()), timeout=20), server.log_text()
    return {worker: children_of(worker)[0] for worker in server.workers() if children_of(worker)}


@pytest.mark.parametrize("signal_number", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_a_loader_dies_with_its_worker(tmp_path, signal_number):
    data_file = tmp_path / "fabriques.csv"
    dated_copy(data_file, GOOD)
    with gunicorn(tmp_path, env_for(data_file, FABRIQUES_LOAD_TIMEOUT_SECONDS="600"), SLOW_APP) as server:
        loaders = start_slow_load(server, data_file)
        worker, loader = next(iter(loaders.items()))
        os.kill(worker, signal_number)
        assert wait_until(lambda: not is_alive(loader), timeout=10), f"loader {loader} outlived worker {worker}"
        assert server.get("/_data-status")[0] == 200  # the service goes on


@pytest.mark.parametrize("signal_number", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_no_process_outlives_the_master(tmp_path, signal_number):
    data_file = tmp_path / "fabriques.csv"
    dated_copy(data_file, GOOD)
    with gunicorn(tmp_path, env_for(data_file, FABRIQUES_LOAD_TIMEOUT_SECONDS="600"), SLOW_APP) as server:
        loaders = start_slow_load(server, data_file)
        processes = [*loaders, *loaders.values()]
        server.process.send_signal(signal_number)
        server.process.wait(timeout=30)
        assert wait_until(lambda: not any(is_alive(pid) for pid in processes), timeout=15), [
            pid for pid in processes if is_alive(pid)
        ]


# --- budgets ----------------------------------------------------------------------------


def test_a_file_over_its_load_budget_is_refused_and_the_service_goes_on(tmp_path):
    data_file = tmp_path / "fabriques.csv"
    dated_copy(data_file, GOOD)
    with gunicorn(tmp_path, env_for(data_file, FABRIQUES_LOAD_TIMEOUT_SECONDS="1"), SLOW_APP) as server:
        version = server.status()["version"]
        dated_copy(data_file, b"SLOW" + GOOD)
        began = time.monotonic()
        while time.monotonic() - began < 15:
            response_began = time.perf_counter()
            status = server.status()
            assert time.perf_counter() - response_began < 1  # never waits for the load
            if status["rechargement_refuse"]:
                break
            time.sleep(0.1)
        assert status["version"] == version
        assert "lecture trop longue : abandonnée après 1 s" in " ".join(status["rechargement_refuse"]["problemes"])
        # Every worker refuses it in turn (one load at a time per machine), then no loader is left.
        assert wait_until(lambda: all(server.status()["rechargement_refuse"] for _ in range(6)), timeout=15)
        assert wait_until(lambda: all(children_of(worker) == [] for worker in server.workers()), timeout=5)
        assert "WORKER TIMEOUT" not in server.log_text()


def test_a_file_over_its_load_budget_at_start_up_stops_once_with_exit_code_2(tmp_path):
    data_file = tmp_path / "fabriques.csv"
    data_file.write_bytes(b"SLOW" + GOOD)
    began = time.monotonic()
    result = subprocess.run(
        [GUNICORN, SLOW_APP, "--config", "gunicorn.conf.py", "--bind", "127.0.0.1:0"],
        cwd=ROOT,
        env={**os.environ, **env_for(data_file, FABRIQUES_LOAD_TIMEOUT_SECONDS="1")},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2 and time.monotonic() - began < 30
    assert result.stderr.count("Fabriques Monitor ne peut pas démarrer.") == 1
    assert "lecture trop longue : abandonnée après 1 s (réglable par FABRIQUES_LOAD_TIMEOUT_SECONDS)" in result.stderr
    assert "Traceback" not in result.stderr


# --- two instances on one file ----------------------------------------------------------


def test_two_instances_serve_the_same_version_within_the_reload_interval(tmp_path, reference):
    data_file = tmp_path / "fabriques.csv"
    dated_copy(data_file, GOOD)
    env = env_for(data_file, FABRIQUES_RELOAD_SECONDS="1")
    with gunicorn(tmp_path, env) as first, gunicorn(tmp_path, env) as second:
        instances = (first, second)
        old = first.status()["version"]
        # A valid update: both switch within FABRIQUES_RELOAD_SECONDS (plus the load).
        lines = GOOD.decode("utf-8").splitlines(keepends=True)
        dated_copy(data_file, "".join(lines[:-1]).encode("utf-8"))
        published = time.monotonic()

        def served_versions() -> set[str]:
            # Several requests to each instance, so that both of its workers answer.
            return {s.status()["version"] for s in instances for _ in range(6)}

        assert wait_until(lambda: old not in served_versions() and len(served_versions()) == 1, 10)
        elapsed = time.monotonic() - published
        versions = served_versions()
        assert len(versions) == 1 and old not in versions
        assert all(s.status()["lignes"] == 381 for s in instances)
        print(f"two instances on the new version {elapsed:.2f} s after publication")
        assert elapsed < 1 + 3  # the interval, plus the load in a child (a busy 2-core CI machine)
        new = versions.pop()
        # A refused update: both keep the version in service and say why.
        dated_copy(data_file, GOOD.replace(b",250000,", b",-5,", 1))
        assert wait_until(lambda: all(s.status()["rechargement_refuse"] for s in instances for _ in range(4)), 10)
        assert {s.status()["version"] for s in instances for _ in range(6)} == {new}
