"""Undo of "not a place": the mention comes back as it was, and the corrections say so."""

import pytest
import sqlalchemy as sa

from geo.ingest import ingest_files
from geo.schema import corrections
from geo.store import ClaimFilter


def a_mention(store) -> tuple[int, int, int]:
    """The newest claim that names a place: its id, the mention's offset and the place's id."""
    claim = next(c for c in store.claims_in_view(ClaimFilter()) if c.get("mention_start") is not None)
    place = next(p["id"] for p in store.place_summaries(ClaimFilter()) if p["name"] == claim["place_name"])
    return claim["id"], claim["mention_start"], place


def mentions_at(store, place_id: int) -> set[tuple[int, int]]:
    return {(c["id"], c["mention_start"]) for c in store.claims_at(place_id, ClaimFilter())}


def correction_of(store, start: int):
    with store.engine.connect() as conn:
        return conn.execute(sa.select(corrections).where(corrections.c.start == start)).first()


def test_undo_restores_a_dropped_mention_and_records_it(pipeline, store, seed_path):
    ingest_files([seed_path], pipeline, store)
    claim_id, start, place = a_mention(store)
    before, version = mentions_at(store, place), store.version()
    store.correct(claim_id, start, "drop")
    assert (claim_id, start) not in mentions_at(store, place)
    assert correction_of(store, start).action == "drop"

    assert store.undo_drop(claim_id, start) == place
    assert mentions_at(store, place) == before and store.version() > version  # the index caught up
    fix = correction_of(store, start)
    assert fix.action == "restore" and fix.corrected_at is not None
    with pytest.raises(ValueError, match="not dropped"):
        store.undo_drop(claim_id, start)  # twice: nothing left to undo


def test_an_undone_drop_keeps_the_layer_chosen_before_and_survives_a_reingest(pipeline, store, seed_path):
    ingest_files([seed_path], pipeline, store)
    claim_id, start, place = a_mention(store)
    store.correct(claim_id, start, "layer", layer="front_line")
    store.correct(claim_id, start, "drop")
    ingest_files([seed_path], pipeline, store, again=True)  # new claim ids; the drop applies again
    claim_id = next(
        c["id"] for c in store.claims_in_view(ClaimFilter(), placeless=True) if c["start"] <= start < c["end"]
    )
    assert store.undo_drop(claim_id, start) == place
    [restored] = [c for c in store.claims_at(place, ClaimFilter()) if c["mention_start"] == start]
    assert (restored["layer"], restored["corrected"]) == ("front_line", "layer")
    assert correction_of(store, start).action == "layer"  # the analyst's layer is kept for the next re-ingest
    ingest_files([seed_path], pipeline, store, again=True)
    assert any(c["mention_start"] == start for c in store.claims_at(place, ClaimFilter()))


def test_only_a_dropped_mention_can_be_undone(pipeline, store, seed_path):
    ingest_files([seed_path], pipeline, store)
    claim_id, start, _ = a_mention(store)
    with pytest.raises(ValueError, match="not dropped"):
        store.undo_drop(claim_id, start)
    store.correct(claim_id, start, "layer", layer="front_line")
    with pytest.raises(ValueError, match="not dropped"):
        store.undo_drop(claim_id, start)
