"""Plain JSON out of the pipeline and the store: the CLI's and the dashboard's formats."""

from __future__ import annotations

import csv
import io
import json
from collections import OrderedDict

from geo.models import DateMention, Extraction, NumberMention, ResolvedPlace, Source


def extraction_json(extraction: Extraction) -> dict:
    """What ``claimsmap extract`` prints: every claim with its sources, dates and places."""
    doc = extraction.document
    return {
        "document": {
            "id": doc.doc_id,
            "path": doc.path,
            "title": doc.title,
            "outlet": doc.outlet,
            "url": doc.url,
            "author": doc.author,
            "published": _date_range(doc.published),
        },
        "claims": [
            {
                "text": item.claim.text,
                "start": item.claim.start,
                "end": item.claim.end,
                "sources": [source_json(s) for s in item.claim.sources],
                "certainty": item.claim.certainty,
                "certainty_cues": list(item.claim.certainty_cues),
                "dates": [date_mention_json(d) for d in item.claim.dates],
                "when": _date_range(item.claim.when),
                "numbers": [number_json(n) for n in item.claim.numbers],
                "places": [dict(place_json(p.place), layer=p.layer, said=p.said) for p in item.places],
            }
            for item in extraction.claims
        ],
    }


def place_json(place: ResolvedPlace) -> dict:
    return {
        "mention": place.mention,
        "start": place.start,
        "end": place.end,
        "key": place.key,
        "name": place.name,
        "country": place.country,
        "lat": place.lat,
        "lon": place.lon,
        "geonameid": place.geonameid,
        "feature": place.feature,
        "geometry": _plain(place.geometry),
        "score": place.score,
        "alternatives": [{"key": k, "name": n, "score": s} for k, n, s in place.alternatives],
    }


def source_json(source: Source) -> dict:
    found = {"name": source.name, "role": source.role, "kind": source.kind, "mention": source.mention}
    return found | ({"affiliation": source.affiliation} if source.affiliation else {})


def number_json(number: NumberMention) -> dict:
    return {
        "phrase": number.phrase,
        "start": number.start,
        "end": number.end,
        "value": number.value,
        "approximate": number.approximate,
        "counts": number.counts,
        **({"bound": number.bound} if number.bound else {}),
        **({"unit": number.unit} if number.unit else {}),
    }


def date_mention_json(mention: DateMention) -> dict:
    return {
        "phrase": mention.phrase,
        "start": mention.start,
        "end": mention.end,
        **(_date_range(mention.resolved) or {}),
    }


def _date_range(value) -> dict | None:
    if value is None:
        return None
    return {
        "value": value.label(),
        "earliest": value.earliest.isoformat(),
        "latest": value.latest.isoformat(),
        "precision": value.precision,
    }


def places_feature_collection(rows: list[dict]) -> dict:
    """RFC 7946 FeatureCollection: one feature per stored place, its claims as properties."""
    features: OrderedDict[int | None, dict] = OrderedDict()
    for row in rows:
        feature = features.get(row["id"])
        if feature is None and row["id"] is None:  # claims that name no place: an unlocated feature (§3.2)
            feature = features[None] = {"type": "Feature", "id": "no-place", "geometry": None,
                                        "properties": {"key": None, "name": "No place named", "address": None,
                                                       "feature": None, "country": None, "layers": [],
                                                       "claims": []}}  # fmt: skip
        if feature is None:
            feature = features[row["id"]] = {
                "type": "Feature",
                "id": row["key"],
                "geometry": rfc7946_geometry(json.loads(row["geometry"])),
                "properties": {
                    "key": row["key"],
                    "name": row["name"],
                    "address": row.get("address") or row["name"],
                    "feature": row["feature"],
                    "country": row["country"],
                    "layers": [],
                    "claims": [],
                },
            }
        props = feature["properties"]
        if row["layer"] and row["layer"] not in props["layers"]:
            props["layers"].append(row["layer"])
        props["claims"].append(
            {
                "id": row["claim_id"],
                "document": row["document_id"],
                "text": row["claim_text"],
                "mention": row["mention"],
                "layer": row["layer"],
                "certainty": row["certainty"],
                "sources": [s["name"] for s in json.loads(row["sources"])],
                "date": _stored_date(row),
                "published": _published(row),
                "numbers": [n["phrase"] for n in _json_list(row.get("numbers"))],
                "certainty_cues": _json_list(row.get("certainty_cues")),
                "corrected": row.get("corrected"),
                **story_json(row),
            }
        )
    return {"type": "FeatureCollection", "features": list(features.values())}


def story_json(row: dict) -> dict:
    """A claim's story as the exports give it (geo.stories): its id, independent sources, and the
    stories that contest it."""
    return {"cluster": row.get("cluster"), "independent_sources": row.get("independent_sources", 0),
            "contradicts": list(row.get("contradicts", []))}  # fmt: skip


def _stored_date(row: dict) -> dict | None:
    if not row["date_earliest"]:
        return None
    return {
        "earliest": str(row["date_earliest"]),
        "latest": str(row["date_latest"]),
        "precision": row["date_precision"],
    }


def rfc7946_geometry(geometry: dict) -> dict:
    """The geometry with its rings wound as RFC 7946 §3.1.6 asks: exterior rings counterclockwise,
    holes clockwise (by the sign of the shoelace area, in longitude and latitude)."""
    kind = geometry.get("type")
    if kind == "Polygon":
        return {**geometry, "coordinates": _wound(geometry["coordinates"])}
    if kind == "MultiPolygon":
        return {**geometry, "coordinates": [_wound(polygon) for polygon in geometry["coordinates"]]}
    if kind == "GeometryCollection":
        return {**geometry, "geometries": [rfc7946_geometry(g) for g in geometry["geometries"]]}
    return geometry


def ring_area(ring) -> float:
    """Twice the signed area of a ring: positive when it runs counterclockwise."""
    return sum(x0 * y1 - x1 * y0 for (x0, y0, *_), (x1, y1, *_) in zip(ring, ring[1:], strict=False))


def _wound(polygon: list) -> list:
    rings = []
    for i, ring in enumerate(polygon):
        counterclockwise = ring_area(ring) > 0
        rings.append(list(ring) if counterclockwise == (i == 0) else list(reversed(ring)))
    return rings


def _json_list(value) -> list:
    if isinstance(value, list):
        return value
    return json.loads(value) if value else []


def _published(row: dict) -> str | None:
    """The publication date at its precision: 2024-10-25, 2024-10 or 2024."""
    first = row.get("published_earliest")
    if not first:
        return None
    text = str(first)
    return {"day": text, "month": text[:7], "year": text[:4]}.get(row.get("published_precision"), text)


def _plain(value):
    """Tuples (as shapely's mapping gives them) to lists, for stable JSON."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


CSV_COLUMNS = ("claim_id", "document", "title", "outlet", "url", "published", "sentence", "mention", "place",
               "address", "place_key", "feature", "country", "lat", "lon", "layer", "certainty", "certainty_cues",
               "sources", "date_from", "date_to", "date_precision", "numbers", "corrected", "cluster",
               "independent_sources", "contradicts")  # fmt: skip
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def claims_csv(rows: list[dict], bom: bool = False) -> str:
    """One line per claim and place it names (a claim that names none: one line with no place). A
    cell that a spreadsheet would run as a formula ("=HYPERLINK(…)") is written with a leading
    apostrophe, so it stays text. ``bom``: a byte-order mark first, for spreadsheets that read UTF-8
    only with one. Several numbers or cue words in one cell are separated by "; "."""
    buffer = io.StringIO()
    if bom:
        buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        values = (row["claim_id"], row["document_id"], row["title"], row["outlet"], row["url"], _published(row),
                  row["claim_text"], row["mention"], row["name"], row.get("address") or row["name"], row["key"],
                  row["feature"], row["country"], row["lat"], row["lon"], row["layer"], row["certainty"],
                  "; ".join(_json_list(row.get("certainty_cues"))),
                  " → ".join(s["name"] for s in json.loads(row["sources"])), row["date_earliest"],
                  row["date_latest"], row["date_precision"],
                  "; ".join(n["phrase"] for n in _json_list(row.get("numbers"))), row.get("corrected") or "",
                  row.get("cluster"), row.get("independent_sources", 0),
                  " ".join(map(str, row.get("contradicts", []))))  # fmt: skip
        writer.writerow([_inert(v) for v in values])
    return buffer.getvalue()


def _inert(value) -> str | int | float:
    """A cell: numbers as they are (a longitude of -99.6 is a number, not a formula), text that a
    spreadsheet would run as a formula behind an apostrophe."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text
