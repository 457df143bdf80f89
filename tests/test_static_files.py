"""Static files: compressed once (brotli or gzip), identical once decompressed, cached by the browser."""

import gzip
import re

import brotli

from dashboard.web.config import ROOT
from dashboard.web.static_files import ONE_YEAR_S, referenced_static_paths

PLOTLY_BUNDLE = ROOT / "assets" / "1-vendor" / "01-plotly-custom.min.js"
BASE_MAP = ROOT / "assets" / "1-vendor" / "topojson" / "world_110m.json"


def page_paths(client) -> list[str]:
    return referenced_static_paths(client.get("/").get_data(as_text=True))


def plotly_url(client) -> str:
    return next(path for path in page_paths(client) if "01-plotly-custom" in path)


def test_brotli_when_the_browser_accepts_it(client):
    response = client.get(plotly_url(client), headers={"Accept-Encoding": "gzip, deflate, br, zstd"})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "br"
    assert "Accept-Encoding" in response.headers["Vary"]
    assert brotli.decompress(response.data) == PLOTLY_BUNDLE.read_bytes()
    assert int(response.headers["Content-Length"]) == len(response.data) < PLOTLY_BUNDLE.stat().st_size / 2


def test_gzip_for_browsers_without_brotli(client):
    response = client.get(plotly_url(client), headers={"Accept-Encoding": "gzip, deflate"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.data) == PLOTLY_BUNDLE.read_bytes()


def test_identity_when_no_compression_is_accepted(client):
    response = client.get(plotly_url(client), headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in response.headers
    assert response.data == PLOTLY_BUNDLE.read_bytes()


def test_every_file_of_the_page_decompresses_to_what_dash_serves(app, client):
    plain = app.server.test_client()
    for path in page_paths(client):
        response = client.get(path, headers={"Accept-Encoding": "br"})
        original = plain.get(path, headers={"Accept-Encoding": "identity"})
        assert response.status_code == original.status_code == 200, path
        body = brotli.decompress(response.data) if response.headers.get("Content-Encoding") == "br" else response.data
        assert body == original.data, path


def test_versioned_urls_are_kept_for_a_year(client):
    paths = page_paths(client)
    for path in [plotly_url(client), next(p for p in paths if "_dash-component-suites" in p)]:
        cache_control = client.get(path, headers={"Accept-Encoding": "br"}).headers["Cache-Control"]
        assert f"max-age={ONE_YEAR_S}" in cache_control and "immutable" in cache_control, path
        assert "no-cache" not in cache_control, path  # it would make the browser revalidate anyway


def test_files_fetched_by_name_are_revalidated_and_answer_304(client):
    path = "/assets/1-vendor/topojson/world_110m.json"
    first = client.get(path, headers={"Accept-Encoding": "br"})
    assert first.status_code == 200
    assert "no-cache" in first.headers["Cache-Control"] and "max-age" not in first.headers["Cache-Control"]
    assert brotli.decompress(first.data) == BASE_MAP.read_bytes()
    etag = first.headers["ETag"]
    assert etag.endswith('-br"')  # another representation than the uncompressed file: another ETag
    again = client.get(path, headers={"Accept-Encoding": "br", "If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""


def test_the_cache_holds_one_entry_per_file(app, client):
    static_files = app.server.extensions["precompressed_static_files"]
    path = plotly_url(client).split("?")[0]
    for version in range(5):
        client.get(f"{path}?m={version}", headers={"Accept-Encoding": "br"})
    assert static_files.cached_paths().count(path) == 1


def test_warm_up_compresses_every_file_of_the_page_and_of_assets(app, client):
    static_files = app.server.extensions["precompressed_static_files"]
    cached = static_files.warm(app, ROOT / "assets")
    expected = {path.split("?")[0] for path in page_paths(client)} | {"/assets/1-vendor/topojson/world_110m.json"}
    assert expected <= set(cached)


def test_callbacks_and_the_page_are_left_to_flask_compress(client):
    page = client.get("/", headers={"Accept-Encoding": "gzip, deflate, br, zstd"})
    assert page.headers.get("Content-Encoding") == "zstd"
    assert "immutable" not in page.headers.get("Cache-Control", "")
    layout = client.get("/_dash-layout", headers={"Accept-Encoding": "br"})
    assert not re.search(r"max-age=\d{4,}", layout.headers.get("Cache-Control", ""))
