"""A bounded HTTP load client for the dashboard, on 127.0.0.1 only.

Used by the performance benchmark (20 clients posting callbacks) and by the reliability
load (50 simulated managers loading the page, changing filters, downloading). What the
simulated users do is not hard-coded: it is discovered from the running app.

- ``/_dash-dependencies`` lists the server callbacks; ``/_dash-layout`` gives each
  component's type and props. A callback input that is a checklist, a select or a dropdown
  (any component with ``options``) gets values drawn from its options, a button's
  ``n_clicks`` a count; any other input keeps its value in the layout. Pattern-matching
  inputs (``ALL``) are sent as the browser does, one entry per matching component of the
  layout; for buttons such as the downloads one of them is clicked. A callback with an output on a ``dcc.Download`` is a
  *download*, one triggered only by clicks a *button*, every other one a *filter* change (a
  selection or a drill). New callbacks (the drill-down, the exports) are therefore exercised
  without editing this file.
- A *page* load is what the browser asks for once its static files are cached: the page,
  ``/_dash-layout``, ``/_dash-dependencies`` and the initial callbacks. A *cold page* load
  adds every script and stylesheet the page references.

Bounds: the base URL must be ``http://127.0.0.1:<port>`` (anything else is refused), each
run has a hard deadline after which no request starts, every request has a timeout, and
the threads are joined before ``run_load`` returns.
"""

from __future__ import annotations

import http.client
import json
import math
import random
import re
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

LOOPBACK = "127.0.0.1"
# What Chromium sends on http://127.0.0.1: the server picks its encoding from this.
BROWSER_ACCEPT_ENCODING = "gzip, deflate, br, zstd"
REQUEST_TIMEOUT_S = 30.0
MAX_CLIENTS = 200
MAX_DURATION_S = 600.0
# A callback answers 204 when it raises PreventUpdate: not an error.
OK_STATUSES = frozenset({200, 204, 304})


def checked_base_url(base_url: str) -> tuple[str, int]:
    """(host, port) of ``base_url``; refuses anything but plain HTTP on 127.0.0.1."""
    parts = urlsplit(base_url)
    if parts.scheme != "http" or parts.hostname != LOOPBACK or parts.port is None:
        raise ValueError(f"load is only generated against http://{LOOPBACK}:<port>, not {base_url!r}")
    if parts.path not in ("", "/"):
        raise ValueError(f"base URL must be the server root, not {base_url!r}")
    return LOOPBACK, parts.port


# --- what the app offers ------------------------------------------------------------


@dataclass(frozen=True)
class HttpRequest:
    method: str
    path: str
    body: bytes | None = None

    @classmethod
    def post_json(cls, path: str, payload: object) -> HttpRequest:
        return cls("POST", path, json.dumps(payload).encode("utf-8"))


@dataclass(frozen=True)
class CallbackSpec:
    """One server callback as /_dash-dependencies describes it."""

    output: str  # Dash's key: "id.prop" or "..id1.prop1...id2.prop2.."
    outputs: tuple[tuple[str, str], ...]
    inputs: tuple[tuple[str, str], ...]
    states: tuple[tuple[str, str], ...]
    prevent_initial_call: bool
    is_download: bool

    @property
    def kind(self) -> str:
        """ "download"; "button" when only clicks trigger it (e.g. the reset button, which
        then triggers the filter callbacks); "timer" when only a dcc.Interval does;
        otherwise "filter" (a selection or a drill)."""
        if self.is_download:
            return "download"
        if all(prop == "n_clicks" for _, prop in self.inputs):
            return "button"
        if all(prop == "n_intervals" for _, prop in self.inputs):
            return "timer"  # e.g. the data banner's polling: no user action
        return "filter"

    @property
    def name(self) -> str:
        return "+".join(f"{i}.{p}" for i, p in self.inputs) + " -> " + ",".join(i for i, _ in self.outputs)


@dataclass(frozen=True)
class AppModel:
    """The app as discovered over HTTP: its components by id and its server callbacks."""

    components: Mapping[str, dict]
    callbacks: tuple[CallbackSpec, ...]
    static_paths: tuple[str, ...]  # scripts and stylesheets the page references
    pattern_components: tuple[dict, ...] = ()  # components whose id is a dict

    @classmethod
    def from_documents(cls, index_html: str, layout: object, dependencies: list[dict]) -> AppModel:
        """The model from the page, ``/_dash-layout`` and ``/_dash-dependencies``."""
        components = components_by_id(layout)
        return cls(
            components,
            parse_callbacks(dependencies, components),
            static_paths_of(index_html),
            pattern_components_of(layout),
        )

    def request(
        self, spec: CallbackSpec, rng: random.Random | None, profile: SelectionProfile | None = None
    ) -> HttpRequest:
        """A request for ``spec`` as the browser would post it on this page."""
        return callback_request(
            spec, self.components, rng, profile or MANAGER_PROFILE, pattern_components=self.pattern_components
        )

    def of_kind(self, kind: str) -> list[CallbackSpec]:
        return [cb for cb in self.callbacks if cb.kind == kind]

    def filters(self) -> list[CallbackSpec]:
        return self.of_kind("filter")


def _walk_components(node: object) -> Iterable[dict]:
    if isinstance(node, dict):
        if "type" in node and "props" in node:
            yield node
            for value in node["props"].values():
                yield from _walk_components(value)
        else:
            for value in node.values():
                yield from _walk_components(value)
    elif isinstance(node, list):
        for item in node:
            yield from _walk_components(item)


def components_by_id(layout: object) -> dict[str, dict]:
    return {c["props"]["id"]: c for c in _walk_components(layout) if isinstance(c["props"].get("id"), str)}


def pattern_components_of(layout: object) -> tuple[dict, ...]:
    return tuple(c for c in _walk_components(layout) if isinstance(c["props"].get("id"), dict))


def stringify_id(component_id: object) -> str:
    """Dash's text form of an id (dict ids as sorted, compact JSON)."""
    if isinstance(component_id, dict):
        return json.dumps(component_id, sort_keys=True, separators=(",", ":"))
    return str(component_id)


def matching_components(pattern: str, pattern_components: Iterable[dict]) -> list[dict]:
    """Layout components whose dict id matches a pattern id such as
    '{"format":["ALL"],"target":["ALL"],"type":"download-button"}'."""
    wanted = json.loads(pattern)
    matches = []
    for component in pattern_components:
        component_id = component["props"]["id"]
        if set(component_id) == set(wanted) and all(
            value == ["ALL"] or component_id[key] == value for key, value in wanted.items()
        ):
            matches.append(component)
    return matches


def _split_output(output: str) -> tuple[tuple[str, str], ...]:
    keys = output[2:-2].split("...") if output.startswith("..") else [output]
    return tuple(tuple(key.rsplit(".", 1)) for key in keys)  # type: ignore[misc]


def _is_pattern_id(component_id: str) -> bool:
    return component_id.startswith("{")


def parse_callbacks(dependencies: list[dict], components: Mapping[str, dict]) -> tuple[CallbackSpec, ...]:
    specs = []
    for dep in dependencies:
        if dep.get("clientside_function") or not dep.get("output"):
            continue  # clientside: runs in the browser, never posted
        outputs = _split_output(dep["output"])
        inputs = tuple((i["id"], i["property"]) for i in dep.get("inputs", []))
        states = tuple((s["id"], s["property"]) for s in dep.get("state", []))
        is_download = any(components.get(i, {}).get("type") == "Download" and prop == "data" for i, prop in outputs)
        specs.append(
            CallbackSpec(dep["output"], outputs, inputs, states, bool(dep.get("prevent_initial_call")), is_download)
        )
    return tuple(specs)


_STATIC_REF = re.compile(r'<(?:script|link)\b[^>]*?\b(?:src|href)="(/[^"]+)"')


def static_paths_of(index_html: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(path for path in _STATIC_REF.findall(index_html)))


# --- input values -------------------------------------------------------------------


def _option_values(options: object) -> list:
    if isinstance(options, dict):
        return list(options)
    values = []
    for option in options or []:
        if isinstance(option, dict):
            if not option.get("disabled"):
                values.append(option.get("value"))
        else:
            values.append(option)
    return values


@dataclass(frozen=True)
class SelectionProfile:
    """How many options a simulated user picks in a multi-select, with their weights."""

    name: str
    sizes: tuple[int, ...]
    weights: tuple[float, ...]

    def size(self, rng: random.Random, available: int) -> int:
        return min(rng.choices(self.sizes, self.weights)[0], available)


# A manager looks at everything, one wave or région, or compares two.
MANAGER_PROFILE = SelectionProfile("manager", (0, 1, 2), (0.3, 0.5, 0.2))
# Any subset at all: nearly every request is a selection never seen before.
WIDE_PROFILE = SelectionProfile("wide", tuple(range(0, 13)), tuple([1.0] * 13))


def input_value(component: dict | None, prop: str, rng: random.Random, profile: SelectionProfile) -> object:
    """A value the browser could send for ``component.prop``."""
    props = (component or {}).get("props", {})
    if prop == "n_clicks":
        return rng.randint(1, 50)
    options = _option_values(props.get("options"))
    if prop == "value" and options:
        multi = props.get("multi") or (component or {}).get("type") == "Checklist"
        if multi:
            return rng.sample(options, profile.size(rng, len(options)))
        return rng.choice(options)
    return props.get(prop)


def callback_request(
    spec: CallbackSpec,
    components: Mapping[str, dict],
    rng: random.Random | None,
    profile: SelectionProfile = MANAGER_PROFILE,
    path: str = "/_dash-update-component",
    pattern_components: tuple[dict, ...] = (),
) -> HttpRequest:
    """The POST the renderer makes for ``spec``: random valid inputs, or the layout's values
    if rng is None (the page's initial calls)."""
    changed: list[str] = []

    def value(component_id: str, prop: str, generate: bool) -> object:
        component = components.get(component_id)
        if generate and rng is not None and (component or {}).get("props", {}).get("options") is not None:
            changed.append(f"{component_id}.{prop}")
        if generate and rng is not None:
            return input_value(component, prop, rng, profile)
        return (component or {}).get("props", {}).get(prop)

    def pattern_items(pattern: str, prop: str, with_values: bool, click: bool) -> list[dict]:
        matches = matching_components(pattern, pattern_components)
        items = [{"id": c["props"]["id"], "property": prop} for c in matches]
        if with_values:
            for item, component in zip(items, matches):
                item["value"] = component["props"].get(prop)
            if click and items and rng is not None:
                clicked = rng.choice(items)
                clicked["value"] = rng.randint(1, 50)
                changed.append(f"{stringify_id(clicked['id'])}.{prop}")
        return items

    def inputs_of(specs, generate: bool) -> list:
        items = []
        for component_id, prop in specs:
            if _is_pattern_id(component_id):
                items.append(pattern_items(component_id, prop, True, generate and prop == "n_clicks"))
            else:
                items.append({"id": component_id, "property": prop, "value": value(component_id, prop, generate)})
        return items

    outputs = [
        pattern_items(i, p, False, False) if _is_pattern_id(i) else {"id": i, "property": p} for i, p in spec.outputs
    ]
    payload = {
        "output": spec.output,
        "outputs": outputs if spec.output.startswith("..") else outputs[0],
        "inputs": inputs_of(spec.inputs, True),
    }
    if spec.states:
        payload["state"] = inputs_of(spec.states, False)
    # The browser names the input that changed; the page's initial calls name none.
    if rng is None:
        payload["changedPropIds"] = []
    else:
        payload["changedPropIds"] = [rng.choice(changed)] if changed else [f"{i}.{p}" for i, p in spec.inputs[:1]]
    return HttpRequest.post_json(path, payload)


# --- actions ------------------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    """Something a user does: one or more requests, built afresh each time."""

    kind: str  # "page", "page_cold", "filter", "button", "download"
    name: str
    build: Callable[[random.Random], list[HttpRequest]]


def page_requests(model: AppModel, with_static: bool) -> list[HttpRequest]:
    requests = [HttpRequest("GET", "/")]
    if with_static:
        requests += [HttpRequest("GET", path) for path in model.static_paths]
    requests += [HttpRequest("GET", "/_dash-layout"), HttpRequest("GET", "/_dash-dependencies")]
    requests += [
        model.request(cb, None) for cb in model.callbacks if not cb.prevent_initial_call and not cb.is_download
    ]
    return requests


def actions_of(model: AppModel, profile: SelectionProfile = MANAGER_PROFILE) -> list[Action]:
    actions = [
        Action("page", "page (static files cached)", lambda rng: page_requests(model, with_static=False)),
        Action("page_cold", "page (first visit)", lambda rng: page_requests(model, with_static=True)),
    ]
    for cb in model.callbacks:
        actions.append(Action(cb.kind, cb.name, lambda rng, cb=cb: [model.request(cb, rng, profile)]))
    return actions


# --- HTTP ---------------------------------------------------------------------------


class LoopbackClient:
    """One keep-alive connection to the server (reopened when the server closes it)."""

    def __init__(self, base_url: str, timeout: float = REQUEST_TIMEOUT_S):
        self.host, self.port = checked_base_url(base_url)
        self.timeout = timeout
        self._connection: http.client.HTTPConnection | None = None

    def send(
        self, request: HttpRequest, accept_encoding: str = BROWSER_ACCEPT_ENCODING
    ) -> tuple[int, bytes, dict[str, str]]:
        headers = {"Accept-Encoding": accept_encoding}
        if request.body is not None:
            headers["Content-Type"] = "application/json"
        for attempt in (1, 2):
            if self._connection is None:
                self._connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            try:
                self._connection.request(request.method, request.path, body=request.body, headers=headers)
                response = self._connection.getresponse()
                body = response.read()
                if response.will_close:
                    self.close()
                return response.status, body, {k.lower(): v for k, v in response.getheaders()}
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                # A kept-alive connection the server had already closed: retry once, fresh.
                self.close()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def get_json(self, path: str) -> object:
        status, body, _ = self.send(HttpRequest("GET", path), accept_encoding="identity")
        if status != 200:
            raise RuntimeError(f"GET {path}: HTTP {status}")
        return json.loads(body)

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def discover(base_url: str) -> AppModel:
    client = LoopbackClient(base_url)
    try:
        status, index, _ = client.send(HttpRequest("GET", "/"), accept_encoding="identity")
        if status != 200:
            raise RuntimeError(f"GET /: HTTP {status}")
        layout = client.get_json("/_dash-layout")
        dependencies = client.get_json("/_dash-dependencies")
    finally:
        client.close()
    return AppModel.from_documents(index.decode("utf-8"), layout, dependencies)


# --- the run ------------------------------------------------------------------------


@dataclass
class KindStats:
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    bytes_received: int = 0


@dataclass
class LoadResult:
    clients: int
    duration_s: float  # the planned duration: requests start only within it
    elapsed_s: float  # until the last in-flight request ended
    by_kind: dict[str, KindStats]
    actions: dict[str, int]
    error_samples: list[str]

    @property
    def requests(self) -> int:
        return sum(len(s.latencies_ms) for s in self.by_kind.values())

    @property
    def errors(self) -> int:
        return sum(s.errors for s in self.by_kind.values())

    def latencies(self, kinds: Iterable[str] | None = None) -> list[float]:
        chosen = self.by_kind if kinds is None else {k: self.by_kind[k] for k in kinds if k in self.by_kind}
        return [ms for s in chosen.values() for ms in s.latencies_ms]

    def summary(self, kinds: Iterable[str] | None = None) -> dict:
        latencies = self.latencies(kinds)
        kinds = list(self.by_kind if kinds is None else kinds)
        return {
            "clients": self.clients,
            "duration_s": round(self.duration_s, 2),
            "elapsed_s": round(self.elapsed_s, 2),
            "requests": len(latencies),
            "errors": sum(self.by_kind[k].errors for k in kinds if k in self.by_kind),
            "requests_per_s": round(len(latencies) / self.elapsed_s, 1) if self.elapsed_s else 0.0,
            "p50_ms": percentile(latencies, 50),
            "p95_ms": percentile(latencies, 95),
            "p99_ms": percentile(latencies, 99),
            "max_ms": round(max(latencies), 2) if latencies else None,
        }


def percentile(values: list[float], q: float) -> float | None:
    """The q-th percentile (nearest rank), or None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(q / 100 * len(ordered))))
    return round(ordered[rank - 1], 2)


def run_load(
    base_url: str, actions: list[Action], weights: Mapping[str, float], clients: int, duration_s: float, seed: int = 0
) -> LoadResult:
    """``clients`` threads repeat actions (drawn by kind with ``weights``) for ``duration_s``.

    Closed loop, no think time: each client sends its next request as soon as the previous
    one is answered. No request starts after the deadline; the threads are joined.
    """
    checked_base_url(base_url)
    if not 1 <= clients <= MAX_CLIENTS or not 0 < duration_s <= MAX_DURATION_S:
        raise ValueError(f"clients must be 1..{MAX_CLIENTS} and duration 0..{MAX_DURATION_S} s")
    by_kind_actions: dict[str, list[Action]] = {}
    for action in actions:
        if weights.get(action.kind, 0) > 0:
            by_kind_actions.setdefault(action.kind, []).append(action)
    if not by_kind_actions:
        raise ValueError("no action to run with these weights")
    kinds = list(by_kind_actions)
    kind_weights = [weights[k] for k in kinds]

    lock = threading.Lock()
    stats = {kind: KindStats() for kind in kinds}
    action_counts: dict[str, int] = {}
    error_samples: list[str] = []
    start = time.perf_counter()
    deadline = start + duration_s

    def record(kind: str, latency_ms: float, ok: bool, size: int, detail: str) -> None:
        with lock:
            entry = stats[kind]
            entry.latencies_ms.append(latency_ms)
            entry.bytes_received += size
            if not ok:
                entry.errors += 1
                if len(error_samples) < 10:
                    error_samples.append(detail)

    def client_loop(index: int) -> None:
        rng = random.Random(seed * 1000 + index)
        client = LoopbackClient(base_url, timeout=REQUEST_TIMEOUT_S)
        try:
            while time.perf_counter() < deadline:
                kind = rng.choices(kinds, kind_weights)[0]
                action = rng.choice(by_kind_actions[kind])
                with lock:
                    action_counts[action.name] = action_counts.get(action.name, 0) + 1
                for request in action.build(rng):
                    if time.perf_counter() >= deadline:
                        break
                    began = time.perf_counter()
                    try:
                        status, body, _ = client.send(request)
                        ok, detail = status in OK_STATUSES, f"{request.method} {request.path}: HTTP {status}"
                        size = len(body)
                    except (OSError, http.client.HTTPException) as error:
                        ok, detail, size = False, f"{request.method} {request.path}: {error!r}", 0
                        client.close()
                    record(kind, (time.perf_counter() - began) * 1000, ok, size, detail)
        finally:
            client.close()

    threads = [threading.Thread(target=client_loop, args=(i,), name=f"load-{i}", daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(0.0, deadline - time.perf_counter()) + REQUEST_TIMEOUT_S + 5)
    elapsed = time.perf_counter() - start
    if any(thread.is_alive() for thread in threads):
        error_samples.append("some clients were still waiting for a response after the deadline")
    return LoadResult(clients, duration_s, elapsed, stats, action_counts, error_samples)
