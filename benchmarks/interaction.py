"""In-browser interaction benchmark (issue 10): how long the page takes, in headless
Chromium, to show a new selection, from the user's input event to the last chart drawn.

    python -m benchmarks.interaction                 # full run (~25 min on today's page)
    python -m benchmarks.interaction --quick         # one timed pass, 3 cold loads
    python -m benchmarks.interaction --url URL       # a server already running (no 1 M rows)
    python -m benchmarks.interaction --profile       # and a CPU profile of one wave click
    python -m benchmarks.interaction --profile-only  # only the CPU profiles

For the shipped data and for a synthetic 1,000,000-row file (``benchmarks/synthetic.py``,
generated in a temporary folder) it starts the app under gunicorn as in the Procfile
(``benchmarks/server.py``: 2 workers, ``--preload``, 127.0.0.1, a free port), then:

- an untimed pass walks ``STEPS`` (wave checkboxes, région checkboxes, the département
  select, clicks on a département of the map, breadcrumb links), waiting generously after
  each step, and records the page state each selection must show;
- timed passes reload the page and walk the same steps with real pointer and keyboard
  events; each step is timed in the page, from the input event's timestamp until the page
  shows the recorded state, nothing is pending and two animation frames have passed
  (``benchmarks/browser.py`` explains the method); the long tasks (``longtask``) that
  overlap each step are kept;
- cold loads, each in a fresh Chromium profile: from navigation start until the initial
  state (every chart drawn with its data).

It prints a table (each target of issue 10, the value, the ratio to the target) and writes
everything to ``benchmarks/results/interaction.json``; ``--write-docs`` refreshes the
figures block of docs/performance.md ("Interaction in the browser"). ``--profile`` adds a
DevTools CPU profile of one wave click, with Dash's development bundles (readable function
names, ``benchmarks/dev_bundles_app.py``) and with the bundles users get, summarised as
self time per script and per function; the raw profiles go next to the JSON
(``*.cpuprofile``, which Chromium's DevTools open).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import psutil

from benchmarks import browser
from benchmarks.browser import KINDS, Browser, Page, Step
from benchmarks.loadgen import percentile
from benchmarks.run import CpuWindow, log, machine, stop_on_sigterm
from benchmarks.server import ROOT, GunicornServer
from benchmarks.synthetic import write_synthetic_csv

RESULTS_DIR = ROOT / "benchmarks" / "results"
PERFORMANCE_DOC = ROOT / "docs" / "performance.md"
DOC_START, DOC_END = "<!-- interaction:start -->", "<!-- interaction:end -->"
BIG_ROWS = 1_000_000
MB = 1_000_000

# Issue 10's targets.
STEP_MEDIAN_MS = 150.0
STEP_P90_MS = 300.0
LONGEST_TASK_MS = 200.0
COLD_LOAD_MEDIAN_MS = 1500.0
FIRST_LOAD_MB = 0.8
BIG_RATIO = 2.0

# The walk: every step changes what the page shows (never the same selection twice in a
# row), each selection has lauréats in the shipped data, and the département select is
# only used where one key press reaches the département (type-ahead from the options of
# the chosen régions). Map clicks: from France a click opens the région, from a région it
# opens the département.
STEPS = (
    Step("wave", "2-4", "tick wave 2-4"),
    Step("region", "44", "tick région Grand Est"),
    Step("departement", "67", "select Bas-Rhin"),
    Step("breadcrumb", "Grand Est", "breadcrumb Grand Est"),
    Step("map", "57", "map: Moselle"),
    Step("breadcrumb", "France", "breadcrumb France"),
    Step("wave", "2-4", "untick wave 2-4"),
    Step("map", "29", "map: Finistère → Bretagne"),
    Step("wave", "5", "tick wave 5"),
    Step("map", "29", "map: Finistère"),
    Step("breadcrumb", "Bretagne", "breadcrumb Bretagne"),
    Step("departement", "22", "select Côtes-d'Armor"),
    Step("wave", "1", "tick wave 1"),
    Step("breadcrumb", "France", "breadcrumb France"),
    Step("region", "84", "tick région Auvergne-Rhône-Alpes"),
    Step("region", "93", "tick région Provence-Alpes-Côte d'Azur"),
    Step("departement", "13", "select Bouches-du-Rhône"),
    Step("breadcrumb", "Provence", "breadcrumb Provence-Alpes-Côte d'Azur"),
    Step("wave", "5", "untick wave 5"),
    Step("breadcrumb", "France", "breadcrumb France"),
    Step("map", "974", "map: La Réunion (inset)"),
    Step("wave", "1", "untick wave 1"),
    Step("region", "04", "untick région La Réunion"),
    Step("region", "11", "tick région Île-de-France"),
    Step("map", "91", "map: Essonne"),
    Step("departement", "75", "select Paris"),
    Step("breadcrumb", "France", "breadcrumb France"),
)
PROFILED_STEP = STEPS[0]  # one wave click, from the page as first loaded


@dataclass(frozen=True)
class Plan:
    passes: int  # timed passes over the steps, per dataset
    cold: int  # cold loads (shipped data)
    steps: int  # how many of STEPS


FULL = Plan(passes=2, cold=5, steps=len(STEPS))
QUICK = Plan(passes=1, cold=3, steps=len(STEPS))


# --- one server ------------------------------------------------------------------------


def measure_server(base_url: str, plan: Plan, label: str, cold: int, server_pid: int | None) -> dict:
    steps = list(STEPS[: plan.steps])
    figures: dict = {"url": base_url}
    with Browser() as driver:
        page = Page(driver, base_url)
        log(f"{label}: untimed pass over {len(steps)} steps (the state each step must show)")
        reference = browser.record_reference(page, steps)
        figures["reference"] = reference.as_dict(steps)
        figures["missing_ids"] = reference.missing_ids
        if reference.error:
            log(f"{label}: the walk stops after {len(reference.states)} steps: {reference.error}")
            steps = steps[: len(reference.states)]
        if reference.missing_ids:
            log(f"{label}: ids not found in the page: {', '.join(reference.missing_ids)}")
        ours = [psutil.Process()] + [psutil.Process(pid) for pid in browser.browser_pids(driver)]
        if server_pid:
            ours.append(psutil.Process(server_pid))
        figures["passes"] = []
        for number in range(plan.passes):
            log(f"{label}: timed pass {number + 1} of {plan.passes}")
            with CpuWindow(ours) as window:
                times = browser.timed_pass(page, steps, reference)
            figures["passes"].append({"steps": [t.as_dict() for t in times], "cpu": window.result})
            done = [t for t in times if t.ms is not None]
            log(
                f"{label}: pass {number + 1}: {len(done)} of {len(steps)} steps timed, median "
                f"{_median([t.ms for t in done])} ms, other processes {window.result['other_processes_pct']} % CPU"
            )
    summarise_dataset(figures)
    if cold:
        figures["cold_load"] = cold_loads(base_url, reference.initial["hash"], cold, label)
    return figures


def cold_loads(base_url: str, expected: str, count: int, label: str) -> dict:
    loads = []
    for number in range(count):
        loads.append(browser.cold_load(base_url, expected))
        log(f"{label}: cold load {number + 1} of {count}: {loads[-1].get('ms')} ms")
    timed = [load["ms"] for load in loads if load.get("ms") is not None]
    transfers = [load["transfer_bytes"] for load in loads if load.get("transfer_bytes")]
    return {
        "runs": loads,
        "n": len(timed),
        "median_ms": _median(timed),
        "p90_ms": percentile(timed, 90),
        "transfer_bytes_median": statistics.median(transfers) if transfers else None,
        "longest_task_ms": max((load.get("longest_task_ms", 0.0) for load in loads), default=None),
        "errors": [load["error"] for load in loads if load.get("error")],
    }


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


def block(steps: list[dict]) -> dict:
    timed = [s["ms"] for s in steps if s["ms"] is not None]
    tasks = [task for s in steps for task in s["long_tasks_ms"]]
    script = [s["main_thread_ms"].get("ScriptDuration") for s in steps if s["main_thread_ms"].get("ScriptDuration")]
    # CPU time of the renderer's main thread (DevTools' TaskDuration in thread ticks): unlike
    # the wall-clock time it hardly depends on what else the machine runs.
    cpu = [s["main_thread_ms"].get("TaskDuration") for s in steps if s["main_thread_ms"].get("TaskDuration")]
    return {
        "n": len(timed),
        "errors": sum(1 for s in steps if s["error"]),
        "median_ms": _median(timed),
        "p90_ms": percentile(timed, 90),
        "min_ms": min(timed, default=None),
        "max_ms": max(timed, default=None),
        "ready_median_ms": _median([s["ready_ms"] for s in steps if s["ready_ms"] is not None]),
        "longest_task_ms": max(tasks, default=0.0),
        "long_tasks_over_200ms": sum(1 for task in tasks if task > LONGEST_TASK_MS),
        "script_ms_median": _median(script),
        "main_thread_cpu_ms_median": _median(cpu),
        "main_thread_cpu_ms_p90": percentile(cpu, 90),
        "nodes_median": _median([s["nodes"] for s in steps if s["nodes"]]),
        "store_updates_median": _median([s["store_updates"] for s in steps if s["store_updates"] is not None]),
    }


def summarise_dataset(figures: dict) -> None:
    """(Re)compute a dataset's summaries from its raw timed passes."""
    timed = [p["steps"] for p in figures["passes"]]
    figures["steps"] = summarise_steps([s for p in timed for s in p], timed)
    if figures["reference"].get("error"):
        figures["steps"]["errors"].insert(0, f"untimed pass: {figures['reference']['error']}")


def summarise(results: dict) -> None:
    """The summaries, targets and ratios of a results file, from its raw figures."""
    for figures in results["datasets"].values():
        summarise_dataset(figures)
    small, big = results["datasets"].get("shipped"), results["datasets"].get("big")
    results["targets"] = targets(small, big) if small else []
    if small and big:
        results["growth_big_over_shipped"] = growth(small["steps"], big["steps"])


def summarise_steps(steps: list[dict], passes: list[list[dict]] | None = None) -> dict:
    by_step = []
    for position, first in enumerate((passes or [[]])[0]):
        runs = [p[position] for p in passes if position < len(p)]
        by_step.append(
            {
                "label": first["label"],
                "kind": first["kind"],
                "ms": [run["ms"] for run in runs],
                "longest_task_ms": max(run["longest_task_ms"] for run in runs),
                "store_updates": [run["store_updates"] for run in runs],
            }
        )
    return {
        "overall": block(steps),
        "by_step": by_step,
        "by_kind": {kind: block([s for s in steps if s["kind"] == kind]) for kind in KINDS},
        "errors": [f"{s['label']}: {s['error']}" for s in steps if s["error"]],
    }


# --- CPU profiles ------------------------------------------------------------------------


def profile_click(base_url: str, label: str, output_dir: Path) -> dict:
    """A CPU profile of one wave click on the page as first loaded."""
    with Browser() as driver:
        page = Page(driver, base_url)
        reference = browser.record_reference(page, [PROFILED_STEP])
        page.open("/")
        result, profile = browser.profile_step(page, PROFILED_STEP, reference.states[0]["hash"])
    path = output_dir / f"interaction-{label}.cpuprofile"
    path.write_text(json.dumps(profile), encoding="utf-8")
    summary = browser.summarise_profile(profile)
    log(f"profile ({label}): {result.ms} ms under the profiler, written to {path}")
    return {"step": PROFILED_STEP.label, "timed": result.as_dict(), "file": _shown(path), **summary}


def _shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def profiles(env: dict, base_url: str | None, logs: Path, output_dir: Path) -> dict:
    if base_url:
        return {"url": profile_click(base_url, "url", output_dir)}
    results = {}
    for label, spec in (("dev-bundles", "benchmarks.dev_bundles_app:server"), ("prod-bundles", "app:server")):
        with GunicornServer(spec, env=env, log_path=logs / f"profile-{label}.log") as server:
            log(f"profile with {label} ({server.base_url})")
            results[label] = profile_click(server.base_url, label, output_dir)
    return results


# --- report ----------------------------------------------------------------------------


def _row(name: str, value, unit: str, limit: float, passed: bool | None) -> dict:
    ratio = None if value is None or not limit else round(value / limit, 2)
    return {"target": name, "value": value, "unit": unit, "limit": limit, "ratio": ratio, "pass": passed}


def growth(small: dict, big: dict) -> dict:
    """Median time on the large dataset over the shipped data's: all steps, each kind, and
    the kind that grows most."""

    def ratio(a: dict, b: dict) -> float | None:
        return round(b["median_ms"] / a["median_ms"], 2) if a["median_ms"] and b["median_ms"] else None

    by_kind = {kind: ratio(small["by_kind"][kind], big["by_kind"][kind]) for kind in small["by_kind"]}
    known = [value for value in by_kind.values() if value is not None]
    return {"all": ratio(small["overall"], big["overall"]), "by_kind": by_kind, "most": max(known, default=None)}


def targets(small: dict, big: dict | None) -> list[dict]:
    rows = []
    steps = small["steps"]
    for kind, figures in [("all steps", steps["overall"]), *steps["by_kind"].items()]:
        median, p90 = figures["median_ms"], figures["p90_ms"]
        rows.append(
            _row(
                f"selection change ({kind}), median ≤ {STEP_MEDIAN_MS:.0f} ms",
                median,
                "ms",
                STEP_MEDIAN_MS,
                None if median is None else median <= STEP_MEDIAN_MS,
            )
        )
        rows.append(
            _row(
                f"selection change ({kind}), p90 ≤ {STEP_P90_MS:.0f} ms",
                p90,
                "ms",
                STEP_P90_MS,
                None if p90 is None else p90 <= STEP_P90_MS,
            )
        )
    longest = steps["overall"]["longest_task_ms"]
    rows.append(
        _row(
            f"longest main-thread task in a selection change ≤ {LONGEST_TASK_MS:.0f} ms",
            longest,
            "ms",
            LONGEST_TASK_MS,
            longest <= LONGEST_TASK_MS,
        )
    )
    over = steps["overall"]["long_tasks_over_200ms"]
    rows.append(_row("tasks > 200 ms in selection changes = 0", over, "", 0, over == 0))
    failed = len(steps["errors"])
    rows.append(_row("steps that failed or never showed their state = 0", failed, "", 0, failed == 0))
    cold = small.get("cold_load")
    if cold:
        median = cold["median_ms"]
        rows.append(
            _row(
                f"cold load until every chart is drawn, median ≤ {COLD_LOAD_MEDIAN_MS / 1000:.1f} s",
                median,
                "ms",
                COLD_LOAD_MEDIAN_MS,
                None if median is None else median <= COLD_LOAD_MEDIAN_MS,
            )
        )
        wire = cold["transfer_bytes_median"]
        rows.append(
            _row(
                f"first load ≤ {FIRST_LOAD_MB} MB (Resource Timing; run.py has the exact figure)",
                None if wire is None else round(wire / MB, 3),
                "MB",
                FIRST_LOAD_MB,
                None if wire is None else wire <= FIRST_LOAD_MB * MB,
            )
        )
    if big:
        name = f"{big['rows']:,} rows" if big.get("rows") else "large dataset"
        ratios = growth(steps, big["steps"])
        for label, key in (("all steps, median", "all"), ("kind that grows most, median", "most")):
            ratio = ratios[key]
            rows.append(
                _row(
                    f"{name}: selection change ≤ {BIG_RATIO:.0f} × shipped data ({label})",
                    ratio,
                    "×",
                    BIG_RATIO,
                    None if ratio is None else ratio <= BIG_RATIO,
                )
            )
    return rows


def _fmt(value, unit: str) -> str:
    if value is None:
        return "–"
    if unit == "ms":
        return f"{value:,.0f} ms"
    return f"{value} {unit}".strip()


def dataset_label(key: str, figures: dict) -> str:
    return f"{figures['rows']:,} rows" if key == "big" and figures.get("rows") else key


def _count(value) -> str:
    return "–" if value is None else f"{value:,.0f}"


def table_lines(results: dict) -> list[str]:
    lines = [f"{'target':72} {'measured':>12} {'ratio':>7}  pass"] if results["targets"] else []
    for row in results["targets"]:
        ratio = "" if row["ratio"] is None else f"{row['ratio']:.2f}"
        passed = "–" if row["pass"] is None else ("yes" if row["pass"] else "NO")
        lines.append(f"{row['target']:72} {_fmt(row['value'], row['unit']):>12} {ratio:>7}  {passed}")
    for label, figures in results["datasets"].items():
        lines.append("")
        lines.append(
            f"[{label}] {'kind':12} {'n':>3} {'median':>9} {'p90':>9} {'max':>9} {'longest task':>13} "
            f"{'tasks>200':>10} {'CPU':>9} {'DOM nodes':>10} {'store updates':>14}"
        )
        by_kind = [*figures["steps"]["by_kind"].items(), ("all", figures["steps"]["overall"])]
        for kind, f in by_kind:
            lines.append(
                f"[{label}] {kind:12} {f['n']:>3} {_fmt(f['median_ms'], 'ms'):>9} {_fmt(f['p90_ms'], 'ms'):>9} "
                f"{_fmt(f['max_ms'], 'ms'):>9} {_fmt(f['longest_task_ms'], 'ms'):>13} "
                f"{f['long_tasks_over_200ms']:>10} {_fmt(f['main_thread_cpu_ms_median'], 'ms'):>9} "
                f"{_count(f['nodes_median']):>10} {_count(f['store_updates_median']):>14}"
            )
        for number, timed in enumerate(figures["passes"], 1):
            cpu = timed.get("cpu")
            if not cpu:
                continue
            lines.append(
                f"[{label}] pass {number}: other processes {cpu['other_processes_pct']} % of the CPU, "
                f"load average {cpu['loadavg_1min_before']}→{cpu['loadavg_1min_after']}"
            )
        cold = figures.get("cold_load")
        if cold:
            runs = ", ".join(_fmt(r.get("ms"), "ms") for r in cold["runs"])
            lines.append(f"[{label}] cold loads: {runs}; longest task {_fmt(cold['longest_task_ms'], 'ms')}")
        if figures["missing_ids"]:
            lines.append(f"[{label}] ids not found in the page: {', '.join(figures['missing_ids'])}")
        for error in figures["steps"]["errors"]:
            lines.append(f"[{label}] FAILED {error}")
    for label, summary in results.get("profile", {}).items():
        lines += ["", *profile_lines(label, summary)]
    return lines


def profile_lines(label: str, summary: dict, top: int = 25) -> list[str]:
    lines = [
        f"CPU profile, {label}: {summary['step']}, {_fmt(summary['timed']['ms'], 'ms')} under the profiler; "
        f"{summary['busy_ms']:,.0f} ms busy of {summary['sampled_ms']:,.0f} ms sampled ({summary['file']})",
        f"  {'self ms':>9} {'%':>5}  script",
    ]
    lines += [f"  {r['self_ms']:>9,.1f} {r['pct']:>5.1f}  {r['script']}" for r in summary["by_script"][:top]]
    lines.append(f"  {'self ms':>9} {'%':>5}  function (script:line)")
    lines += [
        f"  {r['self_ms']:>9,.1f} {r['pct']:>5.1f}  {r['function']} ({r['script']}:{r['line']})"
        for r in summary["by_function"][:top]
    ]
    return lines


def markdown(results: dict) -> str:
    lines = ["| target | measured | ratio to target | pass |", "|---|---:|---:|:---:|"]
    for row in results["targets"]:
        ratio = "" if row["ratio"] is None else f"{row['ratio']:.2f}"
        passed = "–" if row["pass"] is None else ("yes" if row["pass"] else "NO")
        lines.append(f"| {row['target']} | {_fmt(row['value'], row['unit'])} | {ratio} | {passed} |")
    lines += [
        "",
        "| data | kind of step | n | median | p90 | longest task | tasks > 200 ms | main-thread CPU, median |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for label, figures in results["datasets"].items():
        for kind, f in [*figures["steps"]["by_kind"].items(), ("all", figures["steps"]["overall"])]:
            lines.append(
                f"| {dataset_label(label, figures)} | {kind} | {f['n']} | {_fmt(f['median_ms'], 'ms')} | "
                f"{_fmt(f['p90_ms'], 'ms')} | {_fmt(f['longest_task_ms'], 'ms')} | {f['long_tasks_over_200ms']} | "
                f"{_fmt(f['main_thread_cpu_ms_median'], 'ms')} |"
            )
    shipped = results["datasets"]["shipped"]
    cold = shipped.get("cold_load")
    if cold:
        lines += [
            "",
            "Cold loads (shipped data): "
            + ", ".join(_fmt(r.get("ms"), "ms") for r in cold["runs"])
            + f"; longest task during a load {_fmt(cold['longest_task_ms'], 'ms')}.",
        ]
    lines += [
        "",
        "Each step of the walk, shipped data (time in each timed pass; Dash components in the layout and DOM nodes "
        "once the step is shown; notifications of Dash's store during the step):",
        "",
        "| step | kind | ms | longest task | Dash components | DOM nodes | store updates |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    reference = shipped["reference"]["steps"]
    for position, step in enumerate(shipped["steps"].get("by_step", [])):
        state = reference[position] if position < len(reference) else {}
        times = " / ".join(_count(ms) for ms in step["ms"])
        updates = " / ".join(_count(n) for n in step["store_updates"])
        lines.append(
            f"| {step['label']} | {step['kind']} | {times} | {_fmt(step['longest_task_ms'], 'ms')} | "
            f"{_count(state.get('dash_components'))} | {_count(state.get('dom_nodes'))} | {updates} |"
        )
    context = results["machine"]
    lines += [
        "",
        f"Run of {results['finished_at']} ({results['plan_name']}: {results['plan']['passes']} timed pass(es) of "
        f"{results['plan']['steps']} steps, {results['plan']['cold']} cold loads), {context['cpus']} × "
        f"{context['cpu_model']}, {context['chromium']}.",
    ]
    cpu = [
        (dataset_label(label, figures), p["cpu"])
        for label, figures in results["datasets"].items()
        for p in figures["passes"]
        if p.get("cpu")
    ]
    if cpu:
        lines.append(
            "Other processes during the timed passes: "
            + ", ".join(f"{c['other_processes_pct']} % ({label})" for label, c in cpu)
            + " of the machine's CPU (load average "
            + ", ".join(f"{c['loadavg_1min_before']}→{c['loadavg_1min_after']}" for _label, c in cpu)
            + ")."
        )
    return "\n".join(lines)


def write_docs(results: dict) -> None:
    text = PERFORMANCE_DOC.read_text(encoding="utf-8")
    start, end = text.index(DOC_START) + len(DOC_START), text.index(DOC_END)
    PERFORMANCE_DOC.write_text(text[:start] + "\n" + markdown(results) + "\n" + text[end:], encoding="utf-8")


# --- main ------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Fabriques Monitor: selection changes timed in headless Chromium")
    parser.add_argument("--quick", action="store_true", help="one timed pass, 3 cold loads")
    parser.add_argument("--rows", type=int, default=BIG_ROWS, help="rows of the synthetic dataset (0: none)")
    parser.add_argument("--url", help="measure this server instead of starting one (no synthetic dataset)")
    parser.add_argument("--big-url", help="with --url: a server on a large dataset, for the ratio")
    parser.add_argument("--steps", type=int, help=f"the first N of the {len(STEPS)} steps")
    parser.add_argument("--passes", type=int, help="timed passes per dataset")
    parser.add_argument("--cold", type=int, help="cold loads (fresh profiles)")
    parser.add_argument("--profile", action="store_true", help="also a CPU profile of one wave click")
    parser.add_argument("--profile-only", action="store_true", help="only the CPU profiles")
    parser.add_argument("--output", type=Path, default=RESULTS_DIR / "interaction.json")
    parser.add_argument("--write-docs", action="store_true", help="refresh the figures in docs/performance.md")
    parser.add_argument("--report", type=Path, help="measure nothing: print (and --write-docs) this results file")
    args = parser.parse_args(argv)
    if args.steps is not None and not 1 <= args.steps <= len(STEPS):
        parser.error(f"--steps: 1 to {len(STEPS)}")
    if args.big_url and not args.url:
        parser.error("--big-url goes with --url")
    return args


def report(results: dict, output: Path, write: bool) -> int:
    print()
    print("\n".join(table_lines(results)))
    print(f"\nJSON: {output}")
    if write and results["datasets"].get("shipped"):
        write_docs(results)
        print(f"figures written to {PERFORMANCE_DOC}")
    return 0 if all(row["pass"] is not False for row in results["targets"]) else 1


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.report:
        results = json.loads(args.report.read_text(encoding="utf-8"))
        summarise(results)
        return report(results, args.report, args.write_docs)
    base = QUICK if args.quick else FULL
    plan = Plan(
        passes=base.passes if args.passes is None else args.passes,
        cold=base.cold if args.cold is None else args.cold,
        steps=base.steps if args.steps is None else args.steps,
    )
    results: dict = {
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "plan_name": "quick" if args.quick else "full",
        "plan": plan.__dict__,
        "targets_ms": {
            "step_median": STEP_MEDIAN_MS,
            "step_p90": STEP_P90_MS,
            "longest_task": LONGEST_TASK_MS,
            "cold_load_median": COLD_LOAD_MEDIAN_MS,
        },
        "machine": machine(),
        "steps": [step.__dict__ for step in STEPS[: plan.steps]],
        "datasets": {},
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    with stop_on_sigterm(), tempfile.TemporaryDirectory(prefix="fabriques-interaction-") as workdir:
        workdir = Path(workdir)
        shipped_env = {"FABRIQUES_DATA": str(ROOT / "data" / "fabriques.csv")}
        if not args.profile_only:
            run_datasets(args, plan, results, shipped_env, workdir)
        if args.profile or args.profile_only:
            results["profile"] = profiles(shipped_env, args.url, workdir, args.output.parent)
    summarise(results)
    results["finished_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    args.output.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return report(results, args.output, args.write_docs)


def run_datasets(args: argparse.Namespace, plan: Plan, results: dict, shipped_env: dict, workdir: Path) -> None:
    if args.url:
        results["datasets"]["shipped"] = measure_server(args.url, plan, "shipped", plan.cold, None)
        if args.big_url:
            results["datasets"]["big"] = measure_server(args.big_url, plan, "big", 0, None)
            results["datasets"]["big"]["rows"] = None
        return
    with GunicornServer(env=shipped_env, log_path=workdir / "shipped-gunicorn.log") as server:
        log(f"shipped data: gunicorn up in {server.startup_s:.1f} s ({server.base_url})")
        results["datasets"]["shipped"] = measure_server(server.base_url, plan, "shipped", plan.cold, server.process.pid)
        server.check_alive()
    if args.rows <= 0:
        return
    log(f"synthetic dataset: {args.rows:,} rows")
    big_file = write_synthetic_csv(workdir / "synthetic.csv", args.rows)
    limit = str(int(big_file.stat().st_size / 2**20 * 2 + 50))
    big_env = {"FABRIQUES_DATA": str(big_file), "FABRIQUES_MAX_FILE_MB": limit}
    with GunicornServer(env=big_env, log_path=workdir / "big-gunicorn.log") as server:
        log(f"{args.rows:,} rows: gunicorn up in {server.startup_s:.1f} s ({server.base_url})")
        results["datasets"]["big"] = measure_server(server.base_url, plan, "big", 0, server.process.pid)
        results["datasets"]["big"]["rows"] = args.rows
        server.check_alive()


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
