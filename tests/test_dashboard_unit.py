"""The dashboard's pieces as plain functions: figure and panel builders, click and filter parsing."""

import dataclasses
import json
import re
from datetime import date
from pathlib import Path

import numpy as np
import plotly.graph_objects
import pytest

from dashboard.callbacks import (
    claim_filter,
    controls_from_view,
    next_day,
    place_options,
    view_from_controls,
)
from dashboard.figures import (
    Shapes,
    choose_shapes,
    cluster_points,
    fit_view,
    map_figure,
    marker_size,
    marker_sizes,
    timeline_figure,
)
from dashboard.panel import claims_panel
from dashboard.view_state import View
from geo.claim_index import PlaceCounts
from geo.ingest import ingest_files
from geo.layers import load_taxonomy
from geo.store import ClaimFilter


@pytest.fixture
def seeded(pipeline, store, seed_path):
    ingest_files([seed_path], pipeline, store)
    return store


def figure_for(store, where=None):
    counts = store.place_counts(where or ClaimFilter())
    ids = choose_shapes(store.place_counts(ClaimFilter()), store.geometries)
    shapes = Shapes(ids, "/map/areas.geojson?v=1")
    return map_figure(counts, shapes, load_taxonomy().layers, "/assets/boundaries/countries-110m.geojson")


def legend(figure):
    """Legend entries in the order the legend shows them."""
    shown = [t for t in figure["data"] if t["showlegend"]]
    return [t["name"] for t in sorted(shown, key=lambda t: t["legendrank"])]


def test_the_map_has_one_legend_entry_per_layer_in_taxonomy_order(seeded):
    assert legend(figure_for(seeded)) == [
        "● Training sites · 3 places", "◉ Front-line areas · 2 places", "◯ Regions of origin · 2 places",
        "◎ Other mentions · 9 places",
    ]  # fmt: skip


def test_an_empty_layer_keeps_its_legend_entry(seeded):
    figure = figure_for(seeded, ClaimFilter(sources=("Kim Yong-hyun",)))
    assert legend(figure) == [
        "● Training sites · 0 places", "◉ Front-line areas · 1 place", "◯ Regions of origin · 0 places",
        "◎ Other mentions · 1 place",
    ]  # fmt: skip


def test_the_map_asks_no_outside_host(seeded):
    figure = figure_for(seeded)
    plotly.graph_objects.Figure(figure)  # what we send is a valid Plotly figure
    layout = figure["layout"]["map"]
    assert layout["style"] == "white-bg"
    assert all(layer["source"].startswith("/assets/") for layer in layout["layers"])
    assert all(trace["geojson"].startswith("/map/") for trace in figure["data"] if "geojson" in trace)


def test_points_are_cities_and_areas_are_shapes(seeded):
    figure = figure_for(seeded)
    points = {name for trace in figure["data"] if trace["type"] == "scattermap" for name in trace.get("text") or ()}
    areas = {name for trace in figure["data"] if trace["type"] == "choroplethmap" for name in trace["text"] or ()}
    assert any(name.startswith("Khabarovsk ·") for name in points)
    assert any(name.startswith("Eastern Russia ·") for name in areas)
    assert not any(name.startswith("Khabarovsk") for name in areas)


def test_marker_size_grows_with_claims():
    assert marker_size(1) < marker_size(4) < marker_size(100)


def test_view_fits_the_places_not_whole_countries():
    rows = [
        {"id": 1, "layer": "other", "n_claims": 1, "name": "a", "feature": "city", "lat": 50.0, "lon": 30.0},
        {"id": 2, "layer": "other", "n_claims": 1, "name": "b", "feature": "city", "lat": 48.0, "lon": 38.0},
        {"id": 3, "layer": "other", "n_claims": 1, "name": "c", "feature": "country", "lat": 60.0, "lon": 100.0},
    ]
    center, zoom = fit_view(PlaceCounts.from_rows(rows))
    assert center == {"lat": 49.0, "lon": 34.0} and 3 < zoom < 7


LAYERS = ["training", "front_line", "origin", "other"]


def test_clicks_and_filters_from_the_browser():
    controls = [["NIS"], [], LAYERS, ["known"], "2024-10-01", "2024-10-31T00:00:00", "claim", " troops "]
    where = claim_filter(controls, LAYERS)
    assert where == ClaimFilter(
        sources=("NIS",), date_from=date(2024, 10, 1), date_to=date(2024, 10, 31), certainties=("known",), text="troops"
    )
    nothing = claim_filter([None, None, [], [], None, None, None, None], LAYERS)
    assert nothing.certainties == ("none",) and nothing.layers == ("none",)
    assert claim_filter([*controls, 1, [], ["undated"]], LAYERS).undated  # a date range keeping the undated


def test_a_view_is_a_url_and_back():
    view = View(sources=("ISW", "Mr Turner & co"), layers=("training",), certainties=("known", "claimed"),
                date_from="2024-10-01", date_basis="published", undated=True, text="north korean", place=12,
                map_view={"lat": 48.5, "lon": 37.9, "zoom": 5.0}, embed=True)  # fmt: skip
    assert View.from_query(view.to_query()) == view
    assert View().to_query() == "" and View.from_query("") == View()
    assert View.from_query("?certainty=none").claim_filter().certainties == ("none",)
    assert controls_from_view(view, LAYERS)[2] == ["training"]
    assert view_from_controls(controls_from_view(view, LAYERS), LAYERS, view) == view


def test_a_hand_edited_url_never_fails():
    view = View.from_query("?from=2024-13-45&to=yesterday&place=12x&lat=91&lon=0&zoom=3&basis=evil&certainty=maybe")
    assert (view.date_from, view.date_to, view.place, view.map_view, view.date_basis) == (None, None, None, {}, "claim")
    assert view.certainties == ()
    assert len(View.from_query("?q=" + "x" * 5000).text) == 200


def test_panel_shows_text_as_text(seeded):
    place_id = next(r["id"] for r in seeded.place_summaries(ClaimFilter()) if r["name"] == "Khabarovsk")
    claims = seeded.claims_at(place_id, ClaimFilter())
    claims[0]["text"] = "<script>alert(1)</script> in Khabarovsk"
    claims[0]["start"], claims[0]["mention_start"], claims[0]["mention_end"] = 0, 29, 39
    card = claims_panel(seeded.place(place_id), claims, {})[0]["props"]["content"][1]["props"]["children"][0]
    sentence = card["props"]["children"][0]["props"]["children"]
    assert sentence[0] == "<script>alert(1)</script> in " and sentence[1]["tag"] == "Mark"


def test_the_page_builds_with_its_security_headers(seeded, settings):
    from dashboard.app import create_app

    app = create_app(seeded, settings, url_prefix="/portal/claims/")
    client = app.server.test_client()
    page = client.get("/portal/claims/")
    assert page.status_code == 200
    policy = page.headers["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in policy and "default-src 'self'" in policy
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    layout = client.get("/portal/claims/_dash-layout")
    assert layout.status_code == 200 and b"claims-map" in layout.data


def test_the_layout_holds_the_default_map_for_a_plain_address_alone(seeded, settings):
    """A page opened at its plain address gets the default view's map and timeline in its layout (no
    round trip before the first draw), and the panel does not ask for them again; a link to another
    view, or a page whose address is not known, gets none, so it never draws the default first."""
    from dashboard import ids
    from dashboard.app import create_app

    app = create_app(seeded, settings, url_prefix="/claims/")
    client = app.server.test_client()

    def layout(referrer):
        body = client.get("/claims/_dash-layout", headers={"Referer": referrer} if referrer else {}).get_json()
        return {n["props"]["id"]: n["props"] for n in _components(body) if "id" in n.get("props", {})}

    plain = layout("http://localhost/claims/")
    assert plain[ids.MAP]["figure"]["data"] and plain[ids.TIMELINE]["figure"]["data"]
    assert plain[ids.PLACE_PICKER]["options"] and plain[ids.DRAWN_VIEW]["data"]["view"]
    for referrer in ("http://localhost/claims/?layers=training", None):
        other = layout(referrer)
        assert "figure" not in other[ids.MAP] and other[ids.DRAWN_VIEW].get("data") is None
    # The panel's first answer for that view names what the layout drew: the map is not asked for.
    controls = _default_controls(settings)
    answer = _panel_answer(client, controls, plain[ids.DRAWN_VIEW]["data"])
    assert ids.PANEL in answer and ids.DRAWN_VIEW not in answer
    assert ids.DRAWN_VIEW in _panel_answer(client, controls, None)


def test_the_layout_is_worked_out_once_per_version_of_the_store_and_kind_of_page(
    seeded, settings, pipeline, tmp_path, monkeypatch
):
    """The layout's JSON is kept per version of the store and kind of page (a plain address holds the
    default view's map): a warm server made the first page's before it was asked; a write to the
    store makes it anew, with the new counts."""
    from dashboard.app import create_app

    app = create_app(seeded, settings, url_prefix="/claims/", warm=True)
    client = app.server.test_client()
    made = []
    names = seeded.source_names
    monkeypatch.setattr(seeded, "source_names", lambda: made.append(1) or names())
    plain = {"Referer": "http://localhost/claims/"}
    first = client.get("/claims/_dash-layout", headers=plain)
    assert first.status_code == 200 and first.mimetype == "application/json" and b'"figure"' in first.data
    assert client.get("/claims/_dash-layout", headers=plain).data == first.data and not made
    linked = [client.get("/claims/_dash-layout", headers={"Referer": "http://localhost/claims/?layers=x"}).data
              for _ in range(2)]  # fmt: skip
    assert linked[0] == linked[1] != first.data and len(made) == 1
    more = tmp_path / "more.txt"
    more.write_text("Officials in Kharkiv said on Monday that twelve people were killed in shelling.\n")
    ingest_files([more], pipeline, seeded)
    after = client.get("/claims/_dash-layout", headers=plain)
    assert after.data != first.data and len(made) == 2


def test_a_warm_server_answers_the_first_panel_from_memory(seeded, settings):
    """A server's workers work out the default view's panel as they start (``warm``), and with it
    what the store's index builds once for any panel (each claim's story): the page's first request
    reads no claim from the database (at a million claims it took a worker's first panel 0.4-0.6 s)."""
    import sqlalchemy as sa

    from dashboard import ids
    from dashboard.app import create_app

    app = create_app(seeded, settings, url_prefix="/claims/", warm=True)
    client = app.server.test_client()
    statements = []

    def heard(_conn, _cursor, statement, *_rest):
        statements.append(statement)

    sa.event.listen(seeded.engine, "before_cursor_execute", heard)
    try:
        answer = _panel_answer(client, _default_controls(settings), None)
    finally:
        sa.event.remove(seeded.engine, "before_cursor_execute", heard)
    assert ids.PANEL in answer and ids.SUMMARY in answer
    assert not [s for s in statements if "FROM claims" in s], statements


def test_a_warm_server_has_read_the_stores_words_before_the_first_text_search(seeded, settings):
    """The store's words are read as a server's workers start (``Store.warm``), so the first text
    filter does not wait for them (30 ms for 10k words, more in a big store), nor the first story card
    whose sources share a word for wordfreq's table (0.3 s)."""
    from dashboard.app import create_app
    from geo.stories import _english_frequencies

    _english_frequencies.cache_clear()
    assert not len(seeded.vocabulary.ids)
    app = create_app(seeded, settings, url_prefix="/claims/", warm=True)
    assert _english_frequencies.cache_info().currsize == 1
    words = len(seeded.vocabulary.ids)
    assert words > 100
    controls = _default_controls(settings)
    controls[7] = "troops"  # the text filter
    answer = _panel_answer(app.server.test_client(), controls, None)
    assert "troops" in json.dumps(answer).lower() and len(seeded.vocabulary.ids) == words


def _default_controls(settings) -> list:
    """The controls' values the page's layout starts with, as the browser sends them."""
    layers = [layer.name for layer in load_taxonomy(settings.taxonomy_path).layers]
    certainties = ["known", "reported", "claimed", "believed", "suggested"]
    return [[], [], layers, certainties, None, None, "claim", "", 1, [], [], "claims"]


def _components(node):
    if isinstance(node, dict):
        if "namespace" in node:
            yield node
        for value in node.get("props", node).values():
            yield from _components(value)
    elif isinstance(node, list):
        for item in node:
            yield from _components(item)


def _panel_answer(client, controls, drawn) -> dict:
    """The panel callback's answer (by component) to the page's first request."""
    from dashboard import ids
    from dashboard.callbacks import CONTROLS

    inputs = [{"id": ids.SELECTED_PLACE, "property": "data", "value": None}]
    inputs += [{"id": i, "property": p, "value": v} for (i, p), v in zip(CONTROLS, controls, strict=True)]
    inputs += [{"id": ids.DATA_VERSION, "property": "data", "value": 0},
               {"id": ids.MORE_CLAIMS, "property": "n_clicks", "value": 0}]  # fmt: skip
    spec = next(d for d in client.get("/claims/_dash-dependencies").get_json()
                if d["output"].startswith(f"..{ids.PANEL}.children"))  # fmt: skip
    outputs = [dict(zip(("id", "property"), o.split("."), strict=True)) for o in spec["output"].strip(".").split("...")]
    payload = {
        "output": spec["output"],
        "outputs": outputs,
        "inputs": inputs,
        "state": [{"id": ids.DRAWN_VIEW, "property": "data", "value": drawn}],
        "changedPropIds": [],
    }
    response = client.post("/claims/_dash-update-component", json=payload)
    assert response.status_code == 200, response.data[:300]
    return response.get_json()["response"]


def test_playback_steps_through_the_days_with_claims():
    days = [date(2024, 10, 1), date(2024, 10, 7), date(2024, 10, 20)]
    assert next_day(days, None) == date(2024, 10, 1)
    assert next_day(days, date(2024, 10, 2)) == date(2024, 10, 7)
    assert next_day(days, date(2024, 10, 20)) == date(2024, 10, 1)  # from the start again
    assert next_day([], None) is None


def test_a_read_token_guards_every_page_and_callback(seeded, settings):
    from dataclasses import replace

    from dashboard.app import READ_COOKIE, create_app

    app = create_app(seeded, replace(settings, read_token="let-me-read"), url_prefix="/claims/")
    client = app.server.test_client()
    assert client.get("/claims/").status_code == 401
    assert client.get("/claims/_dash-layout").status_code == 401
    assert client.get("/claims/export/claims.csv").status_code == 401
    assert client.get("/claims/?token=wrong").status_code == 401
    assert client.get("/claims/", headers={"Authorization": "Bearer let-me-read"}).status_code == 200
    opened = client.get("/claims/?token=let-me-read&q=troops")
    assert opened.status_code == 303 and opened.headers["Location"].endswith("/claims/?q=troops")
    assert READ_COOKIE in opened.headers["Set-Cookie"] and "HttpOnly" in opened.headers["Set-Cookie"]
    assert client.get("/claims/?q=troops").status_code == 200  # the cookie now stands for the token


def test_points_that_would_overlap_are_grouped_until_zoomed_in():
    ussuriysk, vladivostok, khabarovsk = (43.80, 131.95), (43.12, 131.89), (48.48, 135.08)
    lat, lon = np.array([ussuriysk, vladivostok, khabarovsk]).T
    far = cluster_points(lat, lon, zoom=2)
    assert far[0] == far[1] != far[2]
    assert len(set(cluster_points(lat, lon, zoom=8).tolist())) == 3


def test_a_group_marker_names_its_most_named_places_and_sits_at_their_weighted_centre(seeded):
    def town(place, name, n, lat, lon):
        return {"id": place, "layer": "other", "n_claims": n, "name": name, "feature": "city", "lat": lat, "lon": lon}

    rows = [town(1, "Ussuriysk", 1, 43.80, 131.95), town(2, "Vladivostok", 3, 43.12, 131.89),
            town(3, "Khabarovsk", 2, 48.48, 135.08)]  # fmt: skip
    layers = load_taxonomy().layers
    figure = map_figure(
        PlaceCounts.from_rows(rows), Shapes((), ""), layers, "/b.geojson", {"lat": 45, "lon": 133, "zoom": 2}
    )
    (markers,) = [t for t in figure["data"] if t["legendgroup"] == "other" and t["type"] == "scattermap"]
    is_group = [data[0] == "group" for data in markers["customdata"]]
    assert is_group == [False, True]  # one trace: the places alone, then the groups drawn over them
    assert markers["text"] == ["Khabarovsk · 2 claims", "2 places · 4 claims: Vladivostok, Ussuriysk"]
    assert markers["lat"][1] == round((43.80 + 3 * 43.12) / 4, 4)
    assert markers["hovertext"] == ["", "<br>click to zoom in"]  # only a group's hover says a click zooms in
    assert "%{hovertext}" in markers["hovertemplate"]


def test_each_layer_draws_its_markers_as_one_trace(seeded):
    """Places alone and groups share a trace (each trace is four MapLibre layers to draw): the map
    has the layers' areas (two tiers), one marker trace a layer, the chosen place's ring and the symbols."""
    layers = load_taxonomy().layers
    figure = map_figure(seeded.place_counts(ClaimFilter()), Shapes((), ""), layers, "/b.geojson")
    markers = [t for t in figure["data"] if t["type"] == "scattermap" and t["legendgroup"] not in ("chosen", "symbols")]
    assert sorted(t["legendgroup"] for t in markers) == sorted(layer.name for layer in layers)
    assert len(figure["data"]) == 3 * len(layers) + 3


def test_tokens_never_reach_the_log_and_no_path_leaves_the_assets(seeded, settings, caplog):
    import logging
    from dataclasses import replace

    from dashboard.app import create_app

    app = create_app(seeded, replace(settings, read_token="let-me-read"))
    record = logging.LogRecord(
        "werkzeug", logging.INFO, "", 0, '"%s" %s', ("GET /?token=let-me-read&q=x HTTP/1.1", 303), None
    )
    for handler_filter in logging.getLogger("werkzeug").filters:
        handler_filter.filter(record)
    assert "let-me-read" not in record.getMessage() and "token=…" in record.getMessage()
    client = app.server.test_client()
    headers = {"Authorization": "Bearer let-me-read"}
    for path in ("/assets/../geo/cli.py", "/assets/..%2fgeo%2fcli.py", "/assets/%2e%2e/pyproject.toml",
                 "/export/..%2f..%2fetc%2fpasswd", "/_dash-component-suites/../../geo/cli.py"):  # fmt: skip
        response = client.get(path, headers=headers)
        # Refused, or Dash's own page (it answers unknown paths with the app): never a file's contents.
        assert response.status_code in (400, 403, 404) or b"_dash-config" in response.data, path
        assert b"def main" not in response.data and b"[project]" not in response.data and b"root:" not in response.data


def test_only_the_most_named_areas_are_drawn_as_shapes():
    def row(place, feature, n):
        return {
            "id": place,
            "layer": "other",
            "n_claims": n,
            "name": str(place),
            "feature": feature,
            "lat": 0,
            "lon": 0,
        }

    counts = PlaceCounts.from_rows([row(1, "admin1", 5), row(2, "admin1", 1), row(3, "country", 3), row(4, "city", 9)])

    def square(side):
        return {
            "type": "Polygon",
            "bbox": [0, 0, side, side],
            "coordinates": [[[0, 0], [side, 0], [side, side], [0, 0]]],
        }

    shapes = {1: square(1), 2: square(2), 3: square(3)}
    geometries_of = lambda ids: {i: shapes[i] for i in ids if i in shapes}  # noqa: E731
    assert choose_shapes(counts, geometries_of, budget=2) == (3, 1)  # largest first; area 2 is drawn as a point
    assert choose_shapes(counts, geometries_of) == (3, 2, 1)
    assert choose_shapes(counts, geometries_of, max_bytes=len(json.dumps(shapes[1])) + 1) == (1,)


def test_a_filter_change_sends_which_shapes_to_fill_not_their_polygons(seeded):
    figure = figure_for(seeded, ClaimFilter(certainties=("believed",)))
    areas = [t for t in figure["data"] if t["type"] == "choroplethmap"]
    assert areas and all(t["geojson"] == "/map/areas.geojson?v=1" for t in areas)
    assert len(json.dumps(figure)) < 20_000


def test_the_app_serves_the_shapes_under_a_name_the_browser_may_keep(seeded, settings):
    from dashboard.app import create_app
    from dashboard.callbacks import MapShapes

    app = create_app(seeded, settings, url_prefix="/portal/claims/")
    client = app.server.test_client()
    url = MapShapes(seeded, "/portal/claims/map/areas.geojson").at(seeded.version()).source
    kept = client.get(url)
    assert kept.status_code == 200 and "immutable" in kept.headers["Cache-Control"]
    names = {f["id"] for f in json.loads(kept.data)["features"]}
    eastern_russia = next(r["id"] for r in seeded.place_summaries(ClaimFilter()) if r["name"] == "Eastern Russia")
    assert str(eastern_russia) in names
    stale = client.get("/portal/claims/map/areas.geojson?v=0123")
    assert stale.data == kept.data and stale.headers["Cache-Control"] == "no-cache"


def test_the_place_picker_finds_any_place_in_view_by_part_of_its_name(seeded):
    counts = seeded.place_counts(ClaimFilter())
    assert [o["label"] for o in place_options(counts, "khab")] == ["Khabarovsk (1)"]
    assert len(place_options(counts, limit=3)) == 3
    everything = place_options(counts)
    assert len({o["value"] for o in everything}) == len(everything)  # a place in two layers once


def test_markers_keep_their_proportions_but_never_cover_the_map():
    assert marker_sizes(np.array([1, 4, 100])).tolist() == [marker_size(1), marker_size(4), marker_size(100)]
    huge = marker_sizes(np.array([1, 2_500, 50_000]), largest=50_000)
    assert huge[-1] <= 44 and huge[0] < huge[1] < huge[2]


def test_scripts_are_served_while_the_first_request_is_still_answered(seeded, settings, monkeypatch):
    # Dash registers its scripts during a server's first request but marks that done at its start: a
    # browser's script requests arriving meanwhile got 404s and a blank page (seen under gunicorn).
    import re
    import threading

    from dashboard.app import create_app

    app = create_app(seeded, settings)
    page_client = app.server.test_client()
    scripts = re.findall(r'src="(/_dash-component-suites/[^"]+)"', page_client.get("/").get_data(as_text=True))
    assert scripts

    fresh = create_app(seeded, settings)  # a new worker: no request answered yet
    release, entered = threading.Event(), threading.Event()
    slow_bounds = seeded.date_bounds

    def date_bounds():  # the first layout takes its time, as it does over a large store
        entered.set()
        release.wait(10)
        return slow_bounds()

    monkeypatch.setattr(seeded, "date_bounds", date_bounds)
    first = threading.Thread(target=lambda: fresh.server.test_client().get("/_dash-layout"))
    first.start()
    try:
        entered.wait(10)
        statuses = [fresh.server.test_client().get(src).status_code for src in scripts]
    finally:
        release.set()
        first.join()
    assert statuses == [200] * len(scripts)


def test_a_place_and_its_runners_up_say_their_region_and_country(pipeline):
    text = "Officials in Washington said the talks would resume."
    (place,) = [p for p in pipeline.places(text) if p.mention == "Washington"]
    assert place.address == "Washington, District of Columbia, United States"
    labels = [name for _, name, _ in place.alternatives]
    assert labels and len(set(labels)) == len(labels), labels  # three Washingtons told apart
    assert all(label.count(", ") >= 1 for label in labels)


def test_the_panel_names_a_place_with_its_country_even_when_stored_without_address():
    from dashboard.panel import place_address

    assert place_address({"name": "Khabarovsk", "country": "RU", "feature": "city"}) == "Khabarovsk, Russia"
    assert place_address({"name": "Russia", "country": "RU", "feature": "country"}) == "Russia"
    assert place_address({"name": "Paris", "country": "US", "address": "Paris, Texas, United States"}).endswith(
        "Texas, United States"
    )


def test_counts_follow_the_filters_and_say_one_claim(seeded):
    from dashboard.callbacks import facet_options, view_summary
    from dashboard.layout import totals_text

    everything, placeless = seeded.matching(ClaimFilter())
    assert everything == seeded.counts()["claims"] and 0 <= placeless < everything
    cited, _ = seeded.facets(ClaimFilter())
    source, n = cited[0]
    narrowed, _ = seeded.matching(ClaimFilter(sources=(source,)))
    assert narrowed == n < everything
    only_text, _ = seeded.matching(ClaimFilter(text="Khabarovsk"))
    cited_then, outlets_then = seeded.facets(ClaimFilter(text="Khabarovsk"))
    assert sum(n for _, n in outlets_then) <= 1 and max(n for _, n in cited_then) <= only_text < everything
    assert view_summary(1, 0, 1) == "1 claim matches the filters"
    assert view_summary(0, 0, 0) == "No claim matches the filters"
    assert view_summary(45, 5, 20) == (
        "45 claims match the filters (5 of them name no place: listed, not mapped); the newest 20 shown"
    )
    assert totals_text({"documents": 1, "claims": 40, "places": 25}, 1) == (
        "1 of 40 claims match the filters · 1 document · 25 places"
    )
    chosen = facet_options([("ISW", 3)], ("NIS",))
    assert [o["label"] for o in chosen] == ["ISW (3)", "NIS (0)"]


def test_layer_colours_stand_at_three_to_one_on_the_land_and_differ_without_colour(seeded):
    from dashboard.figures import LAND, SYMBOLS, contrast, legible

    layers = load_taxonomy().layers
    before = {layer.name: round(contrast(layer.color, LAND), 2) for layer in layers}
    assert min(before.values()) < 3  # the taxonomy's orange and purple alone would not do
    assert all(contrast(legible(layer.color), LAND) >= 3 for layer in layers)
    assert legible("#1f77b4") == "#1f77b4"  # a colour that passes is left as it is
    figure = figure_for(seeded)
    drawn = {t["marker"]["color"] for t in figure["data"] if t["type"] == "scattermap" and t["showlegend"]}
    assert all(contrast(color, LAND) >= 3 for color in drawn)
    assert len({(s.white, s.inner) for s in SYMBOLS}) == len(SYMBOLS) >= len(layers)  # four figures, not four hues
    # Every layer's symbols are one trace over every marker (each trace is four MapLibre layers to draw),
    # not clickable: a layer's discs in turn, each layer's white discs under its inner ones.
    (overlay,) = [t for t in figure["data"] if t["name"].endswith(" symbols")]
    assert overlay["hoverinfo"] == "skip" and figure["data"].index(overlay) == len(figure["data"]) - 1
    other = legible(layers[-1].color)  # ◎: white, then its colour
    colours = overlay["marker"]["color"]
    assert colours[-1] == other and colours.index(other) > colours.index("#ffffff")
    assert len(colours) == len(overlay["lat"]) == len(overlay["marker"]["size"])


def test_the_map_as_a_table_is_one_component_whose_names_are_shown_as_written():
    from dashboard.panel import places_table

    rows = [(7, "Saint-Denis | <b>*x*</b>", "military", "Military", 1200), (9, "Lyon", "training", "Training", 3)]
    summary, table = places_table(rows, 250)
    assert "250 places in view" in summary["props"]["children"] and table["type"] == "StaticHtml"
    assert table["props"]["children"] == []  # no Dash component inside: one for the page
    body = table["props"]["content"][0]["props"]["children"]["props"]["children"][1]
    first = body["props"]["children"][0]["props"]["children"]
    # Each name a link to its place (the keyboard's way in), written as it is: text, never markup.
    assert first[0]["props"]["children"] == {"tag": "A", "props": {"children": "Saint-Denis | <b>*x*</b>",
                                                                    "href": "#place-7"}}  # fmt: skip
    assert [cell["props"]["children"] for cell in first[1:]] == ["Military", "1,200"]
    assert len(body["props"]["children"]) == 2


def place_rows(rows: list[tuple[int, str, int]]) -> PlaceCounts:
    """Counts from (place id, layer, claims), each place named after its id, at a point of its own."""
    return PlaceCounts.from_rows([{"id": p, "layer": layer, "n_claims": n, "name": f"place {p}", "feature": "city",
                                   "lat": float(p), "lon": float(p)} for p, layer, n in rows])  # fmt: skip


def test_a_place_in_two_layers_counts_once_with_its_claims_summed_for_the_picker_and_the_table():
    from dashboard.callbacks import table_of

    counts = place_rows([(5, "a", 2), (3, "a", 4), (5, "b", 3), (9, "b", 1), (7, "a", 4)])
    assert counts.per_place.place.tolist() == [3, 5, 7, 9]
    assert counts.per_place.n_claims.tolist() == [4, 5, 4, 1]
    assert [o["value"] for o in place_options(counts)] == [5, 3, 7, 9]  # most claims, then the name
    assert [o["value"] for o in place_options(counts, limit=2)] == [5, 3]
    table = json.dumps(table_of(counts, {"a": "Layer A", "b": "Layer B"}))
    assert "4 places in view" in table
    assert table.index("place 3") < table.index("place 7") < table.index("place 5")  # rows: most claims first


def test_the_map_splits_each_layer_by_tier_keeping_the_order_of_the_rows():
    from dashboard.figures import _tiers

    counts = place_rows([(1, "b", 1), (2, "a", 1), (3, "zz", 1), (4, "b", 1), (5, "a", 1)])
    tier = np.array([2, 0, 2, 2, 1])
    layers = tuple(layer for layer in load_taxonomy().layers[:2])
    names = [layers[1].name, layers[0].name, "zz", layers[1].name, layers[0].name]
    counts = dataclasses.replace(counts, layer=np.array(names))
    split = _tiers(counts, tier, layers)
    assert [rows.place.tolist() for rows in split[layers[0].name]] == [[2], [5], []]
    assert [rows.place.tolist() for rows in split[layers[1].name]] == [[], [], [1, 4]]  # a layer not drawn: left out


def test_the_panel_names_the_words_its_search_left_out():
    from dashboard.callbacks import unsearched_note

    assert unsearched_note(()) == ""
    assert unsearched_note(("e",)) == "; not searched for: “e”, part of too many words (type more of it)"
    assert "“e”, “an”" in unsearched_note(("e", "an")) and "more of them" in unsearched_note(("e", "an"))


def test_groups_are_numbered_as_numpy_unique_would_and_list_their_most_claimed_places_first():
    from dashboard.figures import _dense, _group_texts

    labels = np.array([7, 3, 7, 9, 3, 3])
    assert _dense(labels, 10).tolist() == np.unique(labels, return_inverse=True)[1].tolist()
    rows = place_rows([(4, "a", 2), (2, "a", 5), (9, "a", 2), (6, "a", 1), (3, "a", 2)])
    group = np.array([0, 0, 0, 1, 0])
    texts = _group_texts(rows, group, np.bincount(group, weights=rows.n_claims))
    assert texts == ["4 places · 11 claims: place 2, place 3, place 4, place 9", "1 places · 1 claims: place 6"]


PAGE_PLOTLY = Path(__file__).resolve().parents[1] / "assets" / "plotly" / "plotly-map.min.js"


def test_the_pages_own_plotly_draws_every_trace_type_the_figures_use_at_the_packages_version(seeded):
    """The page loads a plotly.js built with some trace types (scripts/install_plotly_bundle.sh): a
    figure with another type would draw nothing there; the same version as the plotly package's."""
    from plotly.offline import get_plotlyjs_version

    banner = PAGE_PLOTLY.open(encoding="utf-8").readline()
    bundled = {name.strip() for name in re.search(r"traces: ([\w, ]+)", banner).group(1).split(",")}
    chosen = {"id": 1, "lat": 10.0, "lon": 20.0, "name": "A town"}
    counts = seeded.place_counts(ClaimFilter())
    ids = choose_shapes(counts, seeded.geometries)
    figures = [map_figure(counts, Shapes(ids, "/areas"), load_taxonomy().layers, "/basemap", chosen=chosen),
               timeline_figure([(date(2024, 5, 1), 3)], None, None)]  # fmt: skip
    used = {trace["type"] for figure in figures for trace in figure["data"]}
    assert {"scattermap", "choroplethmap", "bar"} <= used
    assert used <= bundled, f"not in the page's plotly.js: {used - bundled}"
    assert banner.startswith(f"/*! plotly.js {get_plotlyjs_version()} ")


def test_the_pages_own_plotly_names_no_other_host():
    """plotly.js's defaults name tile, style, glyph and CDN hosts; the bundle the page loads is emptied of
    them (scripts/offline_plotly_bundle.py), so no default can make a request outside the portal."""
    bundle = _offline_bundle_module()
    assert bundle.outside_addresses(PAGE_PLOTLY.read_text(encoding="utf-8")) == []


def test_emptying_a_bundles_addresses_keeps_namespaces_escapes_and_licences():
    bundle = _offline_bundle_module()
    script = (
        'a="https://basemaps.example/style.json",b=`https://cdn.example/icons/${p}.svg`,'
        'c="http://www.w3.org/2000/svg",d="/* see https://example.org/LICENSE\\n */"'
        "\n/*! Bundled license information:\n https://example.org/LICENSE */"
    )
    emptied = bundle.without_outside_addresses(script)
    assert emptied.startswith('a="",b=``,c="http://www.w3.org/2000/svg",d="/* see \\n */"')
    assert emptied.endswith("https://example.org/LICENSE */") and bundle.outside_addresses(emptied) == []
    # A style's glyphs and sprite on another host go with their key: an empty address is no valid style.
    style = '{id:"white-bg",layers:[],glyphs:"https://fonts.example/{fontstack}/{range}.pbf"},b={sprite:"https://s.example/s",x:1}'
    assert bundle.without_outside_addresses(style) == '{id:"white-bg",layers:[]},b={x:1}'


def _offline_bundle_module():
    import importlib.util

    path = Path(__file__).resolve().parents[1] / "scripts" / "offline_plotly_bundle.py"
    spec = importlib.util.spec_from_file_location("offline_plotly_bundle", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def corroborated_store(pipeline, store):
    """Two outlets state one fact at Goma, from two independent sources; Bukavu's claim stands alone."""
    from geo.documents import make_document

    texts = {
        "A": "Drones struck a fuel depot in Goma on Sunday, the Congolese army said. "
        "Shelling hit a market in Bukavu on Sunday, residents said.",
        "B": "Drones hit a fuel depot in Goma on Sunday, the UN mission MONUSCO said.",
    }
    for outlet, text in texts.items():
        store.add(pipeline.extract(make_document(text, {"outlet": outlet, "published": "2025-05-05"}, f"{outlet}.txt")))
    return store


def test_a_places_corroborated_claims_are_those_the_corroboration_filter_keeps(corroborated_store):
    """Counted in arrays beside its claims: at each place and layer, as many as the filter "at least
    2 independent sources" keeps there; a view that does not ask for them carries none."""
    counts = corroborated_store.place_counts(ClaimFilter(), corroborated=True)
    kept = corroborated_store.place_counts(ClaimFilter(min_sources=2))
    assert corroborated_store.place_counts(ClaimFilter()).n_corroborated is None
    by_place = dict(zip(_keys(kept), kept.n_claims.tolist(), strict=True))
    found = dict(zip(_keys(counts), counts.n_corroborated.tolist(), strict=True))
    assert {key: n for key, n in found.items() if n} == by_place
    named = {name: 0 for name in counts.name.tolist()}
    for name, n in zip(counts.name.tolist(), counts.n_corroborated.tolist(), strict=True):
        named[name] += n
    assert named["Goma"] >= 1 and named["Bukavu"] == 0
    assert (counts.n_corroborated <= counts.n_claims).all()


def _keys(counts: PlaceCounts) -> list[tuple[int, str]]:
    return list(zip(counts.place.tolist(), counts.layer.tolist(), strict=True))


def test_the_map_sizes_markers_by_corroboration_when_asked_and_says_so(corroborated_store):
    """Sized by claims, Goma's and Bukavu's markers (a claim each in the layer) are alike; sized by
    corroborated claims, Bukavu's (none) is the smaller. The legend says which, and a place's hover
    gives both counts."""
    layers = load_taxonomy().layers
    shapes = Shapes((), "/map/areas.geojson?v=1")

    def drawn(corroborated):
        counts = corroborated_store.place_counts(ClaimFilter(), corroborated=corroborated)
        figure = map_figure(counts, shapes, layers, "/assets/boundaries/countries-110m.geojson")
        markers = {}
        for trace in figure["data"]:
            if trace["type"] == "scattermap" and trace.get("text"):
                for data, text, size in zip(trace["customdata"], trace["text"], trace["marker"]["size"], strict=True):
                    if data[0] != "group":
                        markers[(text.split(" · ")[0], data[1])] = (size, text)
        return figure["layout"]["legend"]["title"]["text"], markers

    title, by_claims = drawn(False)
    corroborated_title, by_corroboration = drawn(True)
    assert title == "Layers · size: claims" and "independent sources" in corroborated_title
    goma, bukavu = ("Goma", "front_line"), ("Bukavu", "front_line")
    assert by_claims[goma][0] == by_claims[bukavu][0]
    assert by_corroboration[goma][0] > by_corroboration[bukavu][0]
    assert by_corroboration[goma][1] == "Goma · 1 claim, 1 corroborated"
    assert by_corroboration[bukavu][1] == "Bukavu · 1 claim, 0 corroborated"


def test_the_maps_size_choice_is_part_of_the_view():
    view = View(size_by="corroborated", min_sources=2)
    assert view.to_query() == "?corroborated=2&size=corroborated"
    assert View.from_query(view.to_query()) == view
    assert View.from_query("?size=anything").size_by == "claims"
    assert view_from_controls(controls_from_view(view, LAYERS), LAYERS, View()) == view
    assert claim_filter(controls_from_view(view, LAYERS), LAYERS) == View(min_sources=2).claim_filter()


def test_the_legend_writes_its_counts_as_the_header_does():
    from types import SimpleNamespace

    from dashboard.figures import _legend_name

    layer, symbol = SimpleNamespace(label="Other mentions"), SimpleNamespace(glyph="◎")
    tiers = (SimpleNamespace(size=3_000), SimpleNamespace(size=972))
    assert _legend_name(layer, tiers, symbol) == "◎ Other mentions · 3,972 places"
