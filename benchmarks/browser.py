"""The dashboard in a real browser: start Chromium, drive it with real input events, and
time, in the page, how long the page takes to show what a selection must show.

Shared by ``benchmarks/interaction.py`` (the benchmark) and
``tests/test_interaction_speed.py`` (the guard against a slow page coming back).

How one step is timed
- The instrumentation (``INSTRUMENT_JS``) is in the page from the start of every document
  (``Page.addScriptToEvaluateOnNewDocument``; ``Page.install`` adds it to a page already
  open). Capture-phase listeners record ``event.timeStamp`` of every trusted pointerdown,
  mousedown, keydown, click, input and change; a ``PerformanceObserver`` (``longtask``,
  ``buffered``) records the long tasks; ``fetch`` and ``XMLHttpRequest`` count the requests
  in flight.
- Before the input, ``arm(expected)`` starts an in-page ``requestAnimationFrame`` loop.
  Selenium then sends the input (``ActionChains``: pointer and keyboard events through
  chromedriver, never a value set by script) and waits for the loop's promise
  (``execute_async_script``), so none of Selenium's round trips is counted.
- The step starts at the ``timeStamp`` of the last recorded user event (the ``change`` of
  a checkbox or of the select after the key press; the ``click`` of a breadcrumb button or
  on the map, which fire no change) and ends in the page, with ``performance.now()``, at the second
  animation frame after the frame where (a) the page state equals the one this selection
  must show, recorded beforehand in an untimed pass, and (b) nothing is pending: no element
  with ``data-dash-is-loading="true"``, no request in flight, no callback in Dash's store
  (``window.store``, when there is one) and no plotly.js promise (a map waiting for its
  boundaries) outstanding.
- The page state is a fingerprint: for each plotly graph, its traces' x, y, z, locations
  and text (``gd.data``), and the text of the KPI row, the selection summary, every chart
  summary, the breadcrumb and the sites count and table body. Ids the page does not have are
  listed, not fatal: the page is being rewritten.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

from selenium import webdriver
from selenium.common.exceptions import JavascriptException, TimeoutException, WebDriverException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains

from dashboard.blocks import BLOCKS
from dashboard.presentation import ids as _ids

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
# The browser: Debian's Chromium, new headless mode, no GPU, 1400 x 1000, and the
# flags of benchmarks/page_weight.py that keep Chromium from talking to the internet.
CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1400,1000",
)


def _id(name: str, default: str) -> str:
    """An id from ``dashboard.presentation.ids``, or its last known value if the module
    no longer defines it (the page is being rewritten)."""
    value = getattr(_ids, name, None)
    return value if isinstance(value, str) else default


# --- what the page must show: the ids of the fingerprint --------------------------------

WAVE_FILTER = _id("WAVE_FILTER", "wave-filter")
REGION_FILTER = _id("REGION_FILTER", "region-filter")
DEPARTEMENT_FILTER = _id("DEPARTEMENT_FILTER", "departement-filter")
BREADCRUMB = _id("BREADCRUMB", "breadcrumb")
MAP_GRAPH = _id("MAP_GRAPH", "map-graph")
# Every graph and every summary sentence of the blocks of the registry (the map, the
# analysis shown beside it, …).
_OUTPUTS = [prop for block in BLOCKS for prop in block.outputs().values()]
GRAPH_IDS = tuple(component for component, prop in _OUTPUTS if prop == "figure")
TEXT_IDS = tuple(
    dict.fromkeys(
        (
            _ids.KPI_ROW,
            _ids.SELECTION_SUMMARY,
            *(component for component, prop in _OUTPUTS if component.endswith("-summary") and prop == "children"),
            BREADCRUMB,
            _ids.SITES_COUNT,
            _ids.SITES_TABLE,
        )
    )
)
TRACE_KEYS = ("type", "x", "y", "z", "locations", "text")

STEP_TIMEOUT_S = 60.0
SETTLE_QUIET_S = 1.0  # the untimed pass: nothing changes and nothing is pending for this long
SETTLE_TIMEOUT_S = 120.0

# --- the in-page instrumentation ---------------------------------------------------------

INSTRUMENT_JS = r"""
(() => {
  if (window.__bench) return;
  const CONFIG = __CONFIG__;
  const bench = window.__bench = {inputs: [], longTasks: [], inFlight: 0, longTaskError: null, config: CONFIG};

  const record = (event) => {
    if (!event.isTrusted) return;
    bench.inputs.push([event.type, event.timeStamp]);
    if (bench.inputs.length > 200) bench.inputs.splice(0, 100);
  };
  // click too: a button or the map fires no change, its click is when the page reacts.
  for (const type of ['pointerdown', 'mousedown', 'keydown', 'click', 'input', 'change']) {
    window.addEventListener(type, record, {capture: true, passive: true});
  }
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) bench.longTasks.push([entry.startTime, entry.duration]);
    }).observe({type: 'longtask', buffered: true});
  } catch (error) {
    bench.longTaskError = String(error);
  }

  // Requests in flight: Dash's callbacks (fetch), plotly.js's boundaries (d3: XHR or fetch).
  const done = () => { bench.inFlight = Math.max(0, bench.inFlight - 1); };
  if (window.fetch) {
    const originalFetch = window.fetch;
    window.fetch = function (...args) {
      bench.inFlight += 1;
      const promise = originalFetch.apply(this, args);
      promise.then(done, done);
      return promise;
    };
  }
  if (window.XMLHttpRequest) {
    const originalSend = XMLHttpRequest.prototype.send;
    XMLHttpRequest.prototype.send = function (...args) {
      bench.inFlight += 1;
      this.addEventListener('loadend', done, {once: true});
      return originalSend.apply(this, args);
    };
  }

  // cyrb53: a 53-bit string hash, plenty to tell page states apart.
  const hash = (text) => {
    let h1 = 0xdeadbeef, h2 = 0x41c6ce57;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 2654435761);
      h2 = Math.imul(h2 ^ c, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
  };
  const plain = (value) => {
    if (value === undefined || value === null) return null;
    if (ArrayBuffer.isView(value)) return Array.from(value);
    if (Array.isArray(value)) return value.map(plain);
    if (typeof value === 'object' && 'bdata' in value) return value.bdata;  // plotly's typed-array spec
    return value;
  };
  const squash = (text) => (text || '').replace(/\s+/g, ' ').trim();

  const graphKey = (gd, index) => {
    const host = gd.parentElement && gd.parentElement.closest('[id]');
    return host ? host.id : `graph-${index}`;
  };
  // Drawn: laid out, an SVG, and no plotly.js promise pending (a map waits for its
  // base map and boundaries through gd._promises).
  const drawn = (gd) => !!(gd._fullLayout && gd.querySelector('.main-svg') && !(gd._promises && gd._promises.length));

  // The page state: {hash, parts: {key: hash}, preview: {key: text}, missing: [ids]}.
  bench.state = (withPreview) => {
    const parts = {}, preview = {}, missing = [];
    const graphs = {};
    [...document.querySelectorAll('.js-plotly-plot')].forEach((gd, index) => {
      const traces = (gd.data || []).map((trace) => CONFIG.traceKeys.map((key) => plain(trace[key])));
      const text = JSON.stringify(traces);
      graphs[graphKey(gd, index)] = [hash(text), traces.length, drawn(gd), text.length];
    });
    for (const id of CONFIG.graphs) {
      if (!(id in graphs)) missing.push(id);
    }
    for (const key of Object.keys(graphs).sort()) {
      parts['graph:' + key] = graphs[key].join(':');
      if (withPreview) preview['graph:' + key] = `${graphs[key][1]} traces, ${graphs[key][3]} chars of data`;
    }
    for (const id of CONFIG.texts) {
      const element = document.getElementById(id);
      if (!element) { missing.push(id); continue; }
      const text = squash(element.textContent);
      parts['text:' + id] = hash(text);
      if (withPreview) preview['text:' + id] = text.length > 160 ? text.slice(0, 157) + '…' : text;
    }
    const result = {hash: hash(JSON.stringify(parts)), parts, preview, missing};
    if (withPreview) {
      result.components = bench.components();
      result.nodes = document.getElementsByTagName('*').length;
    }
    return result;
  };

  bench.pending = () => {
    const loading = document.querySelectorAll('[data-dash-is-loading="true"]').length;
    let callbacks = 0, storeLoading = false;
    try {
      const state = window.store && window.store.getState && window.store.getState();
      if (state && state.callbacks) {
        for (const key of ['requested', 'prioritized', 'blocked', 'executing', 'watched', 'executed', 'stored']) {
          const list = state.callbacks[key];
          if (Array.isArray(list)) callbacks += list.length;
        }
      }
      storeLoading = !!(state && state.isLoading === true);
    } catch (error) { /* no Dash store: the other signals remain */ }
    const plotting = [...document.querySelectorAll('.js-plotly-plot')].filter((gd) => gd._promises && gd._promises.length).length;
    return {loading, callbacks, storeLoading, inFlight: bench.inFlight, plotting,
            busy: loading > 0 || callbacks > 0 || storeLoading || bench.inFlight > 0 || plotting > 0};
  };

  // Diagnostics: how many times Dash's store notified its subscribers (every component
  // re-runs its selectors on each), and how many Dash components the layout holds.
  bench.storeUpdates = 0;
  bench.hookStore = () => {
    const store = window.store;
    if (!store || !store.subscribe || store.__benchHooked) return;
    store.subscribe(() => { bench.storeUpdates += 1; });
    store.__benchHooked = true;
  };
  bench.components = () => {
    const state = window.store && window.store.getState && window.store.getState();
    if (!state || !state.layout) return null;
    let count = 0;
    const stack = [state.layout.components || state.layout];  // Dash 4: {components: root}
    while (stack.length) {
      const node = stack.pop();
      if (Array.isArray(node)) { stack.push(...node); continue; }
      if (node && typeof node === 'object' && node.type && node.namespace) {
        count += 1;
        for (const value of Object.values(node.props || {})) {
          if (value && typeof value === 'object') stack.push(value);
        }
      }
    }
    return count;
  };

  // Dash's development bundle composes its store with the Redux DevTools' hook when the
  // page defines one: ours counts the actions by type (the production bundle ignores it).
  bench.actions = null;
  if (!window.__REDUX_DEVTOOLS_EXTENSION_COMPOSE__) {
    window.__REDUX_DEVTOOLS_EXTENSION_COMPOSE__ = () => (enhancer) => (createStore) =>
      enhancer((...args) => {
        const store = createStore(...args);
        const dispatch = store.dispatch;
        bench.actions = {};
        store.dispatch = (action) => {
          const type = (action && action.type) || '?';
          bench.actions[type] = (bench.actions[type] || 0) + 1;
          return dispatch(action);
        };
        return store;
      });
  }

  bench.lastInput = () => (bench.inputs.length ? bench.inputs[bench.inputs.length - 1] : null);

  // Wait, in the page, for the state whose hash is `expected`. The step starts at the last
  // user event recorded after arming (or at navigation start: 0); it ends two animation
  // frames after the first frame where the state matched and nothing was pending.
  bench.arm = (expected, timeoutMs, fromNavigation) => {
    bench.inputs = [];
    bench.hookStore();
    bench.storeUpdates = 0;
    if (bench.actions) bench.actions = {};
    const armedAt = performance.now();
    let frames = 0, checks = 0;
    bench.result = null;
    bench.done = new Promise((resolve) => {
      const finish = (result) => { bench.result = result; resolve(result); };
      const started = () => {
        if (fromNavigation) return {type: 'navigation', time: 0, first: 0};
        const last = bench.lastInput();
        return last ? {type: last[0], time: last[1], first: bench.inputs[0][1]} : null;
      };
      const tick = () => {
        frames += 1;
        const now = performance.now();
        if (now - armedAt > timeoutMs) {
          finish({timeout: true, start: started(), pending: bench.pending(), state: bench.state(true), frames, checks});
          return;
        }
        const start = started();
        if (!start || bench.pending().busy) { requestAnimationFrame(tick); return; }
        checks += 1;
        const state = bench.state(false);
        if (state.hash !== expected) { requestAnimationFrame(tick); return; }
        const ready = performance.now();
        requestAnimationFrame(() => requestAnimationFrame(() => {
          const end = performance.now();
          if (!bench.pending().busy && bench.state(false).hash === expected) {
            finish({timeout: false, start, ready, end, frames, checks, missing: state.missing});
          } else {
            requestAnimationFrame(tick);
          }
        }));
      };
      requestAnimationFrame(tick);
    });
    return true;
  };
})();
"""


def instrument_js() -> str:
    config = {"graphs": list(GRAPH_IDS), "texts": list(TEXT_IDS), "traceKeys": list(TRACE_KEYS)}
    return INSTRUMENT_JS.replace("__CONFIG__", json.dumps(config))


# Called with (expected hash, timeout in ms, from navigation start): arm at document start.
ARM_ON_LOAD_JS = """
(() => {
  const arm = () => window.__bench.arm(__EXPECTED__, __TIMEOUT__, true);
  if (window.__bench) arm();
})();
"""

WAIT_JS = """
const callback = arguments[arguments.length - 1];
const bench = window.__bench;
if (!bench || !bench.done) { callback({error: 'not armed'}); return; }
bench.done.then((result) => {
  const end = result.end !== undefined ? result.end : performance.now();
  const from = result.start ? result.start.time : 0;
  // Long tasks that overlap the step (the input's own task starts before its event).
  result.longTasks = bench.longTasks.filter(([start, duration]) => start + duration > from && start < end);
  result.nodes = document.getElementsByTagName('*').length;
  result.storeUpdates = bench.storeUpdates;
  result.actions = bench.actions;
  callback(result);
});
"""

# --- Chromium --------------------------------------------------------------------------


def chromium_options(profile_dir: str | None = None) -> Options:
    options = Options()
    options.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    if profile_dir:
        options.add_argument(f"--user-data-dir={profile_dir}")
    return options


class Browser:
    """A Chromium in a fresh profile (a temporary ``--user-data-dir``), closed on exit."""

    def __init__(self) -> None:
        self.profile_dir = tempfile.mkdtemp(prefix="fabriques-interaction-")
        self.driver: webdriver.Chrome | None = None

    def __enter__(self) -> webdriver.Chrome:
        try:
            self.driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=chromium_options(self.profile_dir))
        except BaseException:
            shutil.rmtree(self.profile_dir, ignore_errors=True)
            raise
        return self.driver

    def __exit__(self, *exc_info) -> None:
        try:
            if self.driver is not None:
                self.driver.quit()
        finally:
            shutil.rmtree(self.profile_dir, ignore_errors=True)


def browser_pids(driver: webdriver.Chrome) -> list[int]:
    """chromedriver's pid (Chromium runs as its children), for CPU accounting."""
    process = getattr(getattr(driver, "service", None), "process", None)
    return [process.pid] if process is not None else []


# --- steps -----------------------------------------------------------------------------

KINDS = ("wave", "region", "departement", "map", "breadcrumb")


@dataclass(frozen=True)
class Step:
    """One user action. ``target``: a wave or région code for a checkbox, a département
    code for the select or the map, a breadcrumb item's visible text (its start)."""

    kind: str
    target: str
    label: str


@dataclass
class StepTime:
    step: Step
    ms: float | None  # from the input event to the end (two frames after the state matched)
    ready_ms: float | None = None  # from the input event to the first frame where the state matched
    input_spread_ms: float | None = None  # first recorded event of the gesture -> the last (the start)
    start_event: str | None = None
    long_tasks_ms: list[float] = field(default_factory=list)
    nodes: int | None = None
    store_updates: int | None = None  # notifications of Dash's store during the step
    actions: dict[str, int] | None = None  # Redux actions by type (Dash's development bundle only)
    metrics_ms: dict[str, float] = field(default_factory=dict)  # CDP Performance.getMetrics deltas
    keys: str | None = None
    error: str | None = None

    def as_dict(self) -> dict:
        return {
            "kind": self.step.kind,
            "target": self.step.target,
            "label": self.step.label,
            "ms": self.ms,
            "ready_ms": self.ready_ms,
            "input_spread_ms": self.input_spread_ms,
            "start_event": self.start_event,
            "long_tasks_ms": self.long_tasks_ms,
            "longest_task_ms": max(self.long_tasks_ms, default=0.0),
            "nodes": self.nodes,
            "store_updates": self.store_updates,
            "actions": self.actions,
            "main_thread_ms": self.metrics_ms,
            "keys": self.keys,
            "error": self.error,
        }


class StepFailed(Exception):
    pass


METRICS = ("TaskDuration", "ScriptDuration", "LayoutDuration", "RecalcStyleDuration")


class Page:
    """The dashboard in one Chromium tab, with the instrumentation."""

    def __init__(self, driver: webdriver.Chrome, base_url: str):
        self.driver = driver
        self.base_url = base_url.rstrip("/")
        self.driver.set_script_timeout(STEP_TIMEOUT_S + 30)
        self._metrics = True
        try:
            driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": instrument_js()})
            driver.execute_cdp_cmd("Performance.enable", {"timeDomain": "threadTicks"})
        except WebDriverException:
            self._metrics = False

    # --- loading and settling

    def install(self) -> None:
        """The instrumentation in the page already open (long tasks are buffered)."""
        self.driver.execute_script(instrument_js())

    def open(self, path: str = "/") -> dict:
        """Load the page and wait, without timing, until it has settled; its state."""
        self.driver.get(self.base_url + path)
        self.install()  # a no-op when the document-start script is there
        return self.settle()

    def settle(self, quiet_s: float = SETTLE_QUIET_S, timeout_s: float = SETTLE_TIMEOUT_S) -> dict:
        """Wait until nothing is pending and the state has not changed for ``quiet_s``."""
        began = time.monotonic()
        last_hash, since = None, time.monotonic()
        while time.monotonic() - began < timeout_s:
            pending = self.driver.execute_script("return window.__bench.pending();")
            state = self.driver.execute_script("return window.__bench.state(true);")
            if pending["busy"] or state["hash"] != last_hash:
                last_hash, since = (None if pending["busy"] else state["hash"]), time.monotonic()
            elif time.monotonic() - since >= quiet_s and graphs_drawn(state):
                return state
            time.sleep(0.1)
        raise StepFailed(f"the page did not settle within {timeout_s:.0f} s (pending: {pending})")

    def state(self) -> dict:
        return self.driver.execute_script("return window.__bench.state(true);")

    # --- the user's actions (real pointer and keyboard events)

    def _scroll_to(self, element) -> None:
        self.driver.execute_script(
            "arguments[0].scrollIntoView({block: 'center', inline: 'center', behavior: 'instant'});", element
        )

    def _click(self, element) -> None:
        self._scroll_to(element)
        ActionChains(self.driver).move_to_element(element).click().perform()

    def _checkbox_label(self, container_id: str, value: str):
        element = self.driver.execute_script(
            "const box = [...document.querySelectorAll('#' + CSS.escape(arguments[0]) + ' input')]"
            "  .find(input => input.value === arguments[1]);"
            "return box ? (box.labels && box.labels[0]) || box : null;",
            container_id,
            value,
        )
        if element is None:
            raise StepFailed(f"no checkbox {value!r} in #{container_id}")
        return element

    def _breadcrumb_item(self, text: str):
        element = self.driver.execute_script(
            "const nav = document.getElementById(arguments[0]);"
            "if (!nav) return null;"
            "return [...nav.querySelectorAll('button, a, [role=link], [role=button]')]"
            "  .find(e => e.textContent.trim().startsWith(arguments[1])) || null;",
            BREADCRUMB,
            text,
        )
        if element is None:
            raise StepFailed(f"no breadcrumb link starting with {text!r}")
        return element

    def _map_point(self, code: str) -> tuple[float, float]:
        """Viewport coordinates of a point inside the département's shape on the map (the
        shape found through plotly.js's data binding), scrolled into view."""
        found = self.driver.execute_script(
            """
            const graph = document.getElementById(arguments[0]);
            if (!graph) return null;
            const path = [...graph.querySelectorAll('path.choroplethlocation')]
              .find(p => p.__data__ && p.__data__.loc === arguments[1]);
            if (!path) return null;
            path.scrollIntoView({block: 'center', inline: 'center', behavior: 'instant'});
            const box = path.getBoundingClientRect(), matrix = path.getScreenCTM().inverse();
            const inside = [];
            for (let i = 1; i < 12; i++) for (let j = 1; j < 12; j++) {
              const x = box.left + box.width * i / 12, y = box.top + box.height * j / 12;
              const point = new DOMPoint(x, y).matrixTransform(matrix);
              if (path.isPointInFill(point)) inside.push([x, y]);
            }
            if (!inside.length) return {center: [box.left + box.width / 2, box.top + box.height / 2]};
            // The inside point nearest the middle of the inside points: away from the edges.
            const mx = inside.reduce((s, p) => s + p[0], 0) / inside.length;
            const my = inside.reduce((s, p) => s + p[1], 0) / inside.length;
            inside.sort((a, b) => Math.hypot(a[0] - mx, a[1] - my) - Math.hypot(b[0] - mx, b[1] - my));
            return {point: inside[0]};
            """,
            MAP_GRAPH,
            code,
        )
        if found is None:
            raise StepFailed(f"département {code} is not drawn on #{MAP_GRAPH}")
        x, y = found.get("point") or found["center"]
        return x, y

    def _select_keys(self, code: str) -> str:
        """Focus the département select by clicking its label, and work out which key
        presses pick ``code`` (Chromium's type-ahead on a closed select: pressing a
        character moves to the next option whose label starts with it, each press firing
        a change). One press when the sequence is well chosen."""
        select = self.driver.execute_script("return document.getElementById(arguments[0]);", DEPARTEMENT_FILTER)
        if select is None:
            raise StepFailed(f"no #{DEPARTEMENT_FILTER}")
        label = self.driver.execute_script(
            "return document.querySelector('label[for=\"' + CSS.escape(arguments[0]) + '\"]');", DEPARTEMENT_FILTER
        )
        if label is not None:
            self._click(label)
        else:  # no label: a click on the select opens its list, Escape closes it
            self._click(select)
            ActionChains(self.driver).send_keys("\ue00c").perform()
        options = self.driver.execute_script(
            "const s = document.getElementById(arguments[0]);"
            "return {focused: document.activeElement === s, index: s.selectedIndex,"
            "  options: [...s.options].map(o => [o.value, o.label.trim().toLowerCase(), o.disabled])};",
            DEPARTEMENT_FILTER,
        )
        if not options["focused"]:
            raise StepFailed(f"#{DEPARTEMENT_FILTER} did not take the focus")
        return type_ahead_keys(options["options"], options["index"], code)

    def _prepare(self, step: Step):
        """Everything before the input event proper (finding, scrolling, focusing), and a
        function that sends the input."""
        if step.kind in ("wave", "region"):
            element = self._checkbox_label(WAVE_FILTER if step.kind == "wave" else REGION_FILTER, step.target)
            self._scroll_to(element)
            return None, lambda: ActionChains(self.driver).move_to_element(element).click().perform()
        if step.kind == "breadcrumb":
            element = self._breadcrumb_item(step.target)
            self._scroll_to(element)
            return None, lambda: ActionChains(self.driver).move_to_element(element).click().perform()
        if step.kind == "map":
            x, y = self._map_point(step.target)
            return None, lambda: ActionChains(self.driver).move_to_location(int(x), int(y)).click().perform()
        if step.kind == "departement":
            keys = self._select_keys(step.target)

            def press() -> None:
                chain = ActionChains(self.driver)
                for key in keys:
                    chain.send_keys(key)
                chain.perform()

            return keys, press
        raise ValueError(f"unknown kind of step: {step.kind}")

    def _metrics_now(self) -> dict[str, float]:
        if not self._metrics:
            return {}
        try:
            result = self.driver.execute_cdp_cmd("Performance.getMetrics", {})
        except WebDriverException:
            return {}
        return {m["name"]: m["value"] for m in result.get("metrics", []) if m["name"] in METRICS}

    def run_untimed(self, step: Step) -> dict:
        """The reference pass: perform ``step``, wait generously, return the settled state."""
        _keys, send = self._prepare(step)
        send()
        return self.settle()

    def run_timed(self, step: Step, expected: str, timeout_s: float = STEP_TIMEOUT_S) -> StepTime:
        try:
            keys, send = self._prepare(step)
        except (StepFailed, WebDriverException) as error:
            return StepTime(step, None, error=f"{type(error).__name__}: {error}")
        before = self._metrics_now()
        self.driver.execute_script(
            "return window.__bench.arm(arguments[0], arguments[1], false);", expected, timeout_s * 1000
        )
        send()
        try:
            result = self.driver.execute_async_script(WAIT_JS)
        except (TimeoutException, JavascriptException) as error:
            return StepTime(step, None, keys=keys, error=f"{type(error).__name__}: {error}")
        after = self._metrics_now()
        return step_time(step, result, keys, {k: round((after[k] - before.get(k, 0)) * 1000, 1) for k in after})


def step_time(step: Step, result: dict, keys: str | None, metrics: dict[str, float]) -> StepTime:
    tasks = [round(duration, 1) for _start, duration in result.get("longTasks", [])]
    if result.get("timeout") or result.get("error"):
        detail = result.get("error") or f"state never matched; pending {result.get('pending')}"
        return StepTime(step, None, long_tasks_ms=tasks, nodes=result.get("nodes"), keys=keys, error=detail)
    start = result["start"]
    return StepTime(
        step,
        ms=round(result["end"] - start["time"], 1),
        ready_ms=round(result["ready"] - start["time"], 1),
        input_spread_ms=round(start["time"] - start["first"], 1),
        start_event=start["type"],
        long_tasks_ms=tasks,
        nodes=result.get("nodes"),
        store_updates=result.get("storeUpdates"),
        actions=result.get("actions"),
        metrics_ms=metrics,
        keys=keys,
    )


def graphs_drawn(state: dict) -> bool:
    """Every plotly graph of the state laid out, nothing pending (an empty selection
    draws graphs without traces)."""
    graphs = [value for key, value in state["parts"].items() if key.startswith("graph:")]
    if not graphs:
        return False
    return all(value.split(":")[2] == "true" for value in graphs)


def type_ahead_keys(options: list[list], selected: int, code: str) -> str:
    """The key presses that move a closed <select> from option ``selected`` to the option
    whose value is ``code``: a character repeated (Chromium cycles through the options
    whose label starts with it, from the one after the selection)."""
    target = next((i for i, (value, _label, disabled) in enumerate(options) if value == code and not disabled), None)
    if target is None:
        raise StepFailed(f"no option {code!r} in #{DEPARTEMENT_FILTER}")
    char = options[target][1][:1]
    if not char:
        raise StepFailed(f"option {code!r} has no label to type")
    matching = [i for i, (_value, label, _disabled) in enumerate(options) if label.startswith(char)]
    after = [i for i in matching if i > selected] + [i for i in matching if i <= selected]
    return char * (after.index(target) + 1)


# --- the untimed pass and the timed passes ------------------------------------------------


@dataclass
class Reference:
    """The state each step must show, from an untimed pass."""

    initial: dict
    states: list[dict]  # one per step, in order; fewer than the steps if one failed
    missing_ids: list[str]
    error: str | None = None  # the step that could not be performed, and why

    def as_dict(self, steps: Iterable[Step]) -> dict:
        return {
            "initial": _brief(self.initial),
            "steps": [{"label": step.label, **_brief(state)} for step, state in zip(steps, self.states, strict=False)],
            "missing_ids": self.missing_ids,
            "error": self.error,
        }


def _brief(state: dict) -> dict:
    return {
        "hash": state["hash"],
        "dash_components": state.get("components"),
        "dom_nodes": state.get("nodes"),
        "preview": state.get("preview", {}),
    }


def record_reference(page: Page, steps: list[Step], pause_s: float = 0.3) -> Reference:
    """The untimed pass. A step that cannot be performed (an element the page no longer
    has) or that changes nothing ends the walk there: the timed passes then walk only the
    steps before it, and the error is reported."""
    initial = page.open("/")
    states: list[dict] = []
    previous = initial["hash"]
    for step in steps:
        time.sleep(pause_s)
        try:
            state = page.run_untimed(step)
        except (StepFailed, WebDriverException) as error:
            return Reference(initial, states, sorted(set(initial["missing"])), f"{step.label}: {error}")
        if state["hash"] == previous:
            error = "the page shows the same state as before the step"
            return Reference(initial, states, sorted(set(initial["missing"])), f"{step.label}: {error}")
        states.append(state)
        previous = state["hash"]
    return Reference(initial, states, sorted(set(initial["missing"])))


def timed_pass(page: Page, steps: list[Step], reference: Reference, pause_s: float = 0.5) -> list[StepTime]:
    """Reload the page, wait for the initial state, then time each step against the
    reference. After a step that failed, the page is left to settle; two failures in a
    row end the pass (the page no longer follows the plan)."""
    state = page.open("/")
    if state["hash"] != reference.initial["hash"]:
        raise StepFailed("after a reload the page does not show the initial state of the untimed pass")
    times: list[StepTime] = []
    failures = 0
    for step, expected in zip(steps, reference.states, strict=False):
        time.sleep(pause_s)  # a user does not click within a frame of the last change
        result = page.run_timed(step, expected["hash"])
        times.append(result)
        if result.error:
            failures += 1
            if failures >= 2:
                break
            try:
                page.settle()
            except StepFailed:
                break
        else:
            failures = 0
    return times


def cold_load(base_url: str, expected: str, timeout_s: float = STEP_TIMEOUT_S) -> dict:
    """A first visit in a fresh profile, timed from navigation start to the initial state
    (every chart drawn with its data, nothing pending, two frames), with the bytes the
    Resource Timing API saw (transferSize: compressed bodies and headers)."""
    with Browser() as driver:
        driver.set_script_timeout(timeout_s + 30)
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": instrument_js()})
        arm = ARM_ON_LOAD_JS.replace("__EXPECTED__", json.dumps(expected)).replace(
            "__TIMEOUT__", str(int(timeout_s * 1000))
        )
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": arm})
        driver.get(base_url.rstrip("/") + "/")
        result = driver.execute_async_script(WAIT_JS)
        if result.get("timeout") or result.get("error"):
            return {"ms": None, "error": result.get("error") or f"state never matched; pending {result.get('pending')}"}
        time.sleep(1.0)  # what is fetched once drawn
        transfer = driver.execute_script(
            "const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];"
            "return {bytes: entries.reduce((s, e) => s + (e.transferSize || 0), 0), requests: entries.length,"
            "  dom_content_loaded: performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd,"
            "  load: performance.getEntriesByType('navigation')[0].loadEventEnd};"
        )
    tasks = [round(duration, 1) for _start, duration in result.get("longTasks", [])]
    return {
        "ms": round(result["end"], 1),
        "ready_ms": round(result["ready"], 1),
        "dom_content_loaded_ms": round(transfer["dom_content_loaded"], 1),
        "load_event_ms": round(transfer["load"], 1),
        "transfer_bytes": transfer["bytes"],
        "requests": transfer["requests"],
        "long_tasks_ms": tasks,
        "longest_task_ms": max(tasks, default=0.0),
        "nodes": result.get("nodes"),
    }


# --- CPU profile -------------------------------------------------------------------------


def profile_step(page: Page, step: Step, expected: str, sampling_us: int = 200) -> tuple[StepTime, dict]:
    """Time ``step`` under the DevTools CPU profiler; the raw profile (.cpuprofile)."""
    driver = page.driver
    driver.execute_cdp_cmd("Profiler.enable", {})
    driver.execute_cdp_cmd("Profiler.setSamplingInterval", {"interval": sampling_us})
    driver.execute_cdp_cmd("Profiler.start", {})
    try:
        result = page.run_timed(step, expected)
    finally:
        profile = driver.execute_cdp_cmd("Profiler.stop", {})["profile"]
        driver.execute_cdp_cmd("Profiler.disable", {})
    return result, profile


FINGERPRINT = re.compile(r"\.v[0-9A-Za-z_]+m\d+(?=\.)")  # Dash's cache-busting part of a file name
PROFILER_NODES = ("(idle)", "(program)", "(garbage collector)", "(root)")


def script_name(url: str, function: str = "") -> str:
    """A short name for the script of a profile node: the file under Dash's component
    suites or the assets, without Dash's fingerprint; the browser's own code (DOM methods,
    built-ins) as one entry."""
    if not url:
        return function if function in PROFILER_NODES else "(browser: DOM and built-ins)"
    path = url.split("?", 1)[0]
    for marker in ("/_dash-component-suites/", "/assets/"):
        if marker in path:
            path = path.split(marker, 1)[1]
            break
    else:
        path = path.rsplit("/", 1)[-1] or path
    return FINGERPRINT.sub("", path)


def summarise_profile(profile: dict, top: int = 25) -> dict:
    """Self time per script and per function, in ms, from a DevTools CPU profile."""
    nodes = {node["id"]: node for node in profile["nodes"]}
    self_us: dict[int, float] = {}
    # timeDeltas[i] is the time before sample i: sample i ran for timeDeltas[i + 1].
    durations = [*profile["timeDeltas"][1:], 0]
    for node_id, delta in zip(profile["samples"], durations, strict=True):
        self_us[node_id] = self_us.get(node_id, 0.0) + delta
    by_script: dict[str, float] = {}
    by_function: dict[tuple[str, str, int], float] = {}
    for node_id, micros in self_us.items():
        frame = nodes[node_id]["callFrame"]
        script = script_name(frame.get("url", ""), frame["functionName"])
        name = frame["functionName"] or "(anonymous)"
        by_script[script] = by_script.get(script, 0.0) + micros
        # line:column, 1-based (a minified bundle is one long line)
        key = (name, script, f"{frame.get('lineNumber', -1) + 1}:{frame.get('columnNumber', -1) + 1}")
        by_function[key] = by_function.get(key, 0.0) + micros
    total = sum(self_us.values())
    idle = by_script.get("(idle)", 0.0)  # "(program)" is the browser's own work: busy

    def rows(table: dict, label) -> list[dict]:
        ordered = sorted(table.items(), key=lambda item: item[1], reverse=True)[:top]
        return [
            {**label(key), "self_ms": round(us / 1000, 1), "pct": round(100 * us / total, 1)} for key, us in ordered
        ]

    return {
        "sampled_ms": round(total / 1000, 1),
        "busy_ms": round((total - idle) / 1000, 1),
        "by_script": rows(by_script, lambda key: {"script": key}),
        "by_function": rows(by_function, lambda key: {"function": key[0], "script": key[1], "line": key[2]}),
    }
