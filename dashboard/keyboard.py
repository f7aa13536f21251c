"""The keyboard's way to the places on the map: each place in the table of places in view is a button
that selects it, centred and marked, as "Go to a place…" does (the timeline's keys: assets/keyboard.js)."""

from __future__ import annotations

from dash import ALL, Dash, Input, Output, ctx, no_update

from dashboard import ids


def register(app: Dash) -> None:
    @app.callback(
        Output(ids.PLACE_PICKER, "value", allow_duplicate=True),
        Input({"type": "table-place", "place": ALL, "layer": ALL}, "n_clicks"),
        prevent_initial_call=True,
    )
    def choose_from_table(clicks):
        trigger = ctx.triggered_id
        if not isinstance(trigger, dict) or not any(clicks):
            return no_update  # the table being drawn, not a press
        return trigger["place"]
