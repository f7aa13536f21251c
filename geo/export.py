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
    features: OrderedDict[int, dict] = OrderedDict()
    for row in rows:
        feature = features.get(row["id"])
        if feature is None:
            feature = features[row["id"]] = {
                "type": "Feature",
                "id": row["key"],
                "geometry": json.loads(row["geometry"]),
                "properties": {
                    "key": row["key"],
                    "name": row["name"],
                    "feature": row["feature"],
                    "country": row["country"],
                    "layers": [],
                    "claims": [],
                },
            }
        props = feature["properties"]
        if row["layer"] not in props["layers"]:
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


def _plain(value):
    """Tuples (as shapely's mapping gives them) to lists, for stable JSON."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


CSV_COLUMNS = ("claim_id", "document", "title", "outlet", "url", "sentence", "mention", "place", "place_key",
               "feature", "country", "lat", "lon", "layer", "certainty", "sources", "date_from", "date_to",
               "date_precision", "cluster", "independent_sources", "contradicts")  # fmt: skip
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def claims_csv(rows: list[dict]) -> str:
    """One line per claim and place it names. A cell that a spreadsheet would run as a formula
    ("=HYPERLINK(…)") is written with a leading apostrophe, so it stays text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        values = (row["claim_id"], row["document_id"], row["title"], row["outlet"], row["url"], row["claim_text"],
                  row["mention"], row["name"], row["key"], row["feature"], row["country"], row["lat"], row["lon"],
                  row["layer"], row["certainty"], " → ".join(s["name"] for s in json.loads(row["sources"])),
                  row["date_earliest"], row["date_latest"], row["date_precision"], row.get("cluster"),
                  row.get("independent_sources", 0), " ".join(map(str, row.get("contradicts", []))))  # fmt: skip
        writer.writerow([_inert(v) for v in values])
    return buffer.getvalue()


def _inert(value) -> str | int | float:
    """A cell: numbers as they are (a longitude of -99.6 is a number, not a formula), text that a
    spreadsheet would run as a formula behind an apostrophe."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text
