"""Geocoding through geopy's interface.

The offline gazetteer is one more geopy ``Geocoder`` (``GazetteerGeocoder``, in
``geo/gazetteer_geocoder.py``), so
code written against geopy works with it unchanged. An online or self-hosted
geocoder (Nominatim, Photon, Pelias on an internal host) is configured by
service name, never special-cased: it moves the points of named places, with a
persistent cache and geopy's rate limiter, and when it is down the gazetteer's
point stands and a warning says so. After a few failures in a row the geocoder is left
alone for a while (``Outage``), so an outage costs an ingest seconds, not a timeout per place.
"""

from __future__ import annotations

import dbm
import json
import logging
import math
import time
from collections.abc import Callable
from dataclasses import replace

from geopy.exc import GeocoderUnavailable, GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import get_geocoder_for_service

from geo.errors import ConfigurationError
from geo.gazetteer_geocoder import GazetteerGeocoder
from geo.models import ResolvedPlace
from geo.settings import Settings

log = logging.getLogger(__name__)

__all__ = ["GazetteerGeocoder", "Outage", "build_point_geocoder"]

PointGeocoder = Callable[[str], "tuple[float, float] | None"]


def build_point_geocoder(settings: Settings) -> PointGeocoder | None:
    """None for the offline gazetteer; otherwise a cached, rate-limited geopy geocoder."""
    if settings.geocoder == "gazetteer":
        return None
    try:
        service = get_geocoder_for_service(settings.geocoder)
    except GeopyError as error:
        raise ConfigurationError(f"geocoder {settings.geocoder!r}: {error}") from error
    geocoder = service(timeout=settings.geocoder_timeout_s, user_agent="claimsmap", **settings.geocoder_options)
    limited = RateLimiter(
        geocoder.geocode,
        min_delay_seconds=settings.geocoder_min_delay_s,
        max_retries=1,
        error_wait_seconds=settings.geocoder_min_delay_s,
        swallow_exceptions=False,  # a failure must not be cached as "no such place"
    )
    settings.cache_dir.mkdir(parents=True, exist_ok=True)
    guarded = Outage(limited, settings.geocoder_failures_before_pause, settings.geocoder_pause_s)
    return _cached(guarded, str(settings.cache_dir / f"geocoder-{settings.geocoder}"))


class GeocoderPaused(GeocoderUnavailable):
    """Not asked: the geocoder failed too often just now."""


class Outage:
    """A circuit breaker around a geocoding call: after ``failures`` failures in a row it is not
    called for ``pause_s`` seconds (each lookup meanwhile fails at once with ``GeocoderPaused``);
    then one call tries it again. ``clock`` is a method so tests can move time."""

    def __init__(self, geocode: Callable, failures: int, pause_s: float) -> None:
        self.geocode, self.failures, self.pause_s = geocode, failures, pause_s
        self.failed_in_a_row = 0
        self.paused_until = 0.0

    def clock(self) -> float:
        return time.monotonic()

    def __call__(self, query: str):
        if self.clock() < self.paused_until:
            raise GeocoderPaused(f"not asked: it failed {self.failed_in_a_row} times in a row")
        try:
            answer = self.geocode(query)
        except Exception:
            self.failed_in_a_row += 1
            if self.failed_in_a_row >= self.failures:
                self.paused_until = self.clock() + self.pause_s
                log.warning("geocoder failed %d times in a row; not asking it for %.0f s", self.failed_in_a_row,
                            self.pause_s)  # fmt: skip
            raise
        self.failed_in_a_row = 0
        return answer


def _cached(geocode: Callable, cache_path: str) -> PointGeocoder:
    def point(query: str) -> tuple[float, float] | None:
        with dbm.open(cache_path, "c") as cache:
            if query in cache:
                return tuple(json.loads(cache[query])) or None
            location = geocode(query)  # errors propagate uncached: try again next time
            value = (location.latitude, location.longitude) if location else ()
            cache[query] = json.dumps(value)
            return value or None

    return point


def relocate(place: ResolvedPlace, geocoder: PointGeocoder) -> ResolvedPlace:
    """The place with the online geocoder's point; areas and failures keep the gazetteer's."""
    if place.feature != "city":
        return place
    query = f"{place.name}, {place.country}" if place.country else place.name
    try:
        point = geocoder(query)
    except GeocoderPaused:
        return replace(place, pending_lookup=True)  # said once, when the pause began
    except (GeopyError, OSError, ValueError, TypeError, KeyError) as error:  # down, slow, or talking nonsense
        log.warning("geocoder failed for %r (%s); keeping the gazetteer's point for now", query, error)
        return replace(place, pending_lookup=True)
    if point is None:
        return place
    if not _on_earth(point):
        log.warning("geocoder answered %r for %r; keeping the gazetteer's point for now", point, query)
        return replace(place, pending_lookup=True)
    lat, lon = float(point[0]), float(point[1])
    return replace(place, lat=lat, lon=lon, geometry={"type": "Point", "coordinates": (lon, lat)})


def _on_earth(point) -> bool:
    try:
        lat, lon = float(point[0]), float(point[1])
    except (TypeError, ValueError, IndexError):
        return False
    return math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180
