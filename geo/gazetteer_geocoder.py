"""The offline gazetteer as a whole geopy geocoder: qualified queries, ranked candidates, reverse.

``geocode("Paris, Texas")``, ``geocode("Dublin, Ga.")``, ``geocode("Springfield, Illinois")``:
each part after a comma is a country, a first-level region (or its news abbreviation) or a county
that the place must lie in. ``exactly_one=False`` gives every candidate, best first, each with its
share of the ranking as ``raw["score"]``. ``reverse((lat, lon))`` gives the smallest place that
holds the point: the town whose centre is within reach, else the county, region and country
whose polygons hold it (all of them, smallest first, with ``exactly_one=False``).
"""

from __future__ import annotations

from functools import cached_property

import numpy as np
import shapely
from geopy.geocoders.base import Geocoder
from geopy.location import Location
from geopy.point import Point

from geo.gazetteer import Gazetteer
from geo.geometry import EARTH_RADIUS_KM, Boundaries
from geo.models import GazetteerEntry
from geo.resolve import prior
from geo.text import fold

QUALIFIER_FEATURES = ("country", "admin1", "admin2", "macro")
# A point this close to a town's centre is in the town (GeoNames gives towns a point, not a shape);
# larger towns reach further.
TOWN_REACH_KM = ((1_000_000, 25.0), (100_000, 12.0), (0, 5.0))
POLYGON_ORDER = {"admin2": 0, "admin1": 1, "country": 2}  # smallest first


class GazetteerGeocoder(Geocoder):
    """geopy's interface over the offline gazetteer (and its boundaries, for ``reverse``)."""

    def __init__(self, gazetteer: Gazetteer, boundaries: Boundaries | None = None) -> None:
        super().__init__()
        self.gazetteer = gazetteer
        self.boundaries = boundaries

    # --- forward ----------------------------------------------------------------------------

    def geocode(self, query: str, *, exactly_one: bool = True, limit: int | None = None, **_ignored):
        ranked = self.candidates(str(query))
        if not ranked:
            return None
        total = sum(score for _, score in ranked)
        locations = [self._location(entry, round(score / total, 3)) for entry, score in ranked[:limit]]
        return locations[0] if exactly_one else locations

    def candidates(self, query: str) -> list[tuple[GazetteerEntry, float]]:
        """(place, score) for the query, best first: the whole query as a name, else its first part
        inside every qualifier after it."""
        whole = self.gazetteer.lookup(fold(query))
        if whole:
            return self._ranked(whole)
        name, *qualifiers = (part.strip() for part in query.split(","))
        candidates = self.gazetteer.lookup(fold(name))
        for qualifier in filter(None, qualifiers):
            places = self._qualifier_places(qualifier)
            if not places:
                return []  # "Paris, Atlantis": no such qualifier, so no answer rather than a guess
            candidates = tuple(c for c in candidates if any(self._inside(c, p) for p in places))
        return self._ranked(candidates)

    def _qualifier_places(self, qualifier: str) -> list[GazetteerEntry]:
        abbreviated = self.gazetteer.region_abbreviations.get(qualifier) or self.gazetteer.region_abbreviations.get(
            qualifier + "."
        )
        if abbreviated:
            return [self.gazetteer.entry(abbreviated)]
        return [e for e in self.gazetteer.lookup(fold(qualifier)) if e.feature in QUALIFIER_FEATURES]

    def _ranked(self, candidates) -> list[tuple[GazetteerEntry, float]]:
        return sorted(((c, prior(c)) for c in candidates), key=lambda pair: (-pair[1], pair[0].key))

    def _location(self, entry: GazetteerEntry, score: float) -> Location:
        raw = {"key": entry.key, "name": entry.name, "feature": entry.feature, "country": entry.country,
               "region": entry.region, "geonameid": entry.geonameid, "score": score}  # fmt: skip
        return Location(self._address(entry), (entry.lat, entry.lon), raw)

    def _address(self, entry: GazetteerEntry) -> str:
        """ "Paris, Texas, United States": the place, its region and its country, as far as known."""
        parts = [entry.name]
        if entry.region and entry.region != entry.key and entry.region in self.gazetteer.entries:
            parts.append(self.gazetteer.entry(entry.region).name)
        country = self.gazetteer.country(entry.country) if entry.country else None
        if country and country.key != entry.key:
            parts.append(country.name)
        return ", ".join(parts)

    def _inside(self, candidate: GazetteerEntry, place: GazetteerEntry) -> bool:
        if candidate.key == place.key:
            return False
        if place.feature == "country":
            return candidate.country == place.country
        if place.feature == "admin1" and candidate.region:
            return candidate.region == place.key
        if self.boundaries is None:
            return place.country is not None and candidate.country == place.country
        parts = self.gazetteer.macro_parts.get(place.key, (place.key,))
        return any(self.boundaries.contains(part, candidate.lon, candidate.lat) for part in parts)

    # --- reverse ----------------------------------------------------------------------------

    def reverse(self, query, *, exactly_one: bool = True, **_ignored):
        point = Point(query)
        holders = [*self._towns_at(point.latitude, point.longitude), *self._areas_at(point.latitude, point.longitude)]
        if not holders:
            return None
        locations = [self._location(entry, 1.0) for entry in holders]
        return locations[0] if exactly_one else locations

    @cached_property
    def _towns(self) -> tuple[list[GazetteerEntry], np.ndarray, np.ndarray, np.ndarray]:
        towns = [e for e in self.gazetteer.entries.values() if e.feature == "city"]
        lats = np.radians([e.lat for e in towns])
        lons = np.radians([e.lon for e in towns])
        reach = np.array([_reach_km(e.population) for e in towns])
        return towns, lats, lons, reach

    def _towns_at(self, lat: float, lon: float) -> list[GazetteerEntry]:
        towns, lats, lons, reach = self._towns
        phi, lam = np.radians(lat), np.radians(lon)
        a = np.sin((lats - phi) / 2) ** 2 + np.cos(phi) * np.cos(lats) * np.sin((lons - lam) / 2) ** 2
        distance_km = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(a, 1.0)))
        within = np.flatnonzero(distance_km <= reach)
        return [towns[i] for i in within[np.argsort(distance_km[within])][:1]]

    @cached_property
    def _polygons(self) -> tuple[list[GazetteerEntry], shapely.STRtree | None]:
        if self.boundaries is None:
            return [], None
        entries = [e for e in self.gazetteer.entries.values() if e.feature in POLYGON_ORDER]
        shapes = [self.boundaries.polygon(e.key) for e in entries]
        kept = [(e, s) for e, s in zip(entries, shapes, strict=True) if s is not None]
        return [e for e, _ in kept], shapely.STRtree([s for _, s in kept])

    def _areas_at(self, lat: float, lon: float) -> list[GazetteerEntry]:
        entries, tree = self._polygons
        if tree is None:
            return []
        hits = tree.query(shapely.points(lon, lat), predicate="within")
        return sorted((entries[i] for i in hits.tolist()), key=lambda e: POLYGON_ORDER[e.feature])


def _reach_km(population: int) -> float:
    return next(km for threshold, km in TOWN_REACH_KM if population >= threshold)
