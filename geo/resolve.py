"""Choose one place for each mention, from the whole document, and build its geometry.

A candidate's score adds a prior (feature type and population) to what the
document says: the countries it names, a qualifier right after the name
("Kharkiv, Ukraine", "the Kursk area of Russia"), the regions it names
that contain the candidate, the places it names without doubt nearby, and for
"London, Ontario" the region that holds the place before the comma. The
runners-up are kept so an analyst can switch.
"""

from __future__ import annotations

import bisect
import logging
import math
import re
from collections import Counter
from dataclasses import dataclass, field, replace

import numpy as np
import shapely
from shapely.geometry import Point

from geo import geometry as geom
from geo.gazetteer import Gazetteer
from geo.geometry import Boundaries
from geo.models import GazetteerEntry, NameSpan, PlaceMention, ResolvedPlace

log = logging.getLogger(__name__)

# A region beats a town of the same name, not a city: "New Mexico" the state, "Kherson" the city.
FEATURE_PRIOR = {"country": 1.0, "macro": 0.9, "natural": 0.9, "admin1": 0.75}
COUNTRY_IN_DOCUMENT_BONUS = 0.15
QUALIFIER_BONUS = 0.6
CONTAINING_REGION_BONUS = 0.35
NEARBY_PLACE_BONUS = 0.25
NEARBY_KM = 300.0
FUZZY_PENALTY = 0.1

DIRECTION_ADJECTIVES = {
    "east": "Eastern", "west": "Western", "north": "Northern", "south": "Southern", "centre": "Central",
    "northeast": "North-eastern", "northwest": "North-western", "southeast": "South-eastern",
    "southwest": "South-western",
}  # fmt: skip

# Radius of "the X area" / "near X", by the place's population (≥ threshold → km).
AREA_RADIUS_KM = ((1_000_000, 40.0), (100_000, 25.0), (0, 15.0))

_QUALIFIER_GAP = re.compile(r"^(?:\s+(?:area|region)?\s*(?:of|in)\s+|,\s*|\s*\()(?:the\s+)?$")


@dataclass(frozen=True)
class DocumentContext:
    countries: Counter  # ISO2 -> how often the document names the country or a place in it
    regions: tuple[str, ...]  # admin1 keys the document names unambiguously
    anchors: tuple[GazetteerEntry, ...] = ()  # towns and cities the document names unambiguously, by latitude
    # The same name recurs in a document: what the context says of a candidate, by key, is kept.
    bonuses: dict = field(default_factory=dict, compare=False, repr=False)
    # The anchors' coordinates as arrays, so one containment test covers them all.
    anchor_lons: np.ndarray = field(default_factory=lambda: np.empty(0), compare=False, repr=False)
    anchor_lats: np.ndarray = field(default_factory=lambda: np.empty(0), compare=False, repr=False)
    anchor_lat_list: tuple[float, ...] = ()  # the same, searched by bisect for the few within reach


@dataclass(frozen=True)
class PlaceShape:
    """What a mention's geometry resolves to; the same for every mention of the same place."""

    key: str
    name: str
    feature: str
    lat: float
    lon: float
    geometry: dict  # GeoJSON


def resolve_mentions(
    text: str,
    mentions: list[PlaceMention],
    gazetteer: Gazetteer,
    boundaries: Boundaries,
    shapes: dict | None = None,
) -> list[ResolvedPlace]:
    """Each mention tied to one place. ``shapes`` caches geometry across documents:
    simplifying Russia's outline once, not once per mention."""
    context = _document_context(mentions)
    shapes = {} if shapes is None else shapes
    names = _NamesInOrder(mentions)
    resolved = []
    for mention in mentions:
        place = _resolve(text, mention, names, context, gazetteer, boundaries, shapes)
        if place:
            resolved.append(place)
    return resolved


def _document_context(mentions: list[PlaceMention]) -> DocumentContext:
    countries: Counter = Counter()
    regions = []
    anchors = []
    for mention in mentions:
        for name in mention.names:
            features = {c.feature for c in name.candidates}
            for candidate in name.candidates:
                if candidate.feature == "country":
                    countries[candidate.country] += 1
            if len(name.candidates) == 1 and features == {"admin1"}:
                regions.append(name.candidates[0].key)
                countries[name.candidates[0].country] += 1
            if len(name.candidates) == 1 and features == {"city"} and not name.fuzzy:
                anchors.append(name.candidates[0])
                countries[name.candidates[0].country] += 1
    anchors.sort(key=lambda a: a.lat)
    lats = tuple(a.lat for a in anchors)
    lons = np.array([a.lon for a in anchors], dtype=float)
    return DocumentContext(countries, tuple(regions), tuple(anchors), anchor_lons=lons,
                           anchor_lats=np.array(lats, dtype=float), anchor_lat_list=lats)  # fmt: skip


class _NamesInOrder:
    """The document's names by start, for "the next name after this one" without a scan."""

    def __init__(self, mentions: list[PlaceMention]) -> None:
        self.mentions = mentions
        # Sorted by start, then by text order of the mention, as min() over the mentions would pick.
        self.names = sorted((n for m in mentions for n in m.names), key=lambda n: n.start)
        self.starts = [n.start for n in self.names]

    def first_from(self, offset: int) -> NameSpan | None:
        at = bisect.bisect_left(self.starts, offset)
        return self.names[at] if at < len(self.names) else None


def _resolve(
    text: str,
    mention: PlaceMention,
    mentions: _NamesInOrder,
    context: DocumentContext,
    gazetteer: Gazetteer,
    boundaries: Boundaries,
    shapes: dict,
) -> ResolvedPlace | None:
    names = mention.names
    if mention.form in ("part", "border"):  # "eastern X", "the X-Y border": X is an area, never a town
        names = tuple(_areas_only(name) for name in names)
    ranked = [_rank(text, name, context, gazetteer, boundaries, mentions) for name in names]
    chosen = [r[0] for r in ranked]
    entries = [c.entry for c in chosen]
    cache_key = (mention.form, mention.direction, tuple(e.key for e in entries))
    if cache_key not in shapes:
        shapes[cache_key] = _place_shape(mention, entries, gazetteer, boundaries)
    shape = shapes[cache_key]
    if shape is None:
        return None  # e.g. a "border" between regions that share none: not a place we can draw
    first = chosen[0]
    return ResolvedPlace(
        mention=mention.text,
        start=mention.start,
        end=mention.end,
        key=shape.key,
        name=shape.name,
        feature=shape.feature,
        country=_common_country(entries),
        lat=shape.lat,
        lon=shape.lon,
        geometry=shape.geometry,
        score=min(_share(c, _total(r)) for c, r in zip(chosen, ranked, strict=True)),
        geonameid=first.entry.geonameid if mention.form == "name" else None,
        alternatives=tuple((c.entry.key, _label(c.entry), _share(c, _total(ranked[0]))) for c in ranked[0][1:4]),
    )


def _areas_only(name: NameSpan) -> NameSpan:
    areas = tuple(c for c in name.candidates if c.feature != "city")
    return replace(name, candidates=areas or name.candidates)


def _share(scored: _Scored, total: float) -> float:
    """A candidate's share of its name's ranking (``total``): 1.0 when the name fits one place only."""
    return round(max(scored.score, 0.0) / total, 3) if total else 0.0


def _total(ranking: list[_Scored]) -> float:
    return sum(max(s.score, 0.0) for s in ranking)


@dataclass(frozen=True)
class _Scored:
    entry: GazetteerEntry
    score: float


def _rank(
    text: str,
    name: NameSpan,
    context: DocumentContext,
    gazetteer: Gazetteer,
    boundaries: Boundaries,
    mentions: _NamesInOrder,
) -> list[_Scored]:
    qualifiers = _qualifiers(text, name, mentions)
    qualified = _place_before_comma(text, name, mentions.mentions)
    scored = []
    for candidate in name.candidates:
        in_country, in_region, near, holds = _context_bonuses(candidate, context, boundaries)
        # The terms are added in one fixed order, so a score is the same float however it was reached.
        score = prior(candidate)
        if in_country:
            score += COUNTRY_IN_DOCUMENT_BONUS
        if candidate.feature != "country":
            score += _qualified(candidate, qualifiers, boundaries)
        if in_region:
            score += CONTAINING_REGION_BONUS
        if near:
            score += NEARBY_PLACE_BONUS
        if holds:
            score += CONTAINING_REGION_BONUS  # "Victoria" in a report from Melbourne
        if qualified and _holds_any(candidate, qualified, boundaries):
            score += QUALIFIER_BONUS
        if name.fuzzy:
            score -= FUZZY_PENALTY
        scored.append(_Scored(candidate, score))
    return sorted(scored, key=lambda s: (-s.score, s.entry.key))


def _context_bonuses(
    candidate: GazetteerEntry, context: DocumentContext, boundaries: Boundaries
) -> tuple[bool, bool, bool, bool]:
    """(its country named, inside a named region, near an anchor, holds an anchor): what the whole
    document says of a candidate, the same at each of its mentions, so worked out once."""
    known = context.bonuses.get(candidate.key)
    if known is None:
        city = candidate.feature == "city"
        known = context.bonuses[candidate.key] = (
            bool(candidate.country and context.countries.get(candidate.country)),
            city and _inside_named_region(candidate, context, boundaries),
            city and _near_anchor(candidate, context),
            candidate.feature == "admin1" and _holds_anchor(candidate, context, boundaries),
        )
    return known


def prior(candidate: GazetteerEntry) -> float:
    if candidate.feature in FEATURE_PRIOR:
        return FEATURE_PRIOR[candidate.feature]
    # Cities: 15k people → 0.72, 1M → 0.9, 10M → 0.95.
    return 0.3 + 0.1 * math.log10(max(candidate.population, 1))


def _qualifiers(text: str, name: NameSpan, mentions: _NamesInOrder) -> tuple[GazetteerEntry, ...]:
    """The regions or countries named right after the name: "Kharkiv, Ukraine", "the Kursk area
    of Russia", "Paris, Texas", "Alexandria, Va."."""
    nearest = mentions.first_from(name.end)
    if nearest is None:
        return ()
    if not _QUALIFIER_GAP.match(text[name.end : nearest.start]):
        return ()
    return tuple(c for c in nearest.candidates if c.feature in ("country", "admin1"))


def _qualified(candidate: GazetteerEntry, qualifiers: tuple[GazetteerEntry, ...], boundaries: Boundaries) -> float:
    """The qualifier bonus: full inside a named region or country, a third in its country only."""
    bonus = 0.0
    for qualifier in qualifiers:
        if qualifier.country != candidate.country or candidate.key == qualifier.key:
            continue
        if qualifier.feature == "country":
            return QUALIFIER_BONUS
        if boundaries.contains(qualifier.key, candidate.lon, candidate.lat):
            return QUALIFIER_BONUS
        bonus = QUALIFIER_BONUS / 3
    return bonus


def _place_before_comma(text: str, name: NameSpan, mentions: list[PlaceMention]) -> NameSpan | None:
    """In "London, Ontario", the name "London" before "Ontario"."""
    if text[max(0, name.start - 2) : name.start] not in (", ",) and text[name.start - 1 : name.start] != ",":
        return None  # no comma right before: the common case, answered without a search
    for mention in mentions:
        for other in mention.names:
            if other.end < name.start and text[other.end : name.start] in (", ", ","):
                return other
    return None


def _holds_any(candidate: GazetteerEntry, qualified: NameSpan, boundaries: Boundaries) -> bool:
    """Whether a region or country candidate contains one of the candidates of the name before it."""
    if candidate.feature not in ("admin1", "country"):
        return False
    return any(c.feature == "city" and boundaries.contains(candidate.key, c.lon, c.lat) for c in qualified.candidates)


def _holds_anchor(candidate: GazetteerEntry, context: DocumentContext, boundaries: Boundaries) -> bool:
    polygon = boundaries.polygon(candidate.key)
    if polygon is None or not context.anchors:
        return False
    return bool(shapely.contains_xy(polygon, context.anchor_lons, context.anchor_lats).any())


def _near_anchor(candidate: GazetteerEntry, context: DocumentContext) -> bool:
    # A degree of latitude is 111 km: the anchors within that band are the few to measure.
    reach = NEARBY_KM / 111.0
    first = bisect.bisect_left(context.anchor_lat_list, candidate.lat - reach)
    last = bisect.bisect_right(context.anchor_lat_list, candidate.lat + reach)
    return any(
        anchor.key != candidate.key
        and geom.great_circle_km(candidate.lat, candidate.lon, anchor.lat, anchor.lon) <= NEARBY_KM
        for anchor in context.anchors[first:last]
    )


def _inside_named_region(candidate: GazetteerEntry, context: DocumentContext, boundaries: Boundaries) -> bool:
    return any(boundaries.contains(key, candidate.lon, candidate.lat) for key in context.regions)


def place_for_key(key: str, gazetteer: Gazetteer, boundaries: Boundaries) -> dict:
    """The stored form of a gazetteer place chosen by hand (an analyst's correction)."""
    entry = gazetteer.entry(key)
    name = NameSpan(entry.name, 0, len(entry.name), (entry,))
    mention = PlaceMention(entry.name, 0, len(entry.name), "name", (name,))
    shape = _place_shape(mention, [entry], gazetteer, boundaries)
    if shape is None:
        raise ValueError(f"no geometry for {key}")
    return {"key": shape.key, "name": shape.name, "feature": shape.feature, "country": entry.country,
            "lat": shape.lat, "lon": shape.lon, "geonameid": entry.geonameid, "geometry": shape.geometry}  # fmt: skip


def _place_shape(
    mention: PlaceMention, entries: list[GazetteerEntry], gazetteer: Gazetteer, boundaries: Boundaries
) -> PlaceShape | None:
    try:
        shape, key, name, feature = _mention_geometry(mention, entries, gazetteer, boundaries)
    except ValueError:
        return None
    if shape.is_empty:
        log.warning("%s %r has an empty geometry; not placed", mention.form, mention.text)
        return None
    point = shape.representative_point() if shape.geom_type != "Point" else shape
    return PlaceShape(key, name, feature, round(point.y, 5), round(point.x, 5), geom.to_geojson(shape))


def _mention_geometry(
    mention: PlaceMention, entries: list[GazetteerEntry], gazetteer: Gazetteer, boundaries: Boundaries
):
    """(shape, key, display name, feature) for what the mention names."""
    entry = entries[0]
    if mention.form == "border":
        a, b = (_area_of(e, gazetteer, boundaries) for e in entries[:2])
        names = " – ".join(_label(e) for e in entries[:2])
        keys = "|".join(sorted(e.key for e in entries[:2]))
        return geom.shared_border(a, b), f"border:{keys}", f"{names} border", "border"
    if mention.form == "part":
        part = geom.directional_part(_area_of(entry, gazetteer, boundaries), mention.direction)
        label = f"{DIRECTION_ADJECTIVES[mention.direction]} {_label(entry)}"
        return part, f"part:{mention.direction}:{entry.key}", label, "part"
    if mention.form == "area" and entry.feature == "city":
        radius = _area_radius_km(entry)
        shape = geom.buffer_km(Point(entry.lon, entry.lat), radius)
        return shape, f"area:{entry.key}:{radius:g}km", f"{_label(entry)} area", "area"
    return _area_of(entry, gazetteer, boundaries), entry.key, _label(entry), entry.feature


def _area_of(entry: GazetteerEntry, gazetteer: Gazetteer, boundaries: Boundaries):
    if entry.feature == "city":
        return Point(entry.lon, entry.lat)
    if entry.feature == "natural":
        return geom.sketch(gazetteer.sketches[entry.key])
    if entry.feature == "macro":
        parts = [boundaries.polygon(k) for k in gazetteer.macro_parts.get(entry.key, ())]
        return geom.union([p for p in parts if p is not None])
    polygon = boundaries.polygon(entry.key)
    if polygon is None:
        raise ValueError(f"no boundary for {entry.key}")
    return polygon


def _area_radius_km(entry: GazetteerEntry) -> float:
    return next(radius for threshold, radius in AREA_RADIUS_KM if entry.population >= threshold)


def _label(entry: GazetteerEntry) -> str:
    return entry.name


def _common_country(entries: list[GazetteerEntry]) -> str | None:
    countries = {e.country for e in entries}
    return countries.pop() if len(countries) == 1 else None
