"""The geoparsers ``claimsmap eval`` compares, each as a function text → predictions.

- ours: the pipeline's place stage, areas kept as their geometry;
- ``geotext`` (PyPI, MIT): the usual lightweight baseline. It finds city and
  country names but neither places them nor gives offsets, so each name it
  reports is found in the text in order and placed at the most populous place
  of that name, as its users do;
- ``flashgeotext`` (PyPI, MIT): a faster successor (flashtext over GeoNames
  cities and countries) that gives spans; placed the same way.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from shapely.geometry import shape

from geo.evaluation import Prediction
from geo.gazetteer import Gazetteer
from geo.geometry import Boundaries
from geo.text import fold

Predictor = Callable[[str], list[Prediction]]


def pipeline_predictor(pipeline) -> Predictor:
    areas: dict[str, object] = {}

    def predict(text: str) -> list[Prediction]:
        return [
            Prediction(p.start, p.end, p.name, p.lat, p.lon, _area(p, areas), p.geonameid)
            for p in pipeline.places(text)
        ]

    return predict


def _area(place, areas: dict):
    if place.geometry is None or place.geometry.get("type") == "Point":
        return None
    if place.key not in areas:
        areas[place.key] = shape(place.geometry)
    return areas[place.key]


def geotext_predictor(gazetteer: Gazetteer, boundaries: Boundaries) -> Predictor:
    from geotext import GeoText

    def predict(text: str) -> list[Prediction]:
        found = GeoText(text)
        spans = [span for names in (found.cities, found.countries) for span in _locate_in_order(text, names)]
        return _placed(text, spans, gazetteer, boundaries)

    return predict


def _placed(text: str, spans: list[tuple[int, int]], gazetteer: Gazetteer, boundaries: Boundaries) -> list[Prediction]:
    """A peer's spans, the first of any overlapping ones kept, each at the most populous place of its name."""
    predictions: list[Prediction] = []
    taken: list[tuple[int, int]] = []
    for start, end in spans:
        if any(start < b and a < end for a, b in taken):
            continue
        taken.append((start, end))
        predictions.append(_most_populous(text[start:end], start, end, gazetteer, boundaries))
    return sorted(predictions, key=lambda p: p.start)


def _locate_in_order(text: str, names: list[str]) -> list[tuple[int, int]]:
    """Spans of names reported in text order without offsets: each after the previous of that name."""
    cursor: dict[str, int] = {}
    spans = []
    for name in names:
        found = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)").search(text, cursor.get(name, 0))
        if found:
            cursor[name] = found.end()
            spans.append(found.span())
    return spans


def _most_populous(written: str, start: int, end: int, gazetteer: Gazetteer, boundaries: Boundaries) -> Prediction:
    candidates = [c for c in gazetteer.lookup(fold(written)) if c.feature in ("city", "country")]
    if not candidates:
        return Prediction(start, end, written, float("nan"), float("nan"))
    best = max(candidates, key=lambda c: (c.feature == "country", c.population))
    area = boundaries.polygon(best.key) if best.feature == "country" else None
    return Prediction(start, end, best.name, best.lat, best.lon, area, best.geonameid)


def flashgeotext_predictor(gazetteer: Gazetteer, boundaries: Boundaries) -> Predictor:
    from flashgeotext.geotext import GeoText

    finder = GeoText()  # loads its bundled data once

    def predict(text: str) -> list[Prediction]:
        found = finder.extract(text, span_info=True)
        hits = [hit for kind in ("cities", "countries") for hit in found.get(kind, {}).values()]
        return _placed(text, [tuple(span) for hit in hits for span in hit["span_info"]], gazetteer, boundaries)

    return predict
