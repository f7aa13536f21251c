import json
from dataclasses import replace

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


HOSTILE_PAGE = """<!doctype html><html><head><meta charset="utf-8">
<title>Fallback title</title>
<meta property="og:title" content="Troops gather near Kharkiv">
<meta property="og:site_name" content="Example Wire">
<meta property="article:published_time" content="2024-11-02T08:15:00+00:00">
<meta name="author" content="A. Reporter">
<link rel="canonical" href="javascript:alert(1)">
<style>p { color: red }</style><script>document.write("injected")</script>
</head><body><nav>Home | World</nav>
<article><h1>Troops gather near Kharkiv</h1>
<p onclick="steal()">Ukraine's army said on Friday that troops gathered near <b>Kharkiv</b> &amp; Sumy.</p>
<script>alert("inside")</script><p>It is believed that 2,000 soldiers arrived.</p></article>
<footer>Copyright</footer></body></html>"""


def test_an_html_page_gives_its_article_text_and_declared_metadata(tmp_path):
    from geo.documents import read_document

    path = tmp_path / "page.html"
    path.write_text(HOSTILE_PAGE, encoding="utf-8")
    document = read_document(path)
    assert document.text.splitlines()[0] == "Troops gather near Kharkiv"
    assert "troops gathered near Kharkiv & Sumy." in document.text
    assert "alert" not in document.text and "injected" not in document.text and "Copyright" not in document.text
    assert document.title == "Troops gather near Kharkiv"
    assert (document.outlet, document.author) == ("Example Wire", "A. Reporter")
    assert document.published.label() == "2024-11-02" and document.url is None


def test_an_html_page_in_a_declared_legacy_charset_is_read(tmp_path):
    from geo.documents import read_document

    path = tmp_path / "page.htm"
    page = '<html><head><meta charset="windows-1251"></head><body><p>Бои под Харьковом продолжаются.</p></body></html>'
    path.write_bytes(page.encode("windows-1251"))
    assert read_document(path).text == "Бои под Харьковом продолжаются."


def test_the_document_size_limit_is_a_setting(settings, tmp_path, seed_path):
    options = ["--data-dir", str(tmp_path), "--max-document-mb", "0.001"]
    result = CliRunner().invoke(
        main, [*options, "ingest", str(seed_path)], env={"CLAIMSMAP_CACHE_DIR": str(settings.cache_dir)}
    )
    assert result.exit_code == 1
    assert seed_path.name in result.output and "limit" in result.output
    assert "0 added" in result.output


def test_ingest_in_several_processes_stores_each_document_once_and_reports_bad_files(settings, tmp_path, seed_path):
    batch = tmp_path / "batch"
    batch.mkdir()
    for i, town in enumerate(("Kharkiv", "Odesa", "Sumy", "Dnipro")):
        (batch / f"{i}.txt").write_text(f"Troops massed near {town} last week, officials said.", encoding="utf-8")
    (batch / "copy.txt").write_text(seed_path.read_text(encoding="utf-8"), encoding="utf-8")
    (batch / "seed.txt").write_text(seed_path.read_text(encoding="utf-8"), encoding="utf-8")  # the same twice
    (batch / "broken.txt").write_bytes(b"\x00\x01 not text")
    own = replace(settings, data_dir=tmp_path / "data")  # a store of its own
    result = run(own, "ingest", "--processes", "2", str(batch))
    assert result.exit_code == 1 and "broken.txt" in result.output
    assert "5 added, 1 already stored, 1 failed" in result.output
    again = run(own, "ingest", "--processes", "2", str(batch))
    assert "0 added, 6 already stored, 1 failed" in again.output
