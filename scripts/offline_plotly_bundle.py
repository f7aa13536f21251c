"""Leave no outside host's address in the page's plotly.js (run by ``scripts/install_plotly_bundle.sh``).

plotly.js ships defaults that name other hosts: the map styles "carto-positron", "open-street-map",
"satellite"… (tile, style, sprite and glyph servers), the topojson CDN, Chart Studio's server, the maki
icons' CDN, and links in its descriptions and attributions. The dashboard draws on its own style and
glyphs, but a default is one figure or one upgrade away from a request the air-gapped portal must never
make, so every such address in the bundle's code is emptied: a style that named one now has nothing to
fetch. XML namespace names (``http://www.w3.org/2000/svg``, ``/1999/xlink``, ``/XML/1998/namespace``)
are names, not addresses, and stay; so do the licence comments at the end of the file, not code.

    python scripts/offline_plotly_bundle.py assets/plotly/plotly-map.min.js
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

LICENCES = "\n/*! Bundled license information:"  # esbuild's legalComments="eof" block: comments only
# From the scheme to the end of the string literal it sits in ("https://fonts.openmaptiles.org/Open Sans
# Regular" holds spaces), or to a backslash: an escape ("\\n */" closing a comment in the worker's
# source, which is a string) is no part of an address.
ADDRESS = re.compile(r"https?://(?!www\.w3\.org/(?:2000|1999|XML)/)[^\"'`\\]*")


# A style's glyphs or sprite on another host is dropped, not emptied: a style without them is valid
# (Plotly's "white-bg", which the map falls back to), one with an empty address is not.
STYLE_RESOURCE = re.compile(
    r",(?:glyphs|sprite):\"https?://[^\"\\]*\"|(?<=\{)(?:glyphs|sprite):\"https?://[^\"\\]*\",?"
)


def outside_addresses(script: str) -> list[str]:
    """The addresses of other hosts in the code of a bundle (its licence comments left out)."""
    return ADDRESS.findall(script.partition(LICENCES)[0])


def without_outside_addresses(script: str) -> str:
    code, licences, rest = script.partition(LICENCES)
    return ADDRESS.sub("", STYLE_RESOURCE.sub("", code)) + licences + rest


def main(argv: list[str]) -> int:
    path = Path(argv[0])
    script = path.read_text(encoding="utf-8")
    found = outside_addresses(script)
    path.write_text(without_outside_addresses(script), encoding="utf-8")
    print(f"{path}: {len(found)} addresses of other hosts emptied")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
