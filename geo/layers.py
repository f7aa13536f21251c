"""Map layers from rules kept as data (``geo/data/taxonomy.yaml``), never from place names.

A place takes the layer of the rule whose cue is nearest to it in the claim (the rules' order breaks
ties), so "overran a garrison in X and drilled fighters near Y" puts X on the front line and Y among
training sites. A place where the claim was made (``Claim.said_at``: a dateline, "told reporters in
X") takes no layer from the claim: it is marked ``said`` and goes to the default layer, and a place
named both there and in the claim's body is listed once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from geo.errors import ConfigurationError
from geo.models import Claim, PlaceInClaim, ResolvedPlace
from geo.text import ClaimWords, finditer_lowered, needle_text, phrase_alternation

DEFAULT_TAXONOMY = Path(__file__).parent / "data" / "taxonomy.yaml"
# what a comma between a place and a cue after it counts for, in characters, when rules' cues compete
LATER_CLAUSE_CHARS = 40
NOT_AFTER_REACH_CHARS = 30  # "overran a military base", "shelled the Abu Shouk camp"
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
    exceptions: re.Pattern | None = None  # phrases holding a cue that are not one: "refugee camp"
    first_words: frozenset[str] = frozenset()  # the first word of each cue, lower case
    # words that make a cue shortly after them the object of another act: "attacked an army camp"
    # is fighting at the camp, not training there
    not_after: re.Pattern | None = None
    # words a cue counts only shortly after, in its clause: "from" is an origin after "crossed into X"
    only_after: re.Pattern | None = None
    # words right after the place that make a cue before it no sign of its layer: "residents of X said"
    # speak for X (what they say happens there decides), they are not said to come from it
    not_before: re.Pattern | None = None
    # every first word a plain run of lower-case letters: looked up among a claim's runs of letters
    # (``ClaimWords.letters``), which hold each such word a cue's match starts with
    plain_first_words: bool = False

    def applies_to(self, place: ResolvedPlace) -> bool:
        return place.feature in self.features

    def matches(self, claim: Claim, place: ResolvedPlace, cue_spans: list[tuple[int, int]]) -> bool:
        """Whether one of the rule's cues (``cue_spans``, in the claim's text) is where it must be."""
        return self.nearest(claim, place, cue_spans) is not None

    def nearest(self, claim: Claim, place: ResolvedPlace, cue_spans: list[tuple[int, int]]) -> int | None:
        """Characters from the place to the nearest of the rule's cues that is where it must be."""
        start, end = place.start - claim.start, place.end - claim.start
        if self.not_before is not None and self.not_before.match(claim.text, end):
            return None
        best = None
        for cue in cue_spans:
            if self.cues_before_only and cue[1] > start:
                continue
            distance = _distance(cue, (start, end))
            if self.window_chars is not None and distance > self.window_chars:
                continue
            if cue[0] >= end and claim.text.find(",", end, cue[0]) >= 0:
                # a cue after the place past a comma is most often in another clause ("recruited from tribes in
                # Raqqa, were massing near X"): it decides only where no cue of the place's own clause is near
                distance += LATER_CLAUSE_CHARS
            if best is None or distance < best:
                best = distance
        return best

    def cue_spans(
        self, claim: Claim, words: set[str] | None = None, lowered: str | None = None
    ) -> list[tuple[int, int]]:
        """Where the rule's cues are in the claim; none without a cue's first word among ``words``
        (the claim's lower-case words, when known): most claims hold no cue of most rules. The cues
        are searched in ``lowered`` (``needle_text`` of the claim's text) where it is given."""
        if words is not None and self.first_words and self.first_words.isdisjoint(words):
            return []
        spans = [cue.span() for cue in finditer_lowered(self.cues, claim.text, lowered)]
        if spans and self.exceptions is not None:
            taken = [m.span() for m in finditer_lowered(self.exceptions, claim.text, lowered)]
            spans = [s for s in spans if not any(a <= s[0] and s[1] <= b for a, b in taken)]
        if spans and self.not_after is not None:
            spans = [s for s in spans if not _in_reach(self.not_after, claim.text, s[0])]
        if spans and self.only_after is not None:
            spans = [s for s in spans if _in_reach(self.only_after, claim.text, s[0])]
        return spans


@dataclass(frozen=True)
class Taxonomy:
    layers: tuple[Layer, ...]
    rules: tuple[LayerRule, ...]
    default: str
    # layers a place passes on to the larger place that qualifies it: "youths from Twic county in South
    # Sudan's Warrap state" come from Warrap too, whatever happens nearer to it
    qualified_layers: frozenset[str] = frozenset()

    def layer_of(
        self, claim: Claim, place: ResolvedPlace, cue_spans: dict | None = None, words: ClaimWords | None = None
    ) -> str:
        """The layer of the rule with the nearest cue; ``cue_spans`` keeps each rule's cues in the
        claim, for the claim's other places (``words``: the claim's, as the claim stage read them)."""
        cue_spans = {} if cue_spans is None else cue_spans
        if _LOWERED_KEY not in cue_spans:
            # the cues are searched in the text in lower case; their first words looked up among its
            # runs of letters where the claim stage found them (none where lower case may hide a letter)
            cue_spans[_LOWERED_KEY] = needle_text(claim.text) if words is None else words.lowered
            cue_spans[_LETTERS_KEY] = words.letters if words is not None and words.lowered is not None else None
        best: tuple[int, int] | None = None  # (distance, rule index)
        for index, rule in enumerate(self.rules):
            if place.feature not in rule.features:  # rule.applies_to, inline: asked of every place and rule
                continue
            if index not in cue_spans:
                found = cue_spans[_LETTERS_KEY] if rule.plain_first_words else None
                if found is None:
                    found = self._words(claim, cue_spans)
                cue_spans[index] = rule.cue_spans(claim, found, cue_spans[_LOWERED_KEY])
            distance = rule.nearest(claim, place, cue_spans[index]) if cue_spans[index] else None
            if distance is not None and (best is None or distance < best[0]):
                best = (distance, index)
        return self.rules[best[1]].layer if best else self.default

    @staticmethod
    def _words(claim: Claim, cue_spans: dict) -> set[str]:
        """The claim's lower-case words (``_WORD``), found once for its places."""
        if _WORDS_KEY not in cue_spans:
            lowered = cue_spans[_LOWERED_KEY]
            cue_spans[_WORDS_KEY] = set(_WORD.findall(claim.text.lower() if lowered is None else lowered))
        return cue_spans[_WORDS_KEY]

    def assign(
        self, claim: Claim, places: list[ResolvedPlace], words: ClaimWords | None = None
    ) -> tuple[PlaceInClaim, ...]:
        """Each place with its layer (``words``: the claim's, as the claim stage read them)."""
        cue_spans: dict = {}
        said_at = getattr(claim, "said_at", ())
        placed = []
        qualifying = False  # whether a place has a layer it passes on to its qualifier
        for place in places:
            said = any(a <= place.start and place.end <= b for a, b in said_at)
            layer = self.default if said else self.layer_of(claim, place, cue_spans, words)
            qualifying = qualifying or layer in self.qualified_layers
            placed.append(PlaceInClaim(place, layer, said))
        if qualifying:
            placed = self._qualifiers_alike(claim, placed)
        return _once_where_said(placed) if said_at else tuple(placed)

    def _qualifiers_alike(self, claim: Claim, placed: list[PlaceInClaim]) -> list[PlaceInClaim]:
        """A place right after one of ``qualified_layers`` that qualifies it ("Twic county in Warrap
        state", "Twic, Warrap", "South Sudan's Warrap") takes its layer."""
        for i in range(1, len(placed)):
            before, item = placed[i - 1], placed[i]
            if before.layer not in self.qualified_layers or before.said or item.said or item.layer == before.layer:
                continue
            gap = claim.text[before.place.end - claim.start : item.place.start - claim.start]
            if before.place.end <= item.place.start and _QUALIFYING_GAP.fullmatch(gap):
                placed[i] = PlaceInClaim(item.place, before.layer, item.said)
        return placed


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
    qualified = frozenset(spec.get("qualified_layers") or ())
    if not qualified <= set(names):
        raise ConfigurationError(f"{origin}: qualified_layers {sorted(qualified - set(names))} are not of {names}")
    return Taxonomy(layers, rules, default, qualified)


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
    first = frozenset(_WORD.findall(str(c).lower())[0] for c in cues if _WORD.findall(str(c).lower()))
    return LayerRule(
        layer=rule["layer"],
        features=features,
        cues=_phrases(cues),
        first_words=first,
        plain_first_words=all(_PLAIN_WORD.fullmatch(word) for word in first),
        cues_before_only="cues_before" in rule,
        window_chars=rule.get("window"),
        exceptions=_phrases(rule["except"]) if rule.get("except") else None,
        not_after=_phrases(rule["not_after"]) if rule.get("not_after") else None,
        only_after=_phrases(rule["only_after"]) if rule.get("only_after") else None,
        not_before=_right_after(rule["not_before"]) if rule.get("not_before") else None,
    )


# between a place and a larger one that qualifies it: " county in ", ", ", " state of ", "'s "
_QUALIFYING_GAP = re.compile(
    r"(?:\s+(?:county|state|province|district|region|governorate|oblast|department|municipality))?"
    r"(?:\s*,\s*|\s+in\s+(?:the\s+)?|\s+of\s+)|['’]s\s+"
)
_WORD = re.compile(r"\w+")
_PLAIN_WORD = re.compile(r"[a-z]+")
_WORDS_KEY = -1  # where layer_of keeps the claim's words beside each rule's cues
_LOWERED_KEY = -2  # and its text in lower case
_LETTERS_KEY = -3  # and its runs of lower-case letters, where the claim stage gave them


def _phrases(phrases: list) -> re.Pattern:
    # Longest first, so "training ground" wins over "training".
    alternatives = phrase_alternation([str(c) for c in phrases])
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def _right_after(phrases: list) -> re.Pattern:
    """Phrases right after a place, a comma between them or not: "X said", "X, said"."""
    return re.compile(rf",?\s+(?:{phrase_alternation([str(c) for c in phrases])})(?!\w)", re.IGNORECASE)


def _once_where_said(placed: list[PlaceInClaim]) -> tuple[PlaceInClaim, ...]:
    """A place named where the claim was made and in its body too (a dateline's city, then the city
    again) is listed once: with the body's layer, marked as where the claim was made."""
    said_keys = {p.place.key for p in placed if p.said}
    body = {p.place.key: p for p in reversed(placed) if not p.said and p.place.key in said_keys}
    kept, seen = [], set()
    for item in placed:
        key = item.place.key
        if key in seen:
            continue
        if key in body:
            item = PlaceInClaim(body[key].place, body[key].layer, True)
        if key in said_keys:
            seen.add(key)
        kept.append(item)
    return tuple(kept)


def _in_reach(phrases: re.Pattern, text: str, cue_start: int) -> bool:
    """Whether one of ``phrases`` comes shortly before a cue, in the cue's own clause."""
    before = text[max(0, cue_start - NOT_AFTER_REACH_CHARS) : cue_start]
    return phrases.search(re.split(r"[,;.]", before)[-1]) is not None


def _distance(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Characters between two spans; 0 when they touch or overlap."""
    return max(0, b[0] - a[1], a[0] - b[1])
