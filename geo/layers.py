"""Map layers from rules kept as data (``geo/data/taxonomy.yaml``), never from place names."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from geo.errors import ConfigurationError
from geo.models import Claim, PlaceInClaim, ResolvedPlace

DEFAULT_TAXONOMY = Path(__file__).parent / "data" / "taxonomy.yaml"
FEATURES = ("city", "country", "admin1", "admin2", "macro", "natural", "area", "part", "border")


@dataclass(frozen=True)
class Layer:
    name: str
    label: str
    color: str


@dataclass(frozen=True)
class LayerRule:
    layer: str
    features: frozenset[str]
    cues: re.Pattern
    cues_before_only: bool
    window_chars: int | None

    def applies_to(self, place: ResolvedPlace) -> bool:
        return place.feature in self.features

    def matches(self, claim: Claim, place: ResolvedPlace, cue_spans: list[tuple[int, int]]) -> bool:
        """Whether one of the rule's cues (``cue_spans``, in the claim's text) is where it must be."""
        start, end = place.start - claim.start, place.end - claim.start
        for cue in cue_spans:
            if self.cues_before_only and cue[1] > start:
                continue
            if self.window_chars is None or _distance(cue, (start, end)) <= self.window_chars:
                return True
        return False

    def cue_spans(self, claim: Claim) -> list[tuple[int, int]]:
        return [cue.span() for cue in self.cues.finditer(claim.text)]


@dataclass(frozen=True)
class Taxonomy:
    layers: tuple[Layer, ...]
    rules: tuple[LayerRule, ...]
    default: str

    def layer_of(self, claim: Claim, place: ResolvedPlace, cue_spans: dict | None = None) -> str:
        """``cue_spans`` keeps each rule's cues in the claim, for the claim's other places."""
        cue_spans = {} if cue_spans is None else cue_spans
        for index, rule in enumerate(self.rules):
            if not rule.applies_to(place):
                continue
            if index not in cue_spans:
                cue_spans[index] = rule.cue_spans(claim)
            if rule.matches(claim, place, cue_spans[index]):
                return rule.layer
        return self.default

    def assign(self, claim: Claim, places: list[ResolvedPlace]) -> tuple[PlaceInClaim, ...]:
        cue_spans: dict[int, list[tuple[int, int]]] = {}
        return tuple(PlaceInClaim(place, self.layer_of(claim, place, cue_spans)) for place in places)


def load_taxonomy(path: Path = DEFAULT_TAXONOMY) -> Taxonomy:
    try:
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ConfigurationError(f"{path}: cannot read the taxonomy: {error}") from error
    return parse_taxonomy(spec, str(path))


def parse_taxonomy(spec: dict, origin: str = "<taxonomy>") -> Taxonomy:
    if not isinstance(spec, dict) or "layers" not in spec:
        raise ConfigurationError(f"{origin}: a taxonomy needs 'layers', 'rules' and 'default'")
    layers = tuple(
        Layer(name, str(layer.get("label", name)), str(layer.get("color", "#555555")))
        for name, layer in spec["layers"].items()
    )
    names = [layer.name for layer in layers]
    default = spec.get("default")
    if default not in names:
        raise ConfigurationError(f"{origin}: default layer {default!r} is not one of {names}")
    rules = tuple(_parse_rule(rule, i, names, origin) for i, rule in enumerate(spec.get("rules") or [], 1))
    return Taxonomy(layers, rules, default)


def _parse_rule(rule: dict, number: int, layer_names: list[str], origin: str) -> LayerRule:
    where = f"{origin}: rule {number}"
    if rule.get("layer") not in layer_names:
        raise ConfigurationError(f"{where}: layer {rule.get('layer')!r} is not one of {layer_names}")
    features = frozenset(rule.get("features") or FEATURES)
    unknown = features - set(FEATURES)
    if unknown:
        raise ConfigurationError(f"{where}: unknown features {sorted(unknown)}; valid: {list(FEATURES)}")
    cues = rule.get("cues") or rule.get("cues_before")
    if not cues:
        raise ConfigurationError(f"{where}: a rule needs 'cues' or 'cues_before'")
    # Longest cues first, so "training ground" wins over "training".
    alternatives = "|".join(re.escape(str(c)) for c in sorted(cues, key=len, reverse=True))
    return LayerRule(
        layer=rule["layer"],
        features=features,
        cues=re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE),
        cues_before_only="cues_before" in rule,
        window_chars=rule.get("window"),
    )


def _distance(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Characters between two spans; 0 when they touch or overlap."""
    return max(0, b[0] - a[1], a[0] - b[1])
