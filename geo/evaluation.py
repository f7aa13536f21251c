"""Score a geoparser on a labelled set: recognition precision/recall/F1 and resolution error.

The labelled set is JSON Lines, one document per line::

    {"id": "...", "text": "...", "toponyms": [{"start": 0, "end": 6, "name": "Kharkiv", "lat": 49.99, "lon": 36.23}]}

or the markup it is written in (``tests/data/geoparse_gold.txt``): ``=== doc-id`` starts a
document, and each place is ``[[surface|Name|lat,lon]]`` inline.

Recognition is scored twice: on exact spans, and on overlapping spans (one gold
toponym pairs with at most one prediction). Resolution is scored on the gold
toponyms recognised (overlap), three ways, because public corpora give a country
or a region one point (GeoNames puts the United States at 39.76, -98.50):

- by the point: the great-circle distance between the gold and the predicted point;
- by the same GeoNames id, where the gold has one;
- with an area: the distance to the nearest point of the predicted area, 0 inside it
  ("eastern Russia" is right wherever in eastern Russia the annotator put the pin).

End to end, a gold toponym counts as right when it is recognised and placed within
161 km by the point. Public corpora also tag demonyms ("Kenyan" as Kenya, ``adj``):
the product does not treat them as places, so they can be left out, with every
prediction overlapping one.
"""

from __future__ import annotations

import json
import math
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from shapely.geometry import Point
from shapely.ops import nearest_points

from geo.errors import DocumentError
from geo.geometry import great_circle_km

ACCURACY_KM = 161.0  # 100 miles, the field's usual threshold
UNPLACED_KM = math.pi * 6371.0088  # a name found but not placed is as wrong as can be

WARM_UP_TEXT = "Officials in Kyiv and London met near the Russian border in eastern Ukraine."
_MARKER = re.compile(r"\[\[([^\[\]|]+)\|([^\[\]|]+)\|\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*\]\]")
_HEADER = re.compile(r"^=== *(\S+) *$", re.MULTILINE)


@dataclass(frozen=True)
class GoldToponym:
    start: int
    end: int
    name: str
    lat: float
    lon: float
    geonameid: int | None = None
    feature_code: str | None = None  # GeoNames' (PPL, ADM1, PCLI…), where the corpus gives it
    demonym: bool = False  # "Kenyan" tagged as Kenya


@dataclass(frozen=True)
class GoldDocument:
    doc_id: str
    text: str
    toponyms: tuple[GoldToponym, ...]


@dataclass(frozen=True)
class Prediction:
    start: int
    end: int
    name: str
    lat: float
    lon: float
    area: object = None  # a shapely geometry when the prediction is an area, else None
    geonameid: int | None = None


@dataclass
class Scores:
    """Counts and errors over a labelled set; the figures are properties."""

    system: str
    documents: int = 0
    gold: int = 0
    predicted: int = 0
    exact_matches: int = 0
    overlap_matches: int = 0
    errors_km: list[float] = field(default_factory=list)  # an area covering the gold point is 0 km off
    point_errors_km: list[float] = field(default_factory=list)  # strictly point to point
    with_id: int = 0  # recognised gold toponyms that have a GeoNames id
    same_id: int = 0  # ... and were given that id
    seconds: float = 0.0
    # What went wrong, by the gold's feature code: not recognised, or placed beyond 161 km.
    missed_by_code: Counter = field(default_factory=Counter)
    far_by_code: Counter = field(default_factory=Counter)
    missed_names: Counter = field(default_factory=Counter)
    far_names: Counter = field(default_factory=Counter)

    @property
    def exact(self) -> tuple[float, float, float]:
        return _prf(self.exact_matches, self.predicted, self.gold)

    @property
    def overlap(self) -> tuple[float, float, float]:
        return _prf(self.overlap_matches, self.predicted, self.gold)

    @property
    def accuracy(self) -> float:
        return sum(e <= ACCURACY_KM for e in self.errors_km) / len(self.errors_km) if self.errors_km else 0.0

    @property
    def point_accuracy(self) -> float:
        return _within(self.point_errors_km) / len(self.point_errors_km) if self.point_errors_km else 0.0

    @property
    def same_id_share(self) -> float | None:
        return self.same_id / self.with_id if self.with_id else None

    @property
    def end_to_end(self) -> float:
        """Gold toponyms recognised and placed within 161 km by the point, of all gold toponyms."""
        return _within(self.point_errors_km) / self.gold if self.gold else 0.0

    @property
    def mean_km(self) -> float:
        return statistics.fmean(self.errors_km) if self.errors_km else 0.0

    @property
    def median_km(self) -> float:
        return statistics.median(self.errors_km) if self.errors_km else 0.0

    @property
    def documents_per_second(self) -> float:
        return self.documents / self.seconds if self.seconds else 0.0

    def as_json(self) -> dict:
        (ep, er, ef), (op, orr, of) = self.exact, self.overlap
        return {
            "system": self.system,
            "documents": self.documents,
            "gold_toponyms": self.gold,
            "predicted": self.predicted,
            "exact": {"precision": ep, "recall": er, "f1": ef},
            "overlap": {"precision": op, "recall": orr, "f1": of},
            "resolved": len(self.errors_km),
            "accuracy_161km": round(self.accuracy, 4),
            "accuracy_161km_by_point": round(self.point_accuracy, 4),
            "same_geonameid": None if self.same_id_share is None else round(self.same_id_share, 4),
            "end_to_end_161km_by_point": round(self.end_to_end, 4),
            "mean_error_km": round(self.mean_km, 1),
            "median_error_km": round(self.median_km, 1),
            "documents_per_second": round(self.documents_per_second, 1),
            "missed_by_feature_code": dict(self.missed_by_code.most_common()),
            "far_by_feature_code": dict(self.far_by_code.most_common()),
        }


@dataclass(frozen=True)
class Miss:
    """One disagreement, for reading what went wrong."""

    doc_id: str
    kind: str  # "missed", "spurious", "far"
    text: str
    detail: str


# --- reading labelled sets ----------------------------------------------------------------


def load_gold(path: Path) -> list[GoldDocument]:
    """A labelled set from JSON Lines (``.jsonl``) or from the markup it is written in."""
    raw = path.read_text(encoding="utf-8")
    if path.suffix == ".jsonl":
        # JSON strings may hold U+0085 and U+2028, which str.splitlines() would split on.
        lines = raw.split("\n")
        return [_document_from_json(path, n, line) for n, line in enumerate(lines, 1) if line.strip()]
    return parse_markup(raw, str(path))


def _document_from_json(path: Path, line_number: int, line: str) -> GoldDocument:
    try:
        record = json.loads(line)
        toponyms = tuple(_toponym_from_json(t) for t in record["toponyms"])
        document = GoldDocument(str(record["id"]), record["text"], toponyms)
    except (ValueError, KeyError, TypeError) as error:
        raise DocumentError(str(path), f"line {line_number}: not a labelled document ({error})") from error
    for toponym in toponyms:
        if not 0 <= toponym.start < toponym.end <= len(document.text):
            raise DocumentError(str(path), f"line {line_number}: span {toponym.start}-{toponym.end} outside the text")
    return document


def _toponym_from_json(record: dict) -> GoldToponym:
    geonameid = record.get("geonameid")
    return GoldToponym(
        int(record["start"]),
        int(record["end"]),
        record["name"],
        float(record["lat"]),
        float(record["lon"]),
        geonameid=int(geonameid) if geonameid not in (None, "") else None,
        feature_code=record.get("type") or None,
        demonym=bool(record.get("adj")),
    )


def parse_markup(raw: str, origin: str = "<markup>") -> list[GoldDocument]:
    """Documents from ``=== id`` blocks with ``[[surface|Name|lat,lon]]`` markers."""
    headers = list(_HEADER.finditer(raw))
    documents = []
    for header, following in zip(headers, [*headers[1:], None], strict=True):
        body = raw[header.end() : following.start() if following else len(raw)]
        body = "\n".join(line for line in body.splitlines() if not line.startswith("#")).strip()
        documents.append(_document_from_markup(header.group(1), body, origin))
    return documents


def _document_from_markup(doc_id: str, body: str, origin: str) -> GoldDocument:
    text_parts: list[str] = []
    toponyms = []
    length = 0
    cursor = 0
    for marker in _MARKER.finditer(body):
        plain = body[cursor : marker.start()]
        text_parts.append(plain)
        length += len(plain)
        surface, name, lat, lon = marker.groups()
        toponyms.append(GoldToponym(length, length + len(surface), name.strip(), float(lat), float(lon)))
        text_parts.append(surface)
        length += len(surface)
        cursor = marker.end()
    text_parts.append(body[cursor:])
    text = "".join(text_parts)
    if "[[" in text or "]]" in text:
        raise DocumentError(origin, f"{doc_id}: a place marker that does not parse")
    return GoldDocument(doc_id, text, tuple(toponyms))


def gold_json(document: GoldDocument) -> dict:
    return {
        "id": document.doc_id,
        "text": document.text,
        "toponyms": [
            {"start": t.start, "end": t.end, "name": t.name, "lat": t.lat, "lon": t.lon} for t in document.toponyms
        ],
    }


# --- scoring ------------------------------------------------------------------------------


def evaluate(
    system: str,
    documents: Iterable[GoldDocument],
    predict: Callable[[str], list[Prediction]],
    misses=None,
    demonyms: bool = True,
) -> Scores:
    """Run ``predict`` on every text and score it; disagreements go to ``misses`` when given.
    With ``demonyms=False`` gold demonyms are left out, and every prediction overlapping one."""
    scores = Scores(system)
    predict(WARM_UP_TEXT)  # loading boundaries and caches is not parsing speed
    for document in documents:  # CPU time, not wall time: the machine may be shared
        started = time.process_time()
        predictions = predict(document.text)
        scores.seconds += time.process_time() - started
        if not demonyms:
            document, predictions = _without_demonyms(document, predictions)
        _score_document(scores, document, predictions, misses)
    return scores


def _without_demonyms(document: GoldDocument, predictions: list[Prediction]) -> tuple[GoldDocument, list]:
    demonyms = [t for t in document.toponyms if t.demonym]
    if not demonyms:
        return document, predictions
    kept = tuple(t for t in document.toponyms if not t.demonym)
    predictions = [p for p in predictions if not any(p.start < d.end and d.start < p.end for d in demonyms)]
    return GoldDocument(document.doc_id, document.text, kept), predictions


def _score_document(scores: Scores, document: GoldDocument, predictions: list[Prediction], misses) -> None:
    scores.documents += 1
    scores.gold += len(document.toponyms)
    scores.predicted += len(predictions)
    spans = {(p.start, p.end) for p in predictions}
    scores.exact_matches += sum((t.start, t.end) in spans for t in document.toponyms)
    pairs = _pair_overlapping(document.toponyms, predictions)
    scores.overlap_matches += len(pairs)
    for gold, predicted in pairs:
        error = error_km(gold, predicted)
        point_error = point_error_km(gold, predicted)
        scores.errors_km.append(error)
        scores.point_errors_km.append(point_error)
        if gold.geonameid is not None:
            scores.with_id += 1
            scores.same_id += predicted.geonameid == gold.geonameid
        if point_error > ACCURACY_KM:
            scores.far_by_code[gold.feature_code or "?"] += 1
            scores.far_names[document.text[gold.start : gold.end]] += 1
            if misses is not None:
                detail = f"{gold.name} -> {predicted.name} ({point_error:.0f} km by the point, {error:.0f} km)"
                misses.append(Miss(document.doc_id, "far", document.text[gold.start : gold.end], detail))
    paired_gold = {id(g) for g, _ in pairs}
    for toponym in document.toponyms:
        if id(toponym) not in paired_gold:
            scores.missed_by_code[toponym.feature_code or "?"] += 1
            scores.missed_names[document.text[toponym.start : toponym.end]] += 1
            if misses is not None:
                context = document.text[max(0, toponym.start - 30) : toponym.end + 30].replace("\n", " ")
                misses.append(Miss(document.doc_id, "missed", document.text[toponym.start : toponym.end], context))
    if misses is not None:
        paired_predictions = {id(p) for _, p in pairs}
        for prediction in predictions:
            if id(prediction) not in paired_predictions:
                written = document.text[prediction.start : prediction.end]
                misses.append(Miss(document.doc_id, "spurious", written, prediction.name))


def _pair_overlapping(gold: Iterable[GoldToponym], predictions: list[Prediction]) -> list:
    """Each gold toponym with the first unpaired prediction overlapping it."""
    pairs = []
    used: set[int] = set()
    for toponym in gold:
        for index, prediction in enumerate(predictions):
            if index not in used and prediction.start < toponym.end and toponym.start < prediction.end:
                used.add(index)
                pairs.append((toponym, prediction))
                break
    return pairs


def error_km(gold: GoldToponym, predicted: Prediction) -> float:
    if math.isnan(predicted.lat) or math.isnan(predicted.lon):
        return UNPLACED_KM
    error = great_circle_km(gold.lat, gold.lon, predicted.lat, predicted.lon)
    if predicted.area is not None:
        pin = Point(gold.lon, gold.lat)
        if predicted.area.covers(pin):
            return 0.0
        _, nearest = nearest_points(pin, predicted.area)
        error = min(error, great_circle_km(gold.lat, gold.lon, nearest.y, nearest.x))
    return error


def point_error_km(gold: GoldToponym, predicted: Prediction) -> float:
    if math.isnan(predicted.lat) or math.isnan(predicted.lon):
        return UNPLACED_KM
    return great_circle_km(gold.lat, gold.lon, predicted.lat, predicted.lon)


def _within(errors_km: list[float]) -> int:
    return sum(e <= ACCURACY_KM for e in errors_km)


def _prf(matched: int, predicted: int, gold: int) -> tuple[float, float, float]:
    precision = matched / predicted if predicted else 0.0
    recall = matched / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return round(precision, 4), round(recall, 4), round(f1, 4)
