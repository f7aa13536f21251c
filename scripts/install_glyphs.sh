#!/bin/sh
# The map's label glyphs: Open Sans Regular (Apache-2.0) from the npm registry's @geops/mapbox-gl-fonts,
# made into MapLibre's glyph ranges by scripts/build_glyphs.py (fontTools from PyPI, in a throwaway
# folder). The ranges are kept in assets/glyphs/, so the app and CI need neither registry; run this
# again only to change the font.
set -eu
PACKAGE="${GLYPH_FONT_PACKAGE:-@geops/mapbox-gl-fonts@3.0.0}"
HERE="$(cd "$(dirname "$0")/.." && pwd)"
PYTHON="${PYTHON:-$HERE/.venv/bin/python}"
TARGET="$HERE/assets/glyphs/open-sans-regular"
command -v npm >/dev/null || { echo "npm is needed to fetch the font for the map's labels" >&2; exit 1; }
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
(cd "$WORK" && npm pack --silent "$PACKAGE" >/dev/null && tar -xzf ./*.tgz package/open-sans)
"$PYTHON" -m pip install --quiet --target "$WORK/deps" fonttools
rm -rf "$TARGET"
PYTHONPATH="$WORK/deps" "$PYTHON" "$HERE/scripts/build_glyphs.py" "$WORK/package/open-sans/OpenSans-Regular.ttf" "$TARGET"
cp "$WORK/package/open-sans/LICENSE.txt" "$HERE/assets/glyphs/LICENSE-OpenSans.txt"
