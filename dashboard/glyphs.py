"""The map's label glyphs, served by the app itself: MapLibre fetches ``{fontstack}/{start}-{end}.pbf``
for the characters it draws, and the page may ask no other host (no font server).

One font is built (``scripts/install_glyphs.sh``: Open Sans Regular, Apache-2.0); it answers for
any font stack MapLibre asks for. A range the font does not cover is answered with an empty range,
so the label draws without those characters instead of the map logging a failed request."""

from __future__ import annotations

from pathlib import Path

from dash import Dash
from flask import Response, abort

GLYPHS_DIR = Path(__file__).resolve().parent.parent / "assets" / "glyphs" / "open-sans-regular"
URL_TEMPLATE = "/glyphs/{fontstack}/{range}.pbf"  # MapLibre fills in the font stack and the range
MAX_CODEPOINT = 0xFFFF


def register(app: Dash, prefix: str) -> str:
    """Add the route; return the glyphs URL for the map's style."""

    @app.server.route(prefix + "glyphs/<fontstack>/<int:start>-<int:end>.pbf", endpoint=f"{prefix}glyphs")
    def glyph_range(fontstack: str, start: int, end: int):
        if start % 256 or end != start + 255 or end > MAX_CODEPOINT:
            abort(404)
        built = GLYPHS_DIR / f"{start}-{end}.pbf"
        body = built.read_bytes() if built.is_file() else empty_range(fontstack[:200], start)
        headers = {"Cache-Control": "public, max-age=604800"}
        return Response(body, mimetype="application/x-protobuf", headers=headers)

    return app.get_relative_path(URL_TEMPLATE)


def empty_range(fontstack: str, start: int) -> bytes:
    """``glyphs { stacks { name, range } }`` with no glyph: a valid answer for a range not built."""
    stack = _bytes(1, fontstack.encode()) + _bytes(2, f"{start}-{start + 255}".encode())
    return _bytes(1, stack)


def _bytes(number: int, value: bytes) -> bytes:
    return bytes([number << 3 | 2]) + _varint(len(value)) + value


def _varint(value: int) -> bytes:
    out = bytearray()
    while value > 0x7F:
        out.append(value & 0x7F | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)
