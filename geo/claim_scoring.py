"""Score the claim extractor on a labelled corpus, field by field.

The corpus (``tests/data/claims_gold.yaml``) lists short documents, each with
the claims a reader finds in it: the start of the claim's sentence or clause,
its source chain (each link a list of acceptable names; ``document`` for the
document's own voice, ``unnamed`` for an impersonal source), the kinds of the
links, the certainty and its cue words, the dates (resolved) and the numbers.

A gold claim is matched to the extracted claim whose span holds the start of its
sentence. Detection is scored on those matches; every other field on the matched
claims only, as precision and recall over the items each side gives.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from geo.claims import extract_claims
from geo.documents import make_document
from geo.errors import DocumentError
from geo.lexicon import Lexicon, load_lexicon
from geo.models import Claim, Source
from geo.sources import document_kind
from geo.text import fold

FIELDS = (
    "claims",
    "sources",
    "chains",
    "kinds",
    "affiliations",
    "certainty",
    "cues",
    "dates",
    "when",
    "numbers",
    "layers",
)
# Kinds of the sources the text names; any other kind is what a described source is described as.
NAMED_KINDS = frozenset({"person", "government", "agency", "military", "think tank", "media", "document",
                         "organisation", "unattributed"})  # fmt: skip

_ABBREVIATION_SUFFIX = re.compile(r"\s*\(([A-Z][A-Z0-9-]{1,9})\)$")
_POSSESSIVE = re.compile(r"[’']s\b")


@dataclass
class FieldScore:
    gold: int = 0
    predicted: int = 0
    correct: int = 0

    def add(self, gold: list, predicted: list, same=lambda g, p: g == p) -> None:
        """Count items on each side and pair them one to one."""
        self.gold += len(gold)
        self.predicted += len(predicted)
        unpaired = list(predicted)
        for item in gold:
            for candidate in unpaired:
                if same(item, candidate):
                    unpaired.remove(candidate)
                    self.correct += 1
                    break

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class ClaimScores:
    documents: int = 0
    fields: dict[str, FieldScore] = field(default_factory=lambda: {name: FieldScore() for name in FIELDS})
    misses: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        return {
            "documents": self.documents,
            **{
                name: {
                    "gold": s.gold,
                    "predicted": s.predicted,
                    "correct": s.correct,
                    "precision": round(s.precision, 4),
                    "recall": round(s.recall, 4),
                    "f1": round(s.f1, 4),
                }
                for name, s in self.fields.items()
            },
        }


def load_claims_gold(path: Path) -> list[dict]:
    try:
        records = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise DocumentError(str(path), f"not YAML: {error}") from error
    if not isinstance(records, list):
        raise DocumentError(str(path), "expected a list of documents")
    return records


def needs_places(records: list[dict]) -> bool:
    """Whether a corpus labels places, so scoring it needs the whole pipeline."""
    return any(claim.get("places") for record in records for claim in record.get("claims") or [])


def score_claims(records: list[dict], lexicon: Lexicon, pipeline=None) -> ClaimScores:
    """Scores per field; with a ``Pipeline``, the layers of the places labelled too."""
    scores = ClaimScores()
    for record in records:
        document = make_document(record["text"], _metadata(record), record["id"])
        if pipeline is not None:
            extracted = pipeline.extract(document).claims
            predicted = [item.claim for item in extracted]
            placed = {id(item.claim): item.places for item in extracted}
        else:
            predicted, placed = extract_claims(document, lexicon), None
        scores.documents += 1
        _score_document(scores, record, predicted, placed)
    return scores


def _metadata(record: dict) -> dict:
    published = record.get("published")
    return {"outlet": record.get("outlet"), "published": str(published) if published is not None else None}


def _score_document(scores: ClaimScores, record: dict, predicted: list[Claim], placed: dict | None = None) -> None:
    text = record["text"]
    matched: dict[int, Claim] = {}
    for index, gold in enumerate(record["claims"]):
        start = text.find(gold["sentence"])
        claim = next((c for c in predicted if c.start <= start < c.end), None)
        if claim is not None:
            matched[index] = claim
    scores.fields["claims"].add(
        [gold["sentence"] for gold in record["claims"]],
        [c for c in predicted],
        lambda sentence, claim: claim.start <= text.find(sentence) < claim.end,
    )
    f = scores.fields
    for index, claim in matched.items():
        gold = record["claims"][index]
        where = f"{record['id']}: {gold['sentence']!r}"
        chain = gold.get("sources") or []
        f["sources"].add(chain, list(claim.sources), _same_source)
        same_chain = len(chain) == len(claim.sources) and all(map(_same_source, chain, claim.sources))
        f["chains"].add([True], [same_chain])
        if not same_chain:
            scores.misses.append(f"source    {where}: {[s.name for s in claim.sources]}, gold {chain}")
        kinds = list(zip(chain, gold.get("kinds") or [], strict=False))
        found_kinds = [(s, _kind(s)) for s in claim.sources]
        f["kinds"].add(kinds, found_kinds, lambda g, p: _same_source(g[0], p[0]) and _same_kind(g[1], p[0]))
        if not all(any(_same_source(g, s) and _same_kind(k, s) for s in claim.sources) for g, k in kinds):
            scores.misses.append(f"kind      {where}: {[_kind(s) for s in claim.sources]}, gold {gold.get('kinds')}")
        if "affiliations" in gold:
            labelled = [(g, a) for g, a in zip(chain, gold["affiliations"], strict=False) if a]
            found = [(s, getattr(s, "affiliation", None)) for s in claim.sources]
            f["affiliations"].add(
                labelled, [p for p in found if p[1]], lambda g, p: _same_source(g[0], p[0]) and fold(g[1]) == fold(p[1])
            )
            if len(labelled) != sum(1 for p in found if p[1]):
                scores.misses.append(f"affil     {where}: {[p[1] for p in found]}, gold {gold['affiliations']}")
        f["certainty"].add([gold["certainty"]], [claim.certainty])
        if gold["certainty"] != claim.certainty:
            scores.misses.append(
                f"certainty {where}: {claim.certainty} {claim.certainty_cues}, gold {gold['certainty']}"
            )
        f["cues"].add([fold(c) for c in gold.get("cues") or []], [fold(c) for c in claim.certainty_cues])
        gold_dates = [_gold_date(d) for d in gold.get("dates") or []]
        found_dates = [_found_date(d.resolved) for d in claim.dates]
        f["dates"].add(gold_dates, found_dates)
        if Counter(gold_dates) != Counter(found_dates):
            scores.misses.append(
                f"dates     {where}: {[d.phrase for d in claim.dates]} {found_dates}, gold {gold_dates}"
            )
        if "when" in gold:
            gold_when = _gold_date(gold["when"]) if gold["when"] else None
            found_when = _found_date(claim.when) if getattr(claim, "when", None) else None
            f["when"].add([gold_when] if gold_when else [], [found_when] if found_when else [])
            if gold_when != found_when:
                scores.misses.append(f"when      {where}: {found_when}, gold {gold_when}")
        gold_numbers = [_number(n) for n in gold.get("numbers") or []]
        found_numbers = [(n.value, _head(n.counts), n.approximate) for n in claim.numbers]
        found_detail = [(getattr(n, "bound", None), getattr(n, "unit", None)) for n in claim.numbers]
        f["numbers"].add(gold_numbers, list(zip(found_numbers, found_detail, strict=True)), _same_number)
        if Counter(g[0] for g in gold_numbers) != Counter(found_numbers) or any(
            not any(_same_number(g, p) for p in zip(found_numbers, found_detail, strict=True)) for g in gold_numbers
        ):
            scores.misses.append(f"numbers   {where}: {list(zip(found_numbers, found_detail, strict=True))}, "
                                 f"gold {gold_numbers}")  # fmt: skip
        if placed is not None and gold.get("places"):
            _score_places(scores, where, gold["places"], placed.get(id(claim), ()))
    for index, gold in enumerate(record["claims"]):
        if index not in matched:
            scores.misses.append(f"claim     {record['id']}: no claim holds {gold['sentence']!r}")


def _score_places(scores: ClaimScores, where: str, gold: list[dict], found) -> None:
    """Each labelled place against the claim's found places whose mention holds its name."""
    labelled = [(fold(p["name"]), p.get("layer"), bool(p.get("said"))) for p in gold]
    names = [(fold(p.place.mention), p.layer, getattr(p, "said", False)) for p in found]
    matching = [p for p in names if any(_same_place(g[0], p[0]) for g in labelled)]
    scores.fields["layers"].add(labelled, matching, lambda g, p: _same_place(g[0], p[0]) and g[1:] == p[1:])
    for item in labelled:
        if item not in [(g[0], *p[1:]) for g in labelled for p in matching if _same_place(g[0], p[0])]:
            got = [p[1:] for p in matching if _same_place(item[0], p[0])] or "not found"
            scores.misses.append(f"layer     {where}: {item[0]} {got}, gold {item[1:]}")


def _same_place(gold_name: str, mention: str) -> bool:
    return gold_name in mention or mention in gold_name


def _number(label: dict) -> tuple:
    """(value, head, approximate) and the bound and unit where the label gives them (else ``...``)."""
    main = (int(label["value"]), _head(label.get("counts")), bool(label.get("approximate")))
    return main, (label.get("bound", ...), label.get("unit", ...))


def _same_number(gold: tuple, found: tuple) -> bool:
    (main, detail), (found_main, found_detail) = gold, found
    return main == found_main and all(g is ... or g == p for g, p in zip(detail, found_detail, strict=True))


def _same_kind(gold: str, source: Source) -> bool:
    kind = _kind(source)
    return gold == kind or (gold == "unattributed" and kind not in NAMED_KINDS)


def _same_source(aliases: list[str], source: Source) -> bool:
    wanted = {_normal(a) for a in aliases}
    if "document" in wanted:
        return source.kind == "document"
    if "unnamed" in wanted and (source.kind == "unattributed" or source.kind not in NAMED_KINDS):
        return True
    return bool(_variants(source) & wanted)


def _variants(source: Source) -> set[str]:
    names = {source.name, source.mention}
    abbreviation = _ABBREVIATION_SUFFIX.search(source.name)
    if abbreviation:
        names |= {abbreviation.group(1), _ABBREVIATION_SUFFIX.sub("", source.name)}
    return {_normal(n) for n in names if n}


def _normal(name: str) -> str:
    name = _POSSESSIVE.sub("", fold(str(name)))
    return re.sub(r"^(?:the|an?)\s+", "", name).strip()


def _kind(source: Source) -> str:
    return document_kind(source.name, load_lexicon()) if source.kind == "document" else source.kind


def _gold_date(value: dict) -> tuple:
    return tuple(_iso(value.get(key)) for key in ("earliest", "latest", "precision"))


def _found_date(resolved) -> tuple:
    if resolved is None:
        return (None, None, None)
    return (resolved.earliest.isoformat(), resolved.latest.isoformat(), resolved.precision)


def _iso(value) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, date) else str(value)


def _head(counts: str | None) -> str | None:
    return fold(counts).split()[-1] if counts else None
