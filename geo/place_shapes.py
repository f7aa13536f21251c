"""The shapes of the areas the gazetteer names, built once and kept on disk beside it.

Simplifying a region's outline, putting it on the coordinate grid and joining the countries of a
continent cost from a millisecond to a tenth of a second a place: done the first time each process
met each area, it was most of what a fresh process spent on its first hundreds of documents. The
shapes (``resolve.named_area_shapes``) are stored one by one as bytes, and a process reads only those it
meets: it holds 15 MB of bytes, not objects for the thousands of places it never sees. The
unions of the areas made of others (continents, "the Middle East") are stored too, as WKB, for the
parts of them a text names ("eastern Europe"), and so are the compass parts of every country ("eastern
Ukraine"; ``resolve.country_part_shapes``), as cutting and simplifying a country costs as much, and the
discs of the larger towns ("near Kharkiv"; ``resolve.town_area_shapes``).
"""

from __future__ import annotations

import hashlib
import logging
import marshal
from collections.abc import Callable
from functools import cache
from itertools import chain
from pathlib import Path

import shapely

from geo import geometry, resolve
from geo.cache import read_cached, write_cached
from geo.gazetteer import Gazetteer
from geo.geometry import Boundaries

log = logging.getLogger(__name__)

STORE_FORMAT = 4  # bump when the stored layout changes
# The code that draws a shape and stores it: a change to any of these files builds the store again.
SHAPE_CODE = (Path(geometry.__file__), Path(resolve.__file__), Path(__file__))


class PlaceShapes(dict):
    """``resolve_mentions``' cache of shapes by mention key, filled as places are met; an area named
    by its own name is read from the stored shapes rather than built."""

    def __init__(self, stored: Callable[[], dict[tuple, bytes]]) -> None:
        super().__init__()
        self._load_stored = stored
        self._stored: dict[tuple, bytes] | None = None

    def __contains__(self, key: object) -> bool:
        return dict.__contains__(self, key) or key in self.stored

    def __missing__(self, key: tuple) -> resolve.PlaceShape:
        shape = self[key] = unpacked(self.stored[key])  # KeyError for a key neither holds
        return shape

    @property
    def stored(self) -> dict[tuple, bytes]:
        if self._stored is None:  # read on first use: a process that resolves nothing never reads it
            self._stored = self._load_stored()
        return self._stored


def place_shapes(gazetteer: Gazetteer, boundaries: Boundaries, cache_dir: Path | None) -> PlaceShapes:
    """A shape cache for ``resolve_mentions`` backed by the stored shapes (built when missing); the
    boundaries read the stored unions of the gazetteer's areas (a continent in "eastern Europe") and the
    stored boxes of their polygons."""
    stored = cache(lambda: load_stored_shapes(gazetteer, boundaries, cache_dir))
    boundaries.stored_unions = lambda: stored()["unions"]
    boundaries.stored_bounds = lambda: stored()["bounds"]
    return PlaceShapes(lambda: stored()["shapes"])


def load_stored_shapes(gazetteer: Gazetteer, boundaries: Boundaries, cache_dir: Path | None) -> dict[str, dict]:
    """{"shapes": mention key -> a ``PlaceShape`` packed, "unions": keys of parts -> WKB, "bounds": key ->
    its polygon's box}, from the cache or built (and cached) when their inputs changed."""
    cache_file = cache_dir / f"shapes-{_fingerprint(gazetteer, boundaries)}.pickle" if cache_dir else None
    stored = read_cached(cache_file)
    if stored is None:
        log.info("building the shapes of the gazetteer's areas")
        stored = build_stored_shapes(gazetteer, boundaries)
        write_cached(cache_file, stored)
    return stored


def build_stored_shapes(gazetteer: Gazetteer, boundaries: Boundaries) -> dict[str, dict]:
    unions = {parts: shapely.to_wkb(boundaries.build_union(parts)) for parts in set(gazetteer.macro_parts.values())}
    # Built with boundaries of their own, which read the unions just built (not the store being built).
    building = Boundaries(boundaries.boundaries_dir, boundaries.cache_dir)
    building.stored_unions = lambda: unions
    shapes = {
        key: packed(shape)
        for key, shape in chain(
            resolve.named_area_shapes(gazetteer, building),
            resolve.country_part_shapes(gazetteer, building),
            resolve.town_area_shapes(gazetteer, building),
        )
    }
    return {"shapes": shapes, "unions": unions, "bounds": boundaries.all_bounds()}


def packed(shape: resolve.PlaceShape) -> bytes:
    """A shape's fields as marshal's bytes: its GeoJSON is plain tuples of floats, which marshal reads back
    in half the time pickle takes (a country's outline is thousands of them, read the first time a process
    meets it: a tenth of the geoparsing of the first real articles a process reads)."""
    return marshal.dumps((shape.key, shape.name, shape.feature, shape.lat, shape.lon, shape.geometry))


def unpacked(data: bytes) -> resolve.PlaceShape:
    return resolve.PlaceShape(*marshal.loads(data))


def _fingerprint(gazetteer: Gazetteer, boundaries: Boundaries) -> str:
    """A hash of everything a stored shape depends on: the areas, their parts and sketches, the
    boundary files and the code that draws them."""
    areas = [entry for entry in gazetteer.entries.values() if entry.feature != "city"]
    digest = hashlib.sha256(f"{STORE_FORMAT}:{boundaries.digest}".encode())
    digest.update(repr((areas, sorted(gazetteer.macro_parts.items()), sorted(gazetteer.sketches.items()))).encode())
    for path in SHAPE_CODE:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
