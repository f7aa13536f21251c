"""The claims store: one schema, SQLite embedded by default, any SQLAlchemy URL.

A document is stored whole in one transaction or not at all, keyed by its
content hash, so ingesting the same text twice stores it once.
"""

from __future__ import annotations

import gc
import json
import logging
import operator
import random
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

import numpy as np
import sqlalchemy as sa
from sqlalchemy import event

from geo.claim_index import ClaimIndex, InLayers, PlaceCounts, Snapshot
from geo.export import date_mention_json, number_json, source_json
from geo.geometry import compact
from geo.known_keys import KnownKeys, newest_meeting
from geo.migrations import migrate
from geo.models import Extraction, ResolvedPlace
from geo.schema import (
    claim_contests,
    claim_places,
    claim_sources,
    claim_stories,
    claims,
    corrections,
    documents,
    metadata,
    places,
    sources,
    store_changes,
    store_state,
    stories,
    story_index,
)
from geo.stories import (
    PER_KEY,
    Candidate,
    Signature,
    document_signatures,
    independent_sources,
    link,
    probe_days,
    read_word_weights,
    same_origin,
)
from geo.word_index import Vocabulary, claims_holding, index_claims

log = logging.getLogger(__name__)

T = TypeVar("T")
WRITE_ATTEMPTS = 8
VERSION_WRITTEN = "claimsmap_version_written"  # a write's key in its connection's info: the version it wrote
RETRY_SQLSTATES = {"40001", "40P01"}  # PostgreSQL: serialization failure, deadlock detected

CORRECTIONS = ("move", "layer", "drop")
MAX_SEARCH_WORDS = 8  # a text filter's words: more are left out
TRIGRAM = 3  # characters a word needs for a trigram index (SQLite FTS5, PostgreSQL pg_trgm) to help find it
MAX_SEARCH_WORD = 64  # characters of one word looked for


@dataclass(frozen=True)
class ClaimFilter:
    """What the analyst narrowed the view to; empty fields do not filter.

    The date range applies to the claim's date (the span of the dates of what it
    states, else its article's publication date) or, with ``date_basis``
    "published", to the article's publication date. With ``undated``, a date range
    keeps the claims of no known date too (a document with no publication date).
    """

    sources: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    layers: tuple[str, ...] = ()
    certainties: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    text: str = ""  # words the claim's sentence holds, case-insensitive
    date_basis: str = "claim"  # "claim" or "published"
    min_sources: int = 0  # claims whose story has at least this many independent sources (geo.stories)
    contested: bool = False  # only claims whose story another contests
    undated: bool = False  # with a date range: keep the claims of no known date too


class Store:
    def __init__(self, url: str) -> None:
        if url.startswith("sqlite:///"):
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        self.engine = sa.create_engine(url)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        metadata.create_all(self.engine)
        _add_missing_columns(self.engine)
        _start_change_log(self.engine)
        migrate(self.engine)
        _index_claim_text(self.engine)
        _index_stored_stories(self.engine)
        self._geometries: dict[int, dict] = {}  # parsed GeoJSON of areas, by place id
        self._known = KnownClaims()  # what linking read and wrote of stored claims, by id
        self._keys = KnownKeys()  # the story index's rows of the keys linking read, by key
        self.index = ClaimIndex(self.engine)
        self.vocabulary = Vocabulary()  # the claims' words, for text filters (geo.word_index)

    # --- writing ---------------------------------------------------------------------------

    def has_document(self, doc_id: str) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(sa.select(documents.c.id).where(documents.c.id == doc_id)).first() is not None

    def add(self, extraction: Extraction) -> bool:
        """Store a document and its claims in one transaction; False if it was already stored."""

        def add(conn) -> bool:
            if conn.execute(sa.select(documents.c.id).where(documents.c.id == extraction.document.doc_id)).first():
                return False
            self._insert(conn, extraction)
            _record_change(conn, [extraction.document.doc_id])
            return True

        return self._write(add)

    def replace(self, extraction: Extraction, older: str | None = None) -> bool:
        """Store a document in place of the stored version of the same text, and of ``older`` (an
        earlier version of the same article), in one transaction: a crash leaves the old version whole,
        and no claim of the old version stays behind. Its corrections apply again."""
        stale = [extraction.document.doc_id, *([older] if older else [])]

        def replace(conn) -> bool:
            _unindex_stories(conn, stale, self._keys)
            conn.execute(documents.delete().where(documents.c.id.in_(stale)))
            self._insert(conn, extraction)
            _record_change(conn, stale)
            return True

        return self._write(replace)

    def _write(self, work: Callable[[sa.Connection], T]) -> T:
        """Run one write transaction, and again when another process's write collided with it: the
        same new document, source or place stored by two ingests at once, a deadlock between them, or
        SQLite still busy. Each attempt starts afresh, so the second sees what the first one missed."""
        self.index.let_go()  # a read after this write sees it, also within one_version()
        for attempt in range(WRITE_ATTEMPTS):
            self._known.begin()
            try:
                with self.engine.begin() as conn:
                    conn.info.pop(VERSION_WRITTEN, None)  # a failed write's, on this database connection
                    done = work(conn)
                    version = conn.info.pop(VERSION_WRITTEN, None)
                self._known.commit()
                self._keys.committed(version)
                return done
            except BaseException as error:
                self._keys.failed()
                if not isinstance(error, (sa.exc.IntegrityError, sa.exc.OperationalError)):
                    raise
                if attempt == WRITE_ATTEMPTS - 1 or not _collided(error):
                    raise
                log.info("write collided with another (%s); trying again", type(error.orig).__name__)
                time.sleep(random.uniform(0, min(1.0, 0.02 * 2**attempt)))
        raise AssertionError("unreachable")

    def earlier_version(self, document) -> str | None:
        """The stored document that is an earlier version of this one: same file path or same URL,
        other text."""
        same = []
        if document.path:
            same.append(documents.c.path == document.path)
        if document.url:
            same.append(documents.c.url == document.url)
        if not same:
            return None
        query = sa.select(documents.c.id).where(sa.or_(*same), documents.c.id != document.doc_id).limit(1)
        with self.engine.connect() as conn:
            return conn.execute(query).scalar()

    def _insert(self, conn, extraction: Extraction) -> None:
        """The document, its claims, and their sources and places: a statement for each table, not for
        each row (a document of 60 claims is a few round trips to the database, not a few hundred)."""
        doc = extraction.document
        conn.execute(documents.insert().values(**_document_row(doc)))
        rows = [_claim_row(doc, seq, item.claim) for seq, item in enumerate(extraction.claims)]
        if rows:
            conn.execute(claims.insert(), rows)
        # Their ids by position in the document: one query, where RETURNING in order would cost a
        # statement per row on SQLite.
        numbered = conn.execute(sa.select(claims.c.seq, claims.c.id).where(claims.c.document_id == doc.doc_id))
        by_seq = dict(numbered.all())
        claim_ids = [by_seq[seq] for seq in range(len(extraction.claims))]
        index_claims(conn, zip(claim_ids, (row["text"] for row in rows), strict=True))
        source_kinds: dict[str, str] = {}  # by name, as first given
        for item in extraction.claims:
            for source in item.claim.sources:
                source_kinds.setdefault(source.name, source.kind)
        source_ids = self._source_ids(conn, source_kinds)
        place_ids = self._place_ids(conn, {placed.place.key: placed.place for item in extraction.claims
                                           for placed in item.places})  # fmt: skip
        cited, named = [], []
        for claim_id, item in zip(claim_ids, extraction.claims, strict=True):
            for position, source in enumerate(item.claim.sources):
                cited.append({"claim_id": claim_id, "position": position, "source_id": source_ids[source.name],
                              "role": source.role, "mention": source.mention})  # fmt: skip
            for placed in item.places:
                p = placed.place
                named.append({"claim_id": claim_id, "start": p.start, "end": p.end, "place_id": place_ids[p.key],
                              "layer": placed.layer, "mention": p.mention, "score": p.score, "said": placed.said,
                              "alternatives": json.dumps([list(a) for a in p.alternatives])})  # fmt: skip
        if cited:
            conn.execute(claim_sources.insert(), cited)
        if named:
            conn.execute(claim_places.insert(), named)
        _apply_corrections(conn, doc.doc_id)
        if rows:
            _link_stories(conn, extraction, claim_ids, self._known, self._keys)

    def _source_ids(self, conn, kinds: dict[str, str]) -> dict[str, int]:
        """Each source's id by name, the new ones stored first."""
        if not kinds:
            return {}
        query = sa.select(sources.c.name, sources.c.id).where(sources.c.name.in_(list(kinds)))
        ids = dict(conn.execute(query).all())
        new = [{"name": name, "kind": kind} for name, kind in kinds.items() if name not in ids]
        if new:
            ids |= dict(conn.execute(sources.insert().returning(sources.c.name, sources.c.id), new).all())
        return ids

    def _place_ids(self, conn, named: dict[str, ResolvedPlace]) -> dict[str, int]:
        """Each place's id by key, the new ones stored first. A place that was waiting for an online
        answer takes the point of one that has it."""
        if not named:
            return {}
        query = sa.select(places.c.key, places.c.id, places.c.pending_lookup).where(places.c.key.in_(list(named)))
        stored = {row.key: row for row in conn.execute(query)}
        ids = {}
        new = []
        for key, p in named.items():
            row = stored.get(key)
            if row is not None and (p.pending_lookup or not row.pending_lookup):
                ids[key] = row.id  # the common case: known, and its point as good as this one's
                continue
            geometry = json.dumps(p.geometry, separators=(",", ":"))  # polygons: only written when needed
            if row is not None:
                conn.execute(places.update().where(places.c.id == row.id)
                             .values(lat=p.lat, lon=p.lon, pending_lookup=None, geometry=geometry,
                                     address=p.address))  # fmt: skip
                self._geometries.pop(row.id, None)
                ids[key] = row.id
                continue
            new.append({"key": p.key, "name": p.name, "feature": p.feature, "country": p.country, "lat": p.lat,
                        "lon": p.lon, "geonameid": p.geonameid, "geometry": geometry,
                        "pending_lookup": p.pending_lookup or None, "address": p.address})  # fmt: skip
        if new:
            ids |= dict(conn.execute(places.insert().returning(places.c.key, places.c.id), new).all())
        return ids

    def remove(self, doc_id: str) -> bool:
        """Forget a document and its claims (its corrections are kept for when it comes back)."""

        def remove(conn) -> bool:
            _unindex_stories(conn, [doc_id], self._keys)
            removed = conn.execute(documents.delete().where(documents.c.id == doc_id)).rowcount > 0
            if removed:
                _record_change(conn, [doc_id])
            return removed

        return self._write(remove)

    def correct(self, claim_id: int, start: int, action: str, place: dict | None = None, layer: str | None = None):
        """Record an analyst's correction of one place mention and apply it now.
        ``place`` (for "move") is the new place's row: key, name, feature, country, lat, lon, geometry."""
        if action not in CORRECTIONS:
            raise ValueError(f"unknown correction {action!r}; one of {CORRECTIONS}")

        def correct(conn) -> None:
            doc_id = conn.execute(sa.select(claims.c.document_id).where(claims.c.id == claim_id)).scalar()
            if doc_id is None:
                raise ValueError(f"no claim {claim_id}")
            if place is not None:
                values = {k: place[k] for k in ("name", "feature", "country", "lat", "lon", "geonameid", "address")
                          if k in place}  # fmt: skip
                values["geometry"] = json.dumps(place["geometry"], separators=(",", ":"))
                _get_or_create(conn, places, {"key": place["key"]}, values)
            dropped = _mention_as_it_was(conn, doc_id, start) if action == "drop" else None
            conn.execute(corrections.delete().where(corrections.c.document_id == doc_id, corrections.c.start == start))
            conn.execute(
                corrections.insert().values(
                    document_id=doc_id,
                    start=start,
                    action=action,
                    place_key=place["key"] if place else None,
                    layer=layer,
                    corrected_at=datetime.now(UTC),
                    dropped=dropped,
                )
            )
            _apply_corrections(conn, doc_id)
            _record_change(conn, [doc_id])

        self._write(correct)

    def undo_drop(self, claim_id: int, start: int) -> int:
        """Undo "not a place": the mention comes back as it was before it was dropped (with the move or
        layer an analyst had chosen for it, which applies again), and the correction now says it was
        restored. Returns the id of the place it names again."""

        def undo(conn) -> int:
            doc_id = conn.execute(sa.select(claims.c.document_id).where(claims.c.id == claim_id)).scalar()
            fix = conn.execute(sa.select(corrections).where(corrections.c.document_id == doc_id,
                                                            corrections.c.start == start)).first()  # fmt: skip
            if doc_id is None or fix is None or fix.action != "drop" or not fix.dropped:
                raise ValueError("that mention was not dropped, so there is nothing to undo")
            was = json.loads(fix.dropped)
            place_id = conn.execute(sa.select(places.c.id).where(places.c.key == was["place_key"])).scalar()
            claim_at = dict(
                conn.execute(sa.select(claims.c.start, claims.c.id).where(claims.c.document_id == doc_id)).all()
            )
            rows = [{**{c: row[c] for c in MENTION_COLUMNS}, "claim_id": claim_at[row["claim_start"]], "start": start,
                     "place_id": place_id} for row in was["rows"] if row["claim_start"] in claim_at]  # fmt: skip
            if place_id is None or not rows:
                raise ValueError("the mention's claim or place is no longer stored")
            before = was.get("before") or {}
            conn.execute(corrections.delete().where(corrections.c.document_id == doc_id, corrections.c.start == start))
            conn.execute(claim_places.insert(), rows)
            conn.execute(corrections.insert().values(
                document_id=doc_id, start=start, action=before.get("action") or "restore",
                place_key=before.get("place_key"), layer=before.get("layer"), corrected_at=datetime.now(UTC),
                dropped=fix.dropped if not before else None,
            ))  # fmt: skip
            _apply_corrections(conn, doc_id)
            _record_change(conn, [doc_id])
            return place_id

        return self._write(undo)

    def alternatives(self, claim_id: int, start: int) -> list[list]:
        """The runners-up the geoparser kept for one mention: [key, name, score]."""
        query = sa.select(claim_places.c.alternatives).where(
            claim_places.c.claim_id == claim_id, claim_places.c.start == start
        )
        with self.engine.connect() as conn:
            found = conn.execute(query).scalar()
        return json.loads(found) if found else []

    # --- reading ---------------------------------------------------------------------------

    def one_version(self):
        """A context in which this thread's reads see one version of the store, asked for once."""
        return self.index.one_version()

    def warm(self) -> None:
        """Read what a server's first requests would otherwise wait for: the index, the store's words
        (a text filter's first word waited 30 ms for 10k words), and the English word weights that
        story cards compare sources' names by."""
        self.index.fresh()
        with self.engine.connect() as conn:
            self.vocabulary.catch_up(conn)
        read_word_weights()

    def version(self) -> int:
        """Grows with every write, by any process: answers computed at one version hold until it changes."""
        return self.index.fresh().version

    def counts(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            return {
                table.name: conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
                for table in (documents, claims, places, sources)
            }

    def source_names(self) -> list[tuple[str, int]]:
        """Every source with the number of claims that cite it, most cited first."""
        return self.index.fresh().source_counts()

    def pending_lookups(self) -> list[dict]:
        """Places the online geocoder could not answer for yet (their gazetteer point stands)."""
        query = sa.select(places.c.key, places.c.name, places.c.country).where(places.c.pending_lookup.is_(True))
        with self.engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(query.order_by(places.c.name))]

    def outlet_names(self) -> list[tuple[str, int]]:
        """Every outlet with its number of documents, most first."""
        return self.index.fresh().outlet_counts()

    def date_bounds(self) -> tuple[date | None, date | None]:
        return self.index.fresh().date_bounds()

    def place_counts(self, where: ClaimFilter, corroborated: bool = False) -> PlaceCounts:
        """Matching claims per place and layer, as columns (what the map draws from); ``corroborated``:
        with how many of them stand on two or more independent sources."""
        with self.engine.connect() as conn:
            snapshot = self.index.fresh()
            if where == ClaimFilter() and not corroborated:
                return snapshot.unfiltered()
            return snapshot.counted.get(  # again for a map moved or a place typed in the picker
                ("places", where, corroborated),
                lambda: snapshot.place_counts(self._in_layers(conn, snapshot, where), corroborated),
            )

    def place_summaries(self, where: ClaimFilter) -> list[dict]:
        """One row per place and layer with the number of matching claims that name it."""
        counts = self.place_counts(where)
        places = self.index.fresh().places
        return [{**places[place], "layer": layer, "n_claims": n}
                for place, layer, n in zip(counts.place.tolist(), counts.layer, counts.n_claims.tolist(), strict=True)
                if place in places]  # fmt: skip

    def spellings(self) -> dict[int, tuple[str, ...]]:
        """Each place's names as the documents wrote them, where they differ from its own
        ("Kiev" for Kyiv, "the Odessa region"), for finding it by the article's words."""
        query = sa.select(claim_places.c.place_id, claim_places.c.mention).distinct()
        query = query.join(places, places.c.id == claim_places.c.place_id).where(
            claim_places.c.mention != places.c.name
        )
        found: dict[int, list[str]] = {}
        with self.engine.connect() as conn:
            for place, mention in conn.execute(query):
                found.setdefault(place, []).append(mention)
        return {place: tuple(names) for place, names in found.items()}

    def geometries(self, place_ids: list[int]) -> dict[int, dict]:
        """GeoJSON geometries by place id. An area's geometry never changes once stored (a correction
        points the mention at another place; only a town's point moves, when a geocoder answers at
        last), so parsed ones are kept: parsing polygons cost more than the rest of a filter change."""
        missing = [i for i in place_ids if i not in self._geometries]
        for chunk in range(0, len(missing), 5000):
            query = sa.select(places.c.id, places.c.geometry).where(places.c.id.in_(missing[chunk : chunk + 5000]))
            with self.engine.connect() as conn:
                self._geometries.update((row.id, compact(json.loads(row.geometry))) for row in conn.execute(query))
        return {i: self._geometries[i] for i in place_ids if i in self._geometries}

    def extent(self, place_id: int) -> list[float] | None:
        """A place's [west, south, east, north], read for once and not kept (``geometries`` keeps
        what it parses, for the few hundred areas the map draws: any place may be asked for here)."""
        if place_id in self._geometries:
            return self._geometries[place_id].get("bbox")
        with self.engine.connect() as conn:
            found = conn.execute(sa.select(places.c.geometry).where(places.c.id == place_id)).scalar()
        return compact(json.loads(found)).get("bbox") if found else None

    def place_id(self, key: str) -> int | None:
        with self.engine.connect() as conn:
            return conn.execute(sa.select(places.c.id).where(places.c.key == key)).scalar()

    def place(self, place_id: int) -> dict | None:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(places).where(places.c.id == place_id)).first()
        return dict(row._mapping) if row else None

    def place_in_view(self, place_id: int) -> dict | None:
        """A place's id, key, name, feature, country, point and address, for the panel's heading and
        the map's mark: from the index, with no query (from the table for a place the index does not
        hold: one no claim named when it was loaded)."""
        found = self.index.fresh().places.get(place_id)
        return dict(found) if found is not None else self.place(place_id)

    def claims_at(self, place_id: int, where: ClaimFilter, limit: int = 200) -> list[dict]:
        """The matching claims that name a place, newest first, with their document and mention."""
        with self.engine.connect() as conn:
            snapshot = self.index.fresh()
            rows = self._named_rows(conn, snapshot, where, place_id)
            chosen = snapshot.newest(rows, limit)
            query = (
                _claims_query(ClaimFilter(layers=where.layers))
                .where(claims.c.id.in_(chosen), claim_places.c.place_id == place_id)
                .limit(limit)
            )
            return [_claim_dict(row) for row in conn.execute(query)]

    def count_at(self, place_id: int, where: ClaimFilter) -> int:
        """How many matching claims name a place."""
        with self.engine.connect() as conn:
            snapshot = self.index.fresh()
            return len(self._named_rows(conn, snapshot, where, place_id))

    def claims_in_view(self, where: ClaimFilter, limit: int = 50, placeless: bool = False) -> list[dict]:
        """The newest matching claims that name any place, each once (with its first place); with
        ``placeless``, and no layer chosen, those that name no place too (with no place)."""
        with self.engine.connect() as conn:
            snapshot = self.index.fresh()
            chosen = snapshot.newest_named(self._in_layers(conn, snapshot, where), limit, placeless)
            if not chosen:
                return []
            # The newest claims are listed by view after view: each read once per version (and layers).
            found = {key[0]: row for key, row in snapshot.listed.known([(i, where.layers) for i in chosen]).items()}
            missing = [i for i in chosen if i not in found]
            if missing:
                read = {row.id: _claim_dict(row) for row in conn.execute(_newest_query(missing, where.layers))}
                for claim in read.values():
                    if claim["mention_start"] is None:  # a claim that names no place: its sentence and document
                        claim["place_alternatives"] = []
                snapshot.listed.keep({(i, where.layers): claim for i, claim in read.items()})
                found |= read
            return [dict(found[i]) for i in chosen if i in found]  # copies: a caller adds to its own

    def matching(self, where: ClaimFilter) -> tuple[int, int]:
        """How many claims pass the filter, and how many of those name no place."""
        with self.engine.connect() as conn:
            snapshot = self.index.fresh()
            return snapshot.matching(self._in_layers(conn, snapshot, where))

    def facets(self, where: ClaimFilter) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
        """Sources with the claims citing them and outlets with their documents, each counted under
        every other condition of the filter (a source's count ignores the sources chosen, so the
        list still offers the others)."""
        cited, published = replace(where, sources=()), replace(where, outlets=())
        with self.engine.connect() as conn:
            snapshot = self.index.fresh()
            return (
                snapshot.counted.get(
                    ("sources", cited), lambda: snapshot.sources_among(self._in_layers(conn, snapshot, cited).claims)
                ),
                snapshot.counted.get(
                    ("outlets", published),
                    lambda: snapshot.outlets_among(self._in_layers(conn, snapshot, published).claims),
                ),
            )

    def timeline(self, where: ClaimFilter) -> list[tuple[date, int]]:
        """Matching claims per day of their earliest date (claims with no date left out)."""
        with self.engine.connect() as conn:
            snapshot = self.index.fresh()
            return snapshot.counted.get(
                ("days", where),
                lambda: snapshot.claims_per_day(self._in_layers(conn, snapshot, where), where.date_basis),
            )

    def _claim_mask(self, conn, snapshot: Snapshot, where: ClaimFilter) -> np.ndarray:
        """The claims passing every condition but the layers; one view's map, panel and timeline share it."""
        key = replace(where, layers=())
        return snapshot.masks.get(
            key, lambda: snapshot.claim_mask(where, self._text_matches(conn, snapshot, where.text))
        )

    def _named_rows(self, conn, snapshot: Snapshot, where: ClaimFilter, place_id: int) -> np.ndarray:
        """The rows of the matching claims that name a place: the panel's claims and their count share them."""
        return snapshot.at_places.get(
            (place_id, where),
            lambda: snapshot.named_rows(self._claim_mask(conn, snapshot, where), where.layers, place_id),
        )

    def _in_layers(self, conn, snapshot: Snapshot, where: ClaimFilter) -> InLayers:
        """What the view's layers leave of the claims passing its other conditions; shared in turn."""
        return snapshot.layered.get(
            where, lambda: snapshot.in_layers(self._claim_mask(conn, snapshot, where), where.layers)
        )

    def _text_matches(self, conn, snapshot: Snapshot, text: str) -> np.ndarray | None:
        """A mask of the rows whose sentence holds every word (case-insensitive), or None for no words.
        Through the claims' words (``geo.word_index``): a query per word, from an index alone, and the
        claims of the store's most common words from memory (``CommonWords``). A word that is part of
        very many of the store's words goes through the trigram index (SQLite FTS5, PostgreSQL pg_trgm)
        when it has three characters or more, and is left out when shorter (``_too_broad``: a letter or
        two, no index helps). Kept per version."""
        words = search_words(text)
        if not words:
            return None

        def search() -> np.ndarray | None:
            self.vocabulary.catch_up(conn)
            left_out = self._too_broad(words)
            searched = tuple(w for w in words if w not in left_out)
            if not searched:
                return None  # nothing to search for: no text condition (the panel says why)
            found = claims_holding(conn, self.vocabulary, searched, snapshot.common.word_ids, snapshot.common.later_id)
            if found is not None:
                return snapshot.rows_holding(found)
            if conn.dialect.name == "sqlite" and min(map(len, searched)) >= 3:
                found = _trigram_ids(conn, searched)
            elif conn.dialect.name == "postgresql":
                found = _listed_ids(conn, _text_query(conn, searched))
            else:
                found = np.array(conn.execute(_text_query(conn, searched)).cursor.fetchall(), np.int64).reshape(-1)
            return snapshot.rows_of_ids(found)

        return snapshot.texts.get(words, search)

    def unsearched_words(self, text: str) -> tuple[str, ...]:
        """The words of a text filter its search leaves out (``_too_broad``), for the panel to say so."""
        words = search_words(text)
        if not words:
            return ()

        def left_out() -> tuple[str, ...]:
            with self.engine.connect() as conn:
                self.vocabulary.catch_up(conn)
            return self._too_broad(words)

        return self.index.fresh().texts.get(("left out", words), left_out)  # once per version

    def _as_searched(self, where: ClaimFilter) -> ClaimFilter:
        """The filter less the words its search leaves out (``_too_broad``), so that an export holds the
        claims the panel counts."""
        words = search_words(where.text)
        if all(len(w) >= TRIGRAM for w in words):
            return where  # only a letter or two can be left out: no need to read the store's words
        with self.engine.connect() as conn:
            self.vocabulary.catch_up(conn)
        left_out = self._too_broad(words)
        return replace(where, text=" ".join(w for w in words if w not in left_out)) if left_out else where

    def _too_broad(self, words: tuple[str, ...]) -> tuple[str, ...]:
        """Words no index answers: shorter than a trigram and part of more than ``MOST_WORDS`` of the
        store's words (a letter or two, "e", "an"). Each would be looked for in every claim's sentence
        (a second at a million claims), so the search leaves them out and the panel says so: typing
        more of the word searches for it."""
        return tuple(w for w in words if len(w) < TRIGRAM and self.vocabulary.holding(w) is None)

    def story_rows(self) -> dict:
        """Every claim's story, each story's independent sources, and the contested pairs of claims
        (for evaluation and small stores; the dashboard reads them through the index)."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(claims.c.id, claims.c.document_id, claims.c.text, claim_stories.c.story_id,
                          claim_stories.c.origin).join(claim_stories, claim_stories.c.claim_id == claims.c.id)
            ).all()  # fmt: skip
            contests = conn.execute(sa.select(claim_contests.c.claim_id, claim_contests.c.other_id)).all()
        origins: dict[int, list[str]] = {}
        for row in rows:
            origins.setdefault(row.story_id, []).append(row.origin)
        return {
            "claims": [dict(row._mapping) for row in rows],
            "independent": {story: independent_sources(found) for story, found in origins.items()},
            "contests": [tuple(pair) for pair in contests],
        }

    def story_fields(self, claim_ids: list[int]) -> dict[int, dict]:
        """What the exports give of each claim's story: ``cluster`` (its story id), ``independent_sources``
        and ``contradicts`` (the ids of the stories that contest it)."""
        found: dict[int, dict] = {}
        with self.engine.connect() as conn:
            for chunk in range(0, len(claim_ids), 5000):
                wanted = claim_ids[chunk : chunk + 5000]
                story_of = dict(conn.execute(sa.select(claim_stories.c.claim_id, claim_stories.c.story_id)
                                             .where(claim_stories.c.claim_id.in_(wanted))).all())  # fmt: skip
                stories_here = set(story_of.values())
                origins: dict[int, list[str]] = {}
                query = sa.select(claim_stories.c.story_id, claim_stories.c.origin, claim_stories.c.claim_id)
                members = conn.execute(query.where(claim_stories.c.story_id.in_(stories_here))).all()
                for story, origin, _ in members:
                    origins.setdefault(story, []).append(origin)
                member_story = {claim: story for story, _, claim in members}
                other = claim_stories.alias("other")
                mine = claim_stories.alias("mine")
                touching = sa.or_(
                    claim_contests.c.claim_id.in_(member_story), claim_contests.c.other_id.in_(member_story)
                )
                contests = conn.execute(
                    sa.select(mine.c.story_id, other.c.story_id)
                    .select_from(claim_contests)
                    .join(mine, mine.c.claim_id == claim_contests.c.claim_id)
                    .join(other, other.c.claim_id == claim_contests.c.other_id)
                    .where(touching)
                ).all()
                against: dict[int, set[int]] = {}
                for a, b in contests:
                    if a != b:
                        against.setdefault(a, set()).add(b)
                        against.setdefault(b, set()).add(a)
                for claim_id, story in story_of.items():
                    found[claim_id] = {"cluster": story, "independent_sources": independent_sources(origins[story]),
                                       "contradicts": sorted(against.get(story, ()))}  # fmt: skip
        return found

    def claim_lines(self, where: ClaimFilter | None = None):
        """Each stored (matching) claim with its document and story, for ``export --format claims``."""
        where = self._as_searched(where or ClaimFilter())
        query = (
            sa.select(claims.c.id, claims.c.text, claims.c.start, claims.c.end, documents.c.path, documents.c.url)
            .join(documents, documents.c.id == claims.c.document_id)
            .where(*_conditions(where or ClaimFilter(), with_places=False))
            .order_by(claims.c.id)
        )
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        for chunk in range(0, len(rows), 5000):
            part = rows[chunk : chunk + 5000]
            stories_of = self.story_fields([row.id for row in part])
            for row in part:
                story = stories_of.get(row.id, {"cluster": None, "independent_sources": 0, "contradicts": []})
                if not _story_passes(story, where or ClaimFilter()):
                    continue
                yield {"document": row.path or row.url, "text": row.text, "start": row.start, "end": row.end,
                       **story}  # fmt: skip

    def stories_of(self, claim_ids: list[int]) -> dict[int, dict]:
        """For each claim: its story id, the documents that state it (outlet, title, date, url), its
        independent sources by name, and the claims that contest it (text, outlet, story). A story's
        card is made once per version of the store, from the index and a query or two that read only
        what the index does not hold (the sources' names, the contesting claims' text) by key."""
        if not claim_ids:
            return {}
        snapshot = self.index.fresh()
        stories = snapshot.story_of_rows(snapshot.live_rows(claim_ids)).tolist()
        story_of = {claim: story for claim, story in zip(claim_ids, stories, strict=True) if story >= 0}
        cards = snapshot.cards.known(set(story_of.values()))
        missing = sorted(set(story_of.values()) - cards.keys())
        if missing:
            with self.engine.connect() as conn:
                made = _story_cards(conn, snapshot, missing)
            snapshot.cards.keep(made)
            cards |= made
        return {claim: cards[story] for claim, story in story_of.items()}  # a story's claims share it

    def placeless_claims(self, where: ClaimFilter | None = None, limit: int | None = None) -> list[dict]:
        """The (matching) claims that name no place, in the export's row shape with no place; none
        when layers are chosen (a claim of no place is in no layer)."""
        where = self._as_searched(where or ClaimFilter())
        if where.layers:
            return []
        named = sa.select(claim_places.c.claim_id)
        query = (
            sa.select(*_exported_claim_columns())
            .join(documents, documents.c.id == claims.c.document_id)
            .where(claims.c.id.not_in(named), *_conditions(where, with_places=False))
            .order_by(claims.c.id)
            .limit(limit)
        )
        no_place = dict.fromkeys(("id", "key", "name", "address", "feature", "country", "lat", "lon", "geonameid",
                                  "geometry", "pending_lookup", "layer", "mention", "mention_start", "mention_end",
                                  "corrected"))  # fmt: skip
        with self.engine.connect() as conn:
            rows = [{**no_place, **row._mapping} for row in conn.execute(query)]
        return self._with_stories(rows, where)

    def all_places_with_claims(self, where: ClaimFilter | None = None, limit: int | None = None) -> list[dict]:
        """Every stored place with the (matching) claims that name it, for export."""
        where = self._as_searched(where or ClaimFilter())
        query = (
            sa.select(
                places,
                *_exported_claim_columns(),
                claim_places.c.layer,
                claim_places.c.mention,
                claim_places.c.corrected,
                claim_places.c.start.label("mention_start"),
                claim_places.c.end.label("mention_end"),
            )  # fmt: skip
            .join(claim_places, claim_places.c.place_id == places.c.id)
            .join(claims, claims.c.id == claim_places.c.claim_id)
            .join(documents, documents.c.id == claims.c.document_id)
            .where(*_conditions(where or ClaimFilter()))
            .order_by(places.c.id, claims.c.id, claim_places.c.start)
            .limit(limit)
        )
        with self.engine.connect() as conn:
            rows = [dict(row._mapping) for row in conn.execute(query)]
        return self._with_stories(rows, where or ClaimFilter())

    def _with_stories(self, rows: list[dict], where: ClaimFilter) -> list[dict]:
        """Export rows with their claim's story fields, less those the story filters leave out."""
        stories_of = self.story_fields(sorted({row["claim_id"] for row in rows}))
        no_story = {"cluster": None, "independent_sources": 0, "contradicts": []}
        rows = [{**row, **stories_of.get(row["claim_id"], no_story)} for row in rows]
        return [row for row in rows if _story_passes(row, where)]


def _story_cards(conn, snapshot: Snapshot, stories: list[int]) -> dict[int, dict]:
    """What a claim's card says of each story: the documents, the independent sources by name (one
    name per body, an origin settled once), the claims that contest it."""
    members = snapshot.story_members(stories)
    origins = {story: snapshot.origins(rows) for story, rows in members.items()}
    named = _named_origins(conn, snapshot, members, origins)
    contested_by = _contesting(conn, snapshot, members)
    cards = {}
    for story, rows in members.items():
        documents = {}
        for row in rows.tolist():
            code = int(snapshot.rows.document[row])
            if code not in documents:
                documents[code] = snapshot.document_card(row)
        names: list[tuple[str, str]] = []
        for origin, name in named.get(story, []):
            if not any(same_origin(origin, o) for o, _ in names):
                names.append((origin, name))
        cards[story] = {
            "story": story,
            "documents": list(documents.values()),
            "independent": independent_sources(origins[story]),
            "sources": [name for _, name in names] or ["unnamed sources"],
            "contested_by": list(contested_by.get(story, {}).values()),
        }
    return cards


def _named_origins(conn, snapshot: Snapshot, members: dict, origins: dict) -> dict[int, list[tuple[str, str]]]:
    """Each story's origins with the name its first member that names one gives (the last link of
    its source chain, else its document's outlet), in the order those members come. The first
    member of each origin nearly always names it: one query, by claim id, for those."""
    waiting = {}  # (story, origin) → its members' positions in the story
    for story, found in origins.items():
        for position, origin in enumerate(found):
            if origin:
                waiting.setdefault((story, origin), []).append(position)
    named: dict[int, list[tuple[int, str, str]]] = {}
    step = 0
    while waiting:
        asked = {key: int(members[key[0]][positions[step]]) for key, positions in waiting.items()}
        ids = snapshot.rows.claim_id[list(asked.values())].tolist()
        chains = dict(conn.execute(sa.select(claims.c.id, claims.c.sources).where(claims.c.id.in_(ids))).all())
        for (story, origin), row in asked.items():
            chain = json.loads(chains.get(int(snapshot.rows.claim_id[row]), "[]"))
            name = chain[-1]["name"] if chain else snapshot.document_card(row)["outlet"]
            if name:
                named.setdefault(story, []).append((waiting[story, origin][step], origin, name))
                waiting[story, origin] = []
        step += 1
        waiting = {key: positions for key, positions in waiting.items() if len(positions) > step}
    return {story: [(origin, name) for _, origin, name in sorted(found)] for story, found in named.items()}


def _contesting(conn, snapshot: Snapshot, members: dict) -> dict[int, dict[int, dict]]:
    """The claims of other stories that contest each of these stories (by the other story: its id, a
    claim's text and outlet). The index says which stories are contested; only those are looked at."""
    contested = snapshot.story_columns()[1]
    rows = [rows for rows in members.values() if contested[rows].any()]
    if not rows:
        return {}
    pairs = snapshot.contests_of(np.concatenate(rows))
    if not pairs:
        return {}
    mine, others = (np.array(side, np.int64) for side in zip(*pairs, strict=True))
    ids = snapshot.rows.claim_id[others].tolist()
    texts = dict(conn.execute(sa.select(claims.c.id, claims.c.text).where(claims.c.id.in_(set(ids)))).all())
    found: dict[int, dict[int, dict]] = {}
    sides = (snapshot.story_of_rows(mine).tolist(), snapshot.story_of_rows(others).tolist(), others.tolist(), ids)
    for story, theirs, other, claim in zip(*sides, strict=True):
        if story in members and theirs >= 0 and theirs != story and claim in texts:
            found.setdefault(story, {})[theirs] = {"story": theirs, "text": texts[claim],
                                                   "outlet": snapshot.document_card(other)["outlet"]}  # fmt: skip
    return found


def _exported_claim_columns() -> tuple:
    """A claim's columns and its document's, as the exports write them."""
    return (
        claims.c.id.label("claim_id"), claims.c.text.label("claim_text"), claims.c.certainty, claims.c.sources,
        claims.c.date_earliest, claims.c.date_latest, claims.c.date_precision, claims.c.certainty_cues,
        claims.c.numbers, claims.c.document_id, documents.c.title, documents.c.outlet, documents.c.url,
        documents.c.published_earliest, documents.c.published_precision,
    )  # fmt: skip


def _link_stories(conn, extraction: Extraction, claim_ids: list[int], known: KnownClaims, keys: KnownKeys) -> None:
    """Put each of a document's claims in its story (geo.stories), against the stored claims that share
    an index key with it. Other writers wait from here to the commit (PostgreSQL: the state row's lock;
    SQLite has one writer anyway), so two documents stating one new fact at once still meet. ``known``,
    ``keys``: the story rows and index rows this process keeps."""
    keys.opened(conn.execute(sa.select(store_state.c.version).with_for_update()).scalar())
    doc = extraction.document
    signatures = document_signatures(extraction.claims, doc)
    linked = link(signatures, _story_candidates(conn, signatures, known, keys))
    founders = [i for i, story in enumerate(linked.stories) if story is None]
    if founders:
        made = _driver_rows(conn, _new_stories(len(founders), conn.dialect), {"document_id": doc.doc_id})
        for i, (story_id,) in zip(founders, sorted(made), strict=True):
            linked.stories[i] = story_id
    _insert_rows(conn, claim_stories, [
        (claim_id, story, origin, sig.stored)
        for claim_id, story, origin, sig in zip(claim_ids, linked.stories, linked.origins, signatures, strict=True)
    ])  # fmt: skip
    keys.add(index_stories(conn, list(zip(claim_ids, signatures, strict=True))))
    known.stage((claim_id, (story, origin, sig)) for claim_id, story, origin, sig in
                zip(claim_ids, linked.stories, linked.origins, signatures, strict=True))  # fmt: skip
    contested = {(claim_ids[i], claim_ids[other[1]] if isinstance(other, tuple) else other) for i, other in
                 linked.contests}  # fmt: skip
    if contested:
        conn.execute(claim_contests.insert(), [{"claim_id": a, "other_id": b} for a, b in sorted(contested)])


KEYS_A_QUERY = 100  # keys whose rows one query reads


def _story_candidates(conn, signatures: list[Signature], known: KnownClaims, keys: KnownKeys) -> list[Candidate]:
    """The stored claims that share a key with a document's claims and whose days meet theirs, the
    newest ``PER_KEY`` of each key: first from the index (the rows of keys this process keeps, else
    every row of the others, a query for every ``KEYS_A_QUERY`` keys, kept from then on), then their
    story rows, each claim's once however many keys found it. The queries are compiled once for the
    database and run through its driver (SQLAlchemy's work on each parameter and row cost as much as
    the queries). In the order of the keys, each key's newest first, as a query of each key in turn
    gives them (the first named of a story's origins counts a new claim's). The document's own claims
    are not in claim_stories yet, so they are not among them. The story rows of claims this process
    read or wrote before are not read again (``known``)."""
    wanted = sorted(probe_days(signatures).items())
    newest, missing = keys.newest(wanted, PER_KEY)
    if missing:
        read = _index_rows(conn, missing)
        keys.put(read)
        days = dict(wanted)
        for key in missing:
            newest[key] = newest_meeting(read[key], *days[key], PER_KEY)
    keys_of: dict[int, list[int]] = {}  # each claim's keys that found it (one row a key and claim)
    for key, _ in wanted:
        for claim_id in newest[key]:
            found = keys_of.get(claim_id)
            if found is None:
                keys_of[claim_id] = [key]
            else:
                found.append(key)
    rows = known.rows_of(keys_of)
    unknown = [claim_id for claim_id in keys_of if claim_id not in rows]
    story_rows = _compiled(_story_rows, conn.dialect)
    for chunk in range(0, len(unknown), CLAIMS_A_QUERY):
        part = unknown[chunk : chunk + CLAIMS_A_QUERY]
        values = dict(zip(CLAIM_PARAMETERS, part + [NO_CLAIM] * (CLAIMS_A_QUERY - len(part)), strict=True))
        read = {claim_id: (story_id, origin, Signature.loads(text))
                for claim_id, story_id, text, origin in _driver_rows(conn, story_rows, values)}  # fmt: skip
        known.put_all(read)
        rows |= read
    return [Candidate(claim_id, row[0], row[2], row[1], tuple(keys)) for claim_id, keys in keys_of.items()
            if (row := rows.get(claim_id)) is not None]  # else a claim removed since the index was read  # fmt: skip


def _driver_rows(conn, query: DriverQuery, values: dict) -> list[tuple]:
    """A compiled query's rows as the driver gives them, its parameters in the driver's style."""
    params = {**query.fixed, **values}
    return conn.exec_driver_sql(query.string, query.in_order(params) if query.in_order else params).cursor.fetchall()


@dataclass(frozen=True)
class DriverQuery:
    """A query compiled for one database, ready for its driver: SQLAlchemy's work on each parameter of
    each execution (``construct_params``) cost as much as the database's on the index."""

    string: str
    fixed: dict  # the parameters the query sets itself (its LIMIT)
    in_order: Callable[[dict], tuple] | None  # a positional driver's parameters from names (SQLite), else None


KEY_PARAMETERS = [f"key{n}" for n in range(KEYS_A_QUERY)]
NO_KEY = -1  # index keys are never negative
CLAIMS_A_QUERY = 100  # story rows one query reads
CLAIM_PARAMETERS = [f"claim{n}" for n in range(CLAIMS_A_QUERY)]
NO_CLAIM = -1


@lru_cache(maxsize=8)
def _compiled(build, dialect) -> DriverQuery:
    """A query of one shape, compiled once a process for a database."""
    return _for_driver(build(), dialect)


@lru_cache(maxsize=256)
def _new_stories(count: int, dialect) -> DriverQuery:
    """``count`` new stories of one document, their ids returned: one statement, compiled once a
    process for each count (SQLAlchemy's many-rows insert cost as much as the story rows' own)."""
    rows = [{"document_id": sa.bindparam("document_id")}] * count
    return _for_driver(stories.insert().values(rows).returning(stories.c.id), dialect)


def _for_driver(statement, dialect) -> DriverQuery:
    compiled = statement.compile(dialect=dialect)
    fixed = compiled.construct_params({name: None for bind, name in compiled.bind_names.items() if bind.required})
    positions = compiled.positiontup
    if positions is None:
        return DriverQuery(compiled.string, fixed, None)
    if len(positions) == 1:  # an itemgetter of one name gives the value, not a tuple of it
        return DriverQuery(compiled.string, fixed, lambda params, name=positions[0]: (params[name],))
    return DriverQuery(compiled.string, fixed, operator.itemgetter(*positions))


def _index_rows(conn, wanted: list[int]) -> dict[int, list[tuple[int, int, int]]]:
    """Every index row (claim id, first day, last day) of these keys, each key's in claim order."""
    rows: dict[int, list[tuple[int, int, int]]] = {key: [] for key in wanted}
    query = _compiled(_rows_of_keys, conn.dialect)
    for chunk in range(0, len(wanted), KEYS_A_QUERY):
        part = wanted[chunk : chunk + KEYS_A_QUERY]
        values = dict(zip(KEY_PARAMETERS, part + [NO_KEY] * (KEYS_A_QUERY - len(part)), strict=True))
        for key, claim_id, first, last in _driver_rows(conn, query, values):
            rows[key].append((claim_id, first, last))
    return rows


def _rows_of_keys() -> sa.Select:
    """The index rows of ``KEYS_A_QUERY`` keys, in key and claim order (the index's own)."""
    index = story_index.c
    wanted = [sa.bindparam(name) for name in KEY_PARAMETERS]
    return (
        sa.select(index.key, index.claim_id, index.first_day, index.last_day)
        .where(index.key.in_(wanted))
        .order_by(index.key, index.claim_id)
    )


def _story_rows() -> sa.Select:
    """The story rows of ``CLAIMS_A_QUERY`` claims."""
    story = claim_stories.c
    wanted = [sa.bindparam(f"claim{n}") for n in range(CLAIMS_A_QUERY)]
    return sa.select(story.claim_id, story.story_id, story.signature, story.origin).where(story.claim_id.in_(wanted))


def index_stories(conn, claims: list[tuple[int, Signature]]) -> list[tuple[int, int, int, int]]:
    """Index keys of these claims, with their days (a row there already, which no store of this
    version leaves, takes the new days): the rows written (key, claim id, first day, last day)."""
    # In key order, where the rows sit; a claim's keys are distinct, so no two rows share key and claim.
    rows = sorted([(key, claim_id, *sig.days) for claim_id, sig in claims for key in sig.index_keys_])
    if rows:
        _insert_rows(conn, story_index, rows)
    return rows


def _unindex_stories(conn, document_ids: list[str], keys: KnownKeys) -> None:
    """Drop the index rows of these documents' claims, before the claims go: a row left behind would
    find no claim, but take one of its key's newest slots (``PER_KEY``) from the claims there. The
    rows this process keeps (``keys``) go too."""
    keys.opened(conn.execute(sa.select(store_state.c.version).with_for_update()).scalar())
    mine = sa.select(claims.c.id).where(claims.c.document_id.in_(document_ids))
    query = sa.select(claim_stories.c.claim_id, claim_stories.c.signature).where(claim_stories.c.claim_id.in_(mine))
    rows = [{"index_key": key, "index_claim": claim_id} for claim_id, text in conn.execute(query)
            for key in Signature.loads(text).index_keys()]  # fmt: skip
    if rows:
        row = (story_index.c.key == sa.bindparam("index_key"), story_index.c.claim_id == sa.bindparam("index_claim"))
        conn.execute(story_index.delete().where(*row), rows)
        keys.drop((row["index_key"], row["index_claim"]) for row in rows)


CLAIMS_KEPT = 50_000  # story rows a process keeps: a few hundred documents' candidates
# Rows kept after which they are moved out of the collector's reach (``KnownClaims.put_all``)
KEPT_UNTIL_FROZEN = 10_000


class KnownClaims:
    """The story rows (story, origin, parsed signature) of stored claims this process read or wrote,
    by claim id, the most recently used kept: a claim's row never changes and its id is never given
    to another (geo.migrations), so what was read stays true while the claim is there, and the index
    no longer finds a removed one. A document's own rows are kept once its transaction commits:
    SQLite gives a rolled-back transaction's ids again. Each thread stages its own write's rows, and
    one lock keeps the order of use whole when threads write through one store."""

    def __init__(self, capacity: int = CLAIMS_KEPT) -> None:
        self.capacity = capacity
        self._rows: OrderedDict[int, tuple[int, str, Signature]] = OrderedDict()
        self._lock = threading.Lock()
        self._writing = threading.local()  # .staged: this thread's write's own rows
        self._since_frozen = 0  # rows put since the collector last had them moved out of its reach

    def __contains__(self, claim_id: int) -> bool:
        return claim_id in self._rows

    def __len__(self) -> int:
        return len(self._rows)

    def get(self, claim_id: int) -> tuple[int, str, Signature] | None:
        with self._lock:
            row = self._rows.get(claim_id)
            if row is not None:
                self._rows.move_to_end(claim_id)
            return row

    def put(self, claim_id: int, row: tuple[int, str, Signature]) -> None:
        self.put_all({claim_id: row})

    def rows_of(self, claim_ids: Iterable[int]) -> dict[int, tuple[int, str, Signature]]:
        """The rows of these claims that it keeps, each now the most recently used (one lock for all:
        a document meets hundreds)."""
        found = {}
        with self._lock:
            rows, used = self._rows, self._rows.move_to_end
            for claim_id in claim_ids:
                row = rows.get(claim_id)
                if row is not None:
                    found[claim_id] = row
                    used(claim_id)
        return found

    def put_all(self, rows: dict[int, tuple[int, str, Signature]]) -> None:
        with self._lock:
            self._rows.update(rows)
            for claim_id in rows:
                self._rows.move_to_end(claim_id)  # update() keeps a known claim's place
            while len(self._rows) > self.capacity:
                self._rows.popitem(last=False)
            self._since_frozen += len(rows)
            if self._since_frozen >= KEPT_UNTIL_FROZEN:
                self._since_frozen = 0
                _out_of_collections()

    def begin(self) -> None:
        self._writing.staged = []

    def stage(self, rows: Iterable[tuple[int, tuple[int, str, Signature]]]) -> None:
        self._writing.staged.extend(rows)

    def commit(self) -> None:
        self.put_all(dict(self._writing.staged))
        self._writing.staged = []


def _out_of_collections() -> None:
    """The rows kept are hundreds of thousands of objects (a signature's sets and dict), none in a
    cycle: every full collection walked them all, which cost an ingest at 1M claims about 2 ms a
    document. Collected once, then moved out of the collector's reach, as the pipeline does with the
    gazetteer (geo.pipeline); a row dropped later is still freed by its reference count."""
    gc.collect()
    gc.freeze()


def _insert_rows(conn, table: sa.Table, rows: list[tuple]) -> None:
    """Rows (tuples in the table's column order) into a story table through the driver's executemany,
    the insert compiled once for the database: SQLAlchemy's work on each row's parameters cost more
    than the database's, and so did making a dict of each row (SQLite takes the tuples as they are)."""
    compiled = _compiled_insert(table.name, conn.dialect)
    names = tuple(column.name for column in table.columns)
    if compiled.positiontup is None:  # a driver of named parameters (PostgreSQL's)
        rows = [dict(zip(names, row, strict=True)) for row in rows]
    elif tuple(compiled.positiontup) != names:
        rows = list(map(operator.itemgetter(*map(names.index, compiled.positiontup)), rows))
    conn.exec_driver_sql(compiled.string, rows)


@lru_cache(maxsize=8)
def _compiled_insert(table_name: str, dialect):
    statement = _upsert_days(dialect) if table_name == story_index.name else metadata.tables[table_name].insert()
    return statement.compile(dialect=dialect)


def _upsert_days(dialect):
    """An insert into the story index that gives a row there already the new days."""
    if dialect.name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    elif dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        return story_index.insert()
    statement = insert(story_index)
    days = {"first_day": statement.excluded.first_day, "last_day": statement.excluded.last_day}
    return statement.on_conflict_do_update(index_elements=["key", "claim_id"], set_=days)


def _index_stored_stories(engine) -> None:
    """A store whose claims were linked before the index held their days gets it, from their signatures
    (once: then the index is never empty while claim_stories is not)."""
    with engine.begin() as conn:
        if conn.execute(sa.select(story_index.c.key).limit(1)).first() is not None:
            return
        if conn.execute(sa.select(claim_stories.c.claim_id).limit(1)).first() is None:
            return
        query = sa.select(claim_stories.c.claim_id, claim_stories.c.signature).order_by(claim_stories.c.claim_id)
        batch = []
        for claim_id, text in conn.execute(query):
            batch.append((claim_id, Signature.loads(text)))
            if len(batch) == 5000:
                index_stories(conn, batch)
                batch = []
        index_stories(conn, batch)
        conn.execute(sa.text("DROP TABLE IF EXISTS story_keys"))  # the keys alone, which it replaces


def _story_passes(row: dict, where: ClaimFilter) -> bool:
    """The story conditions, on an exported row (SQL leaves them to the index and to this)."""
    if where.min_sources > 1 and row["independent_sources"] < where.min_sources:
        return False
    return not where.contested or bool(row["contradicts"])


MENTION_COLUMNS = ("end", "layer", "mention", "score", "alternatives", "corrected", "said")


def _mention_as_it_was(conn, doc_id: str, start: int) -> str | None:
    """What a drop removes, as JSON: the mention's rows (each with its claim's offset, which a re-ingest
    keeps though the claim's id changes), its place's key, and the correction it had before."""
    found = conn.execute(
        sa.select(claims.c.start.label("claim_start"), places.c.key, *(claim_places.c[c] for c in MENTION_COLUMNS))
        .join(claims, claims.c.id == claim_places.c.claim_id)
        .join(places, places.c.id == claim_places.c.place_id)
        .where(claims.c.document_id == doc_id, claim_places.c.start == start)
    ).mappings().all()  # fmt: skip
    if not found:
        return None
    this_mention = sa.and_(corrections.c.document_id == doc_id, corrections.c.start == start)
    before = conn.execute(
        sa.select(corrections.c.action, corrections.c.place_key, corrections.c.layer).where(this_mention)
    ).mappings().first()  # fmt: skip
    rows = [{k: v for k, v in row.items() if k != "key"} for row in found]
    before = dict(before) if before and before["action"] in ("move", "layer") else None
    return json.dumps({"place_key": found[0]["key"], "rows": rows, "before": before})


def _apply_corrections(conn, doc_id: str) -> None:
    """Apply a document's corrections to its stored mentions (each mention offset names one claim)."""
    in_document = sa.select(claims.c.id).where(claims.c.document_id == doc_id)
    for fix in conn.execute(sa.select(corrections).where(corrections.c.document_id == doc_id)):
        mention = sa.and_(claim_places.c.claim_id.in_(in_document), claim_places.c.start == fix.start)
        if fix.action == "drop":
            conn.execute(claim_places.delete().where(mention))
        elif fix.action == "layer":
            conn.execute(claim_places.update().where(mention).values(layer=fix.layer, corrected="layer"))
        elif fix.action == "move":
            place_id = conn.execute(sa.select(places.c.id).where(places.c.key == fix.place_key)).scalar()
            if place_id is not None:
                conn.execute(claim_places.update().where(mention).values(place_id=place_id, corrected="move"))


def _claims_query(where: ClaimFilter):
    """Claims with their mention, layer and document, newest first."""
    return (
        sa.select(*_claim_columns())
        .join(claim_places, claim_places.c.claim_id == claims.c.id)
        .join(documents, documents.c.id == claims.c.document_id)
        .where(*_conditions(where))
        # Ties in mention order: PostgreSQL, unlike SQLite, does not hand them back in key order.
        .order_by(claims.c.date_latest.desc().nulls_last(), claims.c.id, claim_places.c.start)
    )


def _claim_columns() -> tuple:
    """A claim's columns, its mention's and its document's, as a card shows them."""
    return (
        claims,
        claim_places.c.start.label("mention_start"),
        claim_places.c.end.label("mention_end"),
        claim_places.c.layer,
        claim_places.c.mention,
        claim_places.c.corrected,
        claim_places.c.said,
        claim_places.c.alternatives.label("place_alternatives"),
        documents.c.title,
        documents.c.outlet,
        documents.c.url,
        documents.c.path,
        documents.c.published_earliest,
        documents.c.published_latest,
        documents.c.published_precision,
    )


def _newest_query(chosen: list[int], layers: tuple[str, ...]):
    """These claims, each with its first mention (in these layers) and that place, or with none: one
    statement, by key."""
    first = sa.select(claim_places.c.claim_id, sa.func.min(claim_places.c.start).label("start"))
    if layers:
        first = first.where(claim_places.c.layer.in_(layers))
    first = first.where(claim_places.c.claim_id.in_(chosen)).group_by(claim_places.c.claim_id).subquery()
    mention = sa.and_(claim_places.c.claim_id == first.c.claim_id, claim_places.c.start == first.c.start)
    named = (
        claims.join(documents, documents.c.id == claims.c.document_id)
        .outerjoin(first, first.c.claim_id == claims.c.id)
        .outerjoin(claim_places, mention)
        .outerjoin(places, places.c.id == claim_places.c.place_id)
    )
    place = (places.c.name.label("place_name"), places.c.address.label("place_address"),
             places.c.country.label("place_country"))  # fmt: skip
    return sa.select(*_claim_columns(), *place).select_from(named).where(claims.c.id.in_(chosen))


def _date_columns(where: ClaimFilter):
    if where.date_basis == "published":
        return documents.c.published_earliest, documents.c.published_latest
    return claims.c.date_earliest, claims.c.date_latest


def _conditions(where: ClaimFilter, with_places: bool = True) -> list:
    """Conditions on claims (joined to their document and, ``with_places``, their places)."""
    conditions = []
    if where.sources:
        cited = (
            sa.select(claim_sources.c.claim_id)
            .join(sources, sources.c.id == claim_sources.c.source_id)
            .where(sources.c.name.in_(where.sources))
        )
        conditions.append(claims.c.id.in_(cited))
    earliest, latest = _date_columns(where)
    dated = []
    if where.date_from:
        dated.append(latest >= where.date_from)
    if where.date_to:
        dated.append(earliest <= where.date_to)
    if dated and where.undated:
        conditions.append(sa.or_(sa.and_(*dated), earliest.is_(None)))
    else:
        conditions.extend(dated)
    if where.layers and with_places:
        conditions.append(claim_places.c.layer.in_(where.layers))
    if where.certainties:
        conditions.append(claims.c.certainty.in_(where.certainties))
    if where.outlets:
        in_outlets = sa.select(documents.c.id).where(documents.c.outlet.in_(where.outlets))
        conditions.append(claims.c.document_id.in_(in_outlets))
    for word in search_words(where.text):
        conditions.append(claims.c.text.ilike(f"%{_escape_like(word)}%", escape="\\"))
    return conditions


def search_words(text: str) -> tuple[str, ...]:
    """The words a text filter looks for: each once, at most ``MAX_SEARCH_WORDS`` of them, each at most
    ``MAX_SEARCH_WORD`` characters (a longer one is cut: what it starts with is still looked for)."""
    words = dict.fromkeys(w.casefold()[:MAX_SEARCH_WORD] for w in text.split() if w.isprintable())
    return tuple(words)[:MAX_SEARCH_WORDS]


def _text_query(conn, words: tuple[str, ...]):
    """The ids of the claims holding every word, as one statement."""
    long, short = [w for w in words if len(w) >= 3], [w for w in words if len(w) < 3]
    conditions = [claims.c.text.ilike(f"%{_escape_like(w)}%", escape="\\") for w in short]
    if conn.dialect.name == "sqlite" and long:  # quoted trigram phrases, all of them: each matches a word anywhere
        phrases = _trigram_phrases(tuple(long))
        indexed = sa.text("SELECT rowid FROM claims_fts WHERE claims_fts MATCH :phrases").bindparams(phrases=phrases)
        conditions.insert(0, claims.c.id.in_(indexed))
    else:
        conditions += [claims.c.text.ilike(f"%{_escape_like(w)}%", escape="\\") for w in long]
    return sa.select(claims.c.id).where(*conditions)


def _trigram_phrases(words: tuple[str, ...]) -> str:
    """SQLite FTS5 trigram phrases, quoted, all of them: each matches a word anywhere."""
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


def _trigram_ids(conn, words: tuple[str, ...]) -> np.ndarray:
    """The ids of the claims holding every word (each of three characters or more), in order, from
    SQLite's trigram index alone: joined to the claims, the same ids cost three times as much, and
    read as one text rather than a row each (80k ids at a million claims: 1 ms, not 10), the index's
    own search is most of what is left (30 ms for 80k)."""
    listed = conn.execute(
        sa.text("SELECT group_concat(rowid) FROM claims_fts WHERE claims_fts MATCH :phrases"),
        {"phrases": _trigram_phrases(words)},
    ).scalar()
    return np.fromstring(listed, np.int64, sep=",") if listed else np.zeros(0, np.int64)  # C, not a str each


def _listed_ids(conn, query) -> np.ndarray:
    """A query's claim ids read as one text from PostgreSQL (string_agg): 80k ids as rows cost 30-40 ms
    of the server's CPU in the driver, as one text a millisecond or two."""
    ids = query.subquery()
    listed = conn.execute(sa.select(sa.func.string_agg(sa.cast(ids.c.id, sa.Text), ","))).scalar()
    return np.fromstring(listed, np.int64, sep=",") if listed else np.zeros(0, np.int64)


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _document_row(doc) -> dict:
    published = doc.published
    return {
        "id": doc.doc_id,
        "path": doc.path,
        "title": doc.title,
        "outlet": doc.outlet,
        "url": doc.url,
        "author": doc.author,
        "published_earliest": published.earliest if published else None,
        "published_latest": published.latest if published else None,
        "published_precision": published.precision if published else None,
        "text": doc.text,
        "ingested_at": datetime.now(UTC),
    }


def _claim_row(doc, seq: int, claim) -> dict:
    event = claim.when  # the date of what it states, not of the background it gives
    effective, basis = (event, "event") if event else (doc.published, "published" if doc.published else None)
    return {
        "document_id": doc.doc_id,
        "seq": seq,
        "start": claim.start,
        "end": claim.end,
        "text": claim.text,
        "certainty": claim.certainty,
        "certainty_cues": json.dumps(list(claim.certainty_cues)),
        "date_earliest": effective.earliest if effective else None,
        "date_latest": effective.latest if effective else None,
        "date_precision": effective.precision if effective else None,
        "date_basis": basis,
        "dates": json.dumps([date_mention_json(d) for d in claim.dates]),
        "numbers": json.dumps([number_json(n) for n in claim.numbers]),
        "sources": json.dumps([source_json(s) for s in claim.sources]),
    }


def _claim_dict(row) -> dict:
    item = dict(row._mapping)
    for key in ("certainty_cues", "dates", "numbers", "sources", "place_alternatives"):
        if item.get(key) is not None:
            item[key] = json.loads(item[key])
    return item


def _collided(error: sa.exc.DBAPIError) -> bool:
    if isinstance(error, sa.exc.IntegrityError):
        return True  # a unique key taken since this transaction looked: looking again finds it
    return getattr(error.orig, "sqlstate", None) in RETRY_SQLSTATES or "database is locked" in str(error.orig)


def _get_or_create(conn, table: sa.Table, unique: dict, values: dict) -> int:
    condition = sa.and_(*(table.c[k] == v for k, v in unique.items()))
    found = conn.execute(sa.select(table.c.id).where(condition)).scalar()
    if found is not None:
        return found
    return conn.execute(table.insert().values(**unique, **values)).inserted_primary_key[0]


def _as_date(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _add_missing_columns(engine) -> None:
    """Stores made before a column existed get it (new columns are nullable)."""
    inspector = sa.inspect(engine)
    for table in metadata.sorted_tables:
        present = {c["name"] for c in inspector.get_columns(table.name)}
        for column in table.columns:
            if column.name not in present:
                kind = column.type.compile(dialect=engine.dialect)
                with engine.begin() as conn:
                    conn.execute(sa.text(f'ALTER TABLE {table.name} ADD COLUMN "{column.name}" {kind}'))


def _start_change_log(engine) -> None:
    with engine.begin() as conn:
        if conn.execute(sa.select(store_state.c.id)).first() is None:
            conn.execute(store_state.insert().values(id=1, version=0))


def _record_change(conn, document_ids: list[str]) -> None:
    """Log the documents a write touched under the next version. Taking the state row's lock last,
    just before the commit, keeps versions in commit order, so no process's index skips one."""
    version = conn.execute(sa.select(store_state.c.version).with_for_update()).scalar() + 1
    conn.execute(store_state.update().values(version=version))
    conn.info[VERSION_WRITTEN] = version  # what the store's version is once this write commits (KnownKeys)
    conn.execute(store_changes.insert(), [{"version": version, "document_id": d} for d in set(document_ids)])


def _index_claim_text(engine) -> None:
    """A trigram index on the claims' text, so a word found anywhere in a sentence is found fast:
    an FTS5 table kept by triggers in SQLite, pg_trgm in PostgreSQL (left out, with a warning,
    where the server does not allow the extension)."""
    if engine.dialect.name == "sqlite":
        with engine.begin() as conn:
            new = conn.execute(sa.text("SELECT 1 FROM sqlite_master WHERE name = 'claims_fts'")).first() is None
            for statement in SQLITE_TEXT_INDEX:
                conn.execute(sa.text(statement))
            if new:
                conn.execute(sa.text("INSERT INTO claims_fts(claims_fts) VALUES ('rebuild')"))
    elif engine.dialect.name == "postgresql":
        try:
            with engine.begin() as conn:
                conn.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
                home = conn.execute(
                    sa.text("SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'pg_trgm'")
                ).scalar()
                conn.execute(
                    sa.text(
                        "CREATE INDEX IF NOT EXISTS ix_claims_text_trigrams "
                        f"ON claims USING gin (text {home}.gin_trgm_ops)"
                    )
                )
        except sa.exc.DBAPIError as error:
            log.warning("no trigram index on claim text (text filters will scan): %s", error.orig)


SQLITE_TEXT_INDEX = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS claims_fts USING fts5(text, content='claims', content_rowid='id', "
    "tokenize='trigram')",
    "CREATE TRIGGER IF NOT EXISTS claims_fts_insert AFTER INSERT ON claims BEGIN "
    "INSERT INTO claims_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER IF NOT EXISTS claims_fts_delete AFTER DELETE ON claims BEGIN "
    "INSERT INTO claims_fts(claims_fts, rowid, text) VALUES ('delete', old.id, old.text); END",
)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")  # readers (the dashboard) never block the ingest
    cursor.execute("PRAGMA synchronous=NORMAL")
    # Pages read from the operating system's cache without a copy, and more of them kept: at a
    # million claims the index and story tables outgrow SQLite's default 2 MB cache, and each probe
    # read its pages again.
    cursor.execute("PRAGMA mmap_size=1073741824")
    cursor.execute("PRAGMA cache_size=-65536")
    cursor.close()
