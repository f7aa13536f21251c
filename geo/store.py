"""The claims store: one schema, SQLite embedded by default, any SQLAlchemy URL.

A document is stored whole in one transaction or not at all, keyed by its
content hash, so ingesting the same text twice stores it once.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event

from geo.export import date_mention_json, number_json, source_json
from geo.models import PRECISIONS, DateRange, Extraction

metadata = sa.MetaData()

documents = sa.Table(
    "documents",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),  # content hash
    sa.Column("path", sa.Text),
    sa.Column("title", sa.Text),
    sa.Column("outlet", sa.Text),
    sa.Column("url", sa.Text),
    sa.Column("author", sa.Text),
    sa.Column("published_earliest", sa.Date),
    sa.Column("published_latest", sa.Date),
    sa.Column("published_precision", sa.String(8)),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
)

claims = sa.Table(
    "claims",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("document_id", sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("certainty", sa.String(16), nullable=False),
    sa.Column("certainty_cues", sa.Text, nullable=False),  # JSON list
    # The dates a claim is filtered by: the span of the event dates it states, else the publication date.
    sa.Column("date_earliest", sa.Date),
    sa.Column("date_latest", sa.Date),
    sa.Column("date_precision", sa.String(8)),
    sa.Column("date_basis", sa.String(10)),  # "event", "published" or NULL when unknown
    sa.Column("dates", sa.Text, nullable=False),  # JSON list of date mentions
    sa.Column("numbers", sa.Text, nullable=False),  # JSON list of number mentions
    sa.Column("sources", sa.Text, nullable=False),  # JSON chain, outermost first, for display
    sa.Index("ix_claims_date", "date_earliest", "date_latest"),
)

sources = sa.Table(
    "sources",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.Text, nullable=False, unique=True),
    sa.Column("kind", sa.String(16), nullable=False),
)

claim_sources = sa.Table(
    "claim_sources",
    metadata,
    sa.Column("claim_id", sa.ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("position", sa.Integer, primary_key=True),
    sa.Column("source_id", sa.ForeignKey("sources.id"), nullable=False),
    sa.Column("role", sa.Text),
    sa.Column("mention", sa.Text),
    sa.Index("ix_claim_sources_source", "source_id", "claim_id"),
)

places = sa.Table(
    "places",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("key", sa.Text, nullable=False, unique=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("feature", sa.String(16), nullable=False),
    sa.Column("country", sa.String(2)),
    sa.Column("lat", sa.Float, nullable=False),
    sa.Column("lon", sa.Float, nullable=False),
    sa.Column("geonameid", sa.Integer),
    sa.Column("geometry", sa.Text, nullable=False),  # GeoJSON geometry
    sa.Column("pending_lookup", sa.Boolean),  # the online geocoder failed; the gazetteer's point for now
)

claim_places = sa.Table(
    "claim_places",
    metadata,
    sa.Column("claim_id", sa.ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("start", sa.Integer, primary_key=True),  # offset in the document text
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("place_id", sa.ForeignKey("places.id"), nullable=False),
    sa.Column("layer", sa.String(32), nullable=False),
    sa.Column("mention", sa.Text, nullable=False),
    sa.Column("score", sa.Float, nullable=False),
    sa.Column("alternatives", sa.Text, nullable=False),  # JSON [[key, name, score], ...]
    sa.Column("corrected", sa.String(8)),  # "move" or "layer" when an analyst changed it, else NULL
    sa.Index("ix_claim_places_place", "place_id", "layer", "claim_id"),
)

# What analysts corrected, by document and mention offset, so it is applied again whenever the
# document is stored again (re-ingested after new rules, say).
corrections = sa.Table(
    "corrections",
    metadata,
    sa.Column("document_id", sa.String(32), primary_key=True),
    sa.Column("start", sa.Integer, primary_key=True),
    sa.Column("action", sa.String(8), nullable=False),  # "move", "layer" or "drop"
    sa.Column("place_key", sa.Text),  # for "move"
    sa.Column("layer", sa.String(32)),  # for "layer"
    sa.Column("corrected_at", sa.DateTime(timezone=True), nullable=False),
)

CORRECTIONS = ("move", "layer", "drop")


@dataclass(frozen=True)
class ClaimFilter:
    """What the analyst narrowed the view to; empty fields do not filter.

    The date range applies to the claim's date (the span of the event dates it
    states, else its article's publication date) or, with ``date_basis``
    "published", to the article's publication date.
    """

    sources: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    layers: tuple[str, ...] = ()
    certainties: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    text: str = ""  # words the claim's sentence holds, case-insensitive
    date_basis: str = "claim"  # "claim" or "published"


class Store:
    def __init__(self, url: str) -> None:
        if url.startswith("sqlite:///"):
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        self.engine = sa.create_engine(url)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        metadata.create_all(self.engine)
        _add_missing_columns(self.engine)
        self._geometries: dict[int, dict] = {}  # parsed GeoJSON of areas, by place id

    # --- writing ---------------------------------------------------------------------------

    def has_document(self, doc_id: str) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(sa.select(documents.c.id).where(documents.c.id == doc_id)).first() is not None

    def add(self, extraction: Extraction) -> bool:
        """Store a document and its claims in one transaction; False if it was already stored."""
        with self.engine.begin() as conn:
            if conn.execute(sa.select(documents.c.id).where(documents.c.id == extraction.document.doc_id)).first():
                return False
            self._insert(conn, extraction)
        return True

    def replace(self, extraction: Extraction, older: str | None = None) -> bool:
        """Store a document in place of the stored version of the same text, and of ``older`` (an
        earlier version of the same article), in one transaction: a crash leaves the old version whole,
        and no claim of the old version stays behind. Its corrections apply again."""
        with self.engine.begin() as conn:
            stale = [extraction.document.doc_id, *([older] if older else [])]
            conn.execute(documents.delete().where(documents.c.id.in_(stale)))
            self._insert(conn, extraction)
        return True

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
        doc = extraction.document
        conn.execute(documents.insert().values(**_document_row(doc)))
        for seq, item in enumerate(extraction.claims):
            claim_id = conn.execute(claims.insert().values(**_claim_row(doc, seq, item.claim))).inserted_primary_key[0]
            self._add_sources(conn, claim_id, item.claim.sources)
            self._add_places(conn, claim_id, item.places)
        _apply_corrections(conn, doc.doc_id)

    def remove(self, doc_id: str) -> bool:
        """Forget a document and its claims (its corrections are kept for when it comes back)."""
        with self.engine.begin() as conn:
            return conn.execute(documents.delete().where(documents.c.id == doc_id)).rowcount > 0

    def correct(self, claim_id: int, start: int, action: str, place: dict | None = None, layer: str | None = None):
        """Record an analyst's correction of one place mention and apply it now.
        ``place`` (for "move") is the new place's row: key, name, feature, country, lat, lon, geometry."""
        if action not in CORRECTIONS:
            raise ValueError(f"unknown correction {action!r}; one of {CORRECTIONS}")
        with self.engine.begin() as conn:
            doc_id = conn.execute(sa.select(claims.c.document_id).where(claims.c.id == claim_id)).scalar()
            if doc_id is None:
                raise ValueError(f"no claim {claim_id}")
            if place is not None:
                values = {k: place[k] for k in ("name", "feature", "country", "lat", "lon", "geonameid") if k in place}
                values["geometry"] = json.dumps(place["geometry"], separators=(",", ":"))
                _get_or_create(conn, places, {"key": place["key"]}, values)
            conn.execute(corrections.delete().where(corrections.c.document_id == doc_id, corrections.c.start == start))
            conn.execute(
                corrections.insert().values(
                    document_id=doc_id,
                    start=start,
                    action=action,
                    place_key=place["key"] if place else None,
                    layer=layer,
                    corrected_at=datetime.now(UTC),
                )
            )
            _apply_corrections(conn, doc_id)

    def alternatives(self, claim_id: int, start: int) -> list[list]:
        """The runners-up the geoparser kept for one mention: [key, name, score]."""
        query = sa.select(claim_places.c.alternatives).where(
            claim_places.c.claim_id == claim_id, claim_places.c.start == start
        )
        with self.engine.connect() as conn:
            found = conn.execute(query).scalar()
        return json.loads(found) if found else []

    def _add_sources(self, conn, claim_id: int, chain) -> None:
        for position, source in enumerate(chain):
            source_id = _get_or_create(conn, sources, {"name": source.name}, {"kind": source.kind})
            conn.execute(
                claim_sources.insert().values(
                    claim_id=claim_id, position=position, source_id=source_id, role=source.role, mention=source.mention
                )
            )

    def _add_places(self, conn, claim_id: int, placed) -> None:
        for item in placed:
            p = item.place
            place_id = _get_or_create(
                conn,
                places,
                {"key": p.key},
                {
                    "name": p.name,
                    "feature": p.feature,
                    "country": p.country,
                    "lat": p.lat,
                    "lon": p.lon,
                    "geonameid": p.geonameid,
                    "geometry": json.dumps(p.geometry, separators=(",", ":")),
                    "pending_lookup": p.pending_lookup or None,
                },
            )
            if not p.pending_lookup:  # an answer at last for a place that was waiting for one
                conn.execute(
                    places.update()
                    .where(places.c.id == place_id, places.c.pending_lookup.is_(True))
                    .values(
                        lat=p.lat,
                        lon=p.lon,
                        pending_lookup=None,
                        geometry=json.dumps(p.geometry, separators=(",", ":")),
                    )  # fmt: skip
                )
                self._geometries.pop(place_id, None)
            conn.execute(
                claim_places.insert().values(
                    claim_id=claim_id,
                    start=p.start,
                    end=p.end,
                    place_id=place_id,
                    layer=item.layer,
                    mention=p.mention,
                    score=p.score,
                    alternatives=json.dumps([list(a) for a in p.alternatives]),
                )
            )

    # --- reading ---------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            return {
                table.name: conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
                for table in (documents, claims, places, sources)
            }

    def source_names(self) -> list[tuple[str, int]]:
        """Every source with the number of claims that cite it, most cited first."""
        query = (
            sa.select(sources.c.name, sa.func.count(sa.distinct(claim_sources.c.claim_id)).label("n"))
            .join(claim_sources, claim_sources.c.source_id == sources.c.id)
            .group_by(sources.c.name)
            .order_by(sa.desc("n"), sources.c.name)
        )
        with self.engine.connect() as conn:
            return [(row.name, row.n) for row in conn.execute(query)]

    def pending_lookups(self) -> list[dict]:
        """Places the online geocoder could not answer for yet (their gazetteer point stands)."""
        query = sa.select(places.c.key, places.c.name, places.c.country).where(places.c.pending_lookup.is_(True))
        with self.engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(query.order_by(places.c.name))]

    def outlet_names(self) -> list[tuple[str, int]]:
        """Every outlet with its number of documents, most first."""
        n = sa.func.count().label("n")
        query = (
            sa.select(documents.c.outlet, n)
            .where(documents.c.outlet.is_not(None))
            .group_by(documents.c.outlet)
            .order_by(sa.desc("n"), documents.c.outlet)
        )
        with self.engine.connect() as conn:
            return [(row.outlet, row.n) for row in conn.execute(query)]

    def date_bounds(self) -> tuple[date | None, date | None]:
        query = sa.select(sa.func.min(claims.c.date_earliest), sa.func.max(claims.c.date_latest))
        with self.engine.connect() as conn:
            first, last = conn.execute(query).one()
        return _as_date(first), _as_date(last)

    def place_summaries(self, where: ClaimFilter) -> list[dict]:
        """One row per place and layer with the number of matching claims that name it."""
        n = sa.func.count(sa.distinct(claim_places.c.claim_id)).label("n_claims")
        query = (
            sa.select(
                places.c.id,
                places.c.key,
                places.c.name,
                places.c.feature,
                places.c.country,
                places.c.lat,
                places.c.lon,
                claim_places.c.layer,
                n,
            )  # fmt: skip
            .join(claim_places, claim_places.c.place_id == places.c.id)
            .join(claims, claims.c.id == claim_places.c.claim_id)
            .join(documents, documents.c.id == claims.c.document_id)
            .where(*_conditions(where))
            .group_by(places.c.id, claim_places.c.layer)
            .order_by(places.c.id, claim_places.c.layer)
        )
        with self.engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(query)]

    def geometries(self, place_ids: list[int]) -> dict[int, dict]:
        """GeoJSON geometries by place id. An area's geometry never changes once stored (a correction
        points the mention at another place; only a town's point moves, when a geocoder answers at
        last), so parsed ones are kept: parsing polygons cost more than the rest of a filter change."""
        missing = [i for i in place_ids if i not in self._geometries]
        for chunk in range(0, len(missing), 5000):
            query = sa.select(places.c.id, places.c.geometry).where(places.c.id.in_(missing[chunk : chunk + 5000]))
            with self.engine.connect() as conn:
                self._geometries.update((row.id, json.loads(row.geometry)) for row in conn.execute(query))
        return {i: self._geometries[i] for i in place_ids if i in self._geometries}

    def place(self, place_id: int) -> dict | None:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(places).where(places.c.id == place_id)).first()
        return dict(row._mapping) if row else None

    def claims_at(self, place_id: int, where: ClaimFilter, limit: int = 200) -> list[dict]:
        """The matching claims that name a place, newest first, with their document and mention."""
        query = _claims_query(where).where(claim_places.c.place_id == place_id).limit(limit)
        with self.engine.connect() as conn:
            return [_claim_dict(row) for row in conn.execute(query)]

    def claims_in_view(self, where: ClaimFilter, limit: int = 50) -> list[dict]:
        """The newest matching claims that name any place, each once (with its first place)."""
        first_mention = (
            sa.select(claim_places.c.claim_id, sa.func.min(claim_places.c.start).label("start"))
            .group_by(claim_places.c.claim_id)
            .subquery()
        )
        query = (
            _claims_query(where)
            .join(
                first_mention,
                sa.and_(first_mention.c.claim_id == claims.c.id, first_mention.c.start == claim_places.c.start),
            )
            .add_columns(places.c.name.label("place_name"))
            .join(places, places.c.id == claim_places.c.place_id)
            .limit(limit)
        )
        with self.engine.connect() as conn:
            return [_claim_dict(row) for row in conn.execute(query)]

    def timeline(self, where: ClaimFilter) -> list[tuple[date, int]]:
        """Matching claims per day of their earliest date (claims with no date left out)."""
        day = _date_columns(where)[0]
        query = (
            sa.select(day.label("day"), sa.func.count(sa.distinct(claims.c.id)).label("n"))
            .select_from(claims)
            .join(documents, documents.c.id == claims.c.document_id)
            .where(day.is_not(None), *_conditions(where, with_places=False))
            .group_by(day)
            .order_by(day)
        )
        if where.layers:
            query = query.join(claim_places, claim_places.c.claim_id == claims.c.id).where(
                claim_places.c.layer.in_(where.layers)
            )
        with self.engine.connect() as conn:
            return [(_as_date(row.day), row.n) for row in conn.execute(query)]

    def all_places_with_claims(self, where: ClaimFilter | None = None, limit: int | None = None) -> list[dict]:
        """Every stored place with the (matching) claims that name it, for export."""
        query = (
            sa.select(
                places,
                claims.c.id.label("claim_id"),
                claims.c.text.label("claim_text"),
                claims.c.certainty,
                claims.c.sources,
                claims.c.date_earliest,
                claims.c.date_latest,
                claims.c.date_precision,
                claim_places.c.layer,
                claim_places.c.mention,
                claim_places.c.start.label("mention_start"),
                claim_places.c.end.label("mention_end"),
                claims.c.document_id,
                documents.c.title,
                documents.c.outlet,
                documents.c.url,
            )  # fmt: skip
            .join(claim_places, claim_places.c.place_id == places.c.id)
            .join(claims, claims.c.id == claim_places.c.claim_id)
            .join(documents, documents.c.id == claims.c.document_id)
            .where(*_conditions(where or ClaimFilter()))
            .order_by(places.c.id, claims.c.id, claim_places.c.start)
            .limit(limit)
        )
        with self.engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(query)]


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
        sa.select(
            claims,
            claim_places.c.start.label("mention_start"),
            claim_places.c.end.label("mention_end"),
            claim_places.c.layer,
            claim_places.c.mention,
            claim_places.c.corrected,
            claim_places.c.alternatives.label("place_alternatives"),
            documents.c.title,
            documents.c.outlet,
            documents.c.url,
            documents.c.path,
            documents.c.published_earliest,
            documents.c.published_latest,
            documents.c.published_precision,
        )  # fmt: skip
        .join(claim_places, claim_places.c.claim_id == claims.c.id)
        .join(documents, documents.c.id == claims.c.document_id)
        .where(*_conditions(where))
        # Ties in mention order: PostgreSQL, unlike SQLite, does not hand them back in key order.
        .order_by(claims.c.date_latest.desc().nulls_last(), claims.c.id, claim_places.c.start)
    )


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
    if where.date_from:
        conditions.append(latest >= where.date_from)
    if where.date_to:
        conditions.append(earliest <= where.date_to)
    if where.layers and with_places:
        conditions.append(claim_places.c.layer.in_(where.layers))
    if where.certainties:
        conditions.append(claims.c.certainty.in_(where.certainties))
    if where.outlets:
        in_outlets = sa.select(documents.c.id).where(documents.c.outlet.in_(where.outlets))
        conditions.append(claims.c.document_id.in_(in_outlets))
    for word in where.text.split():
        conditions.append(claims.c.text.ilike(f"%{_escape_like(word)}%", escape="\\"))
    return conditions


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
    event = _span([d.resolved for d in claim.dates if d.resolved])
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


def _span(ranges: list[DateRange]) -> DateRange | None:
    """The smallest range holding them all, as precise as the least precise of them."""
    if not ranges:
        return None
    precision = max((r.precision for r in ranges), key=PRECISIONS.index)
    return DateRange(min(r.earliest for r in ranges), max(r.latest for r in ranges), precision)


def _claim_dict(row) -> dict:
    item = dict(row._mapping)
    for key in ("certainty_cues", "dates", "numbers", "sources", "place_alternatives"):
        item[key] = json.loads(item[key])
    return item


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


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")  # readers (the dashboard) never block the ingest
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
