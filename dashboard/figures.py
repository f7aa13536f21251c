"""Pure figure builders: place summaries in, ``go.Figure`` out.

The map uses MapLibre traces on the blank "white-bg" style, which loads nothing
from other hosts; countries are drawn from our own GeoJSON, served by the app.
One marker per place (sized by its claims), never one per claim.
"""

from __future__ import annotations

import math

import plotly.graph_objects as go

from geo.layers import Layer

POINT_FEATURES = ("city",)
DEFAULT_CENTER = {"lat": 50.0, "lon": 60.0}
DEFAULT_ZOOM = 1.6


def map_figure(
    summaries: list[dict],
    geometries: dict[int, dict],
    layers: tuple[Layer, ...],
    basemap_url: str,
    selected_place: int | None = None,
) -> go.Figure:
    """Areas under points, one legend entry per layer (kept even when a filter empties it)."""
    figure = go.Figure()
    for layer in layers:
        rows = [r for r in summaries if r["layer"] == layer.name]
        areas = [r for r in rows if r["feature"] not in POINT_FEATURES and r["id"] in geometries]
        figure.add_trace(_area_trace(layer, areas, geometries))
    for layer in layers:
        rows = [r for r in summaries if r["layer"] == layer.name]
        points = [r for r in rows if r["feature"] in POINT_FEATURES]
        figure.add_trace(_point_trace(layer, points, len(rows), selected_place))
    figure.update_layout(
        map={
            "style": "white-bg",
            "center": DEFAULT_CENTER,
            "zoom": DEFAULT_ZOOM,
            "layers": _basemap_layers(basemap_url),
        },
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        legend={
            "title": {"text": "Layers"},
            "x": 0.01, "y": 0.99, "xanchor": "left", "yanchor": "top",
            "bgcolor": "rgba(255,255,255,0.9)", "bordercolor": "#ced4da", "borderwidth": 1,
            "itemclick": "toggle", "groupclick": "togglegroup",
        },  # fmt: skip
        uirevision="keep-view",  # filters redraw data without resetting pan and zoom
        clickmode="event",
    )
    return figure


def _point_trace(layer: Layer, rows: list[dict], n_places: int, selected_place: int | None) -> go.Scattermap:
    # The point trace carries the layer's legend entry, with the places of both traces counted.
    return go.Scattermap(
        name=f"{layer.label} ({n_places})",
        legendgroup=layer.name,
        showlegend=True,
        lat=[r["lat"] for r in rows],
        lon=[r["lon"] for r in rows],
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


def _area_trace(layer: Layer, rows: list[dict], geometries: dict[int, dict]) -> go.Choroplethmap:
    # Largest areas first, so smaller ones sit on top and stay clickable.
    rows = sorted(rows, key=lambda r: -_extent(geometries[r["id"]]))
    features = [{"type": "Feature", "id": str(r["id"]), "geometry": geometries[r["id"]]} for r in rows]
    return go.Choroplethmap(
        name=f"{layer.label} areas",
        legendgroup=layer.name,
        showlegend=False,
        geojson={"type": "FeatureCollection", "features": features},
        locations=[str(r["id"]) for r in rows],
        z=[r["n_claims"] for r in rows],
        colorscale=[[0, layer.color], [1, layer.color]],
        showscale=False,
        marker={"opacity": 0.3, "line": {"color": layer.color, "width": 1.5}},
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
    xs, ys = [], []
    _collect(geometry["coordinates"], xs, ys)
    return (max(xs) - min(xs)) * (max(ys) - min(ys)) if xs else 0.0


def _collect(coordinates, xs: list, ys: list) -> None:
    if coordinates and isinstance(coordinates[0], (int, float)):
        xs.append(coordinates[0])
        ys.append(coordinates[1])
        return
    for part in coordinates:
        _collect(part, xs, ys)


def _basemap_layers(url: str) -> list[dict]:
    return [
        {"sourcetype": "geojson", "source": url, "type": "fill", "color": "#eef0f2", "below": "traces"},
        {"sourcetype": "geojson", "source": url, "type": "line", "color": "#9aa5b1", "line": {"width": 0.7},
         "below": "traces"},
    ]  # fmt: skip
