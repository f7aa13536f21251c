"""The store's tables, one schema for SQLite and PostgreSQL."""

import sqlalchemy as sa

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
    # An id is never given twice, also after its claim is removed: a process keeps what it read of a
    # stored claim by its id (geo.store). PostgreSQL's sequence does so anyway; geo.migrations.
    sqlite_autoincrement=True,
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
    sa.Column("address", sa.Text),  # "Washington, District of Columbia, United States" (geo.addresses)
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
    sa.Column("said", sa.Boolean),  # true: where the claim was made (a dateline, "told reporters in X")
    sa.Index("ix_claim_places_place", "place_id", "layer", "claim_id"),
)

# What analysts corrected, by document and mention offset, so it is applied again whenever the
# document is stored again (re-ingested after new rules, say).
corrections = sa.Table(
    "corrections",
    metadata,
    sa.Column("document_id", sa.String(32), primary_key=True),
    sa.Column("start", sa.Integer, primary_key=True),
    sa.Column("action", sa.String(8), nullable=False),  # "move", "layer", "drop" or "restore"
    sa.Column("place_key", sa.Text),  # for "move"
    sa.Column("layer", sa.String(32)),  # for "layer"
    sa.Column("corrected_at", sa.DateTime(timezone=True), nullable=False),
    # For "drop": the mention as it was (JSON), so an analyst's undo restores it; for "restore" (a drop
    # undone), the drop that was undone. The row is the audit: what was done to the mention, and when.
    sa.Column("dropped", sa.Text),
)

# Every write names the documents it touched, under a version that only grows, so each server
# process's in-memory index (geo.claim_index) catches up with what other processes wrote.
# Every word of the claims' sentences (split at white space, case folded), and the claims holding
# each: a text filter's word is looked for in the words (a part of one counts), then their claims are
# read from the primary key alone (geo.word_index), with no check of each claim's text against it.
search_words = sa.Table(
    "search_words",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("word", sa.Text, nullable=False, unique=True),
)

claim_words = sa.Table(
    "claim_words",
    metadata,
    sa.Column("word_id", sa.ForeignKey("search_words.id"), primary_key=True, autoincrement=False),
    sa.Column("claim_id", sa.ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True, index=True),
    sqlite_with_rowid=False,
)

store_state = sa.Table(
    "store_state",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),  # one row
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("schema_version", sa.Integer),  # the steps of geo.migrations this store went through
)

store_changes = sa.Table(
    "store_changes",
    metadata,
    sa.Column("version", sa.Integer, primary_key=True),
    sa.Column("document_id", sa.String(32), primary_key=True),
)

# Story claims (geo.stories): each claim belongs to one story, the fact it states, with the origin it
# counts under there; story ids come from ``stories`` and are never given twice.
stories = sa.Table(
    "stories",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("document_id", sa.String(32)),  # the document that first stated it (for reference only)
    sqlite_autoincrement=True,
)

claim_stories = sa.Table(
    "claim_stories",
    metadata,
    sa.Column("claim_id", sa.ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("story_id", sa.Integer, nullable=False, index=True),
    sa.Column("origin", sa.Text, nullable=False),  # "" for a generic source
    sa.Column("signature", sa.Text, nullable=False),  # geo.stories.Signature, as JSON
)

# Where a new claim looks for the claims it could match: (place or rare name, fortnight) keys, each
# with the days the claim speaks of (geo.stories.Signature.days), so a probe reads only the rows of
# its own days and needs no other table to skip the rest. Rows sit in key order (SQLite: no rowid),
# so one key's rows are read together. No foreign key: a key of a removed claim finds nothing in the
# join with claim_stories, and writes stay one index each. (It replaces ``story_keys``, keys alone.)
story_index = sa.Table(
    "story_index",
    metadata,
    sa.Column("key", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("claim_id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("first_day", sa.Integer, nullable=False),
    sa.Column("last_day", sa.Integer, nullable=False),
    sqlite_with_rowid=False,
)

claim_contests = sa.Table(
    "claim_contests",
    metadata,
    sa.Column("claim_id", sa.ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("other_id", sa.ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True, index=True),
)
