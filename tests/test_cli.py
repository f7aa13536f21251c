import json

from click.testing import CliRunner

from geo.cli import main


def run(settings, *args):
    options = ["--data-dir", str(settings.data_dir)]
    result = CliRunner().invoke(main, [*options, *args], env={"CLAIMSMAP_CACHE_DIR": str(settings.cache_dir)})
    return result


def test_extract_prints_the_json_contract(settings, seed_path):
    result = run(settings, "extract", str(seed_path), "--published", "2024-10", "--outlet", "Example")
    assert result.exit_code == 0, result.output
    output = json.loads(result.output)
    claim = next(c for c in output["claims"] if "Khabarovsk" in c["text"])
    assert set(claim) >= {"text", "start", "end", "sources", "certainty", "dates", "places"}
    place = next(p for p in claim["places"] if p["name"] == "Khabarovsk")
    assert set(place) >= {"mention", "start", "end", "name", "country", "lat", "lon", "layer", "geometry"}
    assert place["geometry"]["type"] == "Point" and place["layer"] == "training"
    assert claim["sources"][0]["name"] == "South Korean National Intelligence Agency (NIS)"
    assert output["document"]["published"]["value"] == "2024-10"


def test_extract_rejects_a_bad_date_clearly(settings, seed_path):
    result = run(settings, "extract", str(seed_path), "--published", "October")
    assert result.exit_code != 0
    assert "publication date 'October' is not YYYY-MM-DD" in result.output


def test_ingest_then_export_geojson(settings, tmp_path, seed_path):
    assert run(settings, "ingest", str(seed_path)).exit_code == 0
    out = tmp_path / "places.geojson"
    result = run(settings, "export", "--format", "geojson", "-o", str(out))
    assert result.exit_code == 0, result.output
    collection = json.loads(out.read_text())
    assert collection["type"] == "FeatureCollection"
    names = {f["properties"]["name"]: f for f in collection["features"]}
    assert names["Yakutia"]["geometry"]["type"] in ("Polygon", "MultiPolygon")
    assert names["Yakutia"]["properties"]["layers"] == ["origin"]
    assert all(c["text"] for f in collection["features"] for c in f["properties"]["claims"])


def test_geoparse_lists_places(settings, seed_path):
    result = run(settings, "geoparse", str(seed_path))
    assert result.exit_code == 0
    assert {"Ussuriysk", "Khabarovsk", "Eastern Russia"} <= {p["name"] for p in json.loads(result.output)}
