"""The benchmark's load client: loopback only, bounded, and it posts what the app accepts."""

import random
import threading

import pytest
from werkzeug.serving import make_server

from benchmarks import loadgen
from dashboard.blocks import DOWNLOADABLE
from dashboard.web.app_factory import create_app


@pytest.mark.parametrize(
    "url",
    [
        "http://localhost:8050",
        "http://10.0.0.1:8050",
        "https://127.0.0.1:8050",
        "http://127.0.0.1",
        "http://127.0.0.1.example.org:80",
        "http://127.0.0.1:8050/x",
    ],
)
def test_refuses_anything_but_loopback(url):
    with pytest.raises(ValueError):
        loadgen.checked_base_url(url)
    with pytest.raises(ValueError):
        loadgen.run_load(url, [], {"filter": 1}, clients=1, duration_s=1)


def test_accepts_loopback():
    assert loadgen.checked_base_url("http://127.0.0.1:8050") == ("127.0.0.1", 8050)
    assert loadgen.checked_base_url("http://127.0.0.1:8050/") == ("127.0.0.1", 8050)


@pytest.mark.parametrize(
    "clients, duration", [(0, 1), (loadgen.MAX_CLIENTS + 1, 1), (1, 0), (1, loadgen.MAX_DURATION_S + 1)]
)
def test_refuses_unbounded_runs(clients, duration):
    with pytest.raises(ValueError):
        loadgen.run_load("http://127.0.0.1:8050", [], {"filter": 1}, clients=clients, duration_s=duration)


def model_of(app) -> loadgen.AppModel:
    client = app.server.test_client()
    return loadgen.AppModel.from_documents(
        client.get("/").get_data(as_text=True),
        client.get("/_dash-layout").get_json(),
        client.get("/_dash-dependencies").get_json(),
    )


def test_discovers_callbacks_and_static_files(small_dataset):
    model = model_of(create_app(small_dataset))
    assert {cb.kind for cb in model.callbacks} == {"filter", "download", "timer"}  # timer: the data banner
    assert any("wave-filter.value" in cb.name for cb in model.filters())
    assert any("01-plotly-custom.min.js" in path for path in model.static_paths)
    # The download buttons (CSV and XLSX of each downloadable block) are its inputs.
    (download,) = model.of_kind("download")
    assert len(download.inputs) == 2 * len(DOWNLOADABLE)


def test_a_download_callback_is_recognised():
    components = {
        "export": {"type": "Download", "namespace": "dash_core_components", "props": {"id": "export"}},
        "export-button": {"type": "Button", "props": {"id": "export-button", "n_clicks": None}},
    }
    dependencies = [
        {
            "output": "export.data",
            "inputs": [{"id": "export-button", "property": "n_clicks"}],
            "state": [],
            "prevent_initial_call": True,
        },
        {
            "output": "x.children",
            "inputs": [{"id": "export-button", "property": "n_clicks"}],
            "clientside_function": {"namespace": "ns", "function_name": "f"},
        },
        {"output": '{"index":1,"type":"row"}.children', "inputs": [{"id": '{"type":"row"}', "property": "value"}]},
    ]
    spec, row = loadgen.parse_callbacks(dependencies, components)
    assert spec.kind == "download" and row.kind == "filter"
    request = loadgen.callback_request(spec, components, random.Random(1))
    assert b'"export-button"' in request.body and b'"n_clicks"' in request.body


def test_every_generated_request_is_accepted(small_dataset):
    app = create_app(small_dataset)
    model = model_of(app)
    client = app.server.test_client()
    rng = random.Random(3)
    for profile in (loadgen.MANAGER_PROFILE, loadgen.WIDE_PROFILE):
        for action in loadgen.actions_of(model, profile):
            for _ in range(5):
                for request in action.build(rng):
                    response = client.open(
                        request.path,
                        method=request.method,
                        data=request.body,
                        content_type="application/json" if request.body else None,
                    )
                    assert response.status_code in loadgen.OK_STATUSES, (action.name, request.path)
                    if action.kind == "download" and response.status_code == 200:
                        assert b'"filename"' in response.data  # a file was sent back


def test_percentile():
    assert loadgen.percentile([], 95) is None
    assert loadgen.percentile([5.0], 95) == 5.0
    values = [float(v) for v in range(1, 101)]
    assert loadgen.percentile(values, 50) == 50.0
    assert loadgen.percentile(values, 95) == 95.0


def test_a_short_run_stops_by_itself_without_errors(small_dataset):
    server = make_server("127.0.0.1", 0, create_app(small_dataset).server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base_url = f"http://127.0.0.1:{server.server_port}"
        model = loadgen.discover(base_url)
        result = loadgen.run_load(
            base_url,
            loadgen.actions_of(model),
            {"page": 1, "filter": 3, "button": 1, "download": 1},
            clients=3,
            duration_s=1.0,
            seed=1,
        )
    finally:
        server.shutdown()
    assert result.requests > 0
    assert result.errors == 0, result.error_samples
    assert set(result.by_kind) <= {"page", "filter", "button", "download"}
    assert result.summary()["requests"] == result.requests
