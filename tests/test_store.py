from datetime import date

import pytest
import sqlalchemy as sa

from geo.documents import make_document, read_document
from geo.ingest import ingest_files
from geo.schema import claims
from geo.store import ClaimFilter, Store, _conditions


def place_id(store, name):
    return next(r["id"] for r in store.place_summaries(ClaimFilter()) if r["name"] == name)


def test_the_same_document_is_stored_once(pipeline, store, seed_path):
    first = ingest_files([seed_path], pipeline, store)
    again = ingest_files([seed_path], pipeline, store)
    assert (first.added, again.added, again.skipped) == (1, 0, 1)
    assert store.counts()["documents"] == 1
    assert store.counts()["claims"] == 18


def test_claims_at_a_place_trace_back_to_the_sentence(pipeline, store, seed_text, seed_path):
    ingest_files([seed_path], pipeline, store)
    [claim] = store.claims_at(place_id(store, "Khabarovsk"), ClaimFilter())
    assert seed_text[claim["start"] : claim["end"]] == claim["text"]
    assert seed_text[claim["mention_start"] : claim["mention_end"]] == "Khabarovsk"
    assert [s["name"] for s in claim["sources"]] == ["South Korean National Intelligence Agency (NIS)"]
    assert claim["layer"] == "training"
    assert claim["published_precision"] == "month"


def test_filters_narrow_places_and_claims(pipeline, store, seed_path):
    ingest_files([seed_path], pipeline, store)
    by_isw = store.place_summaries(ClaimFilter(sources=("Institute for the Study of War",)))
    assert {r["name"] for r in by_isw} == {"North Korea", "Eastern Russia"}
    # Only Budanov's claim ("Ukraine's spy chief…") speaks of November 2024.
    november = store.place_summaries(ClaimFilter(date_from=date(2024, 11, 1)))
    assert [r["name"] for r in november] == ["Ukraine"]
    ukraine = place_id(store, "Ukraine")
    assert len(store.claims_at(ukraine, ClaimFilter())) > len(
        store.claims_at(ukraine, ClaimFilter(certainties=("known",)))
    )


def test_a_bad_file_is_reported_and_the_rest_are_stored(pipeline, store, tmp_path):
    broken = tmp_path / "broken.txt"
    broken.write_bytes(b"\xff\xfe\x00binary")
    good = tmp_path / "good.txt"
    good.write_text("Drones struck Kharkiv overnight, the governor said.", encoding="utf-8")
    report = ingest_files([broken, good], pipeline, store)
    assert report.added == 1 and [p for p, _ in report.failed] == [broken]
    assert "broken.txt" in str(report.failed[0][1])


def test_sidecar_metadata_is_read(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("---\ntitle: Front matter title\noutlet: Wire\n---\nTroops moved near Kursk.", encoding="utf-8")
    article.with_suffix(".json").write_text('{"published": "2024-08-07", "url": "https://example.org/a"}')
    document = read_document(article)
    assert (document.title, document.outlet, document.url) == ("Front matter title", "Wire", "https://example.org/a")
    assert document.published.label() == "2024-08-07"
    assert document.text == "Troops moved near Kursk."


def test_unknown_publication_date_stays_unknown(pipeline, store, seed_path):
    store.add(pipeline.extract(make_document("Fighting was reported around Kupiansk last week.", {})))
    [row] = store.place_summaries(ClaimFilter())
    [claim] = store.claims_at(row["id"], ClaimFilter())
    assert claim["date_earliest"] is None and claim["date_basis"] is None


def test_outlet_text_and_publication_date_filters(pipeline, store, tmp_path):
    texts = {
        "a.txt": ("Reuters", "2024-03-10", "Officials said troops massed in Kharkiv on Monday."),
        "b.txt": ("TASS", "2024-05-02", "The ministry claimed that drones struck Belgorod last week."),
    }
    for name, (outlet, published, text) in texts.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        store.add(pipeline.extract(read_document(path, {"outlet": outlet, "published": published})))
    assert store.outlet_names() == [("Reuters", 1), ("TASS", 1)]
    names = lambda where: {r["name"] for r in store.place_summaries(where)}  # noqa: E731
    assert names(ClaimFilter(outlets=("TASS",))) == {"Belgorod"}
    assert names(ClaimFilter(text="TROOPS massed")) == {"Kharkiv"}
    assert names(ClaimFilter(text="100%_")) == set()  # LIKE wildcards are text
    assert names(ClaimFilter(text='massed" OR "Belgorod')) == set()  # and so is the full-text query syntax
    assert names(ClaimFilter(text="ARK")) == {"Kharkiv"}  # a part of a word is found, whatever its case
    april_on = ClaimFilter(date_from=date(2024, 4, 1), date_basis="published")
    assert names(april_on) == {"Belgorod"}
    assert [c["place_name"] for c in store.claims_in_view(ClaimFilter())] == ["Belgorod", "Kharkiv"]
    assert store.timeline(ClaimFilter(date_basis="published")) == [(date(2024, 3, 10), 1), (date(2024, 5, 2), 1)]


@pytest.mark.parametrize(
    ("most_words", "common_share", "loaded_before_last"),
    [(500, 2.0, False), (500, 0.02, False), (500, 0.02, True), (0, 0.02, False)],
)  # through the claims' words read from the store, kept in memory (every word common in three claims),
#  kept in memory for the claims of a first load and read for those of a later one; the trigram index
def test_a_text_filter_finds_the_claims_holding_every_word_in_any_case(
    pipeline, store, tmp_path, monkeypatch, most_words, common_share, loaded_before_last
):
    """What a scan of every sentence finds: each word of the filter anywhere in it, part of a word or
    not, whatever the case, punctuation and wildcards as text."""
    import sqlalchemy as sa

    from geo import word_index
    from geo.schema import claims

    monkeypatch.setattr(word_index, "MOST_WORDS", most_words)
    monkeypatch.setattr(word_index, "COMMON_SHARE", common_share)
    texts = ["Officials said troops massed in Kharkiv on Monday, 100% ready.",
             "The ministry claimed that drones struck Belgorod's depot last week.",
             "Residents of Sumy said the troops' convoy left; officials did not comment."]  # fmt: skip
    for i, text in enumerate(texts):
        if loaded_before_last and i == len(texts) - 1:
            assert store.index.fresh().common.rows == 2  # the words of the first two claims kept in memory
        store.add(pipeline.extract(make_document(text, {"outlet": "Wire"}, f"{i}.txt")))
    with store.engine.connect() as conn:
        sentences = dict(conn.execute(sa.select(claims.c.id, claims.c.text)).all())
    for query in ("troops", "TROOPS massed", "troops'", "ark", "100%", "_", "belgorod's", "on", "of sumy",
                  "officials COMMENT", "drones troops", "absent"):  # fmt: skip
        words = query.casefold().split()
        scanned = {i for i, text in sentences.items() if all(w in text.casefold() for w in words)}
        snapshot = store.index.fresh()
        with store.engine.connect() as conn:
            found = store._text_matches(conn, snapshot, query)
        assert set(snapshot.rows.claim_id[found & snapshot.alive].tolist()) == scanned, query


def test_a_letter_or_two_part_of_too_many_words_is_left_out_of_a_search_and_said_to_be(pipeline, store):
    """A scan of every sentence costs a second at a million claims: a word shorter than a trigram that
    is part of more than ``MOST_WORDS`` of the store's words is not searched for, and the store says
    which; a longer one is still found through the trigram index; the other words are searched."""
    from geo.word_index import MOST_WORDS, word_ids

    with store.engine.begin() as conn:  # the store's words: many holding "q" and "zzq"
        word_ids(conn, {f"zzq{i}q" for i in range(MOST_WORDS + 1)})
    texts = ["Officials said troops massed near the zzq depot on Monday.", "Drones struck a depot last week."]
    for i, text in enumerate(texts):
        store.add(pipeline.extract(make_document(text, {"outlet": "Wire"}, f"{i}.txt")))
    snapshot = store.index.fresh()

    def found(query):
        with store.engine.connect() as conn:
            mask = store._text_matches(conn, snapshot, query)
        return None if mask is None else len(snapshot.rows.claim_id[mask & snapshot.alive])

    assert store.unsearched_words("q") == ("q",) and found("q") is None  # no text condition at all
    assert store.unsearched_words("Q troops") == ("q",) and found("Q troops") == found("troops") == 1
    assert store.unsearched_words("zzq") == () and found("zzq") == 1  # three letters: the trigram index
    assert store.unsearched_words("de") == () and found("de") == 2  # part of few words: searched
    # The exports hold what the panel counts: the word left out there is left out here ("q" is in no
    # sentence about drones, so a search for it as well would find none).
    assert found("Q drones") == found("drones") == 1
    exported = {row["claim_id"] for row in store.all_places_with_claims(ClaimFilter(text="Q drones"))}
    exported |= {row["claim_id"] for row in store.placeless_claims(ClaimFilter(text="Q drones"))}
    assert len(exported) == 1 and len(list(store.claim_lines(ClaimFilter(text="q drones")))) == 1


def test_corrections_apply_now_and_survive_a_reingest(pipeline, store, seed_path):
    from geo.resolve import place_for_key

    ingest_files([seed_path], pipeline, store)
    khabarovsk = place_id(store, "Khabarovsk")
    [claim] = store.claims_at(khabarovsk, ClaimFilter())
    start = claim["mention_start"]
    store.correct(claim["id"], start, "layer", layer="front_line")
    [moved] = store.claims_at(khabarovsk, ClaimFilter())
    assert (moved["layer"], moved["corrected"]) == ("front_line", "layer")

    moscow = next(e for e in pipeline.gazetteer.lookup("moscow") if e.country == "RU" and e.feature == "city")
    store.correct(claim["id"], start, "move", place=place_for_key(moscow.key, pipeline.gazetteer, pipeline.boundaries))
    assert store.claims_at(khabarovsk, ClaimFilter()) == []

    claims_before = store.counts()["claims"]
    report = ingest_files([seed_path], pipeline, store, again=True)  # extracted again, as after new rules
    assert report.added == 1 and store.counts()["claims"] == claims_before
    assert "Khabarovsk" not in {r["name"] for r in store.place_summaries(ClaimFilter())}
    at_moscow = store.claims_at(place_id(store, "Moscow"), ClaimFilter())
    assert any(c["mention"] == "Khabarovsk" and c["corrected"] == "move" for c in at_moscow)

    ussuriysk = place_id(store, "Ussuriysk")
    [claim] = store.claims_at(ussuriysk, ClaimFilter())
    store.correct(claim["id"], claim["mention_start"], "drop")
    assert store.claims_at(ussuriysk, ClaimFilter()) == []


def test_a_changed_version_replaces_its_claims_and_leaves_none_stale(pipeline, store, tmp_path):
    article = tmp_path / "article.txt"
    article.write_text("Officials said troops massed in Kharkiv on Monday.", encoding="utf-8")
    ingest_files([article], pipeline, store)
    changed = "Officials said troops massed in Sumy on Monday. Russian shelling hit the port in Odesa."
    article.write_text(changed, encoding="utf-8")
    ingest_files([article], pipeline, store)
    assert store.counts()["documents"] == 1
    assert {r["name"] for r in store.place_summaries(ClaimFilter())} == {"Sumy", "Odesa"}
    again = ingest_files([article], pipeline, store)
    assert (again.added, again.skipped, store.counts()["claims"]) == (0, 1, 2)


def test_removing_a_document_leaves_no_claim_rows_behind(pipeline, store, seed_path):
    from geo.store import claim_places, claim_sources, claims

    ingest_files([seed_path], pipeline, store)
    with store.engine.connect() as conn:
        [doc_id] = conn.execute(sa.select(claims.c.document_id).distinct()).scalars()
    assert store.remove(doc_id)
    with store.engine.connect() as conn:
        left = [
            conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
            for t in (claims, claim_sources, claim_places)
        ]
    assert left == [0, 0, 0]


def test_a_store_made_before_a_column_existed_gets_it(store):
    with store.engine.begin() as conn:
        conn.execute(sa.text("ALTER TABLE places DROP COLUMN pending_lookup"))
    reopened = Store(store.engine.url.render_as_string(hide_password=False))
    assert "pending_lookup" in {c["name"] for c in sa.inspect(reopened.engine).get_columns("places")}
    reopened.engine.dispose()


def test_dates_come_back_as_dates(pipeline, store, seed_path):
    ingest_files([seed_path], pipeline, store)
    first, last = store.date_bounds()
    assert type(first) is date and type(last) is date and first <= last
    [(day, _), *_] = store.timeline(ClaimFilter())
    claim = store.claims_in_view(ClaimFilter())[0]
    assert {type(v) for v in (day, claim["date_latest"], claim["published_earliest"])} == {date}


def test_a_date_range_can_keep_the_claims_of_no_known_date(pipeline, store):
    store.add(
        pipeline.extract(
            make_document("Officials said troops massed in Kharkiv on Monday.", {"published": "2024-03-15"})
        )
    )
    store.add(pipeline.extract(make_document("Residents said fighting went on in Kupiansk.", {})))
    names = lambda where: {r["name"] for r in store.place_summaries(where)}  # noqa: E731
    march = {"date_from": date(2024, 3, 1), "date_to": date(2024, 3, 31)}
    assert names(ClaimFilter(**march)) == {"Kharkiv"}
    assert names(ClaimFilter(**march, undated=True)) == {"Kharkiv", "Kupyansk"}  # as the gazetteer spells it
    with store.engine.connect() as conn:  # the SQL path answers as the index does
        rows = conn.execute(sa.select(claims.c.id).where(*_conditions(ClaimFilter(**march, undated=True), False)))
        assert len(rows.all()) == 2


def test_a_claims_date_is_that_of_what_it_states_not_of_its_background(pipeline, store):
    text = "The army, which has fought the rebels since 2014, said on Friday that it had retaken Kupiansk."
    store.add(pipeline.extract(make_document(text, {"published": "2025-03-14"})))
    [row] = store.place_summaries(ClaimFilter())
    [claim] = store.claims_at(row["id"], ClaimFilter())
    assert (claim["date_earliest"], claim["date_latest"], claim["date_basis"]) == (
        date(2025, 3, 14), date(2025, 3, 14), "event",
    )  # fmt: skip
