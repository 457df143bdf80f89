"""Page weight as a browser sees it: headless Chromium and the DevTools protocol.

Opens the page in a fresh profile, waits until every graph has been drawn (the initial
callbacks answered) and the network has been idle for a second (so the map's base map and
boundaries are counted), then sums ``encodedDataLength`` (bytes on the wire, headers
included, with the compression Chromium negotiated) of every response from the server.
A second visit in the same profile shows what the HTTP cache saves.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from dataclasses import dataclass, field

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1400,1000",
)
NETWORK_IDLE_S = 1.0

# plotly.js has drawn every dcc.Graph, at least one with data (a graph that only fills in
# after a click, like a drill-down, may stay empty), and no Dash component is waiting for a
# callback. The caller then waits for the network to be idle, which covers the initial
# callbacks and what a map fetches once drawn (base map, boundaries).
ALL_GRAPHS_DRAWN_JS = """
const graphs = [...document.querySelectorAll('.dash-graph')].map(g => g.querySelector('.js-plotly-plot'));
if (graphs.length === 0 || !graphs.every(gd => gd && gd._fullLayout && gd.querySelector('.main-svg'))) return false;
if (!graphs.some(gd => gd.data && gd.data.length > 0)) return false;
return !document.querySelector('[data-dash-is-loading="true"]');
"""


@dataclass
class Transfer:
    url: str
    status: int | None = None
    encoding: str | None = None
    wire_bytes: int = 0  # encodedDataLength: body as sent + response headers
    body_bytes: int = 0  # decoded body
    from_cache: bool = False
    failed: str | None = None


@dataclass
class PageLoad:
    transfers: list[Transfer] = field(default_factory=list)
    drawn_s: float | None = None
    console_errors: list[str] = field(default_factory=list)

    @property
    def wire_bytes(self) -> int:
        return sum(t.wire_bytes for t in self.transfers)

    @property
    def body_bytes(self) -> int:
        return sum(t.body_bytes for t in self.transfers)

    def as_dict(self, top: int = 0) -> dict:
        network = [t for t in self.transfers if not t.from_cache]
        result = {
            "wire_bytes": self.wire_bytes,
            "body_bytes": self.body_bytes,
            "requests": len(network),
            "from_cache": sum(t.from_cache for t in self.transfers),
            "failed": [f"{t.url}: {t.failed}" for t in self.transfers if t.failed],
            "encodings": sorted({t.encoding or "identity" for t in network}),
            "drawn_s": None if self.drawn_s is None else round(self.drawn_s, 2),
            "console_errors": self.console_errors,
        }
        if top:
            heaviest = sorted(self.transfers, key=lambda t: t.wire_bytes, reverse=True)[:top]
            result["heaviest"] = [
                {
                    "path": t.url.split("/", 3)[-1].split("?")[0],
                    "wire_bytes": t.wire_bytes,
                    "body_bytes": t.body_bytes,
                    "encoding": t.encoding or "identity",
                }
                for t in heaviest
            ]
        return result


def _driver(profile_dir: str) -> webdriver.Chrome:
    options = Options()
    options.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile_dir}")
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


def _collect(driver: webdriver.Chrome, origin: str, transfers: dict[str, Transfer], in_flight: set[str]) -> bool:
    """Fold new DevTools events into ``transfers``; True if any event concerned ``origin``."""
    seen = False
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        method, params = message["method"], message.get("params", {})
        request_id = params.get("requestId")
        if method == "Network.requestWillBeSent":
            url = params["request"]["url"]
            if url.startswith(origin):
                transfers[request_id] = Transfer(url)
                in_flight.add(request_id)
                seen = True
            continue
        transfer = transfers.get(request_id)
        if transfer is None:
            continue
        seen = True
        if method == "Network.responseReceived":
            response = params["response"]
            headers = {k.lower(): v for k, v in response.get("headers", {}).items()}
            transfer.status = response.get("status")
            transfer.encoding = headers.get("content-encoding")
            transfer.from_cache = bool(response.get("fromDiskCache") or response.get("fromPrefetchCache"))
        elif method == "Network.requestServedFromCache":
            transfer.from_cache = True
        elif method == "Network.dataReceived":
            transfer.body_bytes += params.get("dataLength", 0)
        elif method == "Network.loadingFinished":
            transfer.wire_bytes = int(params.get("encodedDataLength", 0))
            in_flight.discard(request_id)
        elif method == "Network.loadingFailed":
            transfer.failed = params.get("errorText", "failed")
            in_flight.discard(request_id)
    return seen


def _load(driver: webdriver.Chrome, url: str, timeout_s: float) -> PageLoad:
    origin = url.rstrip("/")
    transfers: dict[str, Transfer] = {}
    in_flight: set[str] = set()
    driver.get_log("performance")  # drop what came before
    began = time.perf_counter()
    driver.get(url)
    drawn_s = None
    last_activity = time.perf_counter()
    while time.perf_counter() - began < timeout_s:
        if _collect(driver, origin, transfers, in_flight):
            last_activity = time.perf_counter()
        if drawn_s is None and driver.execute_script(ALL_GRAPHS_DRAWN_JS):
            drawn_s = time.perf_counter() - began
            last_activity = time.perf_counter()
        if drawn_s is not None and not in_flight and time.perf_counter() - last_activity >= NETWORK_IDLE_S:
            break
        time.sleep(0.05)
    else:
        raise TimeoutError(f"{url}: graphs not drawn or network not idle within {timeout_s} s")
    errors = [e["message"] for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
    return PageLoad(list(transfers.values()), drawn_s, errors)


def measure_page(url: str, timeout_s: float = 90.0) -> tuple[PageLoad, PageLoad]:
    """(first visit, repeat visit) of ``url`` in a fresh Chromium profile."""
    profile_dir = tempfile.mkdtemp(prefix="fabriques-pageweight-")
    driver = _driver(profile_dir)
    try:
        driver.execute_cdp_cmd("Network.enable", {})
        first = _load(driver, url, timeout_s)
        repeat = _load(driver, url, timeout_s)
        return first, repeat
    finally:
        driver.quit()
        shutil.rmtree(profile_dir, ignore_errors=True)
