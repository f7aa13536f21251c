"""Geometry for places: boundary polygons, buffers, directional parts and borders.

Everything here takes and returns shapely geometries in longitude/latitude
(WGS 84). Shapely has no units, so distances carry theirs in their names and
each function says which projection it measures in.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable
from functools import cached_property, partial
from pathlib import Path

import numpy as np
import shapely
from shapely.affinity import scale, translate
from shapely.geometry import GeometryCollection, LineString, MultiPolygon, Point, Polygon, box, mapping, shape
from shapely.geometry.base import BaseGeometry

from geo.cache import read_cached, write_cached

KM_PER_DEGREE = 111.32
EARTH_RADIUS_KM = 6371.0088
RIVER_BAND_KM = 8.0  # each side of a river's sketched course
DISPLAY_TOLERANCE_DEG = 0.01  # ≈ 1 km: finer than the boundary data itself
COORDINATE_GRID_DEG = 0.0001
BORDER_GAP_DEG = 0.05  # how far apart two regions' outlines may be and still share a border

# Share of a region's east-west (or north-south) extent that "eastern X" (…) covers.
DIRECTIONAL_SHARE = 0.4
MIN_CORNER_SHARE = 0.02  # a corner cut holding less of a region than this is cut across the diagonal
REMOTE_GAP_KM = 150.0  # a group of a region's polygons this far from the rest is outlying …
REMOTE_SHARE = 0.25  # … when it holds less than this share of the region's area


class Boundaries:
    """Country and first-level region polygons, loaded on first use.

    Parsing 10 MB of GeoJSON costs seconds, so the shapes are cached on disk as
    WKB beside the gazetteer and each is only rebuilt when it is asked for.
    """

    def __init__(self, boundaries_dir: Path, cache_dir: Path | None = None) -> None:
        self.boundaries_dir = boundaries_dir
        self.cache_dir = cache_dir
        self._shapes: dict[str, BaseGeometry] = {}
        self._bounds: dict[str, tuple[float, float, float, float]] = {}
        self._unions: dict[tuple[str, ...], BaseGeometry] = {}
        # Unions built before, as WKB by their keys (``geo.place_shapes`` sets it): read, not built again.
        self.stored_unions: Callable[[], dict[tuple[str, ...], bytes]] = dict
        # Every polygon's box by key, measured before (``geo.place_shapes`` sets it): most points asked
        # about lie outside the box of a region a process has not met yet, which is then never read.
        self.stored_bounds: Callable[[], dict[str, tuple[float, float, float, float]]] = dict

    @cached_property
    def _files(self) -> list[Path]:
        kinds = ("countries", "admin1", "admin2", "marine", "districts", "provinces")
        return [self.boundaries_dir / f"{kind}.geojson" for kind in kinds]

    @cached_property
    def digest(self) -> str:
        """A hash of the boundary files: the caches built from them are named by it."""
        return hashlib.sha256(b"".join(f.read_bytes() for f in self._files)).hexdigest()[:16]

    @cached_property
    def _wkb(self) -> dict[str, bytes]:
        files = self._files
        cache = self.cache_dir / f"boundaries-{self.digest}.pickle" if self.cache_dir else None
        wkb = read_cached(cache)
        if wkb is None:
            wkb = {f"country:{k}": v for k, v in _load_wkb(files[0]).items()}
            wkb.update({f"admin1:{k}": v for k, v in _load_wkb(files[1]).items()})
            wkb.update({f"admin2:{k}": v for k, v in _load_wkb(files[2]).items()})
            wkb.update({f"marine:{k}": v for k, v in _load_wkb(files[3]).items()})
            wkb.update({f"admin2:{k}": v for k, v in _load_wkb(files[4]).items()})
            wkb.update({f"admin1:{k}": v for k, v in _load_wkb(files[5]).items()})
            write_cached(cache, wkb)
        return wkb

    def polygon(self, key: str) -> BaseGeometry | None:
        """The polygon of "country:UA", "admin1:RU-tuva" or "admin2:US-21125", None for other keys."""
        if key not in self._shapes:
            wkb = self._wkb.get(key)
            if wkb is None:
                return None
            self._shapes[key] = shapely.from_wkb(wkb)
            shapely.prepare(self._shapes[key])  # containment tests run many times per document
            self._bounds[key] = tuple(self._shapes[key].bounds)
        return self._shapes[key]

    def bounds(self, key: str) -> tuple[float, float, float, float] | None:
        """The box (west, south, east, north) of the polygon of ``key``, None for keys without one: the
        stored box where there is one, the polygon's own (read for it) where not."""
        known = self._bounds.get(key)
        if known is None:
            known = self.stored_bounds().get(key)
            if known is None and self.polygon(key) is not None:
                known = self._bounds[key]
        return known

    def all_bounds(self) -> dict[str, tuple[float, float, float, float]]:
        """Every polygon's box, by key, as ``bounds`` gives it (for the stored shapes)."""
        keys = list(self._wkb)
        boxes = shapely.bounds(shapely.from_wkb([self._wkb[key] for key in keys])).tolist()
        return {key: tuple(box) for key, box in zip(keys, boxes, strict=True)}

    def union(self, keys: tuple[str, ...]) -> BaseGeometry:
        """The union of the polygons of ``keys`` (a continent's countries), built once per process
        or read from the stored unions: joining fifty countries costs a tenth of a second."""
        if keys not in self._unions:
            wkb = self.stored_unions().get(keys)
            self._unions[keys] = self.build_union(keys) if wkb is None else shapely.from_wkb(wkb)
        return self._unions[keys]

    def build_union(self, keys: tuple[str, ...]) -> BaseGeometry:
        return union([polygon for key in keys if (polygon := self.polygon(key)) is not None])

    def contains(self, key: str, lon: float, lat: float) -> bool:
        """Whether the polygon of ``key`` holds the point; False for keys without one.

        Most points asked about lie outside the polygon's box, which plain comparisons answer
        faster than a call into GEOS, and without reading the polygon where its box is stored."""
        bounds = self.bounds(key)
        if bounds is None:
            return False
        west, south, east, north = bounds
        return west <= lon <= east and south <= lat <= north and bool(shapely.contains_xy(self.polygon(key), lon, lat))

    def contains_many(self, key: str, lons: np.ndarray, lats: np.ndarray) -> np.ndarray:
        """``contains`` for arrays of points: which of them the polygon of ``key`` holds (none for keys
        without one); GEOS is asked only about the points within its box."""
        bounds = self.bounds(key)
        if bounds is None:
            return np.zeros(len(lons), dtype=bool)
        west, south, east, north = bounds
        inside = (west <= lons) & (lons <= east) & (south <= lats) & (lats <= north)
        if inside.any():
            inside[inside] = shapely.contains_xy(self.polygon(key), lons[inside], lats[inside])
        return inside


def _load_wkb(path: Path) -> dict[str, bytes]:
    collection = json.loads(path.read_text(encoding="utf-8"))
    return {feature["id"]: shapely.to_wkb(shape(feature["geometry"])) for feature in collection["features"]}


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def great_circle_km_many(lat, lon, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    """``great_circle_km`` between arrays of points, broadcast as numpy does (one point to many, or a
    column of points to a row of them)."""
    phi1, phi2 = np.radians(lat), np.radians(lats)
    dphi, dlambda = phi2 - phi1, np.radians(lons - lon)
    a = np.sin(dphi / 2) ** 2 + np.cos(phi1) * np.cos(phi2) * np.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(a)))


def buffer_km(geometry: BaseGeometry, radius_km: float) -> BaseGeometry:
    """Buffer by a distance on the ground.

    Computed in a local equirectangular projection centred on the geometry
    (longitudes scaled by the cosine of its latitude), good to a few per cent
    for buffers of tens of kilometres away from the poles.
    """
    centre = geometry.centroid
    stretch = max(math.cos(math.radians(centre.y)), 0.05)
    local = scale(geometry, xfact=stretch, yfact=1.0, origin=(0, 0))
    buffered = local.buffer(radius_km / KM_PER_DEGREE, quad_segs=8)
    return scale(buffered, xfact=1 / stretch, yfact=1.0, origin=(0, 0))


def disc_km(lon: float, lat: float, radius_km: float) -> Polygon:
    """``buffer_km`` of the point (lon, lat), the same polygon to the last bit: the same GEOS buffer
    and the same arithmetic as shapely's ``scale`` about (0, 0), term by term, without its helpers,
    which cost as much as the buffer itself ("near X" draws a new disc for each town first named so)."""
    stretch = max(math.cos(math.radians(lat)), 0.05)
    local = shapely.points(stretch * lon + 0.0 * lat + 0.0, 0.0 * lon + 1.0 * lat + 0.0)
    buffered = shapely.buffer(local, radius_km / KM_PER_DEGREE, quad_segs=8)
    return shapely.transform(buffered, partial(_scaled_x, 1 / stretch))


def _scaled_x(xfact: float, coords: np.ndarray) -> np.ndarray:
    """Coordinates scaled along x about (0, 0), as ``shapely.affinity.scale`` computes them."""
    x, y = coords.T
    return np.stack([xfact * x + 0.0 * y + 0.0, 0.0 * x + 1.0 * y + 0.0]).T


def sketch(spec: dict) -> BaseGeometry:
    """A natural feature's area from its hand-drawn sketch: a river's course as a band, or a disc."""
    if "line" in spec:
        return buffer_km(LineString(spec["line"]), RIVER_BAND_KM)
    return buffer_km(Point(spec["point"]), float(spec["radius_km"]))


def directional_part(region: BaseGeometry, direction: str, share: float = DIRECTIONAL_SHARE) -> BaseGeometry:
    """The eastern, northern, … part of a region: the given share of its extent on that side.

    Works across the antimeridian (Russia, Fiji): the region is unwrapped to
    continuous longitudes, cut, and split back at 180°.
    """
    unwrapped = _main_body(unwrap_antimeridian(region))
    minx, miny, maxx, maxy = unwrapped.bounds
    width, height = maxx - minx, maxy - miny
    if direction == "centre":
        cutter = box(minx + width * 0.3, miny + height * 0.3, maxx - width * 0.3, maxy - height * 0.3)
    else:
        cutter = box(minx, miny, maxx, maxy)
        for part in _compass_parts(direction):
            cutter = cutter.intersection(_side_box(part, unwrapped.bounds, share))
        if (
            len(_compass_parts(direction)) == 2
            and unwrapped.intersection(cutter).area < MIN_CORNER_SHARE * unwrapped.area
        ):
            # A country that lies across its box leaves a corner empty ("north-west Pakistan" is
            # Afghanistan's corner of the box): cut across the diagonal instead.
            cutter = _diagonal_cutter(unwrapped, direction, share)
    return wrap_antimeridian(unwrapped.intersection(cutter))


def _main_body(region: BaseGeometry) -> BaseGeometry:
    """A region without its outlying pieces: the groups of its polygons that lie more than about
    REMOTE_GAP_KM from the rest and hold under REMOTE_SHARE of its area each. "Eastern United States"
    is not the Aleutians, "northern Norway" not Svalbard, "eastern France" not Corsica; East Malaysia,
    half the country, stays."""
    if not isinstance(region, MultiPolygon):
        return region
    parts = list(region.geoms)
    groups = _groups_within(parts, REMOTE_GAP_KM / KM_PER_DEGREE)
    if len(set(groups)) == 1:
        return region
    areas: dict[int, float] = {}
    for part, group in zip(parts, groups, strict=True):
        areas[group] = areas.get(group, 0.0) + _area_km2(part)
    largest, total = max(areas.values()), sum(areas.values())
    kept = [p for p, g in zip(parts, groups, strict=True) if areas[g] == largest or areas[g] >= REMOTE_SHARE * total]
    return MultiPolygon(kept) if len(kept) > 1 else kept[0]


def _groups_within(parts: list[Polygon], gap_deg: float) -> list[int]:
    """Each polygon's group: polygons linked by chains of gaps under ``gap_deg``, measured between
    their convex hulls (cheap; a hull only brings a piece nearer, so no piece is cut off by it)."""
    hulls = shapely.convex_hull(parts)
    left, right = shapely.STRtree(hulls).query(hulls, predicate="dwithin", distance=gap_deg)
    group = list(range(len(parts)))

    def root(i: int) -> int:
        while group[i] != i:
            group[i] = group[group[i]]
            i = group[i]
        return i

    for a, b in zip(left.tolist(), right.tolist(), strict=True):
        group[root(a)] = root(b)
    return [root(i) for i in range(len(parts))]


def _area_km2(polygon: Polygon) -> float:
    return polygon.area * math.cos(math.radians(polygon.centroid.y)) * KM_PER_DEGREE**2


def _diagonal_cutter(region: BaseGeometry, direction: str, share: float) -> Polygon:
    """The part of the region's box beyond a line across the given diagonal ("northwest"), placed so
    that it holds ``share`` of the region's extent along that diagonal (the box's sides scaled alike)."""
    minx, miny, maxx, maxy = region.bounds
    width, height = (maxx - minx) or 1.0, (maxy - miny) or 1.0
    sign_x = 1 if "east" in direction else -1
    sign_y = 1 if "north" in direction else -1

    def along(x, y):  # how far along the diagonal, the box scaled to a unit square (numbers or arrays)
        return sign_x * (x - minx) / width + sign_y * (y - miny) / height

    scores = along(*shapely.get_coordinates(region.boundary).T)
    threshold = scores.max() - share * (scores.max() - scores.min())
    # The box's corners beyond the line, in order, and where the line crosses its sides.
    corners = [(minx, miny), (maxx, miny), (maxx, maxy), (minx, maxy)]
    kept = []
    for a, b in zip(corners, corners[1:] + corners[:1], strict=True):
        at_a, at_b = along(*a) - threshold, along(*b) - threshold
        if at_a >= 0:
            kept.append(a)
        if at_a * at_b < 0:
            t = at_a / (at_a - at_b)
            kept.append((a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])))
    return Polygon(kept) if len(kept) >= 3 else Polygon()


def _compass_parts(direction: str) -> list[str]:
    parts = [p for p in ("north", "south", "east", "west") if p in direction]
    if not parts:
        raise ValueError(f"direction {direction!r} is not one of north, south, east, west, centre or a mix")
    return parts


def _side_box(side: str, bounds: tuple[float, float, float, float], share: float) -> Polygon:
    minx, miny, maxx, maxy = bounds
    width, height = maxx - minx, maxy - miny
    return {
        "east": box(maxx - width * share, miny, maxx, maxy),
        "west": box(minx, miny, minx + width * share, maxy),
        "north": box(minx, maxy - height * share, maxx, maxy),
        "south": box(minx, miny, maxx, miny + height * share),
    }[side]


def shared_border(a: BaseGeometry, b: BaseGeometry, width_km: float = 20.0) -> BaseGeometry:
    """The boundary two regions share, buffered to a band ``width_km`` wide on the ground."""
    if _apart(a.bounds, b.bounds, BORDER_GAP_DEG):
        # Most pairs a text joins by a dash share no border: their boxes tell, before a country is buffered.
        raise ValueError("the two regions share no border")
    touching = a.buffer(BORDER_GAP_DEG).intersection(b.boundary)  # absorbs simplification gaps
    if touching.is_empty:
        raise ValueError("the two regions share no border")
    return buffer_km(touching, width_km / 2)


def _apart(a: tuple[float, ...], b: tuple[float, ...], gap: float) -> bool:
    """Whether two boxes (west, south, east, north) are more than ``gap`` apart on either axis: a
    buffer of ``gap`` around what one holds cannot then reach the other (a margin on top for rounding)."""
    reach = gap * 1.5
    return a[0] - reach > b[2] or b[0] - reach > a[2] or a[1] - reach > b[3] or b[1] - reach > a[3]


def union(parts: list[BaseGeometry]) -> BaseGeometry:
    return shapely.union_all(parts)


def unwrap_antimeridian(geometry: BaseGeometry) -> BaseGeometry:
    """Shift the western-hemisphere pieces of a region that crosses 180° by +360°."""
    polygons = list(geometry.geoms) if isinstance(geometry, MultiPolygon) else [geometry]
    east = any(p.bounds[2] >= 179.9 for p in polygons)
    west = any(p.bounds[0] <= -179.9 for p in polygons)
    if not (east and west):
        return geometry
    shifted = [translate(p, xoff=360) if p.bounds[2] <= 0 else p for p in polygons]
    return MultiPolygon(shifted) if len(shifted) > 1 else shifted[0]


def wrap_antimeridian(geometry: BaseGeometry) -> BaseGeometry:
    """Split at 180° and bring what lies east of it back to negative longitudes."""
    if geometry.bounds[2] <= 180:
        return geometry
    west = geometry.intersection(box(-180, -90, 180, 90))
    east = translate(geometry.intersection(box(180, -90, 540, 90)), xoff=-360)
    return shapely.union_all([west, east])


def to_geojson(geometry: BaseGeometry) -> dict:
    """GeoJSON for display and storage: simplified, on a 0.0001° grid, polygons only as areas."""
    if type(geometry) is Point and not geometry.is_empty and not geometry.has_z:
        return point_geojson(geometry.x, geometry.y)
    if geometry.geom_type not in ("Point", "MultiPoint"):
        geometry = geometry.simplify(DISPLAY_TOLERANCE_DEG, preserve_topology=True)
    geometry = shapely.set_precision(geometry, COORDINATE_GRID_DEG)
    if isinstance(geometry, GeometryCollection):
        polygons = [g for g in geometry.geoms if g.geom_type in ("Polygon", "MultiPolygon")]
        geometry = shapely.union_all(polygons)
    return _mapping(geometry)


def point_geojson(lon: float, lat: float) -> dict:
    """``to_geojson`` of a point: a town's, the most common shape a document meets first, put on the
    grid as GEOS does, without building the precision model and a new geometry (a tenth of a new
    article's geoparse)."""
    return {"type": "Point", "coordinates": (_on_grid(lon), _on_grid(lat))}


GRID_SCALE = 1 / COORDINATE_GRID_DEG  # 10000.0, GEOS's scale for this grid


def _on_grid(value: float) -> float:
    """A coordinate as ``shapely.set_precision`` puts it on the grid: GEOS's ``makePrecise``, which
    rounds the scaled value as Java's ``Math.round`` did (half up, away from zero only for a positive
    value; a small negative one to -0.0)."""
    scaled = value * GRID_SCALE
    fraction, whole = math.modf(scaled)
    fraction = abs(fraction)
    if scaled >= 0:
        rounded = math.floor(scaled) if fraction < 0.5 else math.ceil(scaled) if fraction > 0.5 else whole + 1.0
    else:
        rounded = math.ceil(scaled) if fraction < 0.5 else math.floor(scaled) if fraction > 0.5 else whole
    # math's floor and ceil give integers: a zero takes the sign C's would have kept
    return (float(rounded) or math.copysign(0.0, scaled)) / GRID_SCALE


def _mapping(geometry: BaseGeometry) -> dict:
    """shapely's ``mapping``, the same tuples and lists, with each ring's coordinates read at once:
    shapely reads them a point at a time, most of the time it takes to place a region first seen."""
    if geometry.geom_type == "Polygon":
        return {"type": "Polygon", "coordinates": () if geometry.exterior.is_empty else _rings(geometry)}
    if geometry.geom_type == "MultiPolygon":
        return {"type": "MultiPolygon", "coordinates": [_rings(polygon) for polygon in geometry.geoms]}
    return mapping(geometry)


def _rings(polygon: Polygon) -> tuple:
    return tuple(tuple(map(tuple, np.asarray(ring.coords).tolist())) for ring in (polygon.exterior, *polygon.interiors))


def compact(geometry: dict, digits: int = 4) -> dict:
    """A GeoJSON geometry with coordinates rounded (4 digits is 11 m; the boundaries are good to
    about a kilometre) and its ``bbox`` member [west, south, east, north], GeoJSON's own."""
    xs, ys = [], []
    geometry["coordinates"] = _rounded(geometry.get("coordinates") or [], digits, xs, ys)
    if xs:
        geometry["bbox"] = [min(xs), min(ys), max(xs), max(ys)]
    return geometry


def _rounded(coordinates, digits: int, xs: list, ys: list):
    if coordinates and isinstance(coordinates[0], (int, float)):
        x, y = round(coordinates[0], digits), round(coordinates[1], digits)
        xs.append(x)
        ys.append(y)
        return [x, y, *coordinates[2:]]
    return [_rounded(part, digits, xs, ys) for part in coordinates]
