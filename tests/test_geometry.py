import pytest
from shapely.geometry import MultiPolygon, Point, box

from geo.geometry import buffer_km, directional_part, shared_border, to_geojson, unwrap_antimeridian


def test_buffer_is_sized_on_the_ground_not_in_degrees():
    circle = buffer_km(Point(30.0, 60.0), 50)
    minx, miny, maxx, maxy = circle.bounds
    assert (maxy - miny) * 111.32 == pytest.approx(100, rel=0.02)
    # At 60°N a degree of longitude is half as long, so the circle is twice as wide in degrees.
    assert (maxx - minx) == pytest.approx(2 * (maxy - miny), rel=0.03)


def test_eastern_part_is_the_eastern_share_of_the_region():
    region = box(20, 40, 40, 50)
    east = directional_part(region, "east")
    assert east.bounds == pytest.approx((32, 40, 40, 50))
    assert directional_part(region, "southwest").bounds == pytest.approx((20, 40, 28, 44))


def test_directional_part_works_across_the_antimeridian():
    # A region from 170°E to 170°W, split at 180° as Natural Earth stores it.
    region = MultiPolygon([box(170, 60, 180, 70), box(-180, 60, -170, 70)])
    east = directional_part(region, "east")
    assert east.bounds == pytest.approx((-178, 60, -170, 70))  # 182°E–190°E, brought back west of 180°
    assert east.area == pytest.approx(0.4 * region.area)
    assert unwrap_antimeridian(region).bounds == pytest.approx((170, 60, 190, 70))


def test_a_part_leaves_out_outlying_pieces_but_not_half_the_country():
    mainland, island = box(0, 40, 10, 50), box(20, 40, 21, 41)  # an island 1,000 km off, 1% of the area
    east = directional_part(MultiPolygon([mainland, island]), "east")
    assert east.bounds == pytest.approx((6, 40, 10, 50))  # the mainland's east, not the island and the sea
    # Two halves apart (East and West Malaysia) are both the country.
    halves = MultiPolygon([box(0, 0, 5, 5), box(20, 0, 25, 5)])
    assert directional_part(halves, "east").bounds == pytest.approx((20, 0, 25, 5))


def test_shared_border_is_a_band_along_the_common_edge():
    west, east = box(0, 0, 10, 10), box(10, 0, 20, 10)
    band = shared_border(west, east, width_km=20)
    minx, miny, maxx, maxy = band.bounds
    assert minx < 10 < maxx and maxx - minx < 0.5
    assert maxy - miny > 9.9


def test_regions_that_do_not_touch_have_no_border():
    with pytest.raises(ValueError):
        shared_border(box(0, 0, 1, 1), box(5, 5, 6, 6))


def test_regions_far_apart_are_told_apart_without_buffering_either(monkeypatch):
    from shapely.geometry import Polygon

    def no_buffer(*args, **kwargs):
        raise AssertionError("buffered a region whose box is far from the other's")

    monkeypatch.setattr(Polygon, "buffer", no_buffer)
    with pytest.raises(ValueError):
        shared_border(box(0, 0, 1, 1), box(5, 5, 6, 6))
    with pytest.raises(AssertionError):  # boxes that nearly touch are measured as before
        shared_border(box(0, 0, 1, 1), box(1.04, 0, 2, 1))


def test_geojson_output_is_plain_and_rounded():
    geometry = to_geojson(Point(30.123456789, 50.987654321))
    assert geometry["type"] == "Point"
    assert geometry["coordinates"] == pytest.approx((30.1235, 50.9877))


def test_containment_matches_geos_inside_and_outside_the_box(pipeline):
    import numpy as np
    import shapely

    boundaries = pipeline.boundaries
    ukraine = boundaries.polygon("country:UA")
    west, south, east, north = ukraine.bounds
    rng = np.random.default_rng(7)
    lons = rng.uniform(west - 5, east + 5, 400)
    lats = rng.uniform(south - 5, north + 5, 400)
    expected = shapely.contains_xy(ukraine, lons, lats)
    assert expected.any() and not expected.all()
    assert [boundaries.contains("country:UA", x, y) for x, y in zip(lons, lats, strict=True)] == expected.tolist()
    assert not boundaries.contains("city:703448", 30.5, 50.4)  # keys without a polygon hold nothing
    assert boundaries.contains_many("country:UA", lons, lats).tolist() == expected.tolist()
    assert not boundaries.contains_many("city:703448", lons, lats).any()


def test_a_point_outside_a_stored_box_is_answered_without_reading_the_polygon(pipeline, settings):
    """The stored boxes of the regions (``geo.place_shapes``) tell most points apart: a region a process
    has not met is read only for a point within its box."""
    import numpy as np

    from geo.geometry import Boundaries
    from geo.place_shapes import place_shapes

    fresh = Boundaries(settings.boundaries_dir, settings.cache_dir)
    place_shapes(pipeline.gazetteer, fresh, settings.cache_dir)
    assert fresh.bounds("admin1:US-ohio") == pipeline.boundaries.polygon("admin1:US-ohio").bounds
    assert not fresh.contains("admin1:US-ohio", 30.5, 50.4)  # Kyiv
    assert not fresh.contains_many("admin1:US-ohio", np.array([30.5, 2.35]), np.array([50.4, 48.86])).any()
    assert "admin1:US-ohio" not in fresh._shapes
    assert fresh.contains("admin1:US-ohio", -82.99, 39.96)  # Columbus
    assert "admin1:US-ohio" in fresh._shapes


def test_a_point_is_put_on_the_grid_as_geos_puts_it():
    """A town's point skips GEOS's precision model: the same coordinates to the last bit, halves
    rounded up, a small negative value to -0.0 (JSON writes "-0.0"), and what lies between."""
    import math

    import numpy as np
    import shapely

    from geo.geometry import COORDINATE_GRID_DEG

    chooser = np.random.default_rng(16)
    xs = np.concatenate([
        chooser.uniform(-180, 180, 20_000),
        (chooser.integers(-1_800_000, 1_800_000, 5_000) + 0.5) * COORDINATE_GRID_DEG,  # halves of the grid
        chooser.uniform(-3 * COORDINATE_GRID_DEG, 3 * COORDINATE_GRID_DEG, 5_000),  # about zero
        [-0.0, 0.0, -0.00005, 0.00005, 4.9999999999999994e-05, -4.9999999999999994e-05, 179.99995],
    ])  # fmt: skip
    ys = chooser.uniform(-90, 90, len(xs))
    for x, y in zip(xs.tolist(), ys.tolist(), strict=True):
        ours = to_geojson(Point(x, y))
        geos = shapely.get_coordinates(shapely.set_precision(Point(x, y), COORDINATE_GRID_DEG))[0].tolist()
        assert ours["type"] == "Point" and isinstance(ours["coordinates"], tuple)
        assert [(c, math.copysign(1, c)) for c in ours["coordinates"]] == [(c, math.copysign(1, c)) for c in geos]


def test_a_towns_disc_is_the_buffer_of_its_point_to_the_last_bit():
    """ "near X" draws a disc without shapely's affine helpers: the same polygon as ``buffer_km`` of the
    point, byte for byte, anywhere (the whole gazetteer's towns were compared once; these are a sample
    with the poles, where the stretch stops at 0.05, the equator, the antimeridian and zeros)."""
    import numpy as np
    import shapely

    from geo.geometry import disc_km

    chooser = np.random.default_rng(16)
    lons = [*chooser.uniform(-180, 180, 2_000), 0.0, -0.0, 180.0, -180.0, 179.99, 12.5, -71.25, 0.0]
    lats = [*chooser.uniform(-89.9, 89.9, 2_000), 0.0, -0.0, 89.99, -89.99, 88.0, -88.0, 0.0, 60.0]
    for lon, lat in zip(lons, lats, strict=True):
        for radius_km in (15.0, 25.0, 40.0):
            ours = disc_km(float(lon), float(lat), radius_km)
            assert shapely.to_wkb(ours) == shapely.to_wkb(buffer_km(Point(lon, lat), radius_km))
