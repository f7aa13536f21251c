"""The keyboard's way to the places on the map: each place in the table of places in view is a button
that selects it, centred and marked, as "Go to a place…" does (the timeline's keys: assets/keyboard.js).
Answered in the browser: the table's hundreds of buttons need not travel to the server for one press."""

from __future__ import annotations

from dash import ALL, ClientsideFunction, Dash, Input, Output

from dashboard import ids


def register(app: Dash) -> None:
    app.clientside_callback(
        ClientsideFunction("claimsmap_keyboard", "chooseFromTable"),
        Output(ids.PLACE_PICKER, "value", allow_duplicate=True),
        Input({"type": "table-place", "place": ALL, "layer": ALL}, "n_clicks"),
        prevent_initial_call=True,
    )
