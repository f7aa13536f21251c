"""PostgreSQL answers as SQLite does (skipped unless CLAIMSMAP_TEST_POSTGRES_URL is set).

The store tests already run on both; this compares the two stores read for read on the same documents.
"""

from datetime import date

from geo.documents import read_document
from geo.ingest import ingest_files
from geo.store import ClaimFilter

FILTERS = (
    ClaimFilter(),
    ClaimFilter(text="troops"),
    ClaimFilter(date_from=date(2024, 10, 1), date_to=date(2024, 10, 31)),
    ClaimFilter(date_from=date(2024, 4, 1), date_basis="published"),
    ClaimFilter(certainties=("reported", "claimed"), layers=("training", "front_line")),
    ClaimFilter(outlets=("TASS",)),
)


def fill(store, pipeline, seed_path, tmp_path) -> None:
    ingest_files([seed_path], pipeline, store)
    texts = {
        "a.txt": (
            "Reuters",
            "2024-03-10",
            "Officials said troops massed in Kharkiv on Monday, near Kharkiv's ring road.",
        ),
        "b.txt": ("TASS", "2024-05-02", "The ministry claimed that drones struck Belgorod and Kursk last week."),
        "c.txt": (None, None, "Fighting was reported around Kupiansk."),
    }
    for name, (outlet, published, text) in texts.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        meta = {k: v for k, v in {"outlet": outlet, "published": published}.items() if v}
        store.add(pipeline.extract(read_document(path, meta)))


def reads(store) -> dict:
    """Everything the dashboard and the exports ask the store, for a few filters."""
    places = store.place_summaries(ClaimFilter())
    answers = {
        "counts": store.counts(),
        "sources": store.source_names(),
        "outlets": store.outlet_names(),
        "bounds": store.date_bounds(),
        "pending": store.pending_lookups(),
        "geometries": store.geometries([r["id"] for r in places]),
        "export": store.all_places_with_claims(),
    }
    for n, where in enumerate(FILTERS):
        answers[f"places {n}"] = store.place_summaries(where)
        answers[f"in view {n}"] = store.claims_in_view(where)
        answers[f"timeline {n}"] = store.timeline(where)
        answers[f"at {n}"] = [store.claims_at(r["id"], where) for r in places]
    return answers


def test_postgresql_answers_every_read_as_sqlite_does(pipeline, sqlite_store, postgresql_store, seed_path, tmp_path):
    fill(sqlite_store, pipeline, seed_path, tmp_path)
    fill(postgresql_store, pipeline, seed_path, tmp_path)
    on_sqlite, on_postgresql = reads(sqlite_store), reads(postgresql_store)
    assert on_sqlite["counts"]["claims"] > 18 and on_sqlite["export"]
    for key, answer in on_sqlite.items():
        assert on_postgresql[key] == answer, key
