"""The claims holding each word of their sentences, for text filters that answer at once at a million
claims, also for a word no one looked for before.

A claim's words are its sentence split at white space and case folded; a filter's word (which holds
no white space) is in a sentence exactly when it is part of one of the sentence's words. So a word is
looked for in the store's list of words (tens of thousands, kept in memory and searched as one
string), and the claims of the words holding it are read from ``claim_words``' primary key: ids from
the index alone, where a trigram index must check every candidate's row (PostgreSQL read some 40k
pages of the claims for a common word at a million claims).
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable

import numpy as np
import sqlalchemy as sa

from geo.schema import claim_words, claims, search_words

MOST_WORDS = 500  # words of the store holding one filter word read through the index; more: None (the caller scans)
FILL_BATCH = 20_000  # claims indexed at a time when a store made before the index is filled
# A word held by this share of the claims or more has its claims kept in memory (geo.claim_index): at a
# million claims "of" is in 240k, too many to read at a filter's first use (5 %: 48 words, 6 MB, 1.5 s of a load).
COMMON_SHARE = 0.05
COMMON_SAMPLE = 20_000  # claims whose words tell which words are common
NO_IDS = np.zeros(0, np.int64)


def words_of(text: str) -> set[str]:
    """The words a sentence is found by: split at white space, case folded (as a filter's words are)."""
    return set(text.casefold().split())


def index_claims(conn, texts: Iterable[tuple[int, str]]) -> None:
    """Index these claims (id, sentence): their words stored where new, and a row per claim and word."""
    by_claim = [(claim_id, words_of(text)) for claim_id, text in texts]
    ids = word_ids(conn, set().union(*(words for _, words in by_claim)))
    rows = [{"word_id": ids[w], "claim_id": claim_id} for claim_id, words in by_claim for w in words]
    if rows:
        conn.execute(claim_words.insert(), rows)


def word_ids(conn, words: set[str]) -> dict[str, int]:
    """Each word's id, the new ones stored first (another writer storing one at once makes the
    transaction fail and the store's write try again, as for sources)."""
    if not words:
        return {}
    ids: dict[str, int] = {}
    wanted = sorted(words)
    for start in range(0, len(wanted), 5000):  # under SQLite's limit of bound values
        chunk = wanted[start : start + 5000]
        known = sa.select(search_words.c.word, search_words.c.id).where(search_words.c.word.in_(chunk))
        ids |= dict(conn.execute(known).all())
    new = [{"word": w} for w in wanted if w not in ids]
    if new:
        ids |= dict(conn.execute(search_words.insert().returning(search_words.c.word, search_words.c.id), new).all())
    return ids


def fill(conn) -> int:
    """Index every claim (a store made before the index, in one migration step): in batches, in id order."""
    conn.execute(claim_words.delete())  # a store taken back to an earlier schema version goes through it again
    done, last = 0, 0
    while True:
        query = sa.select(claims.c.id, claims.c.text).where(claims.c.id > last).order_by(claims.c.id).limit(FILL_BATCH)
        batch = conn.execute(query).all()
        if not batch:
            return done
        index_claims(conn, batch)
        done, last = done + len(batch), batch[-1][0]


class Vocabulary:
    """The store's words in memory, one string to search: new ones read as the store grows (words are
    only added; one left by removed claims holds no claim and finds none)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.ids = np.zeros(0, np.int64)
        self.starts = np.zeros(0, np.int64)  # where each word starts in ``joined``
        self.joined = ""

    def catch_up(self, conn) -> None:
        last = int(self.ids[-1]) if len(self.ids) else 0
        new = conn.execute(sa.select(search_words.c.id, search_words.c.word).where(search_words.c.id > last)
                           .order_by(search_words.c.id)).all()  # fmt: skip
        if not new:
            return
        with self.lock:
            if len(self.ids) and int(self.ids[-1]) != last:
                return  # another thread read them meanwhile
            lengths = np.array([len(w) + 1 for _, w in new], np.int64)
            self.starts = np.concatenate([self.starts, len(self.joined) + np.cumsum(lengths) - lengths])
            self.joined += "".join(f"{w}\n" for _, w in new)
            self.ids = np.concatenate([self.ids, np.array([i for i, _ in new], np.int64)])

    def holding(self, part: str, most: int = MOST_WORDS) -> np.ndarray | None:
        """The ids of the words holding ``part`` (None when more than ``most`` do)."""
        joined, starts, ids = self.joined, self.starts, self.ids  # one consistent state
        found, at = [], joined.find(part)
        while at >= 0:
            found.append(at)
            if len(found) > most * 4:  # a letter or two: most words hold it
                return None
            at = joined.find(part, at + 1)
        words = distinct(np.searchsorted(starts, np.array(found, np.int64), side="right") - 1)
        return ids[words] if len(words) <= most else None


def claims_holding(
    conn, vocabulary: Vocabulary, words: tuple[str, ...], in_memory: np.ndarray = NO_IDS, since: int | None = None
) -> list[tuple[np.ndarray, np.ndarray]] | None:
    """For each word, the ids of claims holding it read from the store (unordered, maybe twice), and the
    common words holding it whose claims are kept in memory (``in_memory``, ascending; of those, only
    the claims with ids from ``since`` on are read: claims loaded after the memory was filled, if any).
    A statement a word at most. None when a word is part of too many of the store's words for the index
    to be the quicker way."""
    found = []
    for word in words:
        ids = vocabulary.holding(word)
        if ids is None:
            return None
        if not len(ids):  # no word holds it: no claim holds every word
            return [(NO_IDS, NO_IDS)]
        kept = np.isin(ids, in_memory)
        later = ids[kept] if since is not None else NO_IDS
        found.append((claims_of_words(conn, ids[~kept], later, since), ids[kept]))
    return found


def common_words(conn, claim_ids: np.ndarray) -> np.ndarray:
    """The ids of the words held by at least ``COMMON_SHARE`` of the claims (ascending), as an even
    sample of them tells (spread over the store's history, the same at each load)."""
    sample = claim_ids[:: max(len(claim_ids) // COMMON_SAMPLE, 1)].tolist()
    counts: Counter = Counter()
    for start in range(0, len(sample), 5000):  # under SQLite's limit of bound values
        chunk = claim_words.c.claim_id.in_(sample[start : start + 5000])
        query = sa.select(claim_words.c.word_id, sa.func.count()).where(chunk).group_by(claim_words.c.word_id)
        counts.update(dict(conn.execute(query).all()))
    return np.array(sorted(w for w, n in counts.items() if n >= COMMON_SHARE * len(sample)), np.int64)


def claims_of_words(conn, ids: np.ndarray, later: np.ndarray = NO_IDS, since: int | None = None) -> np.ndarray:
    """The claims holding any of these words, and those with ids from ``since`` on holding any of the
    ``later`` words (unordered; a claim holding two of them twice), read as one text in one statement
    (80k ids as rows cost the driver 10-40 ms)."""
    held = [claim_words.c.word_id.in_(ids.tolist())] if len(ids) else []
    if len(later):
        held.append(sa.and_(claim_words.c.word_id.in_(later.tolist()), claim_words.c.claim_id >= since))
    if not held:
        return NO_IDS
    concat = sa.func.string_agg if conn.dialect.name == "postgresql" else sa.func.group_concat
    cast = sa.cast(claim_words.c.claim_id, sa.Text)
    query = sa.select(concat(cast, ",") if conn.dialect.name == "postgresql" else concat(cast))
    listed = conn.execute(query.where(sa.or_(*held))).scalar()
    return np.fromstring(listed, np.int64, sep=",") if listed else NO_IDS


def distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values, sorted, by a sort: numpy 2.4's ``unique`` (which hashes) took ten times as
    long for 80k ids."""
    ordered = np.sort(values)
    return ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))] if len(ordered) else ordered
