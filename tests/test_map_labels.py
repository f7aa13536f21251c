"""The map's place names: which places are named from which zoom, and glyphs from the app's own host."""

import numpy as np
import plotly.graph_objects
import pytest

from dashboard.figures import LABEL_FONT, LABEL_TIERS, Shapes, label_layers, map_figure
from dashboard.glyphs import GLYPHS_DIR, empty_range
from geo.claim_index import PlaceCounts
from geo.layers import load_taxonomy


def counts_of(n_places: int, two_layers: int | None = None) -> PlaceCounts:
    """Towns 0..n-1 along a line, town i named by n - i claims (the first the most)."""
    rows = [{"id": i, "layer": "other", "n_claims": n_places - i, "name": f"Town {i}", "feature": "city",
             "lat": 10.0, "lon": float(i)} for i in range(n_places)]  # fmt: skip
    if two_layers is not None:
        rows.append({**rows[two_layers], "layer": "training", "n_claims": 1000})
    return PlaceCounts.from_rows(rows)


def named_from(layers: list[dict]) -> dict[str, float]:
    """Each named place and the zoom its label shows from."""
    return {f["properties"]["name"]: layer["minzoom"] for layer in layers for f in layer["source"]["features"]}


def test_the_most_claimed_places_are_named_at_every_zoom_the_rest_closer_in():
    counts = counts_of(300)
    named = named_from(label_layers(counts, np.zeros(counts.size, bool)))
    first_tier = LABEL_TIERS[0][0]
    assert named["Town 0"] == 0 and named[f"Town {first_tier - 1}"] == 0
    assert named[f"Town {first_tier}"] > 0 and named["Town 299"] >= named[f"Town {first_tier}"]
    assert len(named) == 300  # all of them, from some zoom on


def test_the_most_claimed_places_labels_are_placed_first_so_they_win_a_collision():
    counts = counts_of(300)
    layers = label_layers(counts, np.zeros(counts.size, bool))
    assert layers[-1]["minzoom"] == 0 and layers[-1]["source"]["features"][0]["properties"]["name"] == "Town 0"
    assert [layer["minzoom"] for layer in layers] == sorted((layer["minzoom"] for layer in layers), reverse=True)


def test_a_place_in_two_layers_is_named_once_ranked_by_all_its_claims():
    counts = counts_of(100, two_layers=99)
    layers = label_layers(counts, np.zeros(counts.size, bool))
    names = [f["properties"]["name"] for layer in layers[::-1] for f in layer["source"]["features"]]
    assert names.count("Town 99") == 1 and names[0] == "Town 99"  # placed first: 1000 claims in its second layer


def test_areas_drawn_as_shapes_are_named_in_their_own_layer():
    counts = counts_of(3)
    layers = label_layers(counts, np.array([True, False, False]))
    areas = [layer for layer in layers if "area" in layer["name"]]
    assert named_from(areas) == {"Town 0": 0}
    assert all(layer["symbol"]["textfont"]["family"] == LABEL_FONT for layer in layers)


def test_the_label_layers_are_as_many_whatever_the_view():
    """A filter that leaves a tier no area (or no place) keeps its layers, empty: when their number
    changes, Plotly removes every layer of the map's layout and adds them again (all tiled anew)."""
    few, many = counts_of(3), counts_of(300)
    layers = [label_layers(counts, shapes) for counts, shapes in
              ((few, np.zeros(3, bool)), (many, np.zeros(300, bool)), (many, np.arange(300) % 2 == 0))]  # fmt: skip
    assert len({tuple(layer["name"] for layer in drawn) for drawn in layers}) == 1
    assert named_from(layers[0]) == {"Town 0": 0, "Town 1": 0, "Town 2": 0}


def test_labels_need_the_apps_own_glyphs_and_a_snapshot_has_none():
    counts, layers = counts_of(5), load_taxonomy().layers
    shapes = Shapes((), "/map/areas.geojson")
    labelled = map_figure(counts, shapes, layers, "/b.geojson", glyphs_url="/glyphs/{fontstack}/{range}.pbf")
    plotly.graph_objects.Figure(labelled)  # a valid Plotly figure
    assert labelled["layout"]["map"]["style"]["glyphs"] == "/glyphs/{fontstack}/{range}.pbf"
    assert any(layer["type"] == "symbol" for layer in labelled["layout"]["map"]["layers"])
    plain = map_figure(counts, shapes, layers, "/b.geojson")  # a snapshot file: no host to ask for glyphs
    assert plain["layout"]["map"]["style"] == "white-bg"
    assert not any(layer["type"] == "symbol" for layer in plain["layout"]["map"]["layers"])


@pytest.fixture
def seeded_app_client(sqlite_store, settings):
    from dashboard.app import create_app

    return create_app(sqlite_store, settings, url_prefix="/portal/").server.test_client()


def test_the_app_serves_every_glyph_range_maplibre_asks_for(seeded_app_client):
    latin = seeded_app_client.get("/portal/glyphs/Open Sans Regular,Arial Unicode MS Regular/0-255.pbf")
    assert latin.status_code == 200 and latin.data == (GLYPHS_DIR / "0-255.pbf").read_bytes()
    assert len(latin.data) > 10_000  # 256 glyphs' distance fields
    cyrillic = seeded_app_client.get("/portal/glyphs/Open Sans Regular/1024-1279.pbf")
    assert cyrillic.status_code == 200 and len(cyrillic.data) > 10_000
    unbuilt = seeded_app_client.get("/portal/glyphs/Open Sans Regular/19968-20223.pbf")  # CJK: not in the font
    assert unbuilt.status_code == 200 and unbuilt.data == empty_range("Open Sans Regular", 19968)
    assert seeded_app_client.get("/portal/glyphs/Open Sans Regular/1-300.pbf").status_code == 404


def test_an_empty_range_is_a_valid_glyphs_message():
    body = empty_range("Open Sans Regular", 256)
    # glyphs.stacks (field 1, bytes) holding name (1) and range (2)
    assert body[0] == 0x0A and body[2] == 0x0A and b"Open Sans Regular" in body and body.endswith(b"256-511")


def test_the_style_holds_no_empty_object_a_redraw_would_drop():
    """Dropped, the style differs from the one drawn, and Plotly sets it again, losing the map's layers."""
    from dashboard.figures import own_style

    def empties(value) -> int:
        if isinstance(value, dict):
            return (not value) + sum(empties(v) for v in value.values())
        return sum(empties(v) for v in value) if isinstance(value, list) else 0

    assert empties(own_style("/glyphs/{fontstack}/{range}.pbf")) == 0
    counts = counts_of(20)
    assert empties(label_layers(counts, np.zeros(counts.size, bool))) == 0


def _fields(data: bytes):
    """A protobuf message's (field number, value) pairs: varints as ints, length-delimited as bytes."""
    at = 0
    while at < len(data):
        key, at = _varint(data, at)
        if key & 7 == 0:
            value, at = _varint(data, at)
        else:
            length, at = _varint(data, at)
            value, at = data[at : at + length], at + length
        yield key >> 3, value


def _varint(data: bytes, at: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[at]
        value, shift, at = value | (byte & 0x7F) << shift, shift + 7, at + 1
        if not byte & 0x80:
            return value, at


def test_the_built_latin_range_holds_distance_fields_maplibre_can_draw():
    """As MapLibre reads it: each glyph's bitmap is its box plus a 3 px border, edge at 192 of 255."""
    [(_, stack)] = list(_fields((GLYPHS_DIR / "0-255.pbf").read_bytes()))
    fields = list(_fields(stack))
    assert (1, b"Open Sans Regular") in fields and (2, b"0-255") in fields
    glyphs = {g[1]: g for g in (dict(_fields(value)) for number, value in fields if number == 3)}
    assert set(range(ord("a"), ord("z") + 1)) <= set(glyphs) and ord("é") in glyphs
    letter = glyphs[ord("H")]
    assert len(letter[2]) == (letter[3] + 6) * (letter[4] + 6)
    assert 12 <= letter[4] <= 20 and 8 <= letter[7] <= 20  # a capital's height and advance at a 24 px em
    assert max(letter[2]) > 192 > min(letter[2])  # inside the outline and out
    assert 2 not in glyphs[ord(" ")] and glyphs[ord(" ")][7] > 0  # a space: no bitmap, an advance
