"""Exports as the issue asks: GeoJSON that RFC 7946 accepts (its rings wound as §3.1.6 says), a CSV with
what an analyst needs (publication date, numbers, cue words, corrections), an optional BOM, and file
names and titles that say the view."""

import csv
import io
import json
import math

import pytest

from dashboard.app import create_app
from dashboard.figures import MAP_CONFIG
from geo.export import claims_csv, places_feature_collection, ring_area
from geo.ingest import ingest_files

GEOMETRY_TYPES = ("Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon")


def rfc7946_problems(collection: dict) -> list[str]:
    """What RFC 7946 forbids in a FeatureCollection (§3, §3.1, §3.1.6, §4, §5)."""
    problems = []
    if collection.get("type") != "FeatureCollection" or not isinstance(collection.get("features"), list):
        return ["not a FeatureCollection with a features array"]
    if "crs" in collection:
        problems.append("a crs member (§4: WGS 84 only)")
    for n, feature in enumerate(collection["features"]):
        where = f"feature {n}"
        if feature.get("type") != "Feature" or "properties" not in feature or "geometry" not in feature:
            problems.append(f"{where}: not a Feature with geometry and properties")
            continue
        if "id" in feature and not isinstance(feature["id"], str | int | float):
            problems.append(f"{where}: id neither string nor number")
        problems += [f"{where}: {p}" for p in _geometry_problems(feature["geometry"])]
    return problems


def _geometry_problems(geometry) -> list[str]:
    if geometry is None:
        return []
    kind = geometry.get("type")
    if kind == "GeometryCollection":
        return [p for g in geometry.get("geometries", []) for p in _geometry_problems(g)]
    if kind not in GEOMETRY_TYPES:
        return [f"unknown geometry type {kind!r}"]
    coordinates = geometry.get("coordinates")
    polygons = {"Polygon": [coordinates], "MultiPolygon": coordinates}.get(kind, [])
    problems = [p for position in _positions(coordinates) for p in _position_problems(position)]
    for polygon in polygons:
        for i, ring in enumerate(polygon):
            if len(ring) < 4 or ring[0] != ring[-1]:
                problems.append("a linear ring not closed or under four positions (§3.1.6)")
            elif (ring_area(ring) > 0) != (i == 0):
                problems.append(f"{'an exterior ring clockwise' if i == 0 else 'a hole counterclockwise'} (§3.1.6)")
    if "bbox" in geometry and (len(geometry["bbox"]) != 4 or geometry["bbox"][1] > geometry["bbox"][3]):
        problems.append("a bbox that is not west, south, east, north (§5)")
    return problems


def _positions(coordinates):
    if coordinates and isinstance(coordinates[0], int | float):
        yield coordinates
    else:
        for part in coordinates or []:
            yield from _positions(part)


def _position_problems(position) -> list[str]:
    if not 2 <= len(position) <= 3 or not all(isinstance(v, int | float) and math.isfinite(v) for v in position):
        return ["a position that is not two or three finite numbers (§3.1.1)"]
    if not (-180 <= position[0] <= 180 and -90 <= position[1] <= 90):
        return ["a position off the WGS 84 range"]
    return []


def test_the_validator_catches_a_clockwise_exterior_ring():
    clockwise = {"type": "Polygon", "coordinates": [[[0, 0], [0, 1], [1, 1], [1, 0], [0, 0]]]}
    bad = {"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": clockwise, "properties": {}}]}
    assert rfc7946_problems(bad) == ["feature 0: an exterior ring clockwise (§3.1.6)"]


@pytest.fixture
def seeded(pipeline, store, seed_path):
    ingest_files([seed_path], pipeline, store)
    return store


def test_the_geojson_export_is_valid_rfc_7946_with_counterclockwise_exteriors(seeded):
    collection = places_feature_collection(seeded.all_places_with_claims())
    assert any(f["geometry"]["type"] in ("Polygon", "MultiPolygon") for f in collection["features"])
    assert rfc7946_problems(json.loads(json.dumps(collection))) == []
    khabarovsk = next(f for f in collection["features"] if f["properties"]["name"] == "Khabarovsk")
    assert khabarovsk["properties"]["address"].endswith(", Russia")
    claim = khabarovsk["properties"]["claims"][0]
    assert claim["published"] == "2024-10" and "around 700 North Korean soldiers" in claim["numbers"]
    assert claim["certainty_cues"] and claim["corrected"] is None


def test_the_csv_has_publication_numbers_cues_and_corrections_and_a_bom_on_request(seeded):
    rows = seeded.all_places_with_claims()
    text = claims_csv(rows)
    assert not text.startswith("\ufeff") and claims_csv(rows, bom=True).startswith("\ufeff")
    lines = list(csv.DictReader(io.StringIO(text)))
    khabarovsk = next(line for line in lines if line["place"] == "Khabarovsk")
    assert khabarovsk["published"] == "2024-10"
    assert "around 700 North Korean soldiers" in khabarovsk["numbers"]
    assert "says" in khabarovsk["certainty_cues"] and khabarovsk["corrected"] == ""
    assert khabarovsk["address"].endswith(", Russia")


def test_export_names_and_the_snapshot_title_say_the_view(seeded, settings):
    client = create_app(seeded, settings).server.test_client()
    answer = client.get("/export/claims.csv?source=NIS&from=2024-10-01&to=2024-10-31&bom=1")
    assert 'filename="claims-source-nis-2024-10-01-to-2024-10-31.csv"' in answer.headers["Content-Disposition"]
    assert answer.data.startswith("\ufeff".encode())
    assert 'filename="places.geojson"' in client.get("/export/places.geojson").headers["Content-Disposition"]
    page = client.get("/export/snapshot.html?q=soldiers&contested=1").get_data(as_text=True)
    assert "<title>Claims map: words “soldiers” · contested only</title>" in page
    sized = client.get("/export/snapshot.html?size=corroborated").get_data(as_text=True)  # sized as the map was
    assert "independent sources" not in page.split("size: claims")[1][:40]
    assert "independent sources" in sized.split("size: claims")[1][:40]
    assert "sendDataToCloud" in json.dumps(MAP_CONFIG) and MAP_CONFIG["showSendToCloud"] is False


def test_the_snapshot_carries_the_pages_own_plotly_and_names_no_other_host(seeded, settings):
    import re

    from dashboard.snapshot import PAGE_PLOTLY

    page = create_app(seeded, settings).server.test_client().get("/export/snapshot.html").get_data(as_text=True)
    bundle = PAGE_PLOTLY.read_text(encoding="utf-8")
    assert bundle in page  # the bundle itself is checked in test_dashboard_unit
    rest = page.replace(bundle, "")
    assert re.findall(r"https?://(?!www\.w3\.org/(?:2000|1999|XML)/)[^\"'`\\<\s]*", rest) == []


def test_claims_that_name_no_place_are_exported_listed_and_counted(seeded, settings):
    from dashboard.app import create_app
    from geo.store import ClaimFilter

    matching, placeless = seeded.matching(ClaimFilter())
    rows = seeded.placeless_claims(ClaimFilter())
    assert len(rows) == placeless > 0 and all(row["name"] is None for row in rows)
    assert seeded.placeless_claims(ClaimFilter(layers=("training",))) == []  # no layer holds them
    client = create_app(seeded, settings).server.test_client()
    lines = list(csv.DictReader(io.StringIO(client.get("/export/claims.csv").get_data(as_text=True))))
    assert len({line["claim_id"] for line in lines}) == matching
    assert sum(1 for line in lines if not line["place"]) == placeless
    collection = json.loads(client.get("/export/places.geojson").data)
    assert rfc7946_problems(collection) == []
    unlocated = [f for f in collection["features"] if f["geometry"] is None]
    assert len(unlocated) == 1 and len(unlocated[0]["properties"]["claims"]) == placeless
    listed = seeded.claims_in_view(ClaimFilter(), 100, placeless=True)
    assert len(listed) == matching and sum(1 for c in listed if c["place_name"] is None) == placeless
