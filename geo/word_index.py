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
from collections.abc import Iterable

import numpy as np
import sqlalchemy as sa

from geo.schema import claim_words, claims, search_words

MOST_WORDS = 500  # words of the store holding one filter word read through the index; more: None (the caller scans)
FILL_BATCH = 20_000  # claims indexed at a time when a store made before the index is filled


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


def claims_holding(conn, vocabulary: Vocabulary, words: tuple[str, ...]) -> np.ndarray | None:
    """The ids of the claims whose sentence holds every word (ascending), or None when a word is part
    of too many of the store's words for the index to be the quicker way."""
    found = None
    for word in sorted(words, key=len, reverse=True):  # the longest first: usually the fewest claims
        ids = vocabulary.holding(word)
        if ids is None:
            return None
        claims_of = _claims_of_words(conn, ids) if len(ids) else np.zeros(0, np.int64)
        found = claims_of if found is None else np.intersect1d(found, claims_of, assume_unique=True)
        if not len(found):
            break
    return found if found is not None else np.zeros(0, np.int64)


def _claims_of_words(conn, ids: np.ndarray) -> np.ndarray:
    """The claims holding any of these words, read as one text (80k ids as rows cost the driver 10-40 ms)."""
    concat = sa.func.string_agg if conn.dialect.name == "postgresql" else sa.func.group_concat
    cast = sa.cast(claim_words.c.claim_id, sa.Text)
    listed = conn.execute(sa.select(concat(cast, ",") if conn.dialect.name == "postgresql" else concat(cast))
                          .where(claim_words.c.word_id.in_(ids.tolist()))).scalar()  # fmt: skip
    found = np.fromstring(listed, np.int64, sep=",") if listed else np.zeros(0, np.int64)
    return found if len(ids) == 1 and (found[1:] > found[:-1]).all() else distinct(found)


def distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values, sorted, by a sort: numpy 2.4's ``unique`` (which hashes) took ten times as
    long for 80k ids."""
    ordered = np.sort(values)
    return ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))] if len(ordered) else ordered
