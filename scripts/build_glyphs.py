"""Build the map's label glyphs (MapLibre's signed-distance-field PBF ranges) from a TrueType font.

MapLibre draws text only from glyph ranges it fetches (``{fontstack}/{start}-{end}.pbf``); the app
serves these from its own assets, so the page asks no font host. The glyphs follow node-fontnik's
conventions, which MapLibre's shaping expects: a 24 px em, a 3 px border, distances up to 8 px,
the outline at 192 of 255, ``top`` measured from an ascender of 25 px.

    scripts/install_glyphs.sh        # the font from the npm registry, then this script
    python scripts/build_glyphs.py FONT.ttf OUT_DIR

Needs fontTools (``pip install fonttools``), for building only: the app serves the files as they are.
"""

from __future__ import annotations

import argparse
import math
from pathlib import Path

import numpy as np

EM_PX = 24
BORDER_PX = 3
RADIUS_PX = 8
CUTOFF = 0.25
ASCENDER_PX = 25  # MapLibre's baseline is calibrated on a font with this ascender at 24 px
CURVE_STEPS = 8  # straight segments per quadratic curve


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _field(number: int, wire: int) -> bytes:
    return _varint(number << 3 | wire)


def _uint(number: int, value: int) -> bytes:
    return _field(number, 0) + _varint(value)


def _sint(number: int, value: int) -> bytes:
    return _field(number, 0) + _varint((value << 1) ^ (value >> 63))  # zigzag


def _bytes(number: int, value: bytes) -> bytes:
    return _field(number, 2) + _varint(len(value)) + value


def glyph_message(codepoint: int, glyph: dict) -> bytes:
    body = _uint(1, codepoint)
    if glyph["bitmap"]:
        body += _bytes(2, glyph["bitmap"])
    body += _uint(3, glyph["width"]) + _uint(4, glyph["height"])
    body += _sint(5, glyph["left"]) + _sint(6, glyph["top"]) + _uint(7, glyph["advance"])
    return body


def range_pbf(fontstack: str, start: int, glyphs: dict[int, dict]) -> bytes:
    """One range's PBF: ``glyphs { stacks { name, range, glyphs* } }``; no glyph is a valid, empty range."""
    stack = _bytes(1, fontstack.encode()) + _bytes(2, f"{start}-{start + 255}".encode())
    for codepoint in sorted(glyphs):
        stack += _bytes(3, glyph_message(codepoint, glyphs[codepoint]))
    return _bytes(1, stack)


def _round(value: float) -> int:
    """C's round(): halves away from zero, as fontnik rounds the bounding box."""
    return int(math.copysign(math.floor(abs(value) + 0.5), value))


class _Rings:
    """A glyph's outline as closed rings of points, in pixels, its quadratic curves made straight."""

    def __init__(self, scale: float) -> None:
        self.scale = scale
        self.rings: list[list[tuple[float, float]]] = []

    def moveTo(self, point) -> None:  # noqa: N802 - fontTools' pen protocol
        self.rings.append([self._px(point)])

    def lineTo(self, point) -> None:  # noqa: N802
        self.rings[-1].append(self._px(point))

    def qCurveTo(self, *points) -> None:  # noqa: N802
        from fontTools.pens.basePen import decomposeQuadraticSegment

        if points[-1] is None:  # a contour of off-curve points only
            points = points[:-1]
            self.rings.append([])
        for control, end in decomposeQuadraticSegment(points) if len(points) > 1 else [(points[0], points[0])]:
            start = self.rings[-1][-1] if self.rings[-1] else self._px(end)
            (cx, cy), (ex, ey) = self._px(control), self._px(end)
            for step in range(1, CURVE_STEPS + 1):
                t = step / CURVE_STEPS
                x = (1 - t) ** 2 * start[0] + 2 * (1 - t) * t * cx + t * t * ex
                y = (1 - t) ** 2 * start[1] + 2 * (1 - t) * t * cy + t * t * ey
                self.rings[-1].append((x, y))

    def curveTo(self, *points) -> None:  # noqa: N802 - cubic curves (OpenType CFF fonts)
        start = self.rings[-1][-1]
        (ax, ay), (bx, by), (ex, ey) = (self._px(p) for p in points[-3:])
        for step in range(1, CURVE_STEPS + 1):
            t = step / CURVE_STEPS
            u = 1 - t
            x = u**3 * start[0] + 3 * u * u * t * ax + 3 * u * t * t * bx + t**3 * ex
            y = u**3 * start[1] + 3 * u * u * t * ay + 3 * u * t * t * by + t**3 * ey
            self.rings[-1].append((x, y))

    def closePath(self) -> None:  # noqa: N802
        if self.rings and self.rings[-1] and self.rings[-1][0] != self.rings[-1][-1]:
            self.rings[-1].append(self.rings[-1][0])

    endPath = closePath  # noqa: N815

    def addComponent(self, name, transform) -> None:  # noqa: N802 - decomposed by the caller's glyph set
        raise NotImplementedError

    def _px(self, point) -> tuple[float, float]:
        return point[0] * self.scale, point[1] * self.scale


def sdf_glyph(rings: list[list[tuple[float, float]]], advance: int) -> dict:
    """The glyph's metrics and its distance field: each pixel centre's distance to the outline (up
    to ``RADIUS_PX``), negative inside, stored as 255 - (32·d + 64), rows from the top."""
    empty = {"bitmap": b"", "width": 0, "height": 0, "left": 0, "top": -ASCENDER_PX, "advance": advance}
    points = np.array([p for ring in rings for p in ring], float).reshape(-1, 2)
    if len(points) < 2:
        return empty
    xmin, ymin = _round(points[:, 0].min()), _round(points[:, 1].min())
    xmax, ymax = _round(points[:, 0].max()), _round(points[:, 1].max())
    width, height = xmax - xmin, ymax - ymin
    if width == 0 or height == 0:
        return empty
    a = np.concatenate([np.array(r[:-1], float) for r in rings if len(r) > 1])
    b = np.concatenate([np.array(r[1:], float) for r in rings if len(r) > 1])
    shift = np.array([BORDER_PX - xmin, BORDER_PX - ymin], float)
    a, b = a + shift, b + shift
    columns, rows = width + 2 * BORDER_PX, height + 2 * BORDER_PX
    ys, xs = np.mgrid[0:rows, 0:columns]
    centres = np.stack([xs.ravel() + 0.5, ys.ravel() + 0.5], axis=1)  # y up, from the bottom row
    d = _distance_to_segments(centres, a, b)
    d = np.where(_inside(centres, a, b), -d, d)
    level = np.clip((d * (256 / RADIUS_PX) + CUTOFF * 256).astype(np.int64), 0, 255)
    bitmap = (255 - level).reshape(rows, columns)[::-1].astype(np.uint8).tobytes()  # top row first
    return {"bitmap": bitmap, "width": width, "height": height, "left": xmin, "top": ymax - ASCENDER_PX,
            "advance": advance}  # fmt: skip


def _distance_to_segments(p: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Each point's distance to the nearest segment; beyond the radius, a large number."""
    ab = b - a
    length2 = np.maximum((ab**2).sum(axis=1), 1e-12)
    t = np.clip(((p[:, None, :] - a[None]) * ab[None]).sum(axis=2) / length2, 0, 1)
    nearest = a[None] + t[..., None] * ab[None]
    d = np.sqrt(((p[:, None, :] - nearest) ** 2).sum(axis=2)).min(axis=1)
    return np.where(d < RADIUS_PX, d, 1e6)


def _inside(p: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Even-odd rule: a ray to the right crosses the outline an odd number of times."""
    py = p[:, 1:2]
    crosses = (a[None, :, 1] > py) != (b[None, :, 1] > py)
    dy = np.where(b[:, 1] == a[:, 1], 1e-12, b[:, 1] - a[:, 1])
    x_at = (b[None, :, 0] - a[None, :, 0]) * (py - a[None, :, 1]) / dy[None] + a[None, :, 0]
    return ((crosses & (p[:, 0:1] < x_at)).sum(axis=1) % 2) == 1


def build(font_path: Path, out_dir: Path, fontstack: str) -> list[Path]:
    """Every 256-codepoint range the font covers, as ``out_dir/{start}-{end}.pbf``."""
    from fontTools.pens.recordingPen import DecomposingRecordingPen
    from fontTools.ttLib import TTFont

    font = TTFont(str(font_path))
    scale = EM_PX / font["head"].unitsPerEm
    cmap, glyph_set, metrics = font.getBestCmap(), font.getGlyphSet(), font["hmtx"].metrics
    by_range: dict[int, dict[int, dict]] = {}
    for codepoint, name in sorted(cmap.items()):
        if codepoint > 0xFFFF:
            continue
        recording = DecomposingRecordingPen(glyph_set)
        glyph_set[name].draw(recording)
        rings = _Rings(scale)
        recording.replay(rings)
        advance = int(metrics[name][0] * scale)
        by_range.setdefault(codepoint // 256 * 256, {})[codepoint] = sdf_glyph(rings.rings, advance)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for start, glyphs in sorted(by_range.items()):
        path = out_dir / f"{start}-{start + 255}.pbf"
        path.write_bytes(range_pbf(fontstack, start, glyphs))
        written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("font", type=Path)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--fontstack", default="Open Sans Regular")
    args = parser.parse_args()
    written = build(args.font, args.out_dir, args.fontstack)
    total = sum(p.stat().st_size for p in written)
    print(f"{len(written)} ranges, {total / 1e6:.2f} MB in {args.out_dir}")


if __name__ == "__main__":
    main()
