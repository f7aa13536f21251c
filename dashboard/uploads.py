"""Upload callbacks: files and the write token in, a background ingest and its progress out."""

from __future__ import annotations

from dash import Dash, Input, Output, State, html, no_update

from dashboard import ids
from geo.documents import parse_published
from geo.errors import DocumentError
from geo.settings import Settings
from geo.uploads import IngestJobs, Rejected, decode_upload, save_uploads, token_matches


def register(app: Dash, settings: Settings, jobs: IngestJobs) -> None:
    @app.callback(
        Output(ids.UPLOAD_JOB, "data"),
        Output(ids.UPLOAD_POLL, "disabled"),
        Output(ids.UPLOAD_STATUS, "children"),
        Input(ids.UPLOAD, "contents"),
        State(ids.UPLOAD, "filename"),
        State(ids.UPLOAD_TOKEN, "value"),
        State(ids.UPLOAD_OUTLET, "value"),
        State(ids.UPLOAD_PUBLISHED, "value"),
        prevent_initial_call=True,
    )
    def start(contents, names, token, outlet, published):
        if not token_matches(token, settings.write_token):
            return no_update, True, html.P("Refused: the write token is missing or wrong.", className="refused")
        metadata, problem = _metadata(outlet, published)
        if problem:
            return no_update, True, html.P(problem, className="refused")
        files, rejected = _decoded(contents or [], names or [])
        saved, refused = save_uploads(files, settings.upload_dir, settings.max_upload_files, settings.max_upload_bytes)
        job_id = jobs.submit(saved, [*rejected, *refused], metadata)
        return job_id, False, html.P(f"Reading {len(saved)} document{'s' if len(saved) != 1 else ''}…")

    @app.callback(
        Output(ids.UPLOAD_STATUS, "children", allow_duplicate=True),
        Output(ids.UPLOAD_POLL, "disabled", allow_duplicate=True),
        Output(ids.DATA_VERSION, "data"),
        Input(ids.UPLOAD_POLL, "n_intervals"),
        State(ids.UPLOAD_JOB, "data"),
        State(ids.DATA_VERSION, "data"),
        prevent_initial_call=True,
    )
    def poll(_n, job_id, version):
        status = jobs.status(job_id)
        if status is None:
            return no_update, True, no_update
        finished = status["finished"]
        return progress_view(status), finished, (version or 0) + 1 if finished else no_update


def progress_view(status: dict) -> list:
    """What the analyst reads while a batch goes in, and after."""
    head = (
        f"Done: {status['added']} added, {status['skipped']} already stored, {len(status['failed'])} failed."
        if status["finished"]
        else f"Reading {status['done']} of {status['total']}…"
    )
    items = [html.P(head)]
    if status["total"] and not status["finished"]:
        items.append(html.Progress(value=str(status["done"]), max=str(status["total"])))
    if status["error"]:
        items.append(html.P(f"The ingest stopped: {status['error']}", className="refused"))
    if status["failed"]:
        items.append(html.Ul([html.Li(f"{name}: {reason}") for name, reason in status["failed"]], className="failed"))
    return items


def _metadata(outlet: str | None, published: str | None) -> tuple[dict, str | None]:
    metadata = {"outlet": (outlet or "").strip() or None}
    if published and published.strip():
        try:
            parse_published(published.strip(), "the publication date")
        except DocumentError as error:
            return {}, str(error)
        metadata["published"] = published.strip()
    return metadata, None


def _decoded(contents: list[str], names: list[str]) -> tuple[list[tuple[str, bytes]], list[Rejected]]:
    files, rejected = [], []
    for name, content in zip(names, contents, strict=False):
        try:
            files.append((name, decode_upload(content)))
        except ValueError as error:
            rejected.append(Rejected(name, str(error)))
    return files, rejected
