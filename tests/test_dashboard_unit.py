"""The dashboard's pieces as plain functions: figure and panel builders, click and filter parsing."""

from datetime import date

import pytest
from dash import html

from dashboard.callbacks import claim_filter, selected_from_click
from dashboard.figures import fit_view, map_figure, marker_size
from dashboard.panel import claims_panel
from geo.ingest import ingest_files
from geo.layers import load_taxonomy
from geo.store import ClaimFilter


@pytest.fixture
def seeded(pipeline, store, seed_path):
    ingest_files([seed_path], pipeline, store)
    return store


def figure_for(store, where=None):
    summaries = store.place_summaries(where or ClaimFilter())
    areas = store.geometries([r["id"] for r in summaries if r["feature"] != "city"])
    return map_figure(summaries, areas, load_taxonomy().layers, "/assets/boundaries/countries-110m.geojson")


def legend(figure):
    """Legend entries in the order the legend shows them."""
    return [t.name for t in sorted((t for t in figure.data if t.showlegend), key=lambda t: t.legendrank)]


def test_the_map_has_one_legend_entry_per_layer_in_taxonomy_order(seeded):
    assert legend(figure_for(seeded)) == [
        "Training sites (3)", "Front-line areas (2)", "Regions of origin (2)", "Other mentions (9)",
    ]  # fmt: skip


def test_an_empty_layer_keeps_its_legend_entry(seeded):
    figure = figure_for(seeded, ClaimFilter(sources=("Kim Yong-hyun",)))
    assert legend(figure) == [
        "Training sites (0)", "Front-line areas (1)", "Regions of origin (0)", "Other mentions (1)",
    ]  # fmt: skip


def test_the_map_asks_no_outside_host(seeded):
    layout = figure_for(seeded).layout.map
    assert layout.style == "white-bg"
    assert all(layer.source.startswith("/assets/") for layer in layout.layers)


def test_points_are_cities_and_areas_are_shapes(seeded):
    figure = figure_for(seeded)
    points = {name for trace in figure.data if trace.type == "scattermap" for name in trace.text or ()}
    areas = {name for trace in figure.data if trace.type == "choroplethmap" for name in trace.text or ()}
    assert any(name.startswith("Khabarovsk ·") for name in points)
    assert any(name.startswith("Eastern Russia ·") for name in areas)
    assert not any(name.startswith("Khabarovsk") for name in areas)


def test_marker_size_grows_with_claims():
    assert marker_size(1) < marker_size(4) < marker_size(100)


def test_view_fits_the_places_not_whole_countries():
    rows = [
        {"feature": "city", "lat": 50.0, "lon": 30.0},
        {"feature": "city", "lat": 48.0, "lon": 38.0},
        {"feature": "country", "lat": 60.0, "lon": 100.0},
    ]
    center, zoom = fit_view(rows)
    assert center == {"lat": 49.0, "lon": 34.0} and 3 < zoom < 7


def test_clicks_and_filters_from_the_browser():
    assert selected_from_click({"points": [{"customdata": [17, "training"]}]}) == 17
    assert selected_from_click({"points": [{}]}) is None
    where = claim_filter(["NIS"], "2024-10-01", "2024-10-31T00:00:00", ["known"])
    assert where == ClaimFilter(("NIS",), date(2024, 10, 1), date(2024, 10, 31), (), ("known",))
    assert claim_filter(None, None, None, []).certainties == ("none",)


def test_panel_shows_text_as_text(seeded):
    place_id = next(r["id"] for r in seeded.place_summaries(ClaimFilter()) if r["name"] == "Khabarovsk")
    claims = seeded.claims_at(place_id, ClaimFilter())
    claims[0]["text"] = "<script>alert(1)</script> in Khabarovsk"
    claims[0]["start"], claims[0]["mention_start"], claims[0]["mention_end"] = 0, 29, 39
    card = claims_panel(seeded.place(place_id), claims, {})[1].children[0]
    sentence = card.children[0].children
    assert sentence[0] == "<script>alert(1)</script> in " and isinstance(sentence[1], html.Mark)
