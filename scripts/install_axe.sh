#!/bin/sh
# axe-core (MPL-2.0), for the accessibility tests only, from the npm registry: its axe.min.js goes to
# tests/browser/vendor/, which the tests serve from the app's own host (the page asks no other).
set -eu
VERSION="${AXE_VERSION:-4.14.1}"
HERE="$(cd "$(dirname "$0")/.." && pwd)"
TARGET="$HERE/tests/browser/vendor"
[ -f "$TARGET/axe-$VERSION.min.js" ] && exit 0
command -v npm >/dev/null || { echo "npm is needed to install axe-core for the accessibility tests" >&2; exit 1; }
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
(cd "$WORK" && npm pack --silent "axe-core@$VERSION" >/dev/null && tar -xzf "axe-core-$VERSION.tgz")
mkdir -p "$TARGET"
cp "$WORK/package/axe.min.js" "$TARGET/axe-$VERSION.min.js"
cp "$WORK/package/LICENSE" "$TARGET/axe-core-LICENSE"
