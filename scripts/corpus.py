"""A news-like corpus of any size, deterministic for a seed number, for benchmarks.

Each article (400–1,200 words) reports claims about real places of the gazetteer (cities, regions,
countries), by named and unnamed sources, with hedges, relative and absolute dates and troop counts,
between sentences of ordinary reporting. It is built from the gazetteer, not from the seed article.

    python scripts/corpus.py OUT_DIR --articles 1000 --seed 1
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import sqlalchemy as sa

from geo import schema
from geo.gazetteer import load_gazetteer
from geo.settings import Settings
from geo.store import index_stories
from geo.stories import Signature

SOURCES = [
    "the Institute for the Study of War (ISW)", "the defence ministry", "Reuters", "a senior official",
    "General Staff spokesman Andriy Kovalenko", "the regional governor", "local media", "analysts",
    "the National Intelligence Service (NIS)", "Ms Helena Brandt, a researcher at the Baltic Policy Centre",
    "the UN human rights office", "witnesses", "the army", "Western intelligence officials",
]  # fmt: skip
VERBS = ["said", "claimed", "believes", "reported", "suggested", "told reporters", "estimated", "confirmed",
         "alleged", "warned"]  # fmt: skip
HEDGES = ["", "", "", "reportedly ", "possibly ", "probably "]
WHEN = ["last week", "on Tuesday", "on Friday", "yesterday", "earlier this month", "recently",
        "from the beginning of November", "in mid-October", "on 17 October", "in 2023", "last month"]  # fmt: skip
COUNTED = ["soldiers", "troops", "drones", "shells", "civilians", "fighters", "tanks", "missiles"]
APPROX = ["", "", "around ", "about ", "more than ", "up to ", "an estimated "]
FILLER = [
    "Residents described long queues for fuel and bread in the days that followed.",
    "The claim could not be independently verified.",
    "Prices for basic goods have risen sharply since the spring.",
    "Aid convoys were delayed by damaged roads and checkpoints.",
    "The statement did not give further details.",
    "Officials declined to comment on the record.",
    "Power was restored to most homes by the evening.",
    "Schools in the area have moved classes online.",
]
TEMPLATES = [
    "{Source} {verb} that {approx}{n} {counted} had {hedge}moved to {city}.",
    "According to {source}, {source2} {verb} that fighting continued near {city} {when}.",
    "It is believed that {approx}{n} {counted} are stationed in the {region} region.",
    "{Source} {verb} {when} that units from {country} were seen in eastern {country2}.",
    "Shelling hit {city} and {city2} {when}, {source} {verb}.",
    "{Source} {verb} that the {country}-{country2} border had been closed {when}.",
    "Satellite images show new positions outside {city}, {source} {verb}.",
    "It has been suggested by some that {approx}{n} {counted} were sent from {region} {when}.",
]


def make_corpus(out: Path, articles: int, seed: int, settings: Settings | None = None) -> list[Path]:
    settings = settings or Settings()
    gazetteer = load_gazetteer(settings.boundaries_dir, settings.cache_dir, settings.min_city_population)
    entries = list(gazetteer.entries.values())
    cities = sorted((e.name for e in entries if e.feature == "city" and e.population >= 100_000), key=str)
    regions = sorted(e.name for e in entries if e.feature == "admin1" and " " not in e.name)
    countries = sorted(e.name for e in entries if e.feature == "country" and " " not in e.name)
    chooser = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(articles):
        text = _article(chooser, cities, regions, countries, number)
        path = out / f"{number:06}.txt"
        path.write_text(text, encoding="utf-8")
        published = date(2024, 1, 1) + timedelta(days=chooser.randrange(365))
        sidecar = {"outlet": chooser.choice(["Example Wire", "Daily Ledger", "Frontline Post"]),
                   "published": published.isoformat(), "title": f"Report {number}"}  # fmt: skip
        path.with_suffix(".json").write_text(json.dumps(sidecar), encoding="utf-8")
        paths.append(path)
    return paths


def _article(chooser: random.Random, cities, regions, countries, number: int) -> str:
    target_words = chooser.randint(400, 1200)
    paragraphs, words = [], 0
    while words < target_words:
        sentences = [_sentence(chooser, cities, regions, countries) for _ in range(chooser.randint(2, 5))]
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        words += len(paragraph.split())
    return f"Report {number}\n\n" + "\n\n".join(paragraphs) + "\n"


def _sentence(chooser: random.Random, cities, regions, countries) -> str:
    if chooser.random() < 0.35:
        return chooser.choice(FILLER)
    source, source2 = chooser.sample(SOURCES, 2)
    values = {
        "source": source, "Source": source[0].upper() + source[1:], "source2": source2,
        "verb": chooser.choice(VERBS), "hedge": chooser.choice(HEDGES), "when": chooser.choice(WHEN),
        "approx": chooser.choice(APPROX), "n": f"{chooser.choice([120, 700, 1500, 3000, 10000, 12000]):,}",
        "counted": chooser.choice(COUNTED), "city": chooser.choice(cities), "city2": chooser.choice(cities),
        "region": chooser.choice(regions), "country": chooser.choice(countries),
        "country2": chooser.choice(countries),
    }  # fmt: skip
    return chooser.choice(TEMPLATES).format(**values)


def grow(engine: sa.Engine, target_claims: int, reworded: float = 0.0) -> int:
    """Copy the stored documents and their claims (new ids, dates a week earlier each round, within a
    year) until the store holds ``target_claims``: two years of news that names the same places again.
    Each round's claims form stories of their own, as the originals do (geo.stories): their story rows,
    contests and index keys are copied with them, keyed again for their shifted days. ``reworded``: the
    share of each copy's words (as linking reads them, its signature) put in other words, drawn from
    the words the originals use, so that the copies of one claim are not word for word the same (linking
    meets a place's claims of other weeks; copies alike would make its comparisons all alike).
    Written behind the change log's back: open a new Store afterwards (no server may be reading)."""
    with engine.begin() as conn:
        count = conn.execute(sa.select(sa.func.count()).select_from(schema.claims)).scalar()
        copied = schema.claims.c.document_id.contains(":")
        base_max = conn.execute(sa.select(sa.func.max(schema.claims.c.id)).where(~copied)).scalar()
        documents = sa.select(sa.func.count()).select_from(schema.documents)
        originals = conn.execute(documents.where(~schema.documents.c.id.contains(":"))).scalar()
        round_number = conn.execute(documents.where(schema.documents.c.id.contains(":"))).scalar() // originals
        linked = _linked_originals(conn, base_max)
        story_max = max((story for _, story, _, _ in linked), default=0)
        vocabulary = sorted({word for *_, sig in linked for word in sig.words})
        while count < target_claims:  # grown again later, it goes on from the last round
            round_number += 1
            _copy_round(conn, round_number, base_max)
            _copy_stories(conn, linked, round_number, base_max, story_max, (reworded, vocabulary))
            count = conn.execute(sa.select(sa.func.count()).select_from(schema.claims)).scalar()
        conn.execute(sa.text("ANALYZE"))
    return count


def _linked_originals(conn, base_max: int) -> list[tuple[int, int, str, Signature]]:
    """The original claims' story rows: claim, story, origin, signature."""
    rows = conn.execute(sa.select(schema.claim_stories).where(schema.claim_stories.c.claim_id <= base_max))
    return [(row.claim_id, row.story_id, row.origin, Signature.loads(row.signature)) for row in rows]


def _copy_stories(conn, linked: list, round_number: int, base_max: int, story_max: int, rewording) -> None:
    """One round's story rows, contests and index keys. Their story ids follow every id given so far,
    and are reserved in ``stories``, so that no story made later takes one of them."""
    offset, shift = base_max * round_number, round_number * 7 % 365
    stories = schema.stories
    story_offset = conn.execute(sa.select(sa.func.max(stories.c.id))).scalar() or 0
    _copy(conn, stories, {"id": lambda c: c + story_offset, "document_id": lambda c: c + f":{round_number}"},
          stories.c.id <= story_max)  # fmt: skip
    contests = schema.claim_contests
    _copy(conn, contests, {"claim_id": lambda c: c + offset, "other_id": lambda c: c + offset},
          (contests.c.claim_id <= base_max) & (contests.c.other_id <= base_max))  # fmt: skip
    moved = [(claim_id + offset, story_id + story_offset, origin,
              _reworded(_earlier(sig, shift), random.Random(claim_id + offset), *rewording))
             for claim_id, story_id, origin, sig in linked]  # fmt: skip
    if moved:
        conn.execute(schema.claim_stories.insert(), [
            {"claim_id": claim_id, "story_id": story_id, "origin": origin, "signature": sig.dumps()}
            for claim_id, story_id, origin, sig in moved
        ])  # fmt: skip
        index_stories(conn, [(claim_id, sig) for claim_id, _, _, sig in moved])


def _earlier(sig: Signature, days: int) -> Signature:
    first, last = (None if day is None else day - days for day in (sig.first_day, sig.last_day))
    return replace(sig, first_day=first, last_day=last)


def _reworded(sig: Signature, chooser: random.Random, share: float, vocabulary: list[str]) -> Signature:
    """The signature with about ``share`` of its words put in others of the vocabulary."""
    if not share or not vocabulary:
        return sig
    words = {chooser.choice(vocabulary) if chooser.random() < share else word for word in sorted(sig.words)}
    return replace(sig, words=frozenset(words))


def _copy_round(conn, round_number: int, base_max: int) -> None:
    """One more copy of the original documents and claims, as round ``round_number``."""
    offset, suffix = base_max * round_number, f":{round_number}"
    shift_days = round_number * 7 % 365
    original = schema.claims.c.id <= base_max
    _copy(conn, schema.documents, {"id": lambda c: c + suffix}, ~schema.documents.c.id.contains(":"))
    _copy(conn, schema.claims, {
        "id": lambda c: c + offset,
        "document_id": lambda c: c + suffix,
        "date_earliest": lambda c: _days_earlier(conn, c, shift_days),
        "date_latest": lambda c: _days_earlier(conn, c, shift_days),
    }, original)  # fmt: skip
    for table in (schema.claim_sources, schema.claim_places, schema.claim_words):
        _copy(conn, table, {"claim_id": lambda c: c + offset}, table.c.claim_id <= base_max)


def _copy(conn, table: sa.Table, changed: dict, where) -> None:
    columns = [changed[c.name](c) if c.name in changed else c for c in table.columns]
    conn.execute(table.insert().from_select([c.name for c in table.columns], sa.select(*columns).where(where)))


def _days_earlier(conn, column, days: int):
    if conn.dialect.name == "sqlite":
        return sa.func.date(column, f"-{days} days")
    return column - days


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    paths = make_corpus(args.out, args.articles, args.seed)
    size = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} articles, {size / len(paths) / 1024:.1f} KB each on average -> {args.out}")


if __name__ == "__main__":
    main()
