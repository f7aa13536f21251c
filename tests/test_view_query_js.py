"""The address the browser writes (assets/view_query.js) is the one the server reads: the same
views give the same query as ``View.to_query``, and clicks, moves and brushes read as they did
on the server. Run in Node, which the browser tests' machine has; skipped without it."""

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import parse_qsl

import pytest

from dashboard.callbacks import controls_from_view
from dashboard.view_state import View

SCRIPT = Path(__file__).resolve().parent.parent / "assets" / "view_query.js"
LAYERS = ["military", "training", "logistics", "civilian"]

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="Node is not installed")


def run_js(calls: list[tuple[str, list]]) -> list:
    """Each call's answer from the asset's functions, in one Node process."""
    program = (
        f"require({json.dumps(str(SCRIPT))});"
        f"const calls = {json.dumps(calls)};"
        "process.stdout.write(JSON.stringify(calls.map(([f, args]) => globalThis.claimsmap_query[f](...args))));"
    )
    out = subprocess.run(["node", "-e", program], capture_output=True, text=True, check=True, timeout=30)
    return json.loads(out.stdout)


VIEWS = [
    View(),
    View(
        sources=("ISW", "Mr Turner & co"),
        layers=("training",),
        certainties=("known", "claimed"),
        date_from="2024-10-01",
        date_basis="published",
        undated=True,
        text="north korean",
        place=12,
        map_view={"lat": 48.5, "lon": 37.9, "zoom": 5.0},
        embed=True,
    ),  # fmt: skip
    View(outlets=("Le Monde",), certainties=(), date_to="2024-10-31", min_sources=3, contested=True),
    View(min_sources=2, size_by="corroborated", place=5),
    View(layers=("none",), text="a/b?c=d é", map_view={"lat": -33.8688, "lon": 151.209, "zoom": 11.25}),
]


@pytest.mark.parametrize("view", VIEWS, ids=range(len(VIEWS)))
def test_the_browser_writes_the_query_the_server_writes(view):
    controls = controls_from_view(view, LAYERS)
    written = run_js([("compose", [controls, LAYERS, view.place, view.map_view or None, view.embed])])[0]
    assert parse_qsl(written.lstrip("?")) == parse_qsl(view.to_query().lstrip("?"))
    assert View.from_query(written) == view


def test_controls_as_the_browser_holds_them_are_bounded_as_the_server_bounds_them():
    controls = [["ISW", "ISW", 3], [], LAYERS, ["reported", "known", "maybe"], "2024-10-01T00:00:00", "2024-02-30",
                "claim", "  many   spaces " + " w" * 20, "40", ["contested"], []]  # fmt: skip
    written = run_js([("compose", [controls, LAYERS, "12", None, False])])[0]
    assert View.from_query(written) == View(sources=("ISW",), certainties=("known", "reported"),
                                            date_from="2024-10-01", text="many spaces " + " ".join(["w"] * 6),
                                            min_sources=20, contested=True, place=12)  # fmt: skip


def test_clicks_moves_and_brushes_read_as_the_server_reads_them():
    group = {"points": [{"customdata": ["group", 43.3, 131.9, 2.0]}]}
    answers = run_js([
        ("clickedPlace", [{"points": [{"customdata": [17, "training"]}]}]),
        ("clickedPlace", [{"points": [{}]}]),
        ("clickedPlace", [group]),
        ("groupZoom", [group]),
        ("groupZoom", [{"points": [{"customdata": ["group", 43.3]}]}]),
        ("groupZoom", [{"points": [{"customdata": [17, "training"]}]}]),
        ("movedTo", [{"map.center": {"lat": 48.51234, "lon": 37.9}, "map.zoom": 5.123}]),
        ("movedTo", [{"map.center": {"lat": 10, "lon": 200}, "map.zoom": 3}]),
        ("movedTo", [{"autosize": True}]),
        ("brushedDays", [{"range": {"x": ["2024-10-03 12:00", "2024-10-20"]}}]),
        ("brushedDays", [None]),
        ("links", ["?q=troops", ["export/claims.csv", "export/places.geojson?q=old", "export/snapshot.html"]]),
        ("links", ["", ["export/claims.csv", "export/places.geojson", "export/snapshot.html"]]),
    ])  # fmt: skip
    assert answers[:3] == [17, None, None]
    assert answers[3] == {"group": True, "mapView": {"lat": 43.3, "lon": 131.9, "zoom": 4.5}}
    assert answers[4:6] == [{"group": True, "mapView": None}, {"group": False}]
    assert answers[6:9] == [{"lat": 48.5123, "lon": 37.9, "zoom": 5.12}, {"lat": 10, "lon": -160, "zoom": 3}, None]
    assert answers[9:11] == [["2024-10-03", "2024-10-20"], [None, None]]
    assert answers[11] == ["export/claims.csv?q=troops", "export/places.geojson?q=troops",
                           "export/snapshot.html?q=troops", "export/claims.csv?q=troops&bom=1"]  # fmt: skip
    assert answers[12][3] == "export/claims.csv?bom=1"


def test_a_group_click_zooms_in_as_far_as_the_map_draws_groups_apart():
    from dashboard.figures import GROUP_ZOOM_STEP

    drawn_at = 3.0
    zoomed = run_js([("groupZoom", [{"points": [{"customdata": ["group", 1.0, 2.0, drawn_at]}]}])])[0]
    assert zoomed["mapView"]["zoom"] == drawn_at + GROUP_ZOOM_STEP
