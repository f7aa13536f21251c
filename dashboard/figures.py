"""Pure figure builders: place summaries in, plain plotly figure dicts out.

The map uses MapLibre traces on the blank "white-bg" style, which loads nothing
from other hosts; countries are drawn from our own GeoJSON, served by the app.
One marker per place (sized by its claims), never one per claim.
"""

from __future__ import annotations

import json
import math
from datetime import date, timedelta

import numpy as np

from geo.geometry import compact
from geo.layers import Layer

POINT_FEATURES = ("city",)
DEFAULT_CENTER = {"lat": 50.0, "lon": 60.0}
DEFAULT_ZOOM = 1.6
AREA_OPACITY = 0.35
COUNTRY_OPACITY = 0.12
WIDE_FEATURES = ("country", "macro", "natural")
DAY_MS = 86_400_000
MAX_FIT_ZOOM = 6.0
MAX_AREAS = 300  # shapes drawn at once; the rest of the areas become points
CLUSTER_RADIUS_PX = 12.0  # points closer than this on screen are one group marker
GROUP_ZOOM_STEP = 2.5  # clicking a group zooms in this much  # one town alone is shown with its region around it
MAP_WIDTH_PX = 700  # a typical width of the map pane, to choose a zoom that fits the places


def map_figure(
    summaries: list[dict],
    geometries: dict[int, dict],
    layers: tuple[Layer, ...],
    basemap_url: str | dict,
    selected_place: int | None = None,
    map_view: dict | None = None,
) -> dict:
    """Three tiers, so the smaller a place the higher it is drawn and the easier it is to click:
    countries and macro-regions at the bottom, then regions and areas, then points.
    One legend entry per layer, kept even when a filter empties the layer.

    A plain figure dict, not a ``go.Figure``: validating and copying thousands of polygons through
    plotly's graph objects cost most of a filter change's time."""
    if map_view:
        center, zoom = {"lat": map_view["lat"], "lon": map_view["lon"]}, map_view["zoom"]
    else:
        center, zoom = fit_view(summaries)
    drawn = areas_to_draw(summaries, geometries)
    tiers = {layer.name: _tiers(layer, summaries, drawn) for layer in layers}
    ranks = {layer.name: rank + 1 for rank, layer in enumerate(layers)}
    data = []
    for tier in range(3):
        for layer in layers:
            rows = tiers[layer.name]
            legend = _legend_name(layer, rows) if _legend_tier(rows) == tier else None
            if tier < 2:
                data.append(_area_trace(layer, rows[tier], geometries, legend))
            else:
                clusters = cluster_points(rows[tier], zoom)
                data.append(_point_trace(layer, [c[0] for c in clusters if len(c) == 1], legend, selected_place))
                data.append(_cluster_trace(layer, [c for c in clusters if len(c) > 1], zoom))
    for trace in data:
        trace["legendrank"] = ranks[trace["legendgroup"]]
    layout = dict(
        map={
            "style": "white-bg",
            "center": center,
            "zoom": zoom,
            "layers": _basemap_layers(basemap_url),
        },
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        legend={
            "title": {"text": "Layers"},
            "x": 0.01,
            "y": 0.99,
            "xanchor": "left",
            "yanchor": "top",
            "bgcolor": "rgba(255,255,255,0.9)",
            "bordercolor": "#ced4da",
            "borderwidth": 1,
            "itemclick": "toggle",
            "groupclick": "togglegroup",
        },  # fmt: skip
        # Filters redraw the data without resetting pan and zoom; a view opened from a URL moves the map.
        uirevision=json.dumps(map_view, sort_keys=True) if map_view else "fit",
        clickmode="event",
    )
    return {"data": data, "layout": layout}


def areas_to_draw(summaries: list[dict], geometries: dict[int, dict], budget: int = MAX_AREAS) -> set[int]:
    """The areas drawn as shapes: those most claims name, up to the budget. The others are drawn as
    points at their centre, so a view of thousands of regions stays light to send and to draw."""
    claims: dict[int, int] = {}
    for row in summaries:
        if row["feature"] not in POINT_FEATURES and row["id"] in geometries:
            claims[row["id"]] = claims.get(row["id"], 0) + row["n_claims"]
    return set(sorted(claims, key=lambda i: (-claims[i], i))[:budget])


def _tiers(layer: Layer, summaries: list[dict], drawn: set[int]) -> tuple[list, list, list]:
    rows = [r for r in summaries if r["layer"] == layer.name]
    areas = [r for r in rows if r["id"] in drawn]
    points = [r for r in rows if r["id"] not in drawn]
    wide = [r for r in areas if r["feature"] in WIDE_FEATURES]
    return wide, [r for r in areas if r["feature"] not in WIDE_FEATURES], points


def _legend_tier(tiers: tuple[list, list, list]) -> int:
    """The tier whose trace carries the layer's legend entry: points first, an empty point trace last."""
    return next((t for t in (2, 1, 0) if tiers[t]), 2)


def fit_view(summaries: list[dict]) -> tuple[dict, float]:
    """Centre and zoom that show every place but whole countries and macro-regions."""
    rows = [r for r in summaries if r["feature"] not in WIDE_FEATURES] or summaries
    if not rows:
        return DEFAULT_CENTER, DEFAULT_ZOOM
    lats, lons = [r["lat"] for r in rows], [r["lon"] for r in rows]
    span = max(max(lons) - min(lons), (max(lats) - min(lats)) * 1.6, 2.0)
    zoom = math.log2(360 * MAP_WIDTH_PX / 512 / (span * 1.3))
    center = {"lat": (max(lats) + min(lats)) / 2, "lon": (max(lons) + min(lons)) / 2}
    return center, round(min(max(zoom, 0.5), MAX_FIT_ZOOM), 2)


def _legend_name(layer: Layer, tiers: tuple[list, list, list]) -> str:
    return f"{layer.label} ({sum(len(rows) for rows in tiers)})"


def _point_trace(layer: Layer, rows: list[dict], legend: str | None, selected_place: int | None) -> dict:
    # An empty layer keeps its legend entry through one invisible point with no position.
    return dict(
        type="scattermap",
        name=legend or layer.label,
        legendgroup=layer.name,
        showlegend=legend is not None,
        lat=[r["lat"] for r in rows] or [None],
        lon=[r["lon"] for r in rows] or [None],
        mode="markers",
        marker={
            "size": [marker_size(r["n_claims"]) for r in rows],
            "color": layer.color,
            "opacity": [1.0 if r["id"] == selected_place else 0.85 for r in rows],
        },
        customdata=[[r["id"], layer.name] for r in rows],
        text=[_hover_text(r) for r in rows],
        hovertemplate="<b>%{text}</b><extra>" + layer.label + "</extra>",
    )


def cluster_points(rows: list[dict], zoom: float, radius_px: float = CLUSTER_RADIUS_PX) -> list[list[dict]]:
    """Points that would overlap on screen at this zoom, grouped (biggest first claims the spot),
    so every place stays clickable: a group is one marker that zooms in when clicked. Groups are
    looked up in a grid of cells as wide as the radius, so thousands of points take milliseconds."""
    scale = 512 * 2**zoom / 360  # pixels per degree of longitude at this zoom (Web Mercator)
    reach = radius_px * radius_px
    centres: list[tuple[float, float]] = []
    members: list[list[dict]] = []
    grid: dict[tuple[int, int], list[int]] = {}
    rows = sorted(rows, key=lambda r: (-r["n_claims"], r["id"]))
    lat = np.radians(np.clip([r["lat"] for r in rows], -85.0, 85.0))
    xs = (np.array([r["lon"] for r in rows], float) * scale).tolist()
    ys = (np.degrees(np.log(np.tan(np.pi / 4 + lat / 2))) * scale).tolist()
    for row, x, y in zip(rows, xs, ys, strict=True):
        cx, cy = int(x // radius_px), int(y // radius_px)
        home = None
        for cell in ((cx - 1, cy - 1), (cx - 1, cy), (cx - 1, cy + 1), (cx, cy - 1), (cx, cy),
                     (cx, cy + 1), (cx + 1, cy - 1), (cx + 1, cy), (cx + 1, cy + 1)):  # fmt: skip
            for i in grid.get(cell, ()):
                if (home is None or i < home) and (centres[i][0] - x) ** 2 + (centres[i][1] - y) ** 2 < reach:
                    home = i
        if home is None:
            grid.setdefault((cx, cy), []).append(len(centres))
            centres.append((x, y))
            members.append([row])
        else:
            members[home].append(row)
    return members


def _cluster_trace(layer: Layer, clusters: list[list[dict]], zoom: float) -> dict:
    """One marker per group of overlapping places, at their claim-weighted centre."""
    centres = [_centre(members) for members in clusters]
    return dict(
        type="scattermap",
        name=f"{layer.label} groups",
        legendgroup=layer.name,
        showlegend=False,
        lat=[c[0] for c in centres] or [None],
        lon=[c[1] for c in centres] or [None],
        mode="markers",
        marker={
            "size": [marker_size(sum(m["n_claims"] for m in members)) + 6 for members in clusters],
            "color": layer.color,
            "opacity": 0.6,
        },
        customdata=[["group", lat, lon, zoom] for lat, lon in centres],
        text=[_group_text(members) for members in clusters],
        hovertemplate="<b>%{text}</b><br>click to zoom in<extra>" + layer.label + "</extra>",
    )


def _centre(members: list[dict]) -> tuple[float, float]:
    weight = sum(m["n_claims"] for m in members)
    lat = sum(m["lat"] * m["n_claims"] for m in members) / weight
    lon = sum(m["lon"] * m["n_claims"] for m in members) / weight
    return round(lat, 4), round(lon, 4)


def _group_text(members: list[dict]) -> str:
    names = ", ".join(m["name"] for m in members[:4]) + (", …" if len(members) > 4 else "")
    return f"{len(members)} places · {sum(m['n_claims'] for m in members)} claims: {names}"


def _area_trace(layer: Layer, rows: list[dict], geometries: dict[int, dict], legend: str | None) -> dict:
    # Largest areas first, so smaller ones sit on top and stay clickable.
    rows = sorted(rows, key=lambda r: -_extent(geometries[r["id"]]))
    features = [{"type": "Feature", "id": str(r["id"]), "geometry": geometries[r["id"]]} for r in rows]
    return dict(
        type="choroplethmap",
        name=legend or f"{layer.label} areas",
        legendgroup=layer.name,
        showlegend=legend is not None,
        geojson={"type": "FeatureCollection", "features": features},
        locations=[str(r["id"]) for r in rows],
        z=[r["n_claims"] for r in rows],
        colorscale=[[0, layer.color], [1, layer.color]],
        showscale=False,
        # Whole countries stay faint so the smaller areas and points on them stand out.
        marker={
            "opacity": [COUNTRY_OPACITY if r["feature"] in WIDE_FEATURES else AREA_OPACITY for r in rows],
            "line": {"color": layer.color, "width": 1.5},
        },
        customdata=[[r["id"], layer.name] for r in rows],
        text=[_hover_text(r) for r in rows],
        hovertemplate="<b>%{text}</b><extra>" + layer.label + "</extra>",
    )


def marker_size(n_claims: int) -> float:
    """Diameter in pixels, growing with the square root of the claims: 1 → 11, 4 → 14, 100 → 38."""
    return round(8 + 3 * math.sqrt(max(n_claims, 1)), 1)


def _hover_text(row: dict) -> str:
    n = row["n_claims"]
    return f"{row['name']} · {n} claim{'s' if n != 1 else ''}"


def _extent(geometry: dict) -> float:
    west, south, east, north = geometry.get("bbox") or compact(dict(geometry))["bbox"]
    return (east - west) * (north - south)


def _basemap_layers(url: str | dict) -> list[dict]:
    """Country fills and outlines from the app's own GeoJSON (a URL, or the GeoJSON itself in a snapshot)."""
    return [
        {"sourcetype": "geojson", "source": url, "type": "fill", "color": "#eef0f2", "below": "traces"},
        {"sourcetype": "geojson", "source": url, "type": "line", "color": "#9aa5b1", "line": {"width": 0.7},
         "below": "traces"},
    ]  # fmt: skip


def timeline_figure(days: list[tuple[date, int]], date_from: date | None, date_to: date | None) -> dict:
    """Claims per day as bars; dragging across them chooses a date range (the chosen range is shaded).
    A plain figure dict, as the map's: a year of days through plotly's validation cost 10-25 ms."""
    bars = {
        "type": "bar",
        "x": [d.isoformat() for d, _ in days],
        "y": [n for _, n in days],
        "marker": {"color": "#52606d"},
        "width": [DAY_MS * 0.8] * len(days),  # a bar is a day wide, however few the days
        "hovertemplate": "%{x}: %{y} claims<extra></extra>",
    }
    xaxis = {"type": "date", "fixedrange": True}
    if days and days[-1][0] - days[0][0] < timedelta(days=14):  # a few days: a readable axis, not hours
        middle = days[0][0] + (days[-1][0] - days[0][0]) / 2
        window = timedelta(days=10)
        xaxis["range"] = [(middle - window).isoformat(), (middle + window).isoformat()]
    shapes = []
    if days and (date_from or date_to):
        start = (date_from or days[0][0]).isoformat()
        end = ((date_to or days[-1][0]) + timedelta(days=1)).isoformat()
        shapes.append({"type": "rect", "xref": "x", "yref": "y domain", "x0": start, "x1": end, "y0": 0, "y1": 1,
                       "fillcolor": "#f0b429", "opacity": 0.25, "line": {"width": 0}, "layer": "above"})  # fmt: skip
    layout = {
        "height": 110,
        "margin": {"l": 30, "r": 10, "t": 6, "b": 22},
        "dragmode": "select",
        "selectdirection": "h",
        "xaxis": xaxis,
        "yaxis": {"fixedrange": True, "nticks": 3},
        "plot_bgcolor": "#fff",
        "bargap": 0.1,
        "uirevision": "timeline",
        "font": {"size": 10},
        "shapes": shapes,
    }
    return {"data": [bars], "layout": layout}
