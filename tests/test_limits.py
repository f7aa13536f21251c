"""Issue #18, a test per finding: what one request may ask of the server is bounded, and a request
that does not parse is a 4xx or an empty view, never a 500."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from dashboard.app import READ_COOKIE, create_app
from dashboard.callbacks import PANEL_MOST, claims_to_show
from dashboard.limits import VALUE_KINDS, check_callback_request, host_allowed
from dashboard.view_state import View
from geo import cli
from geo.documents import split_front_matter
from geo.errors import DocumentError, InvalidRequest
from geo.export import claims_csv
from geo.html import nesting_depth
from geo.ingest import ingest_files
from geo.store import ClaimFilter, search_words
from geo.text import split_sentences
from geo.uploads import save_uploads

TOKEN = "write-token-for-tests"


@pytest.fixture
def seeded(pipeline, store, seed_path):
    ingest_files([seed_path], pipeline, store)
    return store


@pytest.fixture
def client(seeded, settings, tmp_path):
    app = create_app(seeded, replace(settings, data_dir=tmp_path, write_token=TOKEN))
    client = app.server.test_client()
    client.dependencies = client.get("/_dash-dependencies").get_json()
    return client


def payload(client, output_start: str, values: dict, changed: list[str]) -> dict:
    spec = next(d for d in client.dependencies if d["output"].startswith(output_start))
    parts = [p for p in spec["output"].strip(".").split("...") if p]
    outputs = [{"id": p.rsplit(".", 1)[0], "property": p.rsplit(".", 1)[1].split("@")[0]} for p in parts]

    def item(d):
        return {"id": d["id"], "property": d["property"], "value": values.get(f"{d['id']}.{d['property']}")}

    return {"output": spec["output"], "outputs": outputs if spec["output"].startswith("..") else outputs[0],
            "inputs": [item(d) for d in spec["inputs"]], "state": [item(d) for d in spec["state"]],
            "changedPropIds": changed}  # fmt: skip


def test_show_more_stops_at_its_bound_whatever_the_click_count(client):
    assert claims_to_show(1_000_000) == PANEL_MOST and claims_to_show(-5) == 20 and claims_to_show(1.5) == 20
    assert claims_to_show(True) == 20 and claims_to_show("3") == 20 and claims_to_show(2) == 60
    body = payload(client, "..claims-panel.children", {"more-claims.n_clicks": 10**6}, ["more-claims.n_clicks"])
    started = time.perf_counter()
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200 and time.perf_counter() - started < 1 and len(response.data) < 2_000_000
    for wrong in (-1, 10**30, "many", 1.5, [1]):
        body["inputs"][-1]["value"] = wrong
        assert client.post("/_dash-update-component", json=body).status_code in (200, 400)


def test_a_text_filter_is_bounded_and_one_statement(seeded):
    assert len(search_words(" ".join(f"w{i}" for i in range(200)))) == 8
    assert search_words("Troops troops TROOPS a\x00b") == ("troops",)
    assert View.from_query("?q=" + "a%25 " * 300).text.count(" ") == 7
    seeded.index.fresh()  # loaded first: a load reads the common words' claims once for every filter
    statements = []
    sa.event.listen(seeded.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    text = "a% b_ c % _ % troops Korean"
    seeded.place_counts(ClaimFilter(text=text))
    searches = [s for s in statements if "LIKE" in s.upper() or "MATCH" in s.upper() or "CLAIM_WORDS" in s.upper()]
    # Through the claims' words: a statement a word at most (and at most eight words; none for the common
    # words, whose claims the index holds), none scanning the claims.
    assert len(searches) <= len(search_words(text)), searches
    assert not any("LIKE" in s.upper() for s in searches), searches
    assert seeded.place_counts(ClaimFilter(text="Korean tr")).size > 0


def test_a_request_over_one_megabyte_is_refused_unread(client):
    class Unread(io.BytesIO):
        def read(self, *args):
            raise AssertionError("the body was read")

        readline = readinto = read

    for path in ("/_dash-update-component", "/upload"):
        response = client.post(path, input_stream=Unread(), content_type="application/json",
                               environ_overrides={"CONTENT_LENGTH": str(31 * 1024 * 1024)})  # fmt: skip
        assert response.status_code in (401, 413), path  # the upload route: no token, so not even its limit
    response = client.post("/upload", input_stream=Unread(), headers={"Authorization": f"Bearer {TOKEN}"},
                           environ_overrides={"CONTENT_LENGTH": str(64 * 1024 * 1024)})  # fmt: skip
    assert response.status_code == 413


def test_an_upload_with_its_token_in_the_header_is_taken(client, tmp_path):
    article = "data:text/plain;base64," + __import__("base64").b64encode(b"Troops were seen in Kharkiv.").decode()
    body = {"names": ["a.txt"], "contents": [article], "outlet": "Example", "published": "2024-10"}
    assert client.post("/upload", json=body).status_code == 401
    assert client.post("/upload", json=body, headers={"Authorization": "Bearer guess"}).status_code == 401
    answer = client.post("/upload", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
    assert answer.status_code == 200 and answer.get_json()["job"]
    for wrong in ({"names": "a.txt"}, [], {"names": ["a"], "contents": [1]}, {**body, "published": "2024-13"}):
        assert client.post("/upload", json=wrong, headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 400


def test_malformed_callback_requests_are_400s(client):
    good = payload(client, "..claims-panel.children", {}, ["selected-place.data"])
    assert client.post("/_dash-update-component", json=good).status_code == 200
    deep = json.dumps(good).replace('"changedPropIds"', '"x": ' + "[" * 100_000 + "]" * 100_000 + ', "changedPropIds"')
    wrong = [
        {**good, "output": "no-such.thing"},
        {**good, "inputs": good["inputs"][:-1]},
        {**good, "inputs": good["state"]},
        {**good, "outputs": {"id": 1}},
        {**good, "changedPropIds": "selected-place.data"},
        {k: v for k, v in good.items() if k != "output"},
        [good],
    ]
    for body in wrong:
        assert client.post("/_dash-update-component", json=body).status_code == 400, body
    for raw in (deep, "{", "[" * 5000):
        response = client.post("/_dash-update-component", data=raw, content_type="application/json")
        assert response.status_code == 400
    typed = json.loads(json.dumps(good))
    typed["inputs"][0]["value"] = {"place": 3}  # selected-place.data is a whole number
    assert client.post("/_dash-update-component", json=typed).status_code == 400
    with pytest.raises(InvalidRequest):
        check_callback_request({"output": None}, {})


def test_every_callback_input_has_a_declared_kind(client):
    for spec in client.dependencies:
        if spec.get("clientside_function"):
            continue
        for item in spec["inputs"] + spec["state"]:
            key = json.loads(item["id"])["type"] if item["id"].startswith("{") else item["id"]
            assert (key, item["property"]) in VALUE_KINDS, item


def test_a_superscript_digit_or_a_nul_byte_gives_an_empty_view_not_a_500(client):
    assert View.from_query("?place=²").place is None and View.from_query("?place=12").place == 12
    body = payload(client, "..source-filter.value", {"query.data": {"search": "?place=²&q=a\x00b"}}, ["query.data"])
    assert client.post("/_dash-update-component", json=body).status_code == 200
    body = payload(client, "..claims-panel.children", {"text-filter.value": "troops\x00\ud800"}, ["text-filter.value"])
    assert client.post("/_dash-update-component", json=body).status_code == 200
    assert client.get("/export/claims.csv?q=%00&place=%C2%B2&from=2024-13-45").status_code == 200


def test_csv_writes_negative_coordinates_as_numbers():
    row = {"claim_id": 1, "document_id": "d", "title": "=cmd", "outlet": None, "url": None, "claim_text": "-x",
           "mention": "Mexico", "name": "Mexico", "key": "k", "feature": "country", "country": "MX",
           "lat": 23.6, "lon": -99.68794, "layer": "other", "certainty": "known", "sources": "[]",
           "date_earliest": None, "date_latest": None, "date_precision": None}  # fmt: skip
    line = claims_csv([row]).splitlines()[1]
    assert ",23.6,-99.68794," in line and "'=cmd" in line and ",'-x," in line


def test_the_same_file_uploaded_at_once_by_twelve_is_saved_every_time(tmp_path):
    results, errors = [], []

    def upload():
        try:
            results.append(save_uploads([("a.txt", b"the same text")], tmp_path, 5, 1000))
        except OSError as error:
            errors.append(error)

    threads = [threading.Thread(target=upload) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and all(len(saved) == 1 for saved, _ in results)
    saved = results[0][0][0][0]
    assert sorted(p.name for p in tmp_path.iterdir()) == [saved.with_suffix(".json").name, saved.name]  # and its title


def test_documents_are_read_in_linear_time():
    for text, reader in [
        ("---" + "\n" * 200_000, lambda t: split_front_matter(t, "x")),
        ("<" + "a" * 1_000_000, nesting_depth),
        ("." * 1_000_000 + " A", split_sentences),
    ]:
        started = time.perf_counter()
        with contextlib.suppress(DocumentError):
            reader(text)
        assert time.perf_counter() - started < 1.0
    assert split_front_matter("---\ntitle: A\n---\nBody\n---\n", "x") == ({"title": "A"}, "Body\n---\n")


def test_areas_are_kept_privately_behind_a_read_token(seeded, settings):
    app = create_app(seeded, replace(settings, read_token="r"))
    client = app.server.test_client()
    client.set_cookie(READ_COOKIE, "r")
    first = client.get("/map/areas.geojson")
    tagged = client.get(f"/map/areas.geojson?v={hashlib.sha256(first.data).hexdigest()[:16]}")
    assert first.headers["Cache-Control"] == "no-cache"
    assert tagged.headers["Cache-Control"] == "private, max-age=31536000, immutable"


def test_the_token_leaves_the_address_when_the_cookie_is_already_set(seeded, settings):
    client = create_app(seeded, replace(settings, read_token="r")).server.test_client()
    client.set_cookie(READ_COOKIE, "r")
    response = client.get("/?token=r&q=troops")
    assert response.status_code == 303 and response.headers["Location"] == "/?q=troops"
    assert client.get("/?token=wrong").status_code == 303  # the cookie allows; the stray token goes too


def test_only_allowed_host_names_are_answered(seeded, settings):
    client = create_app(seeded, replace(settings, allowed_hosts=("localhost", ".example.org"))).server.test_client()
    assert client.get("/", headers={"Host": "evil.test"}).status_code == 400
    assert client.get("/", headers={"Host": "localhost:8050"}).status_code == 200
    assert client.get("/", headers={"Host": "maps.example.org"}).status_code == 200
    assert host_allowed("[::1]:8050", ("[::1]",)) and not host_allowed("127.0.0.1.evil.test", ("127.0.0.1",))
    assert cli._allowed_hosts(None, "127.0.0.1", False) == ("localhost", "127.0.0.1", "[::1]")
    assert cli._allowed_hosts(None, "0.0.0.0", False) == () and cli._allowed_hosts(None, "127.0.0.1", True) == ()
    assert cli._allowed_hosts("claims.example.org, .internal", "0.0.0.0", True) == ("claims.example.org", ".internal")


def test_serve_runs_gunicorn_unless_asked_for_the_development_server(monkeypatch, tmp_path):
    served = []
    monkeypatch.setattr(cli, "_gunicorn", lambda make_app, bind, workers: served.append(("gunicorn", bind, workers)))
    monkeypatch.setattr("dash.Dash.run", lambda self, **kw: served.append(("werkzeug", kw["host"], kw["port"])))
    url = f"sqlite:///{tmp_path / 'claims.db'}"
    for args in ([], ["--dev"]):
        result = CliRunner().invoke(cli.main, ["--database-url", url, "--data-dir", str(tmp_path), "serve", *args])
        assert result.exit_code == 0, result.output
    assert served == [("gunicorn", "127.0.0.1:8050", 1), ("werkzeug", "127.0.0.1", 8050)]


def test_make_run_serves_on_gunicorn():
    makefile = (Path(__file__).resolve().parent.parent / "Makefile").read_text()
    assert "claimsmap serve --ingest seeds" in makefile and "--dev" not in makefile.split("run:")[1].split("\n\n")[0]
