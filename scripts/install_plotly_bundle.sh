#!/bin/sh
# The page's plotly.js, built with only the trace types the dashboard draws (scattermap and
# choroplethmap on MapLibre, bar for the timeline): 3.1 MB against the whole library's 4.8 MB, and a
# fraction of its start-up work in the page (scripts/build_plotly_bundle.js). plotly.js and esbuild
# come from the npm registry into a throwaway folder; the bundle is kept in assets/plotly/, so the app
# and CI need no registry. Run again when plotly (PyPI) moves to another plotly.js, or a figure uses a
# new trace type (tests/test_dashboard_unit.py checks both).
set -eu
HERE="$(cd "$(dirname "$0")/.." && pwd)"
PYTHON="${PYTHON:-$HERE/.venv/bin/python}"
VERSION="${PLOTLY_JS_VERSION:-$("$PYTHON" -c 'from plotly.offline import get_plotlyjs_version as v; print(v())')}"
TRACES="scattermap choroplethmap bar"
command -v npm >/dev/null || { echo "npm is needed to build the page's plotly.js" >&2; exit 1; }
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
echo '{"name": "claimsmap-plotly", "version": "0.0.0", "private": true}' > package.json
npm install --silent --no-audit --no-fund "plotly.js@$VERSION" esbuild@0.28.2 esbuild-plugin-environment@0.5.0 \
  esbuild-plugin-glsl@1.4.2 esbuild-plugin-inline-css@0.0.1
cp "$HERE/scripts/build_plotly_bundle.js" .
mkdir -p "$HERE/assets/plotly"
# shellcheck disable=SC2086
node build_plotly_bundle.js "$HERE/assets/plotly/plotly-map.min.js" "$VERSION" $TRACES
# plotly.js's defaults name tile, style, glyph and CDN hosts: none may stay in what the page loads.
"$PYTHON" "$HERE/scripts/offline_plotly_bundle.py" "$HERE/assets/plotly/plotly-map.min.js"
cp node_modules/plotly.js/LICENSE "$HERE/assets/plotly/LICENSE-plotly.js.txt"
cp node_modules/maplibre-gl/LICENSE.txt "$HERE/assets/plotly/LICENSE-maplibre-gl.txt"
