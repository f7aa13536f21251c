import dataclasses

import pytest
import shapely

from geo import geometry
from geo.geometry import Boundaries
from geo.place_shapes import load_stored_shapes, place_shapes, unpacked
from geo.places import find_place_mentions
from geo.resolve import DIRECTION_ADJECTIVES, resolve_mentions

TEXT = "Floods hit Queensland and Ohio County, while the Black Sea froze and Europe and Kenya watched."
AREAS = ("country:KE", "macro:continent-eu", "admin1:AU-queensland")


def _small(gazetteer, keys, **renamed):
    entries = {k: gazetteer.entry(k)._replace(**renamed) for k in keys}
    return dataclasses.replace(gazetteer, entries=entries)


def test_a_fresh_process_reads_the_shapes_of_areas_instead_of_building_them(pipeline, settings, monkeypatch):
    gazetteer, boundaries = pipeline.gazetteer, pipeline.boundaries
    mentions = find_place_mentions(TEXT, gazetteer)
    built = resolve_mentions(TEXT, mentions, gazetteer, boundaries, {})
    assert {p.feature for p in built} >= {"country", "admin1", "admin2", "macro", "natural"}

    def no_building(*args, **kwargs):
        raise AssertionError("an area's shape was built again")

    monkeypatch.setattr(geometry, "to_geojson", no_building)
    monkeypatch.setattr(geometry, "union", no_building)
    fresh = Boundaries(settings.boundaries_dir, settings.cache_dir)
    stored = place_shapes(gazetteer, fresh, settings.cache_dir)
    assert resolve_mentions(TEXT, mentions, gazetteer, fresh, stored) == built


@pytest.mark.parametrize(
    "text, features, not_again",
    [
        # A country's compass part is read, not cut again…
        ("Shelling went on in eastern Ukraine and in northwest Syria.", ["part", "part"], "directional_part"),
        # …and a large town's "near X" disc, not drawn again.
        ("Fighting continued near Kharkiv and in the Donetsk area.", ["area", "area"], "disc_km"),
    ],
)
def test_a_fresh_process_reads_a_shape_instead_of_making_it(pipeline, settings, monkeypatch, text, features, not_again):
    gazetteer = pipeline.gazetteer
    mentions = find_place_mentions(text, gazetteer)
    built = resolve_mentions(text, mentions, gazetteer, pipeline.boundaries, {})
    assert [p.feature for p in built] == features

    def made_again(*args, **kwargs):
        raise AssertionError(f"a shape was made again ({not_again})")

    monkeypatch.setattr(geometry, "to_geojson", made_again)
    monkeypatch.setattr(geometry, not_again, made_again)
    fresh = Boundaries(settings.boundaries_dir, settings.cache_dir)
    stored = place_shapes(gazetteer, fresh, settings.cache_dir)
    assert resolve_mentions(text, mentions, gazetteer, fresh, stored) == built


def test_a_fresh_process_reads_a_continent_instead_of_joining_its_countries(pipeline, settings, monkeypatch):
    parts = pipeline.gazetteer.macro_parts["macro:continent-eu"]
    built = Boundaries(settings.boundaries_dir, settings.cache_dir).build_union(parts)
    fresh = Boundaries(settings.boundaries_dir, settings.cache_dir)
    place_shapes(pipeline.gazetteer, fresh, settings.cache_dir)

    def no_joining(*args, **kwargs):
        raise AssertionError("a continent's countries were joined again")

    monkeypatch.setattr(geometry, "union", no_joining)
    assert shapely.to_wkb(fresh.union(parts)) == shapely.to_wkb(built)


def test_the_stored_shapes_are_built_again_when_an_area_changes(pipeline, tmp_path):
    gazetteer, boundaries = pipeline.gazetteer, pipeline.boundaries
    small = _small(gazetteer, AREAS)
    shapes = load_stored_shapes(small, boundaries, tmp_path)["shapes"]
    assert sorted(key for form, _, (key,) in shapes if form == "name") == sorted(AREAS)
    assert {direction for form, direction, _ in shapes if form == "part"} == set(DIRECTION_ADJECTIVES)
    kenya = unpacked(shapes["name", None, ("country:KE",)])
    assert kenya.name == "Kenya" and kenya.geometry["type"] in ("Polygon", "MultiPolygon")
    first = sorted(p.name for p in tmp_path.iterdir())

    renamed = load_stored_shapes(_small(gazetteer, AREAS, name="Elsewhere"), boundaries, tmp_path)["shapes"]
    assert unpacked(renamed["name", None, ("country:KE",)]).name == "Elsewhere"
    second = sorted(p.name for p in tmp_path.iterdir())
    assert len(second) == 1 and second != first  # the older store is gone


def test_a_key_neither_met_nor_stored_is_missing(pipeline, settings):
    shapes = place_shapes(pipeline.gazetteer, pipeline.boundaries, settings.cache_dir)
    assert ("area", None, ("country:KE",)) not in shapes
    with pytest.raises(KeyError):
        shapes["area", None, ("country:KE",)]
