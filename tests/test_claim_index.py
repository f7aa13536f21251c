"""The in-memory index answers exactly what SQL over the same store answers, and follows writes
made by other processes."""

import contextlib
import threading
import time
from collections import Counter
from dataclasses import replace
from datetime import date

import numpy as np
import pytest
import sqlalchemy as sa

from geo import claim_index
from geo.claim_index import Remembered, Tally
from geo.documents import make_document
from geo.schema import claim_sources, claims, documents, sources
from geo.store import ClaimFilter, Store, _conditions, _date_columns

ARTICLES = [
    (
        "Russian troops massed near Kharkiv last week, Ukraine's defence ministry said. "
        "Analysts believe the build-up near Belgorod is a feint.",
        "Wire A",
        "2024-03-04",
    ),
    (
        "North Korean soldiers are training at a range near Ussuriysk, according to South Korea's NIS. "
        "The ISW suggested that some had moved to the Kursk region.",
        "Daily B",
        "2024-03-20",
    ),
    (
        "Drones struck Odesa and Mykolaiv on Tuesday, the governor said. Officials claimed 40 drones were "
        "shot down over the Black Sea.",
        "Wire A",
        "2024-04-02",
    ),
    (
        "Troops from Buryatia and Yakutia were seen in Donetsk, a Ukrainian commander said. "
        "Russia's defence ministry denied that any troops had left Vladivostok.",
        "Radio C",
        "2024-04-15",
    ),
    (
        "The 100% increase in shelling of Kherson was reported by the regional governor. "
        "Residents said Zaporizhzhia was calm.",
        None,
        None,
    ),
]


@pytest.fixture
def filled(pipeline, store):
    for text, outlet, published in ARTICLES:
        metadata = {k: v for k, v in (("outlet", outlet), ("published", published)) if v}
        store.add(pipeline.extract(make_document(text, metadata)))
    return store


def filters(store) -> list[ClaimFilter]:
    sources = [name for name, _ in store.source_names()]
    return [
        ClaimFilter(),
        ClaimFilter(sources=(sources[0],)),
        ClaimFilter(sources=tuple(sources[1:3])),
        ClaimFilter(date_from=date(2024, 3, 15)),
        ClaimFilter(date_to=date(2024, 3, 31)),
        ClaimFilter(date_from=date(2024, 3, 1), date_to=date(2024, 4, 5), date_basis="published"),
        ClaimFilter(layers=("training",)),
        ClaimFilter(layers=("front_line", "origin")),
        ClaimFilter(certainties=("believed", "suggested")),
        ClaimFilter(outlets=("Wire A",)),
        ClaimFilter(text="troops"),
        ClaimFilter(text="TROOPS near"),
        ClaimFilter(text="100%"),
        ClaimFilter(text="ussur"),
        ClaimFilter(outlets=("Wire A",), certainties=("claimed", "known"), layers=("other",)),
    ]


def reference_counts(store, where) -> Counter:
    """Claims per (place, layer), straight from SQL."""
    seen = {(r["id"], r["layer"], r["claim_id"]) for r in store.all_places_with_claims(where)}
    return Counter((place, layer) for place, layer, _ in seen)


def reference_timeline(store, where) -> list:
    day = _date_columns(where)[0]
    query = (
        sa.select(day, sa.func.count(sa.distinct(claims.c.id)))
        .join(documents, documents.c.id == claims.c.document_id)
        .where(day.is_not(None), *_conditions(where, with_places=False))
        .group_by(day)
        .order_by(day)
    )
    if where.layers:
        from geo.schema import claim_places

        query = query.join(claim_places, claim_places.c.claim_id == claims.c.id).where(
            claim_places.c.layer.in_(where.layers)
        )
    with store.engine.connect() as conn:
        return [(d if isinstance(d, date) else date.fromisoformat(d), n) for d, n in conn.execute(query)]


# Counted through every group, and through the rows of the claims kept (or left out): 1 has every view sparse.
COUNTING = pytest.mark.parametrize("sparse_share", [10**9, 1])


@COUNTING
def test_every_filter_counts_what_sql_counts(filled, monkeypatch, sparse_share):
    monkeypatch.setattr(claim_index, "SPARSE_SHARE", sparse_share)
    assert len(filters(filled)) == 15
    for where in filters(filled):
        counts = Counter({(r["id"], r["layer"]): r["n_claims"] for r in filled.place_summaries(where)})
        assert counts == reference_counts(filled, where), where
        assert filled.timeline(where) == reference_timeline(filled, where), where
        newest = [c["id"] for c in filled.claims_in_view(where, limit=3)]
        rows = sorted({(r["date_latest"] or date.min, r["claim_id"]) for r in filled.all_places_with_claims(where)},
                      key=lambda r: (-r[0].toordinal(), r[1]))  # fmt: skip
        assert newest == [claim for _, claim in rows[:3]], where


def reference_facets(store, where) -> tuple[list, list]:
    """Sources with the matching claims citing them, outlets with their documents holding one: in SQL."""
    matching = sa.select(claims.c.id).join(documents, documents.c.id == claims.c.document_id)
    matching = matching.where(*_conditions(replace(where, sources=()), with_places=False))
    cited = (
        sa.select(sources.c.name, sa.func.count(sa.distinct(claim_sources.c.claim_id)))
        .join(claim_sources, claim_sources.c.source_id == sources.c.id)
        .where(claim_sources.c.claim_id.in_(matching))
        .group_by(sources.c.name)
    )
    matching = sa.select(claims.c.document_id).join(documents, documents.c.id == claims.c.document_id)
    matching = matching.where(*_conditions(replace(where, outlets=()), with_places=False))
    published = (
        sa.select(documents.c.outlet, sa.func.count(documents.c.id))
        .where(documents.c.id.in_(matching), documents.c.outlet.is_not(None))
        .group_by(documents.c.outlet)
    )
    with store.engine.connect() as conn:
        return tuple(sorted(conn.execute(q).all(), key=lambda item: (-item[1], item[0])) for q in (cited, published))


@COUNTING
def test_sources_and_outlets_are_counted_as_sql_counts_them(filled, monkeypatch, sparse_share):
    monkeypatch.setattr(claim_index, "SPARSE_SHARE", sparse_share)
    compared = []
    for where in filters(filled):
        if where.layers or where.min_sources or where.contested:
            continue  # conditions SQL here leaves to the index
        cited, published = filled.facets(where)
        assert (cited, published) == tuple([tuple(row) for row in rows] for rows in reference_facets(filled, where))
        compared.append(len(cited) + len(published))
    assert len(compared) >= 8 and len(set(compared)) > 2  # filters that narrow the lists, not all empty


def test_a_tally_counts_the_rows_a_mask_keeps_by_key():
    tally = Tally.of(np.array([0, 1, 2, 3, 4]), np.array([7, 3, 7, 9, 3]))
    keys, counts = tally.count(np.array([True, False, True, True, False]))
    assert keys.tolist() == [7, 9] and counts.tolist() == [2, 1]  # key 3: none of its rows kept


def test_a_tally_gives_the_claim_rows_of_some_keys():
    """A source filter reads the rows of the sources chosen from their groups (a key absent gives none)."""
    tally = Tally.of(np.array([0, 1, 2, 3, 4, 4]), np.array([7, 3, 7, 9, 3, 12]))
    assert sorted(tally.rows_of(np.array([3, 7])).tolist()) == [0, 1, 2, 4]
    assert sorted(tally.rows_of(np.array([5, 12, 13])).tolist()) == [4]
    assert tally.rows_of(np.array([1, 100])).tolist() == []
    assert Tally.of(np.zeros(0, np.int64), np.zeros(0, np.int64)).rows_of(np.array([3])).tolist() == []


def test_a_tally_counts_a_few_claims_as_it_counts_many():
    """Claims with no row, one, or several (a claim's places), the rows in any order: counted through
    the claims a sparse mask keeps, the same as through every group."""
    rng = np.random.default_rng(3)
    claim_rows = rng.integers(0, 500, 2000) * (rng.random(2000) < 0.8)  # claim 0 has many rows, some none
    row_keys = rng.integers(0, 40, 2000) * 3
    tally = Tally.of(claim_rows, row_keys, 600)
    for share in (0.001, 0.01, 0.3, 0.99, 1):  # through the claims kept, every group, the claims left out
        claims = rng.random(600) < share
        keys, counts = tally.count(claims)
        expected = Counter(row_keys[claims[claim_rows]].tolist())
        assert dict(zip(keys.tolist(), counts.tolist(), strict=True)) == expected, share


@contextlib.contextmanager
def statements_in_one_version(store: Store):
    """The SQL statements run inside one store version, once the version itself has been read."""
    statements = []

    def record(*args):
        statements.append(args[2])

    sa.event.listen(store.engine, "before_cursor_execute", record)
    try:
        with store.one_version():
            store.version()
            statements.clear()
            yield statements
    finally:
        sa.event.remove(store.engine, "before_cursor_execute", record)


def test_a_panel_of_story_cards_is_a_query_by_key_once_per_version(filled):
    shown = [c["id"] for c in filled.claims_in_view(ClaimFilter(), 20)]
    with statements_in_one_version(filled) as statements:
        cards = filled.stories_of(shown)
        assert len(cards) == len(shown) and len(statements) <= 2  # the sources' names, contesting claims' text
        statements.clear()
        assert filled.stories_of(shown) == cards and statements == []


def test_some_filters_match_and_some_do_not(filled):
    """The comparison above is only worth something if the filters really narrow."""
    sizes = [sum(r["n_claims"] for r in filled.place_summaries(w)) for w in filters(filled)]
    assert sizes[0] > max(sizes[1:]) and min(sizes) < sizes[0] and sum(1 for s in sizes if s) >= 10


def test_another_process_sees_every_write(filled, pipeline):
    other = Store(filled.engine.url.render_as_string(hide_password=False))
    try:
        assert other.place_summaries(ClaimFilter()) == filled.place_summaries(ClaimFilter())
        extra = pipeline.extract(make_document("Shelling hit Sumy overnight, the governor said.", {}))
        filled.add(extra)
        assert "Sumy" in {r["name"] for r in other.place_summaries(ClaimFilter())}
        assert other.counts()["documents"] == 6

        sumy = next(r for r in other.place_summaries(ClaimFilter()) if r["name"] == "Sumy")
        [claim] = filled.claims_at(sumy["id"], ClaimFilter())
        filled.correct(claim["id"], claim["mention_start"], "layer", layer="training")
        assert ("Sumy", "training") in {(r["name"], r["layer"]) for r in other.place_summaries(ClaimFilter())}

        filled.remove(extra.document.doc_id)
        assert "Sumy" not in {r["name"] for r in other.place_summaries(ClaimFilter())}
        assert other.source_names() == filled.source_names()
        assert other.timeline(ClaimFilter()) == reference_timeline(filled, ClaimFilter())
    finally:
        other.engine.dispose()


def test_text_search_forgets_removed_claims(filled, pipeline):
    added = pipeline.extract(make_document("Partisans blew up a bridge near Melitopol, the mayor said.", {}))
    filled.add(added)
    assert filled.place_summaries(ClaimFilter(text="partisans"))
    filled.remove(added.document.doc_id)
    assert filled.place_summaries(ClaimFilter(text="partisans")) == []
    filled.add(pipeline.extract(make_document("Shelling hit Nikopol, the governor said.", {})))
    assert filled.place_summaries(ClaimFilter(text="partisans")) == []  # no stale text for a reused id
    assert [r["name"] for r in filled.place_summaries(ClaimFilter(text="nikopol"))] == ["Nikopol"]


def test_threads_asking_for_one_answer_compute_it_once():
    kept, calls, started = Remembered(4), [], threading.Event()

    def slow():
        calls.append(1)
        started.set()
        time.sleep(0.2)
        return "mask"

    first = threading.Thread(target=kept.get, args=("view", slow))
    first.start()
    started.wait()
    assert kept.get("view", slow) == "mask" and calls == [1]
    first.join()

    def broken():
        raise ValueError("no such column")

    with pytest.raises(ValueError):
        kept.get("other", broken)
    assert kept.get("other", lambda: "answer") == "answer"  # a failure is not remembered


def test_a_place_in_view_is_read_from_the_index_as_the_table_holds_it(filled):
    place = filled.place_summaries(ClaimFilter())[0]["id"]
    with statements_in_one_version(filled) as statements:
        brief = filled.place_in_view(place)
    assert statements == [] and brief == {k: v for k, v in filled.place(place).items() if k in brief}
    assert set(brief) >= {"id", "name", "feature", "country", "lat", "lon", "address"}
