"""The geoparser on public corpora of real news, and the scoring that reads them.

LGL and GeoVirus live outside the repository (``../shared/geocorpora/`` beside the checkout, or
``CLAIMSMAP_GEOCORPORA``): they are GPL-licensed and are for measuring, never shipped. Where
they are present, the figures below are floors: what the geoparser reached, less a margin.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from geo.cli import main
from geo.evaluation import GoldDocument, GoldToponym, Prediction, evaluate, load_gold
from geo.geoparsers import flashgeotext_predictor, geotext_predictor, pipeline_predictor

REPO = Path(__file__).resolve().parent.parent
CORPORA = Path(os.environ.get("CLAIMSMAP_GEOCORPORA", REPO.parent / "shared" / "geocorpora"))

# Demonyms left out, as the product does not take "Kenyan" for Kenya.
FLOORS = {
    "lgl.jsonl": {"f1": 0.86, "accuracy_by_point": 0.885, "same_id": 0.815, "end_to_end": 0.78},
    "geovirus.jsonl": {"f1": 0.935, "accuracy_by_point": 0.85, "end_to_end": 0.82},
}


def test_a_json_lines_corpus_is_split_on_newlines_only(tmp_path):
    text = "Next\u0085line in Kyiv\u2028and more."
    record = {"id": "a", "text": text, "toponyms": [{"start": 13, "end": 17, "name": "Kyiv", "lat": 50.45,
                                                    "lon": 30.52, "geonameid": "703448", "type": "PPLC",
                                                    "adj": False}]}  # fmt: skip
    path = tmp_path / "corpus.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    [document] = load_gold(path)
    assert document.text == text
    assert document.toponyms[0] == GoldToponym(13, 17, "Kyiv", 50.45, 30.52, 703448, "PPLC", False)


def test_resolution_is_scored_by_the_point_by_the_id_and_by_the_area():
    from shapely.geometry import box

    text = "The United States and Kenyan officials."
    gold = (GoldToponym(4, 17, "United States", 39.76, -98.5, 6252001, "PCLI"),
            GoldToponym(22, 28, "Kenya", 1.0, 38.0, 192950, "PCLI", demonym=True))  # fmt: skip
    document = GoldDocument("d", text, gold)
    # Inside the country's polygon but 280 km from GeoNames' point, with GeoNames' id.
    united_states = Prediction(4, 17, "United States", 37.26, -99.69, box(-125, 25, -67, 49), 6252001)
    kenyan = Prediction(22, 28, "Kenya", 1.0, 38.0)
    scores = evaluate("test", [document], lambda t: [united_states, kenyan] if t == text else [], demonyms=False)
    assert (scores.gold, scores.predicted) == (1, 1)  # the demonym and the prediction on it are left out
    assert scores.accuracy == 1.0 and scores.point_accuracy == 0.0 and scores.same_id_share == 1.0
    assert scores.end_to_end == 0.0 and scores.far_by_code == {"PCLI": 1}


def test_misses_are_counted_by_feature_code_and_name():
    document = GoldDocument("d", "Laurel County and Paris.", (GoldToponym(0, 13, "Laurel County", 37.1, -84.1,
                                                                          None, "ADM2"),))  # fmt: skip
    scores = evaluate("test", [document], lambda t: [])
    assert scores.missed_by_code == {"ADM2": 1} and scores.missed_names == {"Laurel County": 1}


def corpus(name: str) -> Path:
    path = CORPORA / name
    if not path.exists():
        pytest.skip(f"{path} is not here (set CLAIMSMAP_GEOCORPORA to the folder of lgl.jsonl and geovirus.jsonl)")
    return path


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_the_geoparser_holds_its_floors_and_beats_both_peers_on_real_news(pipeline, name):
    documents = load_gold(corpus(name))
    ours = evaluate("claimsmap", documents, pipeline_predictor(pipeline), demonyms=False)
    figures = {"f1": ours.overlap[2], "accuracy_by_point": ours.point_accuracy, "same_id": ours.same_id_share,
               "end_to_end": ours.end_to_end}  # fmt: skip
    below = {k: round(figures[k], 3) for k, floor in FLOORS[name].items() if figures[k] < floor}
    assert not below, f"{name}: below the floor: {below}"
    for make in (geotext_predictor, flashgeotext_predictor):
        peer = evaluate(make.__name__, documents, make(pipeline.gazetteer, pipeline.boundaries), demonyms=False)
        assert ours.overlap[2] > peer.overlap[2] and ours.end_to_end > peer.end_to_end, make.__name__


def test_one_command_scores_both_corpora(settings):
    paths = [str(corpus(name)) for name in sorted(FLOORS)]
    arguments = ["--cache-dir", str(settings.cache_path), "eval", *paths, "--no-demonyms", "--no-baseline", "--json"]
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 0, result.output
    reports = json.loads(result.output)
    assert [r["corpus"] for r in reports] == sorted(FLOORS)
    lgl = reports[1]["systems"][0]
    assert lgl["gold_toponyms"] == 4104 and lgl["missed_by_feature_code"]
