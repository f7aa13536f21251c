"""Pure figure builders: place summaries in, plain plotly figure dicts out.

The map uses MapLibre traces on the blank "white-bg" style, which loads nothing
from other hosts; countries are drawn from our own GeoJSON, served by the app.
One marker per place (sized by its claims, or by those of them corroborated by two or more independent
sources), never one per claim.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta

import numpy as np

from geo.claim_index import PlaceCounts
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
MAX_AREAS = 300  # areas drawn as shapes; the rest are points at their centre
MAX_SHAPE_BYTES = 1_500_000  # of their GeoJSON, fetched once per set of shapes
CLUSTER_RADIUS_PX = 12.0  # points closer than this on screen are one group marker
GROUP_ZOOM_STEP = 2.5  # clicking a group zooms in this much
MAX_MARKER_PX = 44  # the largest marker in view, however many claims it stands for
MAP_WIDTH_PX = 700  # a typical width of the map pane, to choose a zoom that fits the places


# The map's toolbar: no button that sends anything to another host (Plotly's "Share chart" and
# "Edit in Chart Studio" post the figure to Plotly's cloud), no logo linking out.
MAP_CONFIG = {
    "displaylogo": False,
    "scrollZoom": True,
    "showSendToCloud": False,
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "sendDataToCloud", "editInChartStudio"],
}


@dataclass(frozen=True)
class Shapes:
    """The areas drawn as shapes, largest first (so smaller ones sit on top and stay clickable), and
    their GeoJSON: a URL the browser fetches once and keeps (the app serves it), or the collection
    itself (a snapshot file). A filter change then sends counts, not polygons."""

    ids: tuple[int, ...]
    source: str | dict

    @functools.cached_property
    def rank(self) -> dict[int, int]:
        """Each area's place in the drawing order: worked out once per set of shapes, not per map."""
        return {place: i for i, place in enumerate(self.ids)}

    @functools.cached_property
    def id_array(self) -> np.ndarray:
        return np.array(self.ids, np.int64)

    @functools.cached_property
    def _by_id(self) -> tuple[np.ndarray, np.ndarray]:
        order = np.argsort(self.id_array, kind="stable")
        return self.id_array[order], order

    def ranks_of(self, places: np.ndarray) -> np.ndarray:
        """Each area's place in the drawing order, found in arrays (a map asks for thousands)."""
        ids, order = self._by_id
        return order[np.minimum(np.searchsorted(ids, places), max(len(ids) - 1, 0))]


def map_figure(
    counts: PlaceCounts,
    shapes: Shapes,
    layers: tuple[Layer, ...],
    basemap_url: str | dict,
    map_view: dict | None = None,
    chosen: dict | None = None,
    glyphs_url: str | None = None,
) -> dict:
    """Three tiers, so the smaller a place the higher it is drawn and the easier it is to click:
    countries and macro-regions at the bottom, then regions and areas, then points.
    One legend entry per layer, kept even when a filter empties the layer. With ``glyphs_url`` (the
    app's own glyph ranges), places and areas are named on the map (``label_layers``).

    A plain figure dict, not a ``go.Figure``: validating thousands of points through plotly's graph
    objects cost more than the rest of a filter change."""
    if map_view:
        center, zoom = {"lat": map_view["lat"], "lon": map_view["lon"]}, map_view["zoom"]
    else:
        center, zoom = fit_view(counts)
    as_shape = np.isin(counts.place, shapes.id_array)
    tier = np.where(as_shape, np.where(np.isin(counts.feature, WIDE_FEATURES), 0, 1), 2)
    tiers = _tiers(counts, tier, layers)
    ranks = {layer.name: rank + 1 for rank, layer in enumerate(layers)}
    groups = {name: cluster_points(rows[2].lat, rows[2].lon, zoom) for name, rows in tiers.items()}
    largest = max((np.bincount(groups[name], weights=_size_basis(rows[2])).max() for name, rows in tiers.items()
                   if rows[2].size), default=1)  # fmt: skip
    layers = tuple(replace(layer, color=legible(layer.color)) for layer in layers)  # ≥ 3:1 on the land
    symbols = {layer.name: SYMBOLS[i % len(SYMBOLS)] for i, layer in enumerate(layers)}
    data, markers = [], {}
    for tier in range(3):
        if tier == 2:  # under the points, over the areas: a ring around the chosen place
            data += _mark(chosen)
        for layer in layers:
            rows = tiers[layer.name]
            symbol = symbols[layer.name]
            legend = _legend_name(layer, rows, symbol) if _legend_tier(rows) == tier else None
            if tier < 2:
                opacity = COUNTRY_OPACITY if tier == 0 else AREA_OPACITY
                data.append(_area_trace(layer, rows[tier], shapes, legend, opacity))
            else:
                points, group = rows[tier], groups[layer.name]
                alone = np.bincount(group, minlength=1)[group] == 1 if points.size else np.zeros(0, bool)
                singles = _point_marks(points.take(alone), layer, largest)
                grouped = _group_marks(points.take(~alone), group[~alone], zoom, largest)
                data.append(_marker_trace(layer, legend, singles, grouped))
                markers[layer.name] = [np.concatenate(pair) for pair in zip(singles[:3], grouped[:3], strict=True)]
        if tier == 2:  # each layer's symbol over its markers and at its areas' points: legible without colour
            data += _symbols(layers, symbols, tiers, markers)
    for trace in data:
        trace["legendrank"] = ranks.get(trace["legendgroup"], len(ranks) + 1)
    layout = dict(
        map={
            "style": own_style(glyphs_url) if glyphs_url else "white-bg",
            "center": center,
            "zoom": zoom,
            "layers": _basemap_layers(basemap_url) + (label_layers(counts, as_shape) if glyphs_url else []),
        },
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        legend={
            "title": {"text": _legend_title(counts)},
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


MARK = "chosen"  # the legend group of the chosen place's ring


def _mark(place: dict | None) -> list[dict]:
    """A dark ring (a dark disc under a white one, under the place's own marker) and a legend line
    naming the place: what "Go to a place…" chose, or what the address names. With no place, the two
    traces are there with no point, so that the browser rings a place clicked by moving them
    (assets/history.js), not by adding traces, which would make Plotly lay out every layer again."""
    at = place or {"lat": None, "lon": None, "id": None}
    ring = dict(type="scattermap", lat=[at["lat"]], lon=[at["lon"]], mode="markers", legendgroup=MARK,
                customdata=[[at["id"], MARK]], hoverinfo="skip")  # fmt: skip
    return [
        {**ring, "name": f"Chosen: {place['name']}" if place else "", "showlegend": place is not None,
         "marker": {"size": 40, "color": "#1f2933"}},
        {**ring, "name": "", "showlegend": False, "marker": {"size": 32, "color": "#ffffff"}},
    ]  # fmt: skip


def place_view(place: dict, extent: list[float] | None, current: dict | None) -> dict:
    """The map centred on a place, close enough to see it: a town at least at zoom 6, an area fitted
    to its extent ([west, south, east, north]; never further out than the map already was, for a town)."""
    zoom = max((current or {}).get("zoom", 0), MAX_FIT_ZOOM)
    if extent:
        west, south, east, north = extent
        span = max(east - west, (north - south) * 1.6, 0.2)
        zoom = min(max(math.log2(360 * MAP_WIDTH_PX / 512 / (span * 1.3)), 1.0), 9.0)
    return {"lat": round(float(place["lat"]), 4), "lon": round(float(place["lon"]), 4), "zoom": round(zoom, 2)}


def choose_shapes(
    counts: PlaceCounts,
    geometries_of: Callable[[list[int]], dict[int, dict]],
    budget: int = MAX_AREAS,
    max_bytes: int = MAX_SHAPE_BYTES,
) -> tuple[int, ...]:
    """The areas drawn as shapes: those most claims name, up to the budget and to a size of GeoJSON
    the browser fetches quickly, largest first. The others are drawn as points at their centre."""
    areas = counts.take(~np.isin(counts.feature, POINT_FEATURES))
    ids, at = np.unique(areas.place, return_inverse=True)
    claims = np.bincount(at.ravel(), weights=areas.n_claims, minlength=len(ids))
    candidates = ids[np.lexsort((ids, -claims))][:budget].tolist()  # most claims first
    geometries = geometries_of(candidates)
    chosen, size = [], 0
    for place in candidates:
        length = len(json.dumps(geometries[place])) if place in geometries else max_bytes + 1
        if size + length <= max_bytes:
            chosen.append(place)
            size += length
    return tuple(sorted(chosen, key=lambda i: (-_extent(geometries[i]), i)))


def shape_collection(ids: tuple[int, ...], geometries: dict[int, dict]) -> dict:
    features = [{"type": "Feature", "id": str(i), "geometry": geometries[i]} for i in ids]
    return {"type": "FeatureCollection", "features": features}


def _tiers(counts: PlaceCounts, tier: np.ndarray, layers: tuple[Layer, ...]) -> dict[str, tuple[PlaceCounts, ...]]:
    """Each layer's places by tier: whole countries and macro-regions, other areas, points. One
    stable sort by layer and tier, then slices (not a mask and a copy of every column per layer and
    tier); within a slice the rows keep their order. Rows of a layer the taxonomy lacks are left out."""
    names = np.array([layer.name for layer in layers] or [""], str)
    by_name = np.argsort(names, kind="stable")
    at = np.minimum(np.searchsorted(names[by_name], counts.layer), len(names) - 1)
    known = names[by_name][at] == counts.layer
    group = np.where(known, by_name[at] * 3 + tier, 3 * len(layers))  # the unknown sort last, never sliced
    order = np.argsort(group, kind="stable")
    ordered = counts.take(order)
    bounds = np.searchsorted(group[order], np.arange(3 * len(layers) + 1)).tolist()
    return {layer.name: tuple(ordered.take(slice(bounds[3 * i + t], bounds[3 * i + t + 1])) for t in range(3))
            for i, layer in enumerate(layers)}  # fmt: skip


def _legend_tier(tiers: tuple[PlaceCounts, ...]) -> int:
    """The tier whose trace carries the layer's legend entry: points first, an empty point trace last."""
    return next((t for t in (2, 1, 0) if tiers[t].size), 2)


def fit_view(counts: PlaceCounts) -> tuple[dict, float]:
    """Centre and zoom that show every place but whole countries and macro-regions."""
    narrow = ~np.isin(counts.feature, WIDE_FEATURES)
    rows = counts.take(narrow) if narrow.any() else counts
    if not rows.size:
        return DEFAULT_CENTER, DEFAULT_ZOOM
    lats, lons = rows.lat, rows.lon
    span = max(float(lons.max() - lons.min()), float(lats.max() - lats.min()) * 1.6, 2.0)
    zoom = math.log2(360 * MAP_WIDTH_PX / 512 / (span * 1.3))
    center = {"lat": float(lats.max() + lats.min()) / 2, "lon": float(lons.max() + lons.min()) / 2}
    return center, round(min(max(zoom, 0.5), MAX_FIT_ZOOM), 2)


def _legend_name(layer: Layer, tiers: tuple[PlaceCounts, ...], symbol: Symbol) -> str:
    places = sum(rows.size for rows in tiers)
    return f"{symbol.glyph} {layer.label} · {places:,} place{'' if places == 1 else 's'}"


LAND = "#eef0f2"  # the basemap's land, which markers and outlines must stand out from (WCAG 1.4.11)
MIN_CONTRAST = 3.0


def _luminance(color: str) -> float:
    channels = [int(color.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG's contrast ratio of two #rrggbb colours."""
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@functools.lru_cache(maxsize=256)  # a handful of layer colours, darkened step by step on every map
def legible(color: str, background: str = LAND, ratio: float = MIN_CONTRAST) -> str:
    """The colour, darkened as little as needed to stand at ``ratio`` against the background: a
    taxonomy's orange (#ff7f0e, 2.0:1 on the land) becomes a burnt orange; colours that pass stay."""
    if not (isinstance(color, str) and len(color) == 7 and color.startswith("#")):
        return color
    rgb = [int(color[i : i + 2], 16) for i in (1, 3, 5)]
    for step in range(101):
        shade = "#" + "".join(f"{round(c * (1 - step / 100)):02x}" for c in rgb)
        if contrast(shade, background) >= ratio:
            return shade
    return "#000000"


@dataclass(frozen=True)
class Symbol:
    """A layer's marker drawn without colour's help: white discs (and a coloured one) over it, as
    fractions of its size. MapLibre draws only circles without a sprite sheet, which this map has not."""

    glyph: str  # the same figure in the legend's text
    white: float = 0.0  # a white disc this fraction of the marker's size (0: none)
    inner: float = 0.0  # then a disc of the layer's colour


SYMBOLS = (Symbol("●"), Symbol("◉", white=0.62, inner=0.3), Symbol("◯", white=0.6), Symbol("◎", white=0.78, inner=0.5))
AREA_SYMBOL_PX = 12  # the symbol at an area's point


def _symbols(layers, symbols: dict, tiers: dict, markers: dict) -> list[dict]:
    """Over each layer's points and groups (and at its areas' points, on a disc of its colour), its
    symbol: discs, one trace for every layer, in the order they are drawn (a layer's coloured discs at
    its areas, its white discs, its inner discs, then the next layer's). One trace, not up to three a
    layer: each trace is four MapLibre layers and a source, and without a GPU every layer drawn costs
    each frame of the map some milliseconds. Always there, if empty, so the traces stay the same ones
    (assets/map_frames.js). Not hoverable or clickable: the marker under it answers. ``markers``: each
    layer's points and groups as drawn (latitudes, longitudes, sizes), as arrays: thousands of markers."""
    discs = []  # (latitudes, longitudes, sizes, colour), bottom first
    for layer in layers:
        symbol = symbols[layer.name]
        lat, lon, size = markers[layer.name]
        areas = [tiers[layer.name][0], tiers[layer.name][1]]
        area_lat, area_lon = (np.round(np.concatenate([getattr(rows, c) for rows in areas]), 4) for c in ("lat", "lon"))
        area_size = np.full(len(area_lat), float(AREA_SYMBOL_PX))
        discs.append((area_lat, area_lon, area_size, layer.color))  # to carry the symbol at each area's point
        lat, lon, size = (np.concatenate(pair) for pair in ((lat, area_lat), (lon, area_lon), (size, area_size)))
        if symbol.white:
            discs.append((lat, lon, np.round(size * symbol.white, 1), "#ffffff"))
        if symbol.inner:
            discs.append((lat, lon, np.round(size * symbol.inner, 1), layer.color))
    lat, lon, size = (np.concatenate([disc[i] for disc in discs] or [np.zeros(0)]) for i in range(3))
    colors = [color for *drawn, color in discs for _ in range(len(drawn[0]))]
    marker = {"size": size.tolist(), "color": colors or "#ffffff", "opacity": 1}
    return [dict(type="scattermap", name="Layer symbols", legendgroup="symbols", showlegend=False,
                 lat=lat.tolist() or [None], lon=lon.tolist() or [None], mode="markers", marker=marker,
                 hoverinfo="skip")]  # fmt: skip


def _point_marks(rows: PlaceCounts, layer: Layer, largest: float) -> tuple:
    """Places drawn alone: their latitudes, longitudes and sizes as drawn (to four decimals, some
    metres: less to send and to parse), customdata ([place, layer]) and hover texts."""
    lat, lon, size = np.round(rows.lat, 4), np.round(rows.lon, 4), marker_sizes(_size_basis(rows), largest)
    return lat, lon, size, [[place, layer.name] for place in rows.place.tolist()], _hover_texts(rows)


def _marker_trace(layer: Layer, legend: str | None, singles: tuple, groups: tuple) -> dict:
    """A layer's markers, places alone then groups (drawn over them), as one trace: each trace is four
    MapLibre layers and a source, and without a GPU every layer drawn costs each frame. A point tells
    a group by its customdata (``["group", lat, lon, zoom]``), and only a group's hover says a click
    zooms in (its ``hovertext``). An empty layer keeps its legend entry through one invisible point
    with no position."""
    lat, lon, size = (np.concatenate(pair) for pair in zip(singles[:3], groups[:3], strict=True))
    hints = [""] * len(singles[0]) + ["<br>click to zoom in"] * len(groups[0])
    return dict(
        type="scattermap",
        name=legend or layer.label,
        legendgroup=layer.name,
        showlegend=legend is not None,
        lat=lat.tolist() or [None],
        lon=lon.tolist() or [None],
        mode="markers",
        marker={"size": size.tolist(), "color": layer.color, "opacity": 1},
        customdata=singles[3] + groups[3],
        text=singles[4] + groups[4],
        hovertext=hints,
        hovertemplate="<b>%{text}</b>%{hovertext}<extra>" + layer.label + "</extra>",
    )


def cluster_points(lat: np.ndarray, lon: np.ndarray, zoom: float, radius_px: float = CLUSTER_RADIUS_PX) -> np.ndarray:
    """The group of each point: points that would overlap on screen at this zoom are one marker,
    which zooms in when clicked, so every place stays clickable. Points fall into squares of a grid
    as wide as the radius (Web Mercator pixels); neighbouring squares whose points lie within the
    radius of each other join. Vectorised: thousands of points take a millisecond or two."""
    if not len(lat):
        return np.zeros(0, np.int64)
    scale = 512 * 2**zoom / 360  # pixels per degree of longitude at this zoom
    phi = np.radians(np.clip(np.asarray(lat, float), -85.0, 85.0))
    x, y = np.asarray(lon, float) * scale, np.degrees(np.log(np.tan(np.pi / 4 + phi / 2))) * scale
    column, row = np.floor(x / radius_px).astype(np.int64), np.floor(y / radius_px).astype(np.int64)
    squares, square_of = np.unique(_square_key(column, row), return_inverse=True)
    square_of = square_of.ravel()
    members = np.bincount(square_of)
    centre_x, centre_y = np.bincount(square_of, x) / members, np.bincount(square_of, y) / members
    first = np.zeros(len(squares), np.int64)
    first[square_of[::-1]] = np.arange(len(x))[::-1]  # a point of each square, to know where it is
    label = np.arange(len(squares))
    pairs = []
    for dx, dy in ((1, -1), (1, 0), (1, 1), (0, 1)):  # each neighbouring pair once
        wanted = _square_key(column[first] + dx, row[first] + dy)
        at = np.minimum(np.searchsorted(squares, wanted), len(squares) - 1)
        near = (squares[at] == wanted) & (np.hypot(centre_x[at] - centre_x, centre_y[at] - centre_y) < radius_px)
        pairs.append((np.flatnonzero(near), at[near]))
    a, b = np.concatenate([p[0] for p in pairs]), np.concatenate([p[1] for p in pairs])
    while len(a):  # the smallest label spreads through every chain of joined squares
        before = label.copy()
        np.minimum.at(label, a, label[b])
        np.minimum.at(label, b, label[a])
        label = label[label]
        if (label == before).all():
            break
    return _dense(label[square_of], len(squares))


def _dense(labels: np.ndarray, size: int) -> np.ndarray:
    """Labels below ``size`` renumbered 0, 1, 2… in their order: ``np.unique``'s inverse, by a table, not a sort."""
    present = np.zeros(size, bool)
    present[labels] = True
    return (np.cumsum(present) - 1)[labels]


def _square_key(column: np.ndarray, row: np.ndarray) -> np.ndarray:
    return (column + 2**30) * 2**31 + (row + 2**30)


def _group_marks(rows: PlaceCounts, group: np.ndarray, zoom: float, largest: float) -> tuple:
    """One marker per group of overlapping places, at their claim-weighted centre: the groups'
    latitudes, longitudes, sizes, customdata (where a click zooms in to) and hover texts."""
    group = _dense(group, int(group.max()) + 1) if len(group) else group
    claims = np.bincount(group, weights=rows.n_claims, minlength=int(group.max()) + 1 if len(group) else 0)
    lat, lon = (_weighted_centre(group, values, rows.n_claims, claims) for values in (rows.lat, rows.lon))
    size = marker_sizes(np.bincount(group, weights=_size_basis(rows), minlength=len(claims)), largest) + 6
    customdata = [["group", a, o, zoom] for a, o in zip(lat.tolist(), lon.tolist(), strict=True)]
    return lat, lon, size, customdata, _group_texts(rows, group, claims)


def _weighted_centre(group: np.ndarray, values: np.ndarray, weights: np.ndarray, totals: np.ndarray) -> np.ndarray:
    """Each group's mean of ``values``, weighted by its members' claims."""
    return np.round(np.bincount(group, weights=values * weights, minlength=len(totals)) / np.maximum(totals, 1), 4)


def _group_texts(rows: PlaceCounts, group: np.ndarray, claims: np.ndarray) -> list[str]:
    """Each group's size, claims and its four most named places."""
    # By group, most claims first, then by place: one key (groups and places under 2**20, claims under 2**23).
    fits = len(claims) < 2**20 and (not rows.size or (0 <= rows.place.min() <= rows.place.max() < 2**20
                                                       and rows.n_claims.max() < 2**23))  # fmt: skip
    if fits:
        key = (group.astype(np.int64) * 2**23 + (2**23 - 1 - rows.n_claims)) * 2**20 + rows.place
        order = np.argsort(key, kind="stable")
    else:
        order = np.lexsort((rows.place, -rows.n_claims, group))
    starts = np.searchsorted(group[order], np.arange(len(claims)))
    members = np.bincount(group, minlength=len(claims))
    texts = []
    for start, size, total in zip(starts.tolist(), members.tolist(), claims.tolist(), strict=True):
        names = ", ".join(rows.name[order[start : start + min(size, 4)]]) + (", …" if size > 4 else "")
        texts.append(f"{size:,} places · {int(total):,} claims: {names}")
    return texts


def _area_trace(layer: Layer, rows: PlaceCounts, shapes: Shapes, legend: str | None, opacity: float) -> dict:
    rows = rows.take(np.argsort(shapes.ranks_of(rows.place), kind="stable"))
    return dict(
        type="choroplethmap",
        name=legend or f"{layer.label} areas",
        legendgroup=layer.name,
        showlegend=legend is not None,
        geojson=shapes.source,
        locations=[str(p) for p in rows.place.tolist()],
        z=rows.n_claims.tolist(),
        colorscale=[[0, layer.color], [1, layer.color]],
        showscale=False,
        # Whole countries stay faint (their tier's opacity) so the smaller areas and points on them stand out.
        marker={"opacity": [opacity] * rows.size, "line": {"color": layer.color, "width": 1.5}},
        customdata=[[place, layer.name] for place in rows.place.tolist()],
        text=_hover_texts(rows),
        hovertemplate="<b>%{text}</b><extra>" + layer.label + "</extra>",
    )


def marker_size(n_claims: int) -> float:
    """Diameter in pixels, growing with the square root of the claims: 1 → 11, 4 → 14, 100 → 38."""
    return float(marker_sizes(np.array([n_claims]))[0])


def marker_sizes(n_claims: np.ndarray, largest: float = 1) -> np.ndarray:
    """``marker_size`` for many, scaled down where the largest marker in view would pass
    ``MAX_MARKER_PX``: at a million claims a group of thousands would otherwise cover a continent."""
    growth = 3 * np.sqrt(np.maximum(np.asarray(n_claims, float), 0))  # 0: a place none corroborates, smallest
    scale = min(1.0, (MAX_MARKER_PX - 8) / (3 * math.sqrt(max(largest, 1))))
    return np.round(8 + growth * scale, 1)


def _hover_texts(rows: PlaceCounts) -> list[str]:
    texts = [
        f"{name} · {n} claim{'s' if n != 1 else ''}" for name, n in zip(rows.name, rows.n_claims.tolist(), strict=True)
    ]
    if rows.n_corroborated is None:
        return texts
    return [f"{text}, {n} corroborated" for text, n in zip(texts, rows.n_corroborated.tolist(), strict=True)]


def _size_basis(rows: PlaceCounts) -> np.ndarray:
    """What a place's marker is sized by: its claims, or, where the view counted them (the analyst
    chose to size by corroboration), those of them whose story stands on two or more independent
    sources. Sizes add up in a group, as claims do."""
    return rows.n_claims if rows.n_corroborated is None else rows.n_corroborated


def _legend_title(counts: PlaceCounts) -> str:
    """The legend says what a marker's size stands for."""
    if counts.n_corroborated is None:
        return "Layers · size: claims"
    return "Layers · size: claims with ≥ 2 independent sources"


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


def own_style(glyphs_url: str) -> dict:
    """Plotly's blank "white-bg" style with our own glyphs: its own names a font host for them. It holds
    no empty object: a redraw drops those, the style then differs, and Plotly sets it again, which
    removes the map's layers. Its one source (no layer draws it) keeps ``sources`` from being empty."""
    background = {"id": "background", "type": "background", "paint": {"background-color": "#ffffff"}}
    nothing = {"type": "geojson", "data": {"type": "Point", "coordinates": [0, 0]}}
    return {"version": 8, "id": "claimsmap", "sources": {"nothing": nothing}, "layers": [background],
            "glyphs": glyphs_url}  # fmt: skip


LABEL_FONT = "Open Sans Regular"  # the one font whose glyphs the app serves (assets/glyphs)
# Places named from each zoom on, most claimed first: at a continent's scale only the places most
# claims name, closer in more of them. MapLibre hides a label that would overlap one placed before it.
LABEL_TIERS = ((12, 0.0), (40, 3.0), (120, 5.0), (300, 7.0))  # (places ranked up to, shown from zoom)
LABEL_STYLES = {
    "point": {"size": 12, "color": "#1f2933", "position": "top center"},  # towns, above their marker
    "area": {"size": 11, "color": "#3e4c59", "position": "bottom center"},  # regions, below their symbol
}


def label_layers(counts: PlaceCounts, as_shape: np.ndarray) -> list[dict]:
    """Map layers naming the places in view: one per tier and kind (town or area), each a GeoJSON of
    points, most claims first. MapLibre places the labels of the topmost layer first, each layer's in
    order, and drops those that would collide with one placed: the first tier's towns are on top.
    Every layer is there, if empty: when their number changes (a filter leaves a tier no area), Plotly
    removes every layer of the layout and adds them again, and the map tiles and places them anew."""
    ranked = _ranked_places(counts, as_shape)
    layers, start = [], 0
    for upto, minzoom in LABEL_TIERS:
        tier = ranked[start:upto]
        start = upto
        for kind, style in LABEL_STYLES.items():
            features = [_label_point(name, lat, lon) for name, lat, lon, area in tier if area == (kind == "area")]
            layers.append({
                "sourcetype": "geojson", "source": {"type": "FeatureCollection", "features": features},
                "type": "symbol", "minzoom": minzoom, "name": f"labels-{kind}-{minzoom:g}",
                "symbol": {"text": "{name}", "icon": "", "placement": "point", "textposition": style["position"],
                           "iconsize": 12, "textfont": {"family": LABEL_FONT, "size": style["size"],
                                                         "color": style["color"]}},
            })  # fmt: skip
    return layers[::-1]  # the last drawn is the first placed


@functools.lru_cache(maxsize=4096)  # the same places are named on map after map: made once, sent as they are
def _label_point(name: str, lat: float, lon: float) -> dict:
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": {"name": name}}


def _ranked_places(counts: PlaceCounts, as_shape: np.ndarray) -> list[tuple[str, float, float, bool]]:
    """Each place in view once (a place in two layers sums its claims): name, point, whether it is an
    area drawn as a shape; most claims first, up to the last tier."""
    if not counts.size:
        return []
    by_place = counts.per_place
    rows = by_place.first[by_place.ranked[: LABEL_TIERS[-1][0]]]
    lat, lon = (np.round(values[rows], 3).tolist() for values in (counts.lat, counts.lon))  # to 100 m: less to send
    return list(zip(counts.name[rows].tolist(), lat, lon, as_shape[rows].tolist(), strict=True))


def reporting_period(days: list[tuple[date, int]], share: float = 0.05) -> tuple[date, date] | None:
    """The days most claims speak of: from the day before which fewer than ``share`` of them lie,
    to the last. A claim about 1950 leaves the axis (and Play) on the weeks of reporting."""
    if not days:
        return None
    counts = np.cumsum([n for _, n in days])
    first = int(np.searchsorted(counts, counts[-1] * share, side="right"))
    return days[min(first, len(days) - 1)][0], days[-1][0]


def timeline_figure(
    days: list[tuple[date, int]], date_from: date | None, date_to: date | None, basis: str = "claim"
) -> dict:
    """Claims per day as bars; dragging across them chooses a date range (the chosen range is shaded).
    The axis spans the reporting period (``reporting_period``) and the chosen range.
    A plain figure dict, as the map's: a year of days through plotly's validation cost 10-25 ms."""
    bars = {
        "type": "bar",
        "x": [d.isoformat() for d, _ in days],
        "y": [n for _, n in days],
        "marker": {"color": "#52606d"},
        "width": [DAY_MS * 0.8] * len(days),  # a bar is a day wide, however few the days
        "hovertemplate": "%{x}: %{y} claims<extra></extra>",
    }
    title = "publication date" if basis == "published" else "date the claim speaks of"
    xaxis = {"type": "date", "fixedrange": True, "title": {"text": f"Claims per day, by {title}", "standoff": 2}}
    period = reporting_period(days)
    if period:
        first, last = min(period[0], date_from or period[0]), max(period[1], date_to or period[1])
        if last - first < timedelta(days=14):  # a few days: a readable axis, not hours
            middle = first + (last - first) / 2
            first, last = middle - timedelta(days=10), middle + timedelta(days=10)
        xaxis["range"] = [(first - timedelta(days=1)).isoformat(), (last + timedelta(days=1)).isoformat()]
    shapes = []
    if days and (date_from or date_to):
        start = (date_from or days[0][0]).isoformat()
        end = ((date_to or days[-1][0]) + timedelta(days=1)).isoformat()
        shapes.append({"type": "rect", "xref": "x", "yref": "y domain", "x0": start, "x1": end, "y0": 0, "y1": 1,
                       "fillcolor": "#f0b429", "opacity": 0.25, "line": {"width": 0}, "layer": "above"})  # fmt: skip
    layout = {
        "height": 124,
        "margin": {"l": 30, "r": 10, "t": 6, "b": 36},
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
