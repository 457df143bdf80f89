"""Reliability load: 50 simulated managers for 60 s against gunicorn, on 127.0.0.1 only.

    python -m benchmarks.load                 # start the app, run, print, write docs/reliability.md
    python -m benchmarks.load --no-write-docs # print only

Starts the app under gunicorn as in production (2 workers, --preload, shipped data unless
FABRIQUES_DATA says otherwise) on a free loopback port. Each simulated manager loops
without pause over what a manager does, drawn at random with the weights below: load the
page (its static files cached, or now and then a first visit that fetches them all),
change a filter or drill (every server callback the app declares, with values drawn from
the layout's options), click a button, download a chart's data (every callback that feeds
a ``dcc.Download``, if the app has any). It stops by itself after the duration, stops the
server, prints requests, errors and latencies, and writes them to the "Charge" section of
``docs/reliability.md`` (other sections are left as they are).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

import psutil

from benchmarks import loadgen
from benchmarks.run import CpuWindow, log, machine, stop_on_sigterm
from benchmarks.server import ROOT, GunicornServer

RELIABILITY_DOC = ROOT / "docs" / "reliability.md"
SECTION_TITLE = "## Charge"
WEIGHTS = {"page": 10.0, "page_cold": 2.0, "filter": 70.0, "button": 8.0, "download": 10.0}
KIND_NAMES = {
    "page": "page (fichiers statiques en cache)",
    "page_cold": "page (première visite)",
    "filter": "filtre ou exploration",
    "button": "bouton",
    "download": "téléchargement",
}


def run(managers: int, duration_s: float, seed: int, data_file: Path | None) -> dict:
    env = {"FABRIQUES_DATA": str(data_file)} if data_file else {}
    with stop_on_sigterm(), GunicornServer(env=env) as server:
        log(f"gunicorn up in {server.startup_s:.2f} s ({server.base_url})")
        model = loadgen.discover(server.base_url)
        actions = loadgen.actions_of(model)
        kinds_by_name = {action.name: action.kind for action in actions}
        kinds = sorted({a.kind for a in actions if WEIGHTS.get(a.kind)})
        log(
            f"{managers} managers x {duration_s:.0f} s; actions: "
            + ", ".join(f"{kind} ({sum(a.kind == kind for a in actions)})" for kind in kinds)
        )
        with CpuWindow([psutil.Process(server.process.pid), psutil.Process()]) as window:
            result = loadgen.run_load(server.base_url, actions, WEIGHTS, managers, duration_s, seed=seed)
        server.check_alive()
        memory = server.memory()
    return {
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "managers": managers,
        "duration_s": duration_s,
        "data": str(data_file or "data/fabriques.csv"),
        "machine": machine(),
        "cpu": window.result,
        "memory": memory,
        "total": result.summary(),
        "by_kind": {
            kind: {
                **result.summary([kind]),
                "actions": sum(n for name, n in result.actions.items() if kinds_by_name.get(name) == kind),
            }
            for kind in result.by_kind
        },
        "actions": result.actions,
        "error_samples": result.error_samples,
        "callbacks": [f"{cb.kind}: {cb.name}" for cb in model.callbacks],
    }


def _ms(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}"


def section(results: dict) -> str:
    total, cpu, context = results["total"], results["cpu"], results["machine"]
    lines = [
        SECTION_TITLE,
        "",
        f"Charge bornée (`python -m benchmarks.load`, 127.0.0.1 uniquement, arrêt automatique) : "
        f"{results['managers']} gestionnaires simulés pendant {results['duration_s']:.0f} s, sans temps de pause, "
        f"contre gunicorn (2 workers, `--preload`), données `{Path(results['data']).name}`. Chaque gestionnaire "
        f"enchaîne au hasard les actions découvertes dans l'application (`/_dash-dependencies`, options des listes "
        f"de `/_dash-layout`). Une action (charger la page, changer un filtre…) compte une ou plusieurs "
        f"requêtes ; les latences sont celles des requêtes.",
        "",
        f"**{total['requests']} requêtes, {total['errors']} erreur(s)** ; latence p50 {_ms(total['p50_ms'])} ms, "
        f"p95 {_ms(total['p95_ms'])} ms, p99 {_ms(total['p99_ms'])} ms ({total['requests_per_s']} requêtes/s).",
        "",
        "| action | actions | requêtes | erreurs | p50 (ms) | p95 (ms) | max (ms) |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for kind, block in results["by_kind"].items():
        lines.append(
            f"| {KIND_NAMES.get(kind, kind)} | {block['actions']} | {block['requests']} | {block['errors']} | "
            f"{_ms(block['p50_ms'])} | {_ms(block['p95_ms'])} | {_ms(block['max_ms'])} |"
        )
    absent = [KIND_NAMES[k] for k in WEIGHTS if k not in results["by_kind"]]
    lines += ["", "Callbacks exercés : " + "; ".join(f"`{c}`" for c in results["callbacks"]) + "."]
    if absent:
        lines.append("Absents de l'application lors de cette mesure (donc non exercés) : " + ", ".join(absent) + ".")
    if results["error_samples"]:
        lines += ["", "Exemples d'erreurs : " + "; ".join(f"`{e}`" for e in results["error_samples"])]
    worker_rss = ", ".join(f"{worker['rss_mb']:.0f} Mo" for worker in results["memory"]["workers"])
    lines += [
        "",
        f"Mesuré le {results['finished_at'][:10]} sur {context['cpus']} × {context['cpu_model']} "
        f"({context['memory_gb']} Go), Python {context['python']}. Processeur occupé à {cpu['machine_busy_pct']} %, "
        f"dont {cpu['other_processes_pct']} % par d'autres processus que le banc et le serveur (charge moyenne "
        f"{cpu['loadavg_1min_before']} → {cpu['loadavg_1min_after']}). Mémoire résidente des workers après la "
        f"charge : {worker_rss}.",
        "",
    ]
    return "\n".join(lines)


def write_section(doc: Path, text: str) -> None:
    """Replace the "Charge" section of ``doc`` (or add it, or create the file); keep the rest."""
    if not doc.exists():
        doc.parent.mkdir(parents=True, exist_ok=True)
        doc.write_text("# Fiabilité\n\n" + text, encoding="utf-8")
        return
    lines = doc.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.rstrip() == SECTION_TITLE), None)
    if start is None:
        existing = "".join(lines)
        doc.write_text(existing.rstrip("\n") + "\n\n" + text, encoding="utf-8")
        return
    end = next(
        (i for i in range(start + 1, len(lines)) if lines[i].startswith("## ") or lines[i].startswith("# ")), len(lines)
    )
    after = "".join(lines[end:])
    doc.write_text("".join(lines[:start]) + text + ("\n" + after if after else ""), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Bounded reliability load on 127.0.0.1")
    parser.add_argument("--managers", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds")
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--output", type=Path, default=ROOT / "benchmarks" / "results" / "load.json")
    parser.add_argument("--no-write-docs", dest="write_docs", action="store_false")
    args = parser.parse_args(argv)
    data = os.environ.get("FABRIQUES_DATA")
    results = run(args.managers, args.duration, args.seed, Path(data) if data else None)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    text = section(results)
    print(text)
    if args.write_docs:
        write_section(RELIABILITY_DOC, text)
        print(f"written to {RELIABILITY_DOC}")
    return 0 if results["total"]["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
