"""Score claim linking (geo.stories) on a labelled set of stories (tests/data/stories_*.yaml).

The documents go through the whole pipeline into a store of their own, one at a time as an ingest
stores them; then each labelled claim (by a quote of its sentence) is found among the stored claims
and the store's answers are compared with the labels:

- linking: pairwise precision, recall and F1 over pairs of labelled claims put in one story, and
  B-cubed F1 (per claim, the share of its predicted story that belongs to its labelled one and back);
- independence: the share of labelled stories whose independent-source count (the store's, for the
  story holding most of its claims) equals the number of distinct labelled origins;
- contradictions: pairs of labelled stories the store links as contested, against the labelled pairs.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

import yaml

from geo.documents import make_document
from geo.errors import DocumentError


@dataclass
class StoryScores:
    documents: int = 0
    claims: int = 0
    found: int = 0  # labelled claims found among the stored ones
    pair_precision: float = 0.0
    pair_recall: float = 0.0
    pair_f1: float = 0.0
    bcubed_precision: float = 0.0
    bcubed_recall: float = 0.0
    bcubed_f1: float = 0.0
    stories: int = 0
    sources_right: float = 0.0
    contested_gold: int = 0
    contested_found: int = 0
    contested_right: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def contest_recall(self) -> float:
        return self.contested_right / self.contested_gold if self.contested_gold else 1.0

    @property
    def contest_precision(self) -> float:
        return self.contested_right / self.contested_found if self.contested_found else 1.0

    def as_json(self) -> dict:
        figures = {k: v for k, v in vars(self).items() if k != "misses"}
        return {**figures, "contest_recall": self.contest_recall, "contest_precision": self.contest_precision}


def load_stories_gold(path: Path) -> dict:
    try:
        gold = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise DocumentError(f"cannot read labelled stories {path}: {error}") from error
    if not isinstance(gold, dict) or not isinstance(gold.get("documents"), list):
        raise DocumentError(f"{path}: expected a mapping with a 'documents' list")
    return gold


def score_stories(gold: dict, pipeline, store_url: str | None = None) -> StoryScores:
    """Ingest the labelled documents into a fresh store (a temporary SQLite file unless ``store_url``)
    and score its story claims against the labels."""
    from geo.store import Store

    with tempfile.TemporaryDirectory() as scratch:
        store = Store(store_url or f"sqlite:///{Path(scratch) / 'stories.db'}")
        try:
            doc_ids = {}
            for item in gold["documents"]:
                meta = {"outlet": item.get("outlet"), "published": str(item["published"]), "title": item["id"]}
                document = make_document(item["text"], meta, f"{item['id']}.txt")
                store.add(pipeline.extract(document))
                doc_ids[item["id"]] = document.doc_id
            stored = store.story_rows()
        finally:
            store.engine.dispose()
    return _score(gold, doc_ids, stored)


def _score(gold: dict, doc_ids: dict[str, str], stored: dict) -> StoryScores:
    scores = StoryScores(documents=len(gold["documents"]))
    by_document: dict[str, list[dict]] = {}
    for claim in stored["claims"]:
        by_document.setdefault(claim["document_id"], []).append(claim)
    labelled: list[tuple[str, str, int | None]] = []  # (gold story, origin, stored claim id)
    for item in gold["documents"]:
        for label in item.get("claims", []):
            quote = " ".join(label["quote"].split())
            hits = [c for c in by_document.get(doc_ids[item["id"]], []) if quote in " ".join(c["text"].split())]
            scores.claims += 1
            if hits:
                scores.found += 1
            else:
                scores.misses.append(f"not extracted  {item['id']}: {quote!r}")
            labelled.append((label["story"], label["origin"], hits[0]["id"] if hits else None))
    story_of = {c["id"]: c["story_id"] for c in stored["claims"]}
    predicted = [story_of.get(claim_id, ("missing", n)) for n, (_, _, claim_id) in enumerate(labelled)]
    truth = [story for story, _, _ in labelled]
    _pairwise(scores, truth, predicted)
    _bcubed(scores, truth, predicted)
    _independence(scores, labelled, predicted, stored["independent"])
    _contradictions(scores, gold, labelled, story_of, stored["contests"])
    for (story, _, claim_id), guess in zip(labelled, predicted, strict=True):
        mates = {s for (s, _, _), g in zip(labelled, predicted, strict=True) if g == guess}
        if len(mates) > 1:
            scores.misses.append(f"merged         {story} with {sorted(mates - {story})} (claim {claim_id})")
    for story in sorted(set(truth)):
        parts = Counter(g for t, g in zip(truth, predicted, strict=True) if t == story)
        if len(parts) > 1:
            ids = [claim_id for (t, _, claim_id) in labelled if t == story]
            scores.misses.append(f"split          {story} into {len(parts)} (claims {ids})")
    return scores


def _pairwise(scores: StoryScores, truth: list, predicted: list) -> None:
    pairs = list(combinations(range(len(truth)), 2))
    same_truth = {p for p in pairs if truth[p[0]] == truth[p[1]]}
    same_predicted = {p for p in pairs if predicted[p[0]] == predicted[p[1]]}
    right = len(same_truth & same_predicted)
    scores.pair_precision = right / len(same_predicted) if same_predicted else 1.0
    scores.pair_recall = right / len(same_truth) if same_truth else 1.0
    scores.pair_f1 = _f1(scores.pair_precision, scores.pair_recall)


def _bcubed(scores: StoryScores, truth: list, predicted: list) -> None:
    n = len(truth)
    precision = recall = 0.0
    for i in range(n):
        same_p = [j for j in range(n) if predicted[j] == predicted[i]]
        same_t = [j for j in range(n) if truth[j] == truth[i]]
        both = sum(1 for j in same_p if truth[j] == truth[i])
        precision += both / len(same_p)
        recall += both / len(same_t)
    scores.bcubed_precision, scores.bcubed_recall = precision / n, recall / n
    scores.bcubed_f1 = _f1(scores.bcubed_precision, scores.bcubed_recall)


def _independence(scores: StoryScores, labelled: list, predicted: list, independent: dict) -> None:
    right = 0
    stories = sorted({story for story, _, _ in labelled})
    for story in stories:
        members = [(origin, guess) for (s, origin, _), guess in zip(labelled, predicted, strict=True) if s == story]
        expected = len({origin for origin, _ in members})
        guess = Counter(g for _, g in members).most_common(1)[0][0]
        got = independent.get(guess, 0)
        if got == expected:
            right += 1
        else:
            scores.misses.append(f"sources        {story}: {got} independent, labelled {expected}")
    scores.stories = len(stories)
    scores.sources_right = right / len(stories) if stories else 1.0


def _contradictions(scores: StoryScores, gold: dict, labelled: list, story_of: dict, contests: list) -> None:
    labels_of: dict[int, str] = {claim_id: story for story, _, claim_id in labelled if claim_id is not None}
    expected = {frozenset(pair) for pair in gold.get("contested", [])}
    # a stored story stands for the labelled story most of its labelled claims carry
    votes: dict[int, Counter] = {}
    for claim_id, story in labels_of.items():
        votes.setdefault(story_of[claim_id], Counter())[story] += 1
    label_of_story = {s: c.most_common(1)[0][0] for s, c in votes.items()}
    found = set()
    for a, b in contests:
        la, lb = label_of_story.get(story_of.get(a)), label_of_story.get(story_of.get(b))
        if la and lb and la != lb:
            found.add(frozenset((la, lb)))
    scores.contested_gold, scores.contested_found = len(expected), len(found)
    scores.contested_right = len(expected & found)
    for pair in sorted(expected - found, key=sorted):
        scores.misses.append(f"contest missed {' / '.join(sorted(pair))}")
    for pair in sorted(found - expected, key=sorted):
        scores.misses.append(f"contest wrong  {' / '.join(sorted(pair))}")


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0
