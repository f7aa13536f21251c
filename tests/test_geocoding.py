"""Geocoding through geopy: the offline gazetteer as a geopy Geocoder, and a Nominatim-speaking server."""

import dataclasses
import json
import logging
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest
from geopy.geocoders.base import Geocoder

from geo.geocoding import GazetteerGeocoder, build_point_geocoder
from geo.settings import Settings

FAKE_POINT = (48.5, 135.05)


class FakeNominatim(BaseHTTPRequestHandler):
    """Speaks the part of Nominatim's API that geopy uses: /search?q=…&format=json."""

    queries: list[str] = []

    def do_GET(self):  # noqa: N802 (http.server's name)
        query = parse_qs(urlparse(self.path).query)
        self.queries.append(query["q"][0])
        body = json.dumps([{"lat": str(FAKE_POINT[0]), "lon": str(FAKE_POINT[1]), "display_name": query["q"][0]}])
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, *args):
        pass


@pytest.fixture
def nominatim():
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeNominatim)
    FakeNominatim.queries = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def online(pipeline, tmp_path, port, timeout_s: float = 2.0):
    settings = Settings(
        data_dir=tmp_path,
        geocoder="nominatim",
        geocoder_options={"domain": f"127.0.0.1:{port}", "scheme": "http"},
        geocoder_min_delay_s=0.0,
        geocoder_timeout_s=timeout_s,
    )
    return dataclasses.replace(pipeline, geocoder=build_point_geocoder(settings))


def test_the_gazetteer_is_a_geopy_geocoder(pipeline):
    geocoder = GazetteerGeocoder(pipeline.gazetteer)
    assert isinstance(geocoder, Geocoder)
    location = geocoder.geocode("Donetsk")
    assert location.raw["key"] == "gn:709717"  # Ukraine's city, not Russia's town
    assert geocoder.geocode("Donetsk, Russia").raw["key"] == "gn:565348"
    assert len(geocoder.geocode("Donetsk", exactly_one=False)) >= 2
    assert geocoder.geocode("Nowhereville") is None


def test_a_configured_geocoder_places_the_points_and_its_answers_are_cached(pipeline, tmp_path, nominatim):
    moved = online(pipeline, tmp_path, nominatim.server_address[1])
    [place] = moved.places("Troops gathered in Khabarovsk.")
    assert (place.lat, place.lon) == FAKE_POINT
    assert place.geometry["coordinates"] == (FAKE_POINT[1], FAKE_POINT[0])
    moved.places("Troops gathered in Khabarovsk.")
    assert FakeNominatim.queries == ["Khabarovsk, RU"]  # the second answer came from the cache


def test_areas_keep_their_geometry(pipeline, tmp_path, nominatim):
    moved = online(pipeline, tmp_path, nominatim.server_address[1])
    [area] = moved.places("Fighting around the Donetsk area continued.")
    assert area.geometry["type"] == "Polygon"
    assert FakeNominatim.queries == []


def test_a_geocoder_that_is_down_falls_back_to_the_gazetteer(pipeline, tmp_path, caplog, nominatim):
    port = nominatim.server_address[1]
    nominatim.shutdown()
    nominatim.server_close()
    with caplog.at_level(logging.WARNING):
        [place] = online(pipeline, tmp_path, port).places("Troops gathered in Khabarovsk.")
    assert (place.lat, place.lon) == pytest.approx((48.46, 135.10), abs=0.01)
    assert "keeping the gazetteer's point" in caplog.text


class GarbageNominatim(FakeNominatim):
    """A geocoder that answers, but nonsense: latitude 123 and a longitude that is no number."""

    def do_GET(self):  # noqa: N802
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(json.dumps([{"lat": "123.0", "lon": "east", "display_name": "?"}]).encode())


def test_a_geocoder_down_or_talking_nonsense_leaves_a_recorded_pending_lookup(pipeline, store, tmp_path, caplog):
    from geo.documents import make_document

    server = ThreadingHTTPServer(("127.0.0.1", 0), GarbageNominatim)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        moved = online(pipeline, tmp_path, server.server_address[1])
        with caplog.at_level(logging.WARNING):
            [place] = moved.places("Troops gathered in Khabarovsk.")
        document = make_document("Officials said troops gathered in Khabarovsk on Monday.", {})
        store.add(moved.extract(document))
    finally:
        server.shutdown()
        server.server_close()
    assert place.pending_lookup and (place.lat, place.lon) == pytest.approx((48.46, 135.10), abs=0.01)
    assert "keeping the gazetteer's point" in caplog.text
    assert [p["name"] for p in store.pending_lookups()] == ["Khabarovsk"]


def test_an_outage_pauses_the_geocoder_and_it_is_tried_again_later():
    from geopy.exc import GeocoderTimedOut

    from geo.geocoding import GeocoderPaused, Outage

    asked = []

    def down(query):
        asked.append(query)
        raise GeocoderTimedOut("no answer in 5 s")

    now = [0.0]
    breaker = Outage(down, failures=3, pause_s=300)
    breaker.clock = lambda: now[0]
    for n in range(3):
        with pytest.raises(GeocoderTimedOut):
            breaker(f"place {n}")
    for n in range(3, 20):
        with pytest.raises(GeocoderPaused):
            breaker(f"place {n}")
    assert len(asked) == 3  # paused: the other 17 were not asked
    now[0] = 301
    with pytest.raises(GeocoderTimedOut):
        breaker("after the pause")
    assert asked[-1] == "after the pause"


class SilentNominatim(FakeNominatim):
    """Takes the request and never answers in time."""

    def do_GET(self):  # noqa: N802
        self.queries.append(parse_qs(urlparse(self.path).query)["q"][0])
        time.sleep(2)


def test_a_down_geocoder_costs_a_batch_a_bounded_time(pipeline, tmp_path, caplog):
    SilentNominatim.queries = []
    silent = ThreadingHTTPServer(("127.0.0.1", 0), SilentNominatim)
    threading.Thread(target=silent.serve_forever, daemon=True).start()
    cities = ("Khabarovsk", "Vladivostok", "Irkutsk", "Novosibirsk", "Tomsk", "Yekaterinburg", "Kazan", "Samara")
    try:
        moved = online(pipeline, tmp_path, silent.server_address[1], timeout_s=0.5)
        started = time.monotonic()
        with caplog.at_level(logging.WARNING):
            places = moved.places(" ".join(f"Troops gathered in {city}." for city in cities))
        elapsed = time.monotonic() - started
    finally:
        silent.shutdown()
        silent.server_close()
    assert len(places) == len(cities) and all(p.pending_lookup for p in places)
    assert len(set(SilentNominatim.queries)) == 3  # three places failed (with their retries); the rest not asked
    # A failure here is up to 6 requests of 0.5 s (geopy's retry, urllib3's two): 3 s each, 24 s for all eight.
    assert elapsed < 12
    assert "not asking it for 300 s" in caplog.text


@pytest.fixture(scope="module")
def gazetteer_geocoder(pipeline):
    return GazetteerGeocoder(pipeline.gazetteer, pipeline.boundaries)


@pytest.mark.parametrize(
    ("query", "region", "country"),
    [
        ("Paris, Texas", "admin1:US-texas", "US"),
        ("Dublin, Ga.", "admin1:US-georgia", "US"),
        ("Springfield, Illinois", "admin1:US-illinois", "US"),
        ("London, Ontario", "admin1:CA-ontario", "CA"),
        ("Donetsk, Russia", None, "RU"),
    ],
)
def test_a_qualified_query_finds_the_place_inside_its_qualifier(gazetteer_geocoder, query, region, country):
    location = gazetteer_geocoder.geocode(query)
    assert location.raw["country"] == country
    assert region is None or location.raw["region"] == region
    assert location.raw["score"] > 0.5  # the qualifier leaves one candidate, or one well ahead


def test_candidates_come_best_first_with_their_shares(gazetteer_geocoder):
    candidates = gazetteer_geocoder.geocode("Paris", exactly_one=False, limit=5)
    assert len(candidates) == 5 and candidates[0].raw["country"] == "FR"
    shares = [c.raw["score"] for c in candidates]
    assert shares == sorted(shares, reverse=True) and all(0 < s < 1 for s in shares)
    assert "Texas" in " ".join(c.address for c in gazetteer_geocoder.geocode("Paris", exactly_one=False))


def test_an_unknown_qualifier_gives_no_answer_rather_than_a_guess(gazetteer_geocoder):
    assert gazetteer_geocoder.geocode("Paris, Atlantis") is None


def test_reverse_gives_the_smallest_place_that_holds_the_point_first(gazetteer_geocoder):
    holders = gazetteer_geocoder.reverse("37.10, -84.08", exactly_one=False)
    assert [h.raw["feature"] for h in holders] == ["city", "admin2", "admin1", "country"]
    assert holders[1].raw["key"] == "admin2:US-21125" and holders[-1].raw["key"] == "country:US"
    town = gazetteer_geocoder.reverse((48.86, 2.35))  # in Paris: Paris or one of its districts
    assert town.raw["feature"] == "city" and town.raw["country"] == "FR" and "France" in town.address
    assert gazetteer_geocoder.reverse((0.0, -30.0)) is None  # the middle of the Atlantic


def test_a_district_outside_the_us_is_geocoded_and_holds_the_points_inside_it(gazetteer_geocoder):
    assert gazetteer_geocoder.geocode("Akobo, South Sudan").raw["country"] == "SS"
    holders = [h.raw["key"] for h in gazetteer_geocoder.reverse((-1.5, 28.9), exactly_one=False)]
    assert holders[0].startswith("admin2:") and holders[1:] == ["admin1:CD-nord-kivu", "country:CD"]
