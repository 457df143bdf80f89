"""Static files compressed once at the best ratio, and kept by the browser.

Most of the first page load is static: plotly.js, Dash's and dash-bootstrap-components'
bundles, Bootstrap's CSS, the map's files. Dash's own handling of them costs bytes and
CPU on every visit:

- flask-compress recompresses each file on every request, at a fast level (zstd 3: the
  plotly.js bundle goes from 1.5 MB to 520 KB), and never with gzip for ``assets/`` (Flask
  streams those files, and flask-compress streams only zstd, br and deflate);
- ``assets/`` files get no cache lifetime, and once compressed they lose their answer to
  conditional requests (flask-compress evaluates those only for the ``static`` endpoint,
  which Dash's assets blueprint is not), so every visit downloads them again.

Here each static response is compressed once per process with brotli at quality 11 (what
Chromium negotiates, on HTTPS and on localhost) or gzip level 9 (every other browser),
kept in memory, and served with a strong ETag of its own. URLs that carry a version
(Dash's ``?m=<mtime>`` on assets, its fingerprinted component bundles) are cached for a
year; the others (files that plotly.js fetches by name, like the base map) are
revalidated, which costs a 304 when unchanged. ``warm`` compresses, at start-up, every file
the page references and every file under ``assets/``, so no visitor waits for it.
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import brotli
from dash import Dash
from dash.fingerprint import check_fingerprint
from flask import Request, Response, request

BROTLI_QUALITY = 11  # 20 % smaller than flask-compress's level for plotly.js; ~2 s once for 1.5 MB
GZIP_LEVEL = 9
# Files above this size that ``warm`` did not cover (e.g. plotly.min.js, which this app
# never loads) are compressed at a fast level on first request rather than making that
# visitor wait seconds.
LAZY_BEST_RATIO_MAX_BYTES = 1_000_000
LAZY_BROTLI_QUALITY = 5
COMPRESSIBLE_SUFFIXES = frozenset({".js", ".mjs", ".css", ".json", ".geojson", ".svg", ".ico", ".map", ".txt", ".html"})
ONE_YEAR_S = 31_536_000
_STATIC_REFERENCE = re.compile(r'<(?:script|link)\b[^>]*?\b(?:src|href)="(/[^"]+)"')


@dataclass(frozen=True)
class _Compressed:
    validator: str  # the uncompressed response's ETag (or "" for fingerprinted URLs)
    bodies: dict[str, bytes]  # encoding -> body; an encoding that does not shrink the file is absent


class PrecompressedStaticFiles:
    """A Flask ``after_request`` hook for the app's static URLs, with its per-process cache."""

    def __init__(self, app: Dash, extra_paths: tuple[str, ...] = ()):
        prefix = app.config.requests_pathname_prefix
        self.assets_prefix = prefix + app.config.assets_url_path.strip("/") + "/"
        # ``extra_paths``: the app's own static routes, e.g. the map's boundaries.
        self.extra_paths = tuple(prefix + path.lstrip("/") for path in extra_paths)
        self.static_prefixes = (
            self.assets_prefix,
            prefix + "_dash-component-suites/",
            prefix + "_favicon.ico",
            *self.extra_paths,
        )
        # One entry per static path: bounded by the files the app serves (a query string
        # never makes a new entry), replaced when the file changes.
        self._cache: dict[str, _Compressed] = {}
        self._warming = False

    @classmethod
    def install(cls, app: Dash, extra_paths: tuple[str, ...] = ()) -> PrecompressedStaticFiles:
        # Flask runs after_request hooks in reverse order: this one runs before
        # flask-compress's (registered by Dash), which then leaves the response alone.
        static_files = cls(app, extra_paths)
        app.server.after_request(static_files.after_request)
        return static_files

    def is_static(self, path: str) -> bool:
        return path.startswith(self.static_prefixes)

    def after_request(self, response: Response) -> Response:
        if request.method not in ("GET", "HEAD") or not self.is_static(request.path):
            return response
        if response.status_code == 200:
            response.cache_control.public = True
            if _is_versioned(request, self.assets_prefix):
                response.cache_control.no_cache = None  # Flask's send_file sets it on assets
                response.cache_control.max_age = ONE_YEAR_S
                response.cache_control.immutable = True
            else:
                response.cache_control.no_cache = True  # keep it, but check the ETag first
        if (
            response.status_code != 200
            or "Content-Encoding" in response.headers
            or PurePosixPath(request.path).suffix not in COMPRESSIBLE_SUFFIXES
        ):
            return response
        response.vary.add("Accept-Encoding")
        encoding = _preferred_encoding(request)
        if encoding is None:
            return response
        body = self._body(request.path, response, encoding)
        if body is None:
            return response
        etag, weak = response.get_etag()
        original = response.response
        response.direct_passthrough = False
        response.set_data(body)
        if hasattr(original, "close"):
            original.close()  # the file Flask opened for the uncompressed body
        response.headers["Content-Encoding"] = encoding
        if etag:
            # A compressed body is another representation: it needs another strong ETag.
            response.set_etag(etag if weak else f"{etag}-{encoding}", weak=bool(weak))
        response.make_conditional(request)  # updates the response in place (and returns it)
        return response

    def _body(self, path: str, response: Response, encoding: str) -> bytes | None:
        validator = response.get_etag()[0] or ""
        entry = self._cache.get(path)
        if entry is None or entry.validator != validator:
            response.direct_passthrough = False
            raw = response.get_data()
            best_ratio = self._warming or len(raw) <= LAZY_BEST_RATIO_MAX_BYTES
            entry = _Compressed(validator, compressed_bodies(raw, best_ratio))
            self._cache[path] = entry
        return entry.bodies.get(encoding)

    def cached_paths(self) -> list[str]:
        return sorted(self._cache)

    def warm(self, app: Dash, asset_folder: Path) -> list[str]:
        """Compress now every file the page references and every file under ``assets/``.

        Goes through the app's own routes, so exactly what a browser would get is cached;
        a route that does not answer 200 (e.g. behind a login) is left to the first
        request. Returns the paths cached.
        """
        client = app.server.test_client()
        index = client.get("/")
        referenced = referenced_static_paths(index.get_data(as_text=True)) if index.status_code == 200 else []
        assets = [
            self.assets_prefix + file.relative_to(asset_folder).as_posix()
            for file in sorted(asset_folder.rglob("*"))
            if file.is_file() and file.suffix in COMPRESSIBLE_SUFFIXES - {".map"}
        ]
        self._warming = True
        try:
            for path in dict.fromkeys([*referenced, *assets, *self.extra_paths]):
                client.get(path, headers={"Accept-Encoding": "br"})
        finally:
            self._warming = False
        return self.cached_paths()


def compressed_bodies(raw: bytes, best_ratio: bool = True) -> dict[str, bytes]:
    """The body in each encoding that makes it smaller."""
    bodies = {
        "br": brotli.compress(raw, quality=BROTLI_QUALITY if best_ratio else LAZY_BROTLI_QUALITY),
        "gzip": gzip.compress(raw, compresslevel=GZIP_LEVEL, mtime=0),
    }
    return {encoding: body for encoding, body in bodies.items() if len(body) < len(raw)}


def _preferred_encoding(req: Request) -> str | None:
    for encoding in ("br", "gzip"):
        if req.accept_encodings[encoding] > 0:
            return encoding
    return None


def _is_versioned(req: Request, assets_prefix: str) -> bool:
    """True if the URL changes when the file does, so the browser may keep it for good."""
    if req.path.startswith(assets_prefix):
        return "m" in req.args  # Dash adds ?m=<modification time> to the assets it links
    # Component bundles: Dash fingerprints the file name (name.v4_4_1m1712345678.min.js);
    # the favicon carries ?v=<dash version>.
    return check_fingerprint(req.path)[1] or "v" in req.args


def referenced_static_paths(index_html: str) -> list[str]:
    return list(dict.fromkeys(_STATIC_REFERENCE.findall(index_html)))
