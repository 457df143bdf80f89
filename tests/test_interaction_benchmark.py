"""The in-browser interaction benchmark (benchmarks/interaction.py): its pure parts, and
one tiny end-to-end run whose results must be well formed (the figures are not asserted:
today's page misses every target)."""

import json

import pytest

from benchmarks import browser, interaction
from benchmarks.browser import KINDS, StepFailed, script_name, summarise_profile, type_ahead_keys

OPTIONS = [
    ["", "", True],  # dbc.Select's hidden placeholder
    ["", "tous les départements", False],
    ["57", "57 – moselle (3)", False],
    ["67", "67 – bas-rhin (5)", False],
    ["68", "68 – haut-rhin (2)", False],
    ["88", "88 – vosges (1)", False],
]


def test_one_key_press_reaches_a_departement_when_it_is_the_first_of_its_letter():
    assert type_ahead_keys(OPTIONS, 0, "57") == "5"
    assert type_ahead_keys(OPTIONS, 0, "67") == "6"


def test_type_ahead_cycles_from_the_option_after_the_selection():
    assert type_ahead_keys(OPTIONS, 0, "68") == "66"  # 67, then 68: two changes
    assert type_ahead_keys(OPTIONS, 3, "68") == "6"  # from 67
    assert type_ahead_keys(OPTIONS, 4, "67") == "6"  # from 68 it wraps round to 67


def test_type_ahead_refuses_an_unknown_departement():
    with pytest.raises(StepFailed):
        type_ahead_keys(OPTIONS, 0, "2A")


def test_script_names_drop_dash_fingerprints():
    url = "http://127.0.0.1:8050/_dash-component-suites/dash/deps/react-dom@18.v4_4_1m1796311137.3.1.min.js"
    assert script_name(url) == "dash/deps/react-dom@18.3.1.min.js"
    assert script_name("http://x/assets/1-vendor/01-plotly-custom.min.js?m=123") == "1-vendor/01-plotly-custom.min.js"
    assert script_name("", "setAttribute") == "(browser: DOM and built-ins)"
    assert script_name("", "(garbage collector)") == "(garbage collector)"


def test_profile_summary_counts_self_time_per_script_and_function():
    def node(node_id, name, url, children=()):
        frame = {"functionName": name, "url": url, "lineNumber": 0, "columnNumber": 9}
        return {"id": node_id, "callFrame": frame, "children": list(children)}

    profile = {
        "nodes": [
            node(1, "(root)", "", [2, 3]),
            node(2, "(idle)", ""),
            node(3, "render", "http://h/_dash-component-suites/dash/dash-renderer/build/dash_renderer.min.js"),
        ],
        "startTime": 0,
        "endTime": 4000,
        # samples: idle, render, render, idle; each lasts the next delta
        "samples": [2, 3, 3, 2],
        "timeDeltas": [0, 1000, 2000, 1000],
    }
    summary = summarise_profile(profile)
    assert summary["sampled_ms"] == 4.0
    assert summary["busy_ms"] == 3.0
    assert summary["by_script"][0] == {
        "script": "dash/dash-renderer/build/dash_renderer.min.js",
        "self_ms": 3.0,
        "pct": 75.0,
    }
    assert summary["by_function"][0]["function"] == "render"
    assert summary["by_function"][0]["line"] == "1:10"


def test_the_walk_mixes_every_kind_and_never_repeats_a_step():
    steps = interaction.STEPS
    assert len(steps) >= 20
    assert {step.kind for step in steps} == set(KINDS)
    assert all(a != b for a, b in zip(steps, steps[1:], strict=False))


@pytest.mark.benchmark
@pytest.mark.browser
def test_a_tiny_run_writes_well_formed_results(tmp_path, capsys):
    output = tmp_path / "interaction.json"
    status = interaction.main(
        ["--steps", "3", "--passes", "1", "--cold", "1", "--rows", "2000", "--output", str(output)]
    )
    assert status in (0, 1)  # 1: a target missed, which is not this test's business

    results = json.loads(output.read_text(encoding="utf-8"))
    assert results["plan"] == {"passes": 1, "cold": 1, "steps": 3}
    assert set(results["datasets"]) == {"shipped", "big"}
    for label, dataset in results["datasets"].items():
        assert dataset["missing_ids"] == [], label
        assert dataset["reference"]["error"] is None, label
        assert len(dataset["reference"]["steps"]) == 3
        (timed_pass,) = dataset["passes"]
        assert [s["kind"] for s in timed_pass["steps"]] == ["wave", "region", "departement"]
        for step in timed_pass["steps"]:
            assert step["error"] is None, step
            assert step["ms"] > 0 and step["ready_ms"] <= step["ms"]
            assert step["start_event"] == "change"
        assert dataset["steps"]["overall"]["n"] == 3
        assert set(dataset["steps"]["by_kind"]) == set(KINDS)
    cold = results["datasets"]["shipped"]["cold_load"]
    assert cold["n"] == 1 and cold["median_ms"] > 0 and cold["transfer_bytes_median"] > 0
    assert results["datasets"]["big"]["rows"] == 2000
    names = [row["target"] for row in results["targets"]]
    assert any(name.startswith("selection change (all steps), median") for name in names)
    assert any(name.startswith("cold load") for name in names)
    assert any("2,000 rows" in name for name in names)
    for row in results["targets"]:
        assert set(row) == {"target", "value", "unit", "limit", "ratio", "pass"}
    printed = capsys.readouterr().out
    assert "selection change (all steps), median" in printed and str(output) in printed


def test_the_browser_helpers_list_ids_from_the_ids_module():
    from dashboard.presentation import ids

    assert browser.MAP_GRAPH == ids.MAP_GRAPH
    assert ids.KPI_ROW in browser.TEXT_IDS and ids.SITES_BODY in browser.TEXT_IDS
