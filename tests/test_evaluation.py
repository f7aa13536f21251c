"""Scoring the geoparser and the claim extractor on labelled sets."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from shapely.geometry import box

from geo.cli import main
from geo.evaluation import GoldToponym, Prediction, error_km, evaluate, gold_json, load_gold, parse_markup
from geo.geoparsers import flashgeotext_predictor, geotext_predictor, pipeline_predictor

MARKUP = """# a comment
=== first
Shelling near [[Kharkov|Kharkiv|49.99,36.23]] and in [[eastern Ukraine|eastern Ukraine|48.5,37.8]].

=== second
Nothing here but [[Paris|Paris|48.85,2.35]].
"""


def test_markup_gives_plain_text_with_exact_offsets():
    first, second = parse_markup(MARKUP)
    assert first.text == "Shelling near Kharkov and in eastern Ukraine."
    assert [first.text[t.start : t.end] for t in first.toponyms] == ["Kharkov", "eastern Ukraine"]
    assert first.toponyms[0].name == "Kharkiv" and first.toponyms[0].lat == 49.99
    assert second.doc_id == "second" and second.text.endswith("Paris.")


def test_json_lines_and_markup_read_the_same(tmp_path):
    documents = parse_markup(MARKUP)
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(json.dumps(gold_json(d)) for d in documents), encoding="utf-8")
    assert load_gold(path) == documents


def test_a_span_outside_the_text_is_an_error(tmp_path):
    path = tmp_path / "bad.jsonl"
    record = {"id": "x", "text": "Kyiv", "toponyms": [{"start": 0, "end": 9, "name": "Kyiv", "lat": 50, "lon": 30}]}
    path.write_text(json.dumps(record), encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", str(path), "--no-baseline"])
    assert result.exit_code != 0 and "outside the text" in result.output


def test_exact_and_overlapping_spans_are_scored_apart():
    [document] = parse_markup("=== d\nIn [[the Donetsk area|Donetsk|48.0,37.8]] and [[Kyiv|Kyiv|50.45,30.52]].")
    predictions = [Prediction(7, 19, "Donetsk area", 48.0, 37.8), Prediction(24, 28, "Kyiv", 50.45, 30.52)]
    scores = evaluate("test", [document], lambda text: predictions if text == document.text else [])
    assert scores.exact == (0.5, 0.5, 0.5)
    assert scores.overlap == (1.0, 1.0, 1.0)
    assert scores.accuracy == 1.0 and scores.median_km == 0.0


def test_an_area_holding_the_gold_point_is_right_and_a_point_is_measured():
    gold = GoldToponym(0, 5, "eastern Russia", 62.0, 130.0)
    area = box(100, 40, 180, 75)
    assert error_km(gold, Prediction(0, 5, "Eastern Russia", 60.0, 105.0, area)) == 0.0
    assert 1000 < error_km(gold, Prediction(0, 5, "Russia", 60.0, 105.0)) < 1500
    assert error_km(gold, Prediction(0, 5, "?", float("nan"), float("nan"))) > 20000


def test_eval_command_scores_us_beside_geotext(settings, tmp_path):
    path = tmp_path / "gold.txt"
    path.write_text(MARKUP, encoding="utf-8")
    result = CliRunner().invoke(main, ["--cache-dir", str(settings.cache_path), "eval", str(path), "--json"])
    assert result.exit_code == 0, result.output
    ours, geotext, flash = json.loads(result.output)
    assert (ours["system"], geotext["system"], flash["system"]) == ("claimsmap", "geotext", "flashgeotext")
    assert ours["gold_toponyms"] == 3 and ours["overlap"]["recall"] == 1.0


DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize("name", ["geoparse_gold", "geoparse_dev", "geoparse_dev2", "geoparse_dev3"])
def test_the_json_lines_sets_are_their_markup(name):
    assert load_gold(DATA / f"{name}.jsonl") == load_gold(DATA / f"{name}.txt")


def test_the_geoparser_meets_its_targets_and_beats_both_peers_on_the_labelled_set(pipeline):
    """The labelled set (tests/data/geoparse_gold.txt) was written apart from the code; see its header."""
    documents = load_gold(DATA / "geoparse_gold.jsonl")
    ours = evaluate("claimsmap", documents, pipeline_predictor(pipeline))
    assert ours.gold >= 400 and ours.documents >= 40
    assert ours.overlap[2] >= 0.90 and ours.exact[2] >= 0.90 and ours.accuracy >= 0.90
    for make in (geotext_predictor, flashgeotext_predictor):
        baseline = evaluate(make.__name__, documents, make(pipeline.gazetteer, pipeline.boundaries))
        for figure in ("exact", "overlap"):
            pairs = zip(getattr(ours, figure), getattr(baseline, figure), strict=True)
            assert all(a >= b for a, b in pairs), (make.__name__, figure)
        assert ours.accuracy >= baseline.accuracy and ours.mean_km <= baseline.mean_km


# Floors, not targets: the corpora's figures when this test was written, less a margin, so a
# change that makes extraction worse fails here. claims_gold.yaml was used while developing the
# rules; claims_heldout.yaml was written afterwards, apart from the code, and never tuned on.
# claims_wire.yaml (wire copy about other conflicts, issue #19) was written before the rules for
# its classes and then used to develop them; claims_wire_heldout.yaml was written after them and
# measured untuned first (README), then showed classes the rules missed. claims_wire_dev2.yaml was
# written before the rules for its classes, claims_wire_dev3.yaml and claims_wire_dev4.yaml each after
# the rules before them (their headers give their untuned figures); all were then used to develop
# them. Layers need the pipeline.
CLAIM_FLOORS = {
    "claims_gold.yaml": {"claims": 0.95, "sources": 0.95, "chains": 0.95, "certainty": 0.95, "dates": 0.95,
                         "numbers": 0.95},
    "claims_heldout.yaml": {"claims": 0.95, "sources": 0.82, "chains": 0.8, "certainty": 0.93, "dates": 0.95,
                            "numbers": 0.95},
    "claims_wire.yaml": {"claims": 0.95, "sources": 0.95, "chains": 0.95, "certainty": 0.95, "dates": 0.95,
                         "when": 0.95, "numbers": 0.95, "layers": 0.93},
    "claims_wire_dev2.yaml": {"claims": 0.95, "sources": 0.93, "chains": 0.92, "certainty": 0.95, "dates": 0.95,
                              "when": 0.95, "numbers": 0.95, "layers": 0.93},
    "claims_wire_dev3.yaml": {"claims": 0.95, "sources": 0.93, "chains": 0.92, "certainty": 0.95, "dates": 0.95,
                              "when": 0.93, "numbers": 0.95, "layers": 0.9},
    "claims_wire_dev4.yaml": {"claims": 0.95, "sources": 0.93, "chains": 0.92, "certainty": 0.95, "dates": 0.95,
                              "when": 0.93, "numbers": 0.93, "layers": 0.8},
    "claims_wire_heldout.yaml": {"claims": 0.95, "sources": 0.9, "chains": 0.9, "certainty": 0.93, "dates": 0.93,
                                 "when": 0.9, "numbers": 0.93, "layers": 0.8},
    # the eighth pass's sets (untuned figures in their headers); their layers wait on the gazetteer's places
    "claims_wire_dev13.yaml": {"claims": 0.95, "sources": 0.95, "chains": 0.95, "certainty": 0.95, "dates": 0.95,
                               "when": 0.95, "numbers": 0.95, "layers": 0.8},
    "claims_wire_dev14.yaml": {"claims": 0.95, "sources": 0.95, "chains": 0.95, "certainty": 0.95, "dates": 0.95,
                               "when": 0.95, "numbers": 0.95, "layers": 0.75},
    # the tenth pass's sets: dev21's layers wait on six places the gazetteer lacks (Agok, Turalei, Tinzaouaten…)
    "claims_wire_dev21.yaml": {"claims": 0.95, "sources": 0.95, "chains": 0.95, "certainty": 0.95, "dates": 0.95,
                               "when": 0.95, "numbers": 0.95, "layers": 0.6},
    "claims_wire_dev22.yaml": {"claims": 0.95, "sources": 0.95, "chains": 0.95, "certainty": 0.95, "dates": 0.95,
                               "when": 0.95, "numbers": 0.95, "layers": 0.9},
}  # fmt: skip


@pytest.mark.parametrize("corpus", sorted(CLAIM_FLOORS))
def test_the_claim_extractor_holds_its_scores_on_the_labelled_corpora(corpus, request):
    from geo.claim_scoring import load_claims_gold, needs_places, score_claims
    from geo.lexicon import load_lexicon

    records = load_claims_gold(DATA / corpus)
    pipeline = request.getfixturevalue("pipeline") if needs_places(records) else None
    scores = score_claims(records, load_lexicon(), pipeline)
    below = {
        f: round(scores.fields[f].f1, 3) for f, floor in CLAIM_FLOORS[corpus].items() if scores.fields[f].f1 < floor
    }
    assert not below, f"F1 below the floor: {below}"


def test_eval_claims_prints_a_table_per_field():
    result = CliRunner().invoke(main, ["eval-claims", str(DATA / "claims_heldout.yaml")])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "31 documents"
    assert [line.split()[0] for line in result.output.splitlines()[2:]] == [
        "claims", "sources", "chains", "kinds", "affiliations", "certainty", "cues", "dates", "when", "numbers",
        "layers",
    ]  # fmt: skip
