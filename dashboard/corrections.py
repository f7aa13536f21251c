"""Correction callbacks: an analyst moves a mention to another place, changes its layer or drops it.
Each needs the write token; what is corrected is stored and applied again on every re-ingest."""

from __future__ import annotations

from dash import ALL, Dash, Input, Output, State, ctx, html, no_update

from dashboard import ids
from geo.addresses import key_address
from geo.resolve import place_for_key
from geo.settings import Settings
from geo.store import Store
from geo.uploads import IngestJobs, token_matches


def register(app: Dash, store: Store, settings: Settings, jobs: IngestJobs) -> None:
    @app.callback(
        Output(ids.CORRECTION_STATUS, "children"),
        Output(ids.DATA_VERSION, "data", allow_duplicate=True),
        Output(ids.SELECTED_PLACE, "data", allow_duplicate=True),
        Input({"type": "fix-apply", "claim": ALL, "start": ALL}, "n_clicks"),
        Input({"type": "fix-drop", "claim": ALL, "start": ALL}, "n_clicks"),
        State({"type": "fix-move", "claim": ALL, "start": ALL}, "value"),
        State({"type": "fix-layer", "claim": ALL, "start": ALL}, "value"),
        State(ids.UPLOAD_TOKEN, "value"),
        State(ids.DATA_VERSION, "data"),
        prevent_initial_call=True,
    )
    def correct(applied, dropped, _moves, _layers, token, version):
        trigger = ctx.triggered_id
        if not isinstance(trigger, dict) or not any([*applied, *dropped]):
            return no_update, no_update, no_update  # cards being drawn, not a click
        if not token_matches(token, settings.write_token):
            return (
                html.P("Refused: the write token (under “Add documents”) is missing or wrong.", className="refused"),
                no_update,
                no_update,
            )
        claim_id, start = trigger["claim"], trigger["start"]
        chosen = _chosen(ctx.states_list, claim_id, start)
        try:
            message, moved_to = _apply(store, jobs, claim_id, start, trigger["type"], chosen)
        except ValueError as error:
            return html.P(f"Not corrected: {error}", className="refused"), no_update, no_update
        # A moved mention is followed to its new place, so the panel shows the claim where it went.
        confirmation = html.P([message, *_undo_button(claim_id, start, trigger["type"])])
        return confirmation, (version or 0) + 1, moved_to if moved_to is not None else no_update

    @app.callback(
        Output(ids.CORRECTION_STATUS, "children", allow_duplicate=True),
        Output(ids.DATA_VERSION, "data", allow_duplicate=True),
        Input({"type": "fix-undo", "claim": ALL, "start": ALL}, "n_clicks"),
        State(ids.UPLOAD_TOKEN, "value"),
        State(ids.DATA_VERSION, "data"),
        prevent_initial_call=True,
    )
    def undo(clicked, token, version):
        """The confirmation's Undo: the dropped mention names its place again."""
        trigger = ctx.triggered_id
        if not isinstance(trigger, dict) or not any(clicked):
            return no_update, no_update
        if not token_matches(token, settings.write_token):
            return html.P("Refused: the write token (under “Add documents”) is missing or wrong.",
                          className="refused"), no_update  # fmt: skip
        try:
            store.undo_drop(trigger["claim"], trigger["start"])
        except ValueError as error:
            return html.P(f"Not undone: {error}", className="refused"), no_update
        return html.P("Undone: the mention names its place again."), (version or 0) + 1


def _undo_button(claim_id: int, start: int, action: str) -> list:
    """After "not a place", a way back (``undo``); the other corrections are undone by correcting again."""
    if action != "fix-drop":
        return []
    return [" ", html.Button("Undo", id={"type": "fix-undo", "claim": claim_id, "start": start}, n_clicks=0,
                             className="undo")]  # fmt: skip


def _chosen(states_list: list, claim_id: int, start: int) -> dict:
    """The move and layer chosen in the clicked card."""
    chosen = {}
    for name, group in zip(("move", "layer"), states_list[:2], strict=True):
        for state in group:
            if state["id"]["claim"] == claim_id and state["id"]["start"] == start:
                chosen[name] = state.get("value")
    return chosen


def _apply(
    store: Store, jobs: IngestJobs, claim_id: int, start: int, action: str, chosen: dict
) -> tuple[str, int | None]:
    """What was done, and the place the mention now names when it moved."""
    if action == "fix-drop":
        store.correct(claim_id, start, "drop")
        return "Dropped: that mention is no place.", None
    if chosen.get("move"):
        pipeline = jobs.pipeline()
        place = place_for_key(chosen["move"], pipeline.gazetteer, pipeline.boundaries)
        place["address"] = key_address(pipeline.gazetteer, place["key"], place["name"])
        store.correct(claim_id, start, "move", place=place)
        return f"Moved to {place['address']}; the panel now shows it there.", store.place_id(place["key"])
    if chosen.get("layer"):
        store.correct(claim_id, start, "layer", layer=chosen["layer"])
        return "Layer changed.", None
    raise ValueError("choose another place or another layer first")
