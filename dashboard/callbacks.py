"""Callbacks: filters and clicks in, store queries out. Each is a plain function, testable without a browser."""

from __future__ import annotations

from datetime import date

from dash import Dash, Input, Output, State, ctx, no_update

from dashboard import ids
from dashboard.figures import map_figure
from dashboard.panel import claims_panel
from geo.layers import Taxonomy
from geo.store import ClaimFilter, Store


def claim_filter(sources, start_date, end_date, certainties) -> ClaimFilter:
    return ClaimFilter(
        sources=tuple(sources or ()),
        date_from=date.fromisoformat(start_date[:10]) if start_date else None,
        date_to=date.fromisoformat(end_date[:10]) if end_date else None,
        certainties=tuple(certainties or ()) or ("none",),  # unticking every level shows nothing
    )


def register(app: Dash, store: Store, taxonomy: Taxonomy, basemap_url: str) -> None:
    filters = [
        Input(ids.SOURCE_FILTER, "value"),
        Input(ids.DATE_FILTER, "start_date"),
        Input(ids.DATE_FILTER, "end_date"),
        Input(ids.CERTAINTY_FILTER, "value"),
    ]
    layer_labels = {layer.name: layer.label for layer in taxonomy.layers}

    @app.callback(Output(ids.MAP, "figure"), *filters, Input(ids.SELECTED_PLACE, "data"))
    def update_map(sources, start_date, end_date, certainties, selected):
        where = claim_filter(sources, start_date, end_date, certainties)
        summaries = store.place_summaries(where)
        areas = [r["id"] for r in summaries if r["feature"] != "city"]
        return map_figure(summaries, store.geometries(areas), taxonomy.layers, basemap_url, selected)

    @app.callback(
        Output(ids.SELECTED_PLACE, "data"),
        Input(ids.MAP, "clickData"),
        Input(ids.CLEAR_SELECTION, "n_clicks"),
        State(ids.SELECTED_PLACE, "data"),
    )
    def select_place(click, _clear, current):
        if ctx.triggered_id == ids.CLEAR_SELECTION:
            return None
        return selected_from_click(click) or current or no_update

    @app.callback(
        Output(ids.PANEL, "children"), Output(ids.SUMMARY, "children"), Input(ids.SELECTED_PLACE, "data"), *filters
    )
    def update_panel(selected, sources, start_date, end_date, certainties):
        where = claim_filter(sources, start_date, end_date, certainties)
        place = store.place(selected) if selected else None
        claims = store.claims_at(selected, where) if place else []
        summary = f"{len(claims)} claim{'s' if len(claims) != 1 else ''} about {place['name']}" if place else ""
        return claims_panel(place, claims, layer_labels), summary


def selected_from_click(click: dict | None) -> int | None:
    """The place id a map click carries in its customdata ([place_id, layer])."""
    if not click or not click.get("points"):
        return None
    data = click["points"][0].get("customdata")
    if isinstance(data, list) and data:
        return int(data[0])
    return None
