"""Performance benchmark of the dashboard: one command, every figure of issue 5.

    python -m benchmarks.run            # full run, ~8 min on 2 cores
    python -m benchmarks.run --quick    # shorter runs, to try a change (~3 min)

For the shipped data and for a synthetic 1,000,000-row file generated in a temporary
folder, it starts the app under gunicorn (2 workers, --preload, 127.0.0.1, a free port)
and measures:

- page weight in headless Chromium (bytes on the wire until every graph is drawn),
  against the same page served the default way (``benchmarks/baseline_app.py``:
  plotly.min.js from the wheel, no compression), in the same run;
- server time of a filter callback, in-process through the Flask test client (Dash's
  whole request: decoding, the callback, encoding, compression), and the HTTP round trip
  on loopback, for selections never seen before (``cold``) and repeated ones;
- callback throughput from 20 concurrent clients (bounded, 127.0.0.1 only);
- RSS per gunicorn worker, and time from process start to first response.

It prints a table (each target, the measured value, the ratio to the target) and writes
everything to ``benchmarks/results/latest.json``; ``--write-docs`` also refreshes the
figures in ``docs/performance.md``. Every server it starts is stopped on exit, Ctrl+C
included. Timings depend on the machine's load: the run records the load average and the
CPU used by other processes during each load test.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import psutil

from benchmarks import loadgen
from benchmarks.page_weight import measure_page
from benchmarks.server import ROOT, GunicornServer
from benchmarks.synthetic import write_synthetic_csv

RESULTS_DIR = ROOT / "benchmarks" / "results"
PERFORMANCE_DOC = ROOT / "docs" / "performance.md"
DOC_START, DOC_END = "<!-- benchmark:start -->", "<!-- benchmark:end -->"
BIG_ROWS = 1_000_000
MB = 1_000_000  # page weights in decimal megabytes, as the targets are written


@dataclass(frozen=True)
class Plan:
    repeats: int  # page loads, server starts, throughput runs
    timed_requests: int  # per series of callback timings
    throughput_s: float
    throughput_clients: int = 20


FULL = Plan(repeats=3, timed_requests=300, throughput_s=30.0)
QUICK = Plan(repeats=1, timed_requests=100, throughput_s=10.0)


def summary(values: list[float]) -> dict:
    return {
        "n": len(values),
        "median": round(statistics.median(values), 3),
        "p95": loadgen.percentile(values, 95),
        "min": round(min(values), 3),
        "max": round(max(values), 3),
    }


def log(message: str) -> None:
    print(f"[{datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


# --- machine context ----------------------------------------------------------------


def machine() -> dict:
    cpu_model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    chromium = subprocess.run(["/usr/bin/chromium", "--version"], capture_output=True, text=True).stdout.strip()
    return {
        "cpus": os.cpu_count(),
        "cpu_model": cpu_model,
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "chromium": chromium,
    }


class CpuWindow:
    """CPU used on the whole machine during a measurement, and how much of it was ours."""

    def __init__(self, ours: list[psutil.Process]):
        self.ours = ours

    def __enter__(self) -> CpuWindow:
        self.load_before = os.getloadavg()[0]
        self.machine_before = psutil.cpu_times()
        self.ours_before = self._ours_cpu()
        self.wall_before = time.perf_counter()
        return self

    def _ours_cpu(self) -> float:
        processes = {}
        for process in self.ours:
            try:
                for p in [process] + process.children(recursive=True):
                    processes[p.pid] = p
            except psutil.NoSuchProcess:
                pass
        total = 0.0
        for p in processes.values():
            try:
                times = p.cpu_times()
                total += times.user + times.system
            except psutil.NoSuchProcess:
                pass
        return total

    def __exit__(self, *exc_info) -> None:
        wall = time.perf_counter() - self.wall_before
        after = psutil.cpu_times()
        busy = sum(
            getattr(after, f) - getattr(self.machine_before, f)
            for f in ("user", "nice", "system", "irq", "softirq", "steal")
        )
        ours = self._ours_cpu() - self.ours_before
        cores = os.cpu_count() or 1
        self.result = {
            "wall_s": round(wall, 1),
            "loadavg_1min_before": round(self.load_before, 2),
            "loadavg_1min_after": round(os.getloadavg()[0], 2),
            "machine_busy_pct": round(100 * busy / (wall * cores), 1),
            "benchmark_and_server_pct": round(100 * ours / (wall * cores), 1),
            "other_processes_pct": round(100 * max(busy - ours, 0) / (wall * cores), 1),
        }


# --- callback timings ---------------------------------------------------------------


def in_process_callback_times(data_file: Path, plan: Plan, seed: int) -> dict:
    """Dash's whole callback request, in-process (Flask test client), in ms."""
    from dashboard.data.loader import load_dataset
    from dashboard.data.reference import load_reference
    from dashboard.web.app_factory import create_app

    app = create_app(load_dataset(data_file, load_reference()))
    client = app.server.test_client()
    model = loadgen.AppModel.from_documents(
        client.get("/").get_data(as_text=True),
        client.get("/_dash-layout").get_json(),
        client.get("/_dash-dependencies").get_json(),
    )
    filters = model.filters()
    headers = {"Accept-Encoding": loadgen.BROWSER_ACCEPT_ENCODING, "Content-Type": "application/json"}

    def timed(requests: list[loadgen.HttpRequest]) -> list[float]:
        times = []
        for request in requests:
            began = time.perf_counter()
            response = client.post(request.path, data=request.body, headers=headers)
            times.append((time.perf_counter() - began) * 1000)
            if response.status_code not in loadgen.OK_STATUSES:
                raise RuntimeError(f"{request.path}: HTTP {response.status_code}")
        return times

    rng = random.Random(seed)
    cold = [model.request(rng.choice(filters), rng, loadgen.WIDE_PROFILE) for _ in range(plan.timed_requests)]
    manager = [model.request(rng.choice(filters), rng, loadgen.MANAGER_PROFILE) for _ in range(plan.timed_requests)]
    repeated = [model.request(filters[0], random.Random(seed), loadgen.MANAGER_PROFILE)] * plan.timed_requests
    timed(repeated[:20])  # imports and first-call costs out of the way
    # Each callback on its own: a filter change runs several at once, cheap and costly, so
    # the median of a mix says little; the targets use the slowest callback's median.
    per_callback = {
        cb.name: summary(
            timed(
                [
                    model.request(cb, rng, loadgen.WIDE_PROFILE)
                    for _ in range(max(30, plan.timed_requests // len(filters)))
                ]
            )
        )
        for cb in filters
    }
    return {
        "callbacks": [cb.name for cb in filters],
        "cold_ms": summary(timed(cold)),
        "manager_mix_ms": summary(timed(manager)),
        "repeated_ms": summary(timed(repeated)),
        "per_callback_cold_ms": per_callback,
    }


def http_round_trips(base_url: str, model: loadgen.AppModel, plan: Plan, seed: int) -> dict:
    """One client, one request at a time, over loopback: latency without queueing, in ms."""
    rng = random.Random(seed)
    client = loadgen.LoopbackClient(base_url)
    filters = model.filters()
    results = {}
    try:
        for name, profile in (("cold", loadgen.WIDE_PROFILE), ("manager_mix", loadgen.MANAGER_PROFILE)):
            times = []
            for _ in range(plan.timed_requests):
                request = model.request(rng.choice(filters), rng, profile)
                began = time.perf_counter()
                status, _, _ = client.send(request)
                times.append((time.perf_counter() - began) * 1000)
                if status not in loadgen.OK_STATUSES:
                    raise RuntimeError(f"callback: HTTP {status}")
            results[f"{name}_ms"] = summary(times)
    finally:
        client.close()
    return results


def _own_cpu_seconds() -> float:
    times = psutil.Process().cpu_times()
    return times.user + times.system


def throughput(
    server: GunicornServer, model: loadgen.AppModel, plan: Plan, profile: loadgen.SelectionProfile, runs: int, seed: int
) -> dict:
    actions = loadgen.actions_of(model, profile)
    per_run, latencies, errors = [], [], 0
    for run in range(runs):
        server_cpu_before, client_cpu_before = server.cpu_seconds(), _own_cpu_seconds()
        with CpuWindow([psutil.Process(server.process.pid), psutil.Process()]) as window:
            result = loadgen.run_load(
                server.base_url, actions, {"filter": 1.0}, plan.throughput_clients, plan.throughput_s, seed=seed + run
            )
        server.check_alive()  # a server stopped mid-run would pass for a flood of fast errors
        run_summary = result.summary(["filter"])
        run_summary["cpu"] = window.result
        # CPU per request does not depend on what else runs on the machine: with the
        # load client's share, it bounds the rate two free cores could sustain.
        requests = max(result.requests, 1)
        run_summary["server_cpu_ms_per_request"] = round(
            (server.cpu_seconds() - server_cpu_before) * 1000 / requests, 3
        )
        run_summary["client_cpu_ms_per_request"] = round((_own_cpu_seconds() - client_cpu_before) * 1000 / requests, 3)
        run_summary["error_samples"] = result.error_samples
        per_run.append(run_summary)
        latencies += result.latencies(["filter"])
        errors += run_summary["errors"]
        log(
            f"  {profile.name} run {run + 1}: {run_summary['requests_per_s']} req/s, p95 {run_summary['p95_ms']} ms, "
            f"errors {run_summary['errors']}, other processes {window.result['other_processes_pct']} % CPU"
        )
    rates = [r["requests_per_s"] for r in per_run]
    server_cpu = statistics.median(r["server_cpu_ms_per_request"] for r in per_run)
    client_cpu = statistics.median(r["client_cpu_ms_per_request"] for r in per_run)
    cores = os.cpu_count() or 1
    return {
        "profile": profile.name,
        "clients": plan.throughput_clients,
        "duration_s": plan.throughput_s,
        "requests_per_s_median": statistics.median(rates),
        "requests_per_s_min": min(rates),
        "server_cpu_ms_per_request": server_cpu,
        "client_cpu_ms_per_request": client_cpu,
        "requests_per_s_if_cores_free": round(1000 * cores / (server_cpu + client_cpu), 1),
        "p50_ms": loadgen.percentile(latencies, 50),
        "p95_ms": loadgen.percentile(latencies, 95),
        "p99_ms": loadgen.percentile(latencies, 99),
        "errors": errors,
        "runs": per_run,
    }


# --- page weight --------------------------------------------------------------------


def bodies_by_encoding(base_url: str, urls: list[str]) -> dict[str, int]:
    """Bytes of the bodies of the page's GET requests as each kind of browser gets them.

    Chromium accepts brotli on HTTPS and on localhost; on plain HTTP to another host it
    offers only gzip and deflate, so the "gzip" figure is what such a browser downloads."""
    paths = [url.split("/", 3)[-1] for url in urls if "_dash-update-component" not in url]
    client = loadgen.LoopbackClient(base_url)
    try:
        return {
            name: sum(
                len(client.send(loadgen.HttpRequest("GET", "/" + path), accept_encoding=accept)[1]) for path in paths
            )
            for name, accept in (("br", "br, gzip"), ("gzip", "gzip, deflate"), ("identity", "identity"))
        }
    finally:
        client.close()


def page_weights(base_url: str, plan: Plan) -> dict:
    firsts, repeats = [], []
    for _ in range(plan.repeats):
        first, repeat = measure_page(base_url + "/")
        firsts.append(first)
        repeats.append(repeat)
    wire = [f.wire_bytes for f in firsts]
    median_run = firsts[wire.index(sorted(wire)[len(wire) // 2])]
    return {
        "wire_bytes_median": statistics.median(wire),
        "wire_bytes_runs": wire,
        "get_bodies_by_encoding": bodies_by_encoding(base_url, [t.url for t in median_run.transfers]),
        "drawn_s": summary([f.drawn_s for f in firsts]),
        "first_visit": median_run.as_dict(top=30),
        "repeat_visit": {
            "wire_bytes_median": statistics.median([r.wire_bytes for r in repeats]),
            **{k: v for k, v in repeats[0].as_dict().items() if k in ("requests", "from_cache")},
        },
    }


# --- one dataset --------------------------------------------------------------------


def server_figures(data_file: Path, env: dict, plan: Plan, logs: Path, label: str, seed: int, with_pages: bool) -> dict:
    figures: dict = {"startup_s_runs": []}
    for start in range(plan.repeats):
        with GunicornServer(env=env, log_path=logs / f"{label}-gunicorn-{start}.log") as server:
            figures["startup_s_runs"].append(round(server.startup_s, 2))
            log(f"{label}: gunicorn up in {server.startup_s:.2f} s ({server.base_url})")
            if start < plan.repeats - 1:
                continue  # the other starts only time the start-up
            figures["memory_after_start"] = server.memory()
            model = loadgen.discover(server.base_url)
            figures["callbacks"] = [cb.name for cb in model.callbacks]
            if with_pages:
                log(f"{label}: page weight")
                figures["page"] = page_weights(server.base_url, plan)
            log(f"{label}: HTTP round trips")
            figures["http_round_trip"] = http_round_trips(server.base_url, model, plan, seed)
            log(f"{label}: throughput, {plan.throughput_clients} clients x {plan.throughput_s:.0f} s")
            figures["throughput"] = throughput(server, model, plan, loadgen.MANAGER_PROFILE, plan.repeats, seed)
            figures["throughput_cold"] = throughput(server, model, plan, loadgen.WIDE_PROFILE, 1, seed + 100)
            figures["memory_after_load"] = server.memory()
    figures["startup_s"] = statistics.median(figures["startup_s_runs"])
    workers = figures["memory_after_load"]["workers"]
    figures["worker_rss_mb"] = statistics.median(w["rss_mb"] for w in workers)
    figures["worker_pss_mb"] = statistics.median(w["pss_mb"] for w in workers)
    log(f"{label}: in-process callback timings")
    figures["callback_in_process"] = in_process_callback_times(data_file, plan, seed)
    return figures


def baseline_page(env: dict, plan: Plan, logs: Path) -> dict:
    with GunicornServer("benchmarks.baseline_app:server", env=env, log_path=logs / "baseline-gunicorn.log") as server:
        log(f"baseline (plotly.min.js from the wheel, no compression): page weight ({server.base_url})")
        return page_weights(server.base_url, plan)


# --- report -------------------------------------------------------------------------


def targets(small: dict, big: dict, baseline: dict) -> list[dict]:
    page = small["page"]["wire_bytes_median"]
    per_small = small["callback_in_process"]["per_callback_cold_ms"]
    per_big = big["callback_in_process"]["per_callback_cold_ms"]
    cold_small = max(block["median"] for block in per_small.values())  # the slowest callback
    growth = max(per_big[name]["median"] / per_small[name]["median"] for name in per_small)
    rate = small["throughput"]["requests_per_s_median"]

    def row(name, value, unit, target, ratio, passed):
        return {
            "target": name,
            "value": value,
            "unit": unit,
            "limit": target,
            "ratio": None if ratio is None else round(ratio, 2),
            "pass": passed,
        }

    rows = [
        row("first load on the wire ≤ 0.8 MB", round(page / MB, 3), "MB", 0.8, page / MB / 0.8, page <= 0.8 * MB),
        row(
            "first load ≤ 0.5 × default way",
            round(page / baseline["wire_bytes_median"], 3),
            "×",
            0.5,
            page / baseline["wire_bytes_median"] / 0.5,
            page <= 0.5 * baseline["wire_bytes_median"],
        ),
        row(
            "filter callback, server time, median ≤ 25 ms (shipped data; slowest callback)",
            round(cold_small, 2),
            "ms",
            25,
            cold_small / 25,
            cold_small <= 25,
        ),
        row(
            "filter callback, 1 M rows ≤ 2 × shipped data (callback that grows most)",
            round(growth, 2),
            "×",
            2,
            growth / 2,
            growth <= 2,
        ),
        row("callbacks/s, 20 clients, gunicorn -w 2 ≥ 200", rate, "req/s", 200, rate / 200, rate >= 200),
        row(
            "errors under load = 0",
            small["throughput"]["errors"] + big["throughput"]["errors"],
            "",
            0,
            None,
            small["throughput"]["errors"] + big["throughput"]["errors"] == 0,
        ),
        row(
            "RSS per worker, 1 M rows ≤ 4 × shipped data",
            round(big["worker_rss_mb"] / small["worker_rss_mb"], 2),
            "×",
            4,
            big["worker_rss_mb"] / small["worker_rss_mb"] / 4,
            big["worker_rss_mb"] <= 4 * small["worker_rss_mb"],
        ),
    ]
    return rows


def _short(callback_name: str) -> str:
    """A callback's first output id: "funding-graph" for the overview, and so on."""
    outputs = callback_name.split(" -> ", 1)[-1]
    return outputs.split(",", 1)[0]


def reported(small: dict, big: dict, baseline: dict) -> list[tuple[str, str, str]]:
    def ms(block: dict) -> str:
        return f"{block['median']:.1f} / {block['p95']:.1f}"

    rows = [
        (
            "page weight, first visit (wire / decoded)",
            f"{small['page']['wire_bytes_median'] / MB:.3f} MB / {small['page']['first_visit']['body_bytes'] / MB:.3f} MB",
            f"default way: {baseline['wire_bytes_median'] / MB:.3f} MB / {baseline['first_visit']['body_bytes'] / MB:.3f} MB",
        ),
        (
            "GET bodies of the first visit: brotli / gzip only / uncompressed",
            " / ".join(f"{small['page']['get_bodies_by_encoding'][k] / MB:.3f} MB" for k in ("br", "gzip", "identity")),
            "gzip: a browser on plain HTTP to another host than localhost",
        ),
        (
            "page weight, repeat visit (wire)",
            f"{small['page']['repeat_visit']['wire_bytes_median'] / MB:.3f} MB",
            f"default way: {baseline['repeat_visit']['wire_bytes_median'] / MB:.3f} MB",
        ),
        (
            "requests, first visit",
            str(small["page"]["first_visit"]["requests"]),
            f"default way: {baseline['first_visit']['requests']}",
        ),
        (
            "all graphs drawn after (median, loopback)",
            f"{small['page']['drawn_s']['median']:.2f} s",
            f"default way: {baseline['drawn_s']['median']:.2f} s",
        ),
    ]
    for label, figures in (("shipped", small), (f"{big['rows']:,} rows", big)):
        callback = figures["callback_in_process"]
        rows += [
            (
                f"[{label}] callback server time, ms median / p95 (cold · manager mix · repeated)",
                f"{ms(callback['cold_ms'])} · {ms(callback['manager_mix_ms'])} · {ms(callback['repeated_ms'])}",
                "",
            ),
            (
                f"[{label}] each callback alone, cold, ms median / p95",
                " · ".join(f"{_short(name)} {ms(block)}" for name, block in callback["per_callback_cold_ms"].items()),
                "",
            ),
            (
                f"[{label}] HTTP round trip, ms median / p95 (cold · manager mix)",
                f"{ms(figures['http_round_trip']['cold_ms'])} · {ms(figures['http_round_trip']['manager_mix_ms'])}",
                "",
            ),
            (
                f"[{label}] throughput, 20 clients (manager mix)",
                f"{figures['throughput']['requests_per_s_median']} req/s, p95 {figures['throughput']['p95_ms']} ms",
                _cpu_note(figures["throughput"]),
            ),
            (
                f"[{label}] throughput, 20 clients (cold: selections never seen)",
                f"{figures['throughput_cold']['requests_per_s_median']} req/s, p95 {figures['throughput_cold']['p95_ms']} ms",
                _cpu_note(figures["throughput_cold"]),
            ),
            (
                f"[{label}] RSS per worker (PSS)",
                f"{figures['worker_rss_mb']:.0f} MB ({figures['worker_pss_mb']:.0f} MB)",
                f"master {figures['memory_after_load']['master']['rss_mb']:.0f} MB",
            ),
            (
                f"[{label}] start-up to first response",
                f"{figures['startup_s']:.2f} s",
                "runs: " + ", ".join(f"{s:.2f}" for s in figures["startup_s_runs"]),
            ),
        ]
    return rows


def _cpu_note(block: dict) -> str:
    return (
        f"errors {block['errors']}; server CPU {block['server_cpu_ms_per_request']:.2f} ms/request, "
        f"client {block['client_cpu_ms_per_request']:.2f} → {block['requests_per_s_if_cores_free']:.0f} req/s "
        f"if both cores were free"
    )


def markdown(results: dict) -> str:
    lines = ["| target | measured | ratio to target | pass |", "|---|---:|---:|:---:|"]
    for row in results["targets"]:
        ratio = "" if row["ratio"] is None else f"{row['ratio']:.2f}"
        lines.append(f"| {row['target']} | {row['value']} {row['unit']} | {ratio} | {'yes' if row['pass'] else 'NO'} |")
    lines += ["", "| figure | measured | note |", "|---|---|---|"]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in results["reported"]]
    context = results["machine"]
    lines += [
        "",
        f"Run of {results['finished_at']} ({results['plan']}), {context['cpus']} × {context['cpu_model']}, "
        f"{context['memory_gb']} GB, Python {context['python']}, {context['chromium']}.",
    ]
    loads = [r["cpu"] for key in ("small", "big") for r in results[key]["throughput"]["runs"]]
    lines.append(
        "Other processes during the load tests: "
        + ", ".join(f"{c['other_processes_pct']} %" for c in loads)
        + " of the machine's CPU (load average "
        + ", ".join(f"{c['loadavg_1min_before']}→{c['loadavg_1min_after']}" for c in loads)
        + ")."
    )
    return "\n".join(lines)


def print_table(results: dict) -> None:
    print()
    print(f"{'target':58} {'measured':>16} {'ratio':>7}  pass")
    for row in results["targets"]:
        ratio = "" if row["ratio"] is None else f"{row['ratio']:.2f}"
        print(
            f"{row['target']:58} {str(row['value']) + ' ' + row['unit']:>16} {ratio:>7}  "
            f"{'yes' if row['pass'] else 'NO'}"
        )
    print()
    for a, b, c in results["reported"]:
        print(f"{a:78} {b}  {c}")


def write_docs(results: dict) -> None:
    text = PERFORMANCE_DOC.read_text(encoding="utf-8")
    start, end = text.index(DOC_START) + len(DOC_START), text.index(DOC_END)
    PERFORMANCE_DOC.write_text(text[:start] + "\n" + markdown(results) + "\n" + text[end:], encoding="utf-8")


# --- main ---------------------------------------------------------------------------


def _interrupt(*_signal_args) -> None:
    raise KeyboardInterrupt


@contextmanager
def stop_on_sigterm():
    """SIGTERM unwinds like Ctrl+C, so every ``with`` block stops what it started."""
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Fabriques Monitor performance benchmark")
    parser.add_argument("--quick", action="store_true", help="one repeat, 10 s load runs")
    parser.add_argument("--rows", type=int, default=BIG_ROWS, help="rows of the synthetic dataset")
    parser.add_argument("--output", type=Path, default=RESULTS_DIR / "latest.json")
    parser.add_argument("--write-docs", action="store_true", help="refresh the figures in docs/performance.md")
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args(argv)
    plan = QUICK if args.quick else FULL
    results: dict = {
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "plan": "quick" if args.quick else "full",
        "machine": machine(),
        "rows_big": args.rows,
    }
    with stop_on_sigterm(), tempfile.TemporaryDirectory(prefix="fabriques-bench-") as workdir:
        workdir = Path(workdir)
        shipped = ROOT / "data" / "fabriques.csv"
        small_env = {"FABRIQUES_DATA": str(shipped)}
        results["small"] = server_figures(shipped, small_env, plan, workdir, "shipped", args.seed, with_pages=True)
        results["baseline_page"] = baseline_page(small_env, plan, workdir)

        log(f"synthetic dataset: {args.rows:,} rows")
        big_file = write_synthetic_csv(workdir / "synthetic.csv", args.rows)
        results["big_file_mb"] = round(big_file.stat().st_size / 2**20, 1)
        big_limit = str(int(results["big_file_mb"] * 2 + 50))
        os.environ["FABRIQUES_MAX_FILE_MB"] = big_limit  # for the in-process load
        big_env = {"FABRIQUES_DATA": str(big_file), "FABRIQUES_MAX_FILE_MB": big_limit}
        results["big"] = server_figures(
            big_file, big_env, plan, workdir, f"{args.rows:,} rows", args.seed, with_pages=False
        )
        results["big"]["rows"] = args.rows
    results["targets"] = targets(results["small"], results["big"], results["baseline_page"])
    results["reported"] = reported(results["small"], results["big"], results["baseline_page"])
    results["finished_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print_table(results)
    print(f"\nJSON: {args.output}")
    if args.write_docs:
        write_docs(results)
        print(f"figures written to {PERFORMANCE_DOC}")
    return 0 if all(row["pass"] for row in results["targets"]) else 1


if __name__ == "__main__":
    sys.exit(main())
