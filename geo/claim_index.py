"""The store's filter columns in memory, so the dashboard's counts never scan a million rows in SQL.

Every claim is a row of small arrays (its dates as day numbers, certainty, document) and every
place it names a row of three (claim, place, layer). A filter is a boolean mask over the claims;
counts per place, claims per day and the newest matching claims are ``bincount`` and
``argpartition`` over it: milliseconds at a million claims, where SQL took seconds.

The index follows the store through its change log: each write names the documents it touched
under a new version, and the next read drops their rows and loads them again. Only the version
is read per request, so several server processes sharing one database stay in step. Each load
builds a new ``Snapshot`` and swaps it in whole, so a request never sees half of one.
"""

from __future__ import annotations

import functools
import gc
import threading
from collections import OrderedDict
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass, field, fields, replace
from datetime import date, timedelta

import numpy as np
import sqlalchemy as sa

from geo import schema as t
from geo.word_index import claims_of_words, common_words

EPOCH = date(1970, 1, 1)
NO_LATEST = -(2**31)  # an unknown date never passes a date condition
NO_EARLIEST = 2**31 - 1
CARD_CACHE = 4096  # story cards remembered per version: the newest claims' stories are shown again and again
LISTED_CACHE = 1024  # the panel's claims remembered per version: 50 views of 20, the newest shown again and again
COUNT_CACHE = 64  # counts remembered per version: a facet counted without its own condition comes round again
TEXT_CACHE = 32  # text searches remembered per version of the store
MASK_CACHE = 16  # claim masks remembered per version: the map, panel and timeline of one view share one
PART_CACHE = 32  # masks of single conditions (these sources, those dates…), 1 MB each at a million claims
COMPACT_WHEN_DEAD = 0.25  # load from scratch once this share of rows belongs to old versions
FETCH_ROWS = 100_000  # rows converted at a time, so a load never holds a million tuples
SPARSE_SHARE = 32  # a view keeping fewer than one claim in this many is counted through its claims' rows


@dataclass
class Vocabulary:
    """Codes for small sets of strings (certainties, layers, outlets, document ids). Codes are only
    ever added, so an older snapshot reads them the same."""

    names: list = field(default_factory=list)
    codes: dict = field(default_factory=dict)

    def code(self, name) -> int:
        found = self.codes.get(name)
        if found is None:
            found = self.codes[name] = len(self.names)
            self.names.append(name)
        return found

    def codes_of(self, names) -> np.ndarray:
        return np.array([self.codes[n] for n in names if n in self.codes], dtype=np.int32)


@dataclass
class Vocabularies:
    documents: Vocabulary = field(default_factory=Vocabulary)
    certainties: Vocabulary = field(default_factory=Vocabulary)
    layers: Vocabulary = field(default_factory=Vocabulary)
    outlets: Vocabulary = field(default_factory=Vocabulary)
    origins: Vocabulary = field(default_factory=Vocabulary)  # stories' origins (geo.stories)


@dataclass
class Rows:
    """Claims, the places they name and the sources they cite, as columns."""

    claim_id: np.ndarray  # int64
    document: np.ndarray  # document code
    date_earliest: np.ndarray  # days since 1970, NO_EARLIEST when unknown
    date_latest: np.ndarray  # NO_LATEST when unknown
    certainty: np.ndarray  # certainty code
    mention_claim: np.ndarray  # claim row of each distinct (claim, place, layer)
    mention_place: np.ndarray  # place id
    mention_layer: np.ndarray  # layer code
    source_claim: np.ndarray  # claim row of each distinct (claim, source)
    source_id: np.ndarray
    story_claim: np.ndarray  # claim row of each claim in a story (geo.stories)
    story_id: np.ndarray
    story_origin: np.ndarray  # origin code ("" for a generic source)
    contest_claim: np.ndarray  # claim row of each claim another contests
    contest_other: np.ndarray  # the other claim's id

    @classmethod
    def empty(cls) -> Rows:
        return cls(*(np.zeros(0, np.int64 if f.name == "claim_id" else np.int32) for f in fields(cls)))

    def then(self, more: Rows) -> Rows:
        """These rows followed by more (whose claim rows count from 0)."""
        n = len(self.claim_id)
        shift = {"mention_claim": n, "source_claim": n, "story_claim": n, "contest_claim": n}
        return Rows(*(np.concatenate([getattr(self, f.name), getattr(more, f.name) + shift.get(f.name, 0)])
                      for f in fields(Rows)))  # fmt: skip


@dataclass(frozen=True)
class InLayers:
    """What a view's layers leave of its matching claims: the claims holding a mention in those
    layers (every matching claim when no layer is chosen), and the layers' codes. The map, the panel
    and the timeline of one view each need them, so they are worked out once."""

    claims: np.ndarray
    layers: np.ndarray  # codes of the chosen layers (none: every layer)
    layered: bool


@dataclass(frozen=True)
class Tally:
    """Claim rows grouped by a key (a place and layer, a source, a document, a day) once per version
    of the store, so how many rows of each key a view keeps is a gather and a sum over each group
    (``np.add.reduceat``): no sort, no compress of a million rows for each view. Most views keep few
    claims (a week, a source, a word: half of the load test's keep under 0.2 %), and for those the
    rows of the claims kept are counted instead, found through the rows grouped by claim; a view
    keeping nearly all is counted as every row less those of the claims it leaves out."""

    rows: np.ndarray  # the claim row of each member, grouped by key
    keys: np.ndarray  # each group's key, ascending
    starts: np.ndarray  # where each group starts in ``rows``
    codes: np.ndarray  # each member's group (an index of ``keys``), the members in order of claim row
    claim_starts: np.ndarray  # where each claim row's members start in ``codes`` (one more: the end)

    @classmethod
    def of(cls, claim_rows: np.ndarray, keys: np.ndarray, n_claims: int | None = None) -> Tally:
        n_claims = int(claim_rows.max()) + 1 if n_claims is None and len(claim_rows) else n_claims or 0
        order = np.argsort(keys, kind="stable")  # quick on keys nearly in order (documents, days)
        ordered = keys[order]
        starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1]))) if len(keys) else order
        group = np.empty(len(keys), np.int32)
        group[order] = np.cumsum(np.concatenate(([False], ordered[1:] != ordered[:-1]))) if len(keys) else order
        by_claim = np.argsort(claim_rows, kind="stable")  # quick: members come nearly in order of claim
        claim_starts = np.searchsorted(claim_rows[by_claim], np.arange(n_claims + 1)).astype(np.int32)
        return cls(claim_rows[order].astype(np.intp), ordered[starts], starts, group[by_claim], claim_starts)

    def count(self, claims: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The keys some of whose rows ``claims`` (a mask of claim rows) keeps, and how many each."""
        if not len(self.rows):
            return self.keys, np.zeros(0, np.int64)
        kept = np.count_nonzero(claims)
        if kept * SPARSE_SHARE < len(claims):
            counts = self._count_through_claims(claims)
        elif (len(claims) - kept) * SPARSE_SHARE < len(claims):  # nearly all: every row but those left out
            counts = np.diff(self.starts, append=len(self.rows)) - self._count_through_claims(~claims)
        else:  # as bytes summed in 32 bits (a group holds fewer rows than that): a fifth quicker than bools in 64
            counts = np.add.reduceat(claims.view(np.uint8)[self.rows], self.starts, dtype=np.int32).astype(np.int64)
        found = counts > 0
        return self.keys[found], counts[found]

    def rows_of(self, keys: np.ndarray) -> np.ndarray:
        """The claim rows of the members of these keys' groups (keys not present give none)."""
        if not len(self.keys):
            return self.rows[:0]
        at = np.minimum(np.searchsorted(self.keys, keys), len(self.keys) - 1)
        ends = np.append(self.starts[1:], len(self.rows))
        groups = at[self.keys[at] == keys].tolist()
        return np.concatenate([self.rows[self.starts[i] : ends[i]] for i in groups] or [self.rows[:0]])

    def _count_through_claims(self, claims: np.ndarray) -> np.ndarray:
        rows = np.flatnonzero(claims)
        sizes = (self.claim_starts[rows + 1] - self.claim_starts[rows]).astype(np.intp)
        return np.bincount(self.codes[self._members_of(rows, sizes)], minlength=len(self.keys))

    def _members_of(self, claim_rows: np.ndarray, sizes: np.ndarray) -> np.ndarray:
        """The positions in ``codes`` of these claim rows' members (``sizes``: how many each has)."""
        shift = np.repeat(self.claim_starts[claim_rows] - (np.cumsum(sizes) - sizes), sizes)  # runs end to end
        return shift + np.arange(len(shift))


@dataclass(frozen=True)
class CommonWords:
    """The claims of the store's most common words (``geo.word_index.common_words``) as packed masks over
    the rows of the full load that read them: a text filter's common word ("of", "officials") is
    answered from memory, not from the hundreds of thousands of claims the store would send. Claims
    loaded since have ids from ``later_id`` on (None: none loaded since), and their words are read from
    the store."""

    word_ids: np.ndarray  # ascending
    bits: np.ndarray  # uint8, a row per word: ``np.packbits`` of the mask of the rows holding it
    rows: int  # the rows of the full load
    later_id: int | None

    @classmethod
    def none(cls) -> CommonWords:
        return cls(np.zeros(0, np.int64), np.zeros((0, 0), np.uint8), 0, None)

    @classmethod
    def read(cls, conn, claim_ids: np.ndarray) -> CommonWords:
        """For the claims of a full load (``claim_ids`` ascending, its rows in that order)."""
        if not len(claim_ids):
            return cls.none()
        wanted = common_words(conn, claim_ids)
        bits = np.zeros((len(wanted), (len(claim_ids) + 7) // 8), np.uint8)
        for i, word in enumerate(wanted.tolist()):
            ids = claims_of_words(conn, np.array([word]))
            rows = np.minimum(np.searchsorted(claim_ids, ids), len(claim_ids) - 1)
            bits[i] = np.packbits(_mask_at(rows[claim_ids[rows] == ids], len(claim_ids)))
        return cls(wanted, bits, len(claim_ids), None)

    def then(self, claim_ids: np.ndarray) -> CommonWords:
        """With claims loaded after the full load (by a catch-up)."""
        if not len(claim_ids) or not len(self.word_ids):
            return self
        first = int(claim_ids.min())
        return replace(self, later_id=first if self.later_id is None else min(self.later_id, first))

    def rows_holding(self, word_ids: np.ndarray, size: int) -> np.ndarray:
        """A mask of ``size`` rows: those of the full load holding any of these words (all kept here)."""
        mask = np.zeros(size, bool)
        if len(word_ids):
            held = np.bitwise_or.reduce(self.bits[np.searchsorted(self.word_ids, word_ids)], axis=0)
            mask[: self.rows] = np.unpackbits(held, count=self.rows).view(bool)
        return mask


@dataclass(frozen=True)
class PerPlace:
    """Counts by place rather than by place and layer."""

    place: np.ndarray  # place ids, ascending
    first: np.ndarray  # the first row of each place in its counts
    n_claims: np.ndarray  # claims naming it, over every layer
    ranked: np.ndarray  # positions in these arrays, most claims first (then by id)


@dataclass(frozen=True)
class PlaceCounts:
    """Matching claims per place and layer, as columns, with each place's name, kind and point:
    the map draws thousands of places from these without a dict per place."""

    place: np.ndarray  # place id
    layer: np.ndarray  # layer name (numpy strings: compared in C, not one Python object at a time)
    n_claims: np.ndarray
    name: np.ndarray  # Python strings
    feature: np.ndarray  # numpy strings
    lat: np.ndarray
    lon: np.ndarray
    # Of n_claims, those whose story stands on two or more independent sources (None: not counted,
    # as a view asks for them only when its map is sized by them).
    n_corroborated: np.ndarray | None = None

    @classmethod
    def from_rows(cls, rows: list[dict]) -> PlaceCounts:
        """From ``Store.place_summaries`` rows (a snapshot, a test)."""
        kinds = {"place": np.int64, "layer": str, "n_claims": np.int64, "name": object, "feature": str, "lat": float,
                 "lon": float}  # fmt: skip
        return cls(**{key: np.array([r["id" if key == "place" else key] for r in rows], kind)
                      for key, kind in kinds.items()})  # fmt: skip

    @property
    def size(self) -> int:
        return len(self.place)

    @functools.cached_property
    def per_place(self) -> PerPlace:
        """Each place once (a place in two layers sums its claims), worked out once for these counts:
        the map's labels, the picker and the table of places each ask for it, and counts are kept per
        filter (``Snapshot.counted``), so a map moved or a place typed in the picker finds it made."""
        if not self.size:
            empty = np.zeros(0, np.int64)
            return PerPlace(empty, empty, empty, empty)
        order = np.argsort(self.place, kind="stable")  # rows come by place already: a pass over them
        ordered = self.place[order]
        starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
        claims = np.add.reduceat(self.n_claims[order], starts).astype(np.int64)
        places = ordered[starts]
        return PerPlace(places, order[starts], claims, np.lexsort((places, -claims)))

    def take(self, rows) -> PlaceCounts:
        """These rows only (a mask or positions)."""
        return PlaceCounts(
            place=self.place[rows],
            layer=self.layer[rows],
            n_claims=self.n_claims[rows],
            name=self.name[rows],
            feature=self.feature[rows],
            lat=self.lat[rows],
            lon=self.lon[rows],
            n_corroborated=None if self.n_corroborated is None else self.n_corroborated[rows],
        )  # fmt: skip (named: dataclasses.fields() cost more than the copies)


class Remembered:
    """The latest answers by key, at most ``size``, safe to share between a server's threads. A thread
    asking for an answer another is computing waits for it: the map, panel and timeline of one view
    arrive together and share one claim mask, computed once."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.kept: OrderedDict = OrderedDict()
        self.pending: dict = {}
        self.lock = threading.Lock()

    def get(self, key, compute):
        with self.lock:
            if key in self.kept:
                self.kept.move_to_end(key)
                return self.kept[key]
            waiting = self.pending.get(key)
            if waiting is None:
                mine = self.pending[key] = Future()
        if waiting is not None:
            return waiting.result()
        try:
            answer = compute()
        except BaseException as error:
            with self.lock:
                del self.pending[key]
            mine.set_exception(error)
            raise
        with self.lock:
            del self.pending[key]
            self.kept[key] = answer
            while len(self.kept) > self.size:
                self.kept.popitem(last=False)
        mine.set_result(answer)
        return answer

    def known(self, keys) -> dict:
        """The answers kept for these keys (those not kept are left out)."""
        with self.lock:
            found = {key: self.kept[key] for key in keys if key in self.kept}
            for key in found:
                self.kept.move_to_end(key)
        return found

    def keep(self, answers: dict) -> None:
        """Answers computed together (a batch of them, where ``get`` computes one)."""
        with self.lock:
            self.kept.update(answers)
            while len(self.kept) > self.size:
                self.kept.popitem(last=False)


@dataclass
class Snapshot:
    """The index at one version of the store. Never changed once built (its caches aside)."""

    version: int
    words: Vocabularies
    rows: Rows
    alive: np.ndarray  # False for rows of documents removed or stored again since
    document_outlet: np.ndarray  # outlet code by document code, -1 for none
    document_published: np.ndarray  # (earliest, latest) days by document code
    document_alive: np.ndarray
    document_text: np.ndarray  # (title or path, url) by document code: what a story's card lists
    places: dict  # id → {id, key, name, feature, country, lat, lon, address}
    source_names: dict  # id → name
    common: CommonWords = field(default_factory=CommonWords.none)
    texts: Remembered = field(default_factory=lambda: Remembered(TEXT_CACHE))
    masks: Remembered = field(default_factory=lambda: Remembered(MASK_CACHE))
    parts: Remembered = field(default_factory=lambda: Remembered(PART_CACHE))  # one condition's mask each
    layered: Remembered = field(default_factory=lambda: Remembered(MASK_CACHE))  # InLayers by view
    cards: Remembered = field(default_factory=lambda: Remembered(CARD_CACHE))  # story cards by story id
    listed: Remembered = field(default_factory=lambda: Remembered(LISTED_CACHE))  # the panel's claims by id, layers
    counted: Remembered = field(default_factory=lambda: Remembered(COUNT_CACHE))  # counts by what and filter
    at_places: Remembered = field(default_factory=lambda: Remembered(MASK_CACHE))  # a view's rows at a place
    _unfiltered: PlaceCounts | None = None
    _place_columns: tuple | None = None
    _by_place: tuple | None = None  # caches built on first use (two threads may both build one: no harm)
    _named: np.ndarray | None = None
    _newest_order: np.ndarray | None = None
    _sorted_ids: tuple | None = None
    _stories: tuple | None = None
    _by_story: tuple | None = None
    _id_table: np.ndarray | None = None  # the row of each claim id, by id (empty: ids too sparse)
    _tallies: dict = field(default_factory=dict)  # Tally by name, built on first use
    _certainty_masks: list | None = None
    _layer_masks: list | None = None

    # --- filtering -------------------------------------------------------------------------

    def claim_mask(self, where, text_matches: np.ndarray | None = None) -> np.ndarray:
        """The live claims that pass every condition of a ClaimFilter but its layers (``text_matches``:
        the mask of the rows its text filter finds). Each condition's mask is kept on its own: an analyst
        changes one control at a time, and the others are reused."""
        r = self.rows
        mask = self.alive.copy()
        if where.sources:
            mask &= self.parts.get(("sources", where.sources), lambda: self._citing(where.sources))
        if where.date_from or where.date_to:
            mask &= self.parts.get(
                ("dates", where.date_basis, where.date_from, where.date_to, getattr(where, "undated", False)),
                lambda: self._dated(where),
            )
        if where.certainties:
            codes = self.words.certainties.codes_of(where.certainties)
            mask &= self.parts.get(("certainties", where.certainties), lambda: _any_of(self._by_certainty(), codes))
        if where.outlets:
            codes = self.words.outlets.codes_of(where.outlets)
            outlets = len(self.words.outlets.names)
            mask &= self.parts.get(("outlets", where.outlets),
                                   lambda: _among(self.document_outlet, codes, outlets)[r.document])  # fmt: skip
        if text_matches is not None:
            mask &= text_matches
        if getattr(where, "min_sources", 0) > 1:
            mask &= self.parts.get(("sources at least", where.min_sources),
                                   lambda: self.story_columns()[0] >= where.min_sources)  # fmt: skip
        if getattr(where, "contested", False):
            mask &= self.story_columns()[1]
        return mask

    def story_columns(self) -> tuple[np.ndarray, np.ndarray]:
        """Per claim row: the independent sources of its story, and whether another story contests it
        (over live claims; built once per version, so after each ingest: story ids index the arrays
        directly, and the rows come nearly in order, so no step sorts from scratch)."""
        if self._stories is None:
            r, n = self.rows, len(self.rows.claim_id)
            live = self.alive[r.story_claim]
            rows, story, origin = r.story_claim[live], r.story_id[live].astype(np.int64), r.story_origin[live]
            size = int(story.max()) + 1 if len(story) else 0
            named = origin != self.words.origins.codes.get("", -1)
            width = len(self.words.origins.names) + 1
            pairs = _distinct(story[named] * width + origin[named])  # each story's named origins, once each
            per_story = np.bincount(pairs // width, minlength=size)
            independent = np.ones(n, np.int32)  # a claim of no story stands alone: one source
            independent[rows] = np.maximum(per_story[story], 1)
            contested_story = np.zeros(size + 1, bool)
            story_of_row = np.full(n, size, np.int64)  # no story: the slot that is never set
            story_of_row[rows] = story
            found = self.alive[r.contest_claim]  # contests whose claim is live, and whose other claim is too
            others = r.contest_other[found].astype(np.int64)
            if len(others):
                alive_rows = np.flatnonzero(self.alive)
                ids = r.claim_id[alive_rows]
                in_order = bool(np.all(ids[1:] >= ids[:-1]))  # as loaded, and after most catch-ups
                order = np.arange(len(ids)) if in_order else np.argsort(ids, kind="stable")
                sorted_ids = ids if in_order else ids[order]
                at_id = np.minimum(np.searchsorted(sorted_ids, others), len(sorted_ids) - 1)
                ok = sorted_ids[at_id] == others
                contested_story[story_of_row[r.contest_claim[found][ok]]] = True
                contested_story[story_of_row[alive_rows[order[at_id[ok]]]]] = True
            contested_story[size] = False
            self._stories = (independent, contested_story[story_of_row])
        return self._stories

    def _citing(self, sources: tuple[str, ...]) -> np.ndarray:
        """The claim rows citing any of these sources: their groups of the sources' tally, so only the
        rows citing them are read, not every claim's sources."""
        wanted = np.array(sorted(i for i, name in self.source_names.items() if name in set(sources)), np.int64)
        return _mask_at(self._tally("sources").rows_of(wanted), len(self.alive))

    def _by_certainty(self) -> list[np.ndarray]:
        """A mask of the claim rows of each certainty code, built once per version: a view's
        certainties are then an OR of a few masks, not a look-up for each of a million claims."""
        if self._certainty_masks is None:
            r = self.rows
            self._certainty_masks = [r.certainty == code for code in range(len(self.words.certainties.names))]
        return self._certainty_masks

    def _by_layer(self) -> list[np.ndarray]:
        """A mask of the claim rows with a mention in each layer (by code), built once per version
        (a pass over the mentions each): a view's layers are then an OR of a few masks."""
        if self._layer_masks is None:
            r, n = self.rows, len(self.rows.claim_id)
            self._layer_masks = [_mask_at(r.mention_claim[r.mention_layer == code], n)
                                 for code in range(len(self.words.layers.names))]  # fmt: skip
        return self._layer_masks

    def _dated(self, where) -> np.ndarray:
        earliest, latest = self._dates(where.date_basis)
        mask = np.ones(len(self.alive), bool)
        if where.date_from:
            mask &= latest >= day_number(where.date_from)
        if where.date_to:
            mask &= earliest <= day_number(where.date_to)
        if getattr(where, "undated", False):
            mask |= earliest == NO_EARLIEST  # claims of no known date, kept on request
        return mask

    def rows_holding(self, found: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
        """A mask of the rows holding every word of a text filter, from what ``geo.word_index.claims_holding``
        found for each: the ids read from the store, and the common words answered from memory."""
        mask = None
        for ids, common in found:
            rows = self.rows_of_ids(ids)
            if len(common):
                rows |= self.common.rows_holding(common, len(rows))
            mask = rows if mask is None else mask & rows
        return mask if mask is not None else np.ones(len(self.rows.claim_id), bool)

    def rows_of_ids(self, wanted) -> np.ndarray:
        """A mask of the rows holding these claim ids (a dead row may share an id with a live one;
        the caller's mask keeps only the live)."""
        rows = self._latest_rows(np.asarray(wanted, np.int64))
        return _mask_at(rows[rows >= 0], len(self.rows.claim_id))

    def _latest_rows(self, wanted: np.ndarray) -> np.ndarray:
        """The last loaded row of each claim id, -1 for none (an id given again after a delete: the
        row loaded last is the live one, if any is). Through a table by id where ids are dense (a
        gather: 80k ids of a text search in 0.1 ms, not 9 by bisection), else by bisection."""
        order, sorted_ids = self._id_order()
        table = self._id_table
        if table is None:
            last = np.concatenate((sorted_ids[1:] != sorted_ids[:-1], [True])) if len(sorted_ids) else sorted_ids
            largest = int(sorted_ids[-1]) if len(sorted_ids) else -1
            if 0 <= largest <= 4 * len(sorted_ids) + 1024 and sorted_ids[0] >= 0:
                table = np.full(largest + 1, -1, np.int32)  # rows fit: 4 bytes an id
                table[sorted_ids[last]] = order[last]
            else:
                table = np.zeros(0, np.int64)  # ids too sparse for a table
            self._id_table = table
        if len(table):
            inside = (wanted >= 0) & (wanted < len(table))
            return np.where(inside, table[np.where(inside, wanted, 0)], -1)
        if not len(sorted_ids):
            return np.full(len(wanted), -1, np.int64)
        at = np.maximum(np.searchsorted(sorted_ids, wanted, "right") - 1, 0)
        return np.where(sorted_ids[at] == wanted, order[at], -1)

    def _id_order(self) -> tuple[np.ndarray, np.ndarray]:
        """The rows in order of claim id (an id given again after a delete: its rows in load order),
        and the ids so sorted."""
        if self._sorted_ids is None:  # ids only grow, so they are in order but after a reload
            ids = self.rows.claim_id
            in_order = len(ids) < 2 or bool((np.diff(ids) > 0).all())
            order = np.arange(len(ids)) if in_order else np.argsort(ids, kind="stable")
            self._sorted_ids = (order, ids[order])
        return self._sorted_ids

    def live_rows(self, claim_ids) -> np.ndarray:
        """The live row of each claim id, -1 for an id not stored (any more)."""
        rows = self._latest_rows(np.asarray(claim_ids, np.int64))
        return np.where((rows >= 0) & self.alive[np.maximum(rows, 0)], rows, -1)

    # --- stories ---------------------------------------------------------------------------

    def story_of_rows(self, rows: np.ndarray) -> np.ndarray:
        """The story id of each claim row (-1: none, or no row)."""
        story_of_row = self._story_order()[2]
        return np.where(rows >= 0, story_of_row[np.maximum(rows, 0)], -1)

    def story_members(self, story_ids) -> dict[int, np.ndarray]:
        """Each story's live claim rows in the order its card lists them: by the publication of their
        document (unknown last), then by claim id."""
        order, stories, _, _ = self._story_order()
        r = self.rows
        found = {}
        wanted = np.asarray(story_ids, stories.dtype)  # of the index's type: else numpy converts it whole first
        low, high = (
            np.searchsorted(stories, wanted, "left").tolist(),
            np.searchsorted(stories, wanted, "right").tolist(),
        )
        for story, start, end in zip(wanted.tolist(), low, high, strict=True):
            at = order[start:end]
            rows = r.story_claim[at]
            rows = rows[self.alive[rows]]
            published = self.document_published[r.document[rows], 0]
            found[story] = rows[np.lexsort((r.claim_id[rows], published))]
        return found

    def origins(self, rows: np.ndarray) -> list[str | None]:
        """The story origin of each claim row (None: no story, or none recorded)."""
        names = self.words.origins.names
        codes = self._story_order()[3][rows].tolist()
        return [names[c] if c >= 0 else None for c in codes]

    def document_card(self, row: int) -> dict:
        """What a story's card says of a claim row's document: outlet, title (else path), url, published."""
        code = int(self.rows.document[row])
        outlet, published = int(self.document_outlet[code]), int(self.document_published[code, 0])
        title, url = self.document_text[code] or (None, None)
        return {"outlet": self.words.outlets.names[outlet] if outlet >= 0 else None, "title": title, "url": url,
                "published": EPOCH + timedelta(days=published) if published != NO_EARLIEST else None}  # fmt: skip

    def contests_of(self, rows: np.ndarray) -> list[tuple[int, int]]:
        """The live claim rows that contest these rows or that these contest: (row, other row) pairs."""
        r = self.rows
        live = self.alive[r.contest_claim]
        other_rows = self.live_rows(r.contest_other)
        live &= other_rows >= 0
        mine = np.isin(r.contest_claim, rows) & live
        theirs = np.isin(other_rows, rows) & live
        pairs = list(zip(r.contest_claim[mine].tolist(), other_rows[mine].tolist(), strict=True))
        return pairs + list(zip(other_rows[theirs].tolist(), r.contest_claim[theirs].tolist(), strict=True))

    def _story_order(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Story rows in order of story id, the ids so sorted, and the story and origin code of each
        claim row (-1: none); built once per version."""
        if self._by_story is None:
            r, n = self.rows, len(self.rows.claim_id)
            order = np.argsort(r.story_id, kind="stable")
            story_of_row, origin_of_row = np.full(n, -1, np.int32), np.full(n, -1, np.int32)
            story_of_row[r.story_claim], origin_of_row[r.story_claim] = r.story_id, r.story_origin
            self._by_story = order, r.story_id[order], story_of_row, origin_of_row
        return self._by_story

    def _dates(self, basis: str) -> tuple[np.ndarray, np.ndarray]:
        if basis == "published":
            published = self.document_published[self.rows.document]
            return published[:, 0], published[:, 1]
        return self.rows.date_earliest, self.rows.date_latest

    def in_layers(self, claims: np.ndarray, layers: tuple[str, ...]) -> InLayers:
        if not layers:
            return InLayers(claims, np.zeros(0, np.int64), False)
        codes = self.words.layers.codes_of(layers).astype(np.int64)
        in_any = self.parts.get(  # the claims with a mention in these layers, kept: a view's is then an AND
            ("claims in layers", layers), lambda: _any_of(self._by_layer(), codes, len(claims))
        )
        return InLayers(claims & in_any, codes, True)

    def _tally(self, name: str) -> Tally:
        """The claim rows grouped by place and layer ("mentions"), by source, by document, or by day
        ("days claim", "days published"; rows of no known day left out)."""
        found = self._tallies.get(name)
        if found is None:
            r = self.rows
            n = len(r.claim_id)
            if name == "mentions":
                found = Tally.of(r.mention_claim, self._mention_keys(), n)
            elif name == "sources":
                found = Tally.of(r.source_claim, r.source_id, n)
            elif name == "documents":
                found = Tally.of(np.arange(n), r.document, n)
            else:
                day = self._dates(name.removeprefix("days "))[0]
                known = np.flatnonzero(day != NO_EARLIEST)
                found = Tally.of(known, day[known], n)
            self._tallies[name] = found
        return found

    def _mention_keys(self) -> np.ndarray:
        """Each mention's place and layer as one number: place id × layers + layer code."""
        n_layers = max(len(self.words.layers.names), 1)
        return self.rows.mention_place.astype(np.int64) * n_layers + self.rows.mention_layer

    # --- answers ---------------------------------------------------------------------------

    def place_counts(self, view: InLayers, corroborated: bool = False) -> PlaceCounts:
        """Matching claims that name each place, by place id and layer (``corroborated``: and of them,
        those whose story stands on two or more independent sources)."""
        n_layers = max(len(self.words.layers.names), 1)
        found, n_claims = self._mention_counts(view, view.claims)
        n_corroborated = None
        if corroborated:  # a subset of the claims: its keys are among those found, both ascending
            kept, counted = self._mention_counts(view, view.claims & self.corroborated())
            n_corroborated = np.zeros(len(found), np.int64)
            n_corroborated[np.searchsorted(found, kept)] = counted
        ids, columns = self.place_columns()
        place = found // n_layers
        at = np.minimum(np.searchsorted(ids, place), max(len(ids) - 1, 0))
        known = ids[at] == place if len(ids) else np.zeros(len(place), bool)  # a place stored after the load
        at = at[known]
        return PlaceCounts(
            place=place[known],
            layer=np.array(self.words.layers.names + [""], str)[found[known] % n_layers],
            n_claims=n_claims[known],
            **{name: column[at] for name, column in columns.items()},
            n_corroborated=None if n_corroborated is None else n_corroborated[known],
        )

    def _mention_counts(self, view: InLayers, claims: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The place-and-layer keys some of these claims name (ascending), and how many each."""
        found, n_claims = self._tally("mentions").count(claims)
        if view.layered:  # a claim kept for a mention in a chosen layer counts at its places in those alone
            n_layers = max(len(self.words.layers.names), 1)
            chosen = _among(found % n_layers, view.layers, n_layers)
            found, n_claims = found[chosen], n_claims[chosen]
        return found, n_claims

    def corroborated(self) -> np.ndarray:
        """The claim rows whose story stands on two or more independent sources (the filter's mask)."""
        return self.parts.get(("sources at least", 2), lambda: self.story_columns()[0] >= 2)

    def unfiltered(self) -> PlaceCounts:
        """Counts per place with no filter, the view most often open: computed once per version."""
        if self._unfiltered is None:
            self._unfiltered = self.place_counts(self.in_layers(self.alive, ()))
        return self._unfiltered

    def place_columns(self) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """Every place's id (sorted) and its name, kind and point alongside, built once per version."""
        if self._place_columns is None:
            ids = np.array(sorted(self.places), np.int64)
            rows = [self.places[i] for i in ids.tolist()]
            self._place_columns = (
                ids,
                {
                    "name": np.array([p["name"] for p in rows] or [], object),
                    "feature": np.array([p["feature"] or "" for p in rows], str),
                    "lat": np.array([p["lat"] for p in rows], float),
                    "lon": np.array([p["lon"] for p in rows], float),
                },
            )
        return self._place_columns

    def claims_per_day(self, view: InLayers, basis: str) -> list[tuple[date, int]]:
        days, counts = self._tally(f"days {basis}").count(view.claims)
        return [(EPOCH + timedelta(days=d), n) for d, n in zip(days.tolist(), counts.tolist(), strict=True)]

    def named_rows(self, claims: np.ndarray, layers: tuple[str, ...], place_id: int) -> np.ndarray:
        """Rows of matching claims that name this place in the chosen layers."""
        mentions = self.place_mentions(place_id)
        keep = claims[self.rows.mention_claim[mentions]]
        if layers:
            layer_codes = self.words.layers.codes_of(layers)
            keep &= _among(self.rows.mention_layer[mentions], layer_codes, len(self.words.layers.names))
        return _distinct(self.rows.mention_claim[mentions[keep]])  # numpy's unique hashes: ten times slower here

    def newest_named(self, view: InLayers, limit: int, placeless: bool = False) -> list[int]:
        """Claim ids of the newest matching claims that name a place in the chosen layers (and, with
        ``placeless`` and no layer chosen, those that name none)."""
        claims = view.claims if view.layered or placeless else view.claims & self.named()
        if np.count_nonzero(claims) * SPARSE_SHARE < len(claims):  # few: sorted alone, not met in a walk of all
            return self.newest(np.flatnonzero(claims), limit)
        order, step, found = self.newest_order(), max(limit * 64, 4096), []
        start = 0
        while start < len(order) and sum(len(f) for f in found) < limit:  # the newest are met first
            chunk = order[start : start + step]
            found.append(chunk[claims[chunk]])
            start, step = start + step, step * 4
        rows = np.concatenate(found)[:limit] if found else np.zeros(0, np.int64)
        return self.rows.claim_id[rows].tolist()

    def place_mentions(self, place_id: int) -> np.ndarray:
        """Mention rows of one place, through the mentions sorted by place once per version."""
        if self._by_place is None:
            order = np.argsort(self.rows.mention_place, kind="stable")
            self._by_place = order, self.rows.mention_place[order]
        order, places = self._by_place
        key = places.dtype.type(place_id)  # a key of another type has numpy convert all 2M places first
        return order[np.searchsorted(places, key, "left") : np.searchsorted(places, key, "right")]

    def named(self) -> np.ndarray:
        """The claims that name any place."""
        if self._named is None:
            self._named = _mask_at(self.rows.mention_claim, len(self.rows.claim_id))
        return self._named

    def newest_order(self) -> np.ndarray:
        """Every claim row, latest date first (unknown dates last), then by id."""
        if self._newest_order is None:
            self._newest_order = np.argsort(self._newest_key(np.arange(len(self.rows.claim_id))), kind="stable")
        return self._newest_order

    def _newest_key(self, rows: np.ndarray) -> np.ndarray:
        latest = self.rows.date_latest[rows].astype(np.int64)
        later_first = np.where(latest == NO_LATEST, 2**26, 2**25 - latest)  # days fit in ±2**24; no overflow
        return later_first * 2**32 + self.rows.claim_id[rows]

    def newest(self, rows: np.ndarray, limit: int) -> list[int]:
        """Claim ids of these rows, latest date first (unknown dates last), then by id."""
        if not len(rows):
            return []
        order_key = self._newest_key(rows)
        if len(rows) > limit:
            top = np.argpartition(order_key, limit)[:limit]
            rows, order_key = rows[top], order_key[top]
        return self.rows.claim_id[rows[np.argsort(order_key)]].tolist()

    def matching(self, view: InLayers) -> tuple[int, int]:
        """How many claims a view keeps, and how many of them name no place (in totals, search and
        export, never on the map)."""
        kept = int(np.count_nonzero(view.claims))
        return kept, 0 if view.layered else kept - int(np.count_nonzero(view.claims & self.named()))

    def sources_among(self, claims: np.ndarray) -> list[tuple[str, int]]:
        """Each source with the number of these claims that cite it, most first."""
        ids, counts = self._tally("sources").count(claims)
        found = [(self.source_names.get(i, "?"), n) for i, n in zip(ids.tolist(), counts.tolist(), strict=True)]
        return sorted(found, key=lambda item: (-item[1], item[0]))

    def outlets_among(self, claims: np.ndarray) -> list[tuple[str, int]]:
        """Each outlet with the number of its documents holding one of these claims, most first."""
        documents, _ = self._tally("documents").count(claims)
        outlets = self.document_outlet[documents]
        counts = np.bincount(outlets[outlets >= 0], minlength=len(self.words.outlets.names))
        found = [(self.words.outlets.names[i], n) for i, n in enumerate(counts.tolist()) if n]
        return sorted(found, key=lambda item: (-item[1], item[0]))

    def source_counts(self) -> list[tuple[str, int]]:
        live = self.alive[self.rows.source_claim]
        counts = np.bincount(self.rows.source_id[live]) if live.any() else np.zeros(0, np.int64)
        found = [(self.source_names.get(i, "?"), int(counts[i])) for i in np.flatnonzero(counts).tolist()]
        return sorted(found, key=lambda item: (-item[1], item[0]))

    def outlet_counts(self) -> list[tuple[str, int]]:
        live = self.document_outlet[self.document_alive]
        counts = np.bincount(live[live >= 0], minlength=len(self.words.outlets.names))
        found = [(self.words.outlets.names[i], n) for i, n in enumerate(counts.tolist()) if n]
        return sorted(found, key=lambda item: (-item[1], item[0]))

    def date_bounds(self) -> tuple[date | None, date | None]:
        earliest = self.rows.date_earliest[self.alive]
        latest = self.rows.date_latest[self.alive]
        earliest, latest = earliest[earliest != NO_EARLIEST], latest[latest != NO_LATEST]
        first = EPOCH + timedelta(days=int(earliest.min())) if len(earliest) else None
        last = EPOCH + timedelta(days=int(latest.max())) if len(latest) else None
        return first, last

    def warm(self) -> Snapshot:
        """Build the caches the first requests would otherwise wait for."""
        self.unfiltered(), self.named(), self.newest_order(), self.place_mentions(0)
        self._latest_rows(np.zeros(0, np.int64))  # the table of rows by claim id (a text filter's first use)
        for name in ("sources", "documents", "days claim"):  # the timeline's counts
            self._tally(name)
        self._by_certainty(), self._by_layer()
        return self

    def dead_share(self) -> float:
        return 1 - self.alive.sum() / len(self.alive) if len(self.alive) else 0.0


class ClaimIndex:
    """The latest snapshot, brought up to date with the store on each read."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine
        self.lock = threading.Lock()
        self.snapshot: Snapshot | None = None
        self.held = threading.local()  # this thread's snapshot while one_version() holds it

    @contextmanager
    def one_version(self):
        """Within, this thread's reads see the snapshot the first of them found: the store's version
        is asked once (a query each time, a round trip to a database server), and one answer reads one
        version. A write in this thread lets the next read look again (``let_go``)."""
        self.held.active, self.held.snapshot = True, None
        try:
            yield
        finally:
            self.held.active, self.held.snapshot = False, None

    def let_go(self) -> None:
        self.held.snapshot = None

    def fresh(self) -> Snapshot:
        if getattr(self.held, "snapshot", None) is not None:
            return self.held.snapshot
        snapshot = self._fresh()
        if getattr(self.held, "active", False):
            self.held.snapshot = snapshot
        return snapshot

    def _fresh(self) -> Snapshot:
        with self.engine.connect() as conn:
            version = conn.execute(_VERSION).scalar() or 0
        current = self.snapshot
        if current is not None and current.version == version:
            return current
        with self.lock:  # one thread loads; the others wait for its snapshot
            current = self.snapshot
            if current is None or current.version != version:
                with _snapshot_connection(self.engine) as conn:
                    self.snapshot = _catch_up(conn, current).warm()
                # The snapshot's places and cards are hundreds of thousands of objects that live as long
                # as its version: out of the collector's reach, a full collection no longer walks them all
                # (it did every few requests, in whichever callback happened to allocate: a quarter of a
                # map's CPU). An old snapshot is still freed when the last request using it ends.
                gc.freeze()
            return self.snapshot


_VERSION = sa.select(t.store_state.c.version)  # asked before every answer: built once


def _catch_up(conn, old: Snapshot | None) -> Snapshot:
    version = conn.execute(sa.select(t.store_state.c.version)).scalar() or 0
    if old is None or old.dead_share() > COMPACT_WHEN_DEAD:
        return _load(conn, version, None, Vocabularies(), None)
    touched = conn.execute(
        sa.select(t.store_changes.c.document_id).where(t.store_changes.c.version > old.version).distinct()
    ).scalars()
    return _load(conn, version, sorted(touched), old.words, old)


def _load(conn, version: int, touched: list[str] | None, words: Vocabularies, old: Snapshot | None) -> Snapshot:
    """Load every document (``touched`` None) or these again: their old rows die, their current rows join."""
    in_scope = sa.true() if touched is None else t.claims.c.document_id.in_(touched)
    claims = sa.select(
        t.claims.c.id,
        _days(t.claims.c.date_earliest, conn, NO_EARLIEST),
        _days(t.claims.c.date_latest, conn, NO_LATEST),
        _coded(t.claims.c.certainty, words.certainties, conn, sa.select(t.claims.c.certainty).where(in_scope)),
    ).where(in_scope).order_by(t.claims.c.id)  # fmt: skip
    claim_documents = sa.select(t.claims.c.document_id).where(in_scope).order_by(t.claims.c.id)
    mentions = sa.select(t.claim_places.c.layer)
    cited = sa.select(t.claim_sources.c.claim_id, t.claim_sources.c.source_id).distinct()
    told = sa.select(t.claim_stories.c.origin)
    contested = sa.select(t.claim_contests.c.claim_id, t.claim_contests.c.other_id)
    places = sa.select(t.places.c.id, t.places.c.key, t.places.c.name, t.places.c.feature,
                       t.places.c.country, t.places.c.lat, t.places.c.lon, t.places.c.address)  # fmt: skip
    docs = sa.select(
        t.documents.c.id, t.documents.c.outlet,
        _days(t.documents.c.published_earliest, conn, NO_EARLIEST),
        _days(t.documents.c.published_latest, conn, NO_LATEST),
        sa.func.coalesce(t.documents.c.title, t.documents.c.path), t.documents.c.url,
    )  # fmt: skip
    if touched is not None:
        in_claims = sa.select(t.claims.c.id).where(in_scope)
        docs = docs.where(t.documents.c.id.in_(touched))
        mentions = mentions.where(t.claim_places.c.claim_id.in_(in_claims))
        cited = cited.where(t.claim_sources.c.claim_id.in_(in_claims))
        told = told.where(t.claim_stories.c.claim_id.in_(in_claims))
        contested = contested.where(t.claim_contests.c.claim_id.in_(in_claims))
        named = sa.select(t.claim_places.c.place_id).where(t.claim_places.c.claim_id.in_(in_claims))
        places = places.where(t.places.c.id.in_(named))
    layer = _coded(t.claim_places.c.layer, words.layers, conn, mentions)
    mentions = mentions.with_only_columns(t.claim_places.c.claim_id, t.claim_places.c.place_id, layer).distinct()
    origin = _coded(t.claim_stories.c.origin, words.origins, conn, told)
    told = told.with_only_columns(t.claim_stories.c.claim_id, t.claim_stories.c.story_id, origin)

    doc_rows = conn.execute(docs).all()
    for doc_id, *_ in doc_rows:
        words.documents.code(doc_id)
    claim_id, earliest, latest, certainty = _int_columns(conn, claims, 4)
    new = Rows(
        claim_id=claim_id,
        document=_document_codes(conn, claim_documents, words.documents),
        date_earliest=earliest.astype(np.int32),
        date_latest=latest.astype(np.int32),
        certainty=certainty.astype(np.int32),
        **_claim_links(conn, mentions, claim_id, ("mention_claim", "mention_place", "mention_layer")),
        **_claim_links(conn, cited, claim_id, ("source_claim", "source_id")),
        **_claim_links(conn, told, claim_id, ("story_claim", "story_id", "story_origin")),
        **_claim_links(conn, contested, claim_id, ("contest_claim", "contest_other")),
    )
    outlet, published, document_alive, document_text = _document_columns(doc_rows, words, old)
    if old is None:
        rows, alive = new, np.ones(len(claim_id), bool)
    else:
        again = words.documents.codes_of(touched)
        document_alive[np.setdiff1d(again, [words.documents.codes[d] for d, *_ in doc_rows])] = False
        rows = old.rows.then(new)
        alive = np.concatenate([old.alive & ~np.isin(old.rows.document, again), np.ones(len(claim_id), bool)])
    known_places = dict(old.places) if old else {}
    known_places.update((row.id, dict(row._mapping)) for row in conn.execute(places))
    common = CommonWords.read(conn, claim_id) if old is None else old.common.then(claim_id)
    return Snapshot(
        version=version,
        words=words,
        rows=rows,
        alive=alive,
        document_outlet=outlet,
        document_published=published,
        document_alive=document_alive,
        document_text=document_text,
        places=known_places,
        source_names=dict(conn.execute(sa.select(t.sources.c.id, t.sources.c.name)).all()),
        common=common,
    )


def _document_columns(rows: list, words: Vocabularies, old: Snapshot | None):
    """Outlet, publication dates, liveness and (title or path, url) by document code, with these rows set."""
    size = len(words.documents.names)
    outlet = np.full(size, -1, np.int32)
    published = np.zeros((size, 2), np.int32)
    document_alive = np.zeros(size, bool)
    text = np.full(size, None, object)
    if old is not None:
        n = len(old.document_outlet)
        outlet[:n], published[:n], document_alive[:n] = old.document_outlet, old.document_published, old.document_alive
        text[:n] = old.document_text
    for doc_id, outlet_name, earliest, latest, title, url in rows:
        code = words.documents.codes[doc_id]
        outlet[code] = words.outlets.code(outlet_name) if outlet_name is not None else -1
        published[code] = (earliest, latest)
        document_alive[code] = True
        text[code] = (title, url)
    return outlet, published, document_alive, text


def _document_codes(conn, query, documents: Vocabulary) -> np.ndarray:
    cursor = conn.execute(query).cursor
    chunks = []
    while batch := cursor.fetchmany(FETCH_ROWS):
        chunks.append(np.array([documents.codes[d] for (d,) in batch], np.int32))
    return np.concatenate(chunks) if chunks else np.zeros(0, np.int32)


def _claim_links(conn, query, claim_ids: np.ndarray, names: tuple[str, ...]) -> dict:
    """Rows that point at claims, with each claim id turned into its row among ``claim_ids``
    (sorted, so by bisection)."""
    columns = _int_columns(conn, query, len(names))
    rows = np.searchsorted(claim_ids, columns[0]).astype(np.int32)
    rest = zip(names[1:], columns[1:], strict=True)
    return {names[0]: rows, **{name: column.astype(np.int32) for name, column in rest}}


def _int_columns(conn, query, width: int) -> list[np.ndarray]:
    """A query's integer columns as arrays, read from the driver's cursor in chunks (SQLAlchemy's
    row objects cost more than the query for a million rows)."""
    cursor = conn.execute(query).cursor
    chunks = []
    while batch := cursor.fetchmany(FETCH_ROWS):
        chunks.append(np.array(batch, np.int64).reshape(-1, width))
    table = np.concatenate(chunks) if chunks else np.zeros((0, width), np.int64)
    return [table[:, i] for i in range(width)]


def _days(column, conn, missing: int):
    """A date column as days since 1970, in SQL, so a million dates arrive as plain integers."""
    if conn.dialect.name == "sqlite":
        number = sa.cast(sa.func.julianday(column) - 2440587.5, sa.Integer)
    else:
        number = column - sa.literal(EPOCH, sa.Date)
    return sa.func.coalesce(number, missing)


def _coded(column, vocabulary: Vocabulary, conn, values_query):
    """A text column as codes of the vocabulary (its new values added first), in SQL."""
    for (value,) in conn.execute(values_query.distinct()):
        vocabulary.code(value)
    if not vocabulary.codes:
        return sa.literal(-1)
    return sa.case(vocabulary.codes, value=column, else_=-1)


@contextmanager
def _snapshot_connection(engine: sa.Engine):
    """A connection whose reads all see one moment of the store, so a load is one version whole."""
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            conn.exec_driver_sql("BEGIN")  # a read transaction in WAL mode is a snapshot
        elif engine.dialect.name == "postgresql":
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        try:
            yield conn
        finally:
            conn.rollback()


def day_number(value: date) -> int:
    return (value - EPOCH).days


def _among(values: np.ndarray, wanted, n_codes: int) -> np.ndarray:
    """``np.isin`` for codes (-1 up to ``n_codes`` - 1) through a lookup table: a few times faster over
    a million rows. The table has one slot more than the codes, always False, where -1 lands (the
    codes' count is given: the largest of a million values is a pass of its own)."""
    wanted = np.asarray(wanted, np.int64)
    largest = max(n_codes - 1, int(wanted.max()) if len(wanted) else 0)
    table = np.zeros(largest + 2, bool)
    table[wanted[wanted >= 0]] = True
    return table[values]


def _any_of(masks: list[np.ndarray], codes: np.ndarray, size: int | None = None) -> np.ndarray:
    """The OR of the masks of these codes (codes with no mask, such as -1, add nothing)."""
    chosen = [masks[c] for c in codes.tolist() if 0 <= c < len(masks)]
    if not chosen:
        return np.zeros(len(masks[0]) if masks else size or 0, bool)
    return np.logical_or.reduce(chosen) if len(chosen) > 1 else chosen[0].copy()


def _distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values, sorted: a stable sort (quick on values nearly in order), then each change."""
    ordered = np.sort(values, kind="stable")
    return ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))] if len(ordered) else ordered


def _mask_at(found: np.ndarray, size: int) -> np.ndarray:
    """A mask of ``size`` rows, set at the rows ``found``."""
    mask = np.zeros(size, bool)
    mask[found] = True
    return mask
